"""Part D (data/eval/README.md, "Fourth round (2026-12-06): part D"): the 8-document reserve is drawn by its own
design (bench/sample_fresh_demands.py: seed 20261217, splits heldout_d / fresh_known_d, sizes 120/100/60 and
30/25/15) and its metadata is measured apart (bench/metadata_fresh.py --reserve), while the fresh round of
2026-12-05 keeps drawing and measuring exactly its 28 documents once the reserve is fetched into the same folder.
Planted populations and files only; the real reserve texts are never read here."""
from __future__ import annotations

import csv
import shutil
import subprocess

import pandas as pd
import pytest

from bench import metadata_fresh as mf
from bench import sample_fresh_demands as sfd
from pipeline.config import PROJECT_ROOT

STRATA = ("flagged", "unflagged_cue", "unflagged_no_cue")


def units(sizes: dict[tuple[str, str], int]) -> pd.DataFrame:
    """A planted population: sizes[(split, stratum)] units, each sentence naming its split, stratum and number."""
    return pd.DataFrame([{"split": split, "stratum": stratum, "sentence": f"{split} {stratum} {i}"}
                         for (split, stratum), n in sizes.items() for i in range(n)])


def numbers(sample: pd.DataFrame, split: str, stratum: str) -> list[int]:
    part = sample.loc[(sample["split"] == split) & (sample["stratum"] == stratum), "sentence"]
    return [int(s.rsplit(" ", 1)[1]) for s in part]


def test_reserve_is_the_eight_unfetched_rows_of_the_design_commit():
    """RESERVE names the rows with fetched = no in fresh_documents.csv as of e212d54 (the fetch flips that column);
    checked against git history where it is there, and against the file as it stands (same 8 stems, 7 + 1 split)."""
    documents = pd.read_csv(PROJECT_ROOT / "data" / "eval" / "fresh_documents.csv", dtype=str, keep_default_na=False)
    reserve = documents.loc[documents["stem"].isin(sfd.RESERVE)]
    assert len(set(sfd.RESERVE)) == 8 and len(reserve) == 8
    assert [sfd.split_of(v, "d") for v in reserve["org_in_corpus"]].count("heldout_d") == 7
    assert reserve.loc[reserve["org_in_corpus"] == "yes", "corpus_org_match"].tolist() == ["Norsk Kommunedirektørforum"]
    if shutil.which("git") is None:
        pytest.skip("git is not installed: the design commit cannot be read")
    shown = subprocess.run(["git", "show", "e212d54:data/eval/fresh_documents.csv"], cwd=PROJECT_ROOT,
                           capture_output=True, text=True)
    if shown.returncode != 0:
        pytest.skip("commit e212d54 is not in this checkout's history (a shallow clone or an export)")
    at_design = list(csv.DictReader(shown.stdout.splitlines()))
    assert {r["stem"] for r in at_design if r["fetched"] == "no"} == set(sfd.RESERVE)


def test_reserve_draw_follows_the_design_and_keeps_the_populations():
    """heldout_d 120 / 100 / 60 and fresh_known_d 30 / 25 / 15, all units of a smaller stratum; only part D's splits
    are drawn, each unit at most once, the same sample for the same seed and another for another seed."""
    sizes = {("heldout_d", "flagged"): 300, ("heldout_d", "unflagged_cue"): 90, ("heldout_d", "unflagged_no_cue"): 900,
             ("fresh_known_d", "flagged"): 12, ("fresh_known_d", "unflagged_cue"): 40,
             ("fresh_known_d", "unflagged_no_cue"): 15, ("fresh", "flagged"): 50}
    population = units(sizes)
    sample = sfd.draw_sample(population, sfd.SEED_D, sfd.SPLITS_D)
    drawn = sample.groupby(["split", "stratum"]).size().to_dict()
    assert drawn == {("heldout_d", "flagged"): 120, ("heldout_d", "unflagged_cue"): 90,
                     ("heldout_d", "unflagged_no_cue"): 60, ("fresh_known_d", "flagged"): 12,
                     ("fresh_known_d", "unflagged_cue"): 25, ("fresh_known_d", "unflagged_no_cue"): 15}
    assert not sample["sentence"].duplicated().any()
    assert sorted(numbers(sample, "heldout_d", "unflagged_cue")) == list(range(90))  # a census of the smaller stratum
    assert sfd.draw_sample(population, sfd.SEED_D, sfd.SPLITS_D).equals(sample)
    assert not sfd.draw_sample(population, sfd.SEED_D + 1, sfd.SPLITS_D).equals(sample)
    assert sfd.SEED_D == 20261217 and sfd.SPLITS_D == {
        "heldout_d": {"flagged": 120, "unflagged_cue": 100, "unflagged_no_cue": 60},
        "fresh_known_d": {"flagged": 30, "unflagged_cue": 25, "unflagged_no_cue": 15}}


def test_fresh_round_draw_is_unchanged():
    """The fresh round's draw (seed 20261216, SPLITS) is the one of commit e212d54: the same units of a planted
    population (sum and first four numbers per stratum, taken from that commit's draw_sample)."""
    population = units({("fresh", "flagged"): 170, ("fresh", "unflagged_cue"): 100, ("fresh", "unflagged_no_cue"): 400,
                        ("fresh_known", "flagged"): 40, ("fresh_known", "unflagged_cue"): 55,
                        ("fresh_known", "unflagged_no_cue"): 300, ("heldout_d", "flagged"): 30})
    sample = sfd.draw_sample(population)
    assert set(sample["split"]) == {"fresh", "fresh_known"}
    expected = {("fresh", "flagged"): (150, 12730, [1, 2, 3, 4]), ("fresh", "unflagged_cue"): (100, 4950, [0, 1, 2, 3]),
                ("fresh", "unflagged_no_cue"): (80, 16187, [10, 11, 18, 21]),
                ("fresh_known", "flagged"): (40, 780, [0, 1, 2, 3]),
                ("fresh_known", "unflagged_cue"): (50, 1383, [0, 2, 3, 5]),
                ("fresh_known", "unflagged_no_cue"): (30, 4289, [1, 14, 29, 32])}
    for (split, stratum), (n, total, first) in expected.items():
        got = numbers(sample, split, stratum)
        assert (len(got), sum(got), got[:4]) == (n, total, first)


def planted_fresh(tmp_path, reserve_fetched: bool) -> tuple:
    """A fresh folder: INDEX.csv with two documents of the fresh round and two reserve stems (fetched flipped to yes
    when reserve_fetched), a Markdown text for each; and a fresh_documents.csv with all 8 reserve stems."""
    fresh = tmp_path / "fresh"
    (fresh / "docs").mkdir(parents=True)
    header = ["stem", "fetched", "organisation", "org_in_corpus", "corpus_org_match", "stated_date", "year", "title",
              "doc_type", "note"]
    rows = [["a-round", "yes", "Org A", "no", "", "", "2026", "A", "Innspill", ""],
            ["b-round", "yes", "Org B (leiargruppa)", "yes", "Org Bee", "", "2026", "B", "Brev", ""]]
    rows += [[stem, "yes" if reserve_fetched else "no", f"Org R{i}", "yes" if i == 1 else "no",
              "Norsk Kommunedirektørforum" if i == 1 else "", "07.06.2026" if i == 3 else "", "2026", f"T{i}",
              "Innspill", ""] for i, stem in enumerate(sfd.RESERVE)]
    for path, kept in ((fresh / "INDEX.csv", rows[:4]), (tmp_path / "fresh_documents.csv", rows)):
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows([header, *kept])
    for row in rows:
        (fresh / "docs" / f"{row[0]}.md").write_text(f"# {row[7]}\n\nVi mener at staten må betale.\n", encoding="utf-8")
    return fresh, tmp_path / "fresh_documents.csv"


@pytest.mark.parametrize("reserve_fetched", [False, True])
def test_fresh_round_reads_its_documents_whatever_the_fetch_flipped(tmp_path, reserve_fetched):
    fresh, _ = planted_fresh(tmp_path, reserve_fetched)
    assert sfd._index(fresh)["stem"].tolist() == ["a-round", "b-round"]
    assert [r["stem"] for r in mf.index_rows(fresh)] == ["a-round", "b-round"]


def test_reserve_index_takes_the_committed_metadata_of_all_eight(tmp_path):
    fresh, documents = planted_fresh(tmp_path, reserve_fetched=False)
    index = sfd.reserve_index(fresh, documents)
    assert index["stem"].tolist() == list(sfd.RESERVE)
    assert [sfd.split_of(v, "d") for v in index["org_in_corpus"]] == ["heldout_d", "fresh_known_d"] + ["heldout_d"] * 6
    manifest = sfd.manifest_of(index)
    assert manifest.loc[1, "organisation"] == "Norsk Kommunedirektørforum"  # the corpus spelling of a known one
    assert manifest.loc[3, "date"] == "2026-06-07"
    (fresh / "docs" / f"{sfd.RESERVE[5]}.md").unlink()
    with pytest.raises(ValueError, match="1 reserve texts not in"):
        sfd.reserve_index(fresh, documents)


def test_split_names_of_each_round():
    assert [sfd.split_of(v) for v in ("no", "yes")] == ["fresh", "fresh_known"]
    assert [sfd.split_of(v, "d") for v in ("no", "yes", " Yes ")] == ["heldout_d", "fresh_known_d", "fresh_known_d"]


def test_conversion_tail_is_cut_at_its_line():
    text = "Til utvalget\n\nVi ber om mer.\nHilsen Drammen\n\n## THE SCIENCE OF CLIMATE CHANGE\n\nThe climate is …\n"
    assert sfd.drop_conversion_tail(text) == "Til utvalget\n\nVi ber om mer.\nHilsen Drammen\n"
    assert sfd.drop_conversion_tail("Vi ber om mer.\n") == "Vi ber om mer.\n"


def test_reserve_sheet_is_blind_shuffled_and_halved():
    sample = units({("heldout_d", "flagged"): 5, ("heldout_d", "unflagged_no_cue"): 4, ("fresh_known_d", "flagged"): 2})
    for column in ("organisation", "file", "heading", "context", "is_item", "is_heading", "previous", "next",
                   "doc_id", "position"):
        sample[column] = ""
    sheet, key = sfd.reserve_sheet(sample)
    assert list(sheet.columns) == list(sfd.SHEET_COLUMNS)  # no split, stratum, rule or score
    assert sheet["id"].tolist() == [f"d-{i:03d}" for i in range(11)]
    assert sorted(sheet["sentence"]) == sorted(sample["sentence"])
    assert sheet["sentence"].tolist() != sample["sentence"].tolist()  # shuffled: the strata are not in blocks
    assert key.set_index("id").loc[sheet["id"], "sentence"].tolist() == sheet["sentence"].tolist()
    assert sfd.reserve_sheet(sample)[0].equals(sheet)
    first, second = sfd.halves(sheet)
    assert (len(first), len(second)) == (6, 5) and pd.concat([first, second], ignore_index=True).equals(sheet)


def test_reserve_join_needs_every_unit_labelled_once(tmp_path):
    sample = units({("heldout_d", "flagged"): 3, ("fresh_known_d", "unflagged_cue"): 2})
    for column in ("organisation", "file", "heading", "context", "is_item", "is_heading", "previous", "next"):
        sample[column] = "x"
    _, key = sfd.reserve_sheet(sample)
    key.to_csv(tmp_path / "key_d.csv", index=False)
    ids = key["id"].tolist()

    def labels(name, pairs):
        pd.DataFrame(pairs, columns=["id", "label"]).to_csv(tmp_path / name, index=False)
        return tmp_path / name

    one = labels("1.csv", [(ids[0], "demand"), (ids[1], "Soft"), (ids[2], "no")])
    two = labels("2.csv", [(ids[3], "borderline"), (ids[4], "no")])
    rows = sfd.join_reserve(tmp_path, [one, two])
    assert list(rows.columns) == list(sfd.COLUMNS)
    by_sentence = dict(zip(rows["sentence"], zip(rows["split"], rows["stratum"], rows["label"])))
    assert by_sentence[key.loc[1, "sentence"]] == (key.loc[1, "split"], key.loc[1, "stratum"], "soft")
    assert sorted(rows["split"]) == ["fresh_known_d"] * 2 + ["heldout_d"] * 3
    with pytest.raises(ValueError, match="2 units not labelled"):
        sfd.join_reserve(tmp_path, [one])
    with pytest.raises(ValueError, match="labelled twice"):
        sfd.join_reserve(tmp_path, [one, two, labels("3.csv", [(ids[4], "no")])])
    with pytest.raises(ValueError, match="unknown labels"):
        sfd.join_reserve(tmp_path, [one, labels("4.csv", [(ids[3], "maybe"), (ids[4], "no")])])
    with pytest.raises(ValueError, match="not on the sheet"):
        sfd.join_reserve(tmp_path, [one, two, labels("5.csv", [("d-999", "no")])])


def test_metadata_reserve_rows_come_from_the_committed_metadata(tmp_path):
    fresh, _ = planted_fresh(tmp_path, reserve_fetched=False)
    rows = mf.index_rows(fresh, reserve=True)  # the project's fresh_documents.csv, not the planted INDEX.csv
    assert [r["stem"] for r in rows] == list(sfd.RESERVE)
    committed = pd.read_csv(PROJECT_ROOT / "data" / "eval" / "fresh_documents.csv", dtype=str, keep_default_na=False)
    assert [r["organisation"] for r in rows] == committed.set_index("stem").loc[list(sfd.RESERVE), "organisation"].tolist()
    assert mf.RESERVE_OUT.name == "metadata_reserve.csv" and mf.RESERVE_OUT != mf.OUT
    # part D's errors were read and rules changed (2026-12-06): runs write tuning figures apart from the clean file
    assert mf.RESERVE_AFTER.name == "metadata_reserve_after.csv" and mf.RESERVE_AFTER not in (mf.RESERVE_OUT, mf.OUT)


def test_the_clean_reserve_measurement_is_never_overwritten(monkeypatch, tmp_path):
    (tmp_path / "docs").mkdir()
    monkeypatch.setattr("sys.argv", ["metadata_fresh", "--reserve", "--fresh", str(tmp_path), "--out", str(mf.RESERVE_OUT)])
    before = mf.RESERVE_OUT.read_bytes()
    with pytest.raises(SystemExit):
        mf.main()
    assert mf.RESERVE_OUT.read_bytes() == before


def test_metadata_reserve_measures_all_eight_or_nothing(tmp_path):
    fresh, _ = planted_fresh(tmp_path, reserve_fetched=True)
    results = mf.measure(fresh, reserve=True)
    assert {r["stem"] for r in results} == set(sfd.RESERVE)
    assert {r["field"] for r in results if r["stem"] == sfd.RESERVE[0]} == {
        "organisation", "no_date_invented", "year", "title", "doc_type"}
    (fresh / "docs" / f"{sfd.RESERVE[2]}.md").unlink()
    with pytest.raises(ValueError, match="1 reserve texts not in"):
        mf.measure(fresh, reserve=True)


def test_affiliated_is_read_anywhere_in_the_note():
    """The reserve's notes start with "Not fetched (budget)." and say "AFFILIATED:" later (Audioplus, NHO): they are
    affiliated as the 28 whose notes start with it; the 28's marks are unchanged."""
    assert mf.affiliated("AFFILIATED: written jointly by deputy directors of all four RHFs")
    assert mf.affiliated("Not fetched (budget). Read in full. AFFILIATED: corpus has 'NHO Geneo'")
    assert not mf.affiliated("Not fetched (budget). Read in full. Corpus has other pharma firms")
    documents = pd.read_csv(PROJECT_ROOT / "data" / "eval" / "fresh_documents.csv", dtype=str, keep_default_na=False)
    reserve = documents["stem"].isin(sfd.RESERVE)
    assert documents.loc[~reserve, "note"].map(mf.affiliated).tolist() == \
        documents.loc[~reserve, "note"].str.startswith("AFFILIATED:").tolist()
    assert documents.loc[reserve & documents["note"].map(mf.affiliated), "stem"].tolist() == [
        "2026-01-Framtidens-horselsomsorg-Audioplus-Norge-AS-Jorid-Lokken", "2026-01-Innspill-til-Helsereformutvalget-fra-NHO"]
