"""`pscp-training import register|organisations` and `export register` (the booking-register issue)."""


def register(commands) -> None:
    """Not built yet: this command group arrives with its issue."""
