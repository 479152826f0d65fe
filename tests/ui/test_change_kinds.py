"""Every kind of change a screen announces is one the change hub lists, so pages can rely on it."""

import re
from pathlib import Path

from pscp_training.ui.common.context import CHANGE_KINDS

UI = Path(__file__).resolve().parents[2] / "src" / "pscp_training" / "ui"


def test_every_announced_change_kind_is_on_the_list():
    announced = set()
    for path in UI.rglob("*.py"):
        announced |= set(re.findall(r"changed\.emit\(\s*\"([a-z_]+)\"", path.read_text("utf-8")))
    assert "evaluations" in announced  # the evaluations tab and import say when they save
    assert announced <= set(CHANGE_KINDS), sorted(announced - set(CHANGE_KINDS))
