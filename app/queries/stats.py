"""Keyness and trend statistics, pure numpy on count arrays: Dunning's G², its p-value, Hardie's Log Ratio."""
from __future__ import annotations

import math

import numpy as np


#: Critical values of G² (chi-squared, 1 degree of freedom) shown as significance thresholds.
G2_THRESHOLDS = ((10.83, 0.001), (6.63, 0.01), (3.84, 0.05))


def log_likelihood(a, b, size_a: float, size_b: float) -> np.ndarray:
    """Dunning's log-likelihood G² of counts a (in a corpus of size_a words) against b (in size_b), Rayson's formula.

    E1 = size_a·(a+b)/(size_a+size_b), E2 = size_b·(a+b)/(size_a+size_b),
    G² = 2·(a·ln(a/E1) + b·ln(b/E2)), where a term with a zero count contributes 0.
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    total = size_a + size_b
    if size_a <= 0 or size_b <= 0:
        return np.zeros(np.broadcast(a, b).shape)
    e1 = size_a * (a + b) / total
    e2 = size_b * (a + b) / total
    with np.errstate(divide="ignore", invalid="ignore"):
        part_a = np.where(a > 0, a * np.log(np.where(a > 0, a, 1.0) / np.where(e1 > 0, e1, 1.0)), 0.0)
        part_b = np.where(b > 0, b * np.log(np.where(b > 0, b, 1.0) / np.where(e2 > 0, e2, 1.0)), 0.0)
    return 2.0 * (part_a + part_b)


def g2_p_value(g2) -> np.ndarray:
    """p-value of G² under chi-squared with 1 degree of freedom: erfc(sqrt(G²/2))."""
    values = np.asarray(g2, dtype=float)
    return np.vectorize(lambda v: math.erfc(math.sqrt(max(v, 0.0) / 2.0)), otypes=[float])(values)


def log_ratio(a, b, size_a: float, size_b: float, zero: float = 0.5) -> np.ndarray:
    """Hardie's Log Ratio: log2 of the ratio of relative frequencies; a zero count is replaced by `zero` (0.5)."""
    a = np.where(np.asarray(a, dtype=float) > 0, np.asarray(a, dtype=float), zero)
    b = np.where(np.asarray(b, dtype=float) > 0, np.asarray(b, dtype=float), zero)
    return np.log2((a / size_a) / (b / size_b))


def significance_label(p_value: float) -> str:
    """"p<0.001", "p<0.01", "p<0.05" or "n.s." for a p-value."""
    for _, level in G2_THRESHOLDS:
        if p_value < level:
            return f"p<{level:g}"
    return "n.s."
