"""The desktop app started where there is no display (over SSH, on a server)."""

import os
import subprocess
import sys

import pytest


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="displays are a Linux matter")
def test_without_a_display_the_app_says_it_needs_a_desktop_session_and_exits_1(tmp_path):
    env = dict(os.environ, PSCP_TRAINING_HOME=str(tmp_path))
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "PSCP_TRAINING_DB",
                 "PSCP_TRAINING_QUIT_AFTER_START_MS"):
        env.pop(name, None)
    done = subprocess.run([sys.executable, "-m", "pscp_training"], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 1
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr  # one sentence, none of Qt's own abort text
    assert "needs a desktop session" in lines[0]
    assert "pscp-training --help" in lines[0]
    assert not (tmp_path / "pscp-training.sqlite3").exists()  # nothing was opened or created


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="displays are a Linux matter")
def test_the_help_the_message_points_to_works_without_a_display():
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    done = subprocess.run([sys.executable, "-m", "pscp_training", "--help"], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "usage: pscp-training" in done.stdout
