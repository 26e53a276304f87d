"""How long segmentation (passages, sections and kinds) takes on real documents, this checkout's code against an
older checkout's (a report, never a test: timings on a shared machine vary with load).

    .venv/bin/python -m bench.bench_segment [--against /path/to/older/checkout] [--documents 60] [--pairs 7]

The PDF and DOCX files of the development corpus (../shared/corpora/helsereform/raw, the first N by name) are
extracted and cleaned once by this checkout; each run then segments all of them in a fresh process
(segment.passage_records and segment.passage_kinds) with one checkout's pipeline package, the two checkouts taking
turns. Prints each side's median CPU seconds of segmentation alone and the median of the pair-by-pair ratios, and
records them in bench/RESULTS.md (section segment-speed) when --against is given.
"""
from __future__ import annotations

import argparse
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import ROOT, machine_line, median, write_section

DEVELOPMENT_RAW = ROOT.parent / "shared" / "corpora" / "helsereform" / "raw"
#: One run, in a fresh process: segment every prepared document twice, print the CPU seconds it took.
RUN = """
import pickle, sys, time
sys.path.insert(0, sys.argv[1])
from pipeline import segment
docs = pickle.load(open(sys.argv[2], "rb"))
start = time.process_time()
for _ in range(2):
    for pages, headings in docs:
        records = segment.passage_records(pages, "doc", headings)
        segment.passage_kinds([r["text"] for r in records], [r["kind"] for r in records], "Organisasjon")
print(time.process_time() - start)
"""


def prepare(raw: Path, n_documents: int, target: Path) -> int:
    """Extract and clean the first n PDF/DOCX files of raw into a pickle at target; returns how many were read."""
    from pipeline import clean, extract

    files = sorted(p for p in raw.iterdir() if p.suffix.lower() in (".pdf", ".docx"))[:n_documents]
    prepared = []
    for path in files:
        try:
            read = extract.extract(path)
        except extract.ExtractionError:
            continue
        prepared.append((clean.clean_pages(read.pages, read.kind, read.footnotes, read.note_numbers), read.headings))
    target.write_bytes(pickle.dumps(prepared))
    return len(prepared)


def run_seconds(checkout: Path, prepared: Path) -> float:
    """CPU seconds of one segmentation run with checkout's pipeline package, in a fresh process."""
    done = subprocess.run([sys.executable, "-c", RUN, str(checkout), str(prepared)], capture_output=True, text=True,
                          check=True)
    return float(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", type=Path, help="an older checkout to compare with (its pipeline package)")
    parser.add_argument("--documents", type=int, default=60)
    parser.add_argument("--pairs", type=int, default=7)
    args = parser.parse_args()
    if not DEVELOPMENT_RAW.is_dir():
        sys.exit(f"{DEVELOPMENT_RAW} is missing: the benchmark reads the development corpus in place")
    with tempfile.TemporaryDirectory() as scratch:
        prepared = Path(scratch) / "pages.pkl"
        n = prepare(DEVELOPMENT_RAW, args.documents, prepared)
        ours, theirs = [], []
        for _ in range(args.pairs):
            ours.append(run_seconds(ROOT, prepared))
            if args.against:
                theirs.append(run_seconds(args.against, prepared))
    line = f"segmentation of {n} development documents (x2): this checkout median {median(ours):.3f} s CPU"
    if theirs:
        ratio = median([a / b for a, b in zip(ours, theirs)])
        line += f", {args.against} median {median(theirs):.3f} s, ratio (pair by pair, median) {ratio:.2f}"
        write_section("segment-speed", f"## Segmentation speed (bench/bench_segment.py)\n\n{machine_line()}\n\n{line}.")
    print(line)


if __name__ == "__main__":
    main()
