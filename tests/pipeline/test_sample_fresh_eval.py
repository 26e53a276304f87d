"""bench/sample_fresh_eval.py's part D (data/eval/README.md, fourth round): the reserve's documents, their split, the
strata and sizes of the one-wave draw, the blind sheet and its halves, and the join of labels, on planted data (no
/work/fresh, no ../shared)."""
from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bench import sample_fresh_eval as sfe

ROOT = Path(__file__).resolve().parents[2]
PP, DC = sfe.NAMED


def _planted_passages() -> pd.DataFrame:
    """text + tags: 300 passages of neither pattern nor tag; 20 tagged with practice placements, 5 with digital
    competence; 15 tagged funding, 3 preparedness; 50 untagged matching the wide placement pattern (a census: at most
    75 are left) and 120 matching the wide digital one (more than 75: a sample)."""
    rows = [(f"vanlig setning nummer {i} om noe annet", "") for i in range(300)]
    rows += [(f"praksisplass for sykepleiere {i}", PP) for i in range(20)]
    rows += [(f"digitale ferdigheter hos ansatte {i}", DC) for i in range(5)]
    rows += [(f"finansiering av tjenester {i}", "funding") for i in range(15)]
    rows += [(f"beredskap i kommunen {i}", "preparedness") for i in range(3)]
    rows += [(f"studenter møter pasienter {i}", "") for i in range(50)]
    rows += [(f"digitalisering av journaler {i}", "") for i in range(120)]
    # at least MIN_WORDS words each, with words of neither pattern
    return pd.DataFrame([(f"{text} og litt mer tekst her i dag", tags) for text, tags in rows], columns=["text", "tags"])


def test_part_d_strata_follow_the_design():
    passages = _planted_passages()
    stratum, populations = sfe.select_strata(passages, np.random.default_rng(sfe.SEED_D), sfe.PART_D)
    assert sfe.PART_D == sfe.Design(n_random=60, per_theme_tagged=8, census_max=75) and sfe.SEED_D == 20261207
    assert (stratum == "fresh_random").sum() == 60
    # every passage tagged with a named theme is drawn (at random or as tagged_named)
    named = passages["tags"].isin([PP, DC])
    assert stratum[named].isin(["fresh_random", "fresh_tagged_named"]).all()
    assert (stratum == "fresh_tagged_named").sum() == (named & (stratum != "fresh_random")).sum()
    # up to 8 tagged per other theme, from the passages not drawn at random; the population is kept
    for theme in ("funding", "preparedness"):
        left = (passages["tags"] == theme) & (stratum != "fresh_random")
        assert populations[f"tagged:{theme}"] == left.sum()
        assert (stratum[passages["tags"] == theme] == "fresh_tagged").sum() == min(8, left.sum())
    # broad placements: a census (every one left is drawn); broad digital: a seeded sample of 75 of a larger population
    students = passages["text"].str.startswith("studenter") & (stratum != "fresh_random")
    assert populations["fresh_broad_pp"] == students.sum() <= 75 and (stratum[students] == "fresh_broad_pp").all()
    digital = passages["text"].str.startswith("digitalisering") & (stratum != "fresh_random")
    assert populations["fresh_broad_dc"] == digital.sum() > 75 and (stratum == "fresh_broad_dc").sum() == 75
    # nothing outside the strata: the plain passages are drawn only at random
    plain = passages["text"].str.startswith("vanlig")
    assert stratum[plain].isin(["", "fresh_random"]).all()
    # the same seed, the same draw
    again, _ = sfe.select_strata(passages, np.random.default_rng(sfe.SEED_D), sfe.PART_D)
    assert again.equals(stratum)


def test_split_of_by_part():
    assert [sfe.split_of(v, "D") for v in ("no", " No ", "yes", "")] == [
        "heldout_d", "heldout_d", "fresh_known_d", "fresh_known_d"]
    assert [sfe.split_of(v) for v in ("no", "yes")] == ["heldout_c", "fresh_known"]  # part C as before


def _reserve() -> pd.DataFrame:
    columns = ["stem", "fetched", "organisation", "org_in_corpus", "corpus_org_match", "stated_date", "year", "title",
               "doc_type", "note"]
    rows = [
        ["2026-01-Kjent", "no", "Kjent forum (KF)", "yes", "Kjent forum", "", "2026", "Innspill", "Innspill", ""],
        ["2026-02-Ny-kommune", "no", "Ny kommune (helse)", "no", "", "07.06.2026", "2026", "Notat", "Notat", ""],
        ["2026-03-Hentet", "yes", "Hentet før", "no", "", "", "2026", "Brev", "Brev", ""],
    ]
    return pd.DataFrame(rows, columns=columns)


def test_reserve_is_the_unfetched_rows():
    assert sfe.reserve_documents(_reserve())["stem"].tolist() == ["2026-01-Kjent", "2026-02-Ny-kommune"]


def test_the_committed_reserve_is_eight_documents_one_of_a_corpus_organisation():
    try:
        reserve = sfe.load_reserve()
    except (subprocess.CalledProcessError, FileNotFoundError):
        pytest.skip(f"git history with {sfe.RESERVE_COMMIT} not available (shallow clone or no git)")
    assert len(reserve) == 8
    splits = [sfe.split_of(v, "D") for v in reserve["org_in_corpus"]]
    assert splits.count("heldout_d") == 7
    assert reserve.loc[[s == "fresh_known_d" for s in splits], "corpus_org_match"].tolist() == [
        "Norsk Kommunedirektørforum"]
    assert reserve["note"].str.contains("AFFILIATED:").sum() == 2


def test_prepare_d_writes_only_the_reserve_and_cuts_the_invented_text(tmp_path, monkeypatch):
    fresh, data = tmp_path / "fresh", tmp_path / "data"
    (fresh / "docs").mkdir(parents=True)
    reserve = sfe.reserve_documents(_reserve())
    (fresh / "docs" / "2026-01-Kjent.md").write_text("# Innspill\n\nVi mener at **kommunene** trenger mer.\n",
                                                     encoding="utf-8")
    with pytest.raises(FileNotFoundError, match="2026-02-Ny-kommune"):
        sfe.prepare_d(fresh, data, reserve)
    monkeypatch.setitem(sfe.HALLUCINATED, "2026-02-Ny-kommune", "THE SCIENCE OF CLIMATE CHANGE")
    (fresh / "docs" / "2026-02-Ny-kommune.md").write_text(
        "Kommunen har mange oppgaver.\n\nSiste avsnitt i brevet.\n\n## THE SCIENCE OF CLIMATE CHANGE\n\nThe climate is "
        "changing.\n", encoding="utf-8")
    (fresh / "docs" / "2026-03-Hentet.md").write_text("Allerede hentet.\n", encoding="utf-8")
    index = sfe.prepare_d(fresh, data, reserve)
    assert sorted(p.name for p in (data / "raw").glob("*.txt")) == ["2026-01-kjent.txt", "2026-02-ny-kommune.txt"]
    cut = (data / "raw" / "2026-02-ny-kommune.txt").read_text(encoding="utf-8")
    assert cut.rstrip().endswith("Siste avsnitt i brevet.") and "climate" not in cut.lower()
    assert "**" not in (data / "raw" / "2026-01-kjent.txt").read_text(encoding="utf-8")
    manifest = pd.read_csv(data / "raw" / "documents.csv", dtype=str, keep_default_na=False)
    assert dict(zip(manifest["doc_id"], manifest["organisation"])) == {
        "2026-01-kjent": "Kjent forum", "2026-02-ny-kommune": "Ny kommune"}
    assert index["org_in_corpus"].tolist() == ["yes", "no"]
    assert (data / "themes.toml").read_bytes() == (ROOT / "data" / "themes.toml").read_bytes()


def test_cut_hallucination_leaves_other_documents_alone():
    text = "a\nTHE SCIENCE OF CLIMATE CHANGE\n"
    assert sfe.cut_hallucination("another-stem", text) == text


def _planted_build(data: Path) -> None:
    """processed/*.parquet and fresh_index.csv as a build of two reserve documents would leave them: K (a corpus
    organisation) and N (not), with headings, short passages and a repeated text that must not be drawn."""
    passages = _planted_passages()
    passages["doc_id"] = np.where(np.arange(len(passages)) % 5 == 0, "k", "n")
    passages["passage_id"] = [f"p{i}" for i in range(len(passages))]
    passages["kind"] = "body"
    passages["n_words"] = passages["text"].str.split().str.len()
    extra = pd.DataFrame([
        {"text": "Overskrift uten tema i det hele tatt her", "tags": "", "doc_id": "n", "passage_id": "h1",
         "kind": "heading", "n_words": 8},
        {"text": "for kort", "tags": "", "doc_id": "n", "passage_id": "s1", "kind": "body", "n_words": 2},
        {"text": passages.loc[1, "text"], "tags": "", "doc_id": "k", "passage_id": "dup", "kind": "body",
         "n_words": int(passages.loc[1, "n_words"])},
    ])
    passages = pd.concat([passages, extra], ignore_index=True)
    (data / "processed").mkdir(parents=True)
    tags = [(pid, t) for pid, tag in zip(passages["passage_id"], passages["tags"]) if tag for t in tag.split("|")]
    pd.DataFrame(tags, columns=["passage_id", "theme_id"]).to_parquet(data / "processed" / "passage_themes.parquet")
    passages.drop(columns="tags").to_parquet(data / "processed" / "passages.parquet")
    pd.DataFrame({"doc_id": ["k", "n"], "source_file": ["k.txt", "n.txt"]}).to_parquet(
        data / "processed" / "documents.parquet")
    pd.DataFrame({"doc_id": ["k", "n"], "stem": ["K-stem", "N-stem"], "organisation": ["Kjent", "Ny"],
                  "org_in_corpus": ["yes", "no"]}).to_csv(data / "fresh_index.csv", index=False)


def test_draw_d_writes_a_blind_sheet_a_hidden_key_and_halves(tmp_path):
    data, out = tmp_path / "data", tmp_path / "out"
    _planted_build(data)
    sheet, key = sfe.draw_d(data, out)
    assert list(pd.read_csv(out / "sheet_d.csv").columns) == ["sheet_id", "text"]
    assert sheet["sheet_id"].tolist() == list(range(1, len(sheet) + 1))
    assert set(key["stratum"]) <= {"fresh_random", "fresh_tagged_named", "fresh_tagged", "fresh_broad_pp",
                                   "fresh_broad_dc"}
    assert (key["stratum"] == "fresh_random").sum() == 60
    assert dict(zip(key["organisation"], key["split"])) == {"Kjent": "fresh_known_d", "Ny": "heldout_d"}
    assert not set(key["passage_id"]) & {"h1", "s1", "dup"}  # headings, short and repeated passages are not drawn
    populations = pd.read_csv(out / "populations_d.csv", index_col=0)["n"]
    assert populations["documents"] == 2 and populations["fresh_random"] == 60
    # the draw is reproducible
    again, _ = sfe.draw_d(data, tmp_path / "again")
    assert again.equals(sheet)
    # halves by sheet_id order: together the sheet, sizes differing by at most one
    one, two = sfe.split_sheet(out / "sheet_d.csv", 2)
    halves = [pd.read_csv(path) for path in (one, two)]
    assert one.name == "sheet_d-1.csv" and abs(len(halves[0]) - len(halves[1])) <= 1
    assert halves[0]["sheet_id"].max() < halves[1]["sheet_id"].min()
    assert pd.concat(halves, ignore_index=True).equals(pd.read_csv(out / "sheet_d.csv"))


def test_join_d_reads_both_halves_and_appends_part_d_once(tmp_path):
    data, out = tmp_path / "data", tmp_path / "out"
    _planted_build(data)
    _, key = sfe.draw_d(data, out)
    ids = key["sheet_id"].astype(int).tolist()
    half = len(ids) // 2
    (tmp_path / "l1.txt").write_text(f"{ids[0]} PP ?DC\n" + "".join(f"{i}\n" for i in ids[1:half]), encoding="utf-8")
    (tmp_path / "l2.txt").write_text("# second reader\n" + "".join(f"{i}: FU\n" for i in ids[half:]), encoding="utf-8")
    judgements = tmp_path / "theme_judgements.csv"
    columns = ["organisation", "file", "theme_id", "label", "stratum", "split", "source", "passage_ref", "note", "text"]
    pd.DataFrame([["X", "X.md", PP, "yes", "fresh_random", "heldout_c", "fresh", "p", "wave 1", "x"]],
                 columns=columns).to_csv(judgements, index=False)  # part C's rows do not block part D
    frame = sfe.join(out, [tmp_path / "l1.txt", tmp_path / "l2.txt"], judgements, part="D")
    assert len(frame) == len(ids) * 18 and set(frame["split"]) == {"heldout_d", "fresh_known_d"}
    first = frame.loc[frame["passage_ref"] == key.loc[0, "passage_id"]].set_index("theme_id")["label"]
    assert (first[PP], first[DC], first["funding"]) == ("yes", "borderline", "no")
    assert set(frame["note"]) == {"part D (seed 20261207)"}
    assert len(pd.read_csv(judgements)) == 1 + len(ids) * 18
    with pytest.raises(ValueError, match="already has part-D rows"):
        sfe.join(out, [tmp_path / "l1.txt", tmp_path / "l2.txt"], judgements, part="D")
    with pytest.raises(ValueError, match="judged in another file"):
        sfe.join(out, [tmp_path / "l1.txt", tmp_path / "l1.txt"], part="D")
    (tmp_path / "short.txt").write_text(f"{ids[0]} PP\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not judged yet"):
        sfe.join(out, tmp_path / "short.txt", part="D")


def test_report_d_gives_part_d_alone_without_affiliated_known_apart_and_pooled(tmp_path):
    placement = "Kommunene må ta imot flere studenter i praksis, og praksisplassene må finansieres bedre."
    other = "Styret mener at kommunestyret bør behandle saken på nytt før sommeren neste år."
    rows = []
    for org, file, split in [("Dev", "dev.pdf", "dev"), ("X", "X.md", "heldout_c"), ("N", "N.md", "heldout_d"),
                             ("A", "A.md", "heldout_d"), ("K", "K.md", "fresh_known_d")]:
        source = "helsereform" if split == "dev" else "fresh"
        for text, label in ((placement, "yes"), (other, "no")):
            rows.append({"organisation": org, "file": file, "theme_id": PP, "label": label, "stratum": "fresh_random",
                         "split": split, "source": source, "passage_ref": "p", "note": "", "text": f"{text} ({org})"})
    judgements = tmp_path / "theme_judgements.csv"
    pd.DataFrame(rows).to_csv(judgements, index=False)
    reserve = pd.DataFrame({"stem": ["N", "A", "K"], "note": ["", "AFFILIATED: a unit of a corpus body", ""]})
    table = sfe.report_d(judgements, ROOT / "data" / "themes.toml", reserve=reserve)
    by = {(r["split"], r.get("part") if isinstance(r.get("part"), str) else ""): r for r in table.to_dict("records")}
    assert by[("heldout_d", "")]["n"] == 4 and by[("heldout_d_unaffiliated", "")]["n"] == 2
    assert by[("fresh_known_d", "")]["n"] == 2
    assert by[("heldout", "C+D")]["n"] == 6 and by[("heldout", "C+D")]["recall"] == 1.0
