"""`pscp-training sessions`, `book` and `cancel`: the booking rules for scripts and scheduled tasks."""

from pscp_training.cli.output import local_iso, print_json, print_table
from pscp_training.domain.years import FinancialYear
from pscp_training.services.bookings import bookings
from pscp_training.services.bookings.enrolment import book_person
from pscp_training.services.sessions import catalogue


def register(commands) -> None:
    sessions = commands.add_parser("sessions", help="list the sessions of a financial year")
    sessions.add_argument("--year", required=True, help="financial year, e.g. 2022-23")
    sessions.add_argument("--format", choices=("text", "json"), default="text")
    sessions.set_defaults(handler=sessions_command)

    book = commands.add_parser("book", help="book a place (or a waiting-list place when full)")
    book.add_argument("--session", type=int, required=True, metavar="ID")
    book.add_argument("--first-name", required=True)
    book.add_argument("--last-name", required=True)
    book.add_argument("--email")
    book.add_argument("--organisation")
    book.add_argument("--sector")
    book.add_argument("--job-role")
    book.set_defaults(handler=book_command)

    cancel = commands.add_parser("cancel", help="cancel a booking; the waiting list moves up")
    cancel.add_argument("--booking", type=int, required=True, metavar="ID")
    cancel.set_defaults(handler=cancel_command)


def sessions_command(args, open_db) -> int:
    year = FinancialYear.parse(args.year)
    records = catalogue.list_sessions(open_db(), catalogue.SessionFilter(year=year))
    rows = [
        {
            "id": s.id,
            "course_code": s.course_code,
            "course_title": s.course_title,
            "agency": s.agency.value,
            "start": local_iso(s.start),
            "status": s.status.value,
            "capacity": s.capacity,
            "booked": s.booked,
            "waitlisted": s.waitlisted,
            "attended": s.attended,
        }
        for s in records
    ]
    if args.format == "json":
        print_json(rows)
    else:
        headers = list(rows[0]) if rows else ["id", "course_code", "start"]
        print_table(headers, [list(r.values()) for r in rows])
    return 0


def book_command(args, open_db) -> int:
    booking = book_person(
        open_db(),
        session_id=args.session,
        first_name=args.first_name,
        last_name=args.last_name,
        email=args.email,
        organisation=args.organisation,
        sector=args.sector,
        job_role=args.job_role,
    )
    print_json(
        {
            "booking_id": booking.id,
            "status": booking.status.value,
            "waitlist_position": booking.waitlist_position,
        }
    )
    return 0


def cancel_command(args, open_db) -> int:
    result = bookings.cancel(open_db(), args.booking)
    promoted = result.promoted
    print_json(
        {
            "cancelled": result.cancelled.id,
            "late": result.late,
            "promoted": None
            if promoted is None
            else {
                "booking_id": promoted.id,
                "first_name": promoted.first_name,
                "last_name": promoted.last_name,
            },
        }
    )
    return 0
