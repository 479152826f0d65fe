"""`pscp-training evaluations import|summary|chase`: delegates' evaluations without the app."""

import sys
from pathlib import Path

from pscp_training.cli.output import Progress, print_table
from pscp_training.domain.errors import InputError, ValidationFailed
from pscp_training.domain.evaluation_records import (
    EvaluationImportResult,
    EvaluationSummary,
    one_decimal,
    percent,
)
from pscp_training.domain.wording import plural
from pscp_training.domain.years import FinancialYear, to_local

FORMATS = ("text", "xlsx", "pdf")
_BY_SUFFIX = {".txt": "text", ".xlsx": "xlsx", ".pdf": "pdf"}


def register(commands) -> None:
    group = commands.add_parser("evaluations", help="delegates' evaluations: import, summary, chase")
    actions = group.add_subparsers(dest="evaluations", metavar="ACTION", required=True)

    imports = actions.add_parser(
        "import", help="import an online-form export (.csv/.xlsx), see docs/evaluation-import.md"
    )
    imports.add_argument("file", metavar="FILE")
    imports.add_argument("--mapping", metavar="FILE", help="column mapping for your form's headers")
    imports.add_argument("--dry-run", action="store_true", help="check and report; save nothing")
    imports.add_argument(
        "--skip-unmatched",
        action="store_true",
        help="import the responses that match an attended booking and list the others",
    )
    imports.set_defaults(handler=import_command)

    summary = actions.add_parser("summary", help="summary of a session, a course or a year")
    summary.add_argument("--session", type=int, metavar="ID")
    summary.add_argument("--course", metavar="CODE")
    summary.add_argument("--year", help="financial year, e.g. 2022-23 (alone, or with --course)")
    summary.add_argument(
        "--format", choices=FORMATS, help="text (default), xlsx or pdf; or from --out's extension"
    )
    summary.add_argument("--out", metavar="FILE", help="write to this file")
    summary.set_defaults(handler=summary_command)

    chase = actions.add_parser("chase", help="attendees of a session without an evaluation")
    chase.add_argument("--session", type=int, required=True, metavar="ID")
    chase.set_defaults(handler=chase_command)


def import_command(args, open_db) -> int:
    from pscp_training.register.evaluation_import import read_mapping
    from pscp_training.services.evaluations.evaluation_import import import_evaluations

    mapping = read_mapping(args.mapping) if args.mapping else None
    try:
        result = import_evaluations(
            open_db(),
            args.file,
            mapping=mapping,
            dry_run=args.dry_run,
            skip_unmatched=args.skip_unmatched,
            progress=Progress("Importing evaluations"),
        )
    except ValidationFailed as exc:
        if "set them aside" in exc.summary:  # how to do that here, on the command line
            print("pscp-training: --skip-unmatched sets them aside and imports the rest",
                  file=sys.stderr)
        raise
    print(import_report(result))
    for warning in result.warnings:
        print(f"pscp-training: warning: {warning}", file=sys.stderr)
    return 0


def import_report(result: EvaluationImportResult) -> str:
    verb = "would be" if result.dry_run else "were"
    lines = [
        f"{result.file_name}: {plural(result.responses, 'response')}; "
        f"{plural(result.created, 'new evaluation')} "
        f"{verb} saved, {result.unchanged} already in and unchanged."
        + (" Dry run: nothing was saved." if result.dry_run else "")
    ]
    if result.kept:
        lines.append(f"Kept as they are ({len(result.kept)}):")
        lines += [f"  line {k.line}: {k.reason}" for k in result.kept]
    if result.unmatched:
        lines.append(f"Set aside, not imported ({len(result.unmatched)}):")
        lines += [f"  line {u.line} ({u.email}): {u.reason}" for u in result.unmatched]
    return "\n".join(lines)


def summary_text(summary: EvaluationSummary) -> str:
    """The summary as plain text for a terminal or an email."""
    gain = summary.confidence
    lines = [
        f"Evaluations: {summary.title}",
        f"Sessions {summary.sessions}, attended {summary.attendances}, "
        f"evaluations {summary.evaluations}, response rate {percent(summary.response_rate)}",
        "",
    ]
    for r in summary.ratings:
        spread = " ".join(f"{score}:{count}" for score, count in r.distribution)
        lines.append(f"{r.label}: mean {one_decimal(r.mean)} of {plural(r.answered, 'answer')}  [{spread}]")
    lines.append(
        f"Confidence gain: mean {one_decimal(gain.mean_gain)} over {plural(gain.answered, 'delegate')}: "
        f"{gain.improved} more confident, {gain.same} the same, {gain.worse} less confident"
    )
    if summary.breakdown:
        lines += ["", "Session by session:" if summary.scope == "course" else "Course by course:"]
        width = max(len(b.label) for b in summary.breakdown)
        for b in summary.breakdown:
            lines.append(
                f"  {b.label.ljust(width)}  attended {b.attendances:>4}  evaluations "
                f"{b.evaluations:>4}  response {percent(b.response_rate):>4}  overall "
                f"{one_decimal(b.mean_overall):>3}  gain {one_decimal(b.mean_gain):>4}"
            )
    lines += ["", f"Comments that may be quoted ({len(summary.comments)}):"]
    for c in summary.comments:
        lines.append(f'  "{c.text}" ({c.course_code}, {to_local(c.session_start):%d/%m/%Y})')
    return "\n".join(lines)


def _summary(args, db) -> EvaluationSummary:
    from pscp_training.services.evaluations import evaluation_summaries

    year = FinancialYear.parse(args.year) if args.year else None
    if args.session is not None and (args.course or year):
        raise InputError("Give --session alone, or --course (with --year if you like), or --year.")
    if args.session is not None:
        return evaluation_summaries.summarise_session(db, args.session)
    if args.course:
        return evaluation_summaries.summarise_course(db, args.course, year)
    if year is not None:
        return evaluation_summaries.summarise_year(db, year)
    raise InputError("Say what to summarise: --session ID, --course CODE or --year 2022-23.")


def summary_command(args, open_db) -> int:
    out = Path(args.out) if args.out else None
    kind = args.format or (_BY_SUFFIX.get(out.suffix.lower(), "text") if out else "text")
    if kind != "text" and out is None:
        raise InputError(f"Say where to write the {kind.upper()} file with --out FILE.")
    if out is not None and not out.parent.exists():
        raise InputError(f"The folder {out.parent} does not exist, so {out.name} cannot be written.")
    db = open_db()
    summary = _summary(args, db)
    if kind == "text":
        text = summary_text(summary)
        if out is None:
            print(text)
        else:
            out.write_text(text + "\n", encoding="utf-8")
    elif kind == "xlsx":
        from pscp_training.reports.evaluation_xlsx import write_evaluation_xlsx

        write_evaluation_xlsx(summary, out)
    else:
        from pscp_training.pdf.evaluation_summary import save_evaluation_pdf
        from pscp_training.services.settings.team_settings import PARTNERSHIP_NAME, get_setting

        save_evaluation_pdf(summary, out, partnership_name=get_setting(db, PARTNERSHIP_NAME) or "")
    if out is not None:
        print(f"Wrote {out}")
    return 0


def chase_command(args, open_db) -> int:
    from pscp_training.services.evaluations import evaluations
    from pscp_training.services.sessions import catalogue

    db = open_db()
    session = catalogue.get_session(db, args.session)
    missing = evaluations.chase_list(db, args.session)
    when = f"{to_local(session.start):%d/%m/%Y %H:%M}"
    if not missing:
        print(f"Every delegate who attended {session.course_code} on {when} has sent an evaluation.")
        return 0
    have = "has" if len(missing) == 1 else "have"
    print(f"{plural(len(missing), 'delegate')} who attended {session.course_code} on {when} "
          f"{have} not sent an evaluation:")
    print_table(
        ["name", "email", "organisation"],
        [[m.full_name, m.email or "(no email)", m.organisation] for m in missing],
    )
    print()
    print(f"To: {evaluations.chase_emails(missing)}")
    return 0
