"""Non-attendance follow-up: reasons for absence and charges to agencies."""
