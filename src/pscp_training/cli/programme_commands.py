"""`pscp-training programme`: the period's training programme as a brochure, a web page or a feed."""

import argparse
from datetime import date

from pscp_training.cli.output import print_json
from pscp_training.domain.errors import InputError


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a date; write it like 2026-04-01."
        ) from None


def register(commands) -> None:
    programme = commands.add_parser(
        "programme",
        help="the training programme for a period: brochure (PDF), web page (HTML) or feed (.ics)",
        description="Publishes the period's scheduled multi-agency sessions, with single-agency "
        "courses once as 'on request'. Both dates are London dates and both are included.",
    )
    programme.add_argument("--from", dest="first_day", type=_day, required=True, metavar="DATE",
                           help="first day, e.g. 2026-04-01")
    programme.add_argument("--to", dest="last_day", type=_day, required=True, metavar="DATE",
                           help="last day (included), e.g. 2027-03-31")
    programme.add_argument("--format", required=True, choices=("pdf", "html", "ics"),
                           help="pdf (brochure), html (web page) or ics (calendar feed)")
    programme.add_argument("--out", required=True, metavar="FILE", help="the file to write")
    programme.set_defaults(handler=programme_command)


def programme_command(args, open_db) -> int:
    from pathlib import Path

    from pscp_training.domain.programme import ProgrammePeriod
    from pscp_training.services.programme.publish import publish_programme

    period = ProgrammePeriod(args.first_day, args.last_day)
    path = Path(args.out)
    if not path.parent.exists():
        raise InputError(
            f"The folder {path.parent} does not exist, so {path.name} cannot be written."
        )
    programme = publish_programme(open_db(), period, args.format, path)
    print_json({
        "file": str(path),
        "format": args.format,
        "from": args.first_day.isoformat(),
        "to": args.last_day.isoformat(),
        "sessions": programme.session_count,
        "cancelled_in_feed": len(programme.cancelled) if args.format == "ics" else 0,
        "courses": sum(len(t.courses) for t in programme.themes),
    })
    return 0
