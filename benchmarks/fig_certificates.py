"""Figure: 500 certificates against bare ReportLab canvas calls drawing the same page (border,
logo, seal, the same text in the same embedded font, the title wrapped) 500 times.

`baseline` is that floor on one canvas (against the combined PDF), `baseline_files` a bare
canvas per file (against one PDF per delegate); `baseline_v1`, the same text on blank
pages, is the floor before issue 24, kept as history.

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
    elif variant == "baseline_files":
        def run(folder):
            bench._bare_canvas_files(certificates, folder)
    elif variant == "baseline_v1":
        def run(folder):
            bench._bare_text_only(certificates, folder / "bare.pdf")
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
