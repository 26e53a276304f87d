"""Cache keys describe the code that made the cached results: the module sources as the process imported them.

A build once hashed the module files as they were when each stage began: a file edited while a build ran keyed what
the old code (already imported, in the build and its workers) made by the new code's hash, and later builds reused
those results as the new code's. Here real processes import a copy of the package whose files are then rewritten.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from pipeline import __version__, build, caches, config, schema, store
from tests.conftest import ROOT

#: Appended to a module file to change its source (and nothing it does).
EDIT = "\n# edited while a build runs\n"


def _package_copy(tmp_path: Path) -> Path:
    """A folder with a copy of the pipeline package (and the one data file it reads beside it) that a test may edit."""
    root = tmp_path / "code"
    shutil.copytree(ROOT / "pipeline", root / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    (root / "data").mkdir()
    shutil.copy2(ROOT / "data" / "organisation_aliases.toml", root / "data")
    return root


def _edit(package: Path, *names: str) -> None:
    for name in names:
        with open(package / f"{name}.py", "a", encoding="utf-8") as file:
            file.write(EDIT)


def _run(root: Path, args: list[str], data: Path | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    """Python in a new process that imports the package copy under root."""
    env = {"PATH": "/usr/bin:/bin", "CI": "1", "PYTHONPATH": str(root), "PYTHONDONTWRITEBYTECODE": "1"}
    if data is not None:
        env["HORINGSRADAR_DATA"] = str(data)
    done = subprocess.run([sys.executable, *args], cwd=root, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr
    return done


def _tables(processed: Path) -> dict[str, pd.DataFrame]:
    return {name: store.read_table(processed, name) for name in schema.TABLES}


def test_an_unchanged_tree_keeps_its_cache_keys():
    """The snapshot hashes the same bytes the files hold: the caches of builds before it stay valid."""
    here = Path(caches.__file__).parent
    digest = hashlib.sha256(__version__.encode())
    for name in build.ALL_MODULES:
        digest.update((here / f"{name}.py").read_bytes())
    assert caches.code_hash(build.ALL_MODULES) == digest.hexdigest()[:16]
    assert caches.code_hash_on_disk(build.ALL_MODULES) == caches.code_hash(build.ALL_MODULES)
    assert caches.changed_since_import(build.ALL_MODULES) == []


CHECK_SCRIPT = """
import json, sys
from pathlib import Path
from pipeline import caches, demands  # demands (and what it imports) now run their code

package = Path(caches.__file__).parent
assert package == Path(sys.argv[1]) / "pipeline", package
assert "pipeline.lang_detect" not in sys.modules
sets = {"demands": ("sentences", "demands", "language"), "lang_detect": ("lang_detect",)}
before = {k: caches.code_hash(v) for k, v in sets.items()}
on_disk_before = {k: caches.code_hash_on_disk(v) for k, v in sets.items()}
for name in ("demands", "lang_detect"):
    with open(package / f"{name}.py", "a", encoding="utf-8") as f:
        f.write("\\n# edited\\n")
print(json.dumps({
    "before": before, "on_disk_before": on_disk_before,
    "after": {k: caches.code_hash(v) for k, v in sets.items()},
    "on_disk_after": {k: caches.code_hash_on_disk(v) for k, v in sets.items()},
    "changed": caches.changed_since_import(("demands", "lang_detect", "segment")),
    "imported_after_edit": caches.import_modules(("demands", "lang_detect", "segment")),
}))
"""


def test_code_hash_is_the_source_the_process_imported_not_the_file_now(tmp_path):
    """A process imports the package, then two module files are rewritten: its code_hash stays that of the code it
    runs; the files as they are now (what a new process would run, the staleness question) hash differently; a module
    imported after its file changed is named by import_modules, one imported before is not (its code is the old)."""
    root = _package_copy(tmp_path)
    script = tmp_path / "check.py"
    script.write_text(CHECK_SCRIPT, encoding="utf-8")
    out = json.loads(_run(root, [str(script), str(root)]).stdout)
    assert out["before"] == out["on_disk_before"]
    assert out["after"] == out["before"]
    assert all(out["on_disk_after"][k] != out["before"][k] for k in out["before"])
    assert out["changed"] == ["demands", "lang_detect"]
    assert out["imported_after_edit"] == ["lang_detect"]


def test_a_process_whose_code_changed_on_disk_neither_skips_nor_builds(data_copy, tmp_path, monkeypatch):
    """The staleness check (is the last build current?) sees a module file changed since this process imported it; the
    process then refuses to build rather than key its old code's results by the new code's hash, and the tables stay.
    The files "on disk" are a copy of the package here (caches.SOURCE_DIR), edited after the import."""
    paths = config.paths()
    assert not build.build(paths).skipped
    served = {p.name: p.read_bytes() for p in sorted(paths.processed.iterdir()) if p.is_file()}
    root = _package_copy(tmp_path)
    monkeypatch.setattr(caches, "SOURCE_DIR", root / "pipeline")
    assert build.build(paths).skipped  # the same code: nothing to do
    _edit(root / "pipeline", "demands")
    with pytest.raises(build.BuildError, match=r"changed on disk .*\(demands\.py\)"):
        build.build(paths)
    with pytest.raises(build.BuildError, match=r"demands\.py"):
        build.build(paths, build.BuildParams(force=True))
    assert {p.name: p.read_bytes() for p in sorted(paths.processed.iterdir()) if p.is_file()} == served


def test_a_worker_running_other_code_writes_nothing(data_copy, tmp_path):
    """A pool worker whose code is not the build's (as a worker started by spawn would be, after an edit) writes no
    cache file and says so; with the build's code it writes the document's passages, tags and demands."""
    from pipeline import themes

    paths = config.paths()
    lexicon = themes.load_lexicon(paths.themes)
    source = next(p for p in sorted(paths.raw.iterdir()) if p.suffix == ".txt")
    files = [tmp_path / "d.pkl", tmp_path / "t.pkl", tmp_path / "m.pkl"]
    work = build.DocumentWork(source, "d", "NITO", "nb", *files[:2], lexicon, files[2], code="0" * 16)
    build._runs_code.cache_clear()
    try:
        assert build._process_in_pool(work) is False
        assert not any(f.exists() for f in files)
        own = build.DocumentWork(source, "d", "NITO", "nb", *files[:2], lexicon, files[2],
                                 code=caches.code_hash(build.WORKER_MODULES))
        assert build._process_in_pool(own) is None
        assert all(f.exists() for f in files)
    finally:
        build._runs_code.cache_clear()


def test_documents_a_worker_refused_are_processed_by_the_build_with_a_warning(data_copy, monkeypatch):
    """When the pool's workers run other code, the main process processes their documents (as a serial build does,
    test_build's pool test has those equal), and build_info's warnings say why."""
    paths = config.paths()
    monkeypatch.setattr(build, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(build, "_runs_code", lambda code: False)  # the forked workers inherit it
    report = build.build(paths, build.BuildParams(workers=2))
    assert report.problems == ()
    documents = store.read_table(paths.processed, "documents")
    assert len(documents) == 5 and (documents["n_passages"] > 0).all()
    (warning,) = report.warnings
    assert warning.startswith("5 documents were processed in the main process: the pool's workers ran other")
    info = json.loads((paths.processed / schema.BUILD_INFO).read_text(encoding="utf-8"))
    assert info["warnings"][build.BUILD_WARNINGS] == [warning]


BUILD_SCRIPT = """
import json, multiprocessing, sys
from pathlib import Path
from pipeline import build, caches, config, guards, manifest

EDITS = {"documents": ("segment",), "themes": ("demands", "language", "topics")}


def main(root, start_method):
    if start_method:
        multiprocessing.set_start_method(start_method, force=True)
    package = Path(build.__file__).parent
    assert package == Path(root) / "pipeline", package
    pending = dict(EDITS)

    def progress(stage, done, total):  # at the start of a stage: its code is already imported
        for name in pending.pop(stage, ()):
            with open(package / f"{name}.py", "a", encoding="utf-8") as f:
                f.write("\\n# edited while a build runs\\n")

    build.PARALLEL_THRESHOLD = 1  # the pool, even for the five seed documents
    paths = config.paths()
    report = build.build(paths, build.BuildParams(workers=2), progress)
    assert not pending, pending
    sets = {"documents": build.PER_DOCUMENT_MODULES, "demands": build.DEMAND_MODULES,
            "model": build.DEMAND_MODEL_MODULES, "groups": build.GROUP_MODULES, "topics": ("topics",),
            "all": build.ALL_MODULES}
    rows = manifest.read_manifest(paths.manifest)
    def cached(stage_hash):
        return [caches.cache_path(paths.interim, guards.sha256_file(paths.raw / r.file), r.doc_id, r.organisation,
                                  stage_hash, r.language).exists() for r in rows.itertuples()]
    print(json.dumps({
        "warnings": list(report.warnings),
        "imported": {k: caches.code_hash(v) for k, v in sets.items()},
        "on_disk": {k: caches.code_hash_on_disk(v) for k, v in sets.items()},
        "documents_imported": cached(caches.code_hash(build.PER_DOCUMENT_MODULES)),
        "documents_on_disk": cached(caches.code_hash_on_disk(build.PER_DOCUMENT_MODULES)),
    }))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "")
"""


def _build_while_editing(data_copy: Path, tmp_path: Path, start_method: str = "") -> tuple[Path, dict]:
    """A build in a new process on the seeds in which segment.py changes on disk before the documents stage's pool
    starts and demands.py, language.py and topics.py before the themes stage; what it keyed its caches by."""
    root = _package_copy(tmp_path)
    script = tmp_path / "build_while_editing.py"
    script.write_text(BUILD_SCRIPT, encoding="utf-8")
    out = json.loads(_run(root, [str(script), str(root), start_method], data_copy).stdout)
    for name, imported in out["imported"].items():
        assert out["on_disk"][name] != imported, name  # every set of modules was edited
    return root, out


def _assert_keyed_by_the_imported_code(paths: config.Paths, out: dict) -> None:
    imported, on_disk = out["imported"], out["on_disk"]
    assert all(out["documents_imported"]) and not any(out["documents_on_disk"])
    names = [p.name for p in (paths.interim / "demands").iterdir()]
    assert any(n.endswith(f"-{imported['demands']}.pkl") for n in names)
    assert f"detections-{imported['demands']}.arrow" in names
    assert any(n.startswith(f"model-{imported['model']}-") for n in names)
    assert any(n.startswith("groups-") and n.endswith(f"-{imported['groups']}.pkl") for n in names)
    assert not any(on_disk[k] in n for n in names for k in ("demands", "model", "groups"))
    info = json.loads((paths.processed / schema.BUILD_INFO).read_text(encoding="utf-8"))
    assert info["topic_code"] == imported["topics"]
    (changed,) = [w for w in info["warnings"][build.BUILD_WARNINGS] if "changed on disk while this build ran" in w]
    assert "(demands.py, language.py, segment.py, topics.py)" in changed and changed in out["warnings"]


def test_a_build_whose_code_changes_on_disk_keys_every_cache_by_the_code_it_ran(data_copy, tmp_path):
    """Files edited between the stages of a running build (the pool's workers forked after the first edit) leave every
    cache keyed by the code the build imported and ran, never by the files' new hash, and build_info says the code
    changed. A new process, as `make run` starts, sees the change (the fingerprint names the old code) and rebuilds;
    the edits are comments, so its tables are the same."""
    paths = config.paths()
    root, out = _build_while_editing(data_copy, tmp_path)
    assert not any("main process" in w for w in out["warnings"])  # forked workers run the build's own code
    _assert_keyed_by_the_imported_code(paths, out)
    first = _tables(paths.processed)
    again = _run(root, ["-m", "pipeline", "build", "--progress", "none"], data_copy)
    assert "Built" in again.stderr and "up to date" not in again.stderr
    info = json.loads((paths.processed / schema.BUILD_INFO).read_text(encoding="utf-8"))
    assert info["topic_code"] == out["on_disk"]["topics"] and build.BUILD_WARNINGS not in info["warnings"]
    names = [p.name for p in (paths.interim / "demands").iterdir()]
    assert f"detections-{out['on_disk']['demands']}.arrow" in names
    for name, table in _tables(paths.processed).items():
        pd.testing.assert_frame_equal(table, first[name], obj=name)
    assert "up to date" in _run(root, ["-m", "pipeline", "build", "--progress", "none"], data_copy).stderr


@pytest.mark.slow
def test_spawned_workers_that_imported_the_edited_code_write_nothing(data_copy, tmp_path):
    """Workers started by spawn import the package themselves, after segment.py changed: their code is not the
    build's, so they write nothing and the build processes the documents itself, keyed by its own code."""
    paths = config.paths()
    _, out = _build_while_editing(data_copy, tmp_path, "spawn")
    (refused,) = [w for w in out["warnings"] if "main process" in w]
    assert refused.startswith("5 documents were processed in the main process") and "segment.py" in refused
    _assert_keyed_by_the_imported_code(paths, out)
