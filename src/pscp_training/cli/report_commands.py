"""`pscp-training report workforce` (the workforce report issue)."""


def register(commands) -> None:
    """Not built yet: this command group arrives with its issue."""
