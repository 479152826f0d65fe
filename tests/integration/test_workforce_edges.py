"""The workforce report's rules at their edges (issue 23), each counted by hand, on both databases.

Each test fails on one or more of the mutants mutmut left alive in `reports/workforce.py`
(docs/test-strength.md, 7 December 2026): the year's first instant (00:00 London time on
1 April) and its last, the moment the report is made, a cancelled session, walk-ins,
headcounts, single- vs multi-agency, the sectors and the engagement of schools.
"""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from pscp_training.db.models import Organisation, Sector, TrainingSession
from pscp_training.db.models_follow_up import NonAttendanceReason
from pscp_training.domain.enums import Agency, Attendance
from pscp_training.domain.errors import InputError
from pscp_training.domain.follow_up_records import PersonDetails
from pscp_training.domain.years import FinancialYear, local_to_utc
from pscp_training.reports.workforce import NO_REASON, NO_SECTOR, compute, parse_engagement
from pscp_training.services.bookings import bookings
from pscp_training.services.bookings.enrolment import book_person
from pscp_training.services.bookings.walk_ins import add_walk_in
from pscp_training.services.follow_up.non_attendance import list_reasons, record_reason, save_reason
from pscp_training.services.people import people, sectors
from pscp_training.services.sessions import attendance, catalogue
from tests import factories as f

REPORT_NOW = datetime(2023, 6, 1, 12, 0, tzinfo=UTC)
Y2223 = FinancialYear(2022)


def local(*parts) -> datetime:
    return local_to_utc(datetime(*parts))


def run_session(db, start, *, agency=Agency.MULTI, category="DSL", capacity=10, title=None):
    course_id = f.course(db, agency=agency, category=category, title=title).id
    return f.session(db, course_id=course_id, start=start, capacity=capacity)


def book(db, session, first, last, org="Arundel Court Primary School", sector="Education"):
    return book_person(db, session_id=session.id, first_name=first, last_name=last,
                       organisation=org, sector=sector, now=session.start - timedelta(days=30))


def mark(db, session, marks):
    attendance.mark_register(db, session.id, {b.id: a for b, a in marks},
                             now=session.start + timedelta(hours=4))


def attended(db, session, first, last, **where):
    booking = book(db, session, first, last, **where)
    mark(db, session, [(booking, Attendance.ATTENDED)])
    return booking


def register(db, *names):
    with db.write() as s:
        s.execute(update(Organisation).where(Organisation.name.in_(names)).values(registered=True))


def figures(report, year="2022-23"):
    shown = report.to_dict()
    return shown["multi_agency"][year], shown["single_agency"][year]


# --- Years: 00:00 London time on 1 April, the last second of 31 March ---------------------


def test_the_year_opens_at_00_00_london_time_on_1_april_and_ends_just_before(db):
    # 00:00 BST on 1 April 2022 is 23:00 UTC on 31 March: the first instant of 2022-23.
    first = run_session(db, local(2022, 4, 1, 0, 0))
    assert first.start == datetime(2022, 3, 31, 23, 0, tzinfo=UTC)
    last = run_session(db, local(2023, 3, 31, 23, 59, 59))
    before = run_session(db, local(2022, 3, 31, 23, 59, 59))
    after = run_session(db, local(2023, 4, 1, 0, 0))
    for s, name in ((first, "First"), (last, "Last"), (before, "Before"), (after, "After")):
        attended(db, s, "Zoë", name)

    # One year alone: the query's own outer bounds.
    one = compute(db, Y2223, years=1, engagement=(), now=REPORT_NOW).to_dict()
    assert one["multi_agency"]["2022-23"] == {"courses_run": 2, "bookings": 2, "attendances": 2,
                                             "booking_attendance_pct": 100.0}
    # Three years: each session under its own year, both sides of each boundary.
    three = compute(db, FinancialYear(2023), years=3, engagement=(), now=REPORT_NOW).to_dict()
    assert {y: m["courses_run"] for y, m in three["multi_agency"].items()} == {
        "2021-22": 1, "2022-23": 2, "2023-24": 1}
    assert {y: s["Education"] for y, s in three["attendance_by_sector"].items()} == {
        "2021-22": 1, "2022-23": 2, "2023-24": 1}


def test_a_session_starting_at_the_moment_the_report_is_made_has_not_run(db):
    now = local(2023, 2, 1, 9, 30)
    started = run_session(db, now - timedelta(seconds=1))
    starting = run_session(db, now)
    book(db, started, "Amara", "Okafor")
    book(db, starting, "Łukasz", "Nowak")

    report = compute(db, Y2223, engagement=(), now=now)
    multi, _ = figures(report)
    assert (multi["courses_run"], multi["bookings"]) == (1, 1)


def test_a_cancelled_session_counts_nowhere_not_even_its_headcount_or_walk_ins(db):
    bespoke = run_session(db, local(2022, 5, 3, 9, 30), agency=Agency.SINGLE, category="DSL")
    f.organisation(db, "Mayfield School", "Education")
    register(db, "Mayfield School")
    attendance.set_headcount(db, bespoke.id, "Mayfield School", 12,
                             now=bespoke.start + timedelta(hours=4))
    with db.write() as session:  # called off after the count was entered, as an old record has
        session.execute(update(TrainingSession).where(TrainingSession.id == bespoke.id)
                        .values(status="cancelled"))
    gone = run_session(db, local(2022, 5, 4, 9, 30))
    book(db, gone, "Priya", "Patel")
    catalogue.cancel_session(db, gone.id, now=gone.start - timedelta(days=2))

    report = compute(db, Y2223, now=REPORT_NOW)
    multi, single = figures(report)
    assert multi == {"courses_run": 0, "bookings": 0, "attendances": 0,
                     "booking_attendance_pct": None}
    assert single == {"courses_run": 0, "booking_attendances": 0}
    assert report.to_dict()["engagement"][0]["engaged"] == 0


# --- Single vs multi agency, headcounts and walk-ins ---------------------------------------


def test_headcounts_count_only_on_single_agency_sessions_and_walk_ins_by_agency(db):
    f.organisation(db, "Hampshire Constabulary", "Police")
    f.organisation(db, "Solent NHS Trust", "Health")
    bespoke = run_session(db, local(2022, 9, 6, 9, 30), agency=Agency.SINGLE, category="Inset")
    attendance.set_headcount(db, bespoke.id, "Hampshire Constabulary", 7,
                             now=bespoke.start + timedelta(hours=4))
    attendance.set_headcount(db, bespoke.id, "Solent NHS Trust", 5,
                             now=bespoke.start + timedelta(hours=4))
    add_walk_in(db, bespoke.id, PersonDetails("Grace", "Mensah", None, "Trafalgar School",
                                              "Education"), now=bespoke.start + timedelta(hours=4))
    multi_session = run_session(db, local(2022, 9, 7, 9, 30))
    for name in ("Okafor", "Nowak", "Patel"):
        add_walk_in(db, multi_session.id, PersonDetails("Walk", name, None, "Trafalgar School",
                                                        "Education"),
                    now=multi_session.start + timedelta(hours=4))
    mark(db, multi_session, [(book(db, multi_session, "Zoë", "Adams"), Attendance.ABSENT)])

    report = compute(db, Y2223, years=1, engagement=(), now=REPORT_NOW)
    (m,), (s,) = report.multi_agency, report.single_agency
    assert (m.courses_run, m.bookings, m.attendances, m.walk_ins) == (1, 4, 3, 3)
    # 5 + 7 unnamed, and Grace named.
    assert (s.courses_run, s.named_attendances, s.headcount, s.walk_ins) == (1, 1, 12, 1)
    assert report.to_dict()["single_agency"]["2022-23"] == {"courses_run": 1,
                                                           "booking_attendances": 13}
    # Single-agency attendances stay out of the sector table, walk-ins of the multi in it.
    assert report.to_dict()["attendance_by_sector"]["2022-23"]["Education"] == 3


def test_a_year_with_only_single_agency_sessions_shows_zero_multi_agency_and_vice_versa(db):
    bespoke = run_session(db, local(2021, 7, 6, 9, 30), agency=Agency.SINGLE, category="Inset")
    attended(db, bespoke, "Tomasz", "Wiśniewski")
    multi_session = run_session(db, local(2022, 7, 6, 9, 30))
    attended(db, multi_session, "Fatima", "Begum")

    report = compute(db, Y2223, years=2, engagement=(), now=REPORT_NOW).to_dict()
    assert report["single_agency"] == {
        "2021-22": {"courses_run": 1, "booking_attendances": 1},
        "2022-23": {"courses_run": 0, "booking_attendances": 0},
    }
    assert report["multi_agency"]["2021-22"]["courses_run"] == 0
    assert report["multi_agency"]["2022-23"]["courses_run"] == 1
    assert report["attendance_by_sector"]["2021-22"]["Education"] == 0


# --- Warnings: unmarked registers, over capacity, no sector ---------------------------------


def test_a_session_exactly_full_is_not_over_capacity_and_one_with_no_capacity_never_is(db):
    full = run_session(db, local(2022, 7, 5, 9, 30), capacity=2, title="Full")
    open_ended = run_session(db, local(2022, 7, 6, 9, 30), capacity=None, title="Open")
    marks = [(book(db, full, "Person", n), Attendance.ATTENDED) for n in ("Ahmed", "Barker")]
    mark(db, full, marks)
    mark(db, open_ended, [(book(db, open_ended, "Person", n), Attendance.ATTENDED)
                          for n in ("Costa", "Doyle", "Evans")])
    with db.write() as session:
        session.execute(update(TrainingSession).where(TrainingSession.id == open_ended.id)
                        .values(capacity=None))

    report = compute(db, Y2223, engagement=(), now=REPORT_NOW)
    assert report.warnings == ()
    multi, _ = figures(report)
    assert (multi["bookings"], multi["attendances"]) == (5, 5)


def test_over_capacity_is_warned_once_the_register_is_marked_and_for_several_sessions(db):
    sessions = []
    # Listed by date, not by title: "Working together" (8 July) before "Adolescent neglect".
    for day, title in ((9, "Adolescent neglect"), (8, "Working together")):
        s = run_session(db, local(2022, 7, day, 9, 30), capacity=3, title=title)
        made = [book(db, s, "Person", n) for n in ("Ahmed", "Barker", "Costa")]
        with db.write() as session:
            session.execute(update(TrainingSession).where(TrainingSession.id == s.id)
                            .values(capacity=1))
        mark(db, s, [(m, Attendance.ATTENDED) for m in made])
        sessions.append(s)

    report = compute(db, Y2223, engagement=(), now=REPORT_NOW)
    assert report.warnings == (
        "2022-23: 2 sessions had more confirmed bookings than places: Working together on 08 "
        "Jul 2022 (3 confirmed for 1 places); Adolescent neglect on 09 Jul 2022 (3 confirmed "
        "for 1 places).",
    )


def test_an_unmarked_register_of_a_full_session_or_one_without_a_capacity_is_not_over(db):
    full = run_session(db, local(2022, 7, 5, 9, 30), capacity=2, title="Full")
    for name in ("Ahmed", "Barker"):
        book(db, full, "Person", name)
    open_ended = run_session(db, local(2022, 7, 6, 9, 30), capacity=3, title="Open")
    for name in ("Costa", "Doyle", "Evans"):
        book(db, open_ended, "Person", name)
    with db.write() as session:
        session.execute(update(TrainingSession).where(TrainingSession.id == open_ended.id)
                        .values(capacity=None))

    report = compute(db, Y2223, engagement=(), now=REPORT_NOW)
    assert report.warnings == (
        "2022-23: 2 sessions that ran have an unmarked register (5 booked places with blank "
        "attendance), so attendances may be undercounted: Full on 05 Jul 2022; Open on 06 Jul "
        "2022.",
    )


def test_unmarked_registers_are_listed_five_at_a_time_in_date_order_year_by_year(db):
    for day in (7, 3, 6, 2, 5, 4):  # six sessions in 2022-23, made out of order
        s = run_session(db, local(2022, 12, day, 9, 30), title=f"Day {day}")
        book(db, s, "Zoë", f"Hughes{day}")
    for day in (1, 2, 3, 4, 5):  # five in 2021-22: all named, no "more"
        s = run_session(db, local(2021, 12, day, 9, 30), title=f"Earlier {day}")
        book(db, s, "Ana", f"Sousa{day}")
        book(db, s, "Ben", f"Carter{day}")

    report = compute(db, Y2223, years=2, engagement=(), now=REPORT_NOW)
    assert report.warnings == (
        "2021-22: 5 sessions that ran have an unmarked register (10 booked places with blank "
        "attendance), so attendances may be undercounted: Earlier 1 on 01 Dec 2021; Earlier 2 "
        "on 02 Dec 2021; Earlier 3 on 03 Dec 2021; Earlier 4 on 04 Dec 2021; Earlier 5 on 05 "
        "Dec 2021.",
        "2022-23: 6 sessions that ran have an unmarked register (6 booked places with blank "
        "attendance), so attendances may be undercounted: Day 2 on 02 Dec 2022; Day 3 on 03 "
        "Dec 2022; Day 4 on 04 Dec 2022; Day 5 on 05 Dec 2022; Day 6 on 06 Dec 2022; and 1 more.",
    )


def test_a_marked_register_with_a_cancelled_booking_raises_no_warning(db):
    s = run_session(db, local(2022, 8, 2, 9, 30))
    kept = book(db, s, "Amara", "Okafor")
    gone = book(db, s, "Priya", "Patel")
    bookings.cancel(db, gone.id, now=s.start - timedelta(days=20))
    mark(db, s, [(kept, Attendance.ABSENT)])

    report = compute(db, Y2223, engagement=(), now=REPORT_NOW)
    assert report.warnings == ()
    multi, _ = figures(report)
    assert multi == {"courses_run": 1, "bookings": 1, "attendances": 0,
                     "booking_attendance_pct": 0.0}


def test_one_attendance_without_a_sector_is_named_singly_and_comes_first(db):
    s = run_session(db, local(2022, 6, 1, 9, 30), title="Neglect")
    mark(db, s, [(book(db, s, "Ana", "Sousa", org=None, sector=None), Attendance.ATTENDED),
                 (book(db, s, "Ben", "Carter", org=None, sector=None), Attendance.ABSENT)])
    book(db, s, "Cat", "Doyle")  # left unmarked

    report = compute(db, Y2223, engagement=(), now=REPORT_NOW)
    assert report.warnings[0] == (
        f"1 multi-agency attendance had no organisation on the booking and is shown as "
        f"'{NO_SECTOR}'."
    )
    assert report.warnings[1].startswith("2022-23: 1 session that ran has an unmarked register "
                                         "(1 booked place with blank")
    shown = report.to_dict()["attendance_by_sector"]
    assert shown["2022-23"][NO_SECTOR] == 1 and shown["2021-22"][NO_SECTOR] == 0


def test_two_attendances_without_a_sector_are_counted_across_years(db):
    for year in (2021, 2022):
        s = run_session(db, local(year, 6, 1, 9, 30))
        attended(db, s, "Ana", f"Sousa{year}", org=None, sector=None)

    report = compute(db, Y2223, engagement=(), now=REPORT_NOW)
    assert report.warnings == (
        f"2 multi-agency attendances had no organisation on the booking and are shown as "
        f"'{NO_SECTOR}'.",
    )


def test_no_sector_line_when_every_attendance_has_a_sector(db):
    s = run_session(db, local(2022, 6, 1, 9, 30))
    attended(db, s, "Kwame", "Asante")
    book(db, s, "Ana", "Sousa", org=None, sector=None)  # booked, absent: no sector line
    mark(db, s, [])

    report = compute(db, Y2223, engagement=(), now=REPORT_NOW)
    assert NO_SECTOR not in report.to_dict()["attendance_by_sector"]["2022-23"]


# --- Sectors ---------------------------------------------------------------------------------


def test_a_retired_sector_stands_only_while_a_year_shown_counts_it(db):
    people.add_sector(db, "Faith groups")
    people.add_sector(db, "Sport")
    s = run_session(db, local(2021, 6, 1, 9, 30))
    attended(db, s, "Rev", "Jones", org="St Mary's Church", sector="Faith groups")
    by_name = {x.name: x.id for x in people.list_sectors(db)}
    sectors.set_sector_retired(db, by_name["Faith groups"], True)
    sectors.set_sector_retired(db, by_name["Sport"], True)

    shown = compute(db, Y2223, engagement=(), now=REPORT_NOW).to_dict()["attendance_by_sector"]
    assert shown["2021-22"]["Faith groups"] == 1 and shown["2022-23"]["Faith groups"] == 0
    assert "Sport" not in shown["2021-22"]
    later = compute(db, FinancialYear(2023), years=1, engagement=(), now=REPORT_NOW).to_dict()
    assert "Faith groups" not in later["attendance_by_sector"]["2023-24"]
    assert list(later["attendance_by_sector"]["2023-24"]) == [
        x.name for x in people.list_sectors(db)]


def test_sectors_placed_at_the_same_point_of_the_list_are_in_alphabetical_order(db):
    people.add_sector(db, "Youth work")
    people.add_sector(db, "Arts and culture")
    with db.write() as session:  # two sectors added at once, both given the next place
        session.execute(update(Sector).where(Sector.name.in_(["Youth work", "Arts and culture"]))
                        .values(sort_order=99))

    shown = compute(db, Y2223, engagement=(), now=REPORT_NOW).to_dict()
    order = list(shown["attendance_by_sector"]["2022-23"])
    assert order[-2:] == ["Arts and culture", "Youth work"]
    assert order == [x.name for x in people.list_sectors(db)]


def test_each_sector_counts_its_own_attendances_only(db):
    s = run_session(db, local(2022, 6, 1, 9, 30))
    mark(db, s, [
        (book(db, s, "A", "One", org="Solent NHS Trust", sector="Health"), Attendance.ATTENDED),
        (book(db, s, "B", "Two", org="Solent NHS Trust", sector="Health"), Attendance.ABSENT),
        (book(db, s, "C", "Three", org="Mayfield School", sector="Education"),
         Attendance.ATTENDED),
        (book(db, s, "D", "Four", org="Mayfield School", sector="Education"),
         Attendance.ATTENDED),
    ])
    shown = compute(db, Y2223, engagement=(), now=REPORT_NOW).to_dict()
    counts = {k: v for k, v in shown["attendance_by_sector"]["2022-23"].items() if v}
    assert counts == {"Education": 2, "Health": 1}


# --- Engagement of schools ---------------------------------------------------------------------


def test_engagement_of_schools_at_its_edges(db):
    schools = ["Arundel Court Primary School", "Mayfield School", "Priory School",
               "Cliffdale Primary Academy", "Trafalgar School"]
    for name in schools:
        f.organisation(db, name, "Education")
    f.organisation(db, "Solent NHS Trust", "Health")
    register(db, *schools, "Solent NHS Trust")
    # A named attendance at a single-agency DSL session counts.
    inset = run_session(db, local(2022, 5, 10, 9, 30), agency=Agency.SINGLE, category="DSL")
    attended(db, inset, "Hannah", "Lee", org="Arundel Court Primary School")
    # A cancelled place or an absence does not engage the school.
    dsl = run_session(db, local(2022, 5, 11, 9, 30), category="dsl ")
    cancelled = book(db, dsl, "Omar", "Farah", org="Mayfield School")
    bookings.cancel(db, cancelled.id, now=dsl.start - timedelta(days=20))
    mark(db, dsl, [(book(db, dsl, "Jo", "Bloggs", org="Priory School"), Attendance.ABSENT),
                   (book(db, dsl, "Ravi", "Shah", org="Solent NHS Trust", sector="Health"),
                    Attendance.ATTENDED)])
    # A headcount the year before does not count; one this year does.
    old = run_session(db, local(2022, 3, 31, 9, 30), agency=Agency.SINGLE, category="DSL")
    attendance.set_headcount(db, old.id, "Trafalgar School", 30, now=old.start)
    new = run_session(db, local(2023, 3, 31, 9, 30), agency=Agency.SINGLE, category="DSL")
    attendance.set_headcount(db, new.id, "Cliffdale Primary Academy", 20, now=new.start)

    report = compute(db, Y2223, engagement=[(" DSL ", " education "), ("dsl", "EDUCATION"),
                                            ("DSL", "Health"), ("DSL", "  Faith   groups ")],
                     now=REPORT_NOW)
    assert report.to_dict()["engagement"] == [
        {"year": "2022-23", "category": "DSL", "sector": "Education", "organisations": 5,
         "engaged": 2, "pct": 40.0},
        {"year": "2022-23", "category": "dsl", "sector": "Education", "organisations": 5,
         "engaged": 2, "pct": 40.0},
        {"year": "2022-23", "category": "DSL", "sector": "Health", "organisations": 1,
         "engaged": 1, "pct": 100.0},
        {"year": "2022-23", "category": "DSL", "sector": "Faith groups", "organisations": 0,
         "engaged": 0, "pct": None},
    ]
    assert report.warnings[-1] == (
        "No organisation on the organisation register is in the sector 'Faith groups', so "
        "engagement in DSL training cannot be worked out for it; import the organisation "
        "register first (File › Import, or the import organisations command)."
    )


def test_the_same_engagement_asked_twice_is_shown_once(db):
    f.organisation(db, "Mayfield School", "Education")
    register(db, "Mayfield School")
    report = compute(db, Y2223, engagement=[("DSL", "Education"), (" DSL", "Education ")],
                     now=REPORT_NOW)
    assert [(e.category, e.sector) for e in report.engagement] == [("DSL", "Education")]


def test_engagement_in_a_category_no_course_has_names_none_in_use(db):
    f.organisation(db, "Mayfield School", "Education")
    register(db, "Mayfield School")
    report = compute(db, Y2223, engagement=[("DSL", "Education")], now=REPORT_NOW)
    assert report.warnings == (
        "No course is in the category 'DSL', so no organisation can be engaged in it; the "
        "categories in use are: none yet.",
    )


def test_an_organisation_off_the_register_is_neither_counted_nor_engaged(db):
    f.organisation(db, "Mayfield School", "Education")
    f.organisation(db, "Unlisted Tutoring Ltd", "Education")
    register(db, "Mayfield School")
    s = run_session(db, local(2022, 6, 1, 9, 30))
    attended(db, s, "Jo", "Bloggs", org="Unlisted Tutoring Ltd")
    (engaged,) = compute(db, Y2223, now=REPORT_NOW).engagement
    assert (engaged.organisations, engaged.engaged) == (1, 0)


# --- Reasons for non-attendance ---------------------------------------------------------------


def test_reasons_count_absences_and_late_cancellations_only_of_the_last_year(db):
    s = run_session(db, local(2022, 6, 14, 9, 30))
    absent_one = book(db, s, "Amara", "Okafor")
    came = book(db, s, "Zoë", "Adams")
    mark(db, s, [(absent_one, Attendance.ABSENT), (came, Attendance.ATTENDED)])
    record_reason(db, absent_one.id, "Illness", now=s.start + timedelta(hours=4))
    early = book(db, s, "Tom", "Hughes")
    assert not bookings.cancel(db, early.id, now=s.start - timedelta(days=20)).late
    late = book(db, s, "Priya", "Patel")
    assert bookings.cancel(db, late.id, now=s.start - timedelta(hours=20)).late
    unmarked = book(db, s, "Cat", "Doyle")
    assert unmarked
    by_label = {r.label: r for r in list_reasons(db)}
    save_reason(db, reason_id=by_label["Work pressures"].id, label="Work pressures",
                active=False)

    report = compute(db, Y2223, engagement=(), now=REPORT_NOW)
    table = {r.reason: (r.absences, r.late_cancellations) for r in report.non_attendance}
    assert table["Illness"] == (1, 0)
    assert table[NO_REASON] == (0, 1)
    assert "Work pressures" not in table
    assert [r.reason for r in report.non_attendance] == [
        *[r.label for r in list_reasons(db) if r.active], NO_REASON]


# --- Input ---------------------------------------------------------------------------------------


def test_an_engagement_figure_is_read_from_category_colon_sector(db):
    assert parse_engagement("  DSL :  Early years ") == ("DSL", "Early years")
    assert parse_engagement("DSL:Education:Primary") == ("DSL", "Education:Primary")
    for wrong in ("DSL", ":Education", "DSL:", " : ", "", None):
        with pytest.raises(InputError) as refused:
            parse_engagement(wrong)
        assert str(refused.value) == (
            f"'{wrong}' is not an engagement figure to show; write the course category and the "
            "sector with a colon between them, as in DSL:Education."
        )


def test_a_report_covers_one_to_ten_years(db):
    assert len(compute(db, Y2223, years=10, engagement=(), now=REPORT_NOW).years) == 10
    assert compute(db, Y2223, years=1, engagement=(), now=REPORT_NOW).years == ("2022-23",)
    for wrong in (0, 11, -1):
        with pytest.raises(InputError) as refused:
            compute(db, Y2223, years=wrong, now=REPORT_NOW)
        assert str(refused.value) == f"A report covers 1 to 10 years; {wrong} was asked for."


def test_by_default_the_report_shows_three_years_and_dsl_in_education(db):
    f.organisation(db, "Mayfield School", "Education")
    register(db, "Mayfield School")
    s = run_session(db, local(2022, 6, 1, 9, 30))
    attended(db, s, "Jo", "Bloggs", org="Mayfield School")
    report = compute(db, Y2223, now=REPORT_NOW)
    assert report.years == ("2020-21", "2021-22", "2022-23")
    assert report.to_dict()["engagement"] == [
        {"year": "2022-23", "category": "DSL", "sector": "Education", "organisations": 1,
         "engaged": 1, "pct": 100.0}]


def test_a_session_that_ran_with_no_one_booked_counts_as_run_with_no_bookings(db):
    run_session(db, local(2022, 6, 1, 9, 30))  # nobody booked
    bespoke = run_session(db, local(2022, 6, 2, 9, 30), agency=Agency.SINGLE, category="Inset")
    attended(db, bespoke, "Zoë", "Adams")  # booked, not a walk-in

    report = compute(db, Y2223, years=1, engagement=(), now=REPORT_NOW)
    (m,), (s,) = report.multi_agency, report.single_agency
    assert (m.courses_run, m.bookings, m.attendances, m.walk_ins) == (1, 0, 0, 0)
    assert (s.courses_run, s.named_attendances, s.headcount, s.walk_ins) == (1, 1, 0, 0)
    assert report.to_dict()["multi_agency"]["2022-23"]["booking_attendance_pct"] is None
    assert report.warnings == ()


def test_reasons_follow_the_lists_order_not_the_order_they_were_added(db):
    s = run_session(db, local(2022, 6, 14, 9, 30))
    mark(db, s, [(book(db, s, "Amara", "Okafor"), Attendance.ABSENT)])
    last_added = max(list_reasons(db), key=lambda r: r.id)
    with db.write() as session:  # moved to the top of the list
        session.execute(update(NonAttendanceReason).where(NonAttendanceReason.id == last_added.id)
                        .values(sort_order=-1))

    report = compute(db, Y2223, engagement=(), now=REPORT_NOW)
    shown = [r.reason for r in report.non_attendance]
    assert shown[0] == last_added.label
    assert shown == [*[r.label for r in list_reasons(db) if r.active], NO_REASON]
