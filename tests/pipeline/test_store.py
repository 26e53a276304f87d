"""Schema validation and atomic writes: a bad table never replaces a good one."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from pipeline import schema, store


def _documents() -> pd.DataFrame:
    return schema.conform(
        pd.DataFrame(
            {
                "doc_id": ["a", "b"],
                "organisation": ["NITO", "Tekna"],
                "year": [2022, 2025],
                "date": [None, "2025-10-01"],
                "date_basis": ["x", "y"],
                "doc_type": ["budget_input", "budget_input"],
                "title": ["A", "B"],
                "language": ["nb", "nb"],
                "source_file": ["a.txt", "b.txt"],
                "sha256": ["1", "2"],
                "n_pages": [1, 2],
                "n_words": [100, 200],
                "n_passages": [3, 4],
            }
        ),
        "documents",
    )


def test_conform_and_validate_accept_a_good_table():
    df = _documents()
    schema.validate(df, "documents")
    assert str(df["year"].dtype) == "int64"
    assert df["date"].isna().tolist() == [True, False]


def test_validate_rejects_duplicate_keys_and_bad_doc_types():
    df = _documents()
    with pytest.raises(schema.SchemaError, match="duplicate keys"):
        schema.validate(pd.concat([df, df.iloc[:1]], ignore_index=True), "documents")
    bad = df.assign(doc_type=pd.Series(["memo", "budget_input"], dtype="string"))
    with pytest.raises(schema.SchemaError, match="unknown values \\['memo'\\]"):
        schema.validate(bad, "documents")
    with pytest.raises(schema.SchemaError, match="missing columns"):
        schema.conform(df.drop(columns="title"), "documents")


def test_invalid_table_leaves_previous_outputs_untouched(tmp_path):
    good = _documents()
    store.write_outputs(tmp_path, {"documents": good}, {"built_at": "first"})
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    broken = good.assign(year=good["year"].astype("float64"))
    with pytest.raises(schema.SchemaError):
        store.write_outputs(tmp_path, {"documents": broken}, {"built_at": "second"})
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
    assert json.loads((tmp_path / "build_info.json").read_text())["built_at"] == "first"


def test_atomic_write_leaves_no_temp_files(tmp_path):
    store.atomic_write_text(tmp_path / "x.json", "{}")
    store.atomic_write_text(tmp_path / "x.json", '{"a": 1}')
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]
    assert json.loads((tmp_path / "x.json").read_text()) == {"a": 1}


def test_killed_before_commit_keeps_old_tables_and_recover_discards_staging(tmp_path):
    good = _documents()
    store.write_outputs(tmp_path, {"documents": good}, {"built_at": "first"})
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    staging = tmp_path / store.STAGING
    staging.mkdir()
    (staging / "documents.parquet").write_bytes(b"half a build")  # killed before COMPLETE
    (tmp_path / ".search.abc.tmp").write_bytes(b"x")
    assert store.recover(tmp_path) == "discarded the partial output of an interrupted build"
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_killed_during_commit_is_rolled_forward(tmp_path):
    store.write_outputs(tmp_path, {"documents": _documents()}, {"built_at": "first"})
    newer = _documents().assign(title=pd.Series(["A2", "B2"], dtype="string"))
    staging = tmp_path / store.STAGING
    staging.mkdir()
    (staging / "documents.parquet").write_bytes(store.table_bytes(newer))
    (staging / "build_info.json").write_text('{"built_at": "second"}')
    (staging / store.COMPLETE).write_text("")
    assert store.recover(tmp_path).startswith("finished moving")
    assert list(pd.read_parquet(tmp_path / "documents.parquet")["title"]) == ["A2", "B2"]
    assert json.loads((tmp_path / "build_info.json").read_text())["built_at"] == "second"
    assert not staging.exists()


def test_categorical_string_columns_are_written_as_strings_in_batches(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "WRITE_BATCH_ROWS", 2)  # five rows: three batches
    terms = pd.Index(["digital kompetanse", "praksisplass", "øke"], dtype="string")
    counts = schema.conform(
        pd.DataFrame(
            {
                "doc_id": pd.Categorical.from_codes([0, 0, 1, 1, 1], categories=pd.Index(["a", "b"], dtype="string")),
                "term": pd.Categorical.from_codes([1, 0, 2, 1, 0], categories=terms),
                "kind": pd.Categorical.from_codes([0, 1, 0, 0, 1], categories=pd.Index(["lemma", "bigram"], dtype="string")),
                "count": [3, 1, 2, 5, 2],
            }
        ),
        "term_counts",
    )
    schema.validate(counts, "term_counts")  # a categorical of strings passes as "string"
    path = tmp_path / "term_counts.parquet"
    path.write_bytes(store.table_bytes(counts))
    back = pd.read_parquet(path)
    schema.validate(back, "term_counts")
    assert [str(back[c].dtype) for c in ("doc_id", "term", "kind")] == ["string"] * 3
    assert back["term"].tolist() == ["praksisplass", "digital kompetanse", "øke", "praksisplass", "digital kompetanse"]
    assert back.astype({"count": "int64"}).equals(counts.astype({c: "string" for c in ("doc_id", "term", "kind")}))


def test_categorical_of_numbers_is_not_a_string_column():
    frame = pd.DataFrame({"doc_id": pd.Categorical([1, 2]), "term": ["x", "y"], "kind": ["lemma", "lemma"], "count": [1, 1]})
    with pytest.raises(schema.SchemaError, match="term_counts.doc_id"):
        schema.validate(frame.astype({"term": "string", "kind": "string"}), "term_counts")
