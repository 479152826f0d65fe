"""Figures: start of the application over the 1M-booking database, in two moments.

*First paint*: the window with its navigation visible and responding, against a bare
QMainWindow with one QTableView. *Usable*: the first page's data shown, against the bare
window that also imports SQLAlchemy's ORM and opens the database (one COUNT(*)).

Each moment is read from the process's own marks on the system's monotonic clock
(PSCP_TRAINING_START_MARKS; bare_window.py writes the same), from the instant before the
process is launched; what happens after (tidying up, closing) is not counted.
"""

import os
import resource
import subprocess
import sys
import tempfile
import time

from benchmarks.harness import ROOT, Measurement


def _marks(command: list[str], env: dict, repeats: int) -> dict[str, Measurement]:
    full_env = dict(os.environ)
    full_env.setdefault("QT_QPA_PLATFORM", "offscreen")
    full_env.update(env)
    found: dict[str, list[float]] = {}
    for n in range(repeats + 1):  # the first warms the file cache
        launched = time.monotonic()
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=full_env,
                              timeout=300)
        if done.returncode != 0:
            raise RuntimeError(f"{command} failed:\n{done.stderr[-3000:]}")
        for line in done.stderr.splitlines():
            if line.startswith("pscp-start ") and n:
                _, moment, at = line.split()
                found.setdefault(moment, []).append(float(at) - launched)
    peak = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)
    missing = {"painted", "usable"} - found.keys()
    if missing:
        raise RuntimeError(f"{command} wrote no {', '.join(sorted(missing))} mark")
    return {m: Measurement(times=t, peak_mb=peak, note="peak: the largest child so far")
            for m, t in found.items()}


def measure_ours(url: str, repeats: int) -> dict[str, Measurement]:
    with tempfile.TemporaryDirectory() as home:
        env = {"PSCP_TRAINING_HOME": home, "PSCP_TRAINING_QUIT_AFTER_START_MS": "0",
               "PSCP_TRAINING_START_MARKS": "1"}
        return _marks([sys.executable, "-m", "pscp_training", "--db", url], env, repeats)


def measure_baseline(repeats: int, url: str | None = None) -> dict[str, Measurement]:
    command = [sys.executable, "-m", "benchmarks.bare_window"]
    if url:
        command += ["--database", url]
    return _marks(command, {}, repeats)
