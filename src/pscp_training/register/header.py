"""Matching a file's header row to the register's columns: case, spaces, missing and extra."""

from collections.abc import Sequence
from dataclasses import dataclass

from pscp_training.domain.errors import Problem
from pscp_training.register.columns import Column
from pscp_training.register.reading import Table, column_name


@dataclass(frozen=True)
class HeaderMatch:
    index: dict[str, int]  # column name -> position in the file's rows
    problems: list[Problem]
    warnings: list[str]


def required_names(columns: Sequence[Column]) -> tuple[str, ...]:
    """The columns every file must have: what identifies its header row among title rows."""
    return tuple(c.name for c in columns if c.required in ("yes", "present"))


def match_header(table: Table, columns: Sequence[Column]) -> HeaderMatch:
    """Where each known column is; problems for missing required and repeated columns."""
    known = {column.name for column in columns}
    index: dict[str, int] = {}
    problems: list[Problem] = []
    extra: list[str] = []
    for position, title in enumerate(table.header):
        name = column_name(title)
        if not name:
            continue
        if name not in known:
            extra.append(title.strip())
        elif name in index:
            problems.append(
                Problem(table.header_line, title, None, f"The column '{name}' appears twice in the header row; keep one.")
            )
        else:
            index[name] = position
    for column in columns:
        if column.required in ("yes", "present") and column.name not in index:
            problems.append(
                Problem(
                    table.header_line,
                    column.name,
                    None,
                    f"The required column '{column.name}' is missing from the header row.",
                )
            )
    warnings = []
    if extra:
        names = ", ".join(f"'{name}'" for name in extra)
        plural = "s" if len(extra) > 1 else ""
        warnings.append(
            f"{table.name}: the column{plural} {names} "
            f"{'are' if plural else 'is'} not part of the register and "
            f"{'were' if plural else 'was'} ignored."
        )
    return HeaderMatch(index, problems, warnings)


def lines_text(lines: Sequence[int], most: int = 6) -> str:
    """`lines 4, 9 and 12` (or the first few and how many more) for messages."""
    shown = [str(line) for line in lines[:most]]
    more = len(lines) - len(shown)
    if more > 0:
        return f"lines {', '.join(shown)} and {more:,} more"
    if len(shown) == 1:
        return f"line {shown[0]}"
    return f"lines {', '.join(shown[:-1])} and {shown[-1]}"
