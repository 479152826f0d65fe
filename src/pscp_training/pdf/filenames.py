"""File names built from people's names: safe on Windows, and never overwriting another file."""

import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

_FORBIDDEN = re.compile(r'[/\\:*?"<>|]')
_RESERVED = {
    "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
    *(f"COM{n}" for n in "123456789¹²³"),
    *(f"LPT{n}" for n in "123456789¹²³"),
}
# Windows paths are limited to 260 characters; the file name keeps well inside it.
MAX_STEM_LENGTH = 100


def safe_stem(text: str, fallback: str = "document") -> str:
    """A file name (without extension) from any text, valid on Windows, macOS and Linux.

    Letters of every script are kept (Zoë, Łukasz, Nguyễn); the characters Windows
    refuses (/ \\ : * ? " < > |) and control characters become spaces or are dropped;
    no trailing dots or spaces; reserved device names (CON, PRN, AUX, NUL, COM1,
    LPT1 ..., also before an extension) get an underscore: CON_, PRN_.txt.
    """
    value = unicodedata.normalize("NFC", text or "")
    value = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in value)
    value = _FORBIDDEN.sub(" ", value)
    value = " ".join(value.split())
    if len(value) > MAX_STEM_LENGTH:
        value = value[:MAX_STEM_LENGTH]
    value = value.strip(" .")
    if not value:
        value = fallback
    # "CON.report" is as reserved as "CON" on Windows: the part before the first dot counts.
    base, dot, rest = value.partition(".")
    if base.strip().upper() in _RESERVED:
        value = f"{base.rstrip()}_{dot}{rest}"
    return value


class FileNamer:
    """Claims new file names in one folder: "Zoë Smith.pdf", then "Zoë Smith (2).pdf" ...

    A name is claimed by creating the file exclusively, so an existing file (or one
    written meanwhile by a colleague) is never overwritten. Names that differ only in
    capitals count as the same, as they do on Windows.
    """

    def __init__(self, folder: Path, suffix: str = ".pdf"):
        self.folder = Path(folder)
        self.suffix = suffix
        self.folder.mkdir(parents=True, exist_ok=True)
        self._taken = {p.name.casefold() for p in self.folder.iterdir()}
        self.claimed: list[Path] = []

    def claim(self, text: str, fallback: str = "document") -> Path:
        stem = safe_stem(text, fallback)
        for n in range(1, 100_000):
            name = f"{stem}{self.suffix}" if n == 1 else f"{stem} ({n}){self.suffix}"
            if name.casefold() in self._taken:
                continue
            path = self.folder / name
            try:
                os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
            except FileExistsError:
                self._taken.add(name.casefold())
                continue
            self._taken.add(name.casefold())
            self.claimed.append(path)
            return path
        raise FileExistsError(f"No free file name for '{stem}' in {self.folder}.")

    def release(self, paths: Iterable[Path] | None = None) -> None:
        """Delete files this namer claimed (after a failure), so nothing half-written is left."""
        for path in list(paths if paths is not None else self.claimed):
            path.unlink(missing_ok=True)
            if path in self.claimed:
                self.claimed.remove(path)


@contextmanager
def replacing(path: Path) -> Iterator[BinaryIO]:
    """Write a file the person chose by name: all of it, or (on any error) none of it.

    The document is written beside the target and moved over it at the end, so a
    failure never leaves half a PDF where the old one was.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".~", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
