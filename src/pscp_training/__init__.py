"""PSCP Training: safeguarding training administration for a Safeguarding Children Partnership."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("pscp-training")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"
