"""Where the shipped files are: migrations and resources, in a source tree, a wheel or a frozen build."""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    packaged = _PACKAGE / name  # inside an installed wheel or a PyInstaller bundle
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parent.parent / name  # the repository: src/pscp_training/../../name


def migrations_dir() -> Path:
    return _find("migrations")


def resources_dir() -> Path:
    return _find("resources")
