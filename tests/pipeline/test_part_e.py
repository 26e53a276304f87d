"""bench/part_e.py (data/eval/README.md, fifth round): cleaning a stored page's opening, the scratch data directory,
the freeze check and the census draw, on planted pages shaped like the stored ones (sentences written for the test;
no /work/fresh, no ../shared)."""
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
    monkeypatch.setattr(part_e, "frozen_changes", lambda root=None: [])
    monkeypatch.setattr(part_e, "copied_changes", lambda data, root=None: [])
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
    monkeypatch.setattr(part_e, "frozen_changes", lambda root=None: ["pipeline/themes.py"])
    monkeypatch.setattr(part_e, "copied_changes", lambda data, root=None: [])
    with pytest.raises(RuntimeError, match="not frozen.*pipeline/themes.py"):
        part_e.draw_e(data, tmp_path / "out")
    assert not (tmp_path / "out").exists()
    monkeypatch.setattr(part_e, "frozen_changes", lambda root=None: [])
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
    monkeypatch.setattr(part_e, "frozen_changes", lambda root=None: [])
    monkeypatch.setattr(part_e, "copied_changes", lambda data, root=None: [])
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


def test_report_e_gives_part_e_alone_without_affiliated_known_apart_and_pooled(tmp_path):
    placement = "Kommunene må ta imot flere studenter i praksis, og praksisplassene må finansieres bedre."
    other = "Styret mener at kommunestyret bør behandle saken på nytt før sommeren neste år."
    rows = []
    for org, file, split, source, note in [
            ("Dev", "dev.pdf", "dev", "helsereform", ""), ("X", "X.md", "heldout_c", "fresh", "wave 1"),
            ("N", "N.md", "heldout_d", "fresh", "part D"),
            ("E1", "e1.txt", "heldout_e", "page", part_e.note_of("https://example.org/1", False)),
            ("E2", "e2.txt", "heldout_e", "page", part_e.note_of("https://example.org/2", True)),
            ("K", "k.txt", "fresh_known_e", "page", part_e.note_of("https://example.org/k", False))]:
        for text, label in ((placement, "yes"), (other, "no")):
            rows.append({"organisation": org, "file": file, "theme_id": sfe.NAMED[0], "label": label,
                         "stratum": "census", "split": split, "source": source, "passage_ref": "p", "note": note,
                         "text": f"{text} ({org})"})
    judgements = tmp_path / "theme_judgements.csv"
    pd.DataFrame(rows).to_csv(judgements, index=False)
    table = part_e.report_e(judgements, ROOT / "data" / "themes.toml")
    by = {(r["split"], r["part"] if isinstance(r.get("part"), str) else ""): r for r in table.to_dict("records")}
    assert by[("heldout_e", "")]["n"] == 4 and by[("heldout_e_unaffiliated", "")]["n"] == 2
    assert by[("fresh_known_e", "")]["n"] == 2
    # the placement sentence is tagged (practice_placements), the other is not: P = R = 1 on every part
    assert by[("heldout", "C+D+E")]["n"] == 8 and by[("heldout", "C+D+E")]["recall"] == 1.0
    assert by[("heldout_c", "C")]["n"] == 2 and by[("heldout_d", "D")]["n"] == 2
