"""Method page: how numbers are computed, lexicon, evaluation, topic diagnostics and build information."""
from __future__ import annotations

import io

import pandas as pd

from tests.app.conftest import figure_by_key, open_page, open_page_in, shown


def test_method_shows_lexicon_evaluation_model_and_build(app):
    at = open_page(app, "method")
    assert not at.exception
    assert any("Andel avsnitt** = avsnitt med temaet" in m.value for m in at.markdown)
    lexicon, evaluation, demand_scores, row_counts, timings = (d.value for d in at.dataframe)
    # the rows in the page's order (app.queries.method.DEMAND_SPLITS); part E's rows come in once they are joined
    from tests.fixtures.tables import _demand_model

    shipped = {row["split"] for row in _demand_model().evaluation}
    names = {"dev": "Brukt til justering", "heldout": "Holdt utenfor (delvis brukt til justering 6.–7. desember)",
             "heldout_f": "Nye organisasjoner, høringssvar til andre høringer (nå brukt til justering)",
             "heldout_e": "Nye organisasjoner, høringssvar (nå brukt til justering)",
             "heldout_d": "Nye organisasjoner, 6. desember 2026 (nå brukt til justering)",
             "fresh": "Nye innspill, nye organisasjoner (nå brukt til justering)",
             "fresh_known": "Nye innspill, kjente organisasjoner (nå brukt til justering)",
             "fresh_known_d": "Nye innspill, kjent organisasjon (6. desember 2026, ikke holdt utenfor)",
             "fresh_known_e": "Høringssvar, kjente organisasjoner (ikke holdt utenfor)",
             "fresh_known_f": "Høringssvar til andre høringer, kjente organisasjoner (ikke holdt utenfor)"}
    assert shipped == set(names)
    assert demand_scores["split"].tolist() == [names[s] for s in names if s in shipped for _ in range(2)]
    assert demand_scores["method"].tolist() == ["Reglene", "Reglene + modellen"] * len(shipped)
    assert demand_scores["used"].tolist() == [True, False] * len(shipped)  # the rules decide (DEFAULT_METHOD)

    def rules_row(split):
        return demand_scores.loc[demand_scores["split"] == names[split]].iloc[0]

    held = rules_row("heldout")  # the rules on the held-out organisations, from the shipped labelled set
    # (0.90 [0.86-0.93] until part E's fixes, which removed one false demand there and found one miss: n 247 both;
    # [0.87-0.94] n 246 since the development corpus was read for recall on 2026-12-06 at night: a phrase opening the
    # clause puts the subject after the modal, and «For alle andre vaksiner må pasienten kontakte lege …» describes;
    # n 247 since the sender's own acronym is its own voice, 2026-12-07: one unit labelled demand found, one borderline
    # unit flagged, neither read for the change; 0.93 [0.89-0.96] n 251 since 2026-12-07 (2), when the errors of these
    # labelled rows were read and general defects fixed, so the figure is a tuning figure: four false demands gone, the
    # bare intros «Det trengs:», «Det er behov for:», «Vi mener det må sikres:» and a need under «dersom»; eight misses
    # found, among them «Pårørende må få …» ×2, «Ansvaret for pasientbehandlingen bør …», «… er ikke å anbefale.» and an
    # item under the heading «Konkrete forslag til tiltak er»)
    assert (round(held["precision"], 2), held["precision_interval"], held["n_labelled"]) == (0.93, "0.89–0.96", 665)
    assert held["n_flagged"] == 251
    # part D: the reserve of 7 new organisations, labelled blind and measured once with the rules frozen (51e8281);
    # a tuning figure since its errors were read and five defects fixed (P 0.86 n 90 -> 0.96 n 80, R 0.90 unchanged) ...
    part_d = rules_row("heldout_d")
    # (n 81 and R 0.91 since the reading for recall of 2026-12-06 at night: a need foreseen, «… vil det være behov for å
    # øke innovasjonstakten …», is a need; n 82 and R 0.92 since 2026-12-07: «Vi ønsker krav til kvalitet og standard
    # velkommen» welcomes with its object before «velkommen»; n 83 and R 0.93 [0.86-0.97] since 2026-12-07 (2): «Likevel
    # mener vi Helfo-avtale er å foretrekke, …» recommends)
    assert (round(part_d["precision"], 2), part_d["precision_interval"], part_d["n_flagged"]) == (0.96, "0.90–0.99", 83)
    assert (round(part_d["recall"], 2), part_d["recall_interval"], part_d["n_demands"]) == (0.93, "0.86–0.97", 85)
    assert (part_d["n_labelled"], part_d["n_borderline"], part_d["n_organisations"]) == (254, 26, 7)
    # ... and the clean figure measured before the fixes stays on the page as such; it is called the newest clean
    # figure only while the build has no part E
    intro_d = [c.value for c in at.caption if "Nye organisasjoner, 6. desember 2026» er innspill" in c.value][0]
    assert "presisjon 0,86 [0,77–0,91] (n = 90) og recall 0,90 [0,81–0,94] (n = 85)" in intro_d
    assert "justeringstall" in intro_d
    newest = [c.value for c in at.caption if "nyeste rene tallet" in c.value]
    assert len(newest) == 1
    # part F: the census of responses to other hearings, measured once with the rules frozen (a339991); a tuning figure
    # since its errors were read and general defects fixed (P 0.20 n 5 -> 0.50 n 4, R 0.17 -> 0.33 n 6; the known
    # organisations' pages P 1.00 n 19 -> 32, R 0.56 -> 0.94 n 34) ...
    # (then P 0.50 n 4, R 0.33; the rules of the codebook decision of 2026-12-06, fitted on the development corpus, find
    # two of the units part F's readers had disputed and the decision made demands: «opptatt av at … skal …» and
    # «stiller seg helt og holdent bak KS sitt høringssvar»; in fresh_known_f «Akademikerne er opptatt av at … skal …»)
    part_f = rules_row("heldout_f")
    assert (round(part_f["precision"], 2), part_f["precision_interval"], part_f["n_flagged"]) == (0.67, "0.30–0.90", 6)
    assert (round(part_f["recall"], 2), part_f["recall_interval"], part_f["n_demands"]) == (0.67, "0.30–0.90", 6)
    assert (part_f["n_labelled"], part_f["n_borderline"], part_f["n_organisations"]) == (54, 0, 5)
    known_f = rules_row("fresh_known_f")
    assert (round(known_f["precision"], 2), known_f["n_flagged"], round(known_f["recall"], 2), known_f["n_demands"]) == (
        1.0, 33, 0.97, 34)
    # ... and the clean figure measured before the fixes stays in its caption, followed by the one that calls it the
    # newest clean figure
    intro_f = [c.value for c in at.caption if "«Nye organisasjoner, høringssvar til andre høringer» er svar" in c.value][0]
    assert "presisjon 0,20 [0,04–0,62] (n = 5) og recall 0,17 [0,03–0,56] (n = 6)" in intro_f
    assert "justeringstall" in intro_f
    assert "Det rene tallet fra «Nye organisasjoner, høringssvar til andre høringer»" in newest[0]
    # part E: the census of hearing responses, measured once with the rules frozen (6a7f638); a tuning figure since its
    # errors were read and general defects fixed (P 0.88 n 43 -> 0.98 n 55, R 0.66 -> 0.93 n 58) ...
    part_e = rules_row("heldout_e")
    # (0.96 n 56 since the reading for recall of 2026-12-06 at night: «Lunner kommune deler kommisjonens vurderinger av
    # at … det vil være behov for å differensiere …», labelled soft, reads as a foreseen need; n 55 and recall 0.93
    # [0.84-0.97] -> 0.91 since the development corpus was read again on 2026-12-07: a passive ask in a relative clause
    # asks nothing, so «Hjartdal er i hovedsak enige i det som foreslås, og vil peke på følgende:», labelled a demand, is
    # missed; n 56 and recall 0.93 since 2026-12-07: «… og UHR ønsker dette arbeidet velkommen», welcoming with its
    # object before «velkommen», is found)
    assert (round(part_e["precision"], 2), part_e["precision_interval"], part_e["n_flagged"]) == (0.96, "0.88–0.99", 56)
    assert (round(part_e["recall"], 2), part_e["recall_interval"], part_e["n_demands"]) == (0.93, "0.84–0.97", 58)
    assert (part_e["n_labelled"], part_e["n_borderline"], part_e["n_organisations"]) == (235, 11, 14)
    # ... and the clean figure measured before the fixes stays in its caption (part F's is the newest clean figure now)
    intro_e = [c.value for c in at.caption if "«Nye organisasjoner, høringssvar» er svar" in c.value][0]
    assert "presisjon 0,88 [0,76–0,95] (n = 43) og recall 0,66 [0,53–0,76] (n = 58)" in intro_e
    assert "justeringstall" in intro_e
    fresh = rules_row("fresh")  # the rules on fresh submissions of organisations not in the corpus, next to it
    # since issue 16 a tuning figure (their errors were read and four defects fixed: 0.81 / 0.70 -> 0.92 / 0.77) ...
    # ([0.84-0.96] until a need in a relative clause stopped reading as a demand, 2026-12-06 at night; 0.92 [0.85-0.96]
    # until the false demands of the spent sets were read on 2026-12-07: six descriptive må/bør no longer flagged, «Dagens
    # situasjon der informasjon i noen tilfeller må sendes manuelt …» and five more, all labelled no)
    assert (round(fresh["precision"], 2), fresh["precision_interval"], fresh["n_labelled"]) == (0.97, "0.91–0.99", 343)
    # (recall 0.77 [0.65-0.86] until part F's fixes found «… det er et tiltak vi støtter fullt ut.»; 0.78 [0.66-0.86]
    # until 2026-12-07, when «Det vil likevel fortsatt være behov for sentrale driftsmiljøer …» read as a need)
    assert (round(fresh["recall"], 2), fresh["recall_interval"], fresh["n_organisations"]) == (0.79, "0.67–0.87", 21)
    # ... and the clean figure measured before the fixes stays on the page as such
    intro = [c.value for c in at.caption if "Nye innspill" in c.value][0]
    assert "presisjon 0,81 [0,73–0,87] (n = 122) og recall 0,70 [0,57–0,80] (n = 114)" in intro
    assert "justeringstall" in intro
    assert lexicon["theme_id"].tolist() == ["practice_placements", "digital_competence", "recruitment"]
    assert lexicon.loc[0, "exclusions"] == "i praksis"
    assert evaluation["theme_id"].tolist() == ["practice_placements", "digital_competence", "recruitment"]
    assert evaluation["heldout_precision"].tolist() == [0.9, 18 / 19, 0.6]
    assert evaluation["heldout_precision_ci"].tolist()[2] == "0.23–0.88"  # Wilson 3/5, worked out in test_evaluation
    assert evaluation["heldout_n_predicted"].tolist() == [10, 19, 5]
    assert evaluation["uncertain"].tolist() == [False, False, True]
    # practice placements' held-out figure is part C's; a build row without "part" is part B's
    assert evaluation["heldout_part"].tolist() == ["C", "B", "B"]
    # the summary counts the uncertain themes of the table (recruitment: held-out precision 3/5) ...
    assert any(c.value.startswith("**Kort sagt:** 1 av 3 temaer er merket usikre (⚠)") for c in at.caption)
    # ... and how each part was measured sits behind an expander, for themes and for demands
    details = {e.label: " ".join(c.value for c in e.caption) for e in at.expander}
    assert "Holdt utenfor**, del **C**" in details["Slik ble temaene målt"]
    assert "presisjon 0,81 [0,73–0,87] (n = 122)" in details["Slik ble kravene målt"]
    codebook = [e for e in at.expander if e.label.startswith("Kodebok")][0]
    book = codebook.markdown[0].value
    assert "#### Praksisplasser\n\n**Norsk\\:** Studenters praksis." in book  # emphasis kept, ":" escaped
    assert "\\!\\[x\\]\\(http\\:\u200b//example.invalid/p.png\\)" in book  # no image or bare-URL link can form from the file
    assert dict(zip(row_counts["table"], row_counts["rows"]))["passage_themes"] == 17
    assert dict(zip(timings["stage"], timings["seconds"]))["topics"] == 2.25
    assert {m.label: m.value for m in at.metric}["Stabilitet"] == "0.82"
    coherence = figure_by_key(at, "method_coherence")["data"][0]
    assert coherence["x"] == [2, 3, 4] and coherence["y"] == [0.05, 0.11, 0.08]
    assert any("broken.pdf: the PDF has no text layer" in shown(m.value) for m in at.markdown)


def test_method_in_english_and_filtered(app):
    app.query_params["lang"] = "English"
    at = open_page(app, "method", org=["Tekna"])
    assert not at.exception
    assert at.title[0].value == "Method"
    assert at.dataframe[1].value["theme"].tolist() == ["Practice placements", "Digital competence", "Recruitment"]


def _with_evaluation(fixture_data, tmp_path, monkeypatch, rows: list[dict]):
    """A copy of the planted tables whose build_info has these theme_evaluation rows instead, served to the app."""
    import json
    import shutil

    from pipeline import schema

    data = tmp_path / "data"
    shutil.copytree(fixture_data, data)
    path = data / "processed" / schema.BUILD_INFO
    info = json.loads(path.read_text(encoding="utf-8"))
    info["theme_evaluation"] = rows
    path.write_text(json.dumps(info), encoding="utf-8")
    monkeypatch.setenv("HORINGSRADAR_DATA", str(data))
    return data


def test_a_measure_with_n_0_shows_a_dash_not_none_and_downloads_an_empty_cell(fixture_data, tmp_path, monkeypatch):
    """Recruitment's held-out rows had no match (precision with n = 0) and digital competence's cross-validation no
    passage about the theme (recall with n = 0), as green transition in the shipped build: the grid drew the missing
    number as a grey «None» and the CSV had to be checked too. Now the cell and its interval show the catalogue's dash,
    a caption says why, and the CSV keeps an empty cell."""
    from streamlit.elements.widgets import button
    from streamlit.testing.v1 import AppTest

    from app.exports import column_label
    from tests.app.conftest import DASHBOARD, TIMEOUT
    from tests.fixtures.tables import DC, PP, REC, _evaluation

    _with_evaluation(fixture_data, tmp_path, monkeypatch, [
        _evaluation(PP, "heldout", tp=9, predicted=10, positive=10, part="C"),
        _evaluation(DC, "heldout", tp=18, predicted=19, positive=20),
        _evaluation(REC, "heldout", tp=0, predicted=0, positive=2),
        _evaluation(PP, "cv", tp=19, predicted=20, positive=20),
        _evaluation(DC, "cv", tp=0, predicted=1, positive=0),
        _evaluation(REC, "cv", tp=4, predicted=4, positive=4),
    ])
    downloads: dict[str, bytes] = {}
    marshall = button.marshall_file

    def recording(coordinates, data, proto, mimetype, filename=None, *a, **k):
        data = data() if callable(data) else data
        downloads[str(filename)] = data
        return marshall(coordinates, data, proto, mimetype, filename, *a, **k)

    monkeypatch.setattr(button, "marshall_file", recording)
    for lang, dash_note in (("nb", "«–»: kan ikke måles fordi n = 0"), ("en", "“–”: cannot be measured because n = 0")):
        at = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)
        if lang == "en":
            at.query_params["lang"] = "en"
        at = open_page(at, "method")
        assert not at.exception
        shown = at.dataframe[1].value.set_index("theme_id")
        assert shown.loc[REC, "heldout_precision"] == "–" and shown.loc[REC, "heldout_precision_ci"] == "–"
        assert shown.loc[REC, "heldout_n_predicted"] == 0 and shown.loc[REC, "heldout_recall"] == 0  # no gap: a number
        assert shown.loc[PP, "heldout_precision"] == "0.90"  # the column is text now, in the same format
        assert shown.loc[DC, "cv_recall"] == "–" and shown.loc[DC, "cv_n_positive"] == 0
        assert not shown.astype(str).isin(["None", "nan", "<NA>"]).any().any()
        assert any(c.value.startswith(dash_note) for c in at.caption)
    csv = next(data for name, data in downloads.items() if name.startswith("theme_evaluation"))
    table = pd.read_csv(io.BytesIO(csv), keep_default_na=False, dtype=str)
    row = table.loc[table[column_label("theme_id", "en")] == REC].iloc[0]
    assert row[column_label("heldout_precision", "en")] == "" and row[column_label("heldout_precision_ci", "en")] == ""
    assert row[column_label("heldout_n_predicted", "en")] == "0"
    assert not table.isin(["None", "nan", "NaN", "–", "<NA>"]).any().any()


def test_without_gaps_shows_the_dash_and_keeps_other_columns():
    """The helper every table goes through: a number column with a gap becomes text in its format, a text column
    shows the dash, a column without gaps and a checkbox column stay as they are."""
    from app.components import without_gaps

    data = pd.DataFrame({"page": [3.0, float("nan")], "n": pd.array([1, None], dtype="Int64"),
                         "share": [0.5, 0.25], "date": ["2024-01-02", None], "used": [True, False]})
    shown, as_text = without_gaps(data, {"page": "%d", "n": None, "share": "%.2f", "date": None, "used": None}, "nb")
    assert shown["page"].tolist() == ["3", "–"] and shown["n"].tolist() == ["1", "–"]
    assert shown["date"].tolist() == ["2024-01-02", "–"]
    assert shown["share"].tolist() == [0.5, 0.25] and shown["used"].tolist() == [True, False]
    assert as_text == {"page", "n"}
    assert data["page"].isna().sum() == 1  # the frame the CSV is written from is not changed


#: A real passage of the development corpus (helse-og-omsorgsdepartementet-2024, Meld. St. 9 (2023–2024), passage
#: 470): "gruppeveiledning" is a practice-placement term, but the passage is about doctors' specialist training.
LIS_PASSAGE = ("Vestre Viken HF har i samarbeid med Villa Sana på Modum Bad satt i gang et prosjekt for leger som er i "
               "spesialistutdanning. De inviterer sine LIS-leger til gruppeveiledning hvor temaene bl.a. er legehelse og "
               "hvordan ta vare på seg selv.")


def test_the_lexicon_shows_what_blocks_a_tag(app):
    """The word list per theme showed terms and exclusions but not the vetoes, so a reader could not see why the
    real LIS passage above was not tagged with practice placements although it has one of its terms: now the
    column «Sperrer temaet» lists the shipped lexicon's veto words and what lifts them."""
    import dataclasses

    from pipeline import themes
    from pipeline.config import PROJECT_ROOT
    from tests.fixtures.tables import PP

    lexicon = themes.load_lexicon(PROJECT_ROOT / "data" / "themes.toml")
    tags = themes.tag_passages(pd.DataFrame({"passage_id": ["p"], "text": [LIS_PASSAGE]}), lexicon)
    assert PP not in set(tags["theme_id"])
    vetoless = [dataclasses.replace(t, vetoes=(), veto_unless=()) for t in lexicon if t.theme_id == PP]
    assert PP in set(themes.tag_passages(pd.DataFrame({"passage_id": ["p"], "text": [LIS_PASSAGE]}), vetoless)["theme_id"])

    at = open_page(app, "method")
    assert not at.exception
    lexicon_shown = at.dataframe[0].value.set_index("theme_id")
    blocks = lexicon_shown.loc[PP, "vetoes"]
    assert blocks.startswith("lis, lis-*, lis1") and "spesialistutdanning*" in blocks
    assert blocks.endswith("– unntatt når avsnittet også nevner (student/*student/praksiselev/lærling/*lærling)")
    assert lexicon_shown.loc["digital_competence", "vetoes"] == ""  # no vetoes: an empty cell, not a dash or None
    assert "Sperrer temaet" in at.dataframe[0].proto.columns
    at.session_state["lang"] = "en"
    at.run()
    shown_en = at.dataframe[0].value.set_index("theme_id")
    assert shown_en.loc[PP, "vetoes"].endswith("– except when the passage also mentions (student/*student/praksiselev/"
                                               "lærling/*lærling)")


def test_part_e_is_the_newest_clean_demand_row_and_part_d_stays_a_tuning_row(fixture_data, tmp_path, monkeypatch):
    """A build with part E's rows (the census of hearing responses: heldout_e, fresh_known_e; planted here from the
    held-out rows with their own figures) shows heldout_e right after the held-out organisations, with the caption that
    calls its clean figure the newest clean figure; parts E and D are both labelled as now used for tuning (their errors
    were read), part D's caption without that claim;
    the known organisations' part-E row comes last, never as held out. In Norwegian and in English."""
    import json
    import shutil

    from app.i18n import text
    from pipeline import schema

    data = tmp_path / "data"
    shutil.copytree(fixture_data, data)
    path = data / "processed" / schema.BUILD_INFO
    info = json.loads(path.read_text(encoding="utf-8"))
    # a build of the time before part F: the shipped rows without parts E and F, part E planted
    rows = [row for row in info["demand_evaluation"] if not row["split"].endswith(("_e", "_f"))]
    planted = [{**row, "split": split, "precision": precision, "n_labelled": n, "n_borderline": 0}
               for split, precision, n in (("heldout_e", 0.625, 17), ("fresh_known_e", 0.5, 9))
               for row in rows if row["split"] == "heldout"]
    info["demand_evaluation"] = rows + planted
    path.write_text(json.dumps(info), encoding="utf-8")
    monkeypatch.setenv("HORINGSRADAR_DATA", str(data))
    order = ["dev", "heldout", "heldout_e", "heldout_d", "fresh", "fresh_known", "fresh_known_d", "fresh_known_e"]
    for lang in ("nb", "en"):
        at = open_page_in("method", lang)
        assert not at.exception
        scores = at.dataframe[2].value
        assert scores["split"].tolist() == [text(f"method.demands.split.{s}", lang) for s in order for _ in range(2)]
        part_e = scores.loc[scores["split"] == text("method.demands.split.heldout_e", lang)]
        assert part_e["precision"].tolist() == [0.625, 0.625] and part_e["n_labelled"].tolist() == [17, 17]
        for tuned in ("heldout_d", "heldout_e"):  # both parts' errors were read: tuning rows, clean figure in the caption
            assert text(f"method.demands.split.{tuned}", lang).endswith(
                {"nb": "(nå brukt til justering)", "en": "(now used for tuning)"}[lang])
        captions = [c.value for c in at.caption]
        intro_e, intro_d = text("method.demands.intro_e", lang), text("method.demands.intro_d", lang)
        newest_e = text("method.demands.newest_e", lang)
        assert intro_e in captions and intro_d in captions and captions.index(intro_e) < captions.index(intro_d)
        assert captions.index(intro_e) < captions.index(newest_e) < captions.index(intro_d)
        assert text("method.demands.newest_d", lang) not in captions
        assert text("method.demands.intro_f", lang) not in captions  # no part F in the build: nothing about it
        newest = {"nb": "nyeste rene tallet", "en": "newest clean figure"}[lang]
        assert newest in newest_e and newest not in intro_d


def test_method_shows_each_held_out_part_on_its_own_and_names_part_e(tmp_path, monkeypatch):
    """A build with parts D and E (bench/part_e.py) keeps each part's own figure beside the pooled one: the Method page
    lists them behind an expander (part, tuned on since or not, P and R with interval and n) and says what part E is;
    the planted build without them shows neither (test above unpacks exactly five tables)."""
    import json

    from streamlit.testing.v1 import AppTest

    from pipeline import evaluation
    from tests.app.conftest import DASHBOARD, TIMEOUT
    from tests.fixtures.tables import write_fixture_tables

    write_fixture_tables(tmp_path)
    path = tmp_path / "processed" / "build_info.json"
    if path.is_symlink():
        path = path.resolve()
    info = json.loads(path.read_text(encoding="utf-8"))

    def row(split: str, part: str, tp: int, predicted: int, positive: int, tuned_on: bool) -> dict:
        truth = [True] * positive + [False] * (predicted - tp)
        guess = [True] * tp + [False] * (positive - tp) + [True] * (predicted - tp)
        return {"theme_id": "recruitment", "split": split, **evaluation.score(truth, guess), "part": part,
                "tuned_on": tuned_on}

    info["theme_evaluation"] = [
        {**r, "part": "C+E"} if r["theme_id"] == "recruitment" and r["split"] == "heldout" else r
        for r in info["theme_evaluation"]] + [
        row("heldout_c", "C", 15, 15, 18, False), row("heldout_d", "D", 8, 8, 10, True),
        row("heldout_e", "E", 4, 4, 4, False)]
    path.write_text(json.dumps(info), encoding="utf-8")
    monkeypatch.setenv("HORINGSRADAR_DATA", str(tmp_path))
    at = open_page(AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT), "method")
    assert not at.exception
    parts = [d.value for d in at.dataframe if "tuned_on" in d.value.columns][0]
    assert parts["heldout_part"].tolist() == ["C", "D", "E"] and parts["tuned_on"].tolist() == [False, True, False]
    assert parts["n_positive"].tolist() == [18, 10, 4] and parts["recall_interval"].tolist()[2] == "0.51–1.00"  # Wilson 4/4, as in the table above
    assert any("**Del E**" in c.value for c in at.caption)
    assert any(e.label == "Hver del for seg" for e in at.expander)
    assert not any("**Del F**" in c.value for c in at.caption)  # no part F in the build: nothing about it shows
    # a build that counts part F (sixth round): its own row after E's, and its caption
    info["theme_evaluation"] = [{**r, "part": "C+E+F"} if r.get("part") == "C+E" else r
                                for r in info["theme_evaluation"]] + [row("heldout_f", "F", 3, 4, 5, False)]
    path.write_text(json.dumps(info), encoding="utf-8")
    at = open_page(AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT), "method")
    assert not at.exception
    parts = [d.value for d in at.dataframe if "tuned_on" in d.value.columns][0]
    assert parts["heldout_part"].tolist() == ["C", "D", "E", "F"] and parts["n_positive"].tolist() == [18, 10, 4, 5]
    captions = [c.value for c in at.caption]
    assert any("**Del F**" in c for c in captions) and any("**Del E**" in c for c in captions)


def test_the_builds_own_warning_is_not_counted_as_a_document(fixture_data, tmp_path, monkeypatch):
    """build_info warnings hold doc_ids and, after a code edit during a build, the build's own key: the expander
    counts the documents only (1, not 2) and still shows the build's warning inside."""
    import json
    import shutil

    from streamlit.testing.v1 import AppTest

    from pipeline import schema
    from tests.app.conftest import DASHBOARD, TIMEOUT

    data = tmp_path / "data"
    shutil.copytree(fixture_data, data)
    path = data / "processed" / schema.BUILD_INFO
    info = json.loads(path.read_text(encoding="utf-8"))
    info["warnings"] = {"nito-2022": ["1 of 2 pages have no text"],
                        schema.BUILD_WARNINGS: ["pipeline/themes.py changed on disk during the build"]}
    path.write_text(json.dumps(info), encoding="utf-8")
    monkeypatch.setenv("HORINGSRADAR_DATA", str(data))
    at = open_page(AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT), "method")
    assert not at.exception, [e.value for e in at.exception]
    labels = [e.label for e in at.expander]
    assert "Advarsler ved innlesing (dokumenter: 1)" in labels, labels


def test_the_search_text_describes_the_three_search_modes(app_data):
    """The Method page's «Søk» told of a switch «Ta med bøyde former» (word beginnings) that the Passages page no
    longer has; it now names the three modes as the page labels them (search.mode.*), in both languages."""
    from app.i18n import text
    from app.queries.search import SEARCH_MODES

    for lang in ("nb", "en"):
        at = open_page_in("method", lang)
        assert not at.exception
        opening = text("method.how.search.body", lang)[:40]
        body = [m.value for m in at.markdown if m.value.startswith(opening)]
        assert body, "the search section is on the page"
        for mode in SEARCH_MODES:
            assert text(f"search.mode.{mode}", lang) in body[0], (lang, mode)
        assert "Ta med bøyde former" not in body[0] and "Include inflected forms" not in body[0]
