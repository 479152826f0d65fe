"""Printing for the command line: JSON, aligned text tables, and progress on a terminal."""

import json
import sys
from collections.abc import Sequence
from datetime import datetime

from pscp_training.domain.years import to_local


def local_iso(moment: datetime | None) -> str | None:
    return to_local(moment).isoformat() if moment else None


def print_json(value) -> None:
    json.dump(value, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    text_rows = [["" if v is None else str(v) for v in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in text_rows:
        widths = [max(w, len(v)) for w, v in zip(widths, row, strict=True)]
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip())
    for row in text_rows:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())


class Progress:
    """A one-line progress counter on standard error, shown only on a terminal."""

    def __init__(self, label: str):
        self.label = label
        self.shown = sys.stderr.isatty()

    def __call__(self, done: int, total: int) -> bool:
        if self.shown and total:
            sys.stderr.write(f"\r{self.label}: {done * 100 // total}% ({done:,}/{total:,})")
            if done >= total:
                sys.stderr.write("\n")
            sys.stderr.flush()
        return True  # keep going
