"""What a session screen shows about a session's state: can it take bookings, can its register be
marked, and how full it is. (Only to enable controls and explain why; the services decide.)"""

from pscp_training.domain.enums import SessionStatus
from pscp_training.domain.records import SessionRecord
from pscp_training.domain.session_status import SessionState, session_state
from pscp_training.domain.years import now_utc, to_local
from pscp_training.ui.common import formatting as fmt


def bookable(session: SessionRecord) -> tuple[bool, str]:
    if session.status == SessionStatus.CANCELLED:
        return False, "This session is cancelled, so it takes no bookings."
    if session.start <= now_utc():
        return False, "This session has started, so it takes no more bookings."
    return True, ""


def markable(session: SessionRecord) -> tuple[bool, str]:
    if session.status == SessionStatus.CANCELLED:
        return False, "This session was cancelled, so it has no register."
    if to_local(session.start).date() > to_local(now_utc()).date():
        return False, f"The register can be marked from {fmt.day(session.start)}, the day it runs."
    return True, ""


def fill_text(s: SessionRecord, counted: int = 0) -> str:
    """`Scheduled · 20 of 24 places booked · 4 left · 3 on the waiting list`.

    The status first, as the team says it; places left only while places can be taken (a
    cancelled or past session has none to offer). `counted`: the unnamed attendees a
    single-agency session's headcounts record.
    """
    state = session_state(s, now_utc())
    if state is SessionState.CANCELLED:
        return "Cancelled: it takes no bookings and has no register"
    parts = [state.label]
    upcoming = state in (SessionState.SCHEDULED, SessionState.FULL)
    if s.capacity is None:
        parts.append(f"{fmt.people(s.booked)} booked (no limit)")
    elif upcoming:
        left = s.places_left
        parts.append(f"{s.booked} of {s.capacity} places booked")
        if left:
            parts.append(f"{left} left")
    else:
        parts.append(f"{s.booked} of {s.capacity} places booked")
    if s.waitlisted:
        parts.append(f"{s.waitlisted} on the waiting list")
    if s.attended:
        parts.append(f"{s.attended} attended")
    if state is SessionState.TO_MARK:
        parts.append(f"{s.unmarked} still to mark")
    if counted:
        parts.append(f"{counted:,} counted at the headcount")
    return " · ".join(parts)
