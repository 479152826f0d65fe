"""A CSV as spreadsheets save it: its encoding (refused unless cleanly one) and its separator."""

import codecs
import csv
import re
from collections.abc import Sequence

from pscp_training.domain.errors import Problem

SEPARATORS = (",", ";", "\t")
SEPARATOR_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs"}

_BOMS = (
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
# One valid multi-byte UTF-8 sequence: a file holding one is not Windows-1252 text.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
SAVE_AGAIN = "save it from Excel as 'CSV UTF-8 (Comma delimited)' or as an .xlsx workbook"


_NUL = ("This line holds a NUL character: the file is damaged, or it is binary data rather "
        "than text.")


class Unreadable(Exception):
    """The file is not cleanly readable; `problem` names the line where that shows."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


def _line_at(data: bytes | str, offset: int, newline) -> int:
    return data.count(newline, 0, offset) + 1


def decode(raw: bytes) -> tuple[str, str | None]:
    """The file's text and a warning (Windows-1252), or Unreadable naming the first bad line.

    A file with a byte-order mark must be valid in that encoding throughout; one
    without is UTF-8 when valid, Windows-1252 only when it holds no UTF-8 sequence.
    """
    for bom, codec, label in _BOMS:
        if raw.startswith(bom):
            body = raw[len(bom):]
            try:
                text = body.decode(codec)
            except UnicodeDecodeError as error:
                newline = "\n".encode(codec)
                line = _line_at(body, error.start - error.start % len(newline), newline)
                raise Unreadable(Problem(
                    line, None, None,
                    f"The file starts as {label} text but this line is not valid {label}: it "
                    f"is damaged or two files were pasted together; {SAVE_AGAIN}.",
                )) from error
            return _checked(text), None
    if raw[:4].count(b"\x00") >= 1 and raw[1:2] == b"\x00":
        raise Unreadable(Problem(
            1, None, None,
            "This looks like Unicode (UTF-16) text without its byte-order mark, or is not a "
            f"text file at all; {SAVE_AGAIN}.",
        ))
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise Unreadable(Problem(_line_at(raw, nul, b"\n"), None, None, _NUL))
    try:
        return _checked(raw.decode("utf-8")), None
    except UnicodeDecodeError as error:
        first_bad = error.start
    sequence = _UTF8_SEQUENCE.search(raw)
    if sequence is not None:
        raise Unreadable(Problem(
            _line_at(raw, first_bad, b"\n"), None, None,
            "This line is not valid UTF-8, while other lines of the file are: the file mixes "
            "two encodings (a damaged file, or two files pasted together), so its names cannot "
            f"be read reliably; {SAVE_AGAIN}.",
        ))
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError as error:
        raise Unreadable(Problem(
            _line_at(raw, error.start, b"\n"), None, None,
            f"This line holds a byte that is not a letter in any encoding the register reads "
            f"(UTF-8 or Windows-1252); the file is damaged or not a text file; {SAVE_AGAIN}.",
        )) from error
    return _checked(text), (
        "The file is not UTF-8, so it was read as Windows-1252 (as Excel on Windows saves "
        "'CSV (Comma delimited)'); names with letters that encoding cannot hold are refused."
    )


def _checked(text: str) -> str:
    """Refuse a NUL character or a second byte-order mark anywhere, naming the line."""
    for char, why in (
        ("\x00", _NUL[len("This line "):-1]),
        ("\ufeff", "holds a second byte-order mark: two exports seem to have been pasted "
                   "together; import them one at a time"),
    ):
        at = text.find(char)
        if at >= 0:
            raise Unreadable(Problem(_line_at(text, at, "\n"), None, None, f"This line {why}."))
    return text


def separator(lines: Sequence[str], is_header) -> str:
    """The separator of the header line: the one that splits a line into the known columns.

    `is_header(cells)` says whether a line's cells name the required columns; where
    no line does, the separator found most in the first line that holds one.
    """
    for sep in SEPARATORS:
        for line in lines:
            if sep in line and is_header(next(csv.reader([line], delimiter=sep), [])):
                return sep
    for line in lines:
        counts = {sep: line.count(sep) for sep in SEPARATORS}
        if any(counts.values()):
            return max(SEPARATORS, key=lambda sep: counts[sep])
    return ","


# A line as io.StringIO(newline="") gives it: ended by \n, \r or \r\n, kept as written.
_LINE = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+")


def split_records(text: str, sep: str):
    """Each record's values in file order; raises csv.Error with the reader's line.

    The lines are cut from the text one by one: a StringIO of the whole file held it a
    second time at four bytes a character (100 MB of a 24 MB register, the import's peak).
    """
    return csv.reader((line.group() for line in _LINE.finditer(text)), delimiter=sep)
