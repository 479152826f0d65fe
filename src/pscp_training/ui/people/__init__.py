"""Delegates and organisations: lists, dialogs, training records, merge."""
