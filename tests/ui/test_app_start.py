"""The desktop app as `make run` starts it: a real process, a real window, a clean exit."""

import os
import stat
import subprocess
import sys


def test_the_app_opens_its_window_on_a_fresh_database_and_closes_cleanly(tmp_path):
    env = dict(os.environ, PSCP_TRAINING_HOME=str(tmp_path), QT_QPA_PLATFORM="offscreen",
               PSCP_TRAINING_QUIT_AFTER_START_MS="200")
    env.pop("PSCP_TRAINING_DB", None)
    done = subprocess.run([sys.executable, "-m", "pscp_training"], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    database = tmp_path / "pscp-training.sqlite3"
    assert database.exists()  # created and migrated on first start
    if os.name == "posix":  # its owner's alone, though the window was painted before it was made
        assert stat.S_IMODE(database.stat().st_mode) == 0o600
