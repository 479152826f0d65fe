"""Settings the whole team shares, kept in the database: notice period, partnership details."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from pscp_training.db.engine import Database
from pscp_training.db.models import Setting
from pscp_training.domain.errors import InputError
from pscp_training.domain.rules import DEFAULT_NOTICE_WORKING_DAYS

NOTICE_WORKING_DAYS = "notice_working_days"
PARTNERSHIP_NAME = "partnership_name"

DEFAULTS: dict[str, str] = {
    NOTICE_WORKING_DAYS: str(DEFAULT_NOTICE_WORKING_DAYS),
    PARTNERSHIP_NAME: "Portsmouth Safeguarding Children Partnership",
}


def read_setting(session: Session, key: str) -> str | None:
    value = session.scalar(select(Setting.value).where(Setting.key == key))
    return value if value is not None else DEFAULTS.get(key)


def write_setting(session: Session, key: str, value: str | None) -> None:
    row = session.get(Setting, key)
    if value is None:
        if row is not None:
            session.delete(row)
        return
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
    session.flush()


def get_setting(db: Database, key: str) -> str | None:
    with db.read() as session:
        return read_setting(session, key)


def set_setting(db: Database, key: str, value: str | None) -> None:
    with db.write() as session:
        write_setting(session, key, value)


def notice_working_days(session: Session) -> int:
    try:
        return max(int(read_setting(session, NOTICE_WORKING_DAYS) or 0), 0)
    except ValueError:
        return DEFAULT_NOTICE_WORKING_DAYS


def set_notice_working_days(db: Database, days: int) -> None:
    """Raises InputError for a negative or absurd notice period."""
    if not 0 <= days <= 60:
        raise InputError("The notice period must be between 0 and 60 working days.")
    set_setting(db, NOTICE_WORKING_DAYS, str(days))
