"""The build's named stages: each one timed, its peak memory noted, and announced to the progress reporter.

    stages = Stages(progress)
    with stages.run("topics"):        # progress("topics", 0, 1), then the stage's work
        model = topics.fit_topics(...)
    stages.timings, stages.peak_mb    # {"topics": seconds}, {"topics": MB} for build_info

A stage's time runs from the end of the previous stage (or the runner's start) to the end of its own, so
the stages' times add up to the whole build.
"""
from __future__ import annotations

import ctypes
import resource
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from .progress import Progress, no_progress


def peak_memory_mb() -> int:
    """This process's peak resident memory so far, in MB (Linux reports ru_maxrss in kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


#: glibc's mallopt parameter M_MMAP_THRESHOLD (malloc.h).
_M_MMAP_THRESHOLD = -3
#: Blocks from this size up get pages of their own (mmap), which go back to the system when freed.
MMAP_THRESHOLD_BYTES = 1 << 20


@lru_cache(maxsize=1)
def _glibc() -> ctypes.CDLL | None:
    """The process's C library if it is glibc (it has malloc_trim and mallopt), else None: others are left alone."""
    try:
        libc = ctypes.CDLL(None)  # the symbols already loaded into the process, the C library's among them
    except OSError:
        return None
    return libc if hasattr(libc, "malloc_trim") and hasattr(libc, "mallopt") else None


def fix_mmap_threshold() -> None:
    """Give blocks of MMAP_THRESHOLD_BYTES and more pages of their own for the rest of the process. glibc raises its
    threshold (up to 32 MB) each time such a block is freed, after which the stages' arrays of 1-32 MB are carved
    from the heap, where one block still in use keeps the freed ones around it from going back to the system: at
    3,000 documents that held ~100 MB after the demands stage and ~150 MB after term counts."""
    libc = _glibc()
    if libc is not None:
        libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)


def release_freed_memory() -> None:
    """Return the memory the allocators hold freed to the system: Arrow's (mimalloc), which keeps freed pages for
    reuse while the next stage's big arrays are mostly numpy's (at 10,000 documents the lemma encoding's and the term
    forms' hundreds of MB sat unused under the topic model's peak), and glibc's heap (malloc_trim), where Python's
    and numpy's smaller blocks stay mapped after they are freed (3,000 documents: 100-200 MB at a stage's end)."""
    import pyarrow as pa

    pa.default_memory_pool().release_unused()
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)


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
        """Note a stage as finished now, and give the memory freed during it back to the system."""
        release_freed_memory()
        now = time.perf_counter()
        self.timings[name] = round(now - self._clock, 4)
        self.peak_mb[name] = peak_memory_mb()
        self._clock = now
