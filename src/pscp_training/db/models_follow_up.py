"""Non-attendance reasons, substitutions, charges and message log (the non-attendance issue; migration 0003).

Reserved: empty until its issue adds tables here.
"""
