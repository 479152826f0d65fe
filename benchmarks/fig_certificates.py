"""Figure: 500 certificates against a bare ReportLab canvas writing the same text on 500 pages.

`ours` is the one combined PDF a person prints (the same page count as the baseline);
`ours_files` is one PDF per delegate, reported beside it. The drawing code comes from
certificates_bench.py (the printed-output issue's).
"""

import tempfile
import time
from pathlib import Path


def probe(variant: str, repeats: int) -> list[float]:
    from benchmarks import certificates_bench as bench
    from pscp_training.pdf.fonts import register_fonts

    register_fonts()
    certificates = bench._certificates()
    if variant == "ours":
        def run(folder):
            bench._combined(certificates, folder)
    elif variant == "ours_files":
        def run(folder):
            bench._one_per_delegate(certificates, folder)
    else:
        def run(folder):
            bench._bare_canvas(certificates, folder / "bare.pdf")
    times = []
    for _ in range(repeats + 1):
        with tempfile.TemporaryDirectory() as folder:
            started = time.perf_counter()
            run(Path(folder))
            times.append(time.perf_counter() - started)
    return times[1:]  # the first run warms font subsetting caches for both sides
