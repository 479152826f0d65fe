"""The floors of the programme figure: the same brochure, web page and feed as the app's, each
written the way a specialist would write that one file - one SQL query for the sessions (with
their courses and confirmed places), plain tuples, and the writer's library used directly:

- page: string joins with html.escape (the same markup and inline CSS, byte for byte);
- feed: the VEVENT lines written as text with RFC 5545 escaping and folding (the same bytes);
  icalendar only for the one VTIMEZONE, as the app;
- brochure: bare ReportLab platypus - Paragraphs and Tables in the same embedded DejaVu font,
  one pass, the cover's contents drawn at the end into a form, long tables handed to the
  frame a page at a time (a specialist who has met ReportLab's re-measuring of a long
  table's remainder at every page break does this; without it the index alone takes 20 s).

Pure helpers for how dates read (`long_day`, `clock`, ...) come from domain.programme: they
are a few lines each and the texts must be the same. `check(url)` asserts the floors'
output equals ours (page and feed byte for byte, the brochure's text page by page).
"""

import base64
import html
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import text

from pscp_training.domain.programme import (
    booking_link,
    clock,
    length_text,
    long_day,
    month_year,
    outcome_lines,
)
from pscp_training.domain.years import LONDON

SESSIONS_SQL = """
    SELECT s.id, s.start_at, s.end_at, s.delivery, s.venue, s.status, s.capacity,
           s.version, s.updated_at, c.id, c.code, c.title, c.category, c.description,
           c.audience, c.learning_outcomes, c.default_duration_minutes, c.how_to_book,
           c.version,
           (SELECT COUNT(*) FROM bookings b WHERE b.session_id = s.id AND b.status = 'booked')
    FROM training_sessions s JOIN courses c ON c.id = s.course_id
    WHERE c.agency = 'multi' AND s.start_at >= :lo AND s.start_at < :hi
    ORDER BY s.start_at, s.id"""
ON_REQUEST_SQL = """
    SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, c.id, c.code, c.title,
           c.category, c.description, c.audience, c.learning_outcomes,
           c.default_duration_minutes, c.how_to_book, c.version, 0
    FROM courses c WHERE c.agency = 'single' AND c.active"""
SETTINGS_SQL = """SELECT key, value FROM settings
    WHERE key IN ('partnership_name', 'certificate_logo_png_base64')"""
OTHER = "Other courses"


def _aware(value):
    if value is None or isinstance(value, datetime) and value.tzinfo is not None:
        return value
    if isinstance(value, str):  # SQLite through text(): '2025-04-03 09:00:00.000000'
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC)


class Data:
    """The year's rows, grouped as the programme is: themes, their courses, their sessions."""

    def __init__(self, connection, lo: datetime, hi: datetime, now: datetime):
        bounds = {"lo": lo, "hi": hi}
        if connection.dialect.name == "sqlite":
            bounds = {k: v.replace(tzinfo=None).isoformat(sep=" ") for k, v in bounds.items()}
        rows = connection.execute(text(SESSIONS_SQL), bounds).all()
        on_request = connection.execute(text(ON_REQUEST_SQL)).all()
        settings = dict(connection.execute(text(SETTINGS_SQL)).all())
        self.name = settings.get("partnership_name") or "Portsmouth Safeguarding Children Partnership"
        logo = settings.get("certificate_logo_png_base64")
        self.logo = base64.b64decode(logo) if logo else None
        self.courses: dict[int, tuple] = {}
        self.sessions: dict[int, list] = defaultdict(list)
        self.cancelled: list = []  # (session, course id)
        for row in rows:
            (sid, start, end, delivery, venue, status, capacity, version, updated,
             cid, *_course, course_version, booked) = row
            self.courses[cid] = row[9:19]
            start, end = _aware(start), _aware(end)
            if status == "cancelled":
                places = "cancelled"
            elif start <= now:
                places = "has taken place"
            elif capacity is None:
                places = "places available"
            else:
                left = max(capacity - booked, 0)
                places = f"{left} place{'' if left == 1 else 's'} left" if left else "waiting list"
            if delivery == "online":
                where = f"Online ({venue})" if venue else "Online"
            else:
                where = venue or "Venue to be confirmed"
            session = (sid, start, end, where, places, status,
                       max(version - 1, 0) + max(course_version - 1, 0), _aware(updated))
            if status == "cancelled":
                self.cancelled.append((session, cid))
            else:
                self.sessions[cid].append(session)
        self.on_request = {row[9] for row in on_request}
        for row in on_request:
            self.courses[row[9]] = row[9:19]
        grouped = defaultdict(list)
        for cid, course in self.courses.items():
            if cid in self.sessions or cid in self.on_request:
                grouped[course[3] or OTHER].append(cid)

        def theme_order(name):
            return (all(c in self.on_request for c in grouped[name]), name == OTHER,
                    name.casefold())

        self.themes = [
            (name, sorted(grouped[name], key=lambda c: (
                c in self.on_request, self.courses[c][2].casefold(), self.courses[c][1])))
            for name in sorted(grouped, key=theme_order)
        ]
        # (session, course id) of every dated session, in date order
        self.dates = sorted(
            ((s, cid) for cid, sessions in self.sessions.items() for s in sessions),
            key=lambda e: (e[0][1], self.courses[e[1]][2], e[0][0]))


def read(db, period, now: datetime) -> Data:
    lo, hi = period.utc_bounds()
    with db.engine.connect() as connection:
        return Data(connection, lo, hi, now)
# --- the web page ---------------------------------------------------------------------------


def web_page(data: Data, period, produced: date) -> str:
    from pscp_training.services.programme.web_page import _CSS  # the same stylesheet text

    e = html.escape
    out = []
    add = out.append
    for theme, course_ids in data.themes:
        anchor = theme_anchor(theme)
        parts = []
        for cid in course_ids:
            _id, code, title, _cat, description, audience, outcomes, minutes, how, _v = \
                data.courses[cid]
            on_request = cid in data.on_request
            p = [f'<section aria-labelledby="course-{cid}">',
                 f'<h3 id="course-{cid}">{e(title)}</h3>']
            meta = [e(code)]
            if minutes:
                meta.append(f"Length: {e(length_text(minutes))}")
            meta.append("Single-agency: on request" if on_request else "Multi-agency")
            p.append(f'<p class="meta">{" · ".join(meta)}</p>')
            if description:
                p.append(f"<p>{e(description)}</p>")
            if audience:
                p.append(f"<p><strong>Who it is for:</strong> {e(audience)}</p>")
            lines = outcome_lines(outcomes)
            if lines:
                items = "".join(f"<li>{e(line)}</li>" for line in lines)
                p.append(f"<p><strong>By the end of the course you will:</strong></p><ul>{items}</ul>")
            if how:
                link = booking_link(how)
                shown = e(how)
                if link:
                    shown = f'<a class="book" href="{e(link)}">{shown}</a>'
                p.append(f"<p><strong>How to book:</strong> {shown}</p>")
            if on_request:
                p.append('<p class="on-request"><strong>On request:</strong> delivered for an '
                         "organisation's own staff, on a date agreed with the training team.</p>")
            else:
                rows = []
                for _sid, start, end, where, places, *_ in data.sessions[cid]:
                    shown = ('<span class="waiting">waiting list</span>'
                             if places == "waiting list" else e(places))
                    span = clock(start) + (f"–{clock(end)}" if end else "")
                    rows.append(f'<tr><td data-label="Date">{e(long_day(start))}</td>'
                                f'<td data-label="Time">{e(span)}</td>'
                                f'<td data-label="Venue">{e(where)}</td>'
                                f'<td data-label="Places">{shown}</td></tr>')
                p.append('<table class="sessions">'
                         f"<caption>Dates for {e(title)}</caption>"
                         '<thead><tr><th scope="col">Date</th><th scope="col">Time</th>'
                         '<th scope="col">Venue</th><th scope="col">Places</th></tr></thead>'
                         f"<tbody>{''.join(rows)}</tbody></table>")
            p.append("</section>")
            parts.append("\n".join(p))
        add(f'<section aria-labelledby="{anchor}">\n<h2 id="{anchor}">{e(theme)}</h2>\n'
            + "\n".join(parts) + "\n</section>")
    themes = "\n".join(out) or "<p>No courses are published for this period.</p>"
    if data.dates:
        rows, month = [], None
        for (_sid, start, _end, _where, places, *_), cid in data.dates:
            label = month_year(start)
            if label != month:
                month = label
                rows.append(f'<tr class="month"><th scope="rowgroup" colspan="3">{e(label)}</th></tr>')
            title = f'<a href="#course-{cid}">{e(data.courses[cid][2])}</a>'
            if places == "waiting list":
                title += ' <span class="waiting">(waiting list)</span>'
            rows.append(f"<tr><td>{e(long_day(start))}</td><td>{e(clock(start))}</td>"
                        f"<td>{title}</td></tr>")
        index = ('<h2 id="dates">Index of dates</h2>'
                 '<table><caption>Every dated session, in date order</caption>'
                 '<thead><tr><th scope="col">Date</th><th scope="col">Time</th>'
                 '<th scope="col">Course</th></tr></thead>'
                 f"<tbody>{''.join(rows)}</tbody></table>")
    else:
        index = '<h2 id="dates">Index of dates</h2><p>No dated sessions in this period.</p>'
    logo = ""
    if data.logo:
        logo = (f'<img src="data:image/png;base64,{base64.b64encode(data.logo).decode()}" '
                f'alt="{e(data.name)} logo">')
    contents = "".join(f'<li><a href="#{theme_anchor(t)}">{e(t)}</a></li>'
                       for t, _ in data.themes)
    name = period.name
    title = f"Training programme {name or period.label}"
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)} – {e(data.name)}</title>
<style>{_CSS}</style>
</head>
<body>
<header><div class="inner">
{logo}
<p>{e(data.name)}</p>
<h1>Training programme{(" " + e(name)) if name else ""}</h1>
<p>{e(f"{long_day(period.first_day)} to {long_day(period.last_day)}")}</p>
</div></header>
<main>
<nav aria-label="Themes"><h2 id="contents">Contents</h2>
<ul>{contents}<li><a href="#dates">Index of dates</a></li></ul></nav>
{themes}
{index}
</main>
<footer><p>Produced {e(long_day(produced))}. Places shown were those left on that
day; a full session takes names for its waiting list.</p></footer>
</body>
</html>
"""


def theme_anchor(name: str) -> str:
    import re

    return "theme-" + (re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "other")


# --- the feed -------------------------------------------------------------------------------


def _ics_text(value: str) -> str:
    return (value.replace(r"\N", "\n").replace("\\", "\\\\").replace(";", r"\;")
            .replace(",", r"\,").replace("\r\n", r"\n").replace("\n", r"\n")
            .replace("\r", r"\n"))


def _fold(line: str) -> str:
    """RFC 5545 3.1: lines of at most 75 octets (cut where icalendar cuts them)."""
    if len(line) < 75 and line.isascii():
        return line
    parts, current, count = [], [], 0
    for char in line:
        size = len(char.encode())
        if current and count + size >= 75:
            if len(current) > 1 and current[-1] in "\\^":
                kept = current.pop()
                parts.append("".join(current))
                current, count = [kept], len(kept.encode())
            else:
                parts.append("".join(current))
                current, count = [], 0
        current.append(char)
        count += size
    parts.append("".join(current))
    return "\r\n ".join(parts)


def feed(data: Data, period, stamp: datetime) -> bytes:
    from icalendar import Timezone

    first = period.first_day - timedelta(days=1)
    last = period.last_day + timedelta(days=2)
    zone = Timezone.from_tzinfo(LONDON, "Europe/London", date(first.year, 1, 1),
                                date(last.year, 12, 31)).to_ical().decode()
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//PSCP Training//Training programme//EN",
            "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
            _fold("X-WR-CALNAME:" + _ics_text(f"{data.name} training programme".strip())),
            "REFRESH-INTERVAL;VALUE=DURATION:PT12H", "X-PUBLISHED-TTL:PT12H",
            "X-WR-TIMEZONE:Europe/London", ""]
    out = ["\r\n".join(head), zone]
    dtstamp = f"DTSTAMP:{stamp.astimezone(UTC):%Y%m%dT%H%M%S}Z"
    descriptions = {}
    events = sorted([*data.dates, *data.cancelled], key=lambda e: (e[0][1], e[0][0]))
    for (sid, start, end, where, _places, status, sequence, updated), cid in events:
        _id, _code, title, category, description, audience, outcomes, minutes, how, _v = \
            data.courses[cid]
        if cid not in descriptions:
            parts = []
            if description:
                parts.append(description)
            if audience:
                parts.append(f"Who it is for: {audience}")
            lines = outcome_lines(outcomes)
            if lines:
                parts.append("You will:\n" + "\n".join(f"- {line}" for line in lines))
            if how:
                parts.append(f"How to book: {how}")
            descriptions[cid] = "\n\n".join(parts)
        if end is None and minutes:
            end = start + timedelta(minutes=minutes)
        lines = ["BEGIN:VEVENT", _fold("SUMMARY:" + _ics_text(title)),
                 f"DTSTART;TZID=Europe/London:{start.astimezone(LONDON):%Y%m%dT%H%M%S}"]
        if end is not None:
            lines.append(f"DTEND;TZID=Europe/London:{end.astimezone(LONDON):%Y%m%dT%H%M%S}")
        lines += [dtstamp, _fold(f"UID:session-{sid}@pscp-training.programme"),
                  f"SEQUENCE:{sequence}", _fold("CATEGORIES:" + _ics_text(category or OTHER))]
        if descriptions[cid]:
            lines.append(_fold("DESCRIPTION:" + _ics_text(descriptions[cid])))
        if updated is not None:
            lines.append(f"LAST-MODIFIED:{updated.astimezone(UTC):%Y%m%dT%H%M%S}Z")
        cancelled = status == "cancelled"
        link = booking_link(how)
        lines += [_fold("LOCATION:" + _ics_text(where)),
                  "STATUS:CANCELLED" if cancelled else "STATUS:CONFIRMED",
                  "TRANSP:TRANSPARENT" if cancelled else "TRANSP:OPAQUE"]
        if link and link.startswith("http"):
            lines.append(_fold("URL:" + link))
        lines.append("END:VEVENT\r\n")
        out.append("\r\n".join(lines))
    out.append("END:VCALENDAR\r\n")
    return "".join(out).encode()


# --- the brochure ---------------------------------------------------------------------------


def brochure(data: Data, period, produced: date, stream) -> None:
    """The same pages with bare platypus: the look (colours, styles, fonts) is the app's data."""
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import (
        BaseDocTemplate,
        CondPageBreak,
        Flowable,
        Frame,
        KeepTogether,
        NextPageTemplate,
        PageBreak,
        PageTemplate,
        Paragraph,
        Spacer,
        Table,
        TableStyle,
    )

    from pscp_training.pdf import styles as st
    from pscp_training.pdf.fonts import BOLD, REGULAR, register_fonts

    register_fonts()
    width, height = st.PORTRAIT
    inner = width - 2 * st.MARGIN
    x = html.escape
    theme_style = ParagraphStyle("T", parent=st.HEADING, fontSize=17, leading=22,
                                 textColor=colors.white, backColor=st.NAVY,
                                 borderPadding=(5, 6, 5, 6), spaceBefore=4, spaceAfter=12)
    course_style = ParagraphStyle("C", parent=st.HEADING, fontSize=13, leading=17,
                                  spaceBefore=10, spaceAfter=2)
    meta_style = ParagraphStyle("M", parent=st.SMALL, spaceAfter=5)
    label_style = ParagraphStyle("L", parent=st.BODY, fontName=BOLD, spaceAfter=1,
                                 textColor=st.TEAL)
    bullet_style = ParagraphStyle("B", parent=st.BODY, leftIndent=12, bulletIndent=2,
                                  spaceAfter=2, bulletFontName=REGULAR)
    cell = ParagraphStyle("S", parent=st.CELL, fontSize=9.5, leading=12)
    index_cell = ParagraphStyle("I", parent=st.CELL, fontSize=9, leading=11)
    contents_style = ParagraphStyle("N", parent=st.BODY, fontSize=10.5, leading=13, spaceAfter=0)
    contents_head = ParagraphStyle("H", parent=contents_style, fontName=BOLD, textColor=st.NAVY)
    waiting = colors.HexColor("#8A6A1E")
    session_cols = [60 * mm, 29 * mm, inner - 117 * mm, 28 * mm]
    index_cols = [54 * mm, 14 * mm, inner - 80 * mm, 12 * mm]
    pages: dict = {}

    class Paged(Flowable):
        """A long table given to the frame a page of rows at a time."""

        def __init__(self, head, rows, cols, style, row_cmds):
            super().__init__()
            self.head, self.rows, self.cols, self.style, self.row_cmds = \
                head, rows, cols, style, row_cmds
            self.hAlign = "LEFT"

        def _table(self, n):
            cmds = list(self.style)
            for i, own in enumerate(self.row_cmds[:n], start=1):
                cmds += [(c[0], (c[1], i), (c[2], i), *c[3:]) for c in own]
            t = Table([self.head, *self.rows[:n]], colWidths=self.cols, repeatRows=1,
                      hAlign="LEFT")
            t.setStyle(TableStyle(cmds))
            return t

        def wrap(self, w, h):
            if callable(self.rows):
                self.rows, self.row_cmds = self.rows()
            n = min(len(self.rows), int(h / 10) + 2)
            while True:
                self.t = self._table(n)
                tw, th = self.t.wrap(w, h)
                if th > h or n == len(self.rows):
                    return tw, th
                n = min(len(self.rows), n * 2)

        def split(self, w, h):
            parts = self.t.split(w, h)
            if len(parts) < 2:
                return parts
            used = len(parts[0]._cellvalues) - 1
            return [parts[0], Paged(self.head, self.rows[used:], self.cols, self.style,
                                    self.row_cmds[used:])]

        def drawOn(self, canvas, x_, y_, _sW=0):  # noqa: N802
            self.t.drawOn(canvas, x_, y_, _sW)

    def fits(text_, style, room):
        return text_ if stringWidth(text_, style.fontName, style.fontSize) <= room - 12 \
            else Paragraph(x(text_, quote=False), style)

    session_style = [*st.TABLE_GRID, ("BACKGROUND", (0, 0), (-1, 0), st.TEAL),
                     ("BOX", (0, 0), (-1, -1), 0.75, st.TEAL),
                     ("FONTSIZE", (0, 1), (-1, -1), 9.5), ("VALIGN", (0, 1), (-1, -1), "TOP")]
    story: list = [NextPageTemplate("page"), Spacer(1, 1), PageBreak()]
    if not data.themes:
        story.append(Paragraph("No courses are published for this period.", st.BODY))
    for theme, course_ids in data.themes:
        heading = Paragraph(x(theme, quote=False), theme_style)
        heading.key = ("theme", theme)
        story += [CondPageBreak(70 * mm), heading]
        for cid in course_ids:
            _id, code, title, _c, description, audience, outcomes, minutes, how, _v = \
                data.courses[cid]
            on_request = cid in data.on_request
            head = Paragraph(x(title, quote=False), course_style)
            head.key = cid
            meta = [x(code, quote=False)]
            if minutes:
                meta.append(f"Length: {length_text(minutes)}")
            meta.append("Single-agency: on request" if on_request else "Multi-agency")
            head = [head, Paragraph(" · ".join(meta), meta_style)]
            body = []
            if description:
                body.append(Paragraph(x(description, quote=False), st.BODY))
            if audience:
                body.append(Paragraph(f"<b>Who it is for:</b> {x(audience, quote=False)}",
                                      st.BODY))
            lines = outcome_lines(outcomes)
            if lines:
                body.append(Paragraph("By the end of the course you will:", label_style))
                body += [Paragraph(x(line, quote=False), bullet_style, bulletText="•")
                         for line in lines]
            if how:
                link, shown = booking_link(how), x(how, quote=False)
                if link:
                    shown = f"<a href='{x(link, quote=False)}' color='#1F5FA8'><u>{shown}</u></a>"
                body.append(Paragraph(f"<b>How to book:</b> {shown}", st.BODY))
            if on_request:
                body.append(Paragraph("<b>On request:</b> delivered for an organisation's own "
                                      "staff, on a date agreed with the training team.", st.BODY))
                story.append(KeepTogether(head + body))
                continue
            body.append(Spacer(1, 2 * mm))
            rows, cmds = [], []
            for i, (_sid, start, end, where, places, *_) in enumerate(data.sessions[cid]):
                span = clock(start) + (f"–{clock(end)}" if end else "")
                rows.append([fits(long_day(start), cell, session_cols[0]),
                             fits(span, cell, session_cols[1]),
                             fits(where, cell, session_cols[2]), places])
                own = (("BACKGROUND", 0, -1, st.PALE),) if i % 2 else ()
                if places == "waiting list":
                    own += (("TEXTCOLOR", 3, 3, waiting), ("FONTNAME", 3, 3, BOLD))
                cmds.append(own)
            story += [CondPageBreak(45 * mm), KeepTogether(head + body[:2]), *body[2:],
                      Paged(["Date", "Time", "Venue", "Places"], rows, session_cols,
                            session_style, cmds), Spacer(1, 3 * mm)]
        story.append(Spacer(1, 6 * mm))
    heading = Paragraph("Index of dates", theme_style)
    heading.key = ("index",)
    story += [PageBreak(), heading]

    def index_rows():
        rows, cmds, month = [], [], None
        month_cmds = (("SPAN", 0, -1), ("BACKGROUND", 0, -1, st.PALE), ("FONTNAME", 0, -1, BOLD),
                      ("TEXTCOLOR", 0, -1, st.NAVY), ("LINEABOVE", 0, -1, 0.75, st.LINE))
        for (_sid, start, _end, _where, places, *_), cid in data.dates:
            label = month_year(start)
            if label != month:
                month = label
                rows.append([label, "", "", ""])
                cmds.append(month_cmds)
            title = data.courses[cid][2]
            if places == "waiting list":
                title = Paragraph(f"{x(title, quote=False)} <font color='#8A6A1E'>"
                                  "(waiting list)</font>", index_cell)
            elif stringWidth(title, index_cell.fontName, index_cell.fontSize) > index_cols[2] - 8:
                title = Paragraph(x(title, quote=False), index_cell)
            rows.append([long_day(start), clock(start), title, str(pages.get(cid, ""))])
            cmds.append(())
        return rows, cmds

    if data.dates:
        story.append(Paged(["Date", "Time", "Course", "Page"], index_rows, index_cols,
                           [*st.TABLE_GRID, ("VALIGN", (0, 1), (-1, -1), "TOP"),
                            ("FONTSIZE", (0, 0), (-1, -1), 9),
                            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                            ("LEFTPADDING", (0, 0), (-1, -1), 4),
                            ("RIGHTPADDING", (0, 0), (-1, -1), 4)], []))
    else:
        story.append(Paragraph("No dated sessions in this period.", st.BODY))
    count = len(data.dates)

    class Contents(Flowable):
        def wrap(self, w, h):
            return 0, 0

        def drawOn(self, canvas, x_, y_, _sW=0):  # noqa: N802
            canvas.beginForm("contents")
            rows = [[Paragraph("Contents", contents_head), ""]]
            rows += [[Paragraph(x(t, quote=False), contents_style),
                      Paragraph(str(pages.get(("theme", t), "")), contents_style)]
                     for t, _ in data.themes]
            rows.append([Paragraph("Index of dates", contents_style),
                         Paragraph(str(pages.get(("index",), "")), contents_style)])
            table = Table(rows, colWidths=[90 * mm, 15 * mm])
            table.setStyle(TableStyle([
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("LINEBELOW", (0, 1), (-1, -1), 0.4, st.LINE),
                ("LINEBELOW", (0, 0), (-1, 0), 1, st.NAVY),
                ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
            _w, h = table.wrap(105 * mm, height - 192 * mm)
            table.drawOn(canvas, (width - 105 * mm) / 2, height - 162 * mm - h)
            canvas.endForm()

    story.append(Contents())

    def cover(canvas, _doc):
        canvas.saveState()
        canvas.setFillColor(st.NAVY)
        canvas.rect(0, height - 120 * mm, width, 120 * mm, stroke=0, fill=1)
        canvas.setFillColor(st.GOLD)
        canvas.rect(0, height - 123 * mm, width, 3 * mm, stroke=0, fill=1)
        top = height - 35 * mm
        para = Paragraph(x(data.name, quote=False), ParagraphStyle(
            "K", fontName=BOLD, fontSize=18, leading=23, textColor=colors.white, alignment=1))
        _w, h = para.wrap(width - 40 * mm, 40 * mm)
        para.drawOn(canvas, 20 * mm, top - h)
        top -= h + 10 * mm
        canvas.setFillColorRGB(1, 1, 1)
        canvas.setFont(BOLD, 30)
        canvas.drawCentredString(width / 2, top - 10 * mm, "Training programme")
        canvas.setFont(REGULAR, 15)
        if period.name:
            canvas.drawCentredString(width / 2, top - 21 * mm, period.name)
        canvas.setFillColor(st.NAVY)
        canvas.setFont(REGULAR, 12)
        y = height - 140 * mm
        canvas.drawCentredString(width / 2, y, f"{long_day(period.first_day)} to "
                                 f"{long_day(period.last_day)}")
        canvas.setFont(REGULAR, 11)
        canvas.setFillColor(st.MUTED)
        canvas.drawCentredString(width / 2, y - 9 * mm, f"{count} dated session"
                                 f"{'' if count == 1 else 's'} of multi-agency safeguarding "
                                 "training, and courses delivered on request")
        canvas.doForm("contents")
        canvas.setFont(REGULAR, 9)
        canvas.drawCentredString(width / 2, 20 * mm, f"Produced {produced.day} "
                                 f"{produced:%B %Y}. Places shown were those left on that day.")
        canvas.restoreState()

    footer_text = f"{data.name} · Training programme {period.name or period.label}"[:100]

    def page(canvas, _doc):
        canvas.saveState()
        canvas.setStrokeColor(st.LINE)
        canvas.setLineWidth(0.5)
        canvas.line(st.MARGIN, 12 * mm, width - st.MARGIN, 12 * mm)
        canvas.setFont(REGULAR, 8)
        canvas.setFillColor(st.MUTED)
        canvas.drawString(st.MARGIN, 8 * mm, footer_text)
        canvas.drawRightString(width - st.MARGIN, 8 * mm, f"Page {canvas.getPageNumber()}")
        canvas.restoreState()

    doc = BaseDocTemplate(stream, pagesize=st.PORTRAIT, title=f"Training programme {period.name}",
                          author=data.name, initialFontName=REGULAR)
    doc.addPageTemplates([
        PageTemplate(id="cover", frames=[Frame(st.MARGIN, 18 * mm, inner, height - 36 * mm)],
                     onPage=cover),
        PageTemplate(id="page", frames=[Frame(st.MARGIN, 18 * mm, inner,
                                              height - st.MARGIN - 18 * mm, leftPadding=0,
                                              rightPadding=0, topPadding=0, bottomPadding=0)],
                     onPage=page),
    ])

    def after(flowable):
        key = getattr(flowable, "key", None)
        if key is not None:
            pages.setdefault(key, doc.page)

    doc.afterFlowable = after
    doc.build(story)
