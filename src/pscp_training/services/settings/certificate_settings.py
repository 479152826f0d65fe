"""What every certificate carries from the settings: partnership name, signatory and logo."""

import base64
import binascii
from dataclasses import dataclass

from sqlalchemy.orm import Session

from pscp_training.db.engine import Database
from pscp_training.domain.errors import InputError
from pscp_training.services.settings import team_settings

SIGNATORY_NAME = "certificate_signatory_name"
SIGNATORY_ROLE = "certificate_signatory_role"
# The settings table holds text, so the logo is kept as base64 of its PNG bytes.
LOGO_PNG_BASE64 = "certificate_logo_png_base64"

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_TEXT_LENGTH = 200


@dataclass(frozen=True)
class CertificateSettings:
    """The partnership's details printed on certificates; empty signatory fields print nothing."""

    partnership_name: str
    signatory_name: str = ""
    signatory_role: str = ""
    logo_png: bytes | None = None


def _decode_logo(text: str | None) -> bytes | None:
    if not text:
        return None
    try:
        data = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        # A damaged setting must not stop certificates: print them without the logo.
        return None
    return data if data.startswith(PNG_SIGNATURE) else None


def read_certificate_settings(session: Session) -> CertificateSettings:
    """The settings inside a transaction that is already open (printing certificates)."""
    return CertificateSettings(
        partnership_name=team_settings.read_setting(session, team_settings.PARTNERSHIP_NAME) or "",
        signatory_name=team_settings.read_setting(session, SIGNATORY_NAME) or "",
        signatory_role=team_settings.read_setting(session, SIGNATORY_ROLE) or "",
        logo_png=_decode_logo(team_settings.read_setting(session, LOGO_PNG_BASE64)),
    )


def get_certificate_settings(db: Database) -> CertificateSettings:
    """The current certificate settings (defaults where nothing was saved)."""
    with db.read() as session:
        return read_certificate_settings(session)


def _clean(value: str, what: str) -> str:
    value = " ".join((value or "").split())
    if len(value) > MAX_TEXT_LENGTH:
        raise InputError(
            f"The {what} is {len(value)} characters long; "
            f"certificates allow at most {MAX_TEXT_LENGTH}."
        )
    return value


def save_certificate_settings(db: Database, settings: CertificateSettings) -> CertificateSettings:
    """Save all the certificate settings in one transaction and return them as saved.

    Raises InputError when the partnership name is empty, a text is too long,
    or the logo is not a PNG image (or larger than 2 MB).
    """
    partnership = _clean(settings.partnership_name, "partnership name")
    if not partnership:
        raise InputError("The partnership name cannot be empty: every certificate prints it.")
    name = _clean(settings.signatory_name, "signatory's name")
    role = _clean(settings.signatory_role, "signatory's role")
    logo = settings.logo_png or None
    if logo is not None:
        if not logo.startswith(PNG_SIGNATURE):
            raise InputError("The logo must be a PNG image; please choose a .png file.")
        if len(logo) > MAX_LOGO_BYTES:
            raise InputError(
                f"The logo is {len(logo) // 1024} KB; please choose a PNG image under 2 MB."
            )
    with db.write() as session:
        team_settings.write_setting(session, team_settings.PARTNERSHIP_NAME, partnership)
        team_settings.write_setting(session, SIGNATORY_NAME, name or None)
        team_settings.write_setting(session, SIGNATORY_ROLE, role or None)
        team_settings.write_setting(
            session,
            LOGO_PNG_BASE64,
            base64.b64encode(logo).decode("ascii") if logo is not None else None,
        )
    return CertificateSettings(partnership, name, role, logo)
