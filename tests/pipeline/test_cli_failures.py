"""Every failure is one clear line (issue 15, R5/R6/R8/R9): disk full in any command, values starting with "-",
UTF-16 text, the cp1252 note, interrupted adds seen by build, check and pending."""
from __future__ import annotations

import errno
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import __main__ as cli
from pipeline import config, corpus, extract, guards, manifest, store
from tests.conftest import ROOT, SAMPLES

NITO_PDF = SAMPLES / "2025-11-20_nito_innspill-helsereformutvalget.pdf"
#: Real lines from a seed submission (data/raw), enough for a document of a few passages.
TEXT = (
    "Høringssvar fra NITO\n\nNITO mener det trengs flere praksisplasser for bioingeniørstudenter i sykehusene, "
    "og at veiledningen i praksis må styrkes.\n\nDigital kompetanse hos ansatte er en forutsetning for å ta i bruk "
    "ny teknologi i helsetjenesten.\n"
)


def tree_digest(folder: Path) -> str:
    """sha256 over every file's path and bytes under folder (symlinks followed), to prove nothing changed."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and ".lock" not in path.name:
            digest.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return digest.hexdigest()


def full_disk(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device", "/data/processed/.builds/x/passages.parquet")


@pytest.mark.parametrize("argv, target", [
    (["build", "--force"], "pipeline.store.atomic_write_bytes"),
    (["set-metadata", "nito-2022-budsjett-helse", "--title=Ny tittel"], "pipeline.store.atomic_write_bytes"),
    (["withdraw", "nito-2022-budsjett-helse"], "pipeline.store.atomic_write_bytes"),
])
def test_a_full_disk_is_one_line_and_loses_nothing(data_copy, monkeypatch, capsys, argv, target):
    p = config.paths()
    assert cli.main(["build"]) == 0
    capsys.readouterr()
    before = tree_digest(p.data)
    module, name = target.rsplit(".", 1)
    monkeypatch.setattr(sys.modules[module], name, full_disk)
    monkeypatch.setattr(manifest, "atomic_write_text", full_disk)  # bound at import in manifest
    assert cli.main(argv) == cli.EXIT_FAILED
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert len(err) == 1 and "No space left on device" in err[0] and "Traceback" not in err[0], err
    assert tree_digest(p.data) == before


def test_values_starting_with_a_dash_pass_as_option_values(data_copy, capsys):
    assert cli.main(["build"]) == 0
    assert cli.main(["set-metadata", "nito-2022-budsjett-helse", "--title=-Innspill", "--no-build"]) == 0
    rows = manifest.read_manifest(config.paths().manifest).set_index("doc_id")
    assert rows.loc["nito-2022-budsjett-helse", "title"] == "-Innspill"
    with pytest.raises(SystemExit):
        cli.main(["set-metadata", "nito-2022-budsjett-helse", "--title", "-Innspill"])
    assert "--title=-Innspill" in capsys.readouterr().err  # the refusal says how to write it


def test_utf16_with_bom_is_read_and_cp1252_is_noted_by_add(data_copy, tmp_path):
    for encoding in ("utf-16", "utf-16-le", "utf-16-be"):
        data = ("\ufeff" if encoding != "utf-16" else "") .encode(encoding) + TEXT.encode(encoding)
        assert guards.text_encoding(data, "x.txt") == "utf-16"
        assert extract.decode_text(data, "x.txt")[0].lstrip("\ufeff") == TEXT
    cp1252 = tmp_path / "2025_nito_notat.txt"
    cp1252.write_bytes(TEXT.encode("cp1252"))
    env = {"HORINGSRADAR_DATA": str(data_copy), "PATH": "/usr/bin:/bin", "CI": "1"}
    done = subprocess.run([sys.executable, "-m", "pipeline", "add", "--organisation=NITO", "--year=2025", "--no-build",
                           "--", str(cp1252)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "note:" in done.stderr and "cp1252" in done.stderr


def test_an_interrupted_add_is_shown_by_check_pending_and_build(data_copy, capsys):
    p = config.paths()
    p.pending.mkdir()
    (p.raw / "2025_x_y.pdf").write_bytes(NITO_PDF.read_bytes())
    side = {"status": "adding", "target": "2025_x_y.pdf", "metadata": {"doc_id": "x-2025", "organisation": "X", "year": "2025"}}
    (p.pending / "upload.pdf.json").write_text(json.dumps(side))
    assert cli.main(["check"]) == cli.EXIT_PROBLEMS
    assert "upload.pdf: an add was interrupted" in capsys.readouterr().err
    assert cli.main(["pending"]) == 0
    out = capsys.readouterr()
    assert "recovered: upload.pdf: interrupted add kept as pending" in out.err and "upload.pdf" in out.out
    (p.raw / "2025_x_y.pdf").write_bytes(NITO_PDF.read_bytes())  # interrupted again, this time seen by build
    (p.pending / "upload.pdf").unlink()
    (p.pending / "upload.pdf.json").write_text(json.dumps(side))
    cli.main(["build"])
    assert "recovered: upload.pdf: interrupted add kept as pending" in capsys.readouterr().err
    assert [u.name for u in corpus.list_pending(p)] == ["upload.pdf"]


def test_an_upload_named_with_a_leading_dash_is_previewed_and_added(data_copy, tmp_path):
    """The app's calls: preview and add of an upload whose original name is "-dash.txt" (issue 15, R6)."""
    upload = tmp_path / "upload.txt"
    upload.write_text(TEXT, encoding="utf-8")
    env = {"HORINGSRADAR_DATA": str(data_copy), "PATH": "/usr/bin:/bin", "CI": "1"}

    def run(*args):
        return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=300)

    preview = run("preview", "--name=-dash.txt", "--json", "--", str(upload))
    assert preview.returncode == 0, preview.stderr
    assert json.loads(preview.stdout)["name"] == "-dash.txt"
    added = run("add", "--name=-dash.txt", "--organisation=NITO", "--year=2025", "--title=-Innspill", "--no-build",
                "--", str(upload))
    assert added.returncode == 0, added.stderr
    rows = manifest.read_manifest(config.paths(data_copy).manifest)
    assert "-Innspill" in set(rows["title"])


def test_a_build_without_the_labelled_set_says_its_themes_are_unmeasured(data_copy, capsys):
    """A user's own data directory laid out like data/ but without eval/: the build works and says, in one line, why
    the app will mark every theme ⚠ and how to measure them."""
    import shutil

    shutil.rmtree(data_copy / "eval")
    assert cli.main(["build"]) == 0
    said = capsys.readouterr().err
    assert "note: no labelled evaluation set" in said and "theme_judgements.csv" in said
    info = json.loads((data_copy / "processed" / "build_info.json").read_text(encoding="utf-8"))
    assert info["theme_evaluation"] == []
