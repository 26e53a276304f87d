"""bench/part_e.py (data/eval/README.md, fifth and sixth rounds): cleaning a stored page's opening, the scratch data
directory, the freeze check and the census draw of part E, and the same code with part F's settings, on planted pages
shaped like the stored ones (sentences written for the test; no /work/fresh, no ../shared)."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from bench import part_e
from bench import sample_fresh_eval as sfe
from tests.pipeline.test_sample_fresh_eval import _planted_build

ROOT = Path(__file__).resolve().parents[2]

# --- clean_page_excerpt --------------------------------------------------------------------------------------------

REGJERINGEN_PAGE = (
    "🏠 Forside § Lover 📜 Forskrifter 📰 Nyheter\n"
    "Hjem / Horinger / Horing / Horingssvar\n"
    "Regjeringen\n"
    "Forsiden\n"
    "Hopp til innhold\n"
    "Hei, det ser ut som du bruker en utdatert nettleser. Oppdater den for å se siden riktig.\n"
    "Høringssvar fra Eksempelhøgskolen\n"
    "\n"
    "Til horingen: Høring om en tenkt retningslinje\n"
    "Departement: Kunnskapsdepartementet\n"
    "Dato: 03.04.2023\n"
    "Svartype: Med merknad\n"
    "\n"
    "Høgskolen støtter forslaget om flere praksisplasser i kommunene.\n"
    "Vi ber departementet se på finansieringen av veiledning. Studentene trenger tett oppføl"
)
NORGESLOVER_PAGE = (
    "Dato: 26.02.2021 Svartype: Med merknad Høringsnotat fra Eksempeluniversitetet om en tenkt forskrift. "
    "Universitetet mener utkastet er godt. Vi har likevel tre merknader til kapittel 2. Den første gjelder omfan"
)


def test_clean_page_excerpt_drops_site_furniture_by_line_and_the_cut_sentence():
    assert part_e.clean_page_excerpt(REGJERINGEN_PAGE) == (
        "Høringssvar fra Eksempelhøgskolen\n"
        "\n"
        "Høgskolen støtter forslaget om flere praksisplasser i kommunene.\n"
        "Vi ber departementet se på finansieringen av veiledning.")


def test_clean_page_excerpt_drops_only_the_page_fields_before_text_on_the_same_line():
    assert part_e.clean_page_excerpt(NORGESLOVER_PAGE) == (
        "Høringsnotat fra Eksempeluniversitetet om en tenkt forskrift. Universitetet mener utkastet er godt. "
        "Vi har likevel tre merknader til kapittel 2.")


def test_a_line_is_dropped_only_when_it_starts_as_furniture():
    text = ("Vi viser til høringen og til departementets brev om saken.\n"
            "Regjeringen bør sørge for at alle studenter får praksis.\n"
            "Departementet: vi ber om at fristen forlenges med to uker.\n"
            "Ingen flere merknader.")
    # «Regjeringen» opening a sentence and «Departementet:» are text, not furniture; the last line ends a sentence
    assert part_e.clean_page_excerpt(text) == text


def test_the_cut_sentence_goes_but_abbreviations_do_not_end_a_sentence():
    cut = "Første setning står her. Vi viser til Meld. St. 9 og jf. NOU 2023:4 om personellet i helsetjenes"
    assert part_e.drop_cut_sentence(cut) == "Første setning står her."
    # a last line with no sentence end goes whole; the complete lines before it stay
    assert part_e.drop_cut_sentence("Hele linjen står.\nOverskrift uten punkt og avbrut") == "Hele linjen står."
    # a text that ends a sentence is left as it is
    assert part_e.drop_cut_sentence("Alt er med. Også dette!") == "Alt er med. Også dette!"
    # a full stop before lower case (an abbreviation) is no sentence end
    assert part_e.drop_cut_sentence("Dette gjelder bl.a. studenter. Det gjelder f.eks. lærlin") == (
        "Dette gjelder bl.a. studenter.")
    assert part_e.clean_page_excerpt("Hjem / Horinger\nbare en avbrutt lin") == ""


def test_page_date_reads_the_first_date_field():
    assert part_e.page_date(NORGESLOVER_PAGE) == "2021-02-26"
    assert part_e.page_date(REGJERINGEN_PAGE) == "2023-04-03"
    assert part_e.page_date("Ingen dato her.") == ""


# --- prepare-e -------------------------------------------------------------------------------------------------------


def _fresh_e(root: Path) -> Path:
    """A planted <fresh>/e: two pages (one held out, one of a known organisation) with documents.csv."""
    (root / "raw").mkdir(parents=True)
    (root / "raw" / "e01-hogskole.txt").write_text(REGJERINGEN_PAGE, encoding="utf-8")
    (root / "raw" / "e02-universitet.txt").write_text(NORGESLOVER_PAGE, encoding="utf-8")
    pd.DataFrame([
        {"slug": "e01-hogskole", "url": "https://example.org/a", "organisation": "Eksempelhøgskolen (fakultet)",
         "parent_organisation": "", "hearing": "Tenkt retningslinje", "stated_date": "", "year": "",
         "site": "regjeringen.no", "chars": "600", "language": "nb", "part": "heldout_e", "affiliated": "",
         "note": "AFFILIATED: a faculty of a university in the corpus"},
        {"slug": "e02-universitet", "url": "https://example.org/b", "organisation": "Eksempeluniversitetet",
         "parent_organisation": "", "hearing": "Tenkt forskrift", "stated_date": "26.02.2021", "year": "2021",
         "site": "norgeslover.no", "chars": "300", "language": "nb", "part": "fresh_known_e", "affiliated": "",
         "note": ""},
    ]).to_csv(root / "documents.csv", index=False)
    return root


def test_prepare_e_writes_the_layout_of_prepare_d_with_cleaned_text(tmp_path):
    fresh, data = _fresh_e(tmp_path / "e"), tmp_path / "e-data"
    index = part_e.prepare_e(fresh, data)
    assert sorted(p.name for p in (data / "raw").glob("*.txt")) == ["e01-hogskole.txt", "e02-universitet.txt"]
    text = (data / "raw" / "e01-hogskole.txt").read_text(encoding="utf-8")
    assert text.startswith("Høringssvar fra Eksempelhøgskolen\n \n")  # a paragraph gap the TXT reader sees
    assert "Hjem /" not in text and "Departement:" not in text and "oppføl" not in text
    manifest = pd.read_csv(data / "raw" / "documents.csv", dtype=str, keep_default_na=False).set_index("doc_id")
    assert manifest.loc["e01-hogskole", "organisation"] == "Eksempelhøgskolen"  # annotating parenthesis dropped
    assert manifest.loc["e01-hogskole", "date"] == "2023-04-03" and manifest.loc["e01-hogskole", "year"] == "2023"
    assert manifest.loc["e02-universitet", "date"] == "2021-02-26"
    assert set(manifest["doc_type"]) == {"consultation_response"}
    assert manifest.loc["e02-universitet", "title"] == "Høringssvar: Tenkt forskrift"
    saved = pd.read_csv(data / "fresh_index.csv", dtype=str, keep_default_na=False)
    assert [sfe.split_of(v, "E") for v in saved["org_in_corpus"]] == ["heldout_e", "fresh_known_e"]
    assert saved["split"].tolist() == ["heldout_e", "fresh_known_e"] and "url" in saved.columns
    assert saved["affiliated"].tolist() == ["yes", ""]  # "AFFILIATED: …" in the note, as the reserve's notes
    from bench.sample_fresh_demands import part_e_documents

    assert part_e_documents(data)["affiliated"].tolist() == [True, False]  # the demand census reads the same
    assert index["chars_clean"].tolist() == [len(part_e.clean_page_excerpt(REGJERINGEN_PAGE)),
                                             len(part_e.clean_page_excerpt(NORGESLOVER_PAGE))]
    assert (data / "themes.toml").read_bytes() == (ROOT / "data" / "themes.toml").read_bytes()


def test_prepare_e_refuses_a_missing_page_or_an_unknown_part(tmp_path):
    fresh = _fresh_e(tmp_path / "e")
    (fresh / "raw" / "e02-universitet.txt").unlink()
    with pytest.raises(FileNotFoundError, match="e02-universitet"):
        part_e.prepare_e(fresh, tmp_path / "data")
    documents = pd.read_csv(fresh / "documents.csv", dtype=str, keep_default_na=False)
    documents.iloc[:1].assign(part="heldout").to_csv(fresh / "documents.csv", index=False)
    with pytest.raises(ValueError, match="part must be one of"):
        part_e.prepare_e(fresh, tmp_path / "data")


# --- the freeze and the census ------------------------------------------------------------------------------------


def _git_available() -> bool:
    result = subprocess.run(["git", "-C", str(ROOT), "cat-file", "-e", f"{part_e.FROZEN_COMMIT}^{{commit}}"],
                            capture_output=True)
    return result.returncode == 0


def test_the_frozen_files_are_the_design_list():
    """The freeze held until both part-E measurements were written down (0c22712); since then rules may change
    (part E is a tuning set for what is fixed), so the live tree is not checked here: frozen_changes itself is
    tested on a planted history (test_part_e_demands), and a draw on changed rules is refused (below)."""
    assert part_e.FROZEN_COMMIT == "6a7f638" and part_e.SEED_E == 20261208
    assert {"data/themes.toml", "data/codebook.md", "pipeline/themes.py", "pipeline/segment.py",
            "pipeline/demands.py"} <= set(part_e.FROZEN_E)
    assert "pipeline/evaluation.py" not in part_e.FROZEN_E  # evaluation and report code may change


def _census_data(data: Path) -> None:
    """_planted_build (two documents, K known and N not) with the fields of part E: url, affiliation, evidence, the
    frozen lexicon files and a build_info that read the manifest there."""
    _planted_build(data)
    index = pd.read_csv(data / "fresh_index.csv", dtype=str, keep_default_na=False)
    index.assign(url=["https://example.org/k", "https://example.org/n"], affiliated=["", "yes"]).to_csv(
        data / "fresh_index.csv", index=False)
    tags = pd.read_parquet(data / "processed" / "passage_themes.parquet")
    tags.assign(evidence="ord").to_parquet(data / "processed" / "passage_themes.parquet")
    for name in part_e.COPIED:
        (data / Path(name).name).write_bytes((ROOT / name).read_bytes())
    (data / "raw").mkdir()
    (data / "raw" / "documents.csv").write_text("doc_id\nk\nn\n", encoding="utf-8")
    from pipeline.guards import sha256_file

    (data / "processed" / "build_info.json").write_text(
        json.dumps({"inputs": {"manifest": sha256_file(data / "raw" / "documents.csv")}}), encoding="utf-8")


def test_draw_e_is_a_shuffled_census_with_a_blind_sheet_and_a_hidden_key(tmp_path, monkeypatch):
    data, out = tmp_path / "data", tmp_path / "out"
    _census_data(data)
    monkeypatch.setattr(part_e, "frozen_changes", lambda *args: [])
    monkeypatch.setattr(part_e, "copied_changes", lambda *args: [])
    sheet, key = part_e.draw_e(data, out)
    passages = sfe._passages(data, "E")
    # every body passage of at least MIN_WORDS words, once: no heading, short or repeated passage
    assert len(key) == len(passages) and set(key["passage_id"]) == set(passages["passage_id"])
    assert not set(key["passage_id"]) & {"h1", "s1", "dup"}
    assert list(pd.read_csv(out / "sheet_e.csv").columns) == ["sheet_id", "text"]
    assert sheet["sheet_id"].tolist() == [f"e-{i:03d}" for i in range(len(sheet))]
    assert key["passage_id"].tolist() != passages["passage_id"].tolist()  # shuffled
    assert set(key["stratum"]) == {"census"}
    assert dict(zip(key["organisation"], key["split"])) == {"Kjent": "fresh_known_e", "Ny": "heldout_e"}
    assert dict(zip(key["organisation"], key["affiliated"])) == {"Kjent": False, "Ny": True}
    tagged = key.loc[key["tags"] != ""]
    assert len(tagged) and all(ev.startswith(tags.split("|")[0] + ": ord") for ev, tags in
                               zip(tagged["evidence"], tagged["tags"]))
    populations = pd.read_csv(out / "populations_e.csv", index_col=0)["n"]
    assert populations["passages"] == len(key) and populations["documents"] == 2
    assert populations["passages:heldout_e"] + populations["passages:fresh_known_e"] == len(key)
    again, _ = part_e.draw_e(data, tmp_path / "again")
    assert again.equals(sheet)  # the seed fixes the order
    # halves cut by the id's number; together the sheet
    one, two = sfe.split_sheet(out / "sheet_e.csv", 2)
    halves = [pd.read_csv(path, dtype=str) for path in (one, two)]
    assert one.name == "sheet_e-1.csv" and halves[0]["sheet_id"].max() < halves[1]["sheet_id"].min()
    assert pd.concat(halves, ignore_index=True).equals(pd.read_csv(out / "sheet_e.csv", dtype=str))


def test_draw_e_refuses_unfrozen_rules_a_changed_copy_or_a_stale_build(tmp_path, monkeypatch):
    data = tmp_path / "data"
    _census_data(data)
    monkeypatch.setattr(part_e, "frozen_changes", lambda *args: ["pipeline/themes.py"])
    monkeypatch.setattr(part_e, "copied_changes", lambda *args: [])
    with pytest.raises(RuntimeError, match="not frozen.*pipeline/themes.py"):
        part_e.draw_e(data, tmp_path / "out")
    assert not (tmp_path / "out").exists()
    monkeypatch.setattr(part_e, "frozen_changes", lambda *args: [])
    (data / "raw" / "documents.csv").write_text("doc_id\nk\nn\nm\n", encoding="utf-8")
    with pytest.raises(RuntimeError, match="not of the manifest"):
        part_e.draw_e(data, tmp_path / "out")
    if _git_available():
        monkeypatch.undo()
        (data / "themes.toml").write_text("# changed\n", encoding="utf-8")
        with pytest.raises(RuntimeError, match="themes.toml"):
            part_e.check_frozen(data)


def test_labels_of_part_e_ids_are_read_in_the_format_of_part_d(tmp_path):
    path = tmp_path / "labels.txt"
    path.write_text("# reader one\ne-000 PP ?DC\nE-001: FU\ne-002\n", encoding="utf-8")
    labels = sfe.read_labels(path)
    assert labels == {"e-000": {"practice_placements": "yes", "digital_competence": "borderline"},
                      "e-001": {"funding": "yes"}, "e-002": {}}
    path.write_text("x-y PP\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not a sheet id"):
        sfe.read_labels(path)
    assert sfe.sheet_key("17") == 17  # parts C and D keep their numbers


# --- join-e and report-e ---------------------------------------------------------------------------------------------

COLUMNS = ["organisation", "file", "theme_id", "label", "stratum", "split", "source", "passage_ref", "note", "text"]


def test_join_e_reads_both_halves_and_appends_part_e_once(tmp_path, monkeypatch):
    data, out = tmp_path / "data", tmp_path / "out"
    _census_data(data)
    monkeypatch.setattr(part_e, "frozen_changes", lambda *args: [])
    monkeypatch.setattr(part_e, "copied_changes", lambda *args: [])
    _, key = part_e.draw_e(data, out)
    ids = key["sheet_id"].tolist()
    half = len(ids) // 2
    (tmp_path / "l1.txt").write_text(f"{ids[0]} PP ?DC\n" + "".join(f"{i}\n" for i in ids[1:half]), encoding="utf-8")
    (tmp_path / "l2.txt").write_text("# second reader\n" + "".join(f"{i}: FU\n" for i in ids[half:]), encoding="utf-8")
    judgements = tmp_path / "theme_judgements.csv"
    pd.DataFrame([["X", "X.md", sfe.NAMED[0], "yes", "fresh_random", "heldout_d", "fresh", "p", "part D", "x"]],
                 columns=COLUMNS).to_csv(judgements, index=False)  # part D's rows do not block part E
    frame = part_e.join_e(out, [tmp_path / "l1.txt", tmp_path / "l2.txt"], judgements)
    assert len(frame) == len(ids) * 18 and set(frame["split"]) == {"heldout_e", "fresh_known_e"}
    assert set(frame["stratum"]) == {"census"} and set(frame["source"]) == {"page"}
    first = frame.loc[frame["passage_ref"] == key.loc[0, "passage_id"]].set_index("theme_id")["label"]
    assert (first["practice_placements"], first["digital_competence"], first["funding"]) == ("yes", "borderline", "no")
    notes = dict(zip(frame["organisation"], frame["note"]))
    assert notes["Ny"] == "part E (census, seed 20261208; opening of a stored page; AFFILIATED) https://example.org/n"
    assert notes["Kjent"] == "part E (census, seed 20261208; opening of a stored page) https://example.org/k"
    assert set(frame["file"]) == {"K-stem.txt", "N-stem.txt"}
    assert list(pd.read_csv(judgements).columns) == COLUMNS and len(pd.read_csv(judgements)) == 1 + len(ids) * 18
    with pytest.raises(ValueError, match="already has part-E rows"):
        part_e.join_e(out, [tmp_path / "l1.txt", tmp_path / "l2.txt"], judgements)
    (tmp_path / "short.txt").write_text(f"{ids[0]} PP\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not judged yet"):
        part_e.join_e(out, tmp_path / "short.txt")
    (tmp_path / "extra.txt").write_text("e-999 PP\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not in the key"):
        part_e.join_e(out, [tmp_path / "l1.txt", tmp_path / "l2.txt", tmp_path / "extra.txt"])


def _report_judgements(tmp_path: Path, pages: list[tuple[str, str, str, str]]) -> Path:
    """theme_judgements.csv for a report: a dev organisation, one of part C and one of part D, then the pages (org,
    file, split, note; source page), each with a practice-placement passage (yes, tagged) and another (no, untagged)."""
    placement = "Kommunene må ta imot flere studenter i praksis, og praksisplassene må finansieres bedre."
    other = "Styret mener at kommunestyret bør behandle saken på nytt før sommeren neste år."
    rows = []
    for org, file, split, source, note in [
            ("Dev", "dev.pdf", "dev", "helsereform", ""), ("X", "X.md", "heldout_c", "fresh", "wave 1"),
            ("N", "N.md", "heldout_d", "fresh", "part D"), *((o, f, s, "page", n) for o, f, s, n in pages)]:
        for text, label in ((placement, "yes"), (other, "no")):
            rows.append({"organisation": org, "file": file, "theme_id": sfe.NAMED[0], "label": label,
                         "stratum": "census", "split": split, "source": source, "passage_ref": "p", "note": note,
                         "text": f"{text} ({org})"})
    judgements = tmp_path / "theme_judgements.csv"
    pd.DataFrame(rows).to_csv(judgements, index=False)
    return judgements


def test_report_e_gives_part_e_alone_without_affiliated_known_apart_and_pooled(tmp_path):
    judgements = _report_judgements(tmp_path, [
        ("E1", "e1.txt", "heldout_e", part_e.note_of("https://example.org/1", False)),
        ("E2", "e2.txt", "heldout_e", part_e.note_of("https://example.org/2", True)),
        ("K", "k.txt", "fresh_known_e", part_e.note_of("https://example.org/k", False))])
    table = part_e.report_e(judgements, ROOT / "data" / "themes.toml")
    by = {(r["split"], r["part"] if isinstance(r.get("part"), str) else ""): r for r in table.to_dict("records")}
    assert by[("heldout_e", "")]["n"] == 4 and by[("heldout_e_unaffiliated", "")]["n"] == 2
    assert by[("fresh_known_e", "")]["n"] == 2
    # the placement sentence is tagged (practice_placements), the other is not: P = R = 1 on every part
    assert by[("heldout", "C+D+E")]["n"] == 8 and by[("heldout", "C+D+E")]["recall"] == 1.0
    assert by[("heldout_c", "C")]["n"] == 2 and by[("heldout_d", "D")]["n"] == 2


# --- part F: the same code with its own settings ---------------------------------------------------------------------


def test_part_e_settings_give_the_ids_notes_seed_and_files_of_before():
    """Part E's draw, join and report ran with these (data/eval/README.md, fifth round; the rows in
    theme_judgements.csv carry the note): generalising the code for part F must not move any of them."""
    e = part_e.PART_E
    assert (e.letter, e.key, e.seed, e.demand_seed, e.frozen_commit) == ("E", "e", 20261208, 20261218, "6a7f638")
    assert (part_e.PART, part_e.SEED_E, part_e.FROZEN_COMMIT) == ("E", 20261208, "6a7f638")
    assert e.frozen == part_e.FROZEN_E and e.splits == ("heldout_e", "fresh_known_e")
    assert (e.file("sheet"), e.file("key"), e.file("populations")) == ("sheet_e.csv", "key_e.csv", "populations_e.csv")
    assert part_e.sheet_ids(3, e.key) == part_e.sheet_ids(3) == ["e-000", "e-001", "e-002"]
    assert part_e.note_of("https://example.org/n", True) == part_e.note_of("https://example.org/n", True, e) == (
        "part E (census, seed 20261208; opening of a stored page; AFFILIATED) https://example.org/n")
    assert e.documents == ROOT / "data" / "eval" / "part_e_documents.csv" and e.documents.exists()
    assert (e.fresh, e.data) == (Path("/work/fresh/e"), Path("/work/fresh/e-data"))
    # the names the part-E commands and tests used are the generic functions with part E's settings
    assert (part_e.prepare_e, part_e.draw_e, part_e.join_e, part_e.report_e) == (
        part_e.prepare, part_e.draw, part_e.join, part_e.report)


def test_part_f_settings_follow_the_sixth_round_design():
    f = part_e.PART_F
    assert (f.letter, f.key, f.seed, f.frozen_commit) == ("F", "f", 20261209, "a339991")
    assert f.demand_seed == 20261219 and f.demand_seed not in (part_e.PART_E.seed, part_e.PART_E.demand_seed, f.seed)
    assert f.frozen == part_e.FROZEN_E  # the same frozen file list, at its own commit
    assert f.splits == ("heldout_f", "fresh_known_f") == sfe.PART_SPLITS["F"]
    assert (f.fresh, f.data) == (Path("/work/fresh/f"), Path("/work/fresh/f-data"))
    assert f.documents == ROOT / "data" / "eval" / "part_f_documents.csv"
    assert part_e.note_of("https://example.org/x", False, f) == (
        "part F (census, seed 20261209; opening of a stored page) https://example.org/x")
    assert part_e.PARTS == {"e": part_e.PART_E, "f": f}


def test_the_part_is_chosen_by_option_or_suffix():
    assert part_e.part_of("draw", ["a", "--part", "f", "b"]) == ("draw", part_e.PART_F, ["a", "b"])
    assert part_e.part_of("draw-f", ["a", "b"]) == ("draw", part_e.PART_F, ["a", "b"])
    assert part_e.part_of("join-e", ["a"]) == ("join", part_e.PART_E, ["a"])
    assert part_e.part_of("halves", ["s.csv"]) == ("halves", None, ["s.csv"])  # none named: part E in bench.part_e
    assert part_e.part_of("prepare-d", ["a"]) == ("prepare-d", None, ["a"])  # part D's commands are not a page part
    with pytest.raises(SystemExit, match="unknown part"):
        part_e.part_of("draw", ["--part", "g"])
    with pytest.raises(SystemExit, match="names part e"):
        part_e.part_of("draw-e", ["--part", "f"])


def _fresh_f(root: Path) -> Path:
    """A planted <fresh>/f: part E's two planted pages as part F's."""
    _fresh_e(root)
    documents = pd.read_csv(root / "documents.csv", dtype=str, keep_default_na=False)
    documents.assign(part=documents["part"].str.replace("_e", "_f")).to_csv(root / "documents.csv", index=False)
    return root


def test_prepare_f_writes_part_f_splits_and_refuses_part_e_rows(tmp_path, capsys):
    fresh, data = _fresh_f(tmp_path / "f"), tmp_path / "f-data"
    part_e.main(["prepare", str(fresh), str(data), "--part", "f"])
    assert "'heldout_f': 1" in capsys.readouterr().out
    saved = pd.read_csv(data / "fresh_index.csv", dtype=str, keep_default_na=False)
    assert saved["split"].tolist() == ["heldout_f", "fresh_known_f"]
    assert [sfe.split_of(v, "F") for v in saved["org_in_corpus"]] == ["heldout_f", "fresh_known_f"]
    manifest = pd.read_csv(data / "raw" / "documents.csv", dtype=str, keep_default_na=False)
    assert set(manifest["date_basis"]) == {"documents.csv of part F (stated date, else the page's «Dato:»)"}
    # part E's own output is unchanged by the part's settings: the same texts, its own splits
    part_e.prepare(_fresh_e(tmp_path / "e"), tmp_path / "e-data")
    for name in ("e01-hogskole.txt", "e02-universitet.txt"):
        assert (data / "raw" / name).read_bytes() == (tmp_path / "e-data" / "raw" / name).read_bytes()
    with pytest.raises(ValueError, match="part must be one of"):
        part_e.prepare(tmp_path / "e", tmp_path / "other", part_e.PART_F)


def test_draw_f_checks_part_f_s_commit_and_writes_its_own_files(tmp_path, monkeypatch):
    data, out = tmp_path / "data", tmp_path / "out"
    _census_data(data)
    asked = []
    monkeypatch.setattr(part_e, "frozen_changes", lambda root, commit, paths: asked.append((commit, paths)) or [])
    monkeypatch.setattr(part_e, "copied_changes", lambda data, root, commit: asked.append(commit) or [])
    part_e.main(["draw-f", str(data), str(out)])
    assert asked == [("a339991", part_e.FROZEN_E), "a339991"]
    sheet = pd.read_csv(out / "sheet_f.csv", dtype=str)
    key = pd.read_csv(out / "key_f.csv", dtype=str, keep_default_na=False)
    assert sheet["sheet_id"].tolist() == [f"f-{i:03d}" for i in range(len(sheet))]
    assert set(key["split"]) == {"heldout_f", "fresh_known_f"}
    assert (out / "populations_f.csv").exists() and not (out / "sheet_e.csv").exists()
    _, key_e = part_e.draw_e(data, tmp_path / "e")
    # the same census, its own seed: the same passages in another order
    assert sorted(key["passage_id"]) == sorted(key_e["passage_id"]) and key["passage_id"].tolist() != key_e[
        "passage_id"].tolist()
    monkeypatch.setattr(part_e, "frozen_changes", lambda *args: ["pipeline/demands.py"])
    with pytest.raises(RuntimeError, match="rules not frozen at a339991.*part F"):
        part_e.draw(data, tmp_path / "refused", part=part_e.PART_F)


def test_join_f_appends_part_f_once_beside_part_e(tmp_path, monkeypatch):
    data, out = tmp_path / "data", tmp_path / "out"
    _census_data(data)
    monkeypatch.setattr(part_e, "frozen_changes", lambda *args: [])
    monkeypatch.setattr(part_e, "copied_changes", lambda *args: [])
    _, key = part_e.draw(data, out, part=part_e.PART_F)
    (tmp_path / "l.txt").write_text("".join(f"{i} PP\n" for i in key["sheet_id"]), encoding="utf-8")
    judgements = tmp_path / "theme_judgements.csv"
    pd.DataFrame([["X", "x.txt", sfe.NAMED[0], "yes", "census", "heldout_e", "page", "p", "part E", "x"]],
                 columns=COLUMNS).to_csv(judgements, index=False)  # part E's rows do not block part F
    part_e.main(["join", str(out), str(judgements), str(tmp_path / "l.txt"), "--part", "f"])
    saved = pd.read_csv(judgements, dtype=str, keep_default_na=False)
    assert len(saved) == 1 + len(key) * 18 and set(saved["split"]) == {"heldout_e", "heldout_f", "fresh_known_f"}
    notes = dict(zip(saved["organisation"], saved["note"]))
    assert notes["Ny"] == "part F (census, seed 20261209; opening of a stored page; AFFILIATED) https://example.org/n"
    with pytest.raises(ValueError, match="already has part-F rows"):
        part_e.join(out, tmp_path / "l.txt", judgements, part_e.PART_F)


def test_report_f_gives_part_f_alone_and_each_earlier_part_beside_the_pooled_figure(tmp_path):
    f = part_e.PART_F
    judgements = _report_judgements(tmp_path, [
        ("E1", "e1.txt", "heldout_e", part_e.note_of("https://example.org/1", False)),
        ("F1", "f1.txt", "heldout_f", part_e.note_of("https://example.org/f1", False, f)),
        ("F2", "f2.txt", "heldout_f", part_e.note_of("https://example.org/f2", True, f)),
        ("K", "k.txt", "fresh_known_f", part_e.note_of("https://example.org/k", False, f))])
    table = part_e.report(judgements, ROOT / "data" / "themes.toml", part_e.PART_F)
    by = {(r["split"], r["part"] if isinstance(r.get("part"), str) else ""): r for r in table.to_dict("records")}
    assert by[("heldout_f", "")]["n"] == 4 and by[("heldout_f_unaffiliated", "")]["n"] == 2
    assert by[("fresh_known_f", "")]["n"] == 2
    assert by[("heldout", "C+D+E+F")]["n"] == 10 and by[("heldout", "C+D+E+F")]["recall"] == 1.0
    assert {key for key in by if key[0].startswith("heldout_") and key[1]} == {
        ("heldout_c", "C"), ("heldout_d", "D"), ("heldout_e", "E")}  # part F's own figure is the first row
    # part E's report of the same rows is unchanged in kind: E alone and C, D beside the pooled figure
    table_e = part_e.report(judgements, ROOT / "data" / "themes.toml")
    assert {r["split"] for r in table_e.to_dict("records") if isinstance(r.get("part"), str) and r["part"]} == {
        "heldout", "heldout_c", "heldout_d"}
