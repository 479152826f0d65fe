"""The Reports page: the workforce tables and the sector chart."""
