"""Runs one side of one figure in this fresh process and prints its times and peak memory.

Usage: python -m benchmarks.probe MODULE VARIANT REPEATS [ARGS...]
"""

import importlib
import json
import resource
import sys


def main() -> None:
    module, variant, repeats, *args = sys.argv[1:]
    probe = importlib.import_module(f"benchmarks.{module}").probe
    result = probe(variant, int(repeats), *args)
    times, note = (result, "") if isinstance(result, list) else result
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"times": times, "peak_mb": round(peak, 1), "note": note}))


if __name__ == "__main__":
    main()
