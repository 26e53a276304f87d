"""The build's named stages: each one timed, its peak memory noted, and announced to the progress reporter.

    stages = Stages(progress)
    with stages.run("topics"):        # progress("topics", 0, 1), then the stage's work
        model = topics.fit_topics(...)
    stages.timings, stages.peak_mb    # {"topics": seconds}, {"topics": MB} for build_info

A stage's time runs from the end of the previous stage (or the runner's start) to the end of its own, so
the stages' times add up to the whole build.
"""
from __future__ import annotations

import resource
import time
from collections.abc import Iterator
from contextlib import contextmanager

from .progress import Progress, no_progress


def peak_memory_mb() -> int:
    """This process's peak resident memory so far, in MB (Linux reports ru_maxrss in kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def release_arrow_memory() -> None:
    """Return the memory Arrow's allocator (mimalloc) holds freed to the system. It keeps freed pages for reuse, but
    the next stage's big arrays are mostly numpy's, from another allocator: at 10,000 documents the lemma encoding's
    and the term forms' freed hundreds of MB sat unused under the topic model's peak."""
    import pyarrow as pa

    pa.default_memory_pool().release_unused()


class Stages:
    """Timing, peak memory and progress of one build's stages, in the order they ran."""

    def __init__(self, progress: Progress = no_progress) -> None:
        self.progress = progress
        self.timings: dict[str, float] = {}
        self.peak_mb: dict[str, int] = {}  # the main process's peak resident memory at the end of each stage
        self._clock = time.perf_counter()

    @contextmanager
    def run(self, name: str, *, announce: bool = True) -> Iterator[None]:
        """Run one stage: announce it (unless it reports its own progress), then note its time and memory."""
        if announce:
            self.progress(name, 0, 1)
        yield
        self.done(name)

    def done(self, name: str) -> None:
        """Note a stage as finished now, and give the memory Arrow freed during it back to the system."""
        release_arrow_memory()
        now = time.perf_counter()
        self.timings[name] = round(now - self._clock, 4)
        self.peak_mb[name] = peak_memory_mb()
        self._clock = now
