"""Optimistic locking: refuse a save made over a record someone else changed meanwhile."""

from pscp_training.domain.errors import StaleRecord


def check_version(row, expected_version: int | None, what: str) -> None:
    """Raise StaleRecord when the row's version is not the one the person started editing."""
    if expected_version is not None and row.version != expected_version:
        raise StaleRecord(
            f"Someone else saved a change to {what} while you were editing it. "
            "Reload to see their change, then make yours again."
        )
