"""Spin boxes for values a form may leave unset: a length in hours and minutes, a count."""

import re

from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QSpinBox

NOT_SET = "Not set"


def length_text(minutes: int) -> str:
    """`3 h 30 min`, `2 h`, `45 min`."""
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours} h {rest:02d} min"
    return f"{hours} h" if hours else f"{rest} min"


_LENGTH = re.compile(r"^\s*(?:(\d+)\s*(?:h|hr|hrs|hours?)\s*)?(?:(\d+)\s*(?:m|min|mins|minutes?)?)?\s*$")
_CLOCK = re.compile(r"^\s*(\d+):(\d{1,2})\s*$")


def parse_length(text: str) -> int | None:
    """Minutes in `3 h 30 min`, `3h30`, `3:30`, `90 min`, `90` (minutes); None if unreadable."""
    if match := _CLOCK.match(text):
        return int(match.group(1)) * 60 + int(match.group(2))
    match = _LENGTH.match(text.casefold())
    if not match or not any(match.groups()):
        return None
    hours, minutes = match.groups()
    return int(hours or 0) * 60 + int(minutes or 0)


class LengthSpinBox(QSpinBox):
    """A length that steps in half hours and reads as `3 h 30 min`; 0 shows "Not set".

    Up from "Not set" gives the usual half-day session rather than half an hour.
    """

    FIRST = 180

    def __init__(self, maximum_minutes: int = 24 * 60, parent=None):
        super().__init__(parent)
        self.setRange(0, maximum_minutes)
        self.setSingleStep(30)
        self.setSpecialValueText(NOT_SET)
        self.setValue(0)

    def textFromValue(self, value: int) -> str:
        return length_text(value)

    def valueFromText(self, text: str) -> int:
        parsed = parse_length(text)
        return 0 if parsed is None else parsed

    def validate(self, text: str, pos: int):
        if text in (NOT_SET, "") or NOT_SET.casefold().startswith(text.casefold()):
            return QValidator.State.Intermediate if text != NOT_SET else \
                QValidator.State.Acceptable, text, pos
        parsed = parse_length(text)
        if parsed is None:
            return QValidator.State.Intermediate, text, pos
        if parsed > self.maximum():
            return QValidator.State.Invalid, text, pos
        return QValidator.State.Acceptable, text, pos

    def stepBy(self, steps: int) -> None:
        if self.value() == self.minimum() and steps > 0:
            self.setValue(self.FIRST)
            self.selectAll()
            return
        super().stepBy(steps)

    def minutes(self) -> int | None:
        return self.value() or None


class OptionalCountSpinBox(QSpinBox):
    """A count where 0 reads "Not set" (no course has a usual capacity of nobody)."""

    def __init__(self, maximum: int, suffix: str, first: int = 20, parent=None):
        super().__init__(parent)
        self.first = first
        self.setRange(0, maximum)
        self.setSuffix(suffix)
        self.setSpecialValueText(NOT_SET)
        self.setValue(0)

    def stepBy(self, steps: int) -> None:
        if self.value() == self.minimum() and steps > 0:
            self.setValue(self.first)
            self.selectAll()
            return
        super().stepBy(steps)

    def count(self) -> int | None:
        return self.value() or None
