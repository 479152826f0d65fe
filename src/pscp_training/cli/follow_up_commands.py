"""`pscp-training reminders`, `charges`, `reasons`, `walk-in`, `substitute`: the follow-up work.

Services are imported inside each handler: the charges pull in ReportLab and
openpyxl, which every other command would otherwise pay for at start-up.
"""

import argparse
from datetime import date
from pathlib import Path

from pscp_training.cli.notify import add_notify, finish, notified, notify_transport, summary
from pscp_training.cli.output import local_iso, print_json, print_table
from pscp_training.domain.charging import format_pence
from pscp_training.domain.errors import InputError
from pscp_training.domain.follow_up_records import PersonDetails
from pscp_training.domain.years import FinancialYear


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a date; write it like 2022-04-01."
        ) from None


def _person(parser) -> None:
    parser.add_argument("--first-name", required=True)
    parser.add_argument("--last-name", required=True)
    parser.add_argument("--email")
    parser.add_argument("--job-role")


def register(commands) -> None:
    reminders = commands.add_parser("reminders", help="session reminders by email")
    actions = reminders.add_subparsers(dest="reminders_action", metavar="ACTION", required=True)
    send = actions.add_parser(
        "send", help="send the reminders that are due and not yet sent (safe to run daily)"
    )
    send.add_argument("--dry-run", action="store_true", help="list what would be sent")
    send.set_defaults(handler=reminders_command)

    charges_parser = commands.add_parser("charges", help="charges to agencies for unused places")
    actions = charges_parser.add_subparsers(dest="charges_action", metavar="ACTION", required=True)
    ledger = actions.add_parser("ledger", help="the charges of a period, per organisation")
    ledger.add_argument("--from", dest="first", type=_day, required=True, metavar="YYYY-MM-DD")
    ledger.add_argument("--to", dest="last", type=_day, required=True, metavar="YYYY-MM-DD")
    ledger.add_argument("--format", choices=("text", "json", "xlsx", "pdf"), default="text")
    ledger.add_argument(
        "--out", type=Path, help="the .xlsx file, or the folder for one PDF per organisation"
    )
    ledger.set_defaults(handler=ledger_command)
    waive = actions.add_parser("waive", help="waive a charge, saying why")
    waive.add_argument("--charge", type=int, required=True, metavar="ID")
    waive.add_argument("--note", required=True)
    waive.set_defaults(handler=waive_command)

    reasons = commands.add_parser("reasons", help="reasons for non-attendance")
    actions = reasons.add_subparsers(dest="reasons_action", metavar="ACTION", required=True)
    actions.add_parser("list", help="the coded list").set_defaults(handler=reasons_list_command)
    record = actions.add_parser("record", help="record why someone did not attend")
    record.add_argument("--booking", type=int, required=True, metavar="ID")
    record.add_argument("--reason", required=True, help="a reason's code or label")
    record.add_argument("--note")
    record.set_defaults(handler=reasons_record_command)
    year = actions.add_parser("year", help="the year's non-attendance by reason")
    year.add_argument("--year", required=True, help="financial year, e.g. 2022-23")
    year.set_defaults(handler=reasons_year_command)

    walk_in = commands.add_parser("walk-in", help="add someone who attended without booking")
    walk_in.add_argument("--session", type=int, required=True, metavar="ID")
    _person(walk_in)
    walk_in.add_argument("--organisation")
    walk_in.add_argument("--sector")
    walk_in.set_defaults(handler=walk_in_command)

    sub = commands.add_parser(
        "substitute", help="pass a place to a colleague of the same organisation"
    )
    sub.add_argument("--booking", type=int, required=True, metavar="ID")
    sub.add_argument("--delegate", type=int, metavar="ID", help="the colleague's delegate id")
    sub.add_argument("--first-name")
    sub.add_argument("--last-name")
    sub.add_argument("--email")
    sub.add_argument("--job-role")
    add_notify(sub)
    sub.set_defaults(handler=substitute_command)


def reminders_command(args, open_db) -> int:
    from pscp_training.services import messages

    db = open_db()
    transport = None if args.dry_run else messages.transport_for(messages.get_mail_settings(db))
    outcome = messages.send_reminders(db, transport, dry_run=args.dry_run)
    return summary(outcome, dry_run=args.dry_run)


def ledger_command(args, open_db) -> int:
    from pscp_training.services.follow_up import charges

    db = open_db()
    if args.format in ("xlsx", "pdf") and args.out is None:
        raise InputError(f"Say where to write the {args.format.upper()} with --out.")
    if args.format == "xlsx":
        path, count = charges.export_ledger_xlsx(db, args.first, args.last, args.out)
        print(f"Wrote {count} charges to {path}.")
        return 0
    if args.format == "pdf":
        paths = charges.write_statement_pdfs(db, args.first, args.last, args.out)
        print(f"Wrote {len(paths)} statements to {args.out}.")
        for path in paths:
            print(f"  {path.name}")
        return 0
    lines = charges.ledger(db, args.first, args.last)
    rows = [
        {
            "charge_id": c.id,
            "organisation": c.organisation,
            "delegate": c.delegate,
            "course_code": c.course_code,
            "session_start": local_iso(c.session_start),
            "kind": c.kind.value,
            "reason": c.reason,
            "amount_pence": c.amount_pence,
            "waived": c.waived,
            "waiver_note": c.waiver_note,
        }
        for c in lines
    ]
    if args.format == "json":
        print_json(rows)
        return 0
    print_table(
        ["id", "organisation", "delegate", "course", "date", "charge", "reason", "amount"],
        [
            [
                c.id,
                c.organisation,
                c.delegate,
                c.course_code,
                local_iso(c.session_start)[:10],
                c.kind.label,
                c.reason or "",
                format_pence(c.amount_pence) + (" (waived)" if c.waived else ""),
            ]
            for c in lines
        ],
    )
    print(f"Total due: {format_pence(sum(c.due_pence for c in lines))}")
    return 0


def waive_command(args, open_db) -> int:
    from pscp_training.services.follow_up import charges

    charge = charges.waive(open_db(), args.charge, args.note)
    print(
        f"Waived {format_pence(charge.amount_pence)} for {charge.delegate} ({charge.organisation})."
    )
    return 0


def reasons_list_command(args, open_db) -> int:
    from pscp_training.services.follow_up import non_attendance

    reasons = non_attendance.list_reasons(open_db(), include_inactive=True)
    print_table(
        ["code", "reason", "in use"],
        [[r.code, r.label, "yes" if r.active else "no"] for r in reasons],
    )
    return 0


def reasons_record_command(args, open_db) -> int:
    from pscp_training.services.follow_up import non_attendance

    record = non_attendance.record_reason(open_db(), args.booking, args.reason, note=args.note)
    print(f"Recorded '{record.reason}' for {record.delegate}.")
    return 0


def reasons_year_command(args, open_db) -> int:
    from pscp_training.services.follow_up import non_attendance

    year = FinancialYear.parse(args.year)
    table = non_attendance.reasons_for_year(open_db(), year)
    print_table(
        ["reason", "absences", "late cancellations", "total"],
        [[r.reason, r.absences, r.late_cancellations, r.total] for r in table],
    )
    return 0


def walk_in_command(args, open_db) -> int:
    from pscp_training.services.bookings.walk_ins import add_walk_in

    person = PersonDetails(
        args.first_name, args.last_name, args.email, args.organisation, args.sector, args.job_role
    )
    booking = add_walk_in(open_db(), args.session, person)
    print_json(
        {
            "booking_id": booking.id,
            "status": booking.status.value,
            "walk_in": True,
            "attendance": booking.attendance.value,
        }
    )
    return 0


def substitute_command(args, open_db) -> int:
    from pscp_training.services.bookings.substitution import substitute

    if args.delegate is not None:
        colleague: PersonDetails | int = args.delegate
    elif args.first_name and args.last_name:
        colleague = PersonDetails(
            args.first_name, args.last_name, args.email, None, None, args.job_role
        )
    else:
        raise InputError("Name the colleague with --delegate ID, or --first-name and --last-name.")
    db = open_db()
    transport = notify_transport(args, db)
    result = substitute(db, args.booking, colleague)
    output = {
        "substituted": result.original_booking_id,
        "booking_id": result.colleague_booking_id,
        "colleague": result.colleague,
    }
    outcome = None
    if transport is not None:
        from pscp_training.services import messages

        outcome = messages.send_place_passed_on(
            db, transport, result.original_booking_id, result.colleague_booking_id
        )
        output["notified"] = notified(outcome)
    print_json(output)
    return finish(outcome, "The place has passed to the colleague")
