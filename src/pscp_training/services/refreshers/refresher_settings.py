"""The refreshers' team settings: the job-role wordings read as a role, and 'due soon' months."""

import json
from dataclasses import dataclass

from sqlalchemy.orm import Session

from pscp_training.db.engine import Database
from pscp_training.domain.errors import InputError
from pscp_training.domain.identity import clean
from pscp_training.domain.refreshers import (
    DEFAULT_DUE_SOON_MONTHS,
    DEFAULT_ROLE_WORDINGS,
    SafeguardingRole,
)
from pscp_training.services.settings.team_settings import read_setting, write_setting

ROLE_WORDINGS = "refreshers.role_wordings"
DUE_SOON_MONTHS = "refreshers.due_soon_months"
MAX_DUE_SOON_MONTHS = 24


@dataclass(frozen=True)
class RefresherSettings:
    wordings: dict[SafeguardingRole, tuple[str, ...]]
    due_soon_months: int = DEFAULT_DUE_SOON_MONTHS


def read_role_wordings(session: Session) -> dict[SafeguardingRole, tuple[str, ...]]:
    text = read_setting(session, ROLE_WORDINGS)
    if not text:
        return dict(DEFAULT_ROLE_WORDINGS)
    try:
        stored = json.loads(text)
        return {role: tuple(stored.get(role.value, ())) for role in SafeguardingRole}
    except (ValueError, AttributeError, TypeError):
        return dict(DEFAULT_ROLE_WORDINGS)  # a damaged setting falls back, never stops an import


def read_due_soon_months(session: Session) -> int:
    try:
        months = int(read_setting(session, DUE_SOON_MONTHS) or DEFAULT_DUE_SOON_MONTHS)
    except ValueError:
        return DEFAULT_DUE_SOON_MONTHS
    return min(max(months, 0), MAX_DUE_SOON_MONTHS)


def get_refresher_settings(db: Database) -> RefresherSettings:
    with db.read() as session:
        return RefresherSettings(read_role_wordings(session), read_due_soon_months(session))


def parse_wordings(text: str) -> tuple[str, ...]:
    """Wordings typed one a line or separated by semicolons, blanks and repeats dropped."""
    found: list[str] = []
    for part in (text or "").replace(";", "\n").splitlines():
        word = " ".join(part.split())
        if word and word.casefold() not in (w.casefold() for w in found):
            found.append(word)
    return tuple(found)


def save_refresher_settings(db: Database, settings: RefresherSettings) -> RefresherSettings:
    """Raises InputError for a 'due soon' window out of range or a wording given to both roles."""
    if not 0 <= settings.due_soon_months <= MAX_DUE_SOON_MONTHS:
        raise InputError(
            f"'Due soon' must be 0 to {MAX_DUE_SOON_MONTHS} months before the due date."
        )
    cleaned = {
        role: tuple(w for w in (clean(x) for x in settings.wordings.get(role, ())) if w)
        for role in SafeguardingRole
    }
    dsl = {w.casefold() for w in cleaned[SafeguardingRole.DSL]}
    both = [w for w in cleaned[SafeguardingRole.DEPUTY_DSL] if w.casefold() in dsl]
    if both:
        raise InputError(
            f"The wording '{both[0]}' is given both for DSL and for deputy DSL; keep it for one."
        )
    with db.write() as session:
        write_setting(
            session, ROLE_WORDINGS, json.dumps({r.value: list(w) for r, w in cleaned.items()})
        )
        write_setting(session, DUE_SOON_MONTHS, str(settings.due_soon_months))
    return RefresherSettings(cleaned, settings.due_soon_months)
