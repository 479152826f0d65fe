"""The workforce report's definitions on small hand-made data, counted by hand."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from pscp_training.db.models import Booking, Organisation, TrainingSession
from pscp_training.domain.enums import Agency, Attendance
from pscp_training.domain.errors import InputError
from pscp_training.domain.years import FinancialYear, local_to_utc
from pscp_training.reports.workforce import NO_SECTOR, compute
from pscp_training.services.bookings import bookings
from pscp_training.services.bookings.enrolment import book_person
from pscp_training.services.people import people
from pscp_training.services.sessions import attendance, catalogue
from tests import factories as f

REPORT_NOW = datetime(2023, 6, 1, 12, 0, tzinfo=UTC)
Y2223 = FinancialYear(2022)


def local(*parts) -> datetime:
    return local_to_utc(datetime(*parts))


def run_session(db, start, *, agency=Agency.MULTI, category="DSL", capacity=10, course_id=None):
    if course_id is None:
        course_id = f.course(db, agency=agency, category=category).id
    return f.session(db, course_id=course_id, start=start, capacity=capacity)


def book(db, session, first, last, org="Arundel Court Primary School", sector="Education"):
    before = session.start - timedelta(days=7)
    return book_person(db, session_id=session.id, first_name=first, last_name=last,
                       organisation=org, sector=sector, now=before)


def mark(db, session, marks):
    after = session.start + timedelta(hours=4)
    attendance.mark_register(db, session.id, {b.id: a for b, a in marks}, now=after)


def register_organisations(db, *names):
    with db.write() as s:
        s.execute(update(Organisation).where(Organisation.name.in_(names)).values(registered=True))


def multi(report, year="2022-23"):
    shown = report if isinstance(report, dict) else report.to_dict()
    return shown["multi_agency"][year]


def test_a_session_belongs_to_the_year_of_its_london_start_date(db):
    course = f.course(db).id
    first_day = run_session(db, local(2022, 4, 1, 9, 30), course_id=course)
    # 23:30 on 31 March 2023 in London is still 2022-23 (22:30 UTC, summer time).
    last_evening = run_session(db, local(2023, 3, 31, 23, 30), course_id=course)
    # 00:30 on 1 April 2023 in London is 2023-24, though it is still 31 March in UTC.
    next_year = run_session(db, local(2023, 4, 1, 0, 30), course_id=course)
    assert next_year.start.date().isoformat() == "2023-03-31"
    for s in (first_day, last_evening, next_year):
        mark(db, s, [(book(db, s, "Zoë", "Adams"), Attendance.ATTENDED)])

    report = compute(db, FinancialYear(2023), years=2, now=REPORT_NOW).to_dict()
    assert report["years"] == ["2022-23", "2023-24"]
    assert report["multi_agency"]["2022-23"]["courses_run"] == 2
    assert report["multi_agency"]["2022-23"]["attendances"] == 2
    assert report["multi_agency"]["2023-24"]["courses_run"] == 1


def test_cancelled_sessions_and_sessions_not_yet_run_are_not_counted(db):
    ran = run_session(db, local(2022, 5, 10, 9, 30))
    mark(db, ran, [(book(db, ran, "Amara", "Okafor"), Attendance.ATTENDED)])
    cancelled = run_session(db, local(2022, 6, 10, 9, 30))
    book(db, cancelled, "Łukasz", "Nowak")
    catalogue.cancel_session(db, cancelled.id, now=cancelled.start - timedelta(days=3))
    upcoming = run_session(db, REPORT_NOW + timedelta(days=2))
    book(db, upcoming, "Siobhán", "Ó Súilleabháin")
    also_upcoming = run_session(db, local(2023, 3, 20, 9, 30))
    book(db, also_upcoming, "Priya", "Patel")

    # Made on 1 March 2023, the report does not count the session of 20 March yet.
    early = compute(db, Y2223, now=local(2023, 3, 1, 12, 0))
    assert multi(early) == {"courses_run": 1, "bookings": 1, "attendances": 1,
                            "booking_attendance_pct": 100.0}
    later = compute(db, Y2223, now=REPORT_NOW)
    assert multi(later)["courses_run"] == 2 and multi(later)["bookings"] == 2


def test_waiting_lists_cancellations_and_substitutions_are_not_bookings_but_walk_ins_are(db):
    s = run_session(db, local(2022, 9, 14, 9, 30), capacity=2)
    a = book(db, s, "Aoife", "O'Brien")
    b = book(db, s, "Bola", "Adeyemi")
    c = book(db, s, "Chen", "Wei")          # waiting list 1, promoted when Aoife cancels
    book(db, s, "Dorota", "Kowalska")       # waiting list 2, never gets a place
    assert c.status.value == "waitlisted"
    bookings.cancel(db, a.id, now=s.start - timedelta(days=5))
    # Bola passes the place to a colleague, whose own booking is the one that counts.
    e = book_person(db, session_id=s.id, first_name="Ebo", last_name="Mensah",
                    organisation="Arundel Court Primary School", now=s.start - timedelta(days=1))
    with db.write() as session:
        session.execute(update(Booking).where(Booking.id == b.id).values(status="substituted"))
        session.execute(update(Booking).where(Booking.id == e.id)
                        .values(status="booked", waitlist_position=None))
        walk_in = people.ensure_delegate(session, first_name="Nguyễn", last_name="Thị Lan",
                                         organisation="Solent NHS Trust", sector="Health")[0]
        session.add(Booking(session_id=s.id, delegate_id=walk_in.id, status="booked",
                            walk_in=True, attendance="attended", booked_at=s.start,
                            organisation_id=walk_in.organisation_id,
                            sector_id=walk_in.organisation.sector_id))
    mark(db, s, [(c, Attendance.ATTENDED), (e, Attendance.ABSENT)])

    report = compute(db, Y2223, now=REPORT_NOW).to_dict()
    # Booked: Chen, Ebo, the walk-in; attended: Chen and the walk-in.
    assert multi(report) == {"courses_run": 1, "bookings": 3, "attendances": 2,
                             "booking_attendance_pct": 66.67}
    assert report["attendance_by_sector"]["2022-23"]["Education"] == 1
    assert report["attendance_by_sector"]["2022-23"]["Health"] == 1


def test_an_unmarked_register_counts_bookings_but_not_attendances_and_warns(db):
    course = f.course(db, title="Cyber Choices").id
    s = run_session(db, local(2022, 11, 3, 13, 30), course_id=course)
    marked = book(db, s, "Zoë", "Hughes")
    book(db, s, "Tomasz", "Wiśniewski")
    book(db, s, "Fatima", "Begum")
    mark(db, s, [(marked, Attendance.ATTENDED)])

    report = compute(db, Y2223, engagement=(), now=REPORT_NOW)
    assert multi(report)["bookings"] == 3 and multi(report)["attendances"] == 1
    assert len(report.warnings) == 1
    warning = report.warnings[0]
    assert warning.startswith("2022-23: 1 session that ran has an unmarked register")
    assert "2 booked places with blank attendance" in warning
    assert "Cyber Choices on 03 Nov 2022" in warning


def test_more_confirmed_bookings_than_places_is_counted_and_warned(db):
    course = f.course(db, title="Harmful sexual behaviour").id
    s = run_session(db, local(2022, 7, 5, 9, 30), capacity=3, course_id=course)
    made = [book(db, s, "Person", name) for name in ("Ahmed", "Barker", "Costa")]
    with db.write() as session:  # capacity lowered by hand in an old register
        session.execute(update(TrainingSession).where(TrainingSession.id == s.id)
                        .values(capacity=2))
    mark(db, s, [(m, Attendance.ATTENDED) for m in made])

    report = compute(db, Y2223, engagement=(), now=REPORT_NOW)
    assert multi(report)["bookings"] == 3 and multi(report)["attendances"] == 3
    assert report.warnings == (
        "2022-23: 1 session had more confirmed bookings than places: Harmful sexual behaviour "
        "on 05 Jul 2022 (3 confirmed for 2 places).",
    )


def test_single_agency_attendances_are_named_attendances_plus_headcounts(db):
    f.organisation(db, "Hampshire Constabulary", "Police")
    s = run_session(db, local(2023, 1, 12, 9, 30), agency=Agency.SINGLE, category="Bespoke")
    named = [book(db, s, "Officer", n, org="Hampshire Constabulary", sector="Police")
             for n in ("Gurung", "Smith", "Kaur", "Silva")]
    mark(db, s, [(n, Attendance.ATTENDED) for n in named[:3]] + [(named[3], Attendance.ABSENT)])
    attendance.set_headcount(db, s.id, "Hampshire Constabulary", 25,
                             now=s.start + timedelta(hours=5))
    other = run_session(db, local(2022, 2, 1, 9, 30), agency=Agency.SINGLE, category="Inset")
    attendance.set_headcount(db, other.id, "Hampshire Constabulary", 40,
                             now=other.start + timedelta(hours=5))

    report = compute(db, Y2223, now=REPORT_NOW).to_dict()
    assert report["single_agency"]["2022-23"] == {"courses_run": 1, "booking_attendances": 28}
    assert report["single_agency"]["2021-22"] == {"courses_run": 1, "booking_attendances": 40}
    assert report["multi_agency"]["2022-23"]["courses_run"] == 0
    # Single-agency attendances are not in the multi-agency sector table.
    assert report["attendance_by_sector"]["2022-23"]["Police"] == 0
    assert report["change_pct"]["single_agency"] == {"courses_run": 0.0,
                                                     "booking_attendances": -30.0}


def test_every_sector_on_the_list_appears_every_year_including_new_ones(db):
    s = run_session(db, local(2021, 6, 1, 9, 30))
    mark(db, s, [(book(db, s, "Kwame", "Asante"), Attendance.ATTENDED)])
    people.add_sector(db, "Faith groups")
    later = run_session(db, local(2022, 6, 1, 9, 30))
    who = [book(db, later, "Rev", "Jones", org="St Mary's Church", sector="Faith groups"),
           book(db, later, "Ana", "Sousa", org=None, sector=None)]
    mark(db, later, [(w, Attendance.ATTENDED) for w in who])

    report = compute(db, Y2223, now=REPORT_NOW).to_dict()
    by_sector = report["attendance_by_sector"]
    assert list(by_sector) == ["2020-21", "2021-22", "2022-23"]
    expected_order = [*people_sectors(db), NO_SECTOR]
    for year in by_sector:
        assert list(by_sector[year]) == expected_order
    assert expected_order.index("Faith groups") == len(expected_order) - 2
    assert by_sector["2020-21"]["Faith groups"] == 0
    assert by_sector["2021-22"]["Education"] == 1
    assert by_sector["2022-23"]["Faith groups"] == 1
    assert by_sector["2022-23"][NO_SECTOR] == 1
    assert any("no organisation on the booking" in w for w in report["warnings"])


def people_sectors(db):
    return [s.name for s in people.list_sectors(db)]


def test_change_is_null_where_the_previous_figure_is_zero_and_for_a_single_year(db):
    s = run_session(db, local(2022, 10, 4, 9, 30))
    mark(db, s, [(book(db, s, "Zoë", "Clarke"), Attendance.ATTENDED)])
    report = compute(db, Y2223, now=REPORT_NOW).to_dict()
    assert report["multi_agency"]["2021-22"]["booking_attendance_pct"] is None
    assert report["change_pct"]["multi_agency"] == {
        "courses_run": None, "bookings": None, "attendances": None,
        "booking_attendance_pct": None,
    }
    one = compute(db, Y2223, years=1, now=REPORT_NOW).to_dict()
    assert one["years"] == ["2022-23"]
    assert set(one["change_pct"]["single_agency"].values()) == {None}


def test_engagement_counts_registered_organisations_with_an_attendance_in_the_category(db):
    schools = ["Arundel Court Primary School", "Mayfield School", "Priory School",
               "Cliffdale Primary Academy"]
    for name in schools:
        f.organisation(db, name, "Education")
    f.organisation(db, "Unlisted Tutoring Ltd", "Education")  # not on the register
    register_organisations(db, *schools)
    dsl = f.course(db, category="DSL").id
    s = run_session(db, local(2022, 9, 20, 9, 30), course_id=dsl)
    attended = book(db, s, "Hannah", "Lee", org="Arundel Court Primary School")
    absent = book(db, s, "Omar", "Farah", org="Mayfield School")
    unlisted = book(db, s, "Jo", "Bloggs", org="Unlisted Tutoring Ltd")
    mark(db, s, [(attended, Attendance.ATTENDED), (absent, Attendance.ABSENT),
                 (unlisted, Attendance.ATTENDED)])
    other = run_session(db, local(2022, 9, 21, 9, 30), category="Exploitation")
    mark(db, other, [(book(db, other, "Ravi", "Shah", org="Priory School"),
                      Attendance.ATTENDED)])
    inset = run_session(db, local(2022, 9, 22, 9, 30), agency=Agency.SINGLE, category="dsl")
    attendance.set_headcount(db, inset.id, "Cliffdale Primary Academy", 30,
                             now=inset.start + timedelta(hours=3))
    last_year = run_session(db, local(2022, 3, 1, 9, 30), course_id=dsl)
    mark(db, last_year, [(book(db, last_year, "Sam", "Hill", org="Priory School"),
                          Attendance.ATTENDED)])

    report = compute(db, Y2223, engagement=[("DSL", "education"), ("Exploitation", "Education"),
                                            ("DSL", "Nowhere"), ("DLS", "Education")],
                     now=REPORT_NOW)
    assert report.to_dict()["engagement"] == [
        {"year": "2022-23", "category": "DSL", "sector": "Education", "organisations": 4,
         "engaged": 2, "pct": 50.0},
        {"year": "2022-23", "category": "Exploitation", "sector": "Education",
         "organisations": 4, "engaged": 1, "pct": 25.0},
        {"year": "2022-23", "category": "DSL", "sector": "Nowhere", "organisations": 0,
         "engaged": 0, "pct": None},
        {"year": "2022-23", "category": "DLS", "sector": "Education", "organisations": 4,
         "engaged": 0, "pct": 0.0},
    ]
    assert report.warnings == (
        "No organisation on the organisation register is in the sector 'Nowhere', so engagement "
        "in DSL training cannot be worked out for it; import the organisation register first "
        "(File › Import, or the import organisations command).",
        "No course is in the category 'DLS', so no organisation can be engaged in it; the "
        "categories in use are: DSL, Exploitation, dsl.",
    )


def test_the_number_of_years_is_checked(db):
    with pytest.raises(InputError, match="1 to 10 years"):
        compute(db, Y2223, years=0)


def test_compute_reads_nothing_into_python_row_by_row(db):
    """A guard on the shape of the work: the report is a handful of queries, whatever the size."""
    s = run_session(db, local(2022, 5, 5, 9, 30), capacity=40)
    made = [book(db, s, "Delegate", f"Number {n}") for n in range(30)]
    mark(db, s, [(m, Attendance.ATTENDED) for m in made])
    statements = []
    from sqlalchemy import event

    def count(*_args):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        report = compute(db, Y2223, now=REPORT_NOW)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert multi(report)["attendances"] == 30
    assert len(statements) <= 10
    with db.read() as session:
        assert session.scalar(select(TrainingSession.id)) == s.id
