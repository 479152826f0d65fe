"""Delegate evaluations (the evaluations issue; migration 0002).

Reserved: empty until its issue adds tables here.
"""
