"""How fast cleaning runs on the largest seed document (report, never a test: timings on a shared machine vary).

    .venv/bin/python -m bench.bench_clean

Prints the median of 5 runs of clean_pages over data/raw/2024-11-24_nito_prinsipprogram-2024.txt (~98 kB) and the
throughput in MB/s (the prototype cleaned ~3.6 MB/s).
"""
from __future__ import annotations

import statistics
import time

from bench.common import ROOT
from pipeline import clean
from pipeline.extract import extract

DOCUMENT = ROOT / "data" / "raw" / "2024-11-24_nito_prinsipprogram-2024.txt"


def main(runs: int = 5) -> None:
    result = extract(DOCUMENT)
    size_mb = DOCUMENT.stat().st_size / 1e6
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        clean.clean_pages(result.pages, result.kind)
        seconds.append(time.perf_counter() - started)
    median = statistics.median(seconds)
    print(f"clean_pages on {DOCUMENT.name} ({size_mb * 1000:.0f} kB): median {median * 1000:.0f} ms of {runs} runs, "
          f"{size_mb / median:.1f} MB/s")


if __name__ == "__main__":
    main()
