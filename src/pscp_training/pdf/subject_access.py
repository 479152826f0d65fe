"""The subject-access export as a PDF: a delegate's details, bookings, related records and history."""

from datetime import datetime
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table

from pscp_training.pdf.styles import (
    BODY,
    CELL,
    CELL_BOLD,
    HEADING,
    MARGIN,
    PORTRAIT,
    SMALL,
    SUBTITLE,
    TABLE_GRID,
    TITLE,
    a4_document,
    footer,
)
from pscp_training.pdf.text import markup

SECTION_NAMES = {
    "evaluations": "Evaluations",
    "booking_follow_ups": "Non-attendance follow-ups",
    "charges": "Charges",
    "message_log": "Messages sent",
    "issued_certificates": "Certificates issued",
}
WIDTH = PORTRAIT[0] - 2 * MARGIN


def _value(value) -> str:
    """A stored value as a person reads it: dates written out, yes/no for true/false."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and value[10] == "T":
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        return moment.strftime("%d %b %Y %H:%M")
    return str(value)


def _field(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _pairs(row: dict) -> Table:
    """One record as a two-column table of field and value."""
    data = [
        [Paragraph(markup(_field(k)), CELL_BOLD), Paragraph(markup(_value(v)), CELL)]
        for k, v in row.items()
    ]
    table = Table(data, colWidths=[WIDTH * 0.32, WIDTH * 0.68])
    table.setStyle([s for s in TABLE_GRID if s[0] not in ("BACKGROUND", "TEXTCOLOR")])
    return table


def _history(lines: list[dict]) -> Table:
    header = [Paragraph(f"<b>{h}</b>", CELL) for h in ("When", "Who", "What", "Change")]
    data = [header]
    for line in lines:
        created = line["action"] == "created"
        change = (
            "; ".join(
                f"{c['field']}: {c['after']}"
                if created
                else f"{c['field']}: {c['before']} → {c['after']}"
                for c in line["changes"]
            )
            or line["action"]
        )
        data.append(
            [
                Paragraph(markup(_value(line["when"])), CELL),
                Paragraph(markup(line["who"]), CELL),
                Paragraph(markup(f"{line['action']}: {line['what']}"), CELL),
                Paragraph(markup(change), CELL),
            ]
        )
    table = Table(
        data, colWidths=[WIDTH * 0.17, WIDTH * 0.15, WIDTH * 0.28, WIDTH * 0.40], repeatRows=1
    )
    table.setStyle(
        [s for s in TABLE_GRID if s[0] not in ("TEXTCOLOR",)]
        + [("BACKGROUND", (0, 0), (-1, 0), "#EEF3F7")]
    )
    return table


def write_subject_access_pdf(report: dict, path: Path) -> None:
    """Draw the export (the JSON form of `SubjectAccessReport`) into a PDF file."""
    story = [
        Paragraph("Personal data held about " + markup(report["name"]), TITLE),
        Paragraph(
            "Subject-access export made "
            + markup(_value(report["made_at"]))
            + " by PSCP Training. It lists every record the training database holds "
            "about this person.",
            SUBTITLE,
        ),
    ]
    if report.get("anonymised"):
        story.append(
            Paragraph(
                "This person's personal details were removed on "
                + markup(_value(report["anonymised"]["at"])[:11])
                + "; what remains is kept only for the partnership's yearly figures.",
                BODY,
            )
        )
    story += [Paragraph("Personal details", HEADING), _pairs(report["details"])]
    story.append(Paragraph(f"Bookings ({len(report['bookings'])})", HEADING))
    if not report["bookings"]:
        story.append(Paragraph("None.", BODY))
    for booking in report["bookings"]:
        story += [_pairs(booking), Spacer(1, 4 * mm)]
    for table_name, rows in report["related_records"].items():
        story.append(Paragraph(SECTION_NAMES.get(table_name, _field(table_name)), HEADING))
        for row in rows:
            story += [_pairs(row), Spacer(1, 4 * mm)]
    story.append(Paragraph("History of changes", HEADING))
    if report["change_history"]:
        story.append(_history(report["change_history"]))
    else:
        story.append(Paragraph("No changes recorded.", BODY))
    story.append(Spacer(1, 6 * mm))
    story.append(Paragraph("Dates and times are UK local time.", SMALL))
    with path.open("wb") as stream:
        doc = a4_document(
            stream,
            title=f"Subject-access export: {report['name']}",
            author="PSCP Training",
            on_page=lambda canvas, _doc: footer(
                canvas, f"Subject-access export - {report['name']} - confidential"
            ),
        )
        doc.build(story)
