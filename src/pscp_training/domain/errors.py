"""Errors whose messages a training administrator reads.

Every message is a whole sentence that says what went wrong and, where it
helps, what to do; the UI shows it in a dialog and the command line prints it.
"""

from dataclasses import dataclass


class PscpError(Exception):
    """Base of every error meant for the user; `str(error)` is the message."""

    exit_code = 1


class InputError(PscpError):
    """The request or the data given was wrong; nothing was written (exit status 2)."""

    exit_code = 2


class NotFound(InputError):
    """A course, session, booking, delegate or organisation that does not exist."""


class RuleViolation(InputError):
    """A booking rule refused the action (full, duplicate, past session, ...)."""


class StaleRecord(PscpError):
    """Someone else saved a change to the same record first (optimistic locking)."""


class Cancelled(PscpError):
    """The person stopped a long piece of work; nothing of it was kept."""


class DatabaseProblem(PscpError):
    """The database cannot be used (unreachable, on a network share, newer than this app)."""


@dataclass(frozen=True)
class Problem:
    """One problem in a file: where it is, what was found and what was expected."""

    line: int | None
    column: str | None
    value: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column:
            where.append(f"column '{self.column}'")
        prefix = ", ".join(where)
        shown = f" (value '{self.value}')" if self.value not in (None, "") else ""
        return f"{prefix}{shown}: {self.message}" if prefix else f"{self.message}{shown}"


class ValidationFailed(InputError):
    """A file (or form) had problems; the whole of it was rejected and nothing written."""

    def __init__(self, summary: str, problems: list[Problem], warnings: list[str] | None = None):
        self.summary = summary
        self.problems = list(problems)
        self.warnings = list(warnings or [])
        super().__init__(summary)

    def __str__(self) -> str:
        lines = [self.summary]
        lines.extend(f"  {p}" for p in self.problems[:200])
        if len(self.problems) > 200:
            lines.append(f"  ... and {len(self.problems) - 200} more problems.")
        return "\n".join(lines)
