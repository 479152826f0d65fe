"""Figure: start of the application to a painted, usable main window over the 1M-booking
database, against a bare QMainWindow with one QTableView (both whole processes)."""

import sys
import tempfile

from benchmarks.harness import Measurement, timed_process


def measure_ours(url: str, repeats: int) -> Measurement:
    with tempfile.TemporaryDirectory() as home:
        env = {"PSCP_TRAINING_HOME": home, "PSCP_TRAINING_QUIT_AFTER_START_MS": "0"}
        command = [sys.executable, "-m", "pscp_training", "--db", url]
        timed_process(command, env=env, repeats=1)  # warm the file cache like the baseline's
        return timed_process(command, env=env, repeats=repeats)


def measure_baseline(repeats: int, url: str | None = None) -> Measurement:
    command = [sys.executable, "-m", "benchmarks.bare_window"]
    if url:
        command += ["--database", url]
    timed_process(command, repeats=1)
    return timed_process(command, repeats=repeats)
