"""Timing and memory for the benchmarks: each measurement in a fresh process, medians kept."""

import json
import os
import statistics
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# PSCP_BENCH_DATA: one cache of the (slow to build) databases shared by several checkouts.
DATA = Path(os.environ.get("PSCP_BENCH_DATA") or ROOT / "benchmarks" / "data")
RESULTS = ROOT / "benchmarks" / "results"


@dataclass
class Measurement:
    times: list[float]
    peak_mb: float
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.times)


@dataclass
class Figure:
    name: str
    backend: str
    goal: float
    ours: Measurement | None
    baseline: Measurement | None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if not self.ours or not self.baseline or self.baseline.median <= 0:
            return None
        return self.ours.median / self.baseline.median

    @property
    def met(self) -> bool | None:
        return None if self.ratio is None else self.ratio <= self.goal

    def as_dict(self) -> dict:
        out = {
            "figure": self.name,
            "backend": self.backend,
            "goal_ratio": self.goal,
            "ratio": None if self.ratio is None else round(self.ratio, 2),
            "met": self.met,
            "note": self.note,
        }
        for side in ("ours", "baseline"):
            m = getattr(self, side)
            out[side] = None if m is None else {**asdict(m), "median": round(m.median, 4)}
        return out


def run_probe(module: str, variant: str, *args: str, repeats: int = 3, env=None,
              timeout: int = 900) -> Measurement:
    """Run `benchmarks.<module>.probe(variant, repeats, *args)` in a fresh interpreter.

    The probe returns the seconds of each repetition; the child reports its own peak
    resident memory, so one figure's memory never leaks into another's.
    """
    command = [sys.executable, "-m", "benchmarks.probe", module, variant, str(repeats), *args]
    full_env = dict(os.environ)
    full_env.setdefault("QT_QPA_PLATFORM", "offscreen")
    full_env.update(env or {})
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=full_env,
                          timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"{module} {variant} failed: {_cause(done)}\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return Measurement(times=result["times"], peak_mb=result["peak_mb"],
                       note=result.get("note", ""))


def _cause(done: subprocess.CompletedProcess) -> str:
    """Why a probe failed, on one line: the exception's last line, or how the process ended
    (the table keeps a failure's first line only, so the cause must be on it)."""
    lines = [line.strip() for line in (done.stderr or "").splitlines() if line.strip()]
    if lines:
        return lines[-1][:300]
    if done.returncode < 0:
        import signal

        try:
            name = signal.Signals(-done.returncode).name
        except ValueError:
            name = f"signal {-done.returncode}"
        return f"killed by {name} with no message on stderr (out of memory?)"
    return f"exited with code {done.returncode} and no message on stderr"


def timed_process(command: list[str], env=None, repeats: int = 3, timeout: int = 300) -> Measurement:
    """Wall time of a whole process, start to exit (for start-up figures)."""
    import resource
    import time

    full_env = dict(os.environ)
    full_env.setdefault("QT_QPA_PLATFORM", "offscreen")
    full_env.update(env or {})
    times, peak = [], 0.0
    for _ in range(repeats):
        started = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=full_env,
                              timeout=timeout)
        times.append(time.perf_counter() - started)
        if done.returncode != 0:
            raise RuntimeError(f"{command} failed:\n{done.stderr[-3000:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return Measurement(times=times, peak_mb=round(peak, 1),
                       note="peak is the largest child process so far")
