"""How dates, fill and counts read on screen: London time, summer and winter."""

from datetime import UTC, datetime

from pscp_training.ui.common import formatting as fmt


def test_dates_are_shown_in_london_time_across_the_clock_change():
    assert fmt.when(datetime(2022, 6, 14, 8, 30, tzinfo=UTC)) == "Tue 14 Jun 2022 09:30"
    assert fmt.when(datetime(2022, 12, 14, 9, 30, tzinfo=UTC)) == "Wed 14 Dec 2022 09:30"
    assert fmt.day(datetime(2023, 3, 31, 23, 30, tzinfo=UTC)) == "Sat 01 Apr 2023"
    assert fmt.when(None) == ""


def test_counts_read_as_sentences():
    assert fmt.people(1) == "1 person"
    assert fmt.people(1972) == "1,972 people"
    assert fmt.people(2, "session", "sessions") == "2 sessions"
    assert fmt.pct(80.18) == "80.2%"
    assert fmt.pct(None) == "–"
