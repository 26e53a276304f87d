"""How a long command reports where it is: one callback type, and the three ways to show it.

A stage calls progress(stage, done, total). The command line picks the reporter: tqdm bars on a terminal,
JSON lines on stdout for the app's admin area (`--progress jsonl`: one {"stage", "done", "total"} object a
line, the stage "waiting" while another build holds the lock), or nothing in CI and pipes.
"""
from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable

Progress = Callable[[str, int, int], None]


def no_progress(stage: str, done: int, total: int) -> None:
    """The reporter that shows nothing."""


def reporter(mode: str) -> Progress:
    """tqdm bars on a terminal, JSON lines for the app (mode "jsonl"), nothing in CI or a pipe ("auto"/"none")."""
    if mode == "jsonl":

        def report(stage: str, done: int, total: int) -> None:
            print(json.dumps({"stage": stage, "done": done, "total": total}), flush=True)

        return report
    if mode == "none" or (mode == "auto" and (os.environ.get("CI") or not sys.stderr.isatty())):
        return no_progress
    from tqdm import tqdm

    bars: dict[str, tqdm] = {}

    def report(stage: str, done: int, total: int) -> None:
        bar = bars.get(stage)
        if bar is None:
            for other in bars.values():
                other.close()
            bar = bars[stage] = tqdm(total=total, desc=stage, unit="doc" if stage == "documents" else "step", leave=False)
        bar.n = done
        bar.refresh()

    return report
