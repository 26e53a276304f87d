"""Split the 36 held-out organisations of data/eval/organisation_split.csv into part A and part B (2026-12-05).

Why: the held-out figures of the first round (2026-12-04) showed the rules failing on unseen organisations
(digital competence P 0.50, practice placements R 0.58) but nobody may look at *which* held-out passages
failed without contaminating the figure. So, before any rule changes, the held-out organisations are split:

* ``A`` moves to tuning: its rows may now be read, its errors inspected, its text used to change rules;
* ``B`` stays untouched: its per-passage errors are never inspected until the final measurement.

Whole organisations only. Stratified so that B keeps roughly half of the held-out positives of the two named
themes (counted from the labels of data/eval/theme_judgements.csv as of commit 460eed1, not from the tagger):
the organisations with at least one such positive are visited in a seeded random order and each goes to B
when that brings B's positives closer to half of the total (sum of the two themes' distances), else to A;
the organisations without one are shuffled with the same generator and alternate B, A, B, …

    python -m bench.split_heldout   # writes data/eval/heldout_parts.csv
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20261205
NAMED = ("practice_placements", "digital_competence")
ROOT = Path(__file__).resolve().parents[1]


def positives(judgements: pd.DataFrame, organisations: list[str]) -> dict[str, tuple[int, ...]]:
    """organisation -> (yes-labels per named theme) over development-corpus rows."""
    rows = judgements.loc[(judgements["source"] == "helsereform") & (judgements["label"] == "yes")]
    return {o: tuple(int(((rows["organisation"] == o) & (rows["theme_id"] == t)).sum()) for t in NAMED)
            for o in organisations}


def heldout_parts(counts: dict[str, tuple[int, ...]], seed: int = SEED) -> dict[str, str]:
    """organisation -> 'A' | 'B' (see the module docstring)."""
    rng = np.random.default_rng(seed)
    names = sorted(counts)
    order = [names[i] for i in rng.permutation(len(names))]
    half = [sum(c[k] for c in counts.values()) / 2 for k in range(len(NAMED))]
    in_b = [0] * len(NAMED)
    parts: dict[str, str] = {}

    def distance(totals: list[int]) -> float:
        return sum(abs(t - h) for t, h in zip(totals, half))

    for org in (o for o in order if any(counts[o])):
        with_org = [b + c for b, c in zip(in_b, counts[org])]
        if distance(with_org) < distance(in_b):
            parts[org], in_b = "B", with_org
        else:
            parts[org] = "A"
    for k, org in enumerate(o for o in order if not any(counts[o])):
        parts[org] = "B" if k % 2 == 0 else "A"
    return dict(sorted(parts.items()))


if __name__ == "__main__":
    judgements = pd.read_csv(ROOT / "data" / "eval" / "theme_judgements.csv", dtype=str, keep_default_na=False)
    split = pd.read_csv(ROOT / "data" / "eval" / "organisation_split.csv")
    heldout = split.loc[split["split"] == "heldout", "organisation"].tolist()
    counts = positives(judgements, heldout)
    parts = heldout_parts(counts)
    frame = pd.DataFrame({"organisation": list(parts), "part": list(parts.values()),
                          "practice_placements_yes": [counts[o][0] for o in parts],
                          "digital_competence_yes": [counts[o][1] for o in parts]})
    frame.to_csv(ROOT / "data" / "eval" / "heldout_parts.csv", index=False)
    print(frame.groupby("part")[["practice_placements_yes", "digital_competence_yes"]].sum())
    print(frame.groupby("part").size())
