"""The programme as one self-contained HTML page: no scripts, no external files, inline CSS.

The team uploads the file to the partnership's website as it is, so everything it needs
(the logo as a data: URI, the styles) is inside it, and it reads on a phone.
"""

import base64
from html import escape

from pscp_training.domain.programme import (
    Programme,
    ProgrammeCourse,
    ProgrammeSession,
    ProgrammeTheme,
    long_day,
)

_CSS = """
:root{--navy:#1F3A5F;--teal:#2A7F8F;--gold:#8A6A1E;--pale:#EEF3F7;--line:#B7C4D1;--ink:#222}
*{box-sizing:border-box}
body{margin:0;font-family:"Segoe UI",Arial,"DejaVu Sans",sans-serif;color:var(--ink);
line-height:1.5;font-size:1rem;background:#fff}
header{background:var(--navy);color:#fff;padding:1.5rem 1rem;border-bottom:.3rem solid #B8913A}
header .inner,main,footer{max-width:60rem;margin:0 auto}
header img{max-height:5rem;max-width:14rem;background:#fff;padding:.4rem;border-radius:.3rem}
header p{margin:.2rem 0}
h1{font-size:2rem;margin:.6rem 0 .2rem}
main{padding:0 1rem 2rem}
nav ul{padding-left:1.2rem}
h2{background:var(--navy);color:#fff;padding:.4rem .7rem;margin:2rem 0 1rem;font-size:1.4rem}
h3{color:var(--navy);margin:1.6rem 0 .2rem;font-size:1.2rem}
.meta{color:#5A6570;font-size:.9rem;margin:0 0 .5rem}
a{color:#1F5FA8}
a:focus{outline:3px solid #B8913A;outline-offset:2px}
.book{font-weight:bold}
table{border-collapse:collapse;width:100%;margin:.6rem 0 1rem}
caption{text-align:left;font-weight:bold;color:var(--teal);padding:.2rem 0}
th,td{text-align:left;padding:.45rem .6rem;border-bottom:1px solid var(--line);vertical-align:top}
thead th{background:var(--teal);color:#fff}
tbody tr:nth-child(even){background:var(--pale)}
.waiting{color:var(--gold);font-weight:bold}
.month th{background:var(--pale);color:var(--navy)}
.on-request{border-left:.3rem solid var(--teal);padding:.1rem .8rem;background:var(--pale)}
footer{padding:1rem;color:#5A6570;font-size:.9rem;border-top:1px solid var(--line)}
@media (max-width:40rem){
 h1{font-size:1.5rem}
 table.sessions thead{position:absolute;left:-9999px}
 table.sessions,table.sessions tbody,table.sessions tr,table.sessions td{display:block;width:100%}
 table.sessions tr{border:1px solid var(--line);margin-bottom:.6rem;padding:.3rem 0}
 table.sessions td{border:0;padding:.15rem .6rem}
 table.sessions td::before{content:attr(data-label) ": ";font-weight:bold;color:var(--navy)}
 table.sessions caption{display:block;width:100%}
}
@media print{header{background:#fff;color:var(--ink)}h2{background:#fff;color:var(--navy)}}
"""


def _e(text: object) -> str:
    return escape(str(text or ""), quote=True)


def _places(session: ProgrammeSession) -> str:
    text = session.availability
    if text == "waiting list":
        return f'<span class="waiting">{text}</span>'
    return _e(text)


def _sessions(course: ProgrammeCourse) -> str:
    rows = "".join(
        "<tr>"
        f'<td data-label="Date">{_e(s.date_text)}</td>'
        f'<td data-label="Time">{_e(s.time_text)}</td>'
        f'<td data-label="Venue">{_e(s.where)}</td>'
        f'<td data-label="Places">{_places(s)}</td>'
        "</tr>"
        for s in course.sessions
    )
    return (
        '<table class="sessions">'
        f"<caption>Dates for {_e(course.title)}</caption>"
        '<thead><tr><th scope="col">Date</th><th scope="col">Time</th>'
        '<th scope="col">Venue</th><th scope="col">Places</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def _course(course: ProgrammeCourse) -> str:
    parts = [f'<section aria-labelledby="course-{course.id}">',
             f'<h3 id="course-{course.id}">{_e(course.title)}</h3>']
    meta = [_e(course.code)]
    if course.length:
        meta.append(f"Length: {_e(course.length)}")
    meta.append("Single-agency: on request" if course.on_request else "Multi-agency")
    parts.append(f'<p class="meta">{" · ".join(meta)}</p>')
    if course.description:
        parts.append(f"<p>{_e(course.description)}</p>")
    if course.audience:
        parts.append(f"<p><strong>Who it is for:</strong> {_e(course.audience)}</p>")
    if course.learning_outcomes:
        items = "".join(f"<li>{_e(line)}</li>" for line in course.learning_outcomes)
        parts.append(f"<p><strong>By the end of the course you will:</strong></p><ul>{items}</ul>")
    if course.how_to_book:
        link = course.booking_link
        shown = _e(course.how_to_book)
        if link:
            shown = f'<a class="book" href="{_e(link)}">{shown}</a>'
        parts.append(f"<p><strong>How to book:</strong> {shown}</p>")
    if course.on_request:
        parts.append(
            '<p class="on-request"><strong>On request:</strong> delivered for an '
            "organisation's own staff, on a date agreed with the training team.</p>"
        )
    else:
        parts.append(_sessions(course))
    parts.append("</section>")
    return "\n".join(parts)


def _theme(theme: ProgrammeTheme) -> str:
    courses = "\n".join(_course(c) for c in theme.courses)
    return (
        f'<section aria-labelledby="{theme.anchor}">\n'
        f'<h2 id="{theme.anchor}">{_e(theme.name)}</h2>\n{courses}\n</section>'
    )


def _index(programme: Programme) -> str:
    entries = programme.dates()
    if not entries:
        return '<h2 id="dates">Index of dates</h2><p>No dated sessions in this period.</p>'
    rows, month = [], None
    for entry in entries:
        label = entry.session.month_text
        if label != month:
            month = label
            rows.append(f'<tr class="month"><th scope="rowgroup" colspan="3">{_e(label)}</th></tr>')
        title = (f'<a href="#course-{entry.course.id}">{_e(entry.course_title)}</a>')
        if entry.session.availability == "waiting list":
            title += ' <span class="waiting">(waiting list)</span>'
        rows.append(
            f"<tr><td>{_e(entry.session.date_text)}</td>"
            f"<td>{_e(entry.session.start_clock)}</td><td>{title}</td></tr>"
        )
    return (
        '<h2 id="dates">Index of dates</h2>'
        '<table><caption>Every dated session, in date order</caption>'
        '<thead><tr><th scope="col">Date</th><th scope="col">Time</th>'
        '<th scope="col">Course</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def build_web_page(programme: Programme) -> str:
    """The whole page as text (UTF-8 when written)."""
    logo = ""
    if programme.logo_png:
        data = base64.b64encode(programme.logo_png).decode("ascii")
        logo = (f'<img src="data:image/png;base64,{data}" '
                f'alt="{_e(programme.partnership_name)} logo">')
    period = programme.period
    span = f"{long_day(period.first_day)} to {long_day(period.last_day)}"
    contents = "".join(
        f'<li><a href="#{t.anchor}">{_e(t.name)}</a></li>' for t in programme.themes
    )
    themes = "\n".join(_theme(t) for t in programme.themes) or (
        "<p>No courses are published for this period.</p>"
    )
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(programme.title)} – {_e(programme.partnership_name)}</title>
<style>{_CSS}</style>
</head>
<body>
<header><div class="inner">
{logo}
<p>{_e(programme.partnership_name)}</p>
<h1>Training programme{(" " + _e(period.name)) if period.name else ""}</h1>
<p>{_e(span)}</p>
</div></header>
<main>
<nav aria-label="Themes"><h2 id="contents">Contents</h2>
<ul>{contents}<li><a href="#dates">Index of dates</a></li></ul></nav>
{themes}
{_index(programme)}
</main>
<footer><p>Produced {_e(long_day(programme.produced))}. Places shown were those left on that
day; a full session takes names for its waiting list.</p></footer>
</body>
</html>
"""
