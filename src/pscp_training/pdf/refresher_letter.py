"""A letter to one organisation: who is due a refresher, and the next sessions with places."""

from datetime import date
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from pscp_training.domain.refresher_records import (
    OrganisationCurrency,
    PersonCurrency,
    QualifyingSession,
    RequirementRecord,
)
from pscp_training.domain.refreshers import Currency
from pscp_training.domain.years import to_local
from pscp_training.pdf.styles import (
    BODY,
    CELL,
    CELL_HEAD,
    HEADING,
    PORTRAIT,
    SMALL,
    SUBTITLE,
    TABLE_GRID,
    TITLE,
    a4_document,
    footer,
)
from pscp_training.pdf.text import long_date, markup, paragraph


def when_due(person: PersonCurrency) -> str:
    """'Overdue since 2 October 2026', 'Due by 3 March 2027', 'No training on record'."""
    if person.due is None:
        return "No qualifying training on record"
    if person.status is Currency.OVERDUE:
        return f"Overdue since {long_date(person.due)}"
    return f"Due by {long_date(person.due)}"


def session_line(s: QualifyingSession) -> str:
    start = to_local(s.start)
    places = "places available" if s.places_left is None else (
        f"{s.places_left} place{'s' if s.places_left != 1 else ''} left")
    where = f", {s.venue}" if s.venue else ""
    return f"{long_date(start)} at {start:%H:%M}: {s.course_title} ({s.course_code}){where}, {places}"


def letter_text(
    organisation: OrganisationCurrency,
    requirement: RequirementRecord,
    people: tuple[PersonCurrency, ...],
    sessions: tuple[QualifyingSession, ...],
    partnership_name: str,
) -> str:
    """The same letter as plain text, for the email."""
    lines = [
        f"Dear colleague at {organisation.name},",
        "",
        f"Our records show that {requirement.name} for the following "
        f"{'person' if len(people) == 1 else 'people'} is due or overdue "
        f"(it is in date for {requirement.period_years} years from the last qualifying course):",
        "",
        *(f"- {p.full_name}, {p.role.label if p.role else 'staff'}: {when_due(p)}"
          + (f" (last: {p.last_course_code} on {long_date(p.last_attended)})"
             if p.last_attended else "")
          for p in people),
        "",
    ]
    if sessions:
        lines += ["The next sessions of qualifying courses with places left:", "",
                  *(f"- {session_line(s)}" for s in sessions), ""]
    else:
        lines += ["There is no qualifying session with places left at the moment; we will write "
                  "when new dates are published.", ""]
    lines += ["To book, reply to this message or call the training team.", "",
              "With thanks,", partnership_name, "Training team"]
    return "\n".join(lines) + "\n"


def write_refresher_letter(
    stream: BinaryIO,
    organisation: OrganisationCurrency,
    requirement: RequirementRecord,
    people: tuple[PersonCurrency, ...],
    sessions: tuple[QualifyingSession, ...],
    *,
    partnership_name: str,
    issued: date,
) -> None:
    title = f"{requirement.name}: refreshers due at {organisation.name}"

    def on_page(canvas, _doc) -> None:
        footer(canvas, f"{partnership_name} · {title}"[:110], PORTRAIT)

    doc = a4_document(stream, title=title, author=partnership_name, on_page=on_page)
    due_rows = [[Paragraph(h, CELL_HEAD) for h in ("Name", "Role", "Last qualifying course", "When")]]
    for p in people:
        last = (f"{markup(p.last_course_code)}, {long_date(p.last_attended)}"
                if p.last_attended else "None on record")
        due_rows.append([paragraph(p.full_name, CELL),
                         paragraph(p.role.label if p.role else "", CELL),
                         Paragraph(last, CELL), paragraph(when_due(p), CELL)])
    due_table = Table(due_rows, colWidths=[45 * mm, 25 * mm, 50 * mm, 54 * mm], repeatRows=1)
    due_table.setStyle(TableStyle([*TABLE_GRID, ("VALIGN", (0, 1), (-1, -1), "TOP")]))
    story = [
        paragraph(partnership_name, SUBTITLE),
        paragraph(f"{requirement.name}: refreshers due", TITLE),
        Paragraph(f"<b>{markup(organisation.name)}</b>", BODY),
        paragraph(f"{long_date(issued)}", SMALL),
        Spacer(1, 5 * mm),
        paragraph("Dear colleague,", BODY),
        paragraph(
            f"{requirement.name} stays in date for {requirement.period_years} years from the "
            "last qualifying course attended. Our records show it is due, or overdue, for:",
            BODY,
        ),
        due_table,
        Paragraph("Next sessions with places", HEADING),
    ]
    if sessions:
        rows = [[Paragraph(h, CELL_HEAD) for h in ("Date", "Course", "Venue", "Places left")]]
        for s in sessions:
            start = to_local(s.start)
            rows.append([
                paragraph(f"{start:%a %d %b %Y %H:%M}", CELL),
                Paragraph(f"{markup(s.course_title)}<br/><font size=8 color='#5A6570'>"
                          f"{markup(s.course_code)}</font>", CELL),
                paragraph(s.venue or "", CELL),
                paragraph("no limit" if s.places_left is None else str(s.places_left), CELL),
            ])
        table = Table(rows, colWidths=[38 * mm, 70 * mm, 44 * mm, 22 * mm], repeatRows=1)
        table.setStyle(TableStyle([*TABLE_GRID, ("VALIGN", (0, 1), (-1, -1), "TOP")]))
        story.append(table)
    else:
        story.append(paragraph("No qualifying session has places left at the moment; we will "
                               "write when new dates are published.", BODY))
    story += [
        Spacer(1, 6 * mm),
        paragraph("To book a place, reply to the training team or call us. Thank you for keeping "
                  "your safeguarding leads' training in date.", BODY),
        Spacer(1, 4 * mm),
        paragraph("With thanks,", BODY),
        paragraph(f"The training team, {partnership_name}", BODY),
    ]
    doc.build(story)
