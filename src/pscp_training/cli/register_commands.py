"""`pscp-training import register|organisations` and `export register` (the booking register)."""

import sys

from pscp_training.cli import online_commands
from pscp_training.cli.output import Progress
from pscp_training.domain.errors import ValidationFailed
from pscp_training.domain.wording import plural
from pscp_training.domain.years import FinancialYear

# The services are imported by the handlers, so that other commands do not pay for
# loading pandas and openpyxl.


def register(commands) -> None:
    importing = commands.add_parser("import", help="import a booking or organisation register")
    kinds = importing.add_subparsers(dest="import_kind", metavar="KIND", required=True)
    booking = kinds.add_parser("register", help="the booking register (.csv, .xlsx or .ods)")
    booking.add_argument("file", metavar="FILE")
    booking.add_argument(
        "--dry-run", action="store_true", help="check the file and say what would change; write nothing"
    )
    booking.set_defaults(handler=import_register_command)
    organisations = kinds.add_parser(
        "organisations", help="the organisation register: name, sector, type (.csv, .xlsx or .ods)"
    )
    organisations.add_argument("file", metavar="FILE")
    organisations.add_argument(
        "--dry-run", action="store_true", help="check the file and say what would change; write nothing"
    )
    organisations.set_defaults(handler=import_organisations_command)
    online_commands.register(kinds)

    exporting = commands.add_parser("export", help="export the booking register of a year")
    what = exporting.add_subparsers(dest="export_kind", metavar="KIND", required=True)
    export = what.add_parser("register", help="the booking register of a financial year")
    export.add_argument("--year", required=True, help="financial year, e.g. 2022-23")
    export.add_argument("--out", required=True, metavar="FILE", help="a .csv or .xlsx file")
    export.set_defaults(handler=export_register_command)


def _run_import(service, args, open_db, label: str) -> int:
    try:
        summary = service(open_db(), args.file, dry_run=args.dry_run, progress=Progress(label))
    except ValidationFailed as failed:
        # Every problem, not the first 200: the person fixes the whole file in one go.
        print(f"pscp-training: {failed.summary}", file=sys.stderr)
        for problem in failed.problems:
            print(f"  {problem}", file=sys.stderr)
        if failed.warnings:
            print("Warnings:", file=sys.stderr)
            for warning in failed.warnings:
                print(f"  - {warning}", file=sys.stderr)
        return failed.exit_code
    print("\n".join(summary.lines()))
    return 0


def import_register_command(args, open_db) -> int:
    from pscp_training.services.imports.register_import import import_register

    return _run_import(import_register, args, open_db, "Importing the booking register")


def import_organisations_command(args, open_db) -> int:
    from pscp_training.services.imports.register_import import import_organisations

    return _run_import(import_organisations, args, open_db, "Importing the organisation register")


def export_register_command(args, open_db) -> int:
    from pscp_training.services.imports.register_export import export_register

    year = FinancialYear.parse(args.year)
    written = export_register(open_db(), year, args.out)
    print(f"Wrote {plural(written, 'row')} of the {year.label} booking register to {args.out}.")
    return 0
