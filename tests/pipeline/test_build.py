"""The whole build on the shipped seed corpus, in a throwaway data directory."""
from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

from pipeline import build, config, language, manifest, schema, search_index, store
from pipeline.caches import load_cached
from tests.conftest import ROOT, SAMPLES


def _snapshot(processed):
    return {p.name: p.read_bytes() for p in sorted(processed.iterdir()) if p.is_file()}


def _append_row(data, **row):
    df = manifest.read_manifest(data / "raw" / "documents.csv")
    base = {c: "" for c in manifest.COLUMNS} | {"language": "nb", "doc_type": "other", "year": "2025"}
    manifest.write_manifest(pd.concat([df, pd.DataFrame([base | row])], ignore_index=True), data / "raw" / "documents.csv")


@pytest.fixture
def built(data_copy):
    """The seed corpus built once into the data copy."""
    paths = config.paths()
    report = build.build(paths)
    assert not report.skipped
    return paths


def test_seed_build_writes_every_table_valid(built):
    for name in schema.TABLES:
        df = pd.read_parquet(built.processed / schema.TABLES[name].file_name)
        schema.validate(df, name)
    docs = pd.read_parquet(built.processed / "documents.parquet")
    assert sorted(docs["organisation"].unique()) == ["NITO", "NTNU", "Tekna"]
    by_id = docs.set_index("doc_id")
    # the principle programme is by far the longest; its TXT keeps too few "Side N av M" footers to paginate
    assert by_id["n_words"].idxmax() == "nito-2024-prinsipprogram"
    assert by_id.loc["nito-2024-prinsipprogram", "n_words"] > 10_000
    passages = pd.read_parquet(built.processed / "passages.parquet")
    assert set(passages["doc_id"]) == set(docs["doc_id"])
    assert not passages["text"].str.contains("Side 23 av 30").any()
    themes = pd.read_parquet(built.processed / "passage_themes.parquet")
    assert {"practice_placements", "digital_competence"} <= set(themes["theme_id"])
    info = json.loads((built.processed / "build_info.json").read_text())
    assert info["n_documents"] == 5
    assert info["row_counts"]["passages"] == len(passages)
    assert {e["theme_id"] for e in info["theme_evaluation"]} >= {"practice_placements", "digital_competence"}
    assert info["topic_model"]["k"] >= 2
    # what blocks a tag, for the Method page: the lexicon's vetoes ({name} lists written out), per theme that has any
    vetoes = info["theme_vetoes"]["practice_placements"]
    assert {"lis-*", "spesialistutdanning*"} <= set(vetoes["vetoes"].split("|"))
    assert vetoes["unless"] == "(student/*student/praksiselev/lærling/*lærling)"


def test_search_index_finds_a_known_phrase(built):
    con = sqlite3.connect(built.processed / schema.SEARCH_DB)
    rows = con.execute(
        "SELECT passage_id FROM passages_fts WHERE passages_fts MATCH ?", ['"praksisplasser"']
    ).fetchall()
    con.close()
    assert rows, "praksisplasser occurs in the seeds and must be found"
    assert all(pid.split(":")[0] in {"nito-2022-budsjett-helse", "nito-2024-meld-st-9", "ntnu-2023-nou-2023-4",
                                      "tekna-2025-budsjett-helse", "nito-2024-prinsipprogram"} for (pid,) in rows)


def test_rebuild_with_nothing_changed_is_skipped(built):
    before = _snapshot(built.processed)
    report = build.build(built)
    assert report.skipped
    assert _snapshot(built.processed) == before


def test_changed_lexicon_rebuilds_from_document_cache(built, monkeypatch):
    def forbidden(*args):
        raise AssertionError(f"document re-processed despite the cache: {args[0]}")

    monkeypatch.setattr(build, "read_document", forbidden)
    built.themes.write_text(built.themes.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    report = build.build(built)
    assert not report.skipped
    assert report.problems == ()  # a re-processed document would show up here as a problem line


def test_demand_scores_come_from_the_data_directorys_labelled_sentences(built):
    """HORINGSRADAR_DATA's eval/ is what the demand rules are scored on (not the project's data/eval)."""
    info = json.loads((built.processed / schema.BUILD_INFO).read_text(encoding="utf-8"))
    splits = {s["split"] for s in info["demand_evaluation"]}
    assert splits == set(pd.read_csv(built.demand_judgements, usecols=["split"])["split"])  # part E's too, once joined
    assert splits >= {"dev", "heldout", "fresh", "fresh_known", "heldout_d", "fresh_known_d"}
    built.demand_judgements.unlink()
    report = build.build(built)
    assert not report.skipped  # the labelled set is part of the fingerprint
    info = json.loads((built.processed / schema.BUILD_INFO).read_text(encoding="utf-8"))
    assert info["demand_evaluation"] == []

def test_bad_file_is_skipped_with_one_line_and_rest_built(built):
    before_docs = pd.read_parquet(built.processed / "documents.parquet")
    (built.raw / "empty.txt").write_bytes(b"")
    _append_row(built.data, doc_id="empty-doc", file="empty.txt", organisation="X")
    report = build.build(built)
    assert len(report.problems) == 1 and report.problems[0].startswith("empty.txt:")
    docs = pd.read_parquet(built.processed / "documents.parquet")
    assert list(docs["doc_id"]) == list(before_docs["doc_id"])


def test_strict_build_fails_and_keeps_previous_tables(built):
    before = _snapshot(built.processed)
    shutil.copy(SAMPLES / "2025-11-20_nito_innspill-helsereformutvalget.pdf", built.raw / "broken.pdf")
    (built.raw / "broken.pdf").write_bytes((built.raw / "broken.pdf").read_bytes()[:3000])
    _append_row(built.data, doc_id="broken", file="broken.pdf", organisation="NITO")
    with pytest.raises(build.BuildError, match="broken.pdf"):
        build.build(built, build.BuildParams(strict=True))
    assert _snapshot(built.processed) == before


def test_duplicate_content_is_reported(built):
    shutil.copy(built.raw / "2022_nito_budsjettinnspill-2023-helse.txt", built.raw / "copy.txt")
    _append_row(built.data, doc_id="copy", file="copy.txt", organisation="NITO")
    report = build.build(built)
    assert any(p.startswith("copy.txt: same content") for p in report.problems)


def test_cli_build_and_check(data_copy):
    env = {"HORINGSRADAR_DATA": str(data_copy), "PATH": "/usr/bin:/bin", "CI": "1"}
    check = subprocess.run([sys.executable, "-m", "pipeline", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    assert "5 documents ready, 0 problems" in check.stderr
    first = subprocess.run([sys.executable, "-m", "pipeline", "build"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert "Built" in first.stderr
    again = subprocess.run([sys.executable, "-m", "pipeline", "build"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert "up to date" in again.stderr
    (data_copy / "raw" / "documents.csv").write_text("doc_id\n", encoding="utf-8")
    broken = subprocess.run([sys.executable, "-m", "pipeline", "build"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert broken.returncode == 2
    assert "previous tables are unchanged" in broken.stderr and "lacks columns" in broken.stderr


def test_adding_a_document_tags_only_that_document(built, monkeypatch):
    from pipeline import themes

    tagged_docs = []
    real = themes.tag_rows

    def recording(passage_ids, texts, lexicon, lang="nb", known_tokens=None):
        # the evaluation set's passage ids are bare numbers, with no document
        tagged_docs.extend(dict.fromkeys(pid.rsplit(":", 1)[0] for pid in passage_ids if ":" in pid))
        return real(passage_ids, texts, lexicon, lang, known_tokens)

    monkeypatch.setattr(themes, "tag_rows", recording)
    (built.raw / "new.txt").write_text(
        "Praksisplasser\n\nFlere studenter trenger praksisplasser i kommunene, og veiledningen må styrkes.\n",
        encoding="utf-8",
    )
    _append_row(built.data, doc_id="new-doc", file="new.txt", organisation="Tekna")
    report = build.build(built)
    assert report.problems == ()
    assert tagged_docs == ["new-doc"]  # the five seed documents' tags came from the cache
    tags = pd.read_parquet(built.processed / "passage_themes.parquet")
    new_tags = tags.loc[tags["passage_id"].str.startswith("new-doc:")]
    assert "practice_placements" in set(new_tags["theme_id"])
    assert set(tags["passage_id"].str.rsplit(":", n=1).str[0]) >= {"ntnu-2023-nou-2023-4", "new-doc"}


def _fts_rows(db):
    con = sqlite3.connect(db)
    try:
        rows = sorted(con.execute("SELECT passage_id, text FROM passages_fts").fetchall())
        ranked = con.execute(
            "SELECT passage_id, round(bm25(passages_fts), 9) FROM passages_fts WHERE passages_fts MATCH ? "
            "ORDER BY bm25(passages_fts), passage_id", ["{text} : (praksis OR studenter)"]
        ).fetchall()
    finally:
        con.close()
    return rows, ranked


def test_search_index_update_equals_a_fresh_index(tmp_path, monkeypatch):
    def passages(docs):
        return pd.DataFrame(
            [{"passage_id": f"{d}:{i:04d}", "doc_id": d, "text": text, "kind": "body",
              "lemmas": " ".join(language.content_lemmas(text))} for d, texts in docs.items()
             for i, text in enumerate(texts)]
        )

    def documents(docs):
        return pd.DataFrame({"doc_id": list(docs), "organisation": "NITO", "year": 2024, "doc_type": "other"})

    before = {
        "a": ["Studenter trenger praksis i kommunene.", "Finansiering av studieplasser."],
        "b": ["Digital kompetanse i helsetjenesten.", "Praksis og veiledning for studenter."],
        "c": ["Rekruttering av ingeniører."],
    }
    after = {
        "a": before["a"],  # unchanged: kept from the copy
        "b": ["Praksis, praksis og atter praksis for studenter."],  # changed: re-indexed
        "d": ["Nye studenter i praksis.", "Beredskap."],  # added; "c" is removed
    }
    monkeypatch.setattr(search_index, "SEARCH_REBUILD_SHARE", 1.0)
    first = tmp_path / "first.sqlite"
    assert search_index.build_search_index(passages(before), documents(before), first, {"a": "k1", "b": "k1", "c": "k1"}) == "full"
    updated = tmp_path / "updated.sqlite"
    keys = {"a": "k1", "b": "k2", "d": "k1"}
    how = search_index.build_search_index(passages(after), documents(after), updated, keys, previous=first)
    assert how == "incremental: 2 documents indexed, 2 removed"
    fresh = tmp_path / "fresh.sqlite"
    assert search_index.build_search_index(passages(after), documents(after), fresh, keys) == "full"
    assert _fts_rows(updated) == _fts_rows(fresh)
    assert _fts_rows(updated)[1][0][0] == "b:0000"  # BM25 statistics follow the update: "praksis" three times
    assert search_index.build_search_index(passages(after), documents(after), tmp_path / "again.sqlite", keys, previous=tmp_path / "none") == "full"
    # An index of an older layout (no doc_id, lemmas or search_documents) is rebuilt, never updated in place.
    con = sqlite3.connect(first)
    con.execute("PRAGMA user_version = 1")
    con.commit()
    con.close()
    assert search_index.build_search_index(passages(after), documents(after), tmp_path / "old.sqlite", keys, previous=first) == "full"


def test_search_index_hash_size_changes_neither_rows_nor_ranking(tmp_path, monkeypatch):
    """FTS_HASH_SIZE only says how much FTS5 gathers in memory before it writes a segment: an index written in many
    small segments (merged as it grows) holds the same rows and ranks the same passages with the same BM25 scores."""
    texts = [" ".join(language.tokenize(f"Studenter trenger praksis {i} i kommunene, og veiledning {i % 7} av "
                                        f"studenter i praksis må styrkes {'praksis ' * (i % 5)}")) for i in range(400)]
    passages = pd.DataFrame({"passage_id": [f"d{i % 20}:{i:04d}" for i in range(400)],
                             "doc_id": [f"d{i % 20}" for i in range(400)], "text": texts, "kind": "body",
                             "lemmas": [" ".join(language.content_lemmas(t)) for t in texts]}).sort_values("doc_id")
    documents = pd.DataFrame({"doc_id": [f"d{i}" for i in range(20)], "organisation": "NITO", "year": 2024,
                              "doc_type": "other"})
    large, default_size = tmp_path / "large.sqlite", search_index.FTS_HASH_SIZE
    search_index.build_search_index(passages, documents, large)
    monkeypatch.setattr(search_index, "FTS_HASH_SIZE", 1024)
    small = tmp_path / "small.sqlite"
    search_index.build_search_index(passages, documents, small)

    def config_and_segments(db):
        con = sqlite3.connect(db)
        try:
            return (dict(con.execute("SELECT k, v FROM passages_fts_config").fetchall()),
                    con.execute("SELECT count(*) FROM passages_fts_data").fetchone()[0])
        finally:
            con.close()

    (large_config, large_pages), (small_config, small_pages) = config_and_segments(large), config_and_segments(small)
    assert large_config["hashsize"] == default_size and small_config["hashsize"] == 1024
    assert small_pages > large_pages  # the small hash did write the postings in many pieces
    assert _fts_rows(small) == _fts_rows(large) and _fts_rows(large)[1]


def test_search_index_written_in_batches_is_the_same_file(tmp_path, monkeypatch):
    """INSERT_BATCH passages inserted at a time in the one transaction, documents spanning two batches: the same
    rows, rowids, document ranges and bytes as all passages inserted at once."""
    texts = [f"Studenter trenger praksis {i} i kommunene og veiledning {i % 7}" for i in range(90)]
    passages = pd.DataFrame({"passage_id": [f"d{i // 9}:{i:04d}" for i in range(90)],
                             "doc_id": [f"d{i // 9}" for i in range(90)], "text": texts, "kind": "body",
                             "lemmas": [" ".join(language.content_lemmas(t)) for t in texts]})
    documents = pd.DataFrame({"doc_id": [f"d{i}" for i in range(10)], "organisation": "NITO", "year": 2024,
                              "doc_type": "other"})
    monkeypatch.setattr(search_index, "INSERT_BATCH", 10**9)
    whole = tmp_path / "whole.sqlite"
    search_index.build_search_index(passages, documents, whole)
    monkeypatch.setattr(search_index, "INSERT_BATCH", 4)  # d0 in batches 0-2, d1 in 2-4, …
    batched = tmp_path / "batched.sqlite"
    search_index.build_search_index(passages, documents, batched)

    def ranges(db):
        con = sqlite3.connect(db)
        try:
            return con.execute("SELECT doc_id, first, last FROM indexed_documents ORDER BY doc_id").fetchall()
        finally:
            con.close()

    assert ranges(batched) == ranges(whole) == [(f"d{i}", 9 * i + 1, 9 * i + 9) for i in range(10)]
    assert _fts_rows(batched) == _fts_rows(whole) and _fts_rows(whole)[1]
    assert batched.read_bytes() == whole.read_bytes()


def test_adding_a_document_updates_the_search_index(built):
    (built.raw / "new.txt").write_text("Kvantedatamaskiner\n\nKvantedatamaskiner i sykehusene.\n", encoding="utf-8")
    _append_row(built.data, doc_id="new-doc", file="new.txt", organisation="Tekna")
    build.build(built)
    info = json.loads((built.processed / "build_info.json").read_text())
    assert info["search_index"] == "incremental: 1 documents indexed, 0 removed"
    con = sqlite3.connect(built.processed / schema.SEARCH_DB)
    hits = con.execute("SELECT passage_id FROM passages_fts WHERE passages_fts MATCH ?", ["kvantedatamaskiner"]).fetchall()
    n_rows = con.execute("SELECT count(*) FROM passages_fts").fetchone()[0]
    con.close()
    assert {pid.split(":")[0] for (pid,) in hits} == {"new-doc"}
    assert n_rows == info["row_counts"]["passages"]


def test_rebuild_takes_documents_from_the_snapshot(built, monkeypatch):
    assert (built.interim / "documents.arrow").is_file()
    passages_before = pd.read_parquet(built.processed / "passages.parquet")
    tags_before = pd.read_parquet(built.processed / "passage_themes.parquet")

    def forbidden(*args):
        raise AssertionError(f"read or processed one document at a time: {args[0]}")

    def passages_or_tags_forbidden(cache_file, kind):
        # Demand detections are cached per document (as columns) and read on every build (they have no snapshot);
        # the demand re-scorer and the term forms' counts are one cache entry each for the whole corpus.
        return (load_cached(cache_file, kind) if cache_file.parent.name in ("demands", "term_forms")
                else forbidden(cache_file))

    monkeypatch.setattr(build, "load_cached", passages_or_tags_forbidden)
    monkeypatch.setattr(build, "read_document", forbidden)
    df = manifest.read_manifest(built.manifest)
    df.loc[df["doc_id"] == "ntnu-2023-nou-2023-4", "title"] = "Ny tittel"
    manifest.write_manifest(df, built.manifest)
    report = build.build(built)
    assert not report.skipped and report.problems == ()
    docs = pd.read_parquet(built.processed / "documents.parquet").set_index("doc_id")
    assert docs.loc["ntnu-2023-nou-2023-4", "title"] == "Ny tittel"
    pd.testing.assert_frame_equal(pd.read_parquet(built.processed / "passages.parquet"), passages_before)
    pd.testing.assert_frame_equal(pd.read_parquet(built.processed / "passage_themes.parquet"), tags_before)


def test_a_damaged_snapshot_falls_back_to_the_per_document_cache(built, monkeypatch):
    (built.interim / "documents.arrow").write_bytes(b"not arrow")
    monkeypatch.setattr(build, "read_document", lambda *a: (_ for _ in ()).throw(AssertionError("re-processed")))
    built.themes.write_text(built.themes.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    report = build.build(built)
    assert not report.skipped and report.problems == ()
    assert store.read_snapshot(built.interim / "documents.arrow")[0]  # written anew


def test_a_bad_row_or_file_never_shrinks_the_served_corpus(data_copy):
    """Issue 15 R2: a served document whose row goes bad or whose file goes missing stays served (its last good
    version); the CLI exits non-zero with one line per problem; fixing the row serves the new version."""
    env = {"HORINGSRADAR_DATA": str(data_copy), "PATH": "/usr/bin:/bin", "CI": "1"}

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=ROOT, env=env, capture_output=True, text=True)

    assert cli("build").returncode == 0
    p = config.paths(data_copy)
    served = set(store.read_table(p.processed, "documents")["doc_id"])
    rows = manifest.read_manifest(p.manifest)
    bad_row, gone_file = rows.iloc[0], rows.iloc[1]
    rows.loc[0, "year"] = "20x5"
    manifest.write_manifest(rows, p.manifest)
    (p.raw / gone_file["file"]).unlink()

    done = cli("build")
    assert done.returncode == 1, done.stderr
    problems = [line for line in done.stderr.splitlines() if line.startswith("problem: ")]
    assert any(bad_row["file"] in line and "not a four-digit year" in line for line in problems), problems
    assert any(gone_file["file"] in line and "missing" in line for line in problems), problems
    assert sum("still served" in line for line in problems) == 2, problems
    documents = store.read_table(p.processed, "documents")
    assert set(documents["doc_id"]) == served  # nothing silently dropped
    kept = documents.set_index("doc_id").loc[bad_row["doc_id"]]
    assert kept["year"] == int(bad_row["year"])  # the last good metadata, not the bad one
    info = json.loads((p.processed / "build_info.json").read_text(encoding="utf-8"))
    assert sum("still served" in line for line in info["problems"]) == 2  # what the app lists

    strict = cli("build", "--strict")
    assert strict.returncode == 2
    assert len([line for line in strict.stderr.splitlines() if line.startswith("problem: ")]) >= 2  # one per line

    rows.loc[0, "year"] = bad_row["year"]
    rows.loc[0, "title"] = "Rettet tittel"
    manifest.write_manifest(rows.loc[rows["doc_id"] != gone_file["doc_id"]], p.manifest)  # withdrawn on purpose
    fixed = cli("build")
    assert fixed.returncode == 0, fixed.stderr
    documents = store.read_table(p.processed, "documents").set_index("doc_id")
    assert documents.loc[bad_row["doc_id"], "title"] == "Rettet tittel"
    assert gone_file["doc_id"] not in documents.index  # removed from the manifest: no longer served


def test_editing_only_a_bad_row_refreshes_the_problem_list(built):
    """Issue 15 R10: the problems the app lists are the current manifest's, even when no good row changed."""
    _append_row(built.data, doc_id="bad", file="bad.txt", organisation="X", year="19x1")
    build.build(built)
    info = json.loads((built.processed / "build_info.json").read_text(encoding="utf-8"))
    assert any("19x1" in line for line in info["problems"])
    rows = manifest.read_manifest(built.manifest)
    rows.loc[rows["doc_id"] == "bad", "year"] = "18x8"
    manifest.write_manifest(rows, built.manifest)
    report = build.build(built)
    assert not report.skipped
    info = json.loads((built.processed / "build_info.json").read_text(encoding="utf-8"))
    assert any("18x8" in line for line in info["problems"]) and not any("19x1" in line for line in info["problems"])


def _form_table(kinds, lemmas, forms) -> pa.Table:
    return pa.table({"kind": pa.array(kinds, pa.large_string()), "lemmas": pa.array(lemmas, pa.large_string()),
                     "forms": pa.array(forms, pa.large_string())})


def test_term_forms_add_the_new_documents_counts_to_the_last_builds_and_equal_a_full_count(tmp_path, monkeypatch):
    """Adding a document counts only its passages and adds them to the kept counts; a withdrawn or changed document
    (its cache key gone) or a forced build counts every document. Each way gives the table of one count of all."""
    from pipeline import trends

    tables = {
        "a": _form_table(["body", "heading", "body"], ["praksisplass student", "x", "fastlege fastlege"],
                         ["praksisplassene studentene", "x", "fastlegen fastleger"]),
        "b": _form_table(["body", "list_item"], ["praksisplass helse_tjeneste", "student"],
                         ["praksisplasser helse_tjenesten", "studenter"]),
        "c": _form_table(["body"], ["fastlege praksisplass"], ["fastlegene praksisplassene"]),
    }
    keys = {d: f"key-{d}" for d in tables}
    counted: list[int] = []
    real = trends.form_counts
    monkeypatch.setattr(trends, "form_counts", lambda k, l, f: counted.append(len(l)) or real(k, l, f))

    def full(ids):
        cols = [pa.chunked_array([tables[d][c] for d in ids], type=pa.large_string()) for c in ("kind", "lemmas", "forms")]
        return trends.term_forms_table(real(*cols))  # one count of all, uncounted in `counted`

    used: set[str] = set()
    first = build.corpus_term_forms(tmp_path, ["a", "b"], keys, tables, True, used)
    pd.testing.assert_frame_equal(first, full(["a", "b"]))
    assert counted == [5] and len(used) == 1  # every passage of a and b
    added = build.corpus_term_forms(tmp_path, ["a", "b", "c"], keys, tables)
    pd.testing.assert_frame_equal(added, full(["a", "b", "c"]))
    assert counted == [5, 1]  # only c's passage
    assert "helse tjenesten" in set(added["form"])  # a folded two-word form, with a space
    pd.testing.assert_frame_equal(build.corpus_term_forms(tmp_path, ["a", "b", "c"], keys, tables), added)
    assert counted == [5, 1]  # nothing new: the kept counts
    gone = build.corpus_term_forms(tmp_path, ["a", "c"], keys, tables)  # b withdrawn
    pd.testing.assert_frame_equal(gone, full(["a", "c"]))
    assert counted == [5, 1, 4]
    changed = build.corpus_term_forms(tmp_path, ["a", "c"], {**keys, "a": "key-a2"}, tables)
    assert counted == [5, 1, 4, 4] and changed.equals(gone)
    build.corpus_term_forms(tmp_path, ["a", "c"], {**keys, "a": "key-a2"}, tables, reuse=False)  # forced
    assert counted == [5, 1, 4, 4, 4]
    assert build.corpus_term_forms(None, ["a"], keys, tables).equals(full(["a"]))


def test_demand_groups_are_cached_per_list_of_sentences(tmp_path, monkeypatch):
    """Adding one document clusters only its organisation's demands again: an unchanged list is read back."""
    from pipeline import build as build_module
    from pipeline import demand_groups

    sentences = ["Vi ber om flere studieplasser i bioingeniørfag.", "Det må opprettes flere studieplasser for bioingeniører.",
                 "Regjeringen må styrke kommuneøkonomien."]
    expected = demand_groups.group_labels(sentences)
    calls = []
    real = demand_groups.cluster_labels
    monkeypatch.setattr(demand_groups, "cluster_labels", lambda s: calls.append(list(s)) or real(s))
    grouper = build_module.cached_grouper(tmp_path)
    assert grouper(sentences) == expected
    assert grouper(sentences) == expected
    assert calls == [sentences]  # the second call was read from the cache
    assert grouper(sentences + ["Behold fastlegeordningen."])[:3] == expected
    assert len(calls) == 2  # a changed list is clustered again
    assert build_module.cached_grouper(None) is demand_groups.group_labels  # no cache directory: nothing kept


def test_demand_groups_beyond_the_exact_limit_cluster_only_the_blocks_that_changed(tmp_path, monkeypatch):
    """Beyond EXACT_GROUP_MAX the distinct sentences are clustered in blocks, each kept apart: sentences added at the
    end (an added document's) cluster the last block again, not the others, and the labels are the uncached ones."""
    from pipeline import build as build_module
    from pipeline import demand_groups

    monkeypatch.setattr(demand_groups, "EXACT_GROUP_MAX", 3)
    sentences = ["Vi ber om flere studieplasser i bioingeniørfag.", "Det må opprettes flere studieplasser for bioingeniører.",
                 "Regjeringen må styrke kommuneøkonomien.", "Vi ber om flere studieplasser i bioingeniørfag.",
                 "Kommunene må få mer penger.", "Behold fastlegeordningen."]
    calls = []
    real = demand_groups.cluster_labels
    monkeypatch.setattr(demand_groups, "cluster_labels", lambda s: calls.append(list(s)) or real(s))
    grouper = build_module.cached_grouper(tmp_path)
    assert grouper(sentences) == demand_groups.group_labels(sentences, cluster=real)
    assert len(calls) == 2  # 5 distinct sentences: blocks of 3 and 2
    more = sentences + ["Styrk legevakten.", "Kommunene må få mer penger."]
    assert grouper(more) == demand_groups.group_labels(more, cluster=real)
    assert calls[2:] == [["Kommunene må få mer penger.", "Behold fastlegeordningen.", "Styrk legevakten."]]


def _tables(processed) -> dict[str, pd.DataFrame]:
    return {name: pd.read_parquet(processed / table.file_name) for name, table in schema.TABLES.items()}


def test_demand_caches_of_removed_documents_are_pruned_and_the_rest_still_serve(built, monkeypatch):
    """The demand caches (one entry per document and demand code, one per organisation's list of demand sentences,
    one for the re-scorer) were never pruned: a withdrawn document's entries and those of older code piled up. A build
    now keeps exactly the entries it read or wrote; a build over the pruned caches gives the same tables."""
    from pipeline import demands

    cache = built.interim / "demands"
    first = {p.name for p in cache.iterdir()}
    stale = cache / "0123456789abcdef0123456789abcdef-0000000000000000.pkl"  # an entry of older demand code
    stale.write_bytes(b"old")
    leftover = cache / ".groups-x.pkl.abcd.tmp"  # an interrupted write, long ago
    leftover.write_bytes(b"half")
    import os
    os.utime(leftover, (1, 1))
    removed = "nito-2022-budsjett-helse"  # NITO keeps two documents, so its list of demand sentences changes
    rows = manifest.read_manifest(built.raw / "documents.csv")
    manifest.write_manifest(rows.loc[rows["doc_id"] != removed], built.raw / "documents.csv")
    assert not build.build(built).skipped
    after = {p.name for p in cache.iterdir()}
    assert not stale.exists() and not leftover.exists() and not list(cache.glob(".pruning-*"))
    # the removed document's entry went, the other four documents' entries stayed as they were
    per_document = {n for n in first if not n.startswith(("groups-", "model-", "detections-"))}
    assert len(per_document) == 5 and len(per_document - after) == 1 and len(per_document & after) == 4
    # NITO's old lists of sentences went and as many new ones came; the other organisations' lists stayed
    groups_before = {n for n in first if n.startswith("groups-")}
    groups_after = {n for n in after if n.startswith("groups-")}
    assert len(groups_before - groups_after) == len(groups_after - groups_before) >= 1
    assert groups_before & groups_after
    assert {n for n in first if n.startswith("model-")} == {n for n in after if n.startswith("model-")} != set()
    assert removed not in set(pd.read_parquet(built.processed / "demands.parquet")["doc_id"])
    served = _tables(built.processed)
    # A build over the pruned caches (no previous tables: nothing to skip) reads them and gives identical tables.
    detected = []
    real = demands.document_demands
    monkeypatch.setattr(demands, "document_demands", lambda *a, **k: detected.append(a[0]) or real(*a, **k))
    shutil.rmtree(built.processed)
    assert not build.build(built).skipped
    assert detected == []  # every document's demands came from the pruned cache
    assert {p.name for p in cache.iterdir()} == after
    again = _tables(built.processed)
    for name, table in served.items():
        pd.testing.assert_frame_equal(again[name], table, obj=name)


def test_document_and_theme_caches_keep_only_what_the_build_serves(built, monkeypatch):
    """Document caches (passages per file content and stage code) and theme caches (tags per lexicon, scores) were
    never pruned: every code or lexicon change left a full set behind. A build now keeps the entries of the documents
    it serves under the current code and lexicon; a build over the pruned caches re-extracts nothing and gives the
    same tables."""
    import os

    from pipeline import build as build_module

    documents_cache, themes_cache = built.interim / "documents", built.interim / "themes"
    stale = {documents_cache / ("0" * 32 + ".pkl"), themes_cache / ("0" * 32 + "-" + "0" * 16 + ".pkl"),
             themes_cache / ("tags-" + "0" * 16 + ".arrow"), themes_cache / ("theme_eval-" + "0" * 16 + "-x.json")}
    for path in stale:
        path.write_bytes(b"older code or lexicon")
    leftover = documents_cache / ".abc.pkl.1234.tmp"  # an interrupted write, long ago
    leftover.write_bytes(b"half")
    os.utime(leftover, (1, 1))
    documents_before = {p.name for p in documents_cache.glob("*.pkl")} - {p.name for p in stale}
    removed = "nito-2022-budsjett-helse"
    rows = manifest.read_manifest(built.raw / "documents.csv")
    manifest.write_manifest(rows.loc[rows["doc_id"] != removed], built.raw / "documents.csv")
    assert not build.build(built).skipped
    assert not any(path.exists() for path in stale | {leftover})
    documents_after = {p.name for p in documents_cache.glob("*.pkl")}
    assert len(documents_before) == 5 and len(documents_after) == 4 and documents_after < documents_before
    tag_files = {p.name for p in themes_cache.glob("*.pkl")}
    assert len(tag_files) == 4 and {n.split("-")[0] + ".pkl" for n in tag_files} == documents_after
    assert len(list(themes_cache.glob("tags-*.arrow"))) == 1 and len(list(themes_cache.glob("theme_eval-*.json"))) == 1
    served = _tables(built.processed)
    # Without the snapshots and tables, every document and its tags come from the pruned cache files.
    processed = []
    monkeypatch.setattr(build_module, "_process_cached", lambda work: processed.append(work.doc_id))
    shutil.rmtree(built.processed)
    (built.interim / "documents.arrow").unlink()
    next(themes_cache.glob("tags-*.arrow")).unlink()
    assert not build.build(built).skipped
    assert processed == []
    again = _tables(built.processed)
    for name, table in served.items():
        pd.testing.assert_frame_equal(again[name], table, obj=name)


def test_page_counts_only_for_formats_with_pages(built):
    """A TXT or DOCX file has no pages: its document row said «1» page (the extractor hands its text over as one
    page). Now only a PDF has a page count; the others carry <NA>, which the reader leaves out."""
    docs = pd.read_parquet(built.processed / "documents.parquet")
    assert docs["n_pages"].isna().all() and len(docs) == 5  # the five seeds are TXT
    samples = Path(__file__).parents[1] / "fixtures" / "samples"
    pdf = build.process_document(samples / "2025-11-20_nito_innspill-helsereformutvalget.pdf", "nito", "NITO")
    docx = build.process_document(samples / "2025-10-09_ffo_innspill-helsereformutvalget.docx", "ffo", "FFO")
    import pypdfium2

    assert pdf.n_pages == len(pypdfium2.PdfDocument(str(samples / "2025-11-20_nito_innspill-helsereformutvalget.pdf")))
    assert docx.n_pages is None


def test_read_document_hands_the_lemmatisers_tokens_to_the_theme_rules():
    """read_document returns the tokens it read with the document (no module state between the two steps of a
    worker); they are language.tokenize of each passage's text, and tagging with them gives the tags a cached
    document (read from the cache, without tokens: a lexicon-only change) gets."""
    from pipeline import themes

    lexicon = themes.load_lexicon(ROOT / "data" / "themes.toml")
    for path in (SAMPLES / "2025-11-20_nito_innspill-helsereformutvalget.pdf",
                 SAMPLES / "2025-10-09_ffo_innspill-helsereformutvalget.docx"):
        document, tokens = build.read_document(path, "doc", "NITO")
        texts = document.table["text"].to_pylist()
        assert tokens and set(tokens) <= set(texts)
        assert all(tokens[text] == language.tokenize(text) for text in tokens)
        assert document.table.equals(build.process_document(path, "doc", "NITO").table)
        with_tokens = build.tag_document(document, lexicon, known_tokens=tokens)
        assert with_tokens.num_rows and with_tokens.equals(build.tag_document(document, lexicon))


def test_a_forced_build_detects_each_documents_demands_once_where_it_processes_the_document(built, monkeypatch):
    """Demand detection is a per-document map run with the document's processing (in the pool when there are many):
    a forced build detects each document once there and the demands stage reads those fresh entries instead of
    detecting again; the tables are those of the unforced build."""
    from pipeline import demands

    served = _tables(built.processed)
    detected = []
    real = demands.document_demands
    monkeypatch.setattr(demands, "document_demands", lambda *a, **k: detected.append(a[0]) or real(*a, **k))
    assert not build.build(built, build.BuildParams(force=True)).skipped
    assert sorted(detected) == sorted(served["documents"]["doc_id"])
    again = _tables(built.processed)
    for name, table in served.items():
        pd.testing.assert_frame_equal(again[name], table, obj=name)


def test_demand_detections_are_read_from_one_snapshot(built, monkeypatch):
    """Adding one document to 10,000 read one pickle of demand detections per document; the build keeps them all in
    one snapshot too. Without the per-document pickles and the tables, a build reads every document's detections
    from the snapshot (none detected again) and gives the same tables."""
    from pipeline import demands

    cache = built.interim / "demands"
    snapshots = list(cache.glob("detections-*.arrow"))
    assert len(snapshots) == 1
    held, _ = store.read_snapshot(snapshots[0])
    served = _tables(built.processed)
    assert len(held) == len(served["documents"])
    for entry in cache.glob("*.pkl"):
        if not entry.name.startswith(("groups-", "model-")):
            entry.unlink()
    detected = []
    real = demands.document_demands
    monkeypatch.setattr(demands, "document_demands", lambda *a, **k: detected.append(a[0]) or real(*a, **k))
    shutil.rmtree(built.processed)
    assert not build.build(built).skipped
    assert detected == []
    again = _tables(built.processed)
    for name, table in served.items():
        pd.testing.assert_frame_equal(again[name], table, obj=name)


def test_detection_on_a_documents_own_passages_is_the_demands_stages_detection(built):
    from pipeline import store

    passages = store.read_table(built.processed, "passages")
    rows = manifest.read_manifest(built.manifest)
    organisations = dict(zip(rows["doc_id"], rows["organisation"]))
    expected = build.document_demand_rows(passages, rows, {}, None)
    own = [build.detect_document_demands(pa.Table.from_pandas(part.reset_index(drop=True), preserve_index=False),
                                         doc_id, organisations[doc_id])
           for doc_id, part in passages.groupby("doc_id", sort=False)]
    assert expected.num_rows > 0 and pa.concat_tables(own).equals(expected)


def test_column_of_joins_one_column_of_many_tables_into_the_same_chunked_array():
    from pipeline.caches import column_of

    tables = [pa.table({"lemmas": pa.chunked_array([["a b", ""], ["c"]], type=pa.large_string()), "n": [1, 2, 3]}),
              pa.table({"lemmas": pa.array([], pa.large_string()), "n": pa.array([], pa.int64())}),
              pa.table({"lemmas": pa.array(["d", None], pa.large_string()), "n": [4, 5]})]
    joined = column_of(tables, "lemmas", pa.large_string())
    assert joined.type == pa.large_string() and joined.to_pylist() == ["a b", "", "c", "d", None]
    assert joined.equals(pa.chunked_array([t["lemmas"] for t in tables], type=pa.large_string()))
    assert column_of([], "lemmas", pa.large_string()).to_pylist() == []
    # a column of another type is left to pa.chunked_array, which refuses it as before
    with pytest.raises((TypeError, pa.ArrowInvalid)):
        column_of([pa.table({"lemmas": pa.array(["x"], pa.string())})], "lemmas", pa.large_string())


def test_documents_from_the_pool_equal_those_processed_in_this_process(data_copy, monkeypatch):
    """The pool's workers leave each document in its cache files and the main process reads them once the pool is
    gone: the tables are those of a build that processed every document itself."""
    paths = config.paths()
    assert not build.build(paths, build.BuildParams(workers=1, force=True)).skipped
    serial = _tables(paths.processed)
    shutil.rmtree(paths.interim)
    monkeypatch.setattr(build, "PARALLEL_THRESHOLD", 1)
    assert not build.build(paths, build.BuildParams(workers=2, force=True)).skipped
    for name, table in _tables(paths.processed).items():
        pd.testing.assert_frame_equal(table, serial[name], obj=name)


def test_a_document_whose_cache_files_cannot_be_read_back_is_processed_again(monkeypatch):
    work = build.DocumentWork(Path("x.txt"), "d", "Org", "nb", Path("/nonexistent/d.pkl"), Path("/nonexistent/t.pkl"),
                              None, code=build.code_hash(build.WORKER_MODULES))  # this process's code, as a worker's
    monkeypatch.setattr(build, "_process_cached", lambda w: ("again", w.doc_id))
    assert build._cached_outcome(work) == ("again", "d")
    monkeypatch.setattr(build, "_process_cached", lambda w: "x.txt: could not be read")
    assert build._process_in_pool(work) == "x.txt: could not be read"
    monkeypatch.setattr(build, "_process_cached", lambda w: ("result", "tags"))
    assert build._process_in_pool(work) is None  # the result stays in the worker's cache files


def test_the_cache_keys_cover_the_code_that_composes_what_they_cache():
    """A per-document cache holds what read.read_document composes and read.tag_document tags; the distinct-demand
    groups use demands' constants. An edit of that code must change the key, not reuse stale caches (found when the
    composition still lived in build.py, whose edits the per-document key did not see)."""
    from pipeline import build, read

    for function in (read.process_document, read.read_document, read.tag_document, read.page_count):
        assert function.__module__.rpartition(".")[2] in build.PER_DOCUMENT_MODULES, function.__name__
    assert {"lemma_codes", "schema"} <= set(build.PER_DOCUMENT_MODULES)  # lemma codes and ANALYSED_KINDS shape rows
    assert "demands" in build.GROUP_MODULES
    assert "build" not in build.PER_DOCUMENT_MODULES  # corpus-wide code: its edits keep the documents' caches
