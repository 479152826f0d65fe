"""What a session screen shows about a session's state: can it take bookings, can its register be
marked, and how full it is. (Only to enable controls and explain why; the services decide.)"""

from pscp_training.domain.enums import SessionStatus
from pscp_training.domain.records import SessionRecord
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
    """`20 of 24 places booked · 4 left · 3 on the waiting list · 18 attended`.

    `counted`: the unnamed attendees a single-agency session's headcounts record.
    """
    if s.capacity is None:
        text = f"{fmt.people(s.booked)} booked (no limit)"
    else:
        left = s.places_left
        text = f"{s.booked} of {s.capacity} places booked · {'full' if left == 0 else f'{left} left'}"
    if s.waitlisted:
        text += f" · {s.waitlisted} on the waiting list"
    if s.attended:
        text += f" · {s.attended} attended"
    if counted:
        text += f" · {counted:,} counted at the headcount"
    return text
