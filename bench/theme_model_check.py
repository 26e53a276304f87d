"""Does a supervised model help the rule tagger? Grouped CV over the dev organisations (pipeline.evaluation);
since the second round (data/eval/README.md) over dev + held-out part A, never part B.

Logistic regression over lemma uni- and bigrams (TF-IDF), trained per theme on the dev rows of a fold's training
organisations, combined with the rules as "rules OR model probability above a threshold". It is only worth
shipping if the combination beats the rules under grouped CV; the held-out organisations are not used here.

    python -m bench.theme_model_check

Result (2026-12-04, dev organisations, development-corpus rows scored, n = predicted / positives):
rules: digital competence P 0.95 (22) R 0.78 (27), practice placements P 0.94 (16) R 0.88 (17);
OR LR≥0.5: DC P 0.81 R 0.81, PP P 0.84 R 0.94; OR LR≥0.7: DC P 0.91 R 0.78, PP P 0.89 R 0.94;
OR LR≥0.9: same as the rules. No threshold helps both measures, so no model is shipped.

Result (2026-12-05, second-round rules, dev + held-out part A, 587 PP / 263 DC rows scored):
rules: DC P 1.00 (29) R 0.83 (35), PP P 1.00 (24) R 0.92 (26);
OR LR≥0.5: DC P 0.86 (35) R 0.86, PP P 0.89 (28) R 0.96; OR LR≥0.7: DC P 0.97 (30) R 0.83, PP P 0.96 (25) R 0.92;
OR LR≥0.9: DC as the rules, PP P 0.96 (25) R 0.92. One more positive found at the cost of five (DC) or three (PP)
false ones, or only false ones: still no model is shipped.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from pipeline import evaluation, language, themes

ROOT = Path(__file__).resolve().parent.parent
NAMED = ("practice_placements", "digital_competence")


def model_tagger(lexicon, threshold: float) -> evaluation.FitPredict:
    """Rules OR a per-theme logistic regression trained on the fold's training rows."""
    rules = evaluation.lexicon_tagger(lexicon)

    def fit_predict(train: pd.DataFrame, rows: pd.DataFrame) -> list[bool]:
        by_rule = rules(train, rows)
        out = list(by_rule)
        for theme_id in set(rows["theme_id"]):
            part = train.loc[train["theme_id"] == theme_id]
            if part["y"].nunique() < 2:
                continue
            vectoriser = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, analyzer=_lemmas)
            model = LogisticRegression(C=4.0, class_weight="balanced", max_iter=2000)
            model.fit(vectoriser.fit_transform(part["text"]), part["y"])
            mask = (rows["theme_id"] == theme_id).to_numpy()
            probability = model.predict_proba(vectoriser.transform(rows.loc[mask, "text"]))[:, 1]
            for position, p in zip(mask.nonzero()[0], probability):
                out[position] = out[position] or p >= threshold
        return out

    return fit_predict


def _lemmas(text: str) -> list[str]:
    words = language.content_lemmas(text)
    return words + language.bigrams(words)


def main() -> None:
    eval_dir = ROOT / "data" / "eval"
    judgements = evaluation.apply_heldout_parts(evaluation.load_judgements(eval_dir / "theme_judgements.csv"),
                                                evaluation.load_heldout_parts(eval_dir / "heldout_parts.csv"))
    judgements = judgements.loc[judgements["theme_id"].isin(NAMED)]
    lexicon = themes.load_lexicon(ROOT / "data" / "themes.toml")
    taggers = {"rules": evaluation.lexicon_tagger(lexicon)}
    taggers.update({f"rules OR LR≥{t}": model_tagger(lexicon, t) for t in (0.5, 0.7, 0.9)})
    for name, tagger in taggers.items():
        for row in evaluation.cv_scores(judgements, tagger):
            print(f"{name:16s} {row['theme_id']:20s} P={row['precision'] or 0:.2f} (n={row['n_predicted']}) "
                  f"R={row['recall'] or 0:.2f} (n={row['n_positive']})")


if __name__ == "__main__":
    main()
