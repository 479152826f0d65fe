"""Reading an online-form export of evaluations (.csv/.xlsx): column mapping and validation.

The expected columns and the mapping file are described in docs/evaluation-import.md.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from pscp_training.domain.errors import Problem, ValidationFailed
from pscp_training.domain.evaluation_records import RATING_RANGES, EvaluationForm
from pscp_training.domain.identity import clean, is_email, key
from pscp_training.domain.wording import plural
from pscp_training.register.reading import read_table

REQUIRED = ("email", "course_code", "session_date")
ANSWERS = (
    "overall_rating",
    "objectives_met",
    "confidence_before",
    "confidence_after",
    "practice_change",
    "other_comments",
    "consent_to_quote",
)
COLUMNS = REQUIRED + ANSWERS

_YES = {"yes", "y", "true", "1", "agree", "i agree", "agreed"}
_NO = {"no", "n", "false", "0", "disagree", "i do not agree", "do not agree"}
# "4", "4.0" or the way forms label a choice: "4 - Good", "4 (Good)".
_RATING = re.compile(r"^\s*(\d+)(?:\.0+)?(?:\s*(?:[-–:(].*|[A-Za-z].*))?$")
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%d %b %Y",
                 "%d %B %Y")
_TIME_FORMATS = ("%H:%M", "%H:%M:%S")


@dataclass(frozen=True)
class EvaluationRow:
    """One response from the file: who, which session, and the answers."""

    line: int
    email: str
    course_code: str
    session_date: date
    session_time: time | None
    form: EvaluationForm


@dataclass
class EvaluationFile:
    """The valid rows of a file, the file's name and what is worth a warning."""

    name: str
    rows: list[EvaluationRow]
    warnings: list[str] = field(default_factory=list)


def read_mapping(path: str | Path) -> dict[str, str]:
    """A mapping file: lines `our_column = Their column header`; `#` starts a comment.

    Raises ValidationFailed naming the line of any problem.
    """
    path = Path(path)
    if not path.is_file():
        raise ValidationFailed(
            f"The column mapping {path.name} cannot be used.",
            [Problem(None, None, None, f"There is no file {path}.")],
        )
    mapping: dict[str, str] = {}
    problems: list[Problem] = []
    text = path.read_text(encoding="utf-8-sig")
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        ours, sep, theirs = line.partition("=")
        ours, theirs = key(ours).replace(" ", "_"), theirs.strip()
        if not sep or not theirs:
            problems.append(Problem(number, None, line, "Write each line as “our_column = Their column header”."))
        elif ours not in COLUMNS:
            problems.append(
                Problem(number, None, ours, f"There is no column '{ours}'; the columns are "
                        + ", ".join(COLUMNS) + ".")
            )
        else:
            mapping[ours] = theirs
    if problems:
        raise ValidationFailed(f"The column mapping {path.name} cannot be used.", problems)
    return mapping


def _header_positions(header: list[str], mapping: dict[str, str]) -> tuple[dict[str, int], list[Problem], list[str]]:
    """Where each of our columns is in the file; missing required columns are problems."""
    by_key: dict[str, int] = {}
    for index, name in enumerate(header):
        by_key.setdefault(key(name), index)
    positions: dict[str, int] = {}
    problems: list[Problem] = []
    for ours in COLUMNS:
        wanted = mapping.get(ours, ours)
        index = by_key.get(key(wanted))
        if index is None and ours not in mapping:
            index = by_key.get(key(ours.replace("_", " ")))
        if index is not None:
            positions[ours] = index
        elif ours in REQUIRED:
            how = f"'{wanted}' (mapped from {ours})" if ours in mapping else f"'{ours}'"
            problems.append(Problem(1, wanted, None, f"The required column {how} is not in the header."))
    used = set(positions.values())
    unknown = [h for i, h in enumerate(header) if h and i not in used]
    warnings = [f"These columns were not read: {', '.join(unknown)}."] if unknown else []
    return positions, problems, warnings


def parse_rating(text: str, name: str) -> int | None:
    """A rating from the text a form writes; raises ValueError with the sentence to show."""
    if not text:
        return None
    low, high = RATING_RANGES[name]
    match = _RATING.match(text)
    value = int(match.group(1)) if match else None
    if value is None or not low <= value <= high:
        raise ValueError(f"This must be a whole number from {low} to {high}.")
    return value


def parse_consent(text: str) -> bool:
    folded = key(text)
    if not folded or folded in _NO:
        return False
    if folded in _YES or folded.startswith("yes"):
        return True
    raise ValueError("Write yes or no (blank means no).")


def parse_session_date(text: str) -> tuple[date, time | None]:
    """A date, or a date and time, as people and spreadsheets write them (day first)."""
    day_part, _, time_part = text.strip().replace("T", " ").partition(" ")
    if time_part and not time_part[0].isdigit():  # "15 June 2022": no time in it
        day_part, time_part = text.strip(), ""
    for fmt in _DATE_FORMATS:
        try:
            day = datetime.strptime(day_part, fmt).date()
            break
        except ValueError:
            continue
    else:
        raise ValueError("This is not a date; write it like 2022-06-15 or 15/06/2022.")
    if not time_part:
        return day, None
    for fmt in _TIME_FORMATS:
        try:
            at = datetime.strptime(time_part.strip(), fmt).time()
            return day, (None if at == time(0) else at)
        except ValueError:
            continue
    raise ValueError("The time after the date is not a time; write it like 09:30.")


def _parse_row(line: int, cells: dict[str, str], problems: list[Problem]) -> EvaluationRow | None:
    found_before = len(problems)
    for name in REQUIRED:
        if not cells.get(name):
            problems.append(Problem(line, name, None, f"The {name.replace('_', ' ')} is missing."))
    email = cells.get("email", "")
    if email and not is_email(email):
        problems.append(Problem(line, "email", email, "This is not an email address."))
    when: tuple[date, time | None] | None = None
    if cells.get("session_date"):
        try:
            when = parse_session_date(cells["session_date"])
        except ValueError as error:
            problems.append(Problem(line, "session_date", cells["session_date"], str(error)))
    answers: dict = {}
    for name in RATING_RANGES:
        try:
            answers[name] = parse_rating(cells.get(name, ""), name)
        except ValueError as error:
            problems.append(Problem(line, name, cells.get(name), str(error)))
    try:
        answers["consent_to_quote"] = parse_consent(cells.get("consent_to_quote", ""))
    except ValueError as error:
        problems.append(Problem(line, "consent_to_quote", cells.get("consent_to_quote"), str(error)))
    answers["practice_change"] = clean(cells.get("practice_change"))
    answers["other_comments"] = clean(cells.get("other_comments"))
    if len(problems) > found_before or when is None:
        return None
    form = EvaluationForm(**answers)
    if form.is_empty():
        problems.append(Problem(line, None, None, "This response has no answers at all."))
        return None
    return EvaluationRow(line, email, cells["course_code"], when[0], when[1], form)


def read_evaluations(path: str | Path, mapping: dict[str, str] | None = None) -> EvaluationFile:
    """Every response in the file, or ValidationFailed listing every problem by line and column."""
    table = read_table(path)
    positions, problems, warnings = _header_positions(table.header, mapping or {})
    if problems:
        raise ValidationFailed(
            f"{table.name} cannot be imported: its header lacks required columns "
            "(a column mapping can name them as your form does).",
            problems,
            table.warnings + warnings,
        )
    rows: list[EvaluationRow] = []
    for line, values in zip(table.lines, table.rows, strict=True):
        cells = {name: values[index].strip() for name, index in positions.items()}
        row = _parse_row(line, cells, problems)
        if row is not None:
            rows.append(row)
    if problems:
        raise ValidationFailed(
            f"{table.name} was not imported: {_lines_with_problems(len({p.line for p in problems}))}. "
            "Correct them and import the file again; nothing was saved.",
            problems,
            table.warnings + warnings,
        )
    if not rows:
        raise ValidationFailed(
            f"{table.name} holds no responses.", [Problem(None, None, None, "The file has a header but no rows.")],
            table.warnings + warnings,
        )
    return EvaluationFile(table.name, rows, table.warnings + warnings)


def _lines_with_problems(count: int) -> str:
    return f"{plural(count, 'line')} {'has a problem' if count == 1 else 'have problems'}"
