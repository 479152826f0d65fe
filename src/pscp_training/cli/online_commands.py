"""`pscp-training import bookings|mappings`: bookings from Eventbrite or an online form."""

import argparse
import sys

from pscp_training.cli.output import Progress
from pscp_training.domain.errors import InputError, ValidationFailed
from pscp_training.domain.online_bookings import READY_MADE

_EPILOG = (
    "Ready-made mappings: " + ", ".join(f"'{m.name}'" for m in READY_MADE)
    + ". The team's saved mappings are listed by `pscp-training import mappings`."
)


def register(kinds) -> None:
    bookings = kinds.add_parser(
        "bookings",
        help="bookings from another system: Eventbrite, Microsoft Forms, Google Forms",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    bookings.add_argument("file", metavar="FILE", help="the export (.csv, .xlsx or .ods)")
    bookings.add_argument("--mapping", required=True, metavar="NAME",
                          help="a ready-made or saved mapping (see below)")
    bookings.add_argument("--session", type=int, metavar="ID",
                          help="the session the bookings are for (unless the mapping names a "
                               "column that says)")
    bookings.add_argument("--sector", action="append", default=[], metavar="ORGANISATION=SECTOR",
                          help="the sector of a new organisation (repeatable)")
    bookings.add_argument("--dry-run", action="store_true",
                          help="check the file and say what would change; write nothing")
    bookings.set_defaults(handler=import_bookings_command)
    mappings = kinds.add_parser("mappings", help="list the mappings for `import bookings`")
    mappings.set_defaults(handler=list_mappings_command)


def _sectors(pairs: list[str]) -> dict[str, str]:
    sectors: dict[str, str] = {}
    for pair in pairs:
        name, sep, sector = pair.rpartition("=")
        if not sep or not name.strip() or not sector.strip():
            raise InputError(f"Write --sector as \"ORGANISATION=SECTOR\", not '{pair}'.")
        sectors[name.strip()] = sector.strip()
    return sectors


def _confirmed(check) -> set[str]:
    """Proposed organisation matches: asked on a terminal, applied and printed without one."""
    refused: set[str] = set()
    asking = sys.stdin.isatty()
    for match in check.matches:
        if match.exact or not match.organisation:
            continue
        if asking:
            answer = input(f"Is '{match.name}' the known organisation '{match.organisation}'? "
                           "[Y/n] ").strip().lower()
            if answer.startswith("n"):
                refused.add(match.name)
                continue
        print(f"Organisation '{match.name}' is taken as '{match.organisation}' "
              f"({match.sector}).")
    return refused


def import_bookings_command(args, open_db) -> int:
    from pscp_training.services.imports import booking_mappings, online_import

    db = open_db()
    mapping = booking_mappings.find_mapping(db, args.mapping)
    sectors = _sectors(args.sector)
    try:
        check = online_import.check_arrivals(db, args.file, mapping, session_id=args.session)
        refused = _confirmed(check)
        summary = online_import.import_arrivals(
            db, args.file, mapping, session_id=args.session, refused=refused, sectors=sectors,
            dry_run=args.dry_run, progress=Progress("Importing bookings"),
        )
    except ValidationFailed as failed:
        print(f"pscp-training: {failed.summary}", file=sys.stderr)
        for problem in failed.problems:
            print(f"  {problem}", file=sys.stderr)
        for warning in failed.warnings:
            print(f"  - {warning}", file=sys.stderr)
        return failed.exit_code
    print("\n".join(line for line in summary.lines() if "taken as" not in line))
    return 0


def list_mappings_command(args, open_db) -> int:
    from pscp_training.services.imports import booking_mappings

    for mapping in booking_mappings.list_mappings(open_db()):
        kind = "ready-made" if mapping.ready_made else "saved"
        columns = ", ".join(f"{ours}={titles[0]}" for ours, titles in mapping.columns.items()
                            if titles and not mapping.ready_made)
        print(f"{mapping.name}  ({kind}){'  ' + columns if columns else ''}")
    return 0
