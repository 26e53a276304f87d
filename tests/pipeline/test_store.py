"""Schema validation and atomic writes: a bad table never replaces a good one."""
from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

from pipeline import config, schema, store
from tests.fixtures.tables import build_info, fixture_frames


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
                "detected_language": ["nb", "nn"],
                "source_file": ["a.txt", "b.txt"],
                "sha256": ["1", "2"],
                "n_pages": [1, 2],
                "n_words": [100, 200],
                "n_passages": [3, 4],
                "text_source": ["text", "ocr"],
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


def _info(built_at: str) -> schema.BuildInfo:
    """A valid build_info (the planted one of tests/fixtures) with a recognisable built_at."""
    return {**build_info(fixture_frames()), "built_at": built_at}


def visible(folder) -> dict[str, bytes]:
    """What a reader of processed/<table> sees: the bytes behind every visible name."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith(".")}


def test_invalid_table_leaves_previous_outputs_untouched(tmp_path):
    good = _documents()
    store.write_outputs(tmp_path, {"documents": good}, _info("first"))
    before = visible(tmp_path)
    broken = good.assign(year=good["year"].astype("float64"))
    with pytest.raises(schema.SchemaError):
        store.write_outputs(tmp_path, {"documents": broken}, _info("second"))
    assert visible(tmp_path) == before
    assert json.loads((tmp_path / "build_info.json").read_text())["built_at"] == "first"


def test_invalid_build_info_is_refused_before_anything_is_written(tmp_path):
    good = _documents()
    store.write_outputs(tmp_path, {"documents": good}, _info("first"))
    before = visible(tmp_path)
    info = _info("second")
    info["topic_model"] = {**info["topic_model"], "stability": 0.82}  # a bare number, as an older build wrote it
    del info["n_documents"]
    with pytest.raises(schema.SchemaError, match="n_documents: missing.*topic_model.stability: float is not an object"):
        store.write_outputs(tmp_path, {"documents": good}, info)
    assert visible(tmp_path) == before
    assert json.loads((tmp_path / "build_info.json").read_text())["built_at"] == "first"


def test_atomic_write_leaves_no_temp_files(tmp_path):
    store.atomic_write_text(tmp_path / "x.json", "{}")
    store.atomic_write_text(tmp_path / "x.json", '{"a": 1}')
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]
    assert json.loads((tmp_path / "x.json").read_text()) == {"a": 1}


def test_each_build_has_its_folder_and_the_pointer_moves(tmp_path):
    first = store.write_outputs(tmp_path, {"documents": _documents()}, _info("first"))
    second = store.write_outputs(tmp_path, {"documents": _documents()}, _info("second"))
    assert first < second
    assert config.current_build(tmp_path) == (tmp_path / config.BUILDS_DIR / second).resolve()
    # the flat names follow the pointer
    assert json.loads((tmp_path / "build_info.json").read_text())["built_at"] == "second"
    assert (tmp_path / config.BUILDS_DIR / first / "build_info.json").is_file()  # kept for readers still on it


def test_old_builds_are_pruned_but_never_the_current(tmp_path):
    ids = [store.write_outputs(tmp_path, {"documents": _documents()}, _info(f"n{n}")) for n in range(store.KEEP_BUILDS + 2)]
    # all were superseded a moment ago: a reader may still be on any of them
    assert sorted(p.name for p in (tmp_path / config.BUILDS_DIR).iterdir()) == ids
    assert store.prune_builds(tmp_path, grace_seconds=0) == ids[:2]
    assert sorted(p.name for p in (tmp_path / config.BUILDS_DIR).iterdir()) == ids[-store.KEEP_BUILDS:]


def test_flat_tables_of_an_older_version_are_replaced_by_links(tmp_path):
    """A processed/ written flat (older version): the first new build takes over every name atomically."""
    (tmp_path / "documents.parquet").write_bytes(store.table_bytes(_documents()))
    (tmp_path / "build_info.json").write_text('{"built_at": "flat"}')
    assert config.current_build(tmp_path) == tmp_path
    store.write_outputs(tmp_path, {"documents": _documents()}, _info("new"))
    assert (tmp_path / "build_info.json").is_symlink()
    assert json.loads((tmp_path / "build_info.json").read_text())["built_at"] == "new"


def test_a_copy_made_with_links_followed_still_takes_a_new_build(tmp_path):
    """shutil.copytree (like cp -rL or a zip) turns the .current link into a plain folder; the next build still lands."""
    source, copy = tmp_path / "source", tmp_path / "copy"
    store.write_outputs(source, {"documents": _documents()}, _info("first"))
    shutil.copytree(source, copy)
    assert (copy / config.CURRENT_LINK).is_dir() and not (copy / config.CURRENT_LINK).is_symlink()
    second = store.write_outputs(copy, {"documents": _documents()}, _info("second"))
    assert config.current_build(copy) == (copy / config.BUILDS_DIR / second).resolve()
    assert json.loads((copy / "build_info.json").read_text())["built_at"] == "second"
    kept = [p for p in (copy / config.BUILDS_DIR).iterdir() if "-copied-" in p.name]
    assert len(kept) == 1 and json.loads((kept[0] / "build_info.json").read_text())["built_at"] == "first"
    assert store.recover(copy) is None  # the kept copy is never taken for a newer build


def test_killed_before_the_folder_was_complete_keeps_old_tables_and_recover_discards_it(tmp_path):
    store.write_outputs(tmp_path, {"documents": _documents()}, _info("first"))
    before = visible(tmp_path)
    partial = tmp_path / config.BUILDS_DIR / f"{store.TMP_PREFIX}20990101T000000000000Z-abc"
    partial.mkdir()
    (partial / "documents.parquet").write_bytes(b"half a build")
    (tmp_path / ".search.abc.tmp").write_bytes(b"x")
    assert store.recover(tmp_path) == "discarded the partial output of an interrupted build"
    assert visible(tmp_path) == before
    assert not partial.exists() and not (tmp_path / ".search.abc.tmp").exists()


def test_killed_between_rename_and_switch_is_rolled_forward(tmp_path):
    store.write_outputs(tmp_path, {"documents": _documents()}, _info("first"))
    newer = _documents().assign(title=pd.Series(["A2", "B2"], dtype="string"))
    complete = tmp_path / config.BUILDS_DIR / "20990101T000000000000Z-abc"
    complete.mkdir()
    (complete / "documents.parquet").write_bytes(store.table_bytes(newer))
    (complete / "build_info.json").write_text('{"built_at": "second"}')
    assert json.loads((tmp_path / "build_info.json").read_text())["built_at"] == "first"  # not switched yet
    assert store.recover(tmp_path).startswith("switched to")
    assert list(pd.read_parquet(tmp_path / "documents.parquet")["title"]) == ["A2", "B2"]
    assert json.loads((tmp_path / "build_info.json").read_text())["built_at"] == "second"


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


def test_output_writer_writes_tables_one_by_one_and_switches_only_when_finished(tmp_path):
    store.write_outputs(tmp_path, {"documents": _documents()}, _info("first"))
    before = visible(tmp_path)
    output = store.OutputWriter(tmp_path)
    output.write("documents", _documents().iloc[:1])
    assert visible(tmp_path) == before  # written into its own folder, not served yet
    assert output.row_counts == {"documents": 1}
    with pytest.raises(schema.SchemaError):
        output.write("documents", _documents().drop(columns="title"))
    build_id = output.finish(_info("second"))
    assert config.current_build(tmp_path).name == build_id
    assert len(store.read_table(tmp_path, "documents")) == 1
    output.discard()  # nothing to remove once finished
    assert len(store.read_table(tmp_path, "documents")) == 1


def test_output_writer_discard_leaves_the_previous_build(tmp_path):
    store.write_outputs(tmp_path, {"documents": _documents()}, _info("first"))
    before = visible(tmp_path)
    output = store.OutputWriter(tmp_path)
    output.write("documents", _documents().iloc[:1])
    output.discard()
    assert visible(tmp_path) == before
    assert not list((tmp_path / config.BUILDS_DIR).glob(f"{store.TMP_PREFIX}*"))


def test_table_file_is_the_table_bytes(tmp_path):
    path = tmp_path / "documents.parquet"
    store.write_table_file(_documents(), path)
    assert path.read_bytes() == store.table_bytes(_documents())
