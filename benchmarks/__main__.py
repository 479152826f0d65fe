"""`make bench`: every figure beside its baseline, on SQLite and PostgreSQL, with ratios.

    python -m benchmarks [--backend sqlite|postgresql|both] [--small] [--repeats N]

Builds (once, then cached in benchmarks/data) a region-sized database - 10 financial
years, 2,000 organisations, 60,000 sessions, 1,000,000 bookings, 150,000 delegates - and a
100,000-row register; prints medians, peak memory and ratio per figure, and writes
benchmarks/results/<time>.json so runs can be compared.
"""

import argparse
import json
import os
import platform
import sys
import time
from datetime import UTC, datetime

from benchmarks import datasets
from benchmarks.harness import RESULTS, Figure, run_probe
from benchmarks.register_file import register_file
from benchmarks.scale_data import Scale


def _figure(name, backend, goal, ours_call, baseline_call, note="") -> Figure:
    try:
        ours = ours_call()
        baseline = baseline_call()
        return Figure(name, backend, goal, ours, baseline, note)
    except Exception as exc:  # a figure that cannot run is reported, not fatal
        return Figure(name, backend, goal, None, None, f"not measured: {exc}".splitlines()[0])


def figures_for(backend: str, url: str, repeats: int, small: bool) -> list[Figure]:
    results = []
    print(f"\n[{backend}] workforce report ...", flush=True)
    results.append(_figure(
        "workforce report, 1 year with 3 shown", backend, 1.5,
        lambda: run_probe("fig_report", "ours", url, repeats=repeats + 2),
        lambda: run_probe("fig_report", "baseline", url, repeats=repeats + 2),
        "floor: one statement per table, the app's indexes (EXPLAIN in README)",
    ))
    results.append(_figure(
        "  history: against the old floor (4 GROUP BYs, no index use)", backend, 1.5,
        lambda: results[-1].ours,
        lambda: run_probe("fig_report", "baseline_v1", url, repeats=repeats + 2),
    ))
    print(f"[{backend}] refreshers page ...", flush=True)
    results.append(_figure(
        "refreshers page: every school's DSLs, in date or not", backend, 1.5,
        lambda: run_probe("fig_refreshers", "ours", url, repeats=repeats + 2),
        lambda: run_probe("fig_refreshers", "baseline", url, repeats=repeats + 2),
    ))
    print(f"[{backend}] import of a 100,000-row register ...", flush=True)
    rows = 10_000 if small else 100_000
    path = str(register_file(rows))
    results.append(_figure(
        f"import of a {rows:,}-row register into an empty database", backend, 1.5,
        lambda: run_probe("fig_import", "ours", path, backend, repeats=repeats),
        lambda: run_probe("fig_import", "storing", path, backend, repeats=repeats),
        "floor: the same rows stored in the real schema (COPY / one sqlite3 transaction)",
    ))
    results.append(_figure(
        "  lower bound: pandas.read_csv + executemany into a flat table", backend, 4.0,
        lambda: results[-1].ours,
        lambda: run_probe("fig_import", "baseline", path, backend, repeats=repeats),
    ))
    print(f"[{backend}] the import wizard on that register ...", flush=True)
    results.append(_figure(
        f"import wizard (check, import) of {rows:,} rows into this database", backend, 1.5,
        lambda: run_probe("fig_import_wizard", "ours", path, url, repeats=repeats),
        lambda: run_probe("fig_import_wizard", "service", path, url, repeats=repeats),
        "floor: import_register once through the service layer; note: largest progress gap",
    ))
    try:
        from benchmarks import fig_startup
    except ImportError:
        fig_startup = None
    if fig_startup is not None:
        print(f"[{backend}] app start: first paint and usable ...", flush=True)
        try:
            ours = fig_startup.measure_ours(url, repeats)
            bare = fig_startup.measure_baseline(repeats)
            bare_db = fig_startup.measure_baseline(repeats, url)
        except Exception as exc:
            ours = bare = bare_db = None
            failed = exc
        if ours is None:
            results.append(_figure("app start", backend, 1.5, lambda: (_ for _ in ()).throw(failed),
                                   lambda: None))
        else:
            results.append(_figure(
                "app start to first paint (navigation shown)", backend, 1.5,
                lambda: ours["painted"], lambda: bare["painted"], "floor: a bare Qt window",
            ))
            results.append(_figure(
                "app start to usable (first page's data shown)", backend, 1.5,
                lambda: ours["usable"], lambda: bare_db["usable"],
                "floor: bare window + import sqlalchemy.orm + one COUNT(*)",
            ))
    try:
        from benchmarks import fig_lists
    except ImportError:
        fig_lists = None
    if fig_lists is not None:
        print(f"[{backend}] sessions list scrolled end to end, the largest session's tabs ...",
              flush=True)
        lists = _figure(
            "sessions list scrolled, largest session's tabs paged", backend, 1.5,
            lambda: run_probe("fig_lists", "ours", url, repeats=repeats),
            lambda: run_probe("fig_lists", "baseline", url, repeats=repeats),
        )
        if lists.ours is not None:  # the memory slope of each side, in MB per 10,000 rows
            lists.note = f"floor: fetchmany(200) model; ours: {lists.ours.note}; " \
                         f"floor: {lists.baseline.note}"
            print(f"  {lists.note}", flush=True)
        results.append(lists)
        results.append(_figure(
            "  history: the same against QSqlQueryModel", backend, 1.5,
            lambda: results[-1].ours,
            lambda: run_probe("fig_lists", "baseline_v1", url, repeats=repeats),
        ))
    print(f"[{backend}] the year's programme ...", flush=True)
    for fmt, what in (("pdf", "brochure PDF"), ("html", "web page"), ("ics", "calendar feed")):
        results.append(_figure(
            f"programme for a financial year: {what}", backend, 1.5,
            lambda fmt=fmt: run_probe("fig_programme", f"ours_{fmt}", url, repeats=repeats),
            lambda fmt=fmt: run_probe("fig_programme", f"baseline_{fmt}", url, repeats=repeats),
            "floor: the same file from one SQL query, the format's library used directly",
        ))
        if fmt == "pdf":
            results.append(_figure(
                "  history: brochure against the old floor (a line per session)", backend, 1.5,
                lambda: results[-1].ours,
                lambda: run_probe("fig_programme", "baseline_v1", url, repeats=repeats),
            ))
    return results


def certificate_figures(repeats: int) -> list[Figure]:
    print("\n[pdf] 500 certificates ...", flush=True)
    combined = run_probe("fig_certificates", "ours", repeats=repeats)
    return [
        _figure("500 certificates, one combined PDF", "pdf", 1.5, lambda: combined,
                lambda: run_probe("fig_certificates", "baseline", repeats=repeats),
                "floor: the same page (border, logo, seal, font) with bare canvas calls"),
        _figure("500 certificates, one PDF per delegate", "pdf", 1.5,
                lambda: run_probe("fig_certificates", "ours_files", repeats=repeats),
                lambda: run_probe("fig_certificates", "baseline_files", repeats=repeats),
                "floor: the same page, a bare canvas per file"),
        _figure("  history: combined against the old floor (text on blank pages)", "pdf", 1.5,
                lambda: combined,
                lambda: run_probe("fig_certificates", "baseline_v1", repeats=repeats)),
    ]


def print_table(figures: list[Figure]) -> None:
    print()
    header = f"{'figure':<58} {'db':<10} {'ours s':>8} {'base s':>8} {'ratio':>6} {'goal':>5}  {'peak MB ours/base':>18}"
    print(header)
    print("-" * len(header))
    for f in figures:
        if f.ours is None:
            print(f"{f.name:<58} {f.backend:<10} {f.note}")
            continue
        mark = "✓" if f.met else "MISSED"
        peaks = f"{f.ours.peak_mb:.0f}/{f.baseline.peak_mb:.0f}"
        print(f"{f.name:<58} {f.backend:<10} {f.ours.median:8.3f} {f.baseline.median:8.3f} "
              f"{f.ratio:6.2f} {f.goal:5.1f}  {peaks:>18}  {mark}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--small", action="store_true", default=os.environ.get("BENCH_SCALE") == "small",
                        help="a 30,000-booking database, for a quick look (or BENCH_SCALE=small)")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    scale = Scale.small() if args.small else Scale()
    started = time.perf_counter()
    figures: list[Figure] = []
    if args.backend in ("sqlite", "both"):
        url = datasets.sqlite_scale_db(scale)
        figures += figures_for("sqlite", url, args.repeats, args.small)
    if args.backend in ("postgresql", "both"):
        url = datasets.postgres_scale_db(scale)
        if url is None:
            print("PostgreSQL: not measured (set PSCP_BENCH_PG_URL or PSCP_TEST_PG_URL)")
        else:
            figures += figures_for("postgresql", url, args.repeats, args.small)
    figures += certificate_figures(args.repeats)
    print_table(figures)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    out = RESULTS / f"{stamp}.json"
    out.write_text(json.dumps({
        "when": stamp, "machine": platform.platform(), "python": sys.version.split()[0],
        "scale": scale.__dict__, "seconds": round(time.perf_counter() - started, 1),
        "figures": [f.as_dict() for f in figures],
    }, indent=2))
    print(f"\nresults written to {out} ({time.perf_counter() - started:.0f} s in all)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
