"""The refreshers screens: the Refreshers page, the Home tile, the Settings tab."""
