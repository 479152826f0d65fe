"""The register import's reading of job roles as safeguarding roles, by the team's wordings.

Only a job role that is exactly a recognised wording sets the role (never a guess), only for
a new delegate or one whose job role the file changes (importing the same file again changes
nothing, and a role set by hand stands), and the import's summary says who was recorded.
"""

from sqlalchemy.orm import Session

from pscp_training.domain.import_records import RegisterRow
from pscp_training.domain.refreshers import role_from_job_role
from pscp_training.services.refreshers.refresher_settings import read_role_wordings

_NAMED = 5


class RoleReader:
    def __init__(self, session: Session):
        self.wordings = read_role_wordings(session)
        self.recorded: list[tuple[int, str, str]] = []  # line, name, role label

    def read(self, row: RegisterRow, existing: dict | None, wanted: dict) -> None:
        """Put the role the row's job role names into the planned delegate, if it names one."""
        if existing is not None and existing.get("job_role") == row.job_role:
            return  # the same job role as stored: a role set (or cleared) by hand stands
        role = role_from_job_role(row.job_role, self.wordings)
        if role is None:
            return
        if existing is not None and existing.get("safeguarding_role") == role.value:
            return
        wanted["safeguarding_role"] = role.value
        self.recorded.append((row.line, f"{row.first_name} {row.last_name}", role.label))

    def warnings(self) -> list[str]:
        if not self.recorded:
            return []
        named = "; ".join(f"{name} as {role} (line {line})"
                          for line, name, role in self.recorded[:_NAMED])
        more = len(self.recorded) - _NAMED
        count = len(self.recorded)
        return [
            f"{count} delegate{'s' if count != 1 else ''} recorded as DSL or deputy DSL from "
            f"the job role, by the wordings in Settings › Refreshers: {named}"
            + (f"; and {more} more." if more > 0 else ".")
        ]
