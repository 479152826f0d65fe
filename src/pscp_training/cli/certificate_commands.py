"""`pscp-training certificates`, `sign-in-sheet` and `session-summary`: printed output for a session.

Services are imported inside each handler, so other commands do not pay for ReportLab at start-up.
"""

import argparse
import sys
from datetime import date
from pathlib import Path

from pscp_training.cli.output import Progress, local_iso, print_json
from pscp_training.domain.errors import InputError


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a date; write it like 2022-04-01."
        ) from None


def register(commands) -> None:
    certificates = commands.add_parser(
        "certificates",
        help="certificates of attendance: one PDF per delegate who attended, or one to print",
        description="Certificates for the delegates marked attended on a session (--session) or "
        "on every session starting in a period (--from/--to); --verify looks a number up.",
    )
    which = certificates.add_mutually_exclusive_group(required=True)
    which.add_argument("--session", type=int, metavar="ID", help="the session's id")
    which.add_argument(
        "--from",
        dest="first_day",
        type=_day,
        metavar="DATE",
        help="first day of a period (with --to), e.g. 2022-04-01",
    )
    which.add_argument("--verify", metavar="NUMBER", help="check a certificate number")
    certificates.add_argument(
        "--to",
        dest="last_day",
        type=_day,
        metavar="DATE",
        help="last day of the period (inclusive)",
    )
    certificates.add_argument("--out", metavar="DIR", help="folder to write the PDFs into")
    certificates.add_argument(
        "--combined", action="store_true", help="one PDF with a page per certificate, for printing"
    )
    certificates.set_defaults(handler=certificates_command)

    sheet = commands.add_parser("sign-in-sheet", help="the sign-in sheet of an in-person session")
    sheet.add_argument("--session", type=int, required=True, metavar="ID")
    sheet.add_argument("--out", required=True, metavar="FILE", help="the PDF to write")
    sheet.set_defaults(handler=sign_in_sheet_command)

    summary = commands.add_parser(
        "session-summary", help="a session's figures, delegates and evaluations, for trainers"
    )
    summary.add_argument("--session", type=int, required=True, metavar="ID")
    summary.add_argument("--out", required=True, metavar="FILE", help="the PDF to write")
    summary.set_defaults(handler=session_summary_command)


def _out_folder(out: str | None) -> Path:
    if not out:
        raise InputError("Say which folder to write the certificates into with --out DIR.")
    folder = Path(out)
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder} is a file, not a folder; give a folder for the certificates.")
    return folder


def _out_file(out: str) -> Path:
    path = Path(out)
    if not path.parent.exists():
        raise InputError(
            f"The folder {path.parent} does not exist, so {path.name} cannot be written."
        )
    if path.is_dir():
        raise InputError(f"{path} is a folder; give the name of the PDF file to write.")
    return path


def _verify(number: str, db) -> int:
    from pscp_training.services.printing.certificates import verify_certificate

    check = verify_certificate(db, number)
    print_json(
        {
            "number": check.number,
            "delegate": check.delegate_name,
            "course": check.course_title,
            "session_start": local_iso(check.session_start),
            "issued_at": local_iso(check.issued_at),
            "still_attended": check.still_attended,
        }
    )
    if not check.still_attended:
        print(
            "pscp-training: note: the register no longer shows this delegate as attended.",
            file=sys.stderr,
        )
    return 0


def certificates_command(args, open_db) -> int:
    if args.verify:
        return _verify(args.verify, open_db())
    from pscp_training.services.printing import certificates

    folder = _out_folder(args.out)
    progress = Progress("Certificates")
    if args.session is not None:
        if args.last_day is not None:
            raise InputError("--to goes with --from, not with --session.")
        db = open_db()
        paths = certificates.issue_certificates(
            db, args.session, folder, combined=args.combined, progress=progress
        )
        waiting = certificates.waiting_for_evaluation(db, args.session)
    else:
        if args.last_day is None:
            raise InputError("Give the last day of the period with --to DATE.")
        paths = certificates.issue_certificates_for_period(
            open_db(),
            args.first_day,
            args.last_day,
            folder,
            combined=args.combined,
            progress=progress,
        )
        waiting = []
    for path in paths:
        print(path)
    if waiting:
        print(
            f"pscp-training: held back until their evaluation is in: {', '.join(waiting)}.",
            file=sys.stderr,
        )
    return 0


def sign_in_sheet_command(args, open_db) -> int:
    from pscp_training.services.printing.sign_in_sheets import write_sign_in_sheet

    print(write_sign_in_sheet(open_db(), args.session, _out_file(args.out)))
    return 0


def session_summary_command(args, open_db) -> int:
    from pscp_training.services.printing.session_summaries import write_session_summary

    print(write_session_summary(open_db(), args.session, _out_file(args.out)))
    return 0
