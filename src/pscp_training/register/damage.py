"""Damaged copies of stored text: `Paweł` saved as `Pawe?`, `PaweÅ‚` or `Pawe³`.

A value is a damaged copy of a stored one when it differs from it only at the
stored value's non-ASCII letters: each may have become `?`, U+FFFD, a few other
non-ASCII characters (mojibake, another code page) or a plain letter (accents
dropped). Adding accents (`Zoe` -> `Zoë`) is never damage.
"""

import re
import unicodedata
from functools import lru_cache

_ASCII = re.compile(r"[\x00-\x7f]+")
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
_SUSPECT_RUN = re.compile("[?\u0080-\U0010ffff]+")
_MARK = "\x00"
# What one lost letter may have become.
_LOST = r"[^\x00-\x7f]{1,4}|\?{1,3}|\ufffd{1,3}"
_SPELLED = {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae",
            "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i"}


def _spaced(text: str) -> str:
    return " ".join(text.split())


def has_non_ascii(text: str) -> bool:
    return not text.isascii()


@lru_cache(maxsize=1 << 14)
def _pattern(stored: str) -> re.Pattern:
    parts = []
    for char in stored:
        if char.isascii():
            parts.append(re.escape(char))
            continue
        plain = plain_letters(char)
        accents_dropped = f"|{re.escape(plain)}" if plain.isascii() and plain else ""
        parts.append(f"(?:{_LOST}{accents_dropped})")
    return re.compile("".join(parts), re.IGNORECASE)


def is_damaged_copy(stored: str | None, value: str | None) -> bool:
    """Whether `value` is `stored` with some of its non-ASCII letters lost."""
    if not stored or not value:
        return False
    stored, value = _spaced(stored), _spaced(value)
    if stored == value or stored.isascii():
        return False
    return _pattern(stored).fullmatch(value) is not None


def plain_letters(text: str) -> str:
    """The text with accents dropped (`Paweł` -> `Pawel`), for finding an ASCII copy."""
    spelled = "".join(_SPELLED.get(c, c) for c in text)
    decomposed = unicodedata.normalize("NFKD", spelled)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _stored_skeleton(text: str) -> str:
    return _NON_ASCII_RUN.sub(_MARK, _spaced(text)).casefold()


def _value_skeleton(text: str) -> str:
    return _SUSPECT_RUN.sub(_MARK, _spaced(text)).casefold()


class DamageIndex:
    """Stored values with non-ASCII letters, found again from a damaged copy of one of them."""

    def __init__(self, values=()):
        self._by_skeleton: dict[str, list[str]] = {}
        self._by_plain: dict[str, list[str]] = {}
        for value in values:
            self.add(value)

    def add(self, stored: str | None) -> None:
        if not stored or stored.isascii():
            return
        self._by_skeleton.setdefault(_stored_skeleton(stored), []).append(stored)
        self._by_plain.setdefault(_spaced(plain_letters(stored)).casefold(), []).append(stored)

    def original_of(self, value: str | None) -> str | None:
        """The stored value that `value` is a damaged copy of, or None."""
        if not value or not (self._by_skeleton or self._by_plain):
            return None
        if value.isascii() and "?" not in value:
            candidates = self._by_plain.get(_spaced(value).casefold(), [])
        else:
            candidates = self._by_skeleton.get(_value_skeleton(value), [])
        for stored in candidates:
            if is_damaged_copy(stored, value):
                return stored
        return None


def damage_message(stored: str) -> str:
    return f"This is a damaged copy of '{stored}', which the app already holds. {LOST_LETTERS}"


LOST_LETTERS = (
    "Letters were lost when the file was saved in an encoding that cannot hold them (such as "
    "Excel's 'CSV (Comma delimited)'): save it as 'CSV UTF-8' or as an .xlsx workbook and "
    "import it again; to correct a name, edit it in the app."
)
