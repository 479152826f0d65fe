"""Screens of backups: restoring one."""
