"""Delegates, organisations and sectors: finding, editing, merging, training records."""
