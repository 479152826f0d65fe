"""Certificates of attendance: numbering attended bookings, writing the PDFs, verifying a number."""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager, selectinload

from pscp_training.db.engine import Database
from pscp_training.db.models import Booking, Course, Delegate, TrainingSession
from pscp_training.db.models_certificate import IssuedCertificate
from pscp_training.domain.enums import Attendance, BookingStatus, SessionStatus
from pscp_training.domain.errors import Cancelled, InputError, NotFound, RuleViolation
from pscp_training.domain.print_records import CertificateData
from pscp_training.domain.years import LONDON, local_to_utc, now_utc, to_local
from pscp_training.pdf.certificate import write_certificate_files, write_certificates
from pscp_training.pdf.filenames import FileNamer
from pscp_training.pdf.text import long_date
from pscp_training.services.evaluations.evaluations import held_back_bookings
from pscp_training.services.settings.certificate_settings import (
    CertificateSettings,
    read_certificate_settings,
)

# progress(done, total) -> False to stop; what was written so far is removed.
Progress = Callable[[int, int], bool]

_NUMBER = re.compile(r"^(\d{4})-(\d{6,})-([0-9X])$")


@dataclass(frozen=True)
class CertificateCheck:
    """What the database says about a certificate number."""

    number: str
    delegate_name: str
    course_title: str
    session_start: datetime
    issued_at: datetime
    still_attended: bool  # False if the register was corrected after the certificate was issued


def _check_character(digits: str) -> str:
    # A weighted mod-11 check (as on ISBN-10) catches a mistyped or swapped digit.
    total = sum((i + 2) * int(d) for i, d in enumerate(reversed(digits)))
    return "0123456789X"[(11 - total % 11) % 11]


def certificate_number(year: int, booking_id: int) -> str:
    """`2022-000123-5`: the session's year, the booking, and a check character."""
    body = f"{year:04d}{booking_id:06d}"
    return f"{year:04d}-{booking_id:06d}-{_check_character(body)}"


def _parse_number(text: str) -> str:
    number = "".join((text or "").split()).upper()
    match = _NUMBER.match(number)
    if not match or _check_character(match.group(1) + match.group(2)) != match.group(3):
        raise InputError(
            f"'{(text or '').strip()}' is not a certificate number; numbers are written "
            "like 2022-000123-5 (check the digits against the certificate)."
        )
    return number


def _attended_bookings(session: Session, where) -> list[Booking]:
    """Confirmed, attended bookings on sessions that were not cancelled (never absent or unmarked)."""
    query = (
        select(Booking)
        .join(Booking.session)
        .join(TrainingSession.course)
        .join(Booking.delegate)
        .where(
            Booking.status == BookingStatus.BOOKED.value,
            Booking.attendance == Attendance.ATTENDED.value,
            TrainingSession.status != SessionStatus.CANCELLED.value,
            where,
        )
        .options(
            contains_eager(Booking.session).contains_eager(TrainingSession.course),
            contains_eager(Booking.delegate),
            selectinload(Booking.organisation),
        )
        .order_by(
            TrainingSession.start_at,
            Course.title,
            Delegate.last_name,
            Delegate.first_name,
            Booking.id,
        )
    )
    return list(session.scalars(query))


def held_back(session: Session, bookings: Sequence[Booking]) -> set[int]:
    """Bookings whose certificate waits until the delegate's evaluation is in.

    Empty unless the team turned the hold-back on (services.evaluations owns the rule).
    """
    return held_back_bookings(session, [b.id for b in bookings])


def _already_issued(session: Session, bookings: Sequence[Booking]) -> dict[int, IssuedCertificate]:
    ids = [b.id for b in bookings]
    found: dict[int, IssuedCertificate] = {}
    for start in range(0, len(ids), 500):  # stay well inside every driver's parameter limit
        chunk = ids[start : start + 500]
        for row in session.scalars(
            select(IssuedCertificate).where(IssuedCertificate.booking_id.in_(chunk))
        ):
            found[row.booking_id] = row
    return found


def _issue(
    session: Session, booking: Booking, issued: IssuedCertificate | None, now: datetime
) -> IssuedCertificate:
    delegate = booking.delegate
    name = f"{delegate.first_name} {delegate.last_name}".strip()
    title = booking.session.course.title
    if issued is None:
        year = to_local(booking.session.start_at).year
        issued = IssuedCertificate(
            number=certificate_number(year, booking.id),
            booking_id=booking.id,
            issued_at=now,
            delegate_name=name,
            course_title=title,
        )
        session.add(issued)
    else:
        # Printed again after a name was corrected: the record follows what is printed.
        issued.delegate_name = name
        issued.course_title = title
    return issued


def _duration_minutes(row: TrainingSession) -> int | None:
    if row.end_at is not None:
        minutes = int((row.end_at - row.start_at).total_seconds() // 60)
        if to_local(row.end_at).date() == to_local(row.start_at).date():
            return minutes
    # Over several days the clock time is not the training time: the course's length is.
    return row.course.default_duration_minutes


def _certificate_data(
    booking: Booking, issued: IssuedCertificate, settings: CertificateSettings
) -> CertificateData:
    row = booking.session
    first_day = to_local(row.start_at).date()
    last_day = to_local(row.end_at).date() if row.end_at is not None else first_day
    return CertificateData(
        number=issued.number,
        delegate_name=issued.delegate_name,
        course_title=issued.course_title,
        first_day=first_day,
        last_day=max(last_day, first_day),
        duration_minutes=_duration_minutes(row),
        partnership_name=settings.partnership_name,
        signatory_name=settings.signatory_name,
        signatory_role=settings.signatory_role,
        logo_png=settings.logo_png,
        organisation=booking.organisation.name if booking.organisation else None,
    )


def _write(
    certificates: list[CertificateData],
    out_dir: Path,
    combined_name: str,
    combined: bool,
    progress: Progress | None,
) -> list[Path]:
    namer = FileNamer(Path(out_dir))
    total = len(certificates)

    def report(done: int) -> None:
        if progress is not None and progress(done, total) is False:
            raise Cancelled("Printing the certificates was stopped; no certificate was kept.")

    try:
        if combined:
            path = namer.claim(combined_name, "Certificates")
            with path.open("wb") as stream:
                write_certificates(certificates, stream, title=combined_name, progress=report)
            return [path]
        paths: list[Path] = []

        def open_file(data: CertificateData) -> BinaryIO:
            day = data.first_day.isoformat()
            path = namer.claim(f"{data.delegate_name} - {data.course_title} - {day}", "Certificate")
            paths.append(path)
            return path.open("wb")

        write_certificate_files(certificates, open_file, progress=report)
        return paths
    except BaseException:
        namer.release()  # nothing half-written: the numbers roll back with the files
        raise


def _issue_and_write(
    session: Session,
    bookings: list[Booking],
    out_dir: Path,
    combined_name: str,
    combined: bool,
    now: datetime,
    progress: Progress | None,
) -> list[Path]:
    waiting = held_back(session, bookings)
    if waiting and len(waiting) == len(bookings):
        raise RuleViolation(
            f"Every delegate who attended ({len(bookings)}) is still to send their evaluation, "
            "and certificates are held back until it is in. Chase the evaluations first."
        )
    bookings = [b for b in bookings if b.id not in waiting]
    settings = read_certificate_settings(session)
    issued = _already_issued(session, bookings)
    certificates = [
        _certificate_data(b, _issue(session, b, issued.get(b.id), now), settings)
        for b in bookings
    ]
    session.flush()
    return _write(certificates, out_dir, combined_name, combined, progress)


def issue_certificates(
    db: Database,
    session_id: int,
    out_dir: Path,
    *,
    combined: bool = False,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> list[Path]:
    """Certificates for every delegate marked attended on a session: one PDF each, or one combined.

    Each certificate keeps the number it was first given. Raises NotFound (no such
    session), RuleViolation (cancelled session, nobody marked attended), Cancelled.
    """
    now = now or now_utc()
    with db.write() as session:
        row = session.get(TrainingSession, session_id)
        if row is None:
            raise NotFound(f"There is no session {session_id}.")
        what = f"{row.course.title} on {long_date(to_local(row.start_at))}"
        if row.status == SessionStatus.CANCELLED.value:
            raise RuleViolation(f"The session {what} was cancelled, so it has no certificates.")
        bookings = _attended_bookings(session, Booking.session_id == row.id)
        if not bookings:
            raise RuleViolation(
                f"Nobody is marked as attended on {what}, so there are no certificates to "
                "print. Mark the register first."
            )
        name = f"Certificates - {row.course.title} - {to_local(row.start_at).date().isoformat()}"
        return _issue_and_write(session, bookings, out_dir, name, combined, now, progress)


def issue_certificates_for_period(
    db: Database,
    first_day: date,
    last_day: date,
    out_dir: Path,
    *,
    combined: bool = False,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> list[Path]:
    """Certificates for every attended booking on sessions starting between two days (inclusive).

    Days are London dates. Raises InputError (the days in the wrong order, or
    nobody attended in the period), Cancelled.
    """
    if last_day < first_day:
        raise InputError(
            f"The period ends ({long_date(last_day)}) before it starts ({long_date(first_day)})."
        )
    now = now or now_utc()
    lo = local_to_utc(datetime.combine(first_day, time(0)))
    hi = local_to_utc(datetime.combine(last_day + timedelta(days=1), time(0)))
    with db.write() as session:
        bookings = _attended_bookings(
            session, (TrainingSession.start_at >= lo) & (TrainingSession.start_at < hi)
        )
        if not bookings:
            raise InputError(
                f"Nobody is marked as attended on a session between {long_date(first_day)} and "
                f"{long_date(last_day)}, so there are no certificates to print."
            )
        name = f"Certificates {first_day.isoformat()} to {last_day.isoformat()}"
        return _issue_and_write(session, bookings, out_dir, name, combined, now, progress)


def waiting_for_evaluation(db: Database, session_id: int) -> list[str]:
    """Names of the attended delegates whose certificate is held back for their evaluation."""
    with db.read() as session:
        bookings = _attended_bookings(session, Booking.session_id == session_id)
        waiting = held_back(session, bookings)
        return [
            f"{b.delegate.first_name} {b.delegate.last_name}".strip()
            for b in bookings
            if b.id in waiting
        ]


def verify_certificate(db: Database, number: str) -> CertificateCheck:
    """Look a certificate number up. Raises InputError (not a number), NotFound (never issued)."""
    number = _parse_number(number)
    with db.read() as session:
        issued = session.scalar(
            select(IssuedCertificate).where(IssuedCertificate.number == number)
        )
        if issued is None:
            raise NotFound(
                f"No certificate numbered {number} was issued by this database; "
                "it may be forged, or issued from another copy of the app."
            )
        booking = issued.booking
        return CertificateCheck(
            number=issued.number,
            delegate_name=issued.delegate_name,
            course_title=issued.course_title,
            session_start=booking.session.start_at.astimezone(LONDON),
            issued_at=issued.issued_at,
            still_attended=(
                booking.status == BookingStatus.BOOKED.value
                and booking.attendance == Attendance.ATTENDED.value
            ),
        )
