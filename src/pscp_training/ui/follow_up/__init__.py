"""The Charges page and reasons for non-attendance."""
