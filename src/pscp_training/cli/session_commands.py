"""`pscp-training sessions`, `book`, `cancel`, `transfer` and session changes for scripts."""

import argparse
from dataclasses import replace
from datetime import datetime, time

from pscp_training.cli.notify import add_notify, combine, finish, notified, notify_transport
from pscp_training.cli.output import local_iso, print_json, print_table
from pscp_training.domain.years import FinancialYear, local_to_utc, to_local
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
    add_notify(cancel)
    cancel.set_defaults(handler=cancel_command)

    transfer = commands.add_parser(
        "transfer", help="move a booking to another session of the same course"
    )
    transfer.add_argument("--booking", type=int, required=True, metavar="ID")
    transfer.add_argument("--to-session", type=int, required=True, metavar="ID")
    add_notify(transfer)
    transfer.set_defaults(handler=transfer_command)

    cancel_session = commands.add_parser(
        "cancel-session", help="cancel a session and every booking and waiting-list place on it"
    )
    cancel_session.add_argument("--session", type=int, required=True, metavar="ID")
    add_notify(cancel_session)
    cancel_session.set_defaults(handler=cancel_session_command)

    change = commands.add_parser(
        "change-session", help="move a session in time or place (London times)"
    )
    change.add_argument("--session", type=int, required=True, metavar="ID")
    change.add_argument("--start", type=_local_time, metavar="'YYYY-MM-DD HH:MM'")
    change.add_argument(
        "--end", type=_end_time, metavar="HH:MM", help="the end time on the session's day"
    )
    change.add_argument("--venue")
    add_notify(change)
    change.set_defaults(handler=change_session_command)


def _local_time(text: str) -> datetime:
    try:
        return local_to_utc(datetime.fromisoformat(text.strip()))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a date and time; write it like '2022-06-14 09:30'."
        ) from None


def _end_time(text: str) -> time:
    try:
        return time.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a time; write it like 12:30."
        ) from None


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


def _person(record):
    if record is None:
        return None
    return {
        "booking_id": record.id,
        "first_name": record.first_name,
        "last_name": record.last_name,
    }


def cancel_command(args, open_db) -> int:
    db = open_db()
    transport = notify_transport(args, db)
    result = bookings.cancel(db, args.booking)
    output = {
        "cancelled": result.cancelled.id,
        "late": result.late,
        "promoted": _person(result.promoted),
    }
    outcome = None
    if transport is not None:
        from pscp_training.services import messages

        outcome = messages.send_booking_cancelled(db, transport, result.cancelled.id)
        if result.promoted is not None:
            outcome = combine(
                outcome, messages.send_place_offered(db, transport, [result.promoted.id])
            )
        output["notified"] = notified(outcome)
    print_json(output)
    return finish(outcome, "The booking is cancelled")


def transfer_command(args, open_db) -> int:
    db = open_db()
    transport = notify_transport(args, db)
    new, promoted = bookings.transfer(db, args.booking, args.to_session)
    output = {
        "transferred": args.booking,
        "booking_id": new.id,
        "status": new.status.value,
        "waitlist_position": new.waitlist_position,
        "promoted": _person(promoted),
    }
    outcome = None
    if transport is not None:
        from pscp_training.services import messages

        outcome = messages.send_booking_transferred(db, transport, args.booking, new.id)
        if promoted is not None:
            outcome = combine(outcome, messages.send_place_offered(db, transport, [promoted.id]))
        output["notified"] = notified(outcome)
    print_json(output)
    return finish(outcome, "The booking is transferred")


def cancel_session_command(args, open_db) -> int:
    db = open_db()
    transport = notify_transport(args, db)
    result = catalogue.cancel_session(db, args.session)
    output = {
        "cancelled_session": result.session.id,
        "to_tell": [
            {"booking_id": b.id, "name": b.full_name, "email": b.email} for b in result.to_tell
        ],
    }
    outcome = None
    if transport is not None:
        from pscp_training.services import messages

        outcome = messages.send_session_cancelled(
            db, transport, args.session, booking_ids=[b.id for b in result.to_tell]
        )
        output["notified"] = notified(outcome)
    print_json(output)
    return finish(outcome, "The session is cancelled")


def change_session_command(args, open_db) -> int:
    from pscp_training.domain.errors import InputError
    from pscp_training.services.messages import people_to_tell_of_change
    from pscp_training.services.sessions.session_copy import form_from_session

    if args.start is None and args.end is None and args.venue is None:
        raise InputError("Say what changes: --start, --end or --venue.")
    db = open_db()
    transport = notify_transport(args, db)
    record = catalogue.get_session(db, args.session)
    start = args.start or record.start
    if args.end is not None:
        end = local_to_utc(datetime.combine(to_local(start).date(), args.end))
    elif record.end is not None:
        end = start + (record.end - record.start)
    else:
        end = None
    venue = record.venue if args.venue is None else args.venue
    form = replace(form_from_session(record), start=start, end=end, venue=venue)
    saved = catalogue.update_session(db, args.session, form, expected_version=record.version)
    people = people_to_tell_of_change(db, saved.id)
    output = {
        "session": saved.id,
        "start": local_iso(saved.start),
        "end": local_iso(saved.end),
        "venue": saved.venue,
        "to_tell": [{"name": name, "email": email} for name, email in people],
    }
    outcome = None
    if transport is not None:
        from pscp_training.services import messages

        outcome = messages.send_session_changed(db, transport, saved.id)
        output["notified"] = notified(outcome)
    print_json(output)
    return finish(outcome, "The session is changed")
