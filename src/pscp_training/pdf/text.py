"""User text made safe for ReportLab's paragraph markup, and figures written as people read them."""

import unicodedata
from datetime import date, datetime
from xml.sax.saxutils import escape

from reportlab.platypus import Paragraph


def clean(text: object) -> str:
    """Text as it should print: NFC-composed, control characters dropped, spaces single.

    Names typed on a Mac arrive decomposed (e + combining diaeresis); composing them
    keeps the embedded font from drawing the accent as a separate glyph.
    """
    if text is None:
        return ""
    value = unicodedata.normalize("NFC", str(text))
    value = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch
        for ch in value
        if unicodedata.category(ch) != "Cf" or ch == "\u200d"
    )
    return " ".join(value.split())


def markup(text: object) -> str:
    """User text escaped for Paragraph markup: `<`, `&` and `>` print as written."""
    return escape(clean(text))


def paragraph(text: object, style, *, bold: bool = False) -> Paragraph:
    """A Paragraph of user text (escaped), optionally bold."""
    body = markup(text)
    return Paragraph(f"<b>{body}</b>" if bold else body, style)


def whole_number(value: int | float | None) -> str:
    """1766 -> '1,766'; None -> '–' (no figure)."""
    if value is None:
        return "–"
    return f"{int(round(value)):,}"


def percent(value: float | None, places: int = 2) -> str:
    """80.18 -> '80.18%', 79.0 -> '79%'; None -> '–'."""
    if value is None:
        return "–"
    shown = f"{value:,.{places}f}"
    if "." in shown:
        shown = shown.rstrip("0").rstrip(".")
    return f"{shown}%"


def long_date(day: date | datetime) -> str:
    """1 June 2022 (no leading zero, as the team writes dates)."""
    return f"{day.day} {day:%B %Y}"


def cpd_hours(minutes: int | None) -> str:
    """180 -> '3 CPD hours', 90 -> '1.5 CPD hours', 20 -> '0.33 CPD hours'."""
    if minutes is None:
        return ""
    hours = round(minutes / 60, 2)
    shown = f"{hours:.2f}".rstrip("0").rstrip(".")  # always has a point: 2 places
    return f"{shown} CPD hour" + ("" if hours == 1 else "s")
