"""The Settings dialog's team-wide part: partnership, certificate signatory and logo, notice period."""

from dataclasses import dataclass

from pscp_training.db.engine import Database
from pscp_training.domain.errors import InputError
from pscp_training.services.settings import certificate_settings, team_settings


@dataclass(frozen=True)
class TeamSettings:
    certificate: certificate_settings.CertificateSettings
    notice_working_days: int


def load_team_settings(db: Database) -> TeamSettings:
    cert = certificate_settings.get_certificate_settings(db)
    with db.read() as session:
        days = team_settings.notice_working_days(session)
    return TeamSettings(certificate=cert, notice_working_days=days)


def save_team_settings(db: Database, form: TeamSettings) -> TeamSettings:
    """Save the team's settings. Raises InputError (empty partnership name, logo not a PNG,
    notice period out of range), checked before anything is written."""
    if not 0 <= form.notice_working_days <= 60:
        raise InputError("The notice period must be between 0 and 60 working days.")
    saved = certificate_settings.save_certificate_settings(db, form.certificate)
    team_settings.set_notice_working_days(db, form.notice_working_days)
    return TeamSettings(certificate=saved, notice_working_days=form.notice_working_days)
