"""`pscp-training report workforce`: the annual report's tables as text, JSON, CSV, XLSX or PDF."""

import json
import sys
from pathlib import Path

from pscp_training.cli.output import print_json
from pscp_training.domain.errors import InputError, PscpError
from pscp_training.domain.years import FinancialYear

FORMATS = ("text", "json", "csv", "xlsx", "pdf")
_BY_SUFFIX = {".txt": "text", ".json": "json", ".csv": "csv", ".xlsx": "xlsx", ".pdf": "pdf"}


def register(commands) -> None:
    report = commands.add_parser("report", help="reports: the yearly workforce report")
    kinds = report.add_subparsers(dest="report", metavar="REPORT", required=True)
    workforce = kinds.add_parser(
        "workforce",
        help="multi- and single-agency figures, attendance by sector, engagement",
        description="The annual report's workforce development tables for a financial year "
        "and the years before it.",
    )
    workforce.add_argument("--year", required=True, help="financial year, e.g. 2022-23")
    workforce.add_argument(
        "--years", type=int, default=3, help="how many years to show, oldest first (default 3)"
    )
    workforce.add_argument(
        "--engagement",
        action="append",
        metavar="CATEGORY:SECTOR",
        help="engagement figure to show, e.g. DSL:Education (repeatable; default DSL:Education)",
    )
    workforce.add_argument(
        "--format",
        choices=FORMATS,
        help="text (default), json, csv, xlsx or pdf; taken from --out's extension when not given",
    )
    workforce.add_argument("--out", metavar="FILE", help="write to this file")
    workforce.set_defaults(handler=workforce_command)


def _format(args) -> str:
    if args.format:
        return args.format
    if args.out:
        return _BY_SUFFIX.get(Path(args.out).suffix.lower(), "text")
    return "text"


def _write_pdf(db, report, path: Path) -> None:
    try:
        from pscp_training.pdf.workforce_report import write_workforce_pdf
    except ModuleNotFoundError as error:
        if error.name not in ("pscp_training.pdf.workforce_report",):
            raise
        raise PscpError(
            "PDF output of the workforce report is not available in this version yet; "
            "use --format xlsx or csv instead."
        ) from error
    from pscp_training.services.refreshers.coverage import coverage
    from pscp_training.services.settings.team_settings import PARTNERSHIP_NAME, get_setting

    years = [FinancialYear.parse(y) for y in report.years]
    write_workforce_pdf(report, path, get_setting(db, PARTNERSHIP_NAME), coverage(db, years))


def workforce_command(args, open_db) -> int:
    from pscp_training.reports import tabular, text
    from pscp_training.reports.workforce import compute, parse_engagement

    year = FinancialYear.parse(args.year)
    pairs = [parse_engagement(p) for p in (args.engagement or ["DSL:Education"])]
    kind = _format(args)
    out = Path(args.out) if args.out else None
    if kind in ("csv", "xlsx", "pdf") and out is None:
        raise InputError(f"Say where to write the {kind.upper()} file with --out FILE.")
    if out is not None and not out.parent.exists():
        raise InputError(
            f"The folder {out.parent} does not exist, so {out.name} cannot be written."
        )

    db = open_db()
    report = compute(db, year, years=args.years, engagement=pairs)
    try:
        if kind == "json":
            if out is None:
                print_json(report.to_dict())
            else:
                out.write_text(
                    json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n",
                    encoding="utf-8",
                )
        elif kind == "text":
            rendered = text.render_text(report)
            if out is None:
                sys.stdout.write(rendered)
            else:
                out.write_text(rendered, encoding="utf-8")
        elif kind == "csv":
            tabular.write_csv(report, out)
        elif kind == "xlsx":
            tabular.write_xlsx(report, out)
        else:
            _write_pdf(db, report, out)
    except PermissionError as error:
        raise PscpError(f"Could not write {out}: permission denied ({error.strerror}).") from error
    if out is not None:
        print(f"Wrote the workforce report for {year} to {out}.", file=sys.stderr)
    return 0
