"""Data protection: retention, erasure on request, subject access."""
