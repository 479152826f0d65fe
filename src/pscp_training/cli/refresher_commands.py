"""`pscp-training refreshers`: who needs DSL (or any) training before a date, for scripts."""

import io
import json
import sys
from datetime import date
from pathlib import Path

from pscp_training.cli.output import print_table
from pscp_training.domain.errors import InputError, PscpError

FORMATS = ("text", "json", "csv", "xlsx")
_BY_SUFFIX = {".txt": "text", ".json": "json", ".csv": "csv", ".xlsx": "xlsx"}


def register(commands) -> None:
    parser = commands.add_parser(
        "refreshers",
        help="people whose required training runs out before a date",
        description="Everyone a refresher requirement applies to whose training runs out "
        "before DATE (strictly), the overdue and those never trained included.",
    )
    parser.add_argument("--due-before", required=True, metavar="DATE",
                        help="ISO date, e.g. 2027-03-31 (due on that day is not included)")
    parser.add_argument("--sector", metavar="S", help="only organisations of this sector")
    parser.add_argument("--format", choices=FORMATS,
                        help="text (default), json, csv or xlsx; from --out's extension if not given")
    parser.add_argument("--out", metavar="FILE", help="write to this file (default: standard output)")
    parser.set_defaults(handler=refreshers_command)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(
            f"--due-before {text}: give the date as year-month-day, e.g. 2027-03-31."
        ) from None


def _format(args) -> str:
    if args.format:
        return args.format
    if args.out:
        return _BY_SUFFIX.get(Path(args.out).suffix.lower(), "text")
    return "text"


def _render(people, kind: str) -> bytes:
    from pscp_training.reports import refreshers_table as table

    if kind == "json":
        text = json.dumps([table.as_dict(p) for p in people], indent=2, ensure_ascii=False) + "\n"
        return text.encode("utf-8")
    if kind == "csv":
        return table.csv_text(people).encode("utf-8")
    if kind == "xlsx":
        buffer = io.BytesIO()
        table.write_xlsx(people, buffer)
        return buffer.getvalue()
    out = io.StringIO()
    if not people:
        return b"Nobody's training runs out before that date.\n"
    saved, sys.stdout = sys.stdout, out
    try:
        print_table([h.replace("_", " ") for h in table.HEADERS], table.text_rows(people))
    finally:
        sys.stdout = saved
    out.write(f"{len(people)} {'person' if len(people) == 1 else 'people'} due.\n")
    return out.getvalue().encode("utf-8")


def refreshers_command(args, open_db) -> int:
    from pscp_training.services.refreshers.currency import due_before

    cutoff = _date(args.due_before)
    kind = _format(args)
    out = Path(args.out) if args.out else None
    if out is not None and not out.parent.exists():
        raise InputError(f"The folder {out.parent} does not exist, so {out.name} cannot be written.")
    people = due_before(open_db(), cutoff, sector=args.sector)
    data = _render(people, kind)
    if out is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return 0
    try:
        partial = out.with_name(out.name + ".partial")
        partial.write_bytes(data)
        partial.replace(out)
    except PermissionError as error:
        raise PscpError(f"Could not write {out}: permission denied ({error.strerror}).") from error
    print(f"Wrote {len(people)} {'person' if len(people) == 1 else 'people'} to {out}.",
          file=sys.stderr)
    return 0
