"""Which stage of a build holds the main process's peak memory: RSS sampled in a thread, named by stage.

    python -m bench.memory_by_stage DATA_DIR [--force | --simulate-cold]

Runs `pipeline.build.build` in this process with a thread reading the process's resident memory
(/proc/self/statm) every 20 ms. Each sample is put to the stage running, as pipeline.stages.Stages times them
(a stage runs from the previous stage's end to its own), and the largest per stage is printed with the stage's
CPU seconds (process time, sampler included, < 2 %). Only the main process: pool workers are other processes.

--simulate-cold: the main process of a cold build without the documents' processing, in minutes instead of the
40 a 10,000-document cold build takes under load. The snapshots (interim/*.arrow) are not read, so every
document's cached passages and theme tags are unpickled into the heap, as the pool's results arrive in a cold
build; remove processed/ (no previous topic model) and interim/demands/groups-* (grouping again) first to match one.
At 1,000 documents it gave a 708 MB peak where the forced cold build gave 741 MB, and the same tables.
Linux only (/proc).
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import threading
import time
from pathlib import Path

PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")
STAGE_ORDER = ("inputs", "documents", "assemble", "themes", "demands", "topics", "trends", "search", "write")


def rss_bytes() -> int:
    """This process's resident memory now (the second field of /proc/self/statm, in pages)."""
    with open("/proc/self/statm", encoding="ascii") as fh:
        return int(fh.read().split()[1]) * PAGE_BYTES


class StageSampler:
    """The largest RSS sampled while each build stage ran, and the CPU seconds each took."""

    def __init__(self, interval: float = 0.02) -> None:
        self.interval = interval
        self.current = STAGE_ORDER[0]
        self.peak: dict[str, int] = {}
        self.cpu: dict[str, float] = {}
        self._cpu_clock = time.process_time()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _note(self) -> None:
        self.peak[self.current] = max(self.peak.get(self.current, 0), rss_bytes())

    def _run(self) -> None:
        while not self._stop.is_set():
            self._note()
            time.sleep(self.interval)

    def stage_done(self, name: str) -> None:
        """Called at a build stage's end: close its figures and move on to the next stage."""
        if name not in STAGE_ORDER:  # the topic model's own sub-steps use a Stages too
            return
        self._note()
        now = time.process_time()
        self.cpu[name] = now - self._cpu_clock
        self._cpu_clock = now
        following = STAGE_ORDER.index(name) + 1
        self.current = STAGE_ORDER[following] if following < len(STAGE_ORDER) else "after write"

    def __enter__(self) -> StageSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    how = parser.add_mutually_exclusive_group()
    how.add_argument("--force", action="store_true", help="a forced build (documents processed in the pool)")
    how.add_argument("--simulate-cold", action="store_true", help="documents from their cache files, not snapshots")
    args = parser.parse_args(argv)

    from pipeline import build, snapshot, stages
    from pipeline.config import paths

    if args.simulate_cold:
        snapshot.load = lambda path, force=False: ({}, {})
    sampler = StageSampler()
    real_done = stages.Stages.done

    def done(self, name: str) -> None:
        real_done(self, name)
        sampler.stage_done(name)

    stages.Stages.done = done
    with sampler:
        report = build.build(paths(args.data), build.BuildParams(force=args.force))
    print("skipped (up to date)" if report.skipped else f"built; load average {os.getloadavg()}")
    for name in [*STAGE_ORDER, "after write"]:
        if name in sampler.peak:
            cpu = f"{sampler.cpu[name]:7.2f} s CPU" if name in sampler.cpu else ""
            print(f"{name:12s} max RSS {sampler.peak[name] / 2**20:7.0f} MB  {cpu}")
    print(f"peak (ru_maxrss) {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
