"""Part E's demands (data/eval/README.md, "Fifth round (2026-12-06): part E"): a census of every demand unit the build
makes from the body passages of part E (bench/sample_fresh_demands.py draw-e), drawn only on the rules frozen at
6a7f638, on one shuffled blind sheet with the key apart. Planted builds and planted git histories only; no part-E
text is read here."""
from __future__ import annotations

import shutil
import subprocess

import pandas as pd
import pytest

from bench import sample_fresh_demands as sfd
from pipeline.config import PROJECT_ROOT


def _units(sizes: dict[tuple[str, str], int]) -> pd.DataFrame:
    """Planted units: sizes[(split, stratum)] each, every sentence naming its split, stratum and number."""
    rows = [{"split": split, "stratum": stratum, "sentence": f"{split} {stratum} {i}"}
            for (split, stratum), n in sizes.items() for i in range(n)]
    frame = pd.DataFrame(rows)
    for column in ("organisation", "file", "heading", "context", "is_item", "is_heading", "previous", "next", "doc_id",
                   "position"):
        frame[column] = ""
    return frame


def test_part_e_constants_follow_the_design():
    from bench import part_e

    assert sfd.SEED_E == 20261218 and sfd.SPLITS_E == ("heldout_e", "fresh_known_e")
    assert sfd.FROZEN_COMMIT_E == "6a7f638" and sfd.FROZEN_E is part_e.FROZEN_E  # one list for passages and units
    assert {"data/themes.toml", "data/codebook.md", "pipeline/demands.py", "pipeline/demands_model.py",
            "pipeline/segment.py", "pipeline/sentences.py", "pipeline/extract.py", "pipeline/clean.py"} <= set(sfd.FROZEN_E)
    assert all((PROJECT_ROOT / path).exists() for path in sfd.FROZEN_E)


def _git(repo, *args):
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@t", "PATH": "/usr/bin:/bin", "HOME": str(repo)})
    return subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_freeze_check_sees_committed_and_uncommitted_changes_of_rule_files_only(tmp_path):
    """bench.part_e.frozen_changes, which draw-e runs first, on a planted history: a changed report file is allowed,
    a rule file changed in the working tree or in a commit is named, an unknown commit is an error."""
    from bench import part_e

    repo = tmp_path / "repo"
    (repo / "pipeline").mkdir(parents=True)
    (repo / "pipeline" / "demands.py").write_text("RULE = 1\n", encoding="utf-8")
    (repo / "pipeline" / "evaluation.py").write_text("REPORT = 1\n", encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    frozen = _git(repo, "commit", "-q", "-m", "frozen")
    files = ("pipeline/demands.py",)
    assert part_e.frozen_changes(repo, frozen, files) == []
    (repo / "pipeline" / "evaluation.py").write_text("REPORT = 2\n", encoding="utf-8")  # report code may change
    _git(repo, "commit", "-qam", "report")
    assert part_e.frozen_changes(repo, frozen, files) == []
    (repo / "pipeline" / "demands.py").write_text("RULE = 2\n", encoding="utf-8")  # uncommitted
    assert part_e.frozen_changes(repo, frozen, files) == ["pipeline/demands.py"]
    _git(repo, "commit", "-qam", "rule")  # committed
    assert part_e.frozen_changes(repo, frozen, files) == ["pipeline/demands.py"]
    with pytest.raises(RuntimeError, match="cannot compare"):
        part_e.frozen_changes(repo, "0" * 40, files)


def test_part_e_documents_come_from_the_index(tmp_path):
    pd.DataFrame({"doc_id": ["a", "b", "c"], "stem": ["A", "B", "C"], "organisation": ["Org A", "Org B", "Org C"],
                  "split": ["heldout_e", "fresh_known_e", "heldout_e"], "url": ["https://a.no/x", "", ""],
                  "note": ["", "", "AFFILIATED: a faculty of a corpus university"]}
                 ).to_csv(tmp_path / "fresh_index.csv", index=False)
    documents = sfd.part_e_documents(tmp_path)
    assert documents["split"].tolist() == ["heldout_e", "fresh_known_e", "heldout_e"]
    assert documents["file"].tolist() == ["https://a.no/x", "B.md", "C.md"]  # the page address where there is one
    assert documents["affiliated"].tolist() == [False, False, True]
    pd.DataFrame({"doc_id": ["a", "b"], "organisation": ["A", "B"], "org_in_corpus": ["no", "yes"],
                  "affiliated": ["yes", ""]}).to_csv(tmp_path / "fresh_index.csv", index=False)
    documents = sfd.part_e_documents(tmp_path)  # no split column: from org_in_corpus
    assert documents["split"].tolist() == ["heldout_e", "fresh_known_e"] and documents["affiliated"].tolist() == [True, False]
    assert documents["file"].tolist() == ["a", "b"]
    pd.DataFrame({"doc_id": ["a"], "organisation": ["A"], "split": ["heldout_d"]}).to_csv(tmp_path / "fresh_index.csv",
                                                                                            index=False)
    with pytest.raises(ValueError, match="part E has only"):
        sfd.part_e_documents(tmp_path)


def test_census_sheet_is_every_unit_shuffled_blind_and_halved():
    units = _units({("heldout_e", "flagged"): 4, ("heldout_e", "unflagged_no_cue"): 5, ("fresh_known_e", "unflagged_cue"): 3})
    sheet, key = sfd.census_sheet(units)
    assert list(sheet.columns) == list(sfd.SHEET_COLUMNS)  # no split, stratum, rule or score
    assert sheet["id"].tolist() == [f"de-{i:03d}" for i in range(12)]
    assert sorted(sheet["sentence"]) == sorted(units["sentence"])  # a census: every unit, once
    assert sheet["sentence"].tolist() != units["sentence"].tolist()  # shuffled: strata and splits are not in blocks
    assert key.set_index("id").loc[sheet["id"], "sentence"].tolist() == sheet["sentence"].tolist()
    assert {"split", "stratum"} <= set(key.columns)
    assert sfd.census_sheet(units)[0].equals(sheet)  # the seed fixes the order
    assert not sfd.census_sheet(units, sfd.SEED_E + 1)[0]["sentence"].equals(sheet["sentence"])
    first, second = sfd.halves(sheet)
    assert (len(first), len(second)) == (6, 6)
    big, _ = sfd.census_sheet(_units({("heldout_e", "flagged"): 1001}))
    assert big["id"].iloc[0] == "de-0000" and big["id"].iloc[-1] == "de-1000"  # ids keep one width (sort = sheet order)


def test_census_populations_are_the_units_of_each_stratum():
    units = _units({("heldout_e", "flagged"): 4, ("heldout_e", "unflagged_no_cue"): 5, ("fresh_known_e", "unflagged_cue"): 3})
    strata = sfd.census_populations(units)
    assert list(strata.columns) == ["split", "stratum", "population", "design"]
    got = {(r.split, r.stratum): r.population for r in strata.itertuples()}
    assert got == {("fresh_known_e", "flagged"): 0, ("fresh_known_e", "unflagged_cue"): 3,
                   ("fresh_known_e", "unflagged_no_cue"): 0, ("heldout_e", "flagged"): 4,
                   ("heldout_e", "unflagged_cue"): 0, ("heldout_e", "unflagged_no_cue"): 5}
    assert set(strata["design"]) == {"census"}


#: A planted build of two part-E documents: a demand, a cue sentence that is no demand, plain sentences, a heading.
PASSAGES = [
    ("n", "n1", "Vi mener at departementet må sikre flere praksisplasser for studentene.", "Praksis"),
    ("n", "n2", "Utdanningen har i dag tre hovedretninger med ulike opptakskrav.", "Praksis"),
    ("k", "k1", "Fakultetet har lang erfaring med veiledning av studenter i kommunene.", ""),
    ("k", "k2", "Det er viktig å se helheten i tjenestene.", ""),
]


def _planted_build(data):
    (data / "processed").mkdir(parents=True)
    pd.DataFrame([{"doc_id": d, "passage_id": p, "text": t, "section_title": s, "kind": "body"}
                  for d, p, t, s in PASSAGES] +
                 [{"doc_id": "n", "passage_id": "n0", "text": "Side 1 av 2", "section_title": "", "kind": "footer"}]
                 ).to_parquet(data / "processed" / "passages.parquet")
    pd.DataFrame({"doc_id": ["k", "n"], "organisation": ["Kjent universitet", "Ny høgskole"]}).to_parquet(
        data / "processed" / "documents.parquet")
    pd.DataFrame({"doc_id": ["k", "n"], "stem": ["e01-k", "e02-n"], "organisation": ["Kjent universitet", "Ny høgskole"],
                  "split": ["fresh_known_e", "heldout_e"], "url": ["https://k.no/svar", "https://n.no/svar"],
                  "note": ["", "AFFILIATED: planted"]}).to_csv(data / "fresh_index.csv", index=False)


def test_draw_census_writes_the_sheet_halves_key_and_populations(tmp_path, monkeypatch):
    data, out = tmp_path / "data", tmp_path / "out"
    _planted_build(data)
    checked = []
    monkeypatch.setattr(sfd.part_e, "check_frozen", lambda data, root, part: checked.append(data))  # planted: no git
    key = sfd.draw_census(data, out)
    assert checked == [data]
    from pipeline import demands
    from pipeline.sentences import document_units

    expected = sum(len(document_units([(p, t, s) for d, p, t, s in PASSAGES if d == doc])) for doc in ("k", "n"))
    assert len(key) == expected == 5  # four sentences and the heading "Praksis"; the footer is not analysed
    sheet = pd.read_csv(out / "sheet_e.csv", keep_default_na=False)
    assert list(sheet.columns) == list(sfd.SHEET_COLUMNS) and len(sheet) == expected
    halves = [pd.read_csv(out / f"sheet_e-{n}.csv", keep_default_na=False) for n in (1, 2)]
    assert pd.concat(halves, ignore_index=True).equals(sheet)
    saved = pd.read_csv(out / "key_e.csv", keep_default_na=False)
    assert saved["id"].tolist() == sheet["id"].tolist()
    assert dict(zip(saved["organisation"], saved["split"])) == {"Kjent universitet": "fresh_known_e",
                                                                "Ny høgskole": "heldout_e"}
    assert dict(zip(saved["organisation"], saved["affiliated"])) == {"Kjent universitet": False, "Ny høgskole": True}
    assert set(saved["file"]) == {"https://k.no/svar", "https://n.no/svar"}
    demand = saved.loc[saved["sentence"].str.startswith("Vi mener at departementet")].iloc[0]
    assert demand["stratum"] == "flagged"
    assert demands.detect_units(document_units([("n1", PASSAGES[0][2], "")]), "Ny høgskole")[0] is not None
    strata = pd.read_csv(out / "strata_e.csv")
    assert strata["population"].sum() == expected and set(strata["design"]) == {"census"}
    counted = saved.groupby(["split", "stratum"]).size()
    for row in strata.itertuples():
        assert row.population == counted.get((row.split, row.stratum), 0)
    assert sfd.draw_census(data, tmp_path / "again")["id"].tolist() == key["id"].tolist()


def test_draw_census_refuses_on_changed_rules(tmp_path, monkeypatch):
    data = tmp_path / "data"
    _planted_build(data)
    monkeypatch.setattr(sfd.part_e, "frozen_changes", lambda *args: ["pipeline/demands.py"])
    with pytest.raises(RuntimeError, match="rules not frozen at 6a7f638"):
        sfd.draw_census(data, tmp_path / "out")
    assert not (tmp_path / "out").exists()


# --- join-e and measure-e ---------------------------------------------------------------------------------------------


def _census_rows() -> pd.DataFrame:
    """A planted census of part E laid out like demands.csv: heldout_e with two organisations (E2's document
    AFFILIATED), strata of unequal sizes, and fresh_known_e. Every rules verdict is known by construction (the planted
    set of test_demands_model: "Regjeringen må bevilge …" is a demand to the rules, "Det er viktig at … snarest
    bevilger" is soft, "Pasientene … må ofte vente" is nothing)."""
    rows = []

    def add(organisation, file, split, stratum, sentence, label):
        rows.append({"organisation": organisation, "file": file, "sentence": sentence, "context": "", "heading": "",
                     "is_item": False, "is_heading": False, "label": label, "stratum": stratum, "split": split})

    e1, e2 = ("Org E1", "https://e1.no/svar", "heldout_e"), ("Org E2", "https://e2.no/svar", "heldout_e")
    for k in range(3):
        add(*e1, "flagged", f"Regjeringen må bevilge midler til nytt tiltak {k} i Nordby.", "demand")
    add(*e2, "flagged", "Regjeringen må bevilge midler til tiltak 999 i Sørvik.", "no")
    add(*e1, "flagged", "Regjeringen må bevilge midler til tiltak 998 i Nordby.", "borderline")
    add(*e1, "unflagged_cue", "Det er viktig at regjeringen snarest bevilger midler til nytt tiltak 7 i Nordby.", "demand")
    add(*e2, "unflagged_cue", "Det er viktig at regjeringen snarest bevilger midler til nytt tiltak 8 i Sørvik.", "demand")
    for k in range(2):
        add(*e1, "unflagged_no_cue", f"Pasientene i Nordby må ofte vente på nytt tiltak {k}.", "no")
    known = ("Org F", "https://f.no/svar", "fresh_known_e")
    add(*known, "flagged", "Regjeringen må bevilge midler til nytt tiltak 5 i Østli.", "demand")
    add(*known, "unflagged_no_cue", "Pasientene i Østli må ofte vente på nytt tiltak 6.", "no")
    return pd.DataFrame(rows)


def _eval_dir(tmp_path):
    """An eval folder with the planted dev/held-out set of test_demands_model (sample design) and no part E yet."""
    from tests.pipeline.test_demands_model import planted

    labelled, strata = planted()
    eval_dir = tmp_path / "eval"
    eval_dir.mkdir()
    labelled.to_csv(eval_dir / "demands.csv", index=False)
    strata.to_csv(eval_dir / "demands_strata.csv", index=False)
    return eval_dir


def _key(tmp_path, rows):
    """key_e.csv and strata_e.csv of a draw of the planted census (ids as draw-e gives them)."""
    units = rows.drop(columns="label").assign(previous="", next="", doc_id=rows["organisation"], position=0,
                                              affiliated=rows["organisation"] == "Org E2")
    _, key = sfd.census_sheet(units)
    out = tmp_path / "draw"
    out.mkdir()
    key.to_csv(out / "key_e.csv", index=False)
    sfd.census_populations(units).to_csv(out / "strata_e.csv", index=False)
    return out, key


def _labels(tmp_path, key, rows, ids, name):
    label_of = dict(zip(rows["sentence"], rows["label"]))
    pd.DataFrame({"id": ids, "label": [label_of[s] for s in key.set_index("id").loc[ids, "sentence"]]}).to_csv(
        tmp_path / name, index=False)
    return tmp_path / name


def test_join_e_appends_the_census_once_and_keeps_the_existing_lines(tmp_path):
    rows = _census_rows()
    out, key = _key(tmp_path, rows)
    first, second = sfd.halves(key)
    one = _labels(tmp_path, key, rows, first["id"].tolist(), "1.csv")
    two = _labels(tmp_path, key, rows, second["id"].tolist(), "2.csv")
    joined, strata = sfd.join_census(out, [one, two])
    assert list(joined.columns) == list(sfd.COLUMNS) and len(joined) == len(rows)
    assert sorted(map(tuple, joined[["sentence", "label", "stratum", "split"]].to_numpy())) == sorted(
        map(tuple, rows[["sentence", "label", "stratum", "split"]].to_numpy()))
    eval_dir = _eval_dir(tmp_path)
    before = (eval_dir / "demands.csv").read_bytes()
    sfd.append_census(eval_dir, joined, strata)
    after = (eval_dir / "demands.csv").read_bytes()
    assert after.startswith(before)  # existing lines untouched
    saved = pd.read_csv(eval_dir / "demands_strata.csv")
    assert set(saved.loc[saved["split"].isin(sfd.SPLITS_E), "design"]) == {"census"}
    assert set(saved.loc[~saved["split"].isin(sfd.SPLITS_E), "design"]) == {"sample"}
    with pytest.raises(ValueError, match="joined once"):
        sfd.append_census(eval_dir, joined, strata)
    with pytest.raises(ValueError, match="units not labelled"):
        sfd.join_census(out, [one])
    wrong = strata.assign(population=strata["population"] + 1)
    wrong.to_csv(out / "strata_e.csv", index=False)
    with pytest.raises(ValueError, match="census strata"):
        sfd.join_census(out, [one, two])


def test_a_census_is_measured_unweighted_by_the_build_s_weighted_measure(tmp_path, monkeypatch):
    """Worked by hand on the planted census (borderline left out): heldout_e's rules flag the four "Regjeringen må"
    units, three of them demands: P = 3/4; of the five demands they find those three: R = 3/5; every weight is 1,
    so the intervals are Wilson on n = 4 and n = 5. Without the AFFILIATED document of Org E2: P = 3/3, R = 3/4.
    fresh_known_e: P 1/1, R 1/1. The re-scorer learns only from the dev rows."""
    from pipeline import demands, demands_model as dm

    rows = _census_rows()
    eval_dir = _eval_dir(tmp_path)
    sfd.append_census(eval_dir, rows, sfd.census_populations(rows))
    weights = demands.stratum_weights(pd.read_csv(eval_dir / "demands.csv"), pd.read_csv(eval_dir / "demands_strata.csv"))
    labelled = pd.read_csv(eval_dir / "demands.csv")
    assert (weights[labelled["split"].isin(sfd.SPLITS_E)] == 1.0).all()
    part_e = set(rows["sentence"])
    trained_on: list[set[str]] = []
    real_fit = dm.fit

    def spy_fit(candidates, labels, weights=None):
        trained_on.append({c.sentence for c in candidates})
        return real_fit(candidates, labels, weights)

    monkeypatch.setattr(dm, "fit", spy_fit)
    figures = sfd.measure_census(eval_dir, {"https://e2.no/svar"})
    assert trained_on and not any(sentences & part_e for sentences in trained_on)
    by = figures.set_index(["split", "method"])
    assert set(figures["split"]) == set(sfd.E_REPORT_SPLITS)
    for split, (tp, flagged, positive), counts in (
            ("heldout_e", (3, 4, 5), (8, 1, 2)), ("heldout_e_unaffiliated", (3, 3, 4), (6, 1, 1)),
            ("fresh_known_e", (1, 1, 1), (2, 0, 1))):
        rules = by.loc[(split, "rules")]
        assert rules["precision"] == pytest.approx(tp / flagged) and rules["recall"] == pytest.approx(tp / positive)
        assert (rules["precision_low"], rules["precision_high"]) == pytest.approx(demands.wilson(tp / flagged, flagged))
        assert (rules["recall_low"], rules["recall_high"]) == pytest.approx(demands.wilson(tp / positive, positive))
        assert (rules["n_flagged"], rules["n_demands"]) == (flagged, positive)
        assert (rules["n_labelled"], rules["n_borderline"], rules["n_organisations"]) == counts
    # the re-scorer learnt from the dev rows that "Det er viktig at … snarest bevilger" is a demand
    assert by.loc[("heldout_e", "rescorer"), "recall"] == pytest.approx(1.0)
    assert by.loc[("heldout_e", "rescorer"), "precision"] == pytest.approx(5 / 6)


def test_affiliated_files_from_the_key_or_the_index(tmp_path):
    rows = _census_rows()
    out, _ = _key(tmp_path, rows)
    assert sfd.affiliated_files(out / "key_e.csv") == {"https://e2.no/svar"}
    data = tmp_path / "data"
    _planted_build(data)
    assert sfd.affiliated_files(data) == {"https://n.no/svar"}
    pd.DataFrame({"file": ["a.md", "b.md"], "note": ["AFFILIATED: x", ""]}).to_csv(tmp_path / "docs.csv", index=False)
    assert sfd.affiliated_files(tmp_path / "docs.csv") == {"a.md"}
    pd.DataFrame({"slug": ["a", "b"], "url": ["https://a.no", "https://b.no"], "affiliated": ["", "yes"]}).to_csv(
        tmp_path / "part_e_documents.csv", index=False)  # the committed list of part E's pages
    assert sfd.affiliated_files(tmp_path / "part_e_documents.csv") == {"https://b.no"}


def test_the_shipped_part_e_rows_are_a_census_when_they_exist():
    """Before part E is joined there are no heldout_e / fresh_known_e rows and no census strata; once joined, every
    census stratum's population is its labelled units (weights 1), the part-E organisations are no dev or held-out
    organisation, and the figures the build shows are the plain counts."""
    from pipeline import demands

    eval_dir = PROJECT_ROOT / "data" / "eval"
    labelled = pd.read_csv(eval_dir / "demands.csv", dtype={"sentence": str, "context": str, "heading": str})
    strata = pd.read_csv(eval_dir / "demands_strata.csv")
    assert set(strata["design"]) <= set(sfd.DESIGNS)
    census = set(strata.loc[strata["design"] == "census", "split"])
    census_splits = {split for part in sfd.part_e.PARTS.values() for split in part.splits}  # parts E and F
    assert census == set(labelled["split"]) & census_splits  # the census parts' splits are a census, nothing else is
    sfd.check_census(labelled, strata)
    if not census:
        assert not set(labelled["split"]) & census_splits
        return
    part_e = labelled.loc[labelled["split"].isin(census)]
    assert not set(part_e.loc[part_e["split"].str.startswith("heldout_"), "organisation"]) & set(
        labelled.loc[labelled["split"].isin({"dev", "heldout"}), "organisation"])
    figures = demands.evaluate(labelled, strata).set_index("split")
    for split in census:
        kept = part_e.loc[(part_e["split"] == split) & (part_e["label"] != "borderline")]
        predicted = [(d is not None and d.kind == demands.DEMAND)
                     for d in map(demands.detect_labelled, kept.itertuples(index=False))]
        truth = (kept["label"] == "demand").tolist()
        hits = sum(p and t for p, t in zip(predicted, truth))
        if sum(predicted):
            assert figures.loc[split, "precision"] == pytest.approx(hits / sum(predicted))
        if sum(truth):
            assert figures.loc[split, "recall"] == pytest.approx(hits / sum(truth))


def test_join_e_and_measure_e_commands(tmp_path, capsys):
    rows = _census_rows()
    out, key = _key(tmp_path, rows)
    first, second = sfd.halves(key)
    one = _labels(tmp_path, key, rows, first["id"].tolist(), "1.csv")
    two = _labels(tmp_path, key, rows, second["id"].tolist(), "2.csv")
    eval_dir = _eval_dir(tmp_path)
    assert sfd.main(["join-e", str(out), str(one), "--append", str(eval_dir), str(two)]) == 0
    assert (pd.read_csv(eval_dir / "demands.csv")["split"].isin(sfd.SPLITS_E)).sum() == len(rows)
    assert len(pd.read_csv(out / "labelled_e.csv")) == len(rows)
    assert sfd.main(["measure-e", str(eval_dir), str(out / "key_e.csv")]) == 0
    printed = capsys.readouterr().out
    assert "1 AFFILIATED documents" in printed and "heldout_e_unaffiliated" in printed


# --- part F: the same census with its own settings -------------------------------------------------------------------


def test_part_e_s_demand_settings_are_those_of_before_and_part_f_has_its_own():
    e, f = sfd.part_e.PART_E, sfd.part_e.PART_F
    assert (e.demand_seed, sfd.SEED_E, sfd.E_REPORT_SPLITS) == (
        20261218, 20261218, ("heldout_e", "heldout_e_unaffiliated", "fresh_known_e"))
    assert sfd.report_splits(f) == ("heldout_f", "heldout_f_unaffiliated", "fresh_known_f")
    assert (f.demand_seed, f.frozen_commit, f.frozen) == (20261219, "a339991", sfd.FROZEN_E)
    assert sfd.ROUND_SPLITS["f"] == f.splits and sfd.part_e_documents is sfd.part_documents


def _planted_f(data):
    """_planted_build as part F's: its splits heldout_f / fresh_known_f."""
    _planted_build(data)
    index = pd.read_csv(data / "fresh_index.csv", dtype=str, keep_default_na=False)
    index.assign(split=index["split"].str.replace("_e", "_f")).to_csv(data / "fresh_index.csv", index=False)


def test_draw_f_writes_part_f_s_sheet_key_and_strata_checked_at_its_commit(tmp_path, monkeypatch, capsys):
    data, out = tmp_path / "data", tmp_path / "out"
    _planted_f(data)
    checked = []
    monkeypatch.setattr(sfd.part_e, "check_frozen", lambda data, root, part: checked.append(part.frozen_commit))
    assert sfd.main(["draw-f", str(data), str(out)]) == 0
    assert checked == ["a339991"]
    sheet = pd.read_csv(out / "sheet_f.csv", keep_default_na=False)
    assert sheet["id"].tolist() == [f"df-{i:03d}" for i in range(5)] and list(sheet.columns) == list(sfd.SHEET_COLUMNS)
    assert all((out / name).exists() for name in ("sheet_f-1.csv", "sheet_f-2.csv", "key_f.csv", "strata_f.csv"))
    key = pd.read_csv(out / "key_f.csv", keep_default_na=False)
    assert set(key["split"]) == {"heldout_f", "fresh_known_f"}
    assert set(pd.read_csv(out / "strata_f.csv")["design"]) == {"census"}
    with pytest.raises(ValueError, match="part E has only"):
        sfd.draw_census(data, tmp_path / "e")  # part E's draw refuses part F's documents
    monkeypatch.undo()
    monkeypatch.setattr(sfd.part_e, "frozen_changes", lambda *args: ["pipeline/demands.py"])
    with pytest.raises(RuntimeError, match="rules not frozen at a339991"):
        sfd.main(["draw", str(data), str(tmp_path / "refused"), "--part", "f"])


def test_join_f_and_measure_f_commands(tmp_path, capsys):
    rows = _census_rows()
    rows = rows.assign(split=rows["split"].str.replace("_e", "_f"))
    units = rows.drop(columns="label").assign(previous="", next="", doc_id=rows["organisation"], position=0,
                                              affiliated=rows["organisation"] == "Org E2")
    _, key = sfd.census_sheet(units, sfd.part_e.PART_F.demand_seed, "df")
    out = tmp_path / "draw"
    out.mkdir()
    key.to_csv(out / "key_f.csv", index=False)
    sfd.census_populations(units).to_csv(out / "strata_f.csv", index=False)
    first, second = sfd.halves(key)
    one = _labels(tmp_path, key, rows, first["id"].tolist(), "1.csv")
    two = _labels(tmp_path, key, rows, second["id"].tolist(), "2.csv")
    eval_dir = _eval_dir(tmp_path)
    assert sfd.main(["join-f", str(out), str(one), "--append", str(eval_dir), str(two)]) == 0
    assert (pd.read_csv(eval_dir / "demands.csv")["split"].isin(sfd.part_e.PART_F.splits)).sum() == len(rows)
    assert len(pd.read_csv(out / "labelled_f.csv")) == len(rows)
    assert sfd.main(["measure", str(eval_dir), str(out / "key_f.csv"), "--part", "f"]) == 0
    printed = capsys.readouterr().out
    assert "1 AFFILIATED documents left out of heldout_f_unaffiliated" in printed
    # the figures worked by hand for part E's planted census (test above) hold for part F's splits
    figures = sfd.measure_census(eval_dir, {"https://e2.no/svar"}, sfd.part_e.PART_F).set_index(["split", "method"])
    assert set(figures.index.get_level_values(0)) == set(sfd.report_splits(sfd.part_e.PART_F))
    assert figures.loc[("heldout_f", "rules"), "precision"] == pytest.approx(3 / 4)
    assert figures.loc[("heldout_f_unaffiliated", "rules"), "recall"] == pytest.approx(3 / 4)
    with pytest.raises(ValueError, match="joined once"):
        sfd.main(["join-f", str(out), str(one), str(two), "--append", str(eval_dir)])
