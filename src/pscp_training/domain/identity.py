"""How records are recognised across files and screens: trimmed, case-insensitive keys."""

import re

from pscp_training.domain.errors import InputError

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


def clean(value: str | None) -> str | None:
    """Trimmed text, or None for a blank value."""
    if value is None:
        return None
    if isinstance(value, bool):
        # A Qt signal's checked flag passed on by mistake: refuse it rather than store "False".
        raise TypeError("a True/False value is not text")
    value = str(value).strip()
    return value or None


def key(value: str | None) -> str:
    """A value as compared for identity: trimmed, inner spaces folded, case-folded."""
    return " ".join((value or "").split()).casefold()


def is_email(value: str) -> bool:
    return bool(_EMAIL.match(value))


def email_key(email: str | None) -> str | None:
    email = clean(email)
    return email.casefold() if email else None


def delegate_name_key(first_name: str, last_name: str, organisation: str | None) -> str:
    return "|".join((key(first_name), key(last_name), key(organisation)))


def require_text(value: str | None, what: str) -> str:
    cleaned = clean(value)
    if cleaned is None:
        raise InputError(f"The {what} cannot be blank.")
    return cleaned


def check_email(email: str | None) -> str | None:
    cleaned = clean(email)
    if cleaned is not None and not is_email(cleaned):
        raise InputError(f"'{cleaned}' is not an email address.")
    return cleaned


_PHONE = re.compile(r"^[0-9 +()\-]+$")
PHONE_LENGTH = 40
PHONE_FORM = "digits, spaces, +, (, ) and - only, for example 01632 960 123"


def is_phone(value: str) -> bool:
    """Digits, spaces, `+`, `(`, `)`, `-` (as the register allows), with at least one digit."""
    return (
        bool(_PHONE.match(value))
        and any(c.isdigit() for c in value)
        and len(value) <= PHONE_LENGTH
    )


def check_phone(phone: str | None) -> str | None:
    """The phone number as typed (trimmed), or None for a blank one. Raises InputError."""
    cleaned = clean(phone)
    if cleaned is not None and not is_phone(cleaned):
        raise InputError(
            f"'{cleaned}' is not a phone number: use {PHONE_FORM} "
            f"(at most {PHONE_LENGTH} characters)."
        )
    return cleaned
