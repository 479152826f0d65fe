"""A session's status as the team says it: scheduled, full, running, ran (to mark / marked), cancelled.

Only `scheduled` and `cancelled` are stored; the rest follow from the clock, the capacity and
the register, so they can never disagree with them.
"""

from datetime import datetime
from enum import StrEnum

from pscp_training.domain.enums import SessionStatus
from pscp_training.domain.records import SessionRecord


class SessionState(StrEnum):
    SCHEDULED = "scheduled"
    FULL = "full"
    RUNNING = "running"
    TO_MARK = "register to mark"
    MARKED = "marked"
    RAN = "ran"  # ran with nobody booked: nothing to mark
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    SessionState.SCHEDULED: "Scheduled",
    SessionState.FULL: "Full",
    SessionState.RUNNING: "Running now",
    SessionState.TO_MARK: "Ran · register to mark",
    SessionState.MARKED: "Ran · marked",
    SessionState.RAN: "Ran",
    SessionState.CANCELLED: "Cancelled",
}


def session_state(s: SessionRecord, now: datetime) -> SessionState:
    if s.status == SessionStatus.CANCELLED:
        return SessionState.CANCELLED
    if s.start > now:
        if s.capacity is not None and s.booked >= s.capacity:
            return SessionState.FULL
        return SessionState.SCHEDULED
    if s.end is not None and s.end > now:
        return SessionState.RUNNING
    if s.unmarked:
        return SessionState.TO_MARK
    return SessionState.MARKED if s.booked else SessionState.RAN
