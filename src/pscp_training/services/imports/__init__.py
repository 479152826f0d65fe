"""Importing and exporting the booking and organisation registers (file formats in register/)."""
