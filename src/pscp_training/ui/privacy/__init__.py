"""Screens of data protection: the retention rule, erasure on request, subject access."""
