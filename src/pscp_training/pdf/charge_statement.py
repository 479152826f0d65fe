"""A charge statement: one organisation's no-show and late-cancellation charges for finance."""

from datetime import date
from typing import BinaryIO

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from pscp_training.domain.charging import format_pence
from pscp_training.domain.follow_up_records import OrganisationStatement
from pscp_training.domain.years import to_local
from pscp_training.pdf.fonts import BOLD
from pscp_training.pdf.styles import (
    BODY,
    CELL,
    CELL_BOLD,
    CELL_HEAD,
    MUTED,
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
from pscp_training.pdf.text import long_date, markup, paragraph

_AMOUNT = ParagraphStyle("StatementAmount", parent=CELL, alignment=TA_RIGHT)
_AMOUNT_BOLD = ParagraphStyle("StatementAmountBold", parent=CELL_BOLD, alignment=TA_RIGHT)
_HEAD_RIGHT = ParagraphStyle("StatementHeadRight", parent=CELL_HEAD, alignment=TA_RIGHT)
_COLUMNS = [27 * mm, 38 * mm, 50 * mm, 29 * mm, 30 * mm]  # date, delegate, course, kind, amount


def _rows(statement: OrganisationStatement) -> list[list]:
    header = [
        Paragraph("Date", CELL_HEAD),
        Paragraph("Delegate", CELL_HEAD),
        Paragraph("Course", CELL_HEAD),
        Paragraph("Charge", CELL_HEAD),
        Paragraph("Amount", _HEAD_RIGHT),
    ]
    rows = [header]
    for charge in statement.charges:
        what = charge.kind.label
        if charge.reason:
            what += f"<br/><font size=8 color='#5A6570'>{markup(charge.reason)}</font>"
        amount = format_pence(charge.amount_pence)
        if charge.waived:
            amount = f"<strike>{amount}</strike>"
            what += (
                f"<br/><font size=8 color='#5A6570'>Waived: {markup(charge.waiver_note)}</font>"
            )
        rows.append(
            [
                paragraph(to_local(charge.session_start).strftime("%d/%m/%Y"), CELL),
                paragraph(charge.delegate, CELL),
                Paragraph(
                    f"{markup(charge.course_title)}<br/><font size=8 color='#5A6570'>"
                    f"{markup(charge.course_code)}</font>",
                    CELL,
                ),
                Paragraph(what, CELL),
                Paragraph(amount, _AMOUNT),
            ]
        )
    rows.append(
        [
            Paragraph("Total due", CELL_BOLD),
            "",
            "",
            "",
            Paragraph(format_pence(statement.total_pence), _AMOUNT_BOLD),
        ]
    )
    return rows


def write_statement(
    statement: OrganisationStatement,
    stream: BinaryIO,
    *,
    partnership_name: str,
    issued: date,
) -> None:
    """One organisation's statement as a PDF: a line per charge and the total due."""
    title = f"Charge statement: {statement.organisation}"

    def on_page(canvas, _doc) -> None:
        footer(canvas, " · ".join(filter(None, (partnership_name.strip(), title)))[:110], PORTRAIT)

    doc = a4_document(stream, title=title, author=partnership_name, on_page=on_page)
    table = Table(_rows(statement), colWidths=_COLUMNS, repeatRows=1)
    style = [
        *TABLE_GRID,
        ("SPAN", (0, -1), (3, -1)),
        ("BACKGROUND", (0, -1), (-1, -1), PALE),
        ("LINEABOVE", (0, -1), (-1, -1), 1, NAVY),
        ("FONTNAME", (0, -1), (-1, -1), BOLD),
        ("VALIGN", (0, 1), (-1, -1), "TOP"),
    ]
    table.setStyle(TableStyle(style))
    waived = (
        f" Charges waived in the period ({format_pence(statement.waived_pence)}) are shown "
        "struck through, with the reason, and are not due."
        if statement.waived_pence
        else ""
    )
    story = [
        paragraph(partnership_name, SUBTITLE),
        paragraph("Charge statement", TITLE),
        Paragraph(f"<b>{markup(statement.organisation)}</b>", BODY),
        paragraph(
            f"Sector: {statement.sector or 'not recorded'} · Period: {statement.period_label}"
            f" · Issued {long_date(issued)}",
            SMALL,
        ),
        Spacer(1, 6 * mm),
        paragraph(
            "Under the partnership's training charging policy, a place booked on a "
            "multi-agency course and not used (a no-show, or a cancellation inside the "
            "notice period) is charged to the delegate's organisation: a place not used "
            f"is a place another practitioner could have had.{waived}",
            BODY,
        ),
        Spacer(1, 3 * mm),
        table,
        Spacer(1, 6 * mm),
        paragraph(
            "Please contact the training team with any query about this statement within "
            "30 days of its date.",
            ParagraphStyle("StatementNote", parent=SMALL, textColor=MUTED),
        ),
    ]
    doc.build(story)
