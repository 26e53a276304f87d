"""Adding, withdrawing, restoring and correcting documents in a throwaway data directory."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from pipeline import build, config, corpus, guards, manifest
from pipeline.corpus import CorpusError, Metadata
from pipeline.guards import GuardError
from tests.conftest import ROOT, SAMPLES

NITO_PDF = SAMPLES / "2025-11-20_nito_innspill-helsereformutvalget.pdf"
FFO_DOCX = SAMPLES / "2025-10-09_ffo_innspill-helsereformutvalget.docx"
SEED_TXT = "2022_nito_budsjettinnspill-2023-helse.txt"


def state(p: config.Paths) -> dict:
    """Every file under raw/ with its bytes: proves that nothing was written."""
    return {str(f.relative_to(p.raw)): f.read_bytes() for f in sorted(p.raw.rglob("*")) if f.is_file()}


def valid_rows(p: config.Paths) -> pd.DataFrame:
    rows, problems = manifest.validate(manifest.read_manifest(p.manifest), p.raw)
    assert problems == []
    return rows


@pytest.fixture
def p(data_copy) -> config.Paths:
    return config.paths()


def test_guess_from_name():
    guess = corpus.guess_from_name("2025-11-20_nito_innspill-helsereformutvalget.pdf", ["NITO", "Tekna"])
    assert guess == {"year": "2025", "date": "2025-11-20", "date_basis": "Dato fra filnavnet", "organisation": "NITO"}
    guess = corpus.guess_from_name("2025_spekter_utfordringer-i-dagens-helsetjeneste.docx", ["NITO"])
    assert (guess["year"], guess["organisation"], "date" in guess) == ("2025", "Spekter", False)
    assert corpus.guess_from_name("2023-05-02_ntnu_horingssvar-nou-2023-4.txt")["doc_type"] == "consultation_response"
    assert corpus.guess_from_name("2025-10-09_ffo_innspill.docx")["organisation"] == "FFO"
    assert corpus.guess_from_name("notat.pdf") == {}


def test_preview_of_a_real_pdf_writes_nothing(p):
    before = state(p)
    preview = corpus.preview_isolated(NITO_PDF)
    assert state(p) == before
    assert preview.kind == "pdf" and preview.n_pages >= 2 and preview.n_words > 300
    assert preview.suggested["organisation"] == "NITO" and preview.suggested["date"] == "2025-11-20"
    assert preview.suggested["title"]
    assert "helse" in preview.text_start.lower()


def test_add_withdraw_restore_round_trip(p):
    seed_rows = valid_rows(p)
    result = corpus.add_document(p, NITO_PDF, Metadata(doc_type="other", title="Innspill til Helsereformutvalget"), build=False)
    row = result.row
    assert row["file"] == "2025-11-20_nito_innspill-til-helsereformutvalget.pdf"
    assert (row["organisation"], row["year"], row["date"]) == ("NITO", "2025", "2025-11-20")
    assert row["doc_id"] == "nito-2025-innspill-til"
    assert (p.raw / row["file"]).read_bytes() == NITO_PDF.read_bytes()
    rows = valid_rows(p)
    assert len(rows) == len(seed_rows) + 1
    assert list(p.pending.glob("*")) == []  # the staging copy and sidecar are gone

    corpus.withdraw(p, row["doc_id"])
    assert row["doc_id"] not in set(valid_rows(p)["doc_id"])
    assert not (p.raw / row["file"]).exists()
    assert (p.withdrawn / row["file"]).read_bytes() == NITO_PDF.read_bytes()
    archive = corpus.read_withdrawn(p)
    assert list(archive["doc_id"]) == [row["doc_id"]]
    assert archive.iloc[0]["sha256"] == guards.sha256_bytes(NITO_PDF.read_bytes())

    corpus.restore(p, row["doc_id"])
    restored = valid_rows(p).set_index("doc_id").loc[row["doc_id"]]
    assert restored.to_dict() == {k: v for k, v in row.items() if k != "doc_id"}
    assert (p.raw / row["file"]).read_bytes() == NITO_PDF.read_bytes()
    assert corpus.read_withdrawn(p).empty


def test_withdrawn_seed_cannot_be_added_again_but_restored(p):
    corpus.withdraw(p, "nito-2022-budsjett-helse")
    archived = p.withdrawn / SEED_TXT
    with pytest.raises(GuardError, match="withdrawn as nito-2022-budsjett-helse; restore it"):
        corpus.add_document(p, archived, Metadata(organisation="NITO", year="2022"), name="kopi.txt", build=False)


def test_duplicate_refused_without_writing(p):
    before = state(p)
    with pytest.raises(GuardError, match=f"kopi.txt: the same file is already in the corpus \\({SEED_TXT}, doc_id nito-2022-budsjett-helse\\)"):
        corpus.add_document(p, p.raw / SEED_TXT, Metadata(organisation="NITO", year="2022"), name="kopi.txt", build=False)
    assert state(p) == before
    corpus.add_document(p, NITO_PDF, Metadata(), build=False)
    with pytest.raises(GuardError, match="already in the corpus"):
        corpus.add_document(p, NITO_PDF, Metadata(), name="renamed.pdf", build=False)


def test_path_traversal_refused(p, tmp_path):
    before = state(p)
    source = tmp_path / "upload.pdf"
    shutil.copy(NITO_PDF, source)
    with pytest.raises(GuardError, match="tries to leave its folder"):
        corpus.add_document(p, source, Metadata(organisation="NITO", year="2025"), name="../../evil.pdf", build=False)
    with pytest.raises(CorpusError, match="doc_id '../evil' must be lower-case"):
        corpus.add_document(p, source, Metadata(organisation="NITO", year="2025", doc_id="../evil"), build=False)
    with pytest.raises(GuardError, match="hidden file names"):
        corpus.discard_pending(p, ".bashrc")
    with pytest.raises(GuardError, match="tries to leave its folder"):
        corpus.discard_pending(p, "../documents.csv")
    with pytest.raises(CorpusError, match="is not in the manifest"):
        corpus.withdraw(p, "../documents.csv")
    assert state(p) == before
    # a hostile title cannot steer the file name either
    row = corpus.add_document(p, source, Metadata(organisation="../NITO", year="2025", title="../../etc/passwd"), build=False).row
    assert row["file"] == "2025-11-20_nito_etc-passwd.pdf"  # the date is read from the letter ("Oslo, 20.11 2025")
    assert (p.raw / row["file"]).is_file()


def test_bad_metadata_refused_before_any_write(p):
    before = state(p)
    with pytest.raises(CorpusError, match="year '20x5' is not a four-digit year"):
        corpus.add_document(p, NITO_PDF, Metadata(year="20x5"), build=False)
    with pytest.raises(CorpusError, match="date 2024-11-20 does not fall in year 2025"):
        corpus.add_document(p, NITO_PDF, Metadata(year="2025", date="2024-11-20"), build=False)
    with pytest.raises(CorpusError, match="doc_id 'ntnu-2023-nou-2023-4' is already used"):
        corpus.add_document(p, NITO_PDF, Metadata(doc_id="ntnu-2023-nou-2023-4"), build=False)
    assert state(p) == before


def test_unreadable_files_refused_before_any_write(p, tmp_path, monkeypatch):
    from tests.pipeline.test_guards import encrypted_pdf, exe_bytes, image_only_pdf, zip_bomb_docx

    monkeypatch.setenv("HORINGSRADAR_OCR", "off")  # with OCR the scan would be read (tests/pipeline/test_ocr.py)

    before = state(p)
    cases = {
        "scan.pdf": (image_only_pdf(), r"scan\.pdf: the PDF has no text layer on 1 of 1 pages \(scanned images\), and OCR could not read it: OCR is turned off"),
        "locked.pdf": (encrypted_pdf(), "password-protected"),
        "bomb.docx": (zip_bomb_docx(20), "possible zip bomb"),
        "setup.pdf": (exe_bytes(), "Windows program"),
    }
    for name, (data, expected) in cases.items():
        source = tmp_path / name
        source.write_bytes(data)
        with pytest.raises((GuardError, CorpusError), match=expected):
            corpus.add_document(p, source, Metadata(organisation="X", year="2025"), build=False)
    assert state(p) == before


def test_cp1252_text_is_added(p, tmp_path):
    source = tmp_path / "2024_legeforeningen_horingssvar-om-praksis.txt"
    body = "Høringssvar om praksisplasser\n\n" + "Vi mener at økt kapasitet i praksis er nødvendig for å utdanne nok sykepleiere. " * 20
    source.write_bytes(body.encode("cp1252"))
    row = corpus.add_document(p, source, Metadata(), build=False).row
    assert (row["organisation"], row["year"], row["doc_type"]) == ("Legeforeningen", "2024", "consultation_response")
    assert row["title"] == "Høringssvar om praksisplasser"
    assert row["file"] == "2024_legeforeningen_horingssvar-om-praksisplasser.txt"
    valid_rows(p)


def test_parse_time_limit(p, monkeypatch):
    monkeypatch.setenv(guards.PARSE_TIMEOUT_ENV, "0.05")
    before = state(p)
    with pytest.raises(GuardError, match=r"took too long \(over 0.05 s\)"):
        corpus.add_document(p, NITO_PDF, Metadata(), build=False)
    assert state(p) == before


def test_set_metadata_validates_and_writes(p):
    row = corpus.set_metadata(p, "tekna-2025-budsjett-helse", {"title": "Ny tittel", "date": "2025-10-01"})
    assert row["title"] == "Ny tittel"
    stored = valid_rows(p).set_index("doc_id").loc["tekna-2025-budsjett-helse"]
    assert (stored["title"], stored["date"], stored["organisation"]) == ("Ny tittel", "2025-10-01", "Tekna")
    before = state(p)
    with pytest.raises(CorpusError, match="date 2024-10-01 does not fall in year 2025"):
        corpus.set_metadata(p, "tekna-2025-budsjett-helse", {"date": "2024-10-01"})
    with pytest.raises(CorpusError, match="only organisation, .* can be changed, not file"):
        corpus.set_metadata(p, "tekna-2025-budsjett-helse", {"file": "../x.txt"})
    assert state(p) == before


def test_recover_finishes_an_interrupted_withdraw(p):
    # simulate a withdraw killed after archiving the row and moving the file, before the manifest write
    current = manifest.read_manifest(p.manifest)
    row = current.loc[current["doc_id"] == "nito-2022-budsjett-helse"].iloc[0].to_dict()
    p.withdrawn.mkdir()
    entry = row | {"archived_file": row["file"], "sha256": guards.sha256_bytes((p.raw / row["file"]).read_bytes()), "withdrawn_at": "x"}
    pd.DataFrame([entry]).to_csv(p.withdrawn / corpus.WITHDRAWN_CSV, index=False)
    os.replace(p.raw / row["file"], p.withdrawn / row["file"])
    assert corpus.recover(p) == ["nito-2022-budsjett-helse: withdrawal completed"]
    assert "nito-2022-budsjett-helse" not in set(valid_rows(p)["doc_id"])
    corpus.restore(p, "nito-2022-budsjett-helse")
    assert "nito-2022-budsjett-helse" in set(valid_rows(p)["doc_id"])


def test_recover_returns_an_interrupted_add_to_pending(p):
    # an add killed after moving the file into raw/, before the manifest row was written
    p.pending.mkdir()
    (p.raw / "2025_x_y.pdf").write_bytes(NITO_PDF.read_bytes())
    side = {"status": "adding", "target": "2025_x_y.pdf", "metadata": {"doc_id": "x-2025", "organisation": "X", "year": "2025"}}
    (p.pending / "upload.pdf.json").write_text(json.dumps(side))
    assert corpus.recover(p) == ["upload.pdf: interrupted add kept as pending"]
    assert not (p.raw / "2025_x_y.pdf").exists()
    [pending] = corpus.list_pending(p)
    assert (pending.name, pending.status, pending.metadata["organisation"]) == ("upload.pdf", "failed", "X")
    valid_rows(p)


def test_failed_build_keeps_the_upload_pending_and_retry_adds_it(p, monkeypatch):
    """The build skips the new document: manifest restored, file in raw/pending/ with its error; retry works."""
    seed_manifest = p.manifest.read_bytes()
    real = build.read_document

    def failing(path, doc_id, organisation, language=""):
        if path.suffix == ".pdf":
            raise RuntimeError("simulated parser crash")
        return real(path, doc_id, organisation, language)

    monkeypatch.setattr(build, "read_document", failing)
    with pytest.raises(CorpusError, match=r"kept in raw/pending/ as 2025-11-20_nito_innspill-helsereformutvalget.pdf: .*simulated parser crash"):
        corpus.add_document(p, NITO_PDF, Metadata(title="Innspill"))
    assert p.manifest.read_bytes() == seed_manifest
    [pending] = corpus.list_pending(p)
    assert "simulated parser crash" in pending.error
    assert pending.metadata["title"] == "Innspill"
    docs = pd.read_parquet(p.processed / "documents.parquet")
    assert "nito-2025-innspill" not in set(docs["doc_id"])

    monkeypatch.setattr(build, "read_document", real)
    result = corpus.add_document(p, p.pending / pending.name, Metadata(doc_type="other"))
    assert result.built and result.row["doc_id"] == "nito-2025-innspill"
    assert corpus.list_pending(p) == []
    docs = pd.read_parquet(p.processed / "documents.parquet")
    assert docs.set_index("doc_id").loc["nito-2025-innspill", "organisation"] == "NITO"


def test_cli_add_pending_withdraw_restore(data_copy, tmp_path):
    env = {**os.environ, "HORINGSRADAR_DATA": str(data_copy), "CI": "1"}

    def run(*args):
        return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=ROOT, env=env, capture_output=True, text=True)

    preview = run("preview", str(FFO_DOCX), "--json")
    assert preview.returncode == 0, preview.stderr
    data = json.loads(preview.stdout)
    assert data["kind"] == "docx" and data["suggested"]["organisation"] == "FFO" and data["sections"]
    added = run("add", str(FFO_DOCX), "--doc-type", "other", "--no-build")
    assert added.returncode == 0, added.stderr
    assert "Added 2025-10-09_ffo_" in added.stderr and "as ffo-2025-" in added.stderr
    again = run("add", str(FFO_DOCX), "--no-build")
    assert again.returncode == 2 and "already in the corpus" in again.stderr.strip().splitlines()[-1]
    assert json.loads(run("pending", "--json").stdout) == []
    doc_id = added.stderr.split(" as ")[1].split(" ")[0]
    assert run("withdraw", doc_id, "--no-build").returncode == 0
    assert [w["doc_id"] for w in json.loads(run("withdrawn", "--json").stdout)] == [doc_id]
    assert run("restore", doc_id, "--no-build").returncode == 0
    assert run("check").returncode == 0
    bad = run("set-metadata", doc_id, "--year", "1800", "--no-build")
    assert bad.returncode == 2 and "outside 1990–2100" in bad.stderr


def test_near_duplicate_refused_unless_allowed(p, tmp_path):
    """A seed text re-typed with a few words changed (so not the same file) is refused with the other document named."""
    build.build(p, build.BuildParams(workers=1))
    words = (p.raw / SEED_TXT).read_text(encoding="utf-8").split()
    retyped = tmp_path / "budsjett-helse-kopi.txt"
    retyped.write_text(" ".join("helsa" if i % 40 == 0 else w for i, w in enumerate(words)), encoding="utf-8")
    before = state(p)
    with pytest.raises(CorpusError) as refused:
        corpus.add_document(p, retyped, Metadata(organisation="NITO", year="2023"), build=False)
    message = str(refused.value)
    assert message.startswith("budsjett-helse-kopi.txt: its text is nearly the same as nito-2022-budsjett-helse (NITO 2022")
    assert message.endswith("; add it anyway with --allow-near-duplicate.") and "\n" not in message
    assert state(p) == before
    preview = corpus.preview_isolated(retyped)
    assert [r["doc_id"] for r in preview.near_duplicates] == ["nito-2022-budsjett-helse"]
    assert preview.near_duplicates[0]["share_new"] > 0.8
    row = corpus.add_document(p, retyped, Metadata(organisation="NITO", year="2023"), build=False,
                              allow_near_duplicate=True).row
    assert (p.raw / row["file"]).exists()
