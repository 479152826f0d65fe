"""Which database to use, and the few settings kept on this PC rather than in the database.

Resolution order (see the command-line spec): `--db URL`, then the
PSCP_TRAINING_DB environment variable, then the URL saved in this PC's
settings file, then the embedded SQLite file in the user's data folder.
"""

import contextlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from pscp_training.domain.errors import DatabaseProblem, InputError

if TYPE_CHECKING:
    from sqlalchemy import URL

# SQLAlchemy, keyring, platformdirs and json are imported where they are used: the desktop
# app reads this module before its first paint (keyring's back-ends alone take a third of a
# second to load, platformdirs a tenth of a bare window's start).


def _parse(url: str) -> "URL":
    """The address as SQLAlchemy reads it. Raises sqlalchemy.exc.ArgumentError."""
    from sqlalchemy import make_url

    return make_url(url)


def _argument_error() -> type[Exception]:
    from sqlalchemy.exc import ArgumentError

    return ArgumentError

APP_NAME = "pscp-training"
ENV_VAR = "PSCP_TRAINING_DB"
DEFAULT_FILE_NAME = "pscp-training.sqlite3"
# The shared server's password is kept in the OS keyring, as the SMTP password is; the
# settings file holds the address without it.
DATABASE_KEYRING_SERVICE = "pscp-training-database"


def data_dir() -> Path:
    """The user's data folder (overridable with PSCP_TRAINING_HOME, for tests and IT)."""
    home = os.environ.get("PSCP_TRAINING_HOME")
    if home:
        return Path(home)
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def keep_files_private() -> None:
    """Files this process writes are readable by their owner only (0600, folders 0700).

    The database, settings, backups, exports, certificates and outbox hold personal data. On
    Windows the user profile's permissions already do this and umask changes little.
    """
    os.umask(0o077)
    for folder in (data_dir(), config_dir()):
        if folder.is_dir():
            with contextlib.suppress(OSError):  # not ours to change (a folder set up by IT)
                folder.chmod(0o700)


def config_dir() -> Path:
    home = os.environ.get("PSCP_TRAINING_HOME")
    if home:
        return Path(home)
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False))


def settings_file() -> Path:
    return config_dir() / "settings.json"


def default_database_url() -> str:
    return f"sqlite:///{data_dir() / DEFAULT_FILE_NAME}"


def load_local_settings() -> dict:
    import json

    path = settings_file()
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        return {}


def save_local_settings(values: dict) -> None:
    import json

    path = settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps(values, indent=2, sort_keys=True), encoding="utf-8")
    partial.replace(path)


def _without_password(url: "URL") -> "URL":
    from sqlalchemy import URL

    # URL.set(password=None) leaves the password as it was: build the address afresh.
    return URL.create(url.drivername, username=url.username, host=url.host, port=url.port,
                      database=url.database, query=url.query)


def _keyring_user(url: "URL") -> str:
    """Whose password it is: user@host:port/database (one entry per server account)."""
    return f"{url.username or ''}@{url.host or ''}:{url.port or ''}/{url.database or ''}"


def save_database_url(url: str | None) -> None:
    """Remember a database URL on this PC (None goes back to the embedded default).

    A password in the address goes to the operating system's keyring, never into the
    settings file; an address without one keeps the password already in the keyring.
    Raises InputError (not an address; the keyring refused the password: nothing saved).
    """
    import keyring
    from keyring.errors import KeyringError

    values = load_local_settings()
    if url:
        parsed = _parse(validate_url(url))
        if parsed.password:
            try:
                keyring.set_password(DATABASE_KEYRING_SERVICE, _keyring_user(parsed),
                                     parsed.password)
            except KeyringError as exc:
                raise InputError(
                    f"The database password could not be kept in this computer's keyring "
                    f"({exc}), so the address was not saved. Ask IT whether a credential "
                    "store is available."
                ) from exc
            parsed = _without_password(parsed)
        values["database_url"] = parsed.render_as_string(hide_password=False)
    else:
        values.pop("database_url", None)
    save_local_settings(values)


def saved_database_url() -> str | None:
    """The address saved on this PC, with its password from the keyring (if one is kept)."""
    saved = load_local_settings().get("database_url")
    if not saved or not str(saved).strip():
        return None
    try:
        parsed = _parse(str(saved).strip())
    except _argument_error():
        return str(saved)
    if parsed.get_backend_name() != "postgresql" or parsed.password:
        return str(saved)
    import keyring
    from keyring.errors import KeyringError

    try:
        password = keyring.get_password(DATABASE_KEYRING_SERVICE, _keyring_user(parsed))
    except KeyringError:
        password = None
    if not password:
        return str(saved)
    return parsed.set(password=password).render_as_string(hide_password=False)


# Who this PC's changes are recorded under in the history of changes (db.audit.current_actor).
OPERATOR_NAME = "operator_name"
OPERATOR_NAME_LIMIT = 200  # the history's actor column


def checked_operator_name(name: str) -> str:
    """The name as the history will record it (spaces tidied). Raises InputError when too long."""
    name = " ".join(name.split())
    if len(name) > OPERATOR_NAME_LIMIT:
        raise InputError(
            f"Your name for the history of changes is {len(name)} characters long; "
            f"please shorten it to {OPERATOR_NAME_LIMIT} or fewer.")
    return name


def operator_name() -> str:
    """The name saved on this PC for the history of changes, or "" when none is saved."""
    return " ".join(str(load_local_settings().get(OPERATOR_NAME) or "").split())


def save_operator_name(name: str) -> None:
    """Remember on this PC the name the history of changes records (blank: the signed-in user).

    Raises InputError (longer than the history can hold); nothing is saved then.
    """
    name = checked_operator_name(name)
    values = load_local_settings()
    if name:
        values[OPERATOR_NAME] = name
    else:
        values.pop(OPERATOR_NAME, None)
    save_local_settings(values)


def validate_url(url: str) -> str:
    try:
        parsed = _parse(url.strip())
    except _argument_error() as exc:
        raise InputError(
            f"'{url}' is not a database address. Use postgresql+psycopg://user@host/pscp_training "
            "or sqlite:///path/to/file.sqlite3."
        ) from exc
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise InputError(
            f"'{url}' names a {parsed.get_backend_name()} database; "
            "PSCP Training works with PostgreSQL or its embedded SQLite file."
        )
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def resolve_database_url(cli_url: str | None) -> str:
    """The database to open, in the order the command-line spec gives."""
    # --db and the environment are used exactly as given; only the saved address is completed
    # with its password from the keyring.
    for candidate in (cli_url, os.environ.get(ENV_VAR), saved_database_url()):
        if candidate and candidate.strip():
            url = validate_url(candidate)
            refuse_network_share(url)
            return url
    return default_database_url()


def is_network_path(path: Path) -> bool:
    """True for a Windows UNC path, a mapped network drive, or a network file system mount."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return True
    if os.name == "nt":
        try:
            import ctypes

            drive = os.path.splitdrive(str(path.resolve()))[0] + "\\"
            return ctypes.windll.kernel32.GetDriveTypeW(drive) == 4  # DRIVE_REMOTE
        except (OSError, AttributeError):
            return False
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return False
    resolved = str(path.resolve())
    best, best_type = "", ""
    for line in mounts:
        parts = line.split()
        if len(parts) >= 3 and resolved.startswith(parts[1]) and len(parts[1]) > len(best):
            best, best_type = parts[1], parts[2]
    return best_type in {"nfs", "nfs4", "cifs", "smbfs", "smb3", "sshfs", "fuse.sshfs", "9p"}


def refuse_network_share(url: str) -> None:
    parsed = _parse(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return
    if parsed.database == ":memory:":
        return
    if is_network_path(Path(parsed.database)):
        raise DatabaseProblem(
            f"The database file {parsed.database} is on a network share. SQLite's locking is not "
            "safe there, and bookings could be lost or corrupted when two PCs use it. Keep the file "
            "on this PC, or share one PostgreSQL database across the team (see the README)."
        )
