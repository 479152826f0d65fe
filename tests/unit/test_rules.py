"""The late-cancellation notice period in working days."""

from datetime import UTC, date, datetime

import pytest

from pscp_training.domain.enums import Agency, labels
from pscp_training.domain.rules import is_late_cancellation, places_left, working_days_between

SESSION = datetime(2022, 6, 15, 9, 0, tzinfo=UTC)  # Wednesday


@pytest.mark.parametrize(
    ("cancelled", "late"),
    [
        (datetime(2022, 6, 10, 16, 0, tzinfo=UTC), False),  # Friday: Mon + Tue remain
        (datetime(2022, 6, 11, 12, 0, tzinfo=UTC), False),  # Saturday: Mon + Tue remain
        (datetime(2022, 6, 13, 8, 0, tzinfo=UTC), True),  # Monday: only Tuesday
        (datetime(2022, 6, 15, 7, 0, tzinfo=UTC), True),  # the day itself
    ],
)
def test_two_working_days_notice(cancelled, late):
    assert is_late_cancellation(cancelled, SESSION, 2) is late


def test_no_notice_period_means_never_late():
    assert is_late_cancellation(datetime(2022, 6, 15, 7, 0, tzinfo=UTC), SESSION, 0) is False


def test_weekends_do_not_count():
    assert working_days_between(date(2022, 6, 10), date(2022, 6, 20)) == 5
    assert working_days_between(date(2022, 6, 20), date(2022, 6, 10)) == 0


def test_places_left():
    assert places_left(None, 40) is None
    assert places_left(20, 25) == 0
    assert places_left(20, 5) == 15


def test_allowed_values_are_listed_for_messages():
    assert labels(Agency) == "“multi” or “single”"
