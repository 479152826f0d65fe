"""The embedded Unicode font (DejaVu Sans), registered with ReportLab once per process."""

from threading import Lock

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from pscp_training.locations import resources_dir

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"

_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}
_lock = Lock()
_registered = False


def register_fonts() -> None:
    """Register DejaVu Sans (regular and bold) so every name prints, whatever its script.

    ReportLab's built-in fonts lack letters such as ễ or Ł; DejaVu has them and is
    shipped in resources/fonts so Windows machines without it still print correctly.
    """
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        folder = resources_dir() / "fonts"
        for name, file_name in _FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(folder / file_name)))
        # <b> in paragraph markup picks the bold face of the family.
        addMapping(REGULAR, 0, 0, REGULAR)
        addMapping(REGULAR, 1, 0, BOLD)
        addMapping(REGULAR, 0, 1, REGULAR)
        addMapping(REGULAR, 1, 1, BOLD)
        _registered = True
