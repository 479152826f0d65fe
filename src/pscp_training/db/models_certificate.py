"""Issued certificates and their numbers (the printed-output issue; migration 0005).

Reserved: empty until its issue adds tables here.
"""
