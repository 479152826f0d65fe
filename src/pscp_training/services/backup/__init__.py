"""Backups of the live database: taking, checking and restoring them."""
