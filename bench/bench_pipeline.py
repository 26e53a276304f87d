"""Pipeline benchmark: cold build, no-change rebuild and add-one-document rebuild at each corpus size.

    python -m bench.bench_pipeline [--sizes seed 100 1000 10000] [--repeats 3] [--large-repeats 1]

Each measurement is a fresh `python -m pipeline build` process (interpreter start-up included)
with HORINGSRADAR_DATA pointing at bench/corpora/<size>: wall time, CPU time of the process and
its pool workers (wait4 rusage), peak resident memory of the whole process tree (psutil, polled
every 20 ms) and of the largest single process. Medians over repeats; the corpus-wide stage
timings come from build_info.json. Writes the "pipeline" section of bench/RESULTS.md.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from bench import make_corpus
from bench.common import CORPORA, PYTHON, Run, machine_line, markdown_table, measure, median, write_section

BUILD = (PYTHON, "-m", "pipeline", "build", "--progress", "none")
IMPORT_FLOOR = (PYTHON, "-c", "import pipeline.build, pandas, pyarrow.parquet")
TARGETS = {
    "seed_cold_s": 6.0,
    "nochange_s": 1.5,
    "large_cold_s": 180.0,
    "large_peak_bytes": 2 * 2**30,
    "large_add_one_s": 20.0,
}


@dataclass(frozen=True)
class Case:
    """Measured runs of one scenario on one corpus, with the build's own stage timings."""

    runs: tuple[Run, ...]
    stages: tuple[dict, ...]

    @property
    def wall(self) -> float:
        return median([r.wall for r in self.runs])

    @property
    def cpu(self) -> float:
        return median([r.cpu for r in self.runs])

    @property
    def peak(self) -> int:
        return max(r.peak_tree_rss for r in self.runs)

    @property
    def max_rss(self) -> int:
        return max(r.max_rss for r in self.runs)

    def stage_medians(self) -> dict[str, float]:
        names = [k for k in (self.stages[0] if self.stages else {})]
        return {k: median([s.get(k, 0.0) for s in self.stages]) for k in names}


def env_for(corpus: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["HORINGSRADAR_DATA"] = str(corpus)
    return env


def build_info(corpus: Path) -> dict:
    path = corpus / "processed" / "build_info.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def stage_timings(corpus: Path) -> dict[str, float]:
    """The build's stage timings plus the topic model's own (prefixed 'topics.')."""
    info = build_info(corpus)
    timings = dict(info.get("timings", {}))
    for name, seconds in (info.get("topic_model", {}).get("timings") or {}).items():
        timings[f"topics.{name}"] = seconds
    return timings


def run_build(corpus: Path, *extra: str) -> Run:
    run = measure([*BUILD, *extra], env_for(corpus))
    if run.returncode != 0:
        raise SystemExit(f"build of {corpus} failed ({run.returncode}):\n{run.stderr[-3000:]}")
    return run


def cold(corpus: Path, repeats: int) -> Case:
    """`build --force` with interim/ and processed/ removed first."""
    runs, stages = [], []
    for _ in range(repeats):
        for sub in ("interim", "processed"):
            shutil.rmtree(corpus / sub, ignore_errors=True)
        runs.append(run_build(corpus, "--force"))
        stages.append(stage_timings(corpus))
    return Case(tuple(runs), tuple(stages))


def no_change(corpus: Path, repeats: int) -> Case:
    """`build` right after a build: the fingerprint matches and nothing is rebuilt."""
    runs = []
    rebuilt = 0
    while len(runs) < repeats:
        run = run_build(corpus)
        if "up to date" in run.stderr:
            runs.append(run)
            continue
        # The pipeline's code changed since the last build (a stage module was edited): that
        # build was a real rebuild, not a no-op; measure again.
        rebuilt += 1
        if rebuilt > 3:
            raise SystemExit(f"no-change rebuild of {corpus} keeps rebuilding:\n{run.stderr[-2000:]}")
    return Case(tuple(runs), ())


def add_one(corpus: Path, repeats: int) -> Case:
    """`build` after adding one new synthetic document (a new file and manifest row) each time.

    The manifest and raw/ are restored afterwards and the tables rebuilt (untimed) so the
    corpus is left as it was.
    """
    manifest_path = corpus / "raw" / "documents.csv"
    original = manifest_path.read_bytes()
    pool = make_corpus.paragraph_pool()
    by_source = make_corpus._runs_by_source(pool)
    added: list[Path] = []
    runs, stages = [], []
    try:
        for k in range(repeats):
            rng = random.Random(f"bench-add-{k}")
            title, text = make_corpus.synthetic_document(rng, by_source, "NITO", "consultation_response", 2026,
                                                         make_corpus.MEAN_DOC_BYTES)
            path = corpus / "raw" / f"bench-added-{k}.txt"
            path.write_text(text, encoding="utf-8")
            added.append(path)
            row = f"bench-added-{k},{path.name},NITO,2026,,,consultation_response,\"{title}\",nb\n"
            with manifest_path.open("a", encoding="utf-8") as fh:
                fh.write(row)
            runs.append(run_build(corpus))
            stages.append(stage_timings(corpus))
    finally:
        manifest_path.write_bytes(original)
        for path in added:
            path.unlink(missing_ok=True)
        run_build(corpus)
    return Case(tuple(runs), tuple(stages))


def n_documents(corpus: Path) -> int:
    with (corpus / "raw" / "documents.csv").open(encoding="utf-8") as fh:
        import csv

        return sum(1 for _ in csv.DictReader(fh))


def corpus_bytes(corpus: Path) -> int:
    return sum(p.stat().st_size for p in (corpus / "raw").iterdir() if p.is_file() and p.name != "documents.csv")


def mb(n: int) -> str:
    return f"{n / 2**20:.0f} MB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["seed", "100", "1000", "10000"])
    parser.add_argument("--repeats", type=int, default=3, help="repeats per scenario below 10,000 documents")
    parser.add_argument("--large-repeats", type=int, default=1, help="cold-build repeats at 10,000 documents")
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    args = parser.parse_args(argv)

    machine_before = machine_line()
    floor = median([measure(IMPORT_FLOOR).wall for _ in range(args.repeats)])
    print(f"{machine_before}\nimport floor (python + pipeline.build + pandas + pyarrow): {floor:.2f} s", flush=True)
    results: dict[str, dict] = {}
    for size in args.sizes:
        corpus = CORPORA / size
        if not (corpus / "raw" / "documents.csv").exists() or not (corpus / "themes.toml").exists():
            raise SystemExit(f"{corpus} is missing raw/documents.csv or themes.toml: run `make bench-corpus` first")
        large = size.isdigit() and int(size) >= 10_000
        repeats = args.repeats
        docs = n_documents(corpus)
        print(f"\n== {size}: {docs} documents, {mb(corpus_bytes(corpus))} ==", flush=True)
        c = cold(corpus, args.large_repeats if large else repeats)
        print(f"cold     {c.wall:7.2f} s wall  {c.cpu:7.2f} s CPU  peak tree {mb(c.peak)}  largest process {mb(c.max_rss)}"
              f"  stages {c.stage_medians()}", flush=True)
        n = no_change(corpus, repeats)
        print(f"no-change {n.wall:6.2f} s wall  {n.cpu:7.2f} s CPU", flush=True)
        a = add_one(corpus, min(2, repeats) if large else repeats)
        print(f"add one  {a.wall:7.2f} s wall  {a.cpu:7.2f} s CPU  peak tree {mb(a.peak)}  stages {a.stage_medians()}",
              flush=True)
        results[size] = {"docs": docs, "bytes": corpus_bytes(corpus), "cold": c, "nochange": n, "add": a,
                         "repeats": (len(c.runs), len(n.runs), len(a.runs))}
    machine_after = machine_line()

    rows = []
    for size, r in results.items():
        c, n, a = r["cold"], r["nochange"], r["add"]
        rows.append([
            size, r["docs"], mb(r["bytes"]), "/".join(map(str, r["repeats"])),
            f"{c.wall:.2f}", f"{c.cpu:.2f}", mb(c.peak), mb(c.max_rss),
            f"{1000 * c.wall / r['docs']:.1f}", f"{1000 * c.cpu / r['docs']:.1f}", f"{n.wall:.2f}", f"{n.cpu:.2f}",
            f"{a.wall:.2f}", f"{a.cpu:.2f}",
        ])
    table = markdown_table(
        ["corpus", "docs", "raw size", "repeats cold/no-change/add", "cold wall s", "cold CPU s", "cold peak (tree)",
         "largest process", "cold wall ms/doc", "cold CPU ms/doc", "no-change wall s", "no-change CPU s",
         "add one wall s", "add one CPU s"], rows)

    scaling = []
    synthetic = [s for s in results if s.isdigit()]
    for small, big in zip(synthetic, synthetic[1:]):
        rs, rb = results[small], results[big]
        ratio_docs = rb["docs"] / rs["docs"]
        ratio_time = rb["cold"].wall / rs["cold"].wall
        net = (rb["cold"].wall - floor) / max(1e-9, rs["cold"].wall - floor)
        ratio_cpu = rb["cold"].cpu / rs["cold"].cpu
        scaling.append([f"{small} → {big}", f"{ratio_docs:.1f}×", f"{ratio_time:.1f}×",
                        f"{math.log(max(net, 1e-9)) / math.log(ratio_docs):.2f}",
                        f"{(rb['cold'].wall / rb['docs']) / (rs['cold'].wall / rs['docs']):.2f}",
                        f"{ratio_cpu:.1f}×", f"{math.log(ratio_cpu) / math.log(ratio_docs):.2f}"])
    scaling_table = markdown_table(
        ["sizes", "documents", "cold wall", "exponent b of wall (t ∝ n^b, minus import floor)", "wall ms/doc ratio",
         "cold CPU", "exponent b of CPU"], scaling)

    stage_rows = []
    for size, r in results.items():
        for label, case in (("cold", r["cold"]), ("add one", r["add"])):
            st = case.stage_medians()
            topic_parts = ", ".join(f"{k.split('.', 1)[1]} {v:.2f}" for k, v in st.items() if k.startswith("topics."))
            stage_rows.append([size, label] + [f"{st.get(k, 0):.2f}" for k in
                              ("inputs", "documents", "assemble", "themes", "topics", "trends", "search")]
                              + [topic_parts or "—"])
    stage_table = markdown_table(["corpus", "build", "inputs", "documents", "assemble", "themes", "topics", "trends",
                                  "search", "inside topics"], stage_rows)

    verdicts = []
    if "seed" in results:
        verdicts.append(("seed cold build < 6 s (with interpreter start-up)", results["seed"]["cold"].wall,
                         TARGETS["seed_cold_s"]))
        verdicts.append(("no-change rebuild < 1.5 s (seed)", results["seed"]["nochange"].wall, TARGETS["nochange_s"]))
    large = [s for s in results if s.isdigit() and int(s) >= 10_000]
    if large:
        r = results[large[0]]
        verdicts += [
            ("no-change rebuild < 1.5 s (10,000)", r["nochange"].wall, TARGETS["nochange_s"]),
            ("10,000 documents cold < 3 min", r["cold"].wall, TARGETS["large_cold_s"]),
            ("10,000 documents peak memory (tree) < 2 GB", r["cold"].peak / 2**30, 2.0),
            ("add one document to 10,000 < 20 s", r["add"].wall, TARGETS["large_add_one_s"]),
        ]
    verdict_lines = [f"- {'MET' if value < limit else 'MISSED'}: {name} — measured {value:.2f}" for name, value, limit in verdicts]

    body = "\n\n".join([
        "## Pipeline (`make bench-pipeline`)",
        f"Started {machine_before}.  \nFinished {machine_after}.",
        "Each figure is a fresh `python -m pipeline build --progress none` process with HORINGSRADAR_DATA="
        "bench/corpora/<size> (interpreter start-up included); medians over the repeats shown; peak memory is the "
        "maximum over repeats of the polled RSS sum of the process tree (parent + pool workers); 'largest process' "
        "is wait4's ru_maxrss. Cold = interim/ and processed/ removed, `--force`. Add one = a new ~20 kB document "
        f"and manifest row, per-file cache reused. Import floor (python + pipeline.build + pandas + pyarrow): {floor:.2f} s.",
        table,
        "Scaling between synthetic sizes (ratios from the same run):",
        scaling_table,
        "Stage timings from build_info.json (seconds, medians):",
        stage_table,
        "Targets:\n" + "\n".join(verdict_lines),
    ])
    print("\n" + body)
    if not args.no_write:
        write_section("pipeline", body)
        print(f"\nwrote the pipeline section of bench/RESULTS.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
