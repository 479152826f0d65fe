"""Audit trail and data-protection records (the shared-database issue; migration 0004).

Reserved: empty until its issue adds tables here.
"""
