"""The workforce report PDF: the annual report's tables, the change sentences and the sector chart."""

from datetime import date
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from pscp_training.pdf.filenames import replacing
from pscp_training.pdf.styles import (
    BODY,
    CELL,
    CELL_BOLD,
    CELL_HEAD,
    HEADING,
    MARGIN,
    NAVY,
    PALE,
    PORTRAIT,
    SMALL,
    SUBTITLE,
    TABLE_GRID,
    TITLE,
    a4_document,
    footer,
)
from pscp_training.pdf.text import clean, long_date, markup, percent, whole_number
from pscp_training.pdf.workforce_chart import sector_chart

WIDTH, _HEIGHT = PORTRAIT


def _clause(pct: float | None, what: str) -> str | None:
    """'a 5.2% decrease in bookings'; None when there is no figure to compare with."""
    if pct is None:
        return None
    if pct == 0:
        return f"no change in {what}"
    return f"a {abs(pct):.1f}% {'increase' if pct > 0 else 'decrease'} in {what}"


def _listed(clauses: list[str]) -> str:
    return clauses[0] if len(clauses) == 1 else ", ".join(clauses[:-1]) + " and " + clauses[-1]


def _sign(value: float | None) -> int:
    return 0 if not value else (1 if value > 0 else -1)


def multi_agency_sentence(report: dict) -> str | None:
    """The annual report's sentence on multi-agency training against the year before."""
    years = report.get("years") or []
    if len(years) < 2:
        return None
    change = (report.get("change_pct") or {}).get("multi_agency") or {}
    this = years[-1]
    courses = change.get("courses_run")
    bookings, attendance = change.get("bookings"), change.get("attendances")
    rest = [
        c
        for c in (_clause(bookings, "bookings"), _clause(attendance, "attendance"))
        if c is not None
    ]
    if courses is not None and rest and all(
        _sign(v) == -_sign(courses) != 0 for v in (bookings, attendance) if v is not None
    ):
        return (
            f"Despite there being {_clause(courses, 'the number of multi-agency training courses')}"
            f" available in {this} compared to the previous year, there was {_listed(rest)}."
        )
    clauses = [
        c for c in (_clause(courses, "the number of multi-agency training courses run"), *rest) if c
    ]
    if not clauses:
        return None
    return f"In {this} compared to the previous year, there was {_listed(clauses)}."


def single_agency_sentence(report: dict) -> str | None:
    """The sentence on single-agency (bespoke) training against the year before."""
    years = report.get("years") or []
    if len(years) < 2:
        return None
    change = (report.get("change_pct") or {}).get("single_agency") or {}
    clauses = [
        c
        for c in (
            _clause(change.get("courses_run"), "the number of single-agency (bespoke) courses run"),
            _clause(change.get("booking_attendances"), "booking attendances"),
        )
        if c
    ]
    if not clauses:
        return None
    return f"In {years[-1]} compared to the previous year, there was {_listed(clauses)}."


def sector_sentence(report: dict) -> str | None:
    """Where most multi-agency attendees came from in the report's last year."""
    years = report.get("years") or []
    if not years:
        return None
    figures = (report.get("attendance_by_sector") or {}).get(years[-1]) or {}
    ranked = sorted(((n, s) for s, n in figures.items() if n > 0), key=lambda x: -x[0])
    if not ranked:
        return None
    total = sum(n for n, _ in ranked)
    top = ranked[:2]
    named = _listed([f"{clean(s)} ({whole_number(n)})" for n, s in top])
    share = sum(n for n, _ in top) * 100 / total
    return (
        f"In {years[-1]}, {percent(share, 0)} of the {whole_number(total)} multi-agency "
        f"attendances came from {named}."
    )


def engagement_sentence(item: dict) -> str:
    """'75.4% of Education organisations (52 of 69) were engaged in PSCP DSL training in 2022-23.'"""
    where = f"{clean(item.get('sector'))} organisations on the register"
    what = f"PSCP {clean(item.get('category'))} training in {clean(item.get('year'))}"
    organisations = item.get("organisations") or 0
    if not organisations:
        return f"There are no {where}, so engagement in {what} cannot be measured."
    return (
        f"{percent(item.get('pct'), 1)} of {where} ({whole_number(item.get('engaged'))} of "
        f"{whole_number(organisations)}) were engaged in {what}."
    )


def _figures_table(caption: str, years: list[str], rows: list[tuple[str, list[str]]]) -> Table:
    width = WIDTH - 2 * MARGIN
    label_width = 70 * mm
    year_width = (width - label_width) / max(len(years), 1)
    body = [[Paragraph(markup(caption), CELL_HEAD)] + [
        Paragraph(f"<para align='right'>{markup(y)}</para>", CELL_HEAD) for y in years
    ]]
    for label, values in rows:
        body.append(
            [Paragraph(markup(label), CELL_BOLD)]
            + [Paragraph(f"<para align='right'>{markup(v)}</para>", CELL) for v in values]
        )
    table = Table(body, colWidths=[label_width] + [year_width] * len(years), hAlign="LEFT")
    table.setStyle(
        TableStyle(
            TABLE_GRID
            + [("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, PALE])]
            + [("BACKGROUND", (-1, 1), (-1, -1), colors.HexColor("#E4EDF4"))]
        )
    )
    return table


def _multi_rows(report: dict, years: list[str]) -> list[tuple[str, list[str]]]:
    data = report.get("multi_agency") or {}

    def figure(year: str, key: str, fmt=whole_number) -> str:
        return fmt((data.get(year) or {}).get(key))

    return [
        ("Number of courses run", [figure(y, "courses_run") for y in years]),
        ("Number of bookings", [figure(y, "bookings") for y in years]),
        ("Number of attendances", [figure(y, "attendances") for y in years]),
        ("Booking attendance %", [figure(y, "booking_attendance_pct", percent) for y in years]),
    ]


def _single_rows(report: dict, years: list[str]) -> list[tuple[str, list[str]]]:
    data = report.get("single_agency") or {}
    return [
        ("Number of courses run", [whole_number((data.get(y) or {}).get("courses_run"))
                                   for y in years]),
        ("Booking Attendances", [whole_number((data.get(y) or {}).get("booking_attendances"))
                                 for y in years]),
    ]


def _story(report: dict, partnership_name: str) -> list:
    years = [str(y) for y in report.get("years") or []]
    if not years:
        return [Paragraph("This report covers no years, so there is nothing to show.", BODY)]
    last = years[-1]
    span = years[0] if len(years) == 1 else f"{years[0]} to {last}"
    story: list = [
        Paragraph(markup(partnership_name).upper(), SMALL),
        Spacer(1, 2 * mm),
        Paragraph("Attendance on PSCP Training", TITLE),
        Paragraph(
            f"Financial year{'s' if len(years) > 1 else ''} {markup(span)} (1 April to 31 March)",
            SUBTITLE,
        ),
        Paragraph("Multi-agency training", HEADING),
    ]
    sentence = multi_agency_sentence(report)
    if sentence:
        story.append(Paragraph(markup(sentence), BODY))
    story.append(_figures_table("Multi-agency training data", years, _multi_rows(report, years)))

    chart = sector_chart(years, report.get("attendance_by_sector") or {}, WIDTH - 2 * MARGIN)
    if chart is not None:
        parts = [Paragraph("Multi-agency attendance by sector", HEADING), chart]
        sentence = sector_sentence(report)
        if sentence:
            parts.append(Paragraph(markup(sentence), BODY))
        story.append(KeepTogether(parts))

    single = [Paragraph("Single-agency (bespoke) training", HEADING)]
    sentence = single_agency_sentence(report)
    if sentence:
        single.append(Paragraph(markup(sentence), BODY))
    single.append(_figures_table("Single Agency Data", years, _single_rows(report, years)))
    story.append(KeepTogether(single))

    engagement = report.get("engagement") or []
    if engagement:
        story.append(Paragraph("Engagement", HEADING))
        story.extend(Paragraph(markup(engagement_sentence(e)), BODY) for e in engagement)

    warnings = report.get("warnings") or []
    if warnings:
        notes = [Paragraph("Notes on the data", HEADING)]
        notes.extend(Paragraph("• " + markup(w), SMALL) for w in warnings)
        story.append(KeepTogether(notes[:2]))
        story.extend(notes[2:])
    return story


def write_workforce_pdf(report: dict, path, partnership_name: str) -> Path:
    """Write the workforce report (the JSON dict of spec/workforce-report.md) as an A4 PDF.

    The file at `path` is replaced whole, or left untouched if anything fails.
    """
    path = Path(path)
    partnership_name = clean(partnership_name or "")
    years = report.get("years") or []
    label = years[-1] if years else ""
    made = long_date(date.today())

    def on_page(canvas, _doc) -> None:
        canvas.saveState()
        canvas.setFillColor(NAVY)
        canvas.rect(0, PORTRAIT[1] - 6 * mm, WIDTH, 6 * mm, stroke=0, fill=1)
        canvas.restoreState()
        footer(canvas, f"{partnership_name} · Workforce report {label} · produced {made}")

    with replacing(path) as stream:
        doc = a4_document(
            stream,
            title=f"Workforce report {label}",
            author=partnership_name,
            on_page=on_page,
            top=MARGIN,
        )
        doc.build(_story(report, partnership_name))
    return path


