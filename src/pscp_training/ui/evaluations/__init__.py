"""Evaluations: the session's tab, the import dialog, summaries on screen."""
