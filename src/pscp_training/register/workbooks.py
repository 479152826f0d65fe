"""The first visible sheet of an .xlsx or .ods workbook, read within its cells' real extent."""

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import iterparse

from pscp_training.domain.errors import Problem
from pscp_training.register.text_files import Unreadable

_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"


class Sheet:
    """A sheet's name, the sheets passed over, and its rows (at most `width` values each)."""

    def __init__(self, name: str, skipped: list[str], hidden: list[str], rows: Iterator[tuple]):
        self.name = name
        self.skipped = skipped  # visible sheets after the one read
        self.hidden = hidden
        self.rows = rows


def _refuse(message: str) -> Unreadable:
    return Unreadable(Problem(None, None, None, message))


def read_xlsx(path: Path, raw: bytes, width: int) -> Sheet:
    """Rows of the first visible sheet, each cut to `width` values; none past the last cell.

    Read-only openpyxl streams the sheet's XML: a stated dimension of XFD1048576
    costs nothing, and the caller stops reading at the cap it keeps.
    """
    from openpyxl import load_workbook

    if not zipfile.is_zipfile(io.BytesIO(raw)):
        raise _refuse("This is not an Excel workbook (.xlsx); open it in Excel and save it again.")
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged workbook
        raise _refuse(f"The workbook could not be read ({error}).") from error
    sheets = book.worksheets
    visible = [s for s in sheets if s.sheet_state == "visible"]
    if not visible:
        book.close()
        raise _refuse("The workbook has no visible sheet; unhide the register's sheet in Excel.")
    sheet = visible[0]
    sheet.reset_dimensions()  # never trust the stated extent: read the cells that are there

    def rows() -> Iterator[tuple]:
        try:
            yield from sheet.iter_rows(max_col=width, values_only=True)
        except Exception as error:
            raise _refuse(f"The workbook could not be read ({error}).") from error
        finally:
            book.close()

    return Sheet(
        sheet.title,
        [s.title for s in visible[1:]],
        [s.title for s in sheets if s.sheet_state != "visible"],
        rows(),
    )


def _ods_visibility(raw: bytes) -> list[tuple[str, bool]]:
    """Each sheet's name and whether it is shown, from content.xml (streamed)."""
    hidden_styles: set[str] = set()
    sheets: list[tuple[str, bool]] = []
    style_name = None
    with zipfile.ZipFile(io.BytesIO(raw)) as archive, archive.open("content.xml") as content:
        for event, element in iterparse(content, events=("start", "end")):
            if event == "start" and element.tag == f"{_STYLE}style":
                style_name = element.get(f"{_STYLE}name")
            elif event == "start" and element.tag == f"{_STYLE}table-properties":
                if element.get(f"{_TABLE}display") == "false" and style_name:
                    hidden_styles.add(style_name)
            elif event == "start" and element.tag == f"{_TABLE}table":
                shown = element.get(f"{_TABLE}style-name") not in hidden_styles
                sheets.append((element.get(f"{_TABLE}name") or "", shown))
            if event == "end" and element.tag not in (f"{_STYLE}style",):
                element.clear()
    return sheets


def read_ods(path: Path, raw: bytes, width: int) -> Sheet:
    """The first visible sheet of an OpenDocument spreadsheet, read with pandas' odf engine."""
    import pandas as pd

    if not zipfile.is_zipfile(io.BytesIO(raw)):
        raise _refuse("This is not an OpenDocument spreadsheet (.ods); save it again from "
                      "LibreOffice Calc.")
    try:
        sheets = _ods_visibility(raw)
    except (KeyError, zipfile.BadZipFile, SyntaxError) as error:
        raise _refuse(f"The spreadsheet could not be read ({error}).") from error
    visible = [name for name, shown in sheets if shown]
    if not visible:
        raise _refuse("The spreadsheet has no visible sheet; unhide the register's sheet.")
    try:
        frame = pd.read_excel(path, sheet_name=visible[0], header=None, dtype=object,
                              engine="odf")
    except Exception as error:
        raise _refuse(f"The spreadsheet could not be read ({error}).") from error
    frame = frame.iloc[:, :width]
    rows = (tuple(None if v is pd.NaT or (isinstance(v, float) and v != v) else v for v in row)
            for row in frame.itertuples(index=False))
    return Sheet(visible[0], visible[1:], [n for n, shown in sheets if not shown], rows)
