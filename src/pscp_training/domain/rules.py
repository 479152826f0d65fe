"""Booking rules that need no database: notice periods and capacity arithmetic."""

from datetime import date, datetime, timedelta

from pscp_training.domain.years import to_local

DEFAULT_NOTICE_WORKING_DAYS = 2


def working_days_between(first: date, last: date) -> int:
    """Working days (Monday to Friday) strictly after `first` and strictly before `last`."""
    if last <= first:
        return 0
    days = 0
    day = first + timedelta(days=1)
    while day < last:
        if day.weekday() < 5:
            days += 1
        day += timedelta(days=1)
    return days


def is_late_cancellation(
    cancelled_at: datetime, session_start: datetime, notice_working_days: int
) -> bool:
    """A cancellation is late when fewer than the notice period's working days remain.

    Days are counted in London time between the day of cancelling and the day of
    the session, neither included: with 2 days' notice, cancelling on Friday for
    a Wednesday session is in time (Monday, Tuesday), on Monday it is late.
    """
    cancelled_day = to_local(cancelled_at).date()
    session_day = to_local(session_start).date()
    return working_days_between(cancelled_day, session_day) < notice_working_days


def places_left(capacity: int | None, confirmed: int) -> int | None:
    """Free places, or None when the session has no capacity limit."""
    if capacity is None:
        return None
    return max(capacity - confirmed, 0)
