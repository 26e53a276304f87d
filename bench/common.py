"""Shared benchmark helpers: machine description, measured subprocess runs, RESULTS.md sections."""
from __future__ import annotations

import os
import platform
import re
import statistics
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
CORPORA = ROOT / "bench" / "corpora"
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else "python3"


def cpu_model() -> str:
    """The processor's model name from /proc/cpuinfo (or platform's guess)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def load_average() -> str:
    """1/5/15-minute load averages as text."""
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def machine_line() -> str:
    """One line naming date, cores, memory, CPU model, load and the BLAS core-type setting."""
    mem = psutil.virtual_memory().total / 2**30
    blas = os.environ.get("OPENBLAS_CORETYPE")
    blas_note = f"; OPENBLAS_CORETYPE={blas} (machine default, left as is)" if blas else ""
    return (
        f"{datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}; {os.cpu_count()} cores, "
        f"{mem:.1f} GiB RAM, {cpu_model()}; Python {platform.python_version()}; "
        f"load average (1/5/15 min) {load_average()}{blas_note}"
    )


def median(values: Sequence[float]) -> float:
    """Median of a non-empty sequence."""
    return float(statistics.median(values))


@dataclass(frozen=True)
class Run:
    """One measured subprocess: wall seconds, CPU seconds of it and its children, peak memory."""

    wall: float
    cpu: float
    peak_tree_rss: int  # bytes, sum over the process tree, polled every 20 ms
    max_rss: int  # bytes, largest single process (wait4 rusage)
    returncode: int
    stderr: str


def tree_rss(proc: psutil.Process) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return total


def measure(cmd: Sequence[str], env: Mapping[str, str] | None = None, cwd: Path = ROOT, poll: float = 0.02) -> Run:
    """Run cmd to completion; wall time, CPU time (rusage of the child and its reaped children), peak RSS."""
    started = time.perf_counter()
    proc = subprocess.Popen(list(cmd), cwd=cwd, env=dict(env) if env else None,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def watch() -> None:
        nonlocal peak
        try:
            ps = psutil.Process(proc.pid)
            while not done.is_set():
                peak = max(peak, tree_rss(ps))
                time.sleep(poll)
        except psutil.NoSuchProcess:
            pass

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    stderr_chunks: list[str] = []
    reader = threading.Thread(target=lambda: stderr_chunks.append(proc.stderr.read()), daemon=True)
    reader.start()
    # wait4 gives this child's own rusage (including its reaped pool workers), unlike RUSAGE_CHILDREN.
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    done.set()
    watcher.join()
    reader.join()
    return Run(wall, usage.ru_utime + usage.ru_stime, peak, usage.ru_maxrss * 1024, proc.returncode,
               "".join(stderr_chunks))


def write_section(name: str, body: str) -> None:
    """Replace (or append) the section between <!-- name:start --> and <!-- name:end --> in RESULTS.md."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    block = f"{start}\n{body.rstrip()}\n{end}"
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n\nWritten by the `make bench-*` targets; see bench/SCALING.md for what they mean.\n"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    text = pattern.sub(lambda _: block, text) if pattern.search(text) else text.rstrip() + "\n\n" + block + "\n"
    RESULTS.write_text(text, encoding="utf-8")


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A GitHub markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)
