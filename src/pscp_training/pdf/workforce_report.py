"""The workforce report PDF: the annual report's tables, the change sentences and the sector chart."""

from datetime import date
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from pscp_training.pdf.filenames import replacing
from pscp_training.pdf.refresher_coverage import coverage_section
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
from pscp_training.reports.figures import WorkforceReport
from pscp_training.reports.text import change_sentences

WIDTH, _HEIGHT = PORTRAIT


def _listed(clauses: list[str]) -> str:
    return clauses[0] if len(clauses) == 1 else ", ".join(clauses[:-1]) + " and " + clauses[-1]


def change_sentences_by_table(report: dict) -> tuple[str | None, str | None]:
    """The change sentences of the text report and the app, as (multi-agency, single-agency).

    Worded once, in reports.text, so that every output says the same thing; the PDF
    only places each sentence above its own table.
    """
    if len(report.get("years") or []) < 2:
        return None, None
    multi = single = None
    for sentence in change_sentences(WorkforceReport.from_dict(report)):
        # reports.text names single-agency training in its sentence, and only there.
        if "single-agency" in sentence:
            single = sentence
        else:
            multi = sentence
    return multi, single


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


def _walk_in_row(rows, years: list[str]) -> tuple[str, list[str]]:
    by_year = {y: r.walk_ins for y, r in zip(years, rows, strict=False)}
    return ("of which walk-ins", [whole_number(by_year.get(y, 0)) for y in years])


def _reasons_table(extra: WorkforceReport) -> Table:
    width = WIDTH - 2 * MARGIN
    head = ["Reason", "Absences", "Late cancellations", "Total"]
    body = [[Paragraph(markup(head[0]), CELL_HEAD)] + [
        Paragraph(f"<para align='right'>{markup(h)}</para>", CELL_HEAD) for h in head[1:]
    ]]
    counts = [*extra.non_attendance, extra.non_attendance_total()]
    for number, count in enumerate(counts):
        style = CELL_BOLD if number == len(counts) - 1 else CELL
        figures = [count.absences, count.late_cancellations, count.total]
        body.append([Paragraph(markup(count.reason), style)] + [
            Paragraph(f"<para align='right'>{whole_number(v)}</para>", style) for v in figures
        ])
    table = Table(body, colWidths=[width - 3 * 32 * mm] + [32 * mm] * 3, hAlign="LEFT")
    table.setStyle(TableStyle(
        TABLE_GRID + [("ROWBACKGROUNDS", (0, 1), (-1, -2), [colors.white, PALE]),
                      ("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#E4EDF4"))]
    ))
    return table


def _story(
    report: dict, partnership_name: str, extra: WorkforceReport | None = None, coverage=None
) -> list:
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
    multi_sentence, single_sentence = change_sentences_by_table(report)
    if multi_sentence:
        story.append(Paragraph(markup(multi_sentence), BODY))
    multi_rows = _multi_rows(report, years)
    if extra is not None and any(r.walk_ins for r in extra.multi_agency):
        multi_rows.append(_walk_in_row(extra.multi_agency, years))
    story.append(_figures_table("Multi-agency training data", years, multi_rows))

    chart = sector_chart(years, report.get("attendance_by_sector") or {}, WIDTH - 2 * MARGIN)
    if chart is not None:
        parts = [Paragraph("Multi-agency attendance by sector", HEADING), chart]
        sentence = sector_sentence(report)
        if sentence:
            parts.append(Paragraph(markup(sentence), BODY))
        story.append(KeepTogether(parts))

    single = [Paragraph("Single-agency (bespoke) training", HEADING)]
    if single_sentence:
        single.append(Paragraph(markup(single_sentence), BODY))
    single_rows = _single_rows(report, years)
    if extra is not None and any(r.walk_ins for r in extra.single_agency):
        single_rows.append(_walk_in_row(extra.single_agency, years))
    single.append(_figures_table("Single Agency Data", years, single_rows))
    story.append(KeepTogether(single))

    engagement = report.get("engagement") or []
    if engagement:
        story.append(Paragraph("Engagement", HEADING))
        story.extend(Paragraph(markup(engagement_sentence(e)), BODY) for e in engagement)
    if coverage is not None:  # beside engagement: organisations with an in-date DSL (refreshers)
        story.extend(coverage_section(coverage, WIDTH - 2 * MARGIN))

    if extra is not None and extra.non_attendance:
        story.append(KeepTogether([
            Paragraph(f"Reasons for non-attendance {markup(last)}", HEADING),
            _reasons_table(extra),
        ]))

    warnings = report.get("warnings") or []
    if warnings:
        notes = [Paragraph("Notes on the data", HEADING)]
        notes.extend(Paragraph("• " + markup(w), SMALL) for w in warnings)
        story.append(KeepTogether(notes[:2]))
        story.extend(notes[2:])
    return story


def write_workforce_pdf(
    report: "dict | WorkforceReport", path, partnership_name: str, coverage=None
) -> Path:
    """Write the workforce report as an A4 PDF: the JSON dict of spec/workforce-report.md,
    or the report object itself, which also carries walk-ins and reasons for non-attendance.
    `coverage` (a refreshers CoverageReport) adds organisations with an in-date DSL.

    The file at `path` is replaced whole, or left untouched if anything fails.
    """
    extra = report if isinstance(report, WorkforceReport) else None
    report = report.to_dict() if extra is not None else report
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
        doc.build(_story(report, partnership_name, extra, coverage))
    return path


