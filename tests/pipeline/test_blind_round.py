"""bench/blind_round.py: the next clean round's prepare, draw and score. Planted outputs whose P/R are worked out by
hand below; a planted round on two seed documents (data/raw) built by the real pipeline; blindness of the sheets; the
refusal when a rule file changed; the census/stratified switch. (The earlier rounds' own outputs stay pinned by
test_sample_fresh_eval, test_fresh_reserve, test_part_e and test_part_e_demands.)"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bench import blind_round as br
from bench import part_e
from bench import sample_fresh_demands as sfd
from bench import sample_fresh_eval as sfe
from tests.pipeline.test_sample_fresh_eval import _planted_passages

ROOT = Path(__file__).resolve().parents[2]
HELD, KNOWN = br.SPLITS
NITO = "2022_nito_budsjettinnspill-2023-helse.txt"
TEKNA = "2025_tekna_budsjettinnspill-helse-2026.txt"
STRATA_NAMES = {"census", "fresh_random", "fresh_tagged_named", "fresh_tagged", "fresh_broad_pp", "fresh_broad_dc",
                "flagged", "unflagged_cue", "unflagged_no_cue", HELD, KNOWN}


# --- planted outputs: figures by hand ----------------------------------------------------------------------------------


def _theme_key(rows) -> pd.DataFrame:
    """key_themes.csv rows from (sheet_id, split, stratum, tags)."""
    return pd.DataFrame([{"sheet_id": i, "passage_id": f"p{n}", "doc_id": "d", "stem": "s", "organisation": "Org",
                          "split": split, "stratum": stratum, "tags": tags, "evidence": "", "text": f"tekst nummer {n}"}
                         for n, (i, split, stratum, tags) in enumerate(rows)])


def _demand_key(rows) -> pd.DataFrame:
    """key_demands.csv rows from (id, split, stratum, kind)."""
    return pd.DataFrame([{"id": i, "doc_id": "d", "position": n, "organisation": "Org", "file": "f.pdf",
                          "sentence": f"setning {n}", "context": "", "heading": "", "is_item": False,
                          "is_heading": False, "stratum": stratum, "split": split, "previous": "", "next": "",
                          "kind": kind, "rule": ""} for n, (i, split, stratum, kind) in enumerate(rows)])


def _planted_out(out: Path, themes: pd.DataFrame, demands: pd.DataFrame, strata: pd.DataFrame,
                 theme_design: str = "census", populations: dict | None = None) -> None:
    out.mkdir(parents=True)
    themes.to_csv(out / "key_themes.csv", index=False)
    demands.to_csv(out / "key_demands.csv", index=False)
    strata.to_csv(out / "strata_demands.csv", index=False)
    pd.Series(populations or {"passages": len(themes)}).to_csv(out / "populations_themes.csv", header=["n"])
    (out / br.DRAW_FILE).write_text(json.dumps({
        "themes": theme_design, "demands": strata["design"].iloc[0], "seed": 1,
        "passages": {"population": len(themes), "drawn": len(themes)},
        "units": {"population": int(strata["population"].sum()), "drawn": len(demands)}}), encoding="utf-8")


def _census_demands() -> tuple[pd.DataFrame, pd.DataFrame]:
    key = _demand_key([
        ("d-000", HELD, "flagged", "demand"),          # labelled demand: true positive
        ("d-001", HELD, "flagged", "demand"),          # labelled no: false positive
        ("d-002", HELD, "flagged", "soft"),            # labelled demand: missed (soft is no strict demand)
        ("d-003", HELD, "unflagged_cue", ""),          # labelled demand: missed
        ("d-004", HELD, "unflagged_no_cue", ""),       # borderline: out of the figures
        ("d-005", HELD, "flagged", "demand"),          # labelled demand: true positive
        ("d-006", KNOWN, "flagged", "demand"),         # labelled demand: true positive
    ])
    return key, sfd.census_populations(key)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_score_gives_hand_worked_figures_per_split_with_borderline_apart(tmp_path):
    out = tmp_path / "out"
    themes = _theme_key([
        ("t-000", HELD, "census", "funding"),                     # FU: true positive
        ("t-001", HELD, "census", "funding"),                     # nothing: false positive
        ("t-002", HELD, "census", ""),                            # FU: missed
        ("t-003", HELD, "census", "funding|health_technology"),   # FU ?HT: true positive, HT borderline
        ("t-004", KNOWN, "census", "funding"),                    # FU: true positive (known, apart)
        ("t-005", KNOWN, "census", ""),
    ])
    demands, strata = _census_demands()
    _planted_out(out, themes, demands, strata)
    theme_labels = _write(tmp_path / "t.txt", "t-000 FU\nt-001\nt-002 FU\nt-003 FU ?HT\nt-004 FU\nt-005\n")
    demand_labels = pd.DataFrame({"id": demands["id"], "label": ["demand", "no", "demand", "demand", "borderline",
                                                                  "demand", "demand"]})
    demand_labels.to_csv(tmp_path / "d.csv", index=False)

    table = br.theme_scores(out, [theme_labels])
    by = {(r["split"], r["theme_id"]): r for r in table.to_dict("records")}
    funding = by[(HELD, "funding")]
    # predicted t-000, t-001, t-003; about funding t-000, t-002, t-003: P = R = 2/3, Wilson 95 % [0.21, 0.94]
    assert (funding["true_positives"], funding["n_predicted"], funding["n_positive"]) == (2, 3, 3)
    assert funding["precision"] == pytest.approx(2 / 3) and funding["recall"] == pytest.approx(2 / 3)
    assert (round(funding["precision_low"], 2), round(funding["precision_high"], 2)) == (0.21, 0.94)
    # the borderline health-technology judgement is counted apart, not as a false positive
    ht = by[(HELD, "health_technology")]
    assert (ht["n_predicted"], ht["n_positive"], ht["n_borderline"]) == (0, 0, 1)
    known = by[(KNOWN, "funding")]
    assert (known["precision"], known["recall"], known["n_predicted"]) == (1.0, 1.0, 1)
    micro = by[(HELD, "(all themes)")]
    assert (micro["n"], micro["n_predicted"], micro["n_positive"], micro["true_positives"]) == (4 * 18 - 1, 3, 3, 2)

    figures = br.demand_scores(out, [tmp_path / "d.csv"]).set_index("split")
    # held out: flagged strict d-000, d-001, d-005; demands d-000, d-002, d-003, d-005: P 2/3, R 2/4 [0.15, 0.85]
    assert figures.loc[HELD, "precision"] == pytest.approx(2 / 3) and figures.loc[HELD, "recall"] == pytest.approx(0.5)
    assert (round(figures.loc[HELD, "recall_low"], 2), round(figures.loc[HELD, "recall_high"], 2)) == (0.15, 0.85)
    assert (figures.loc[HELD, "n_flagged"], figures.loc[HELD, "n_demands"], figures.loc[HELD, "n_labelled"],
            figures.loc[HELD, "n_borderline"]) == (3, 4, 5, 1)
    assert (figures.loc[KNOWN, "precision"], figures.loc[KNOWN, "recall"]) == (1.0, 1.0)

    text = br.score(out, [theme_labels], [tmp_path / "d.csv"])
    assert f"| {HELD} | funding | 0.67 [0.21–0.94] | 3 | 0.67 [0.21–0.94] | 3 |  | 0 |" in text
    assert f"| {HELD} | 0.67 [0.21–0.94] | 3 | 0.50 [0.15–0.85] | 4 | 5 | 1 | 1 |" in text


def test_score_weighs_a_stratified_draw(tmp_path):
    """Demands: flagged 4 units, 2 drawn (weight 2); unflagged without cue 20, 2 drawn (weight 10). Themes: the broad
    placement stratum holds 10 passages, 2 drawn (weight 5)."""
    out = tmp_path / "out"
    demands = _demand_key([("d-000", HELD, "flagged", "demand"), ("d-001", HELD, "flagged", "demand"),
                           ("d-002", HELD, "unflagged_no_cue", ""), ("d-003", HELD, "unflagged_no_cue", "")])
    strata = pd.DataFrame({"split": [HELD] * 3, "stratum": list(sfd.STRATA), "population": [4, 0, 20],
                           "design": "sample"})
    themes = _theme_key([("t-000", HELD, "fresh_random", "practice_placements"),
                         ("t-001", HELD, "fresh_broad_pp", ""), ("t-002", HELD, "fresh_broad_pp", "")])
    _planted_out(out, themes, demands, strata, "stratified", {"fresh_broad_pp": 10, "fresh_broad_dc": 0})
    pd.DataFrame({"id": demands["id"], "label": ["demand", "no", "demand", "no"]}).to_csv(tmp_path / "d.csv",
                                                                                          index=False)
    figures = br.demand_scores(out, [tmp_path / "d.csv"]).set_index("split")
    # P = 2 / (2 + 2) = 0.5; R = 2 / (2 + 10): the missed unflagged demand stands for 10
    assert figures.loc[HELD, "precision"] == pytest.approx(0.5)
    assert figures.loc[HELD, "recall"] == pytest.approx(2 / 12)
    labels = _write(tmp_path / "t.txt", "t-000 PP\nt-001 PP\nt-002\n")
    table = br.theme_scores(out, [labels])
    row = table.loc[(table["split"] == HELD) & (table["theme_id"] == "practice_placements")].iloc[0]
    # unweighted 1 of 2 found; weighted 1 / (1 + 5): the broad miss stands for 5
    assert row["recall"] == pytest.approx(0.5) and row["recall_weighted"] == pytest.approx(1 / 6)


def test_score_refuses_until_every_drawn_unit_is_labelled(tmp_path):
    out = tmp_path / "out"
    demands, strata = _census_demands()
    _planted_out(out, _theme_key([("t-000", HELD, "census", ""), ("t-001", HELD, "census", "")]), demands, strata)
    with pytest.raises(ValueError, match="not judged yet"):
        br.theme_scores(out, [_write(tmp_path / "t.txt", "t-000 FU\n")])
    with pytest.raises(ValueError, match="not in the key"):
        br.theme_scores(out, [_write(tmp_path / "t2.txt", "t-000\nt-001\nt-009 FU\n")])
    pd.DataFrame({"id": demands["id"][:-1], "label": "no"}).to_csv(tmp_path / "d.csv", index=False)
    with pytest.raises(ValueError, match="not labelled"):
        br.demand_scores(out, [tmp_path / "d.csv"])
    pd.DataFrame({"id": demands["id"], "label": ["no"] * (len(demands) - 1) + [" "]}).to_csv(tmp_path / "d.csv",
                                                                                           index=False)
    with pytest.raises(ValueError, match="1 units not labelled yet"):
        br.demand_scores(out, [tmp_path / "d.csv"])


# --- the census / stratified switch -------------------------------------------------------------------------------


def test_themes_are_a_census_up_to_the_limit_and_part_c_strata_above_it():
    passages = _planted_passages().assign(doc_id="d", split=HELD)
    assert len(passages) > br.THEME_CENSUS_MAX
    drawn, populations, kind = br.theme_draw(passages, 7)
    assert kind == "stratified" and set(drawn["stratum"]) <= STRATA_NAMES - {"census"}
    assert (drawn["stratum"] == "fresh_random").sum() == br.THEME_DESIGN.n_random
    expected, _ = sfe.select_strata(passages, np.random.default_rng(7), br.THEME_DESIGN)  # the same draw as part C's
    assert sorted(drawn["text"]) == sorted(passages.loc[expected != "", "text"])
    assert populations["passages"] == len(passages) and "fresh_broad_dc" in populations
    small = passages.iloc[: br.THEME_CENSUS_MAX].reset_index(drop=True)
    drawn, populations, kind = br.theme_draw(small, 7)
    assert kind == "census" and len(drawn) == len(small) and set(drawn["stratum"]) == {"census"}
    assert drawn["sheet_id"].tolist() == [f"t-{i:03d}" for i in range(len(small))]
    assert drawn["text"].tolist() != small["text"].tolist()  # shuffled


def test_demands_are_a_census_up_to_the_limit_and_stratified_samples_above_it():
    n = br.DEMAND_CENSUS_MAX + 50
    units = pd.DataFrame({"split": [HELD if i % 4 else KNOWN for i in range(n)],
                          "stratum": [sfd.STRATA[i % 3] for i in range(n)], "kind": "", "rule": "",
                          **{c: f"x{i}" for i, c in enumerate(("organisation", "file", "heading", "context", "previous",
                                                              "sentence", "next"))},
                          "is_item": False, "is_heading": False})
    units["sentence"] = [f"setning {i}" for i in range(n)]
    sheet, key, strata, kind = br.demand_draw(units, 3)
    assert kind == "sample" and set(strata["design"]) == {"sample"}
    sizes = key.groupby(["split", "stratum"]).size()
    for split, design in br.DEMAND_SAMPLE.items():
        for stratum, size in design.items():
            population = int(((units["split"] == split) & (units["stratum"] == stratum)).sum())
            assert sizes.get((split, stratum), 0) == min(size, population)
            assert strata.set_index(["split", "stratum"]).loc[(split, stratum), "population"] == population
    sheet, key, strata, kind = br.demand_draw(units.iloc[: br.DEMAND_CENSUS_MAX], 3)
    assert kind == "census" and len(key) == br.DEMAND_CENSUS_MAX and set(strata["design"]) == {"census"}
    sfd.check_census(key, strata)
    assert list(sheet.columns) == list(sfd.SHEET_COLUMNS)


# --- a planted round on two seed documents -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_round(tmp_path_factory) -> tuple[Path, Path, pd.DataFrame]:
    """Two seed documents: NITO's (metadata guessed; a known organisation) and Tekna's, named in a given manifest as
    a planted new organisation (held out); prepared, built by the real pipeline and drawn."""
    base = tmp_path_factory.mktemp("round")
    src, scratch, out = base / "src", base / "scratch", base / "out"
    src.mkdir()
    for name in (NITO, TEKNA):
        shutil.copyfile(ROOT / "data" / "raw" / name, src / name)
    pd.DataFrame([{"file": TEKNA, "organisation": "Planta forening", "year": "2025", "doc_type": "budget_input"}]
                 ).to_csv(base / "documents.csv", index=False)
    index = br.prepare(src, scratch, base / "documents.csv")
    env = {**os.environ, "HORINGSRADAR_DATA": str(scratch)}
    subprocess.run([sys.executable, "-m", "pipeline", "build", "--progress", "none"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    br.draw(scratch, out)
    return scratch, out, index


def test_prepare_copies_guesses_marked_and_splits_known_from_held_out(seed_round):
    scratch, _, index = seed_round
    rows = index.set_index("original")
    assert (rows.loc[NITO, "split"], rows.loc[NITO, "known_as"], rows.loc[NITO, "metadata"]) == (KNOWN, "NITO", "guess")
    assert "organisation" in rows.loc[NITO, "guessed"].split("|")
    assert (rows.loc[TEKNA, "split"], rows.loc[TEKNA, "organisation"]) == (HELD, "Planta forening")
    assert not {"organisation", "year", "doc_type"} & set(rows.loc[TEKNA, "guessed"].split("|"))
    manifest = pd.read_csv(scratch / "raw" / "documents.csv", dtype=str, keep_default_na=False).set_index("doc_id")
    assert manifest.loc[rows.loc[NITO, "doc_id"], "date_basis"].startswith(br.GUESSED)
    assert (scratch / "raw" / rows.loc[TEKNA, "file"]).read_bytes() == (ROOT / "data" / "raw" / TEKNA).read_bytes()
    record = json.loads((scratch / br.ROUND_FILE).read_text(encoding="utf-8"))
    assert set(record["frozen"]) == set(part_e.FROZEN_E)
    assert record["frozen"]["data/themes.toml"] == br.sha256(ROOT / "data" / "themes.toml")
    assert record["organisations"]["heldout"] == ["Planta forening"] and "NITO" in record["organisations"]["known"]
    assert "data/eval/organisation_split.csv" in record["known_sources"]
    with pytest.raises(ValueError, match="already holds a round"):
        br.prepare(scratch.parent / "src", scratch)


def test_known_organisations_come_from_every_source(tmp_path):
    known = br.known_organisations(ROOT, tmp_path / "absent.csv")
    assert known["NITO"] == "data/raw/documents.csv"
    part_e_orgs = pd.read_csv(ROOT / "data" / "eval" / "part_e_documents.csv", dtype=str)["organisation"]
    assert set(part_e_orgs) <= set(known)
    assert br.known_as("Den norske legeforening", known)[0]  # form differences: same_organisation
    assert br.known_as("Planta forening", known) == ("", "")


def test_the_sheets_are_blind_and_the_keys_hold_what_they_hide(seed_round):
    scratch, out, _ = seed_round
    record = json.loads((out / br.DRAW_FILE).read_text(encoding="utf-8"))
    assert (record["themes"], record["demands"]) == ("census", "census")  # two short documents
    themes, demands = (pd.read_csv(out / name, dtype=str, keep_default_na=False)
                       for name in ("sheet_themes.csv", "sheet_demands.csv"))
    assert list(themes.columns) == ["sheet_id", "text"] and list(demands.columns) == list(sfd.SHEET_COLUMNS)
    hidden = set(sfe.CODES.values()) | STRATA_NAMES | {"demand", "soft"}
    for sheet in (themes, demands):
        cells = {str(v) for v in sheet.drop(columns=["label", "note"], errors="ignore").to_numpy().ravel()}
        assert not any(word in cell for cell in cells for word in hidden - {"demand", "soft"})
        assert not cells & hidden
    key = pd.read_csv(out / "key_themes.csv", dtype=str, keep_default_na=False)
    assert set(key["split"]) == {HELD, KNOWN} and (key["tags"] != "").any()
    assert len(key) == len(sfe._passages(scratch, br.SPLITS))  # a census: every body passage of at least 8 words
    units = pd.read_csv(out / "key_demands.csv", dtype=str, keep_default_na=False)
    assert {"kind", "stratum", "split"} <= set(units.columns) and (units["kind"] == "demand").any()
    # the earlier rounds' units stay without the verdict columns
    plain = sfd.build_units(scratch / "processed", dict.fromkeys(units["doc_id"], HELD), {})
    assert not {"kind", "rule"} & set(plain.columns)
    # halves for two readers: together the sheet
    for name, frame in (("sheet_themes", themes), ("sheet_demands", demands)):
        halves = [pd.read_csv(out / f"{name}-{n}.csv", dtype=str, keep_default_na=False) for n in (1, 2)]
        assert pd.concat(halves, ignore_index=True).equals(frame)
    with pytest.raises(RuntimeError, match="drawn once"):
        br.draw(scratch, out)


def test_a_planted_labelling_of_the_seed_round_scores_as_worked_out(seed_round, tmp_path):
    """Labels equal to the rules' output except two planted errors per split's first theme / first demand: the first
    tagged passage's first tag is not judged (a false positive) and the first untagged passage is judged about that
    theme (a miss). With k passages tagged with it, P = R = (k - 1) / k; every other theme 1.0 where defined.
    Demands likewise: the first strict demand labelled no, the first unflagged unit labelled demand."""
    _, out, _ = seed_round
    key = pd.read_csv(out / "key_themes.csv", dtype=str, keep_default_na=False)
    code = {theme: c for c, theme in sfe.CODES.items()}
    labels = {r.sheet_id: [t for t in r.tags.split("|") if t] for r in key.itertuples()}
    planted = {}
    for split in br.SPLITS:
        rows = key.loc[key["split"] == split]
        tagged, untagged = rows.loc[rows["tags"] != ""], rows.loc[rows["tags"] == ""]
        if tagged.empty or untagged.empty:
            continue
        theme = tagged["tags"].iloc[0].split("|")[0]
        labels[tagged["sheet_id"].iloc[0]].remove(theme)
        labels[untagged["sheet_id"].iloc[0]].append(theme)
        planted[split] = (theme, int(rows["tags"].str.split("|").map(lambda t, th=theme: th in t).sum()))
    assert HELD in planted  # Tekna's text has tagged and untagged passages
    path = _write(tmp_path / "t.txt", "".join(f"{i} {' '.join(code[t] for t in ts)}\n" for i, ts in labels.items()))
    units = pd.read_csv(out / "key_demands.csv", dtype=str, keep_default_na=False)
    label = np.where(units["kind"] == "demand", "demand", "no").astype(object)
    for split in br.SPLITS:
        strict = units.index[(units["split"] == split) & (units["kind"] == "demand")]
        plain = units.index[(units["split"] == split) & (units["kind"] == "")]
        label[strict[0]], label[plain[0]] = "no", "demand"
    pd.DataFrame({"id": units["id"], "label": label}).to_csv(tmp_path / "d.csv", index=False)

    table = br.theme_scores(out, [path])
    for r in table.loc[table["theme_id"] != "(all themes)"].to_dict("records"):
        theme, k = planted.get(r["split"], (None, 0))
        if r["theme_id"] == theme:
            assert r["precision"] == pytest.approx((k - 1) / k) and r["recall"] == pytest.approx((k - 1) / k)
            assert r["n_predicted"] == r["n_positive"] == k
        else:
            assert all(pd.isna(r[f]) or r[f] == 1.0 for f in ("precision", "recall"))
    figures = br.demand_scores(out, [tmp_path / "d.csv"]).set_index("split")
    for split in br.SPLITS:
        k = int(((units["split"] == split) & (units["kind"] == "demand")).sum())
        assert figures.loc[split, "precision"] == pytest.approx((k - 1) / k)
        assert figures.loc[split, "recall"] == pytest.approx((k - 1) / k)
        assert figures.loc[split, "n_flagged"] == figures.loc[split, "n_demands"] == k
    text = br.score(out, [path], [tmp_path / "d.csv"])
    assert text.startswith("Themes (census") and "Demands (census" in text


def test_draw_refuses_when_a_rule_file_or_copy_changed_or_the_build_is_stale(seed_round, tmp_path):
    scratch, _, _ = seed_round
    copy = tmp_path / "scratch"
    shutil.copytree(scratch, copy, symlinks=True)
    record = json.loads((copy / br.ROUND_FILE).read_text(encoding="utf-8"))
    record["frozen"]["pipeline/themes.py"] = "0" * 64  # as if themes.py had changed since prepare
    (copy / br.ROUND_FILE).write_text(json.dumps(record), encoding="utf-8")
    with pytest.raises(RuntimeError, match="changed since prepare.*pipeline/themes.py"):
        br.draw(copy, tmp_path / "out")
    assert not (tmp_path / "out").exists()
    shutil.rmtree(copy)
    shutil.copytree(scratch, copy, symlinks=True)
    (copy / "themes.toml").write_text((copy / "themes.toml").read_text(encoding="utf-8") + "\n# edited\n",
                                      encoding="utf-8")
    with pytest.raises(RuntimeError, match="themes.toml"):
        br.draw(copy, tmp_path / "out")
    shutil.rmtree(copy)
    shutil.copytree(scratch, copy, symlinks=True)
    with (copy / "raw" / "documents.csv").open("a", encoding="utf-8") as fh:
        fh.write("x,x.txt,X,2025,,,other,,\n")
    with pytest.raises(RuntimeError, match="not of the manifest"):
        br.draw(copy, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_draw_switches_to_strata_above_the_limits(seed_round, tmp_path):
    scratch, _, _ = seed_round
    record = br.draw(scratch, tmp_path / "out", theme_census_max=5, demand_census_max=10)
    assert (record["themes"], record["demands"]) == ("stratified", "sample")
    key = pd.read_csv(tmp_path / "out" / "key_themes.csv", dtype=str, keep_default_na=False)
    assert set(key["stratum"]) <= STRATA_NAMES - {"census"}
    strata = pd.read_csv(tmp_path / "out" / "strata_demands.csv")
    assert set(strata["design"]) == {"sample"} and set(strata["split"]) == set(br.SPLITS)


def test_metadata_given_stands_and_a_guess_that_contradicts_it_gives_way(tmp_path):
    path = tmp_path / "Brev.pdf"
    full = {"organisation": "Planta", "year": "2024", "date": "2024-05-01", "doc_type": "other", "title": "T",
            "language": "nb", "date_basis": "brevet"}
    row, guessed = br.metadata_row(path, "brev", full, lambda: pytest.fail("nothing to guess"))
    assert (row["file"], row["organisation"], guessed) == ("brev.pdf", "Planta", [])
    guess = {"organisation": "Gjettet", "year": "2025", "date": "2025-01-02", "doc_type": "hearing_input"}
    row, guessed = br.metadata_row(path, "brev", {"organisation": "Planta", "year": "2024"}, lambda: guess)
    assert (row["year"], row["date"], row["doc_type"]) == ("2024", "", "hearing_input")  # a date of another year
    assert guessed == ["doc_type"] and row["date_basis"] == ""  # no date or year guessed: no guessed basis
    row, guessed = br.metadata_row(path, "brev", {"organisation": "Planta", "date": "2024-05-01"}, lambda: guess)
    assert (row["year"], row["date"]) == ("2024", "2024-05-01")  # the stated date's year, not the guess's
    assert "year" in guessed and row["date_basis"].startswith(br.GUESSED)
    row, guessed = br.metadata_row(path, "brev", {}, dict)  # nothing read: marked placeholders
    assert row["organisation"] == "Ukjent avsender (Brev.pdf)" and {"organisation", "year", "doc_type"} <= set(guessed)
