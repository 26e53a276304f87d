"""Command line: `python -m pipeline build [--force] [--strict]`, `check`, and corpus changes.

Every command that writes takes the data directory's lock, so one build or corpus change
runs at a time; a second one waits and says so.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable

from filelock import FileLock, Timeout

from .config import Paths, paths

EXIT_OK, EXIT_PROBLEMS, EXIT_FAILED = 0, 1, 2


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def locked(p: Paths, wait_seconds: float = 600) -> FileLock:
    """The data directory's lock, acquired; tells the user when it has to wait."""
    p.data.mkdir(parents=True, exist_ok=True)
    lock = FileLock(p.lock)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        _say("Another build or corpus change is running; waiting for it to finish …")
        lock.acquire(timeout=wait_seconds)
    return lock


def progress_reporter(mode: str) -> Callable[[str, int, int], None]:
    """tqdm bars on a terminal, JSON lines for the app (--progress jsonl), nothing in CI or a pipe."""
    if mode == "jsonl":

        def report(stage: str, done: int, total: int) -> None:
            print(json.dumps({"stage": stage, "done": done, "total": total}), flush=True)

        return report
    if mode == "none" or (mode == "auto" and (os.environ.get("CI") or not sys.stderr.isatty())):
        return lambda stage, done, total: None
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


def cmd_build(args: argparse.Namespace) -> int:
    from .build import BuildError, BuildParams, build

    p = paths()
    params = BuildParams(force=args.force, strict=args.strict)
    with locked(p):
        try:
            report = build(p, params, progress_reporter(args.progress))
        except BuildError as exc:
            _say(f"Build failed, the previous tables are unchanged: {exc}")
            return EXIT_FAILED
    for line in report.problems:
        _say(f"skipped: {line}")
    if report.skipped:
        _say(f"Tables in {p.processed} are up to date; nothing to build (use --force to rebuild).")
    else:
        counts = ", ".join(f"{k} {v}" for k, v in report.row_counts.items())
        total = sum(report.timings.values())
        _say(f"Built {p.processed} in {total:.1f} s: {counts}.")
    return EXIT_PROBLEMS if report.problems and args.strict else EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    """Validate the manifest, the files and the lexicon without writing anything."""
    from . import manifest, themes

    p = paths()
    try:
        rows, problems = manifest.validate(manifest.read_manifest(p.manifest), p.raw)
    except manifest.ManifestError as exc:
        _say(str(exc))
        return EXIT_FAILED
    try:
        lexicon = themes.load_lexicon(p.themes)
    except (OSError, ValueError) as exc:
        _say(f"{p.themes.name}: {exc}")
        return EXIT_FAILED
    for problem in problems:
        _say(str(problem))
    _say(f"{len(rows)} documents ready, {len(problems)} problems, {len(lexicon)} themes.")
    return EXIT_PROBLEMS if problems else EXIT_OK


def parser() -> argparse.ArgumentParser:
    """The CLI's argument parser (subcommands register here)."""
    root = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__.splitlines()[0])
    sub = root.add_subparsers(dest="command", required=True)

    build_p = sub.add_parser("build", help="build the analysis tables (a no-op when nothing changed)")
    build_p.add_argument("--force", action="store_true", help="rebuild everything, ignoring caches")
    build_p.add_argument("--strict", action="store_true", help="fail on any bad document instead of skipping it")
    build_p.add_argument("--progress", choices=("auto", "jsonl", "none"), default="auto")
    build_p.set_defaults(func=cmd_build)

    check_p = sub.add_parser("check", help="validate inputs without writing")
    check_p.set_defaults(func=cmd_check)
    # corpus commands (add, withdraw, restore, preview) register below
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
