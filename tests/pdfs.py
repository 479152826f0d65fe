"""Reading a PDF's text the way a person reads the page (pypdf), for tests of printed output."""

from pathlib import Path

from pypdf import PdfReader


def pdf_text(path: Path) -> str:
    """All pages' text, with line breaks and runs of spaces folded to one space."""
    text = "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
    return " ".join(text.split())
