"""The import's progress bar keeps moving: every stage of a register import tells the bar
after each few thousand rows (issue 24: never more than half a second without a movement on
100,000 rows). Counted in callbacks per rows passed, not timed."""

import math

from pscp_training.db import audit
from pscp_training.register import consistency
from pscp_training.services.imports import register_import, register_write
from tests.integration.register_data import generate_register

STAGES = ("check_rows", "check_consistency", "plan_register", "find_damage", "write_plan",
          "raise_charges", "write_trail")


def _import_watching_stages(db, path, monkeypatch) -> list[tuple]:
    """Import `path`; the events in order: ("stage", name) as each starts, ("tick", done)."""
    events: list[tuple] = []
    for name in STAGES:
        original = getattr(register_import, name)

        def marked(*args, _original=original, _name=name, **kwargs):
            events.append(("stage", _name))
            return _original(*args, **kwargs)

        monkeypatch.setattr(register_import, name, marked)
    register_import.import_register(
        db, path, progress=lambda done, total: events.append(("tick", done, total)) or True)
    return events


def _ticks_by_stage(events: list[tuple]) -> dict[str, list[int]]:
    ticks: dict[str, list[int]] = {}
    stage = "reading"
    for event in events:
        if event[0] == "stage":
            stage = event[1]
            ticks.setdefault(stage, [])
        else:
            ticks.setdefault(stage, []).append(event[1])
    return ticks


def test_every_stage_moves_the_bar_every_few_thousand_rows(db, tmp_path, monkeypatch):
    path = generate_register(tmp_path / "big.csv", 9000)
    events = _import_watching_stages(db, path, monkeypatch)
    summary_rows = len(path.read_text(encoding="utf-8").splitlines()) - 1
    step = consistency.PROGRESS_STEP
    per_pass = summary_rows // step  # whole steps of rows in one pass over the file
    ticks = _ticks_by_stage(events)
    assert per_pass >= 4
    assert len(ticks["reading"]) >= per_pass  # the file's lines, before any check
    assert len(ticks["check_rows"]) >= per_pass
    assert len(ticks["check_consistency"]) >= per_pass
    # Six passes over the rows while planning (one of them over the delegates); the review
    # goes through the rows only when it finds damage (none here).
    assert len(ticks["plan_register"]) >= 5 * per_pass
    # Writing: a tick per batch of rows inserted; the trail, a tick per batch of entries.
    assert len(ticks["write_plan"]) >= math.floor(0.8 * summary_rows / register_write.BATCH)
    assert len(ticks["raise_charges"]) >= 1
    assert len(ticks["write_trail"]) >= math.floor(0.8 * summary_rows / audit.TRAIL_BATCH)
    # Each of those callbacks moves the bar: its values only go up, and end full.
    for stage in STAGES:
        values = ticks.get(stage, [])
        assert values == sorted(values), stage
        assert len(set(values)) >= len(values) - 1, stage  # a stage's last may meet the next's
    done = [e[1] for e in events if e[0] == "tick"]
    assert done == sorted(done) and done[-1] == events[-1][2]
