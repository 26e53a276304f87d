"""Lemma accuracy of the judged sample, per lemmatiser, with 95 % Wilson intervals.

bench/lemma_eval/judged.csv holds 300 content tokens of the development corpus drawn by
sample.py (seed 14), each read in its sentence by a person who wrote the correct lemma
(Bokmål dictionary form: nouns indefinite singular, verbs infinitive — participles included —,
adjectives positive; compounds keep their modifier as written; names and acronyms lower-case
without genitive -s; comparatives mer/flere/bedre count as forms of mye/mange/god).
Columns lemma_simplemma (simplemma 2.0 alone, lower-cased), lemma_main (pipeline.language before
the issue's fixes) and lemma_after (pipeline.language now) are compared with correct_lemma.

Usage: python -m bench.lemma_eval.score
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
from scipy.stats import norm

JUDGED = Path(__file__).with_name("judged.csv")


def wilson(k: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval of k successes in n trials."""
    z = norm.ppf(0.5 + confidence / 2)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * ((p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5) / (1 + z * z / n)
    return centre - half, centre + half


def score(judged: pd.DataFrame) -> pd.DataFrame:
    """One row per lemmatiser: correct, n, accuracy, Wilson low and high."""
    rows = []
    for column in ("simplemma", "main", "after"):
        k, n = int((judged[f"{column}_correct"] == "y").sum()), len(judged)
        low, high = wilson(k, n)
        rows.append({"lemmatiser": column, "correct": k, "n": n, "accuracy": k / n, "wilson_low": low, "wilson_high": high})
    return pd.DataFrame(rows)


if __name__ == "__main__":
    print(score(pd.read_csv(JUDGED)).round(3).to_string(index=False))
