"""Admin password attempts, limited server-wide: exponential backoff after a few failures, shared by every session.

The state lives in one small JSON file in the data directory (<data>/.admin_attempts.json) under a file
lock, so every session and every server process on the same data sees the same count, and a rerun or a
restart does not reset it. A correct password clears it. Failures are logged without the password.
"""
from __future__ import annotations

import json
import logging
import os
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from filelock import FileLock

STATE_FILE = ".admin_attempts.json"
#: Wrong passwords allowed before the lock starts.
FREE_FAILURES = 3
#: The first lock lasts this long; each further failure doubles it, up to MAX_LOCK_SECONDS.
FIRST_LOCK_SECONDS = 5.0
MAX_LOCK_SECONDS = 15 * 60.0

log = logging.getLogger("horingsradar.admin")


@dataclass(frozen=True)
class Attempts:
    """Failures in a row (server-wide) and until when (epoch seconds) no password is checked."""

    failures: int = 0
    locked_until: float = 0.0


def lock_seconds(failures: int) -> float:
    """How long the lock lasts after `failures` wrong passwords in a row (0 while still free)."""
    if failures < FREE_FAILURES:
        return 0.0
    return min(FIRST_LOCK_SECONDS * 2 ** (failures - FREE_FAILURES), MAX_LOCK_SECONDS)


def after_attempt(state: Attempts, ok: bool, now: float) -> Attempts:
    """The state after one checked attempt: cleared by a correct password, else one more failure and its lock."""
    if ok:
        return Attempts()
    failures = state.failures + 1
    return Attempts(failures, now + lock_seconds(failures))


def wait_seconds(state: Attempts, now: float) -> float:
    """Seconds until a password may be checked again (0 when it may now)."""
    return max(0.0, state.locked_until - now)


def _read(path: Path) -> Attempts:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Attempts(int(data["failures"]), float(data["locked_until"]))
    except (OSError, ValueError, KeyError, TypeError):
        return Attempts()


def _write(path: Path, state: Attempts) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(asdict(state), fh)
    os.replace(tmp, path)


class Limiter:
    """The attempt limiter of one data directory."""

    def __init__(self, data_dir: Path, clock=time.time):
        self.path = Path(data_dir) / STATE_FILE
        self.clock = clock
        self._lock = FileLock(str(self.path) + ".lock")

    def wait(self) -> float:
        """Seconds until the next password may be checked."""
        return wait_seconds(_read(self.path), self.clock())

    def attempt(self, check) -> tuple[bool, float]:
        """Run check() (the password comparison) unless locked; returns (ok, seconds to wait now).

        The check and the count happen under the lock, so sessions guessing in parallel are counted one by one.
        """
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock:
            now = self.clock()
            state = _read(self.path)
            if wait_seconds(state, now) > 0:
                return False, wait_seconds(state, now)
            ok = bool(check())
            new = after_attempt(state, ok, now)
            if new != state:
                _write(self.path, new)
        if not ok:
            log.warning("admin login failed: %d wrong passwords in a row; next check in %.0f s",
                        new.failures, wait_seconds(new, now))
        return ok, wait_seconds(new, now)
