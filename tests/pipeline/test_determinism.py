"""The same input gives the same output: extraction in separate processes, and build then build --force.

The DOCX table reader once skipped "already seen" cells by id(cell._tc); lxml proxies are
short-lived and their ids are reused, so a real 15-row table (Apotekforeningen's source list)
came out with a different number of rows from run to run. The small DOCX below mirrors it:
its rows are copied from that file, plus a title row merged across both columns as in the
investment table of Meld. St. 9 (2023–2024).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from pipeline import build, config, schema
from pipeline.extract import extract
from tests.conftest import ROOT, SAMPLES, SEED_DATA

#: Rows of the source table in Apotekforeningen's input to Helsereformutvalget (2026-01).
APOTEK_ROWS = [
    ("Apotekenes rolle i helsetjenesten i Europa",
     "https://www.thelancet.com/journals/lanepe/article/PIIS2666-7762(24)00255-2/fulltext"),
    ("Norge har en aldrende befolkning, økende sykdomsbyrde og mangel på helsepersonell",
     "https://www.regjeringen.no/no/dokumenter/nou-2023-4/id2961552/"),
    ("Personellveksten i helse- og omsorgstjenesten er ikke bærekraftig",
     "https://www.regjeringen.no/no/dokumenter/nou-2023-4/id2961552/"),
    ("Legemiddelrelaterte problemer er utbredt blant eldre",
     "https://www.helsebiblioteket.no/innhold/omsorgsbiblioteket/oppsummeringer"),
]
#: Rows of the investment table in Meld. St. 9 (2023–2024).
STM_ROWS = [
    ("Helseregion", "Prosjekt"),
    ("Helse Sør-Øst", "Videreutvikling av Sykehuset Innlandet HF (Mjøssykehuset)"),
    ("Helse Sør-Øst", "Stråle- og somatikkbygg ved Akershus universitetssykehus HF"),
    ("Helse Vest", "Videreutvikling av Helse Bergen HF"),
]


def make_table_docx(path: Path) -> Path:
    """A DOCX with a heading, running text and two two-column tables (one with a merged title row)."""
    import docx

    document = docx.Document()
    document.add_heading("Innspill til Helsereformutvalget", level=1)
    document.add_paragraph(
        "Norge står overfor en aldrende befolkning, økende sykdomsbyrde og mangel på helsepersonell. "
        "Helsepersonellkommisjonen har slått fast at personellveksten ikke er bærekraftig, og at vi ikke kan "
        "bemanne oss ut av utfordringene."
    )
    sources = document.add_table(rows=1 + len(APOTEK_ROWS), cols=2)
    sources.cell(0, 1).text = "Kilde"
    for i, (claim, url) in enumerate(APOTEK_ROWS, start=1):
        sources.cell(i, 0).text = claim
        sources.cell(i, 1).text = url
    document.add_heading("Finansiering og planlegging av sykehusbygg", level=2)
    projects = document.add_table(rows=1 + len(STM_ROWS), cols=2)
    title = projects.cell(0, 0).merge(projects.cell(0, 1))
    title.text = "Investeringsprosjekter under planlegging over 500 mill. kroner"
    for i, (region, project) in enumerate(STM_ROWS, start=1):
        projects.cell(i, 0).text = region
        projects.cell(i, 1).text = project
    document.save(path)
    return path


def test_docx_table_rows_read_once_each_on_its_own_line(tmp_path):
    result = extract(make_table_docx(tmp_path / "tables.docx"))
    text = result.pages[0]
    assert text.count("Investeringsprosjekter under planlegging") == 1  # the merged cell once
    assert "| Investeringsprosjekter under planlegging over 500 mill. kroner |" in text
    assert "| Helse Sør-Øst | Stråle- og somatikkbygg ved Akershus universitetssykehus HF |" in text
    assert "|  | Kilde |" in text
    assert sum(line.startswith("| ") for line in text.split("\n")) == 1 + len(APOTEK_ROWS) + 1 + len(STM_ROWS)


_DUMP = """
import json, sys
from pathlib import Path
from pipeline import clean, segment
from pipeline.extract import extract
out = {}
for name in sys.argv[1:]:
    e = extract(Path(name))
    pages = clean.clean_pages(e.pages, e.kind, e.footnotes)
    records = segment.passage_records(pages, "d", e.headings)
    out[name] = {"pages": list(e.pages), "headings": sorted(e.headings), "warnings": list(e.warnings),
                 "footnotes": list(e.footnotes), "running_lines": list(e.running_lines),
                 "passages": [[r["section_title"], r["kind"], r["text"]] for r in records]}
print(json.dumps(out, ensure_ascii=False, sort_keys=True))
"""


def _dump_in_process(files: list[str], hash_seed: str) -> dict:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    done = subprocess.run([sys.executable, "-c", _DUMP, *files], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_every_fixture_extracts_identically_in_separate_processes(tmp_path):
    files = [str(p) for p in sorted(SAMPLES.iterdir())]
    files += [str(p) for p in sorted((SEED_DATA / "raw").iterdir()) if p.suffix == ".txt"]
    files.append(str(make_table_docx(tmp_path / "tables.docx")))
    first = _dump_in_process(files, "1")
    second = _dump_in_process(files, "2")
    assert set(first) == set(files)
    for name in files:
        assert first[name] == second[name], f"{Path(name).name} differs between two runs"
    assert any(kind == "table" for _, kind, _ in first[files[-1]]["passages"])


def _topic_model(paths) -> dict:
    """build_info's topic diagnostics without its timings."""
    info = json.loads((paths.processed / schema.BUILD_INFO).read_text(encoding="utf-8"))["topic_model"]
    return {key: value for key, value in info.items() if key not in ("fit_seconds", "timings")}


def test_build_then_force_gives_identical_tables(data_copy):
    import shutil

    from tests.pipeline.test_build import _append_row

    for sample in ("2025-11-04_psykologforeningen_innspill-helsereformutvalget.docx",
                   "2025_spekter_utfordringer-i-dagens-helsetjeneste.docx"):
        shutil.copy2(SAMPLES / sample, data_copy / "raw" / sample)
        _append_row(data_copy, doc_id=sample[:20].lower(), file=sample, organisation="Spekter")
    make_table_docx(data_copy / "raw" / "tables.docx")
    _append_row(data_copy, doc_id="apotek-tables", file="tables.docx", organisation="Apotekforeningen")
    paths = config.paths()
    report = build.build(paths)
    assert report.problems == ()
    first = {name: pd.read_parquet(paths.processed / t.file_name) for name, t in schema.TABLES.items()}
    assert (first["passages"]["kind"] == "table").sum() == 2
    first_model = _topic_model(paths)
    build.build(paths, build.BuildParams(force=True))
    # the model's diagnostics first: a difference there says which step of the fit moved (terms, k, the fit)
    assert _topic_model(paths) == first_model
    for name, table in schema.TABLES.items():
        again = pd.read_parquet(paths.processed / table.file_name)
        pd.testing.assert_frame_equal(first[name], again, obj=name)
