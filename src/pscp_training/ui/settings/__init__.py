"""Settings and message settings."""
