"""The admin area's client of the pipeline's command line: it runs `python -m pipeline …` as a child process
(cwd = project root, same environment, so HORINGSRADAR_DATA carries over), reads progress as JSON events from
`--progress jsonl` on stdout and takes the command's one-line message from stderr. No Streamlit here.
"""
from __future__ import annotations

import json
import os
import selectors
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from pipeline.config import PROJECT_ROOT

#: Where each build stage starts on the progress bar; "documents" fills the first half by count.
STAGE_START = {"checking": 0.0, "adding": 0.04, "documents": 0.05, "themes": 0.55, "topics": 0.6,
               "trends": 0.85, "search": 0.9, "write": 0.95, "done": 1.0}
#: The stage the pipeline reports while another build or corpus change holds the lock.
WAITING = "waiting"


@dataclass(frozen=True)
class ProgressEvent:
    """One line of `--progress jsonl`: the stage and how far it is."""

    stage: str
    done: int = 0
    total: int = 0

    @property
    def fraction(self) -> float:
        """Where the progress bar stands."""
        return progress_fraction(self.stage, self.done, self.total)


def pipeline_command(command: str, *options: str, positional: Sequence[str] = ()) -> list[str]:
    """argv for `python -m pipeline COMMAND OPTIONS -- POSITIONAL` with this interpreter.

    Options carry their values as --opt=value and positional values come after "--", so a value that starts
    with "-" (a file named "-dash.txt", a title "-Innspill") is never taken for an option.
    """
    return [sys.executable, "-m", "pipeline", command, *options, *(["--", *positional] if positional else [])]


def run_pipeline(command: str, *options: str, positional: Sequence[str] = (), timeout: float | None = None
                 ) -> subprocess.CompletedProcess:
    """Run a pipeline command to the end (cwd = project root, same environment)."""
    return subprocess.run(
        pipeline_command(command, *options, positional=positional), cwd=PROJECT_ROOT, env=dict(os.environ),
        capture_output=True, text=True, timeout=timeout,
    )


def listing(command: str) -> list[dict]:
    """`python -m pipeline <command> --json` (withdrawn or pending) as a list of records; [] on failure."""
    done = run_pipeline(command, "--json", timeout=60)
    return json.loads(done.stdout) if done.returncode == 0 and done.stdout.strip() else []


def last_line(stderr: str) -> str:
    """The last non-empty line of a command's stderr: its one-line message."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def progress_fraction(stage: str, done: int, total: int) -> float:
    """Where the bar stands for one progress event."""
    start = STAGE_START.get(stage, 0.0)
    if stage == "documents" and total:
        return start + (STAGE_START["themes"] - start) * min(done / total, 1.0)
    return start


def parse_event(line: str) -> ProgressEvent | None:
    """A stdout line of `--progress jsonl` as an event; None for anything else."""
    try:
        event = json.loads(line)
    except json.JSONDecodeError:
        return None
    if not isinstance(event, dict) or not isinstance(event.get("stage"), str):
        return None
    return ProgressEvent(event["stage"], int(event.get("done", 0)), int(event.get("total", 0)))


def _lines(process: subprocess.Popen) -> Iterator[tuple[str, str]]:
    """("out"|"err", line) from both pipes as they come, without blocking on either."""
    selector = selectors.DefaultSelector()
    buffers = {}
    for name, pipe in (("out", process.stdout), ("err", process.stderr)):
        os.set_blocking(pipe.fileno(), False)
        selector.register(pipe, selectors.EVENT_READ, name)
        buffers[name] = b""
    while selector.get_map():
        for key, _ in selector.select(timeout=1.0):
            chunk = os.read(key.fileobj.fileno(), 65536)
            name = key.data
            if not chunk:
                selector.unregister(key.fileobj)
                if buffers[name]:
                    yield name, buffers[name].decode("utf-8", "replace")
                continue
            buffers[name] += chunk
            *complete, buffers[name] = buffers[name].split(b"\n")
            for line in complete:
                yield name, line.decode("utf-8", "replace")
    selector.close()


class PipelineRun:
    """A pipeline command running with `--progress jsonl`: iterate it for progress events, then read ok and message.

    args = [command, options...] (options as --opt=value); positional values go after "--".
    """

    def __init__(self, args: Sequence[str], positional: Sequence[str] = ()) -> None:
        self._process = subprocess.Popen(
            pipeline_command(args[0], *args[1:], "--progress=jsonl", positional=positional), cwd=PROJECT_ROOT,
            env=dict(os.environ), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        self._messages: list[str] = []

    def __iter__(self) -> Iterator[ProgressEvent]:
        for stream, line in _lines(self._process):
            if stream == "err":
                if line.strip():
                    self._messages.append(line.strip())
                continue
            event = parse_event(line)
            if event is not None:
                yield event

    @property
    def ok(self) -> bool:
        """Whether the command succeeded (waits for it to end)."""
        return self._process.wait() == 0

    @property
    def message(self) -> str:
        """The command's last one-line message (stderr)."""
        return self._messages[-1] if self._messages else ""
