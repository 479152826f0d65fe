"""The published training programme: gathering a period's sessions, and the brochure, web page and feed."""
