"""Telling organisations: for each with someone due or overdue, a letter (PDF) and an email
listing who is due and the next sessions of qualifying courses with places left."""

from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from pathlib import Path

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from pscp_training.db.engine import Database
from pscp_training.db.models import Booking, Course, TrainingSession
from pscp_training.db.models_refresher import RefresherCourse
from pscp_training.domain.enums import BookingStatus, SessionStatus
from pscp_training.domain.refresher_records import (
    OrganisationCurrency,
    PersonCurrency,
    QualifyingSession,
    RequirementRecord,
)
from pscp_training.domain.years import now_utc
from pscp_training.pdf.filenames import FileNamer
from pscp_training.pdf.refresher_letter import letter_text, write_refresher_letter
from pscp_training.services.messages.settings import read_mail_settings
from pscp_training.services.messages.transports import SendFailed, Transport, configured_transport
from pscp_training.services.refreshers.currency import (
    chosen_requirement,
    local_today,
    organisations,
)
from pscp_training.services.settings.team_settings import PARTNERSHIP_NAME, read_setting

SESSIONS_LISTED = 6


@dataclass(frozen=True)
class OrganisationLetter:
    organisation: OrganisationCurrency
    requirement: RequirementRecord
    people: tuple[PersonCurrency, ...]
    sessions: tuple[QualifyingSession, ...]


@dataclass(frozen=True)
class TellingOutcome:
    """Letters written or emails sent (one line each), and what could not be done."""

    done: tuple[str, ...]
    failed: tuple[str, ...]


def next_sessions(
    session: Session, requirement_id: int, now: datetime, limit: int = SESSIONS_LISTED
) -> tuple[QualifyingSession, ...]:
    """Scheduled sessions to come of the requirement's courses that still have places."""
    booked = (
        select(Booking.session_id, func.count().label("booked"))
        .where(Booking.status == BookingStatus.BOOKED.value)
        .group_by(Booking.session_id)
        .subquery()
    )
    taken = func.coalesce(booked.c.booked, 0)
    rows = session.execute(
        select(TrainingSession.id, Course.code, Course.title, TrainingSession.start_at,
               TrainingSession.venue, TrainingSession.capacity, taken)
        .join(Course, Course.id == TrainingSession.course_id)
        .outerjoin(booked, booked.c.session_id == TrainingSession.id)
        .where(
            TrainingSession.course_id.in_(
                select(RefresherCourse.course_id)
                .where(RefresherCourse.requirement_id == requirement_id)),
            TrainingSession.status == SessionStatus.SCHEDULED.value,
            TrainingSession.start_at > now,
            or_(TrainingSession.capacity.is_(None), taken < TrainingSession.capacity),
        )
        .order_by(TrainingSession.start_at, TrainingSession.id)
        .limit(limit)
    )
    return tuple(
        QualifyingSession(sid, code, title, start, venue,
                          None if capacity is None else capacity - int(n))
        for sid, code, title, start, venue, capacity, n in rows
    )


def letters_due(
    db: Database, requirement_id: int | None = None, *, now: datetime | None = None,
    organisation_ids: list[int] | None = None,
) -> tuple[list[OrganisationLetter], str]:
    """A letter for each organisation with someone due soon, overdue or never trained (or those
    of `organisation_ids`), and the partnership's name to sign them with. Raises NotFound."""
    now = now or now_utc()
    covered = organisations(db, requirement_id, now=now, sort="name")
    with db.read() as session:
        requirement = chosen_requirement(session, requirement_id)
        if requirement is None:
            return [], ""
        sessions = next_sessions(session, requirement.id, now)
        partnership = read_setting(session, PARTNERSHIP_NAME) or ""
    letters = [
        OrganisationLetter(o, requirement, o.needing_training(), sessions)
        for o in covered
        if o.needing_training() and (organisation_ids is None or o.organisation_id in organisation_ids)
    ]
    return letters, partnership


def write_letters(
    db: Database, folder: Path, requirement_id: int | None = None, *,
    now: datetime | None = None, organisation_ids: list[int] | None = None,
) -> list[Path]:
    """One PDF per organisation in `folder` (never over an existing file). Raises NotFound."""
    now = now or now_utc()
    letters, partnership = letters_due(db, requirement_id, now=now,
                                       organisation_ids=organisation_ids)
    namer = FileNamer(Path(folder))
    written: list[Path] = []
    try:
        for letter in letters:
            path = namer.claim(f"{letter.requirement.name} - {letter.organisation.name}")
            with path.open("wb") as stream:
                write_refresher_letter(stream, letter.organisation, letter.requirement,
                                       letter.people, letter.sessions,
                                       partnership_name=partnership, issued=local_today(now))
            written.append(path)
    except BaseException:
        namer.release()
        raise
    return written


def email_letters(
    db: Database, requirement_id: int | None = None, *, transport: Transport | None = None,
    now: datetime | None = None, organisation_ids: list[int] | None = None,
) -> TellingOutcome:
    """Email each organisation's letter to its people who are due (those with an address),
    through File › Messages' transport (SMTP or .eml files). Raises InputError when the mail
    settings are incomplete, NotFound."""
    now = now or now_utc()
    transport = transport or configured_transport(db)
    letters, partnership = letters_due(db, requirement_id, now=now,
                                       organisation_ids=organisation_ids)
    with db.read() as session:
        settings = read_mail_settings(session)
    done, failed = [], []
    for letter in letters:
        to = [p for p in letter.people if p.email]
        if not to:
            failed.append(f"{letter.organisation.name}: nobody due there has an email address; "
                          "print the letter instead.")
            continue
        message = EmailMessage()
        message["From"] = formataddr((settings.from_name or "", settings.from_address or ""))
        message["To"] = ", ".join(formataddr((p.full_name, p.email)) for p in to)
        message["Subject"] = f"{letter.requirement.name}: refreshers due at {letter.organisation.name}"
        message["Message-ID"] = make_msgid(domain="pscp-training")
        message["X-PSCP-Key"] = (f"refresher-{letter.requirement.id}-"
                                 f"{letter.organisation.organisation_id}-{local_today(now)}")
        message.set_content(letter_text(letter.organisation, letter.requirement, letter.people,
                                        letter.sessions, partnership))
        try:
            detail = transport.deliver(message)
        except SendFailed as exc:
            failed.append(f"{letter.organisation.name}: {exc}")
            continue
        done.append(f"{letter.organisation.name}: {detail}")
    return TellingOutcome(tuple(done), tuple(failed))
