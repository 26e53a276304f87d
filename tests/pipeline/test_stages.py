"""The build's stage runner: timings, and the memory a stage freed going back to the system."""
from __future__ import annotations

import numpy as np

from pipeline import stages


def test_stage_end_gives_freed_memory_back_and_times_the_stage():
    stages.fix_mmap_threshold()
    runner = stages.Stages()
    with runner.run("work", announce=False):
        big = np.ones(50_000_000 // 8)  # 50 MB, freed before the stage ends
        del big
    assert set(runner.timings) == {"work"} and runner.timings["work"] >= 0
    assert runner.peak_mb["work"] >= 50
    stages.release_freed_memory()  # callable again at any time (no C library: nothing happens)
