"""Delegates' evaluations: recording, importing from online forms, summaries."""
