"""`pscp-training certificates` (the printed output issue)."""


def register(commands) -> None:
    """Not built yet: this command group arrives with its issue."""
