"""`pscp-training demo` (the demo data issue)."""


def register(commands) -> None:
    """Not built yet: this command group arrives with its issue."""
