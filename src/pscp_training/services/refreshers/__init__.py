"""Refreshers: requirements, safeguarding roles, who is in date, and telling organisations."""
