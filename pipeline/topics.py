"""Topic model over passages: NMF on TF-IDF of content lemmas, k chosen by coherence and stability.

A scikit-learn style estimator: ``TopicModel(params).fit(units)`` learns ``k_``,
``coherence_by_k_``, ``stability_`` (per topic), ``components_`` and the rest; ``diagnostics()``
and ``tables()`` are built once from those attributes. ``fit_topics`` is the build's entry.

Method (see ../shared/research/NLP-NOTES.md, "Topics and keywords"):

* Unit. Analysed passages (``schema.ANALYSED_KINDS``) of a document, in order, are merged until a unit holds at least ``min_unit_words`` content lemmas;
  a short tail joins the document's last unit. Units never cross documents.
* Terms. Counts per unit (``count_matrix``: ``CountVectorizer(min_df, max_df)``), then
  ``TfidfTransformer(sublinear_tf=True)``. Three kinds of term are left out of the fit (they stay in
  term_counts, so keyness still shows them): genre vocabulary (``GENRE_TERMS``, a documented list,
  plus terms present in more than ``genre_df`` of the documents when there are at least
  ``min_docs_for_genre_df``: what every submission says about
  itself, "innspill", "utvalg", "høring"); terms of one organisation (used by fewer than
  ``min_term_orgs`` organisations, or more than ``max_org_share`` of their uses from one:
  "audiograf" in two hearing-care letters is that organisation's keyness, not a corpus theme); and
  the organisations' own names.
* Long documents. A document's units count as at most ``doc_cap`` units (the ``doc_cap_quantile``
  of units per document): the rows of a longer document are scaled by sqrt(doc_cap / its units),
  so its share of the NMF loss is that of a document of doc_cap units. Topic shares are computed
  with the same per-document cap. On the development corpus one white paper held 26 % of all words
  and 33-42 % of three topics' weight before.
* Model. scikit-learn NMF, ``init="nndsvd"`` (deterministic); above ``minibatch_threshold`` units H
  is fitted on a seeded sample and W of every unit by projection (``large_fit="sample"``) or
  MiniBatchNMF on all (``"minibatch"``). LDA is not offered (NLP-NOTES: negative NPMI at every k).
* Coherence. NPMI of each topic's top 10 terms over boolean sliding windows of 10 lemmas within
  units; a pair that never co-occurs scores -1.
* Stability, per topic. NNDSVD refits on ``n_stability_seeds`` seeded random subsamples of
  ``stability_fraction`` of the units; a topic reappears in a refit when some refit topic's top-10
  set has Jaccard >= ``reappear_jaccard`` with its own (7 of 10 terms shared). ``stability_`` is
  the share of refits in which each topic reappears.
* Choice of k. The scanned range scales with the corpus (``k_range=None``: 3 to
  clamp(round(sqrt(units) / 3), 5, 20), at most ``max_scanned_k`` values). Each k is fitted with
  ``n_scan_seeds`` seeds (coherence: mean NPMI) and refitted on the subsamples (stability). ``k_choice="one_se"``
  applies the one-standard-error rule to both: a k is stable when its topics reappear in at least
  ``stable_threshold`` of the refits on average, or fall short of it by at most ``k_se`` standard errors over its
  topics (``stability_se_by_k_``); the stable k of best mean NPMI is the reference (``k_best_``); the choice is the
  smallest stable k whose NPMI is at most ``k_se`` times the reference's spread over its refits (the standard
  deviation of the refits' mean NPMI, ``coherence_refit_sd_by_k_``) below the reference's. On the development corpus
  (2026-12-07) 1 % fewer passages moved the means of k = 8 and 10 across the threshold and their NPMI past each other,
  and the best-NPMI rule chose 5, 8 or 10 (the perturbed fits agreed with the full one in 1 of 10; with this rule 6 of
  10, always k = 8 or 10, or 5 once). None stable: the best NPMI, and no topic is reliable (each topic is still
  reliable only at ``stable_threshold`` itself). ``k_choice="best"`` is the rule before: the best NPMI among the k
  whose mean reaches the threshold. Counting reliable topics instead was tried and rejected: on planted corpora it
  splits a theme into two halves that both reappear. The spread of NPMI over the ``n_scan_seeds`` seeds
  (``coherence_sd_by_k_``) is no measure of the noise: NNDSVD's seeds gave the same fit (sd <= 0.0001) for k <= 10
  there; nor is the spread of NPMI over the topics (a planted corpus with a fourth, distinct topic of higher NPMI
  lost it). A choice at an end of the scanned range is said so in ``k_selection_`` and
  ``diagnostics()["k_at_range_end"]``.
* Reliability. ``tables()`` marks each topic ``is_reliable``; the app shows only those, and says
  the corpus is too small when none is (``diagnostics()["reliable"]``).
* Labels. Each topic's 3 most characteristic terms (LDAvis relevance, lambda 0.6, among its top 10)
  and, as ``example``, from its most representative unit (the strongest of those where the topic
  holds at least half the weight; the next of the five strongest when it gives none): a section title that names one of the topic's top terms, else
  the sentence holding most of them.
* Scale. The k scan, the stability refits and the coherence use a seeded sample of at most
  ``scan_sample_units`` units, so their cost does not grow with the corpus.
"""
from __future__ import annotations

import math
import re
import time
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd
import pyarrow as pa
from scipy import sparse
from scipy.spatial.distance import jensenshannon
from sklearn.decomposition import NMF, MiniBatchNMF
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfTransformer
from threadpoolctl import threadpool_limits

from . import language, lemma_codes, schema
from .stages import Stages
from .lemma_codes import LemmaCodes, Lemmas

#: Only NMF is offered; kept as a field so build_info records the method by name.
METHODS = ("nmf",)

#: What a written submission says about itself, in every topic of a corpus of submissions:
#: the genre ("innspill", "høringssvar", "notat"), the addressees ("utvalg", "departement") and
#: the occasion ("høring", "mandat"). Lemma forms. Left out of topic fitting only.
GENRE_TERMS = frozenset(
    {
        "innspill", "høring", "høringssvar", "høringsinnspill", "høringsuttalelse", "høringsnotat", "uttalelse",
        "notat", "brev", "vedlegg", "mandat", "utvalg", "utvalget", "helsereformutvalg", "helsereformutvalget",
        "helsereform", "referansegruppe", "sekretariat", "departement", "helse-", "omsorgsdepartement",
        "helsedepartement", "helse- og omsorgsdepartement", "hod", "takke", "invitasjon", "anledning",
        "utfordringsbilde", "innledning", "oppsummering", "kontakt", "vennlig", "hilsen", "referanse",
    }
)

#: Generic words that topped a topic of the development corpus without naming a theme ("siste"; "om lag" gives
#: "lag"). Left out of topic fitting only: language.ANALYSIS_STOPWORDS is shared with the demand grouping,
#: whose hand-judged pairs these words help.
GENERIC_TERMS = frozenset({"sist", "lag"})

#: An organisation name's lemma at least this frequent in wordfreq is an ordinary word ("kommune" in
#: "Kommunenes sentralforbund") and stays a term; rarer ones ("legeforening", "nito") are names.
_ORG_NAME_MAX_ZIPF = 3.5


@dataclass(frozen=True)
class TopicParams:
    """Settings of the topic model (stored in build_info.json)."""

    # inclusive bounds of the k scan; None: 3 .. clamp(round(sqrt(units) / 3), 5, 20)
    k_range: tuple[int, int] | None = None
    # content lemmas per unit: 20 (about 35–40 words) gave the best NPMI plateau on the seed corpus
    min_unit_words: int = 20
    n_top_terms: int = 30  # rows per topic in topic_terms
    random_state: int = 0
    n_stability_seeds: int = 5
    method: str = "nmf"
    k: int | None = None  # a fixed k skips the scan
    min_df: int = 2
    max_df: float = 0.5
    coherence_top_n: int = 10
    coherence_window: int = 10
    min_units: int = 6  # fewer units than this: no model
    min_passage_weight: float = 0.05  # smaller passage_topics weights are dropped
    minibatch_threshold: int = 20_000  # units; above it the large-corpus fit
    large_fit: str = "sample"  # "sample": H from minibatch_threshold units, W by projection; "minibatch": MiniBatchNMF
    scan_sample_units: int = 4_000
    stability_fraction: float = 0.8
    # NMF passes: at 200 most fits had not converged and refits on subsamples disagreed (development corpus,
    # k=18: topics reappearing in 0.73 of the refits; 0.87 at 400)
    max_iter: int = 400
    n_scan_seeds: int = 2  # NNDSVD seeds averaged per k for coherence
    max_scanned_k: int = 8  # at most this many k values in the scan (spread over the range)
    # A rebuild keeps the previous build's k while the units changed by at most this share (see fit_topics)
    rescan_share: float = 0.05
    reappear_jaccard: float = 0.5  # top-10 overlap at which a topic counts as reappearing in a refit
    stable_threshold: float = 0.8  # share of refits a reliable topic reappears in
    # "one_se": k is stable when its mean stability is within k_se standard errors (over its topics) of
    # stable_threshold or above, and the choice is the smallest stable k whose mean NPMI is within k_se standard
    # deviations (of the best's NPMI over the stability refits) of the best stable k's; "best": the best NPMI among the
    # k whose mean stability reaches stable_threshold (the rule before 2026-12-07)
    k_choice: str = "one_se"
    k_se: float = 1.0
    max_doc_share: float = 0.3  # a reliable topic has no document above this share of its weight
    doc_cap_quantile: float = 0.9  # a document counts as at most this quantile of units per document
    genre_df: float = 0.8  # terms in more than this share of the documents are genre vocabulary
    min_docs_for_genre_df: int = 20  # with fewer documents the rule above is off
    min_term_orgs: int = 3  # terms used by fewer organisations are one organisation's vocabulary
    max_org_share: float = 0.5  # ... or with more than this share of their uses from one organisation
    min_orgs_for_org_filter: int = 8  # with fewer organisations the two rules above are off

    def __post_init__(self) -> None:
        # JSON round trips turn the tuple into a list; accept it but keep the dataclass hashable.
        if self.k_range is not None:
            object.__setattr__(self, "k_range", tuple(int(v) for v in self.k_range))
            low, high = self.k_range
            if not 2 <= low <= high:
                raise ValueError(f"k_range must be (low, high) with 2 <= low <= high, got {self.k_range}")
        if self.large_fit not in ("sample", "minibatch"):
            raise ValueError(f"large_fit must be 'sample' or 'minibatch', got {self.large_fit!r}")
        if self.k_choice not in ("one_se", "best"):
            raise ValueError(f"k_choice must be 'one_se' or 'best', got {self.k_choice!r}")
        if self.method not in METHODS:
            raise ValueError(f"method must be one of {METHODS}, got {self.method!r}")
        if self.k is not None and self.k < 2:
            raise ValueError(f"k must be at least 2, got {self.k}")
        if self.min_unit_words < 1 or self.n_top_terms < 1 or self.coherence_top_n < 2:
            raise ValueError("min_unit_words and n_top_terms must be >= 1, coherence_top_n >= 2")


@dataclass(frozen=True)
class TopicTables:
    """Schema frames topics, topic_terms, passage_topics and JSON-able diagnostics."""

    topics: pd.DataFrame
    topic_terms: pd.DataFrame
    passage_topics: pd.DataFrame
    diagnostics: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Units:
    """Merged passages: what the topic model is fitted on.

    frame: passage_id, doc_id, unit for every analysed passage; codes: the units' lemmas;
    doc and organisation: per unit; passages: passage_id, section_title, text of (at least) those passages
    (for the topics' examples, looked up by passage_id; may be empty).
    """

    frame: pd.DataFrame
    codes: LemmaCodes
    doc: np.ndarray
    organisation: np.ndarray
    passages: pd.DataFrame

    def __len__(self) -> int:
        return len(self.codes)

    @cached_property
    def doc_index(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """distinct(doc): the documents, each unit's document among them and each one's units (several steps of the
        fit need them; np.unique sorted the 260,000 unit documents' strings each time, ~0.3 s a call at 10,000)."""
        return distinct(self.doc)

    def subset(self, which: Sequence[int]) -> Units:
        """The units `which` (in that order), renumbered 0..len(which)-1 (for subsample benchmarks)."""
        which = np.asarray(which, dtype=np.int64)
        renumber = pd.Series(np.arange(len(which)), index=which)
        frame = self.frame.loc[self.frame["unit"].isin(which)].copy()
        frame["unit"] = frame["unit"].map(renumber).astype(np.int64)
        codes = lemma_codes.encode(pa.array([lemma_codes.join(u) for u in self.codes.lists(which)], type=pa.large_string()))
        passages = self.passages.loc[self.passages["passage_id"].isin(frame["passage_id"])] if len(self.passages) else self.passages
        return Units(frame.sort_values("unit", kind="stable").reset_index(drop=True), codes, self.doc[which],
                     self.organisation[which], passages)


def distinct(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """np.unique(values, return_inverse=True, return_counts=True) of an array of strings: the sorted distinct values,
    each value's position among them and each one's count, by hashing (pandas.factorize) and sorting only the distinct
    values: the same arrays, where np.unique sorted every value of an object array (Python comparisons). Values that
    are not all strings (a missing value, a number) go to np.unique itself."""
    values = np.asarray(values)
    if values.dtype != object or not all(isinstance(v, str) for v in _sample(values)):
        return np.unique(values, return_inverse=True, return_counts=True)
    codes, uniques = pd.factorize(values, sort=True)
    if len(codes) and codes.min() < 0:
        return np.unique(values, return_inverse=True, return_counts=True)
    uniques = np.asarray(uniques, dtype=object)
    if not all(isinstance(v, str) for v in uniques):
        return np.unique(values, return_inverse=True, return_counts=True)
    return uniques, codes.astype(np.intp, copy=False), np.bincount(codes, minlength=len(uniques))


def _sample(values: np.ndarray, n: int = 64) -> np.ndarray:
    """A few of values (its first ones), for a cheap type check before the full one on the distinct values."""
    return values[:n]


def count_matrix(
    units: Sequence[Sequence[str]] | LemmaCodes, min_df: int = 2, max_df: float = 0.5
) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Unit x term counts and the alphabetical vocabulary, as CountVectorizer(analyzer=identity, min_df, max_df).

    Same result as scikit-learn's (a test checks it), but built from integer lemma codes
    instead of a Python loop over every token: 3-4x faster on 12M tokens.
    """
    if not isinstance(units, LemmaCodes):
        units = lemma_codes.encode(pa.array([lemma_codes.join(u) for u in units], type=pa.large_string()))
    n_units = len(units)
    if len(units.codes) == 0:
        return sparse.csr_matrix((n_units, 0), dtype=np.int64), np.array([], dtype=object)
    # A unit's tokens are one run of codes, so the CSR arrays are a copy of the codes (sum_duplicates
    # sorts them in place) and the unit offsets, without the COO detour.
    counts = sparse.csr_matrix(
        (np.ones(len(units.codes), dtype=np.int64), units.codes.copy(), units.offsets),
        shape=(n_units, len(units.vocabulary)),
    )
    counts.sum_duplicates()
    df = np.bincount(counts.indices, minlength=len(units.vocabulary))
    max_count = max_df if isinstance(max_df, int) else max_df * n_units
    keep = np.flatnonzero((df >= min_df) & (df <= max_count))
    return counts[:, keep].tocsr(), units.vocabulary[keep]


def merge_units(
    passages: pd.DataFrame, lemmas: Lemmas, min_unit_words: int = 25
) -> tuple[pd.DataFrame, list[list[str]]]:
    """merge_unit_codes with each unit's lemmas as a list of strings."""
    frame, units = merge_unit_codes(passages, lemmas, min_unit_words)
    return frame, units.lists()


def merge_unit_codes(
    passages: pd.DataFrame, lemmas: Lemmas, min_unit_words: int = 25
) -> tuple[pd.DataFrame, LemmaCodes]:
    """Merge analysed passages (schema.ANALYSED_KINDS), in order within each document, into units of >= min_unit_words lemmas.

    Returns (passage_id, doc_id, unit) for every analysed passage and the units' lemma codes.
    A document's short tail joins its last unit; a document shorter than the minimum is one unit.
    """
    kept = passages.loc[schema.is_analysed(passages["kind"]), ["passage_id", "doc_id", "position"]]
    kept = kept.sort_values(["doc_id", "position"], kind="stable")
    pids = kept["passage_id"].astype(str).tolist()
    docs = kept["doc_id"].astype(str).tolist()
    encoded = lemma_codes.encode_lemmas(pids, lemmas)
    lengths = encoded.lengths.tolist()
    unit_of = np.empty(len(pids), dtype=np.int64)
    n_units = 0
    current = 0  # lemmas in the open unit
    first_row = 0  # first row of the open unit
    doc_first_unit = 0  # index of the current document's first unit

    def close_tail(end: int) -> None:
        """End of a document: rows first_row..end join its last unit, or are its one unit."""
        nonlocal n_units
        if end > first_row:
            joins = n_units > doc_first_unit
            unit_of[first_row:end] = n_units - 1 if joins else n_units
            n_units += 0 if joins else 1

    for row, doc in enumerate(docs):
        if row and doc != docs[row - 1]:
            close_tail(row)
            first_row, current, doc_first_unit = row, 0, n_units
        current += lengths[row]
        if current >= min_unit_words:
            unit_of[first_row : row + 1] = n_units
            n_units += 1
            first_row, current = row + 1, 0
    close_tail(len(pids))
    # Rows are in document order and a tail joins the unit just before it, so every unit's
    # tokens are one contiguous run of the passages' tokens.
    unit_lengths = np.bincount(unit_of, weights=encoded.lengths, minlength=n_units).astype(np.int64)
    units = LemmaCodes(encoded.codes, unit_lengths, encoded.vocabulary)
    frame = pd.DataFrame({"passage_id": pids, "doc_id": docs, "unit": unit_of})
    return frame, units


def window_occurrences(token_terms: np.ndarray, lengths: np.ndarray, window: int) -> tuple[np.ndarray, np.ndarray, int]:
    """(window rows, term columns, number of windows) of every occurrence of a counted term in a sliding window.

    token_terms: each token's term index (-1: not counted), units one after another, `lengths` tokens each. A unit
    of n tokens has max(1, n - window + 1) windows, numbered on from the previous unit's; the token at position p
    is in its windows max(0, p - window + 1) .. min(p, windows - 1).
    """
    n_windows = np.maximum(1, lengths - window + 1)
    first_window = np.cumsum(n_windows) - n_windows
    unit = np.repeat(np.arange(len(lengths)), lengths)
    position = np.arange(len(token_terms)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    hit = token_terms >= 0
    unit, position, columns = unit[hit], position[hit], token_terms[hit]
    low = np.maximum(0, position - window + 1)
    high = np.minimum(position, n_windows[unit] - 1)
    spans = high - low + 1
    starts = np.repeat(low - np.cumsum(spans) + spans, spans) + np.arange(spans.sum())
    return np.repeat(first_window[unit], spans) + starts, np.repeat(columns, spans), int(n_windows.sum())


class WindowCounts:
    """Boolean sliding-window occurrence counts of a fixed term set, for NPMI.

    Each unit of n lemmas gives max(1, n - window + 1) windows; p(w) and p(w1, w2) are the
    shares of windows holding w, and both w1 and w2. `units` are lists of lemmas or a LemmaCodes
    (the build's units): from codes, no Python object is made per token (a loop over the 4,000 scan units'
    tokens took ~1 s a call, and the build makes two calls on every build, adding one document too).
    """

    def __init__(self, units: Sequence[Sequence[str]] | LemmaCodes, terms: Sequence[str], window: int = 10) -> None:
        self.index = {t: i for i, t in enumerate(dict.fromkeys(terms))}
        if isinstance(units, LemmaCodes):
            term_of_code = np.full(len(units.vocabulary), -1, dtype=np.int64)
            code_of = {str(t): c for c, t in enumerate(units.vocabulary)}
            for term, i in self.index.items():
                if term in code_of:
                    term_of_code[code_of[term]] = i
            token_terms, lengths = term_of_code[units.codes], np.asarray(units.lengths, dtype=np.int64)
        else:
            lengths = np.fromiter((len(tokens) for tokens in units), dtype=np.int64)
            token_terms = np.fromiter((self.index.get(t, -1) for tokens in units for t in tokens), dtype=np.int64,
                                      count=int(lengths.sum()))
        rows, cols, self.n_windows = window_occurrences(token_terms, lengths, window)
        occurrence = sparse.csr_matrix(
            (np.ones(len(rows), dtype=np.float64), (rows, cols)), shape=(max(self.n_windows, 1), len(self.index))
        )
        occurrence.sum_duplicates()
        occurrence.data[:] = 1.0
        self.joint = (occurrence.T @ occurrence).toarray()

    def npmi(self, top_terms: Sequence[str]) -> float:
        """Mean NPMI over all pairs of top_terms (-1 for pairs that never share a window)."""
        idx = [self.index[t] for t in top_terms if t in self.index]
        if len(idx) < 2 or self.n_windows == 0:
            return float("nan")
        joint = self.joint[np.ix_(idx, idx)] / self.n_windows
        single = np.diag(joint)
        upper = np.triu_indices(len(idx), k=1)
        p_ij = joint[upper]
        p_i_p_j = single[upper[0]] * single[upper[1]]
        with np.errstate(divide="ignore", invalid="ignore"):
            pmi = np.log(p_ij / p_i_p_j)
            score = np.where(p_ij >= 1.0, 1.0, pmi / -np.log(p_ij))
        score = np.where(p_ij > 0, score, -1.0)
        return float(score.mean())


def npmi_coherence(
    units: Sequence[Sequence[str]], topics_top_terms: Sequence[Sequence[str]], window: int = 10
) -> list[float]:
    """NPMI coherence of each topic's top terms over sliding windows of `window` lemmas in units."""
    counts = WindowCounts(units, [t for terms in topics_top_terms for t in terms], window)
    return [counts.npmi(terms) for terms in topics_top_terms]


def _fit_nmf(
    x, k: int, seed: int, max_iter: int, how: str = "nmf", fit_rows: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """W (units x k), H (k x terms) of one fit (fit_topics silences convergence warnings).

    how: "nmf" on all rows; "minibatch" MiniBatchNMF on all rows; "sample" NMF on fit_rows,
    then W of all rows by projection on the fitted H.
    """
    if how == "minibatch":
        model = MiniBatchNMF(n_components=k, init="nndsvd", random_state=seed, batch_size=4096, max_iter=max_iter)
    else:
        model = NMF(n_components=k, init="nndsvd", random_state=seed, max_iter=max_iter)
    if how == "sample":
        model.fit(x[fit_rows])
        w = model.transform(x)
    else:
        w = model.fit_transform(x)
    return w, model.components_


def _top_terms(h: np.ndarray, vocabulary: np.ndarray, n: int) -> list[list[str]]:
    order = np.argsort(-h, axis=1, kind="stable")[:, :n]
    return [vocabulary[row].tolist() for row in order]


def _jaccard_match(reference: list[list[str]], other: list[list[str]]) -> np.ndarray:
    """For each reference topic, the best Jaccard overlap with any topic of `other`."""
    ref_sets = [set(t) for t in reference]
    other_sets = [set(t) for t in other]
    return np.array([max(len(a & b) / len(a | b) for b in other_sets) for a in ref_sets])


def _label(terms: Sequence[str], taken: set[str]) -> str:
    """Top three terms, skipping one that is another's compound part (praksis / praksisplass)."""

    def related(a: str, b: str) -> bool:
        short, long_ = sorted((a, b), key=len)
        if short in long_.split("-"):  # afp / afp-ordning
            return True
        return len(short) >= 4 and (long_.startswith(short) or long_.endswith(short))

    chosen: list[str] = []
    for term in terms:
        if not any(related(term, c) for c in chosen):
            chosen.append(term)
        label = " · ".join(chosen)
        if len(chosen) >= 3 and label not in taken:
            return label
    return " · ".join(chosen) if chosen else "—"


def _topic_map(h_norm: np.ndarray) -> np.ndarray:
    """2-D coordinates: classical MDS (PCoA) of Jensen–Shannon distances between topics, as LDAvis."""
    k = h_norm.shape[0]
    dist = np.zeros((k, k))
    for i in range(k):
        for j in range(i + 1, k):
            dist[i, j] = dist[j, i] = jensenshannon(h_norm[i], h_norm[j], base=2)
    centre = np.eye(k) - np.full((k, k), 1.0 / k)
    b = -0.5 * centre @ (dist**2) @ centre
    values, vectors = np.linalg.eigh(b)
    order = np.argsort(values)[::-1][:2]
    coords = vectors[:, order] * np.sqrt(np.clip(values[order], 0, None))
    if coords.shape[1] < 2:
        coords = np.pad(coords, ((0, 0), (0, 2 - coords.shape[1])))
    # eigenvectors have arbitrary sign: fix it so the same model always draws the same map
    for c in range(2):
        col = coords[:, c]
        if col[np.argmax(np.abs(col))] < 0:
            coords[:, c] = -col
    return np.round(coords, 12) + 0.0


def make_units(
    passages: pd.DataFrame,
    lemmas: Lemmas,
    min_unit_words: int = 20,
    organisations: Mapping[str, str] | None = None,
) -> Units:
    """Units of the analysed passages (see merge_unit_codes); organisations maps doc_id -> organisation
    (a document without one is its own organisation)."""
    frame, codes = merge_unit_codes(passages, lemmas, min_unit_words)
    first = frame.drop_duplicates("unit").sort_values("unit")
    doc = first["doc_id"].to_numpy(dtype=object)
    organisations = organisations or {}
    organisation = np.array([organisations.get(d, d) for d in doc], dtype=object)
    columns = [c for c in ("passage_id", "section_title", "text") if c in passages]
    # All passages, not only the units': selecting the units' rows copied the text of 380,000 passages (~300 MB at
    # 10,000 documents) for the few units whose passages give the topics' examples, which are looked up by id.
    kept = passages[columns]
    return Units(frame, codes, doc, organisation, kept.assign(passage_id=kept["passage_id"].astype(str)))


def organisation_name_terms(organisations: Sequence[str]) -> frozenset[str]:
    """Content lemmas of organisation names that are names, not ordinary words ("legeforening", "nito")."""
    terms = {t for name in set(organisations) for t in language.content_lemmas(str(name))}
    return frozenset(t for t in terms if language.zipf(t) < _ORG_NAME_MAX_ZIPF)


def excluded_terms(counts: sparse.csr_matrix, vocabulary: np.ndarray, units: Units, params: TopicParams) -> dict[str, list[str]]:
    """Terms left out of the fit, by reason: genre, organisation (one organisation's vocabulary), name."""
    docs, doc_idx, _ = units.doc_index
    orgs, org_idx, _ = distinct(units.organisation)
    org_of_unit = sparse.csr_matrix((np.ones(len(units)), (org_idx, np.arange(len(units)))), shape=(len(orgs), len(units)))
    doc_freq = document_frequency(counts, doc_idx) / max(len(docs), 1)
    genre = set(vocabulary) & (GENRE_TERMS | GENERIC_TERMS)
    if len(docs) >= params.min_docs_for_genre_df:  # in a few documents every theme is in most of them
        genre |= {str(t) for t, df in zip(vocabulary, doc_freq) if df > params.genre_df}
    out = {"genre": sorted(genre), "organisation": [], "name": []}
    if len(orgs) >= params.min_orgs_for_org_filter:
        # uses weighted like the fit (a long document counts as doc_cap units), else the white paper
        # that holds a quarter of the words would own half the vocabulary
        weighted = sparse.diags(unit_weights(units, doc_cap(units, params.doc_cap_quantile))) @ counts
        by_org = (org_of_unit @ weighted).toarray()  # organisations x terms
        n_orgs = (by_org > 0).sum(axis=0)
        top_share = by_org.max(axis=0) / np.maximum(by_org.sum(axis=0), 1)
        concentrated = (n_orgs < params.min_term_orgs) | (top_share > params.max_org_share)
        out["organisation"] = sorted(str(t) for t in vocabulary[concentrated] if t not in genre)
        names = organisation_name_terms(orgs.tolist())
        out["name"] = sorted(str(t) for t in set(vocabulary) & names if t not in genre and t not in out["organisation"])
    return out


def document_frequency(counts: sparse.spmatrix, doc_of_row: np.ndarray) -> np.ndarray:
    """Per column, the number of documents with a stored entry in it in one of their rows (doc_of_row: each row's
    document code). When the rows come in document order (make_units' units do), each column's entries in CSC order
    (rows ascending) are counted where their document changes, instead of a documents x rows product (~0.35 s less at
    10,000 documents); otherwise that product."""
    doc_of_row = np.asarray(doc_of_row)
    present = counts.tocsc()
    if len(doc_of_row) > 1 and not bool((doc_of_row[1:] >= doc_of_row[:-1]).all()):
        present.data[:] = 1
        n_docs = int(doc_of_row.max()) + 1
        doc_of_unit = sparse.csr_matrix((np.ones(len(doc_of_row)), (doc_of_row, np.arange(len(doc_of_row)))),
                                        shape=(n_docs, len(doc_of_row)))
        return np.asarray(((doc_of_unit @ present) > 0).sum(axis=0)).ravel()
    present.sort_indices()
    doc = doc_of_row[present.indices]
    new = np.ones(len(doc), dtype=bool)  # an entry whose document differs from the one before it in its column
    new[1:] = doc[1:] != doc[:-1]
    lengths = np.diff(present.indptr)
    new[present.indptr[:-1][lengths > 0]] = True  # a column's first entry
    column = np.repeat(np.arange(present.shape[1]), lengths)
    return np.bincount(column[new], minlength=present.shape[1])


def doc_cap(units: Units, quantile: float) -> float:
    """Units a document counts as at most: the given quantile of units per document (at least 1)."""
    _, _, per_doc = units.doc_index
    return max(1.0, float(np.quantile(per_doc, quantile))) if len(per_doc) else 1.0


def unit_weights(units: Units, cap: float) -> np.ndarray:
    """Each unit's weight: min(1, cap / units of its document), so no document counts as more than cap units."""
    _, idx, per_doc = units.doc_index
    return np.minimum(1.0, cap / per_doc[idx])


def scan_range(n_units: int, params: TopicParams) -> tuple[int, int]:
    """The k range to scan: params.k_range, or 3 .. clamp(round(sqrt(n_units) / 3), 5, 20)."""
    if params.k_range is not None:
        return params.k_range
    return 3, int(min(20, max(5, round(math.sqrt(n_units) / 3))))


def scanned_ks(low: int, high: int, cap: int, at_most: int) -> list[int]:
    """k values to scan: every k of low..min(high, cap), or at_most of them spread evenly."""
    high = min(high, cap)
    low = min(low, high)
    if high - low + 1 <= at_most:
        return list(range(low, high + 1))
    return sorted({int(round(v)) for v in np.linspace(low, high, at_most)})


def _subsample_tops(x, k: int, vocabulary: np.ndarray, params: TopicParams) -> list[list[list[str]]]:
    """Top terms of NNDSVD refits on n_stability_seeds seeded random subsamples of the rows of x."""
    n = x.shape[0]
    n_sub = max(k + 1, int(round(params.stability_fraction * n)))
    if n_sub >= n or params.n_stability_seeds < 1:
        return []
    subsamples = [
        np.sort(np.random.default_rng(params.random_state + 1 + s).choice(n, n_sub, replace=False))
        for s in range(params.n_stability_seeds)
    ]
    fits = [_fit_nmf(x[sub], k, params.random_state, params.max_iter) for sub in subsamples]
    return [_top_terms(h_sub, vocabulary, params.coherence_top_n) for _, h_sub in fits]


def _reappearance(tops: list[list[str]], runs: list[list[list[str]]], threshold: float) -> tuple[np.ndarray, np.ndarray]:
    """Per topic: share of runs it reappears in (best Jaccard >= threshold), and mean best Jaccard."""
    if not runs:
        return np.full(len(tops), np.nan), np.full(len(tops), np.nan)
    best = np.array([_jaccard_match(tops, run) for run in runs])  # runs x topics
    return (best >= threshold).mean(axis=0), best.mean(axis=0)


def _doc_shares(w: np.ndarray, weights: np.ndarray, doc: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per topic: the largest share of its (capped) weight from one document, and that document."""
    w_norm = _row_normalised(w) * weights[:, None]
    docs, idx, _ = distinct(doc)
    by_doc = np.zeros((len(docs), w.shape[1]))
    np.add.at(by_doc, idx, w_norm)
    totals = by_doc.sum(axis=0)
    share = np.divide(by_doc.max(axis=0), totals, out=np.zeros(w.shape[1]), where=totals > 0)
    return share, docs[by_doc.argmax(axis=0)] if len(docs) else np.array([], dtype=object)


def _row_normalised(m: np.ndarray) -> np.ndarray:
    total = m.sum(axis=1, keepdims=True)
    return np.divide(m, total, out=np.zeros_like(m), where=total > 0)


def standard_error(values: Sequence[float]) -> float:
    """Standard error of the mean of values (NaN left out; 0 for fewer than two)."""
    v = np.asarray(values, dtype=float)
    v = v[~np.isnan(v)]
    return float(np.std(v, ddof=1) / math.sqrt(len(v))) if len(v) > 1 else 0.0


def stable_on_average(stability: float, stability_se: float, params: TopicParams) -> bool:
    """Whether k's topics reappear in stable_threshold of the refits on average: with k_choice="one_se", unless the
    mean is more than k_se standard errors (over its topics) below it. The mean of 5 refits moved by 0.1-0.3 when
    1 % of the development corpus's passages were left out (k = 8: 0.72-1.00, k = 10: 0.52-0.86), so a sharp
    threshold let that noise choose k; the standard error over its topics measures it (0.03-0.15 there)."""
    if params.k_choice == "best":
        return stability >= params.stable_threshold
    return stability + params.k_se * stability_se >= params.stable_threshold


def refit_coherence_sd(units: LemmaCodes, runs: list[list[list[str]]], window: int) -> float:
    """Standard deviation over the stability refits of their topics' mean NPMI (on the scan units): how much k's
    coherence moves when the units change. 0 for fewer than two refits."""
    if len(runs) < 2:
        return 0.0
    windows = WindowCounts(units, [t for run in runs for top in run for t in top], window)
    means = [float(np.nanmean([windows.npmi(top) for top in run])) for run in runs]
    return float(np.std(means, ddof=1))


def select_k(
    ks: Sequence[int],
    coherence: Mapping[int, float],
    is_stable: Callable[[int], bool],
    noise: Callable[[int], float | None],
    choice: str = "one_se",
    n_se: float = 1.0,
) -> tuple[int, int | None]:
    """(chosen k, best stable k or None when no k is stable).

    The best stable k: the best mean NPMI (to 3 decimals, ties to the smaller k) among the k for which is_stable holds.
    "one_se" then takes the smallest stable k whose NPMI is at least the best's minus n_se times noise(best), the
    spread of the best's NPMI when the units change: ks within noise of each other are one answer, the simplest,
    where the best of them changed with the noise (the one-standard-error rule of model selection). No stable k: the
    best NPMI. is_stable is called lazily (it refits), down the NPMI order to the first stable k, then up from the
    smallest candidate to the first stable one; noise(best) after is_stable(best)."""
    order = sorted(ks, key=lambda k: (-round(coherence[k], 3), k))
    best = next((k for k in order if is_stable(k)), None)
    if best is None:
        return order[0], None
    if choice == "best":
        return best, best
    bar = coherence[best] - n_se * (noise(best) or 0.0)
    candidates = sorted(k for k in ks if k < best and coherence[k] >= bar)
    return next((k for k in candidates if is_stable(k)), best), best


def k_selection_text(
    k: int, best: int | None, ks: Sequence[int], coherence: Mapping[int, float], noise: Mapping[int, float],
    params: TopicParams,
) -> str:
    """Why k was chosen, for diagnostics()["k_selection"]."""
    scanned = f"scanned k = {ks[0]}..{ks[-1]}"
    short = "" if params.k_choice == "best" else f" (nor falls short of it by at most {params.k_se:g} standard error)"
    if best is None:
        return f"best mean NPMI; no k reaches a mean stability of {params.stable_threshold:.0%}{short}; {scanned}"
    if params.k_choice == "best":
        return (f"best mean NPMI among the k whose topics reappear in >= {params.stable_threshold:.0%} of the "
                f"refits on average; {scanned}")
    return (
        f"smallest k whose mean NPMI is within {params.k_se:g} x its spread over the refits of the best among the k "
        f"whose topics reappear in >= {params.stable_threshold:.0%} of the refits on average or fall short of it by at "
        f"most {params.k_se:g} standard error over its topics (k = {best}: NPMI {coherence[best]:.3f}, "
        f"sd {noise.get(best, 0.0):.3f}"
        + ("" if k == best else f"; k = {k}: {coherence[k]:.3f}") + f"); {scanned}"
    )


class TopicModel:
    """NMF topic model with k chosen by coherence and stability (see the module docstring).

    ``TopicModel(params, previous).fit(units)``; `previous` is the diagnostics of the model an
    earlier build fitted with the same params: while the number of units differs from its by at
    most params.rescan_share its k is kept and the scan skipped (adding one document to 10,000
    must not re-select the model). Learned attributes end in "_"; ``reason_`` is set instead
    when the corpus gives no model.
    """

    def __init__(self, params: TopicParams = TopicParams(), previous: Mapping | None = None) -> None:
        self.params = params
        self.previous = dict(previous or {})

    # -- fit ---------------------------------------------------------------------------------
    def fit(self, units: Units) -> TopicModel:
        """Learn the model from units (make_units); returns self."""
        # One BLAS thread: these matrices are too small to gain from more, and on the shared 2-core
        # machine threaded BLAS cost 3-4x the CPU time. Convergence warnings are not build problems.
        with threadpool_limits(limits=1), warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            self._fit(units)
        return self

    def _lap(self, stage: str) -> None:
        self._stages.done(stage)

    def _fail(self, reason: str) -> TopicModel:
        self.reason_ = reason
        self.k_ = 0
        return self

    def _fit(self, units: Units) -> None:
        params = self.params
        started = time.perf_counter()
        self._stages = Stages()  # the build's one stage timer, here over the fit's sub-steps
        self.timings_: dict[str, float] = self._stages.timings
        self.reason_: str | None = None
        self.units_ = units
        self.n_units_ = len(units)
        self.k_, self.coherence_by_k_, self.coherence_sd_by_k_, self.stability_by_k_ = 0, {}, {}, {}
        self.coherence_refit_sd_by_k_: dict[int, float] = {}
        self.stability_se_by_k_: dict[int, float] = {}
        self.k_best_: int | None = None
        self.n_reliable_by_k_: dict[int, int] = {}
        self.excluded_terms_: dict[str, list[str]] = {}
        self.vocabulary_ = np.array([], dtype=object)
        self.scan_n_units_ = self.n_scan_units_ = 0
        self.k_selection_, self.k_at_range_end_ = "", None
        self.fit_seconds_ = 0.0
        if self.n_units_ < params.min_units:
            return self._fail(f"too few units to fit topics: {self.n_units_} < {params.min_units}")
        counts, vocabulary = count_matrix(units.codes, params.min_df, params.max_df)
        if not len(vocabulary):
            return self._fail(
                f"no terms left for topics: none in at least {params.min_df} and at most max_df={params.max_df} of the units"
            )
        self.excluded_terms_ = excluded_terms(counts, vocabulary, units, params)
        dropped = {t for terms in self.excluded_terms_.values() for t in terms}
        keep = np.array([t not in dropped for t in vocabulary], dtype=bool)
        counts, vocabulary = counts[:, keep].tocsr(), vocabulary[keep]
        self.vocabulary_, self.counts_ = vocabulary, counts
        if not len(vocabulary):
            return self._fail("no terms left for topics after genre and organisation terms were left out")
        self.doc_cap_ = doc_cap(units, params.doc_cap_quantile)
        self.unit_weight_ = unit_weights(units, self.doc_cap_)
        x = TfidfTransformer(sublinear_tf=True).fit_transform(counts)
        x = sparse.diags(np.sqrt(self.unit_weight_)) @ x  # a long document's loss share capped
        self._lap("units_and_tfidf")
        k_cap = min(self.n_units_ - 1, len(vocabulary) - 1)
        self.k_range_ = scan_range(self.n_units_, params)
        if k_cap < 2:
            return self._fail(f"too few units or terms for 2 topics: {self.n_units_} units, {len(vocabulary)} terms")
        how = params.large_fit if self.n_units_ > params.minibatch_threshold else "nmf"
        self.method_ = {
            "nmf": "nmf",
            "minibatch": "minibatch_nmf",
            "sample": f"nmf on {params.minibatch_threshold} sampled units, W of all units by projection",
        }[how]
        rng = np.random.default_rng(params.random_state)
        if self.n_units_ > params.scan_sample_units:
            scan_idx = np.sort(rng.choice(self.n_units_, params.scan_sample_units, replace=False))
        else:
            scan_idx = np.arange(self.n_units_)
        x_scan, scan_vocabulary = x[scan_idx], vocabulary
        if len(scan_idx) < self.n_units_:
            # min_df again within the sample: NMF cost grows with the columns, and rarer ones cannot lead a topic
            columns = np.flatnonzero(x_scan.getnnz(axis=0) >= params.min_df)
            x_scan, scan_vocabulary = x_scan[:, columns], vocabulary[columns]
            k_cap = min(k_cap, len(columns) - 1)
            if k_cap < 2:
                return self._fail(f"too few terms in the scan sample: {len(columns)}")
        self.n_scan_units_ = len(scan_idx)
        units_scan = units.codes.subset(scan_idx)
        scan_weights, scan_docs = self.unit_weight_[scan_idx], units.doc[scan_idx]

        kept_k = self._kept_k()
        if kept_k is not None:
            ks = [min(kept_k, k_cap)]
        elif params.k is not None:
            ks = [min(params.k, k_cap)]
        else:
            ks = scanned_ks(*self.k_range_, k_cap, params.max_scanned_k)
        # NNDSVD starts from a randomised SVD: one seed's NPMI curve moves by about +-0.02 per k,
        # so each k is scored by the mean over n_scan_seeds seeds; the first seed's fit is kept.
        seeds = [params.random_state + i for i in range(max(1, params.n_scan_seeds))]
        jobs = [(k, seed) for k in ks for seed in seeds]
        # One fit after another, never on threads: two fits calling OpenBLAS at once gave a forced rebuild of
        # unchanged input topic shares that differed in the fourth decimal (CI of stop 23, identical units), so only
        # sequential fits keep the model a function of its input (about 8 s more at 10,000 documents).
        fitted = {(k, seed): _fit_nmf(x_scan, k, seed, params.max_iter) for k, seed in jobs}
        fits = {k: fitted[k, params.random_state] for k in ks}
        seed_tops = {key: _top_terms(h, scan_vocabulary, params.coherence_top_n) for key, (_, h) in fitted.items()}
        del fitted
        windows = WindowCounts(units_scan, [t for top in seed_tops.values() for ts in top for t in ts], params.coherence_window)
        by_seed = {key: float(np.mean([windows.npmi(ts) for ts in top])) for key, top in seed_tops.items()}
        self.coherence_by_k_ = {k: float(np.mean([by_seed[k, s] for s in seeds])) for k in ks}
        self.coherence_sd_by_k_ = {k: float(np.std([by_seed[k, s] for s in seeds])) for k in ks}
        self._lap("k_scan")
        # Stability refits only where the choice needs them: down the coherence order to the first stable k, then
        # (one_se) up from the smallest k within its standard error to the first stable one.
        runs, reliable = {}, {}

        def is_stable(k: int) -> bool:
            if k not in runs:
                tops = seed_tops[k, params.random_state]
                runs[k] = _subsample_tops(x_scan, k, scan_vocabulary, params)
                reappears, _ = _reappearance(tops, runs[k], params.reappear_jaccard)
                shares, _ = _doc_shares(fits[k][0], scan_weights, scan_docs)
                self.stability_by_k_[k] = float(np.nanmean(reappears)) if runs[k] else float("nan")
                self.stability_se_by_k_[k] = standard_error(reappears) if runs[k] else float("nan")
                self.coherence_refit_sd_by_k_[k] = refit_coherence_sd(units_scan, runs[k], params.coherence_window)
                reliable[k] = int(((reappears >= params.stable_threshold) & (shares <= params.max_doc_share)).sum())
            # too few units for subsamples: no evidence against k
            return not runs[k] or stable_on_average(self.stability_by_k_[k], self.stability_se_by_k_[k], params)

        self.scan_n_units_ = self.n_units_
        self.k_best_ = None
        if kept_k is not None:
            best_k = ks[0]
            is_stable(best_k)
            self.scan_n_units_ = self.previous.get("scan_n_units", self.previous.get("n_units", self.n_units_))
            self.k_selection_ = (
                f"kept from the previous build: {self.n_units_} units against the {self.scan_n_units_} of the "
                f"scan that chose k (rescanned beyond {params.rescan_share:.0%})"
            )
        elif params.k is not None:
            best_k, self.k_selection_ = ks[0], "fixed k"
            is_stable(best_k)
        else:
            best_k, self.k_best_ = select_k(ks, self.coherence_by_k_, is_stable, self.coherence_refit_sd_by_k_.get,
                                            params.k_choice, params.k_se)
            self.k_selection_ = k_selection_text(best_k, self.k_best_, ks, self.coherence_by_k_,
                                                 self.coherence_refit_sd_by_k_, params)
            if len(ks) > 1 and best_k in (ks[0], ks[-1]):
                self.k_at_range_end_ = "low" if best_k == ks[0] else "high"
                self.k_selection_ += f"; k is at the {self.k_at_range_end_} end of the scanned range"
        self.n_reliable_by_k_ = reliable
        self._lap("stability")
        self.k_ = best_k

        if len(scan_idx) == self.n_units_:
            w, h = fits[best_k]
        else:
            fit_rows = None
            if how == "sample":
                fit_rows = np.sort(rng.choice(self.n_units_, params.minibatch_threshold, replace=False))
            w, h = _fit_nmf(x, best_k, params.random_state, params.max_iter, how, fit_rows)
        self.components_, self.unit_topics_ = h, w
        top_final = _top_terms(h, vocabulary, params.coherence_top_n)
        final_windows = WindowCounts(units_scan, [t for ts in top_final for t in ts], params.coherence_window)
        self.coherence_ = np.array([final_windows.npmi(ts) for ts in top_final])
        self.stability_, self.mean_jaccard_ = _reappearance(top_final, runs[best_k], params.reappear_jaccard)
        self.top_doc_share_, self.top_doc_ = _doc_shares(w, self.unit_weight_, units.doc)
        self.is_reliable_ = (np.nan_to_num(self.stability_) >= params.stable_threshold) & (
            self.top_doc_share_ <= params.max_doc_share
        )
        self._lap("final_fit")
        self.fit_seconds_ = round(time.perf_counter() - started, 4)

    def _kept_k(self) -> int | None:
        """The previous model's k if it may be kept for these units (see the class docstring), else None."""
        previous, params = self.previous, self.params
        # against the units of the scan that chose k, so that many small additions add up to a rescan
        k, before = previous.get("k") or 0, previous.get("scan_n_units") or previous.get("n_units") or 0
        if params.k is not None or k < 2 or before <= 0 or "coherence_by_k" not in previous:
            return None
        return int(k) if abs(self.n_units_ - before) <= params.rescan_share * before else None

    # -- outputs -----------------------------------------------------------------------------
    def diagnostics(self) -> dict:
        """JSON-able summary for build_info.json, built from the learned attributes."""
        params = self.params
        out: dict = {
            "method": getattr(self, "method_", params.method),
            "k": int(self.k_),
            "coherence_by_k": {str(k): round(v, 4) for k, v in self.coherence_by_k_.items()},
            "coherence_sd_by_k": {str(k): round(v, 4) for k, v in self.coherence_sd_by_k_.items()},
            "coherence_refit_sd_by_k": {str(k): round(v, 4) for k, v in self.coherence_refit_sd_by_k_.items()},
            "stability_by_k": {str(k): round(v, 4) for k, v in self.stability_by_k_.items() if not math.isnan(v)},
            "stability_se_by_k": {str(k): round(v, 4) for k, v in self.stability_se_by_k_.items() if not math.isnan(v)},
            "n_reliable_by_k": {str(k): int(v) for k, v in self.n_reliable_by_k_.items()},
            "stability": {},
            "n_units": int(self.n_units_),
            "n_terms": int(len(self.vocabulary_)),
            "excluded_terms": {reason: len(terms) for reason, terms in self.excluded_terms_.items()},
            "excluded_examples": {reason: terms[:30] for reason, terms in self.excluded_terms_.items()},
            "min_unit_words": params.min_unit_words,
            "coherence": f"NPMI of top {params.coherence_top_n} terms, "
            f"sliding windows of {params.coherence_window} lemmas within units",
            "fit_seconds": self.fit_seconds_,
            "timings": self.timings_,
            "n_scan_units": int(self.n_scan_units_),
            "scan_n_units": int(self.scan_n_units_),
            "k_selection": self.k_selection_,
            "k_best_npmi": self.k_best_,
            "k_at_range_end": self.k_at_range_end_,
            "reliable": False,
            "n_reliable": 0,
        }
        if self.previous.get("coherence_by_k") and self.k_selection_.startswith("kept"):
            out["coherence_by_k"] = dict(self.previous["coherence_by_k"]) | out["coherence_by_k"]
            out["coherence_sd_by_k"] = dict(self.previous.get("coherence_sd_by_k") or {}) | out["coherence_sd_by_k"]
        if self.reason_ is not None:
            return {**out, "k": 0, "reason": self.reason_}
        out["k_range"] = list(self.k_range_)
        out["doc_cap_units"] = round(self.doc_cap_, 2)
        out["n_reliable"] = int(self.is_reliable_.sum())
        out["reliable"] = bool(self.is_reliable_.any())
        if not out["reliable"]:
            out["reason"] = (
                f"no topic reappears in {params.stable_threshold:.0%} of {params.n_stability_seeds} refits on "
                f"{params.stability_fraction:.0%} subsamples without one document holding more than "
                f"{params.max_doc_share:.0%} of its weight: the corpus is too small or too uniform for reliable topics"
            )
        if not np.isnan(self.stability_).all():
            out["stability"] = {
                "method": f"share of {params.n_stability_seeds} NNDSVD refits on random {params.stability_fraction:.0%} "
                f"subsamples of the {self.n_scan_units_} scan units in which a topic reappears (best-match Jaccard of "
                f"top-{params.coherence_top_n} sets >= {params.reappear_jaccard})",
                "mean": round(float(np.mean(self.stability_)), 4),
                "mean_jaccard": round(float(np.mean(self.mean_jaccard_)), 4),
                "by_topic": [round(float(v), 4) for v in self.stability_],
                "jaccard_by_topic": [round(float(v), 4) for v in self.mean_jaccard_],
            }
        return out

    def tables(self) -> TopicTables:
        """Schema frames topics, topic_terms, passage_topics of the fitted model, and diagnostics()."""
        if self.reason_ is not None:
            return TopicTables(
                schema.empty("topics"), schema.empty("topic_terms"), schema.empty("passage_topics"), self.diagnostics()
            )
        return TopicTables(*_tables(self), self.diagnostics())


def fit_topics(
    passages: pd.DataFrame,
    lemmas: Lemmas,
    params: TopicParams = TopicParams(),
    previous: Mapping | None = None,
    organisations: Mapping[str, str] | None = None,
) -> TopicTables:
    """Fit the topic model and return its tables; passages need passage_id, doc_id, position, kind (section_title
    and text give the topics' examples); organisations maps doc_id -> organisation."""
    units = make_units(passages, lemmas, params.min_unit_words, organisations)
    return TopicModel(params, previous).fit(units).tables()


def _relevance_order(h_norm: np.ndarray, corpus_weight: np.ndarray, n: int, lam: float = 0.6) -> np.ndarray:
    """Per topic, its top-n terms by weight re-ranked by LDAvis relevance (lambda * log p(w|t) + (1 - lambda) * lift)."""
    top = np.argsort(-h_norm, axis=1, kind="stable")[:, :n]
    with np.errstate(divide="ignore"):
        p = np.take_along_axis(h_norm, top, axis=1)
        relevance = lam * np.log(p) + (1 - lam) * np.log(p / np.maximum(corpus_weight[top], 1e-12))
    relevance = np.where(p > 0, relevance, -np.inf)
    return np.take_along_axis(top, np.argsort(-relevance, axis=1, kind="stable"), axis=1)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
#: Longest example shown: a section title or a sentence of a passage, cut at a word.
EXAMPLE_CHARS = 120


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXAMPLE_CHARS else text[:EXAMPLE_CHARS].rsplit(" ", 1)[0] + " …"


def _name_list(sentence: str) -> bool:
    """True for a list of names and places (signatures, participants): most words capitalised."""
    words = [w for w in sentence.split() if w[:1].isalpha()]
    return not words or sum(w[0].isupper() for w in words) > 0.4 * len(words)


def _example(passages: pd.DataFrame, terms: Sequence[str]) -> str:
    """A section title of these passages that names one of `terms` (lemmas), else the sentence holding most of them."""
    wanted = set(terms)
    if passages.empty or not wanted:
        return ""
    for title in passages.get("section_title", pd.Series(dtype=object)).fillna("").astype(str):
        if 2 <= len(title.split()) <= 14 and wanted & set(language.content_lemmas(title)):
            return _shorten(title)
    sentences = [s for text in passages.get("text", pd.Series(dtype=object)).fillna("").astype(str)
                 for s in _SENTENCE_END.split(text) if len(s.split()) >= 4 and not _name_list(s)]
    if not sentences:
        return ""
    hits = [len(wanted & set(language.content_lemmas(s))) for s in sentences]
    return _shorten(sentences[int(np.argmax(hits))])


def _unit_passages(frame: pd.DataFrame, unit_column: np.ndarray, unit: int) -> np.ndarray:
    """The passage ids of one unit, in the frame's order: a slice when the frame is in unit order (make_units' is), where
    comparing every row's unit took ~50 ms a call at 10,000 documents."""
    if len(unit_column) and bool((unit_column[1:] >= unit_column[:-1]).all()):
        low, high = np.searchsorted(unit_column, [unit, unit + 1])
        return frame["passage_id"].to_numpy()[low:high]
    return frame.loc[unit_column == unit, "passage_id"].to_numpy()


def _positions_in(index: pd.Index, ids) -> np.ndarray:
    """Positions in index (unique ids) of those of ids it holds, in the index's order (as index.intersection(ids))."""
    where = index.get_indexer(pd.Index(ids))
    return np.sort(where[where >= 0])


def _tables(model: TopicModel) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Schema frames topics, topic_terms, passage_topics from a fitted model."""
    params, units = model.params, model.units_
    w, h, vocabulary = model.unit_topics_, model.components_, model.vocabulary_
    k = h.shape[0]
    h_sum = h.sum(axis=1, keepdims=True)
    h_norm = np.divide(h, h_sum, out=np.full_like(h, 1.0 / h.shape[1]), where=h_sum > 0)
    term_totals = np.asarray(model.counts_.sum(axis=0)).ravel()
    corpus_weight = term_totals / term_totals.sum()

    w_norm = _row_normalised(w)
    # share of the topic weight over units, each document counted as at most doc_cap units
    share = (w_norm * model.unit_weight_[:, None]).sum(axis=0)
    share = share / share.sum() if share.sum() > 0 else share

    order = np.argsort(-h_norm, axis=1, kind="stable")[:, : params.n_top_terms]
    characteristic = _relevance_order(h_norm, corpus_weight, params.coherence_top_n)
    taken: set[str] = set()
    labels = []
    for t in range(k):
        label = _label(vocabulary[characteristic[t]].tolist(), taken)
        taken.add(label)
        labels.append(label)
    # the most representative unit of each topic: highest share of it, then highest weight
    frame = units.frame
    passages = units.passages if "passage_id" in units.passages else pd.DataFrame()
    # positions by id, without a copy of the passages' text and titles (set_index copied them: ~230 MB at 10,000
    # documents, held at the topics stage's peak for the few units that give the examples)
    position_of = pd.Index(passages["passage_id"]) if len(passages) else pd.Index([])
    unit_column = frame["unit"].to_numpy()
    examples = []
    for t in range(k):
        # the strongest units among those where the topic holds at least half the weight (else by share); the
        # first of the 5 strongest that gives an example (a unit of names or very short lines gives none)
        candidates = np.flatnonzero(w_norm[:, t] >= 0.5)
        ranked = candidates[np.argsort(-w[candidates, t], kind="stable")] if len(candidates) else np.argsort(-w_norm[:, t], kind="stable")
        terms = vocabulary[order[t, : params.coherence_top_n]].tolist()
        example = ""
        for unit in ranked[:5] if len(passages) else []:
            pids = _unit_passages(frame, unit_column, int(unit))
            example = _example(passages.iloc[_positions_in(position_of, pids)], terms)
            if example:
                break
        examples.append(example)
    coords = _topic_map(h_norm)
    topics = pd.DataFrame(
        {
            "topic_id": np.arange(k),
            "label": labels,
            "coherence": np.round(model.coherence_, 6),
            "share": share,
            "x": coords[:, 0],
            "y": coords[:, 1],
            "stability": np.nan_to_num(model.stability_, nan=0.0),
            "top_doc_share": model.top_doc_share_,
            "is_reliable": model.is_reliable_,
            "example": examples,
        }
    )
    n_rank = order.shape[1]
    topic_terms = pd.DataFrame(
        {
            "topic_id": np.repeat(np.arange(k), n_rank),
            "rank": np.tile(np.arange(1, n_rank + 1), k),
            "term": vocabulary[order].ravel(),
            "weight": np.take_along_axis(h_norm, order, axis=1).ravel(),
            "corpus_weight": corpus_weight[order].ravel(),
        }
    )
    topic_terms = topic_terms.loc[topic_terms["weight"] > 0]
    passage_w = w_norm[frame["unit"].to_numpy()]
    rows, cols = np.nonzero(passage_w >= params.min_passage_weight)
    passage_topics = pd.DataFrame(
        {"passage_id": frame["passage_id"].to_numpy()[rows], "topic_id": cols, "weight": passage_w[rows, cols]}
    )
    return (
        schema.conform(topics, "topics"),
        schema.conform(topic_terms, "topic_terms"),
        schema.conform(passage_topics, "passage_topics"),
    )
