"""Why a theme is marked ⚠: each reason worked out by hand from planted evaluation rows."""
from __future__ import annotations

import pandas as pd

from app.components import reason_text, uncertain_list, uncertain_text
from app.queries.themes import row_reasons


def _row(split="heldout", tp=0, predicted=0, positive=0, uncertain=True, tuned_on=False) -> dict:
    return {"theme_id": "t", "split": split, "uncertain": uncertain, "tuned_on": tuned_on,
            "n_predicted": predicted, "n_positive": positive, "true_positives": tp,
            "precision": tp / predicted if predicted else None, "recall": tp / positive if positive else None}


def test_a_certain_row_has_no_reason():
    assert row_reasons(_row(tp=20, predicted=20, positive=20, uncertain=False)) == []


def test_low_precision_on_few_matches():
    # 3 of 5 matches right = 0.6 < 0.8; 5 matches and 3 passages about it are both under MIN_EVIDENCE = 10
    assert row_reasons(_row(tp=3, predicted=5, positive=3)) == [
        ("themes.why.low_precision", {"value": 0.6}), ("themes.why.few", {"n_predicted": 5, "n_positive": 3})]


def test_nothing_found_is_a_recall_of_zero_not_unmeasured():
    # no match: precision undefined, recall 0/3 = 0
    assert row_reasons(_row(tp=0, predicted=0, positive=3)) == [
        ("themes.why.low_recall", {"value": 0.0}), ("themes.why.few", {"n_predicted": 0, "n_positive": 3})]


def test_neither_figure_measurable():
    assert row_reasons(_row()) == [("themes.why.unmeasured", {})]


def test_good_figures_on_a_spent_part_or_stale_say_the_rules_were_adjusted():
    assert row_reasons(_row(tp=12, predicted=12, positive=12, tuned_on=True)) == [("themes.why.retuned", {})]
    # not tuned on this row, but marked: its theme was spent and no later clean part measured it
    assert row_reasons(_row(tp=19, predicted=20, positive=20)) == [("themes.why.retuned", {})]


def test_cross_validated_rows_are_marked_by_their_figures_only():
    # 2 of 3 = 0.67 on the tuning organisations; their small n and their always-set tuned_on are not reasons
    assert row_reasons(_row("cv", tp=2, predicted=3, positive=2, tuned_on=True)) == [
        ("themes.why.low_precision", {"value": 2 / 3})]


def test_caption_text_in_both_languages():
    reasons = pd.DataFrame([
        {"theme_id": "r", "theme": "Rekruttering", "split": "heldout", "reason": "low_precision", "value": 0.6,
         "n_predicted": 5, "n_positive": 3},
        {"theme_id": "r", "theme": "Rekruttering", "split": "heldout", "reason": "few", "value": None,
         "n_predicted": 5, "n_positive": 3},
        {"theme_id": "l", "theme": "Lønn [og] pensjon", "split": "cv", "reason": "low_precision", "value": 0.25,
         "n_predicted": 4, "n_positive": 1},
    ])
    assert uncertain_text(reasons, "nb") == ("Rekruttering (presisjon 0,60; bare 5 treff og 3 avsnitt om temaet målt), "
                                             "Lønn \\[og\\] pensjon (presisjon 0,25 (kryssvalidert))")
    assert reason_text(reasons.iloc[1], "en") == "only 5 matches and 3 passages about it measured"
    # more than INLINE_UNCERTAIN themes go in a list under a short caption, one theme a line
    assert uncertain_list(reasons, "en") == ("- **Rekruttering**: precision 0.60; only 5 matches and 3 passages about it "
                                             "measured\n- **Lønn \\[og\\] pensjon**: precision 0.25 (cross-validated)")
