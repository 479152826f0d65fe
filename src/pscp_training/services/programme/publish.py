"""Publishing the programme: one period, one format, one file written whole or not at all."""

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from pscp_training.db.engine import Database
from pscp_training.domain.errors import Cancelled, InputError
from pscp_training.domain.programme import FORMATS, Programme, ProgrammePeriod
from pscp_training.pdf.filenames import replacing
from pscp_training.services.programme.gather import gather_programme


def write_programme(
    programme: Programme, fmt: str, path: Path, *, now: datetime | None = None
) -> Path:
    """Write a gathered programme as a brochure (pdf), a web page (html) or a feed (ics)."""
    if fmt not in FORMATS:
        raise InputError(f"'{fmt}' is not a programme format; choose pdf, html or ics.")
    path = Path(path)
    with replacing(path) as stream:
        # Each writer's library is loaded when that format is asked for (ReportLab is slow
        # to import, and the app's window must open without it).
        if fmt == "pdf":
            from pscp_training.pdf.brochure import write_brochure

            write_brochure(programme, stream)
        elif fmt == "html":
            from pscp_training.services.programme.web_page import build_web_page

            stream.write(build_web_page(programme).encode("utf-8"))
        else:
            from pscp_training.services.programme.calendar_feed import build_feed

            stream.write(build_feed(programme, stamp=now))
    return path


def publish_programme(
    db: Database,
    period: ProgrammePeriod,
    fmt: str,
    path: Path,
    *,
    now: datetime | None = None,
    progress: Callable[[int, int], bool] | None = None,
) -> Programme:
    """Gather the period's programme and write it to `path`; returns what was published.

    `progress(done, total)` hears of the two steps; when it returns False the work
    stops before the file is written. Raises InputError (an unknown format, a file
    that cannot be written), Cancelled.
    """
    if fmt not in FORMATS:
        raise InputError(f"'{fmt}' is not a programme format; choose pdf, html or ics.")
    path = Path(path)
    if path.is_dir():
        raise InputError(f"{path} is a folder; give the name of the file to write.")
    if progress is not None and not progress(0, 2):
        raise Cancelled("The programme was not published.")
    programme = gather_programme(db, period, now=now)
    if progress is not None and not progress(1, 2):
        raise Cancelled("The programme was not published.")
    try:
        write_programme(programme, fmt, path, now=now)
    except OSError as error:
        raise InputError(f"{path} could not be written ({error.strerror or error}).") from None
    if progress is not None:
        progress(2, 2)
    return programme
