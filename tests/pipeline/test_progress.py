"""The command line's progress: JSON lines for the app, and a "waiting" event while another build holds the lock."""
from __future__ import annotations

import json
import threading

from filelock import FileLock

from pipeline.__main__ import locked
from pipeline.config import paths
from pipeline.progress import reporter


def test_jsonl_reporter_prints_one_object_a_line(capsys):
    report = reporter("jsonl")
    report("documents", 3, 10)
    report("done", 1, 1)
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line) for line in lines] == [
        {"stage": "documents", "done": 3, "total": 10}, {"stage": "done", "done": 1, "total": 1}
    ]


def test_waiting_for_the_lock_is_a_progress_event(tmp_path):
    p = paths(tmp_path / "data")
    p.data.mkdir()
    events = []
    held = threading.Event()

    def hold() -> None:  # another build, holding the lock for a moment
        with FileLock(p.lock):
            held.set()
            threading.Event().wait(0.5)

    threading.Thread(target=hold).start()
    held.wait(10)
    lock = locked(p, lambda stage, done, total: events.append((stage, done, total)), wait_seconds=30)
    lock.release()
    assert events == [("waiting", 0, 0)]


def test_no_waiting_event_when_the_lock_is_free(tmp_path):
    p = paths(tmp_path / "data")
    events = []
    locked(p, lambda *event: events.append(event)).release()
    assert events == []
