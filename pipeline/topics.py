"""Topic model over passages: NMF on TF-IDF of content lemmas, k chosen by NPMI coherence.

Method (see ../shared/research/NLP-NOTES.md, "Topics and keywords"):

* Unit. Non-boilerplate passages of a document, in order, are merged until a unit holds at
  least ``min_unit_words`` content lemmas; a short tail at the end of a document joins the
  document's last unit. Units never cross documents. Measured on the seed corpus: the unit
  matters more than k (merged paragraphs NPMI 0.09, raw paragraphs -0.03, sections -0.06).
* Terms. Counts per unit (``count_matrix``: the same matrix as
  ``CountVectorizer(analyzer=identity, min_df=2, max_df=0.5)``, built 3-4x faster) and
  ``TfidfTransformer(sublinear_tf=True)``: together ``TfidfVectorizer`` with those settings,
  split in two so the raw counts are at hand for p(term).
* Model. scikit-learn NMF with ``init="nndsvd"`` (deterministic). Above
  ``minibatch_threshold`` units (``large_fit="sample"``, the default) H is fitted on a seeded
  sample of that many units and every unit's W is its non-negative projection on H
  (``NMF.transform``); ``large_fit="minibatch"`` uses MiniBatchNMF on all units instead.
  Measured on 243k synthetic units (12M lemmas, k=10): sample + projection 3.8 s CPU,
  MiniBatchNMF 37 s CPU. LDA is not offered: in the notes it scored negative NPMI at every k
  (-0.14 at best, against +0.09 for NMF) and takes 10-20x longer.
* Coherence. NPMI of each topic's top 10 terms, averaged over term pairs, with probabilities
  from boolean sliding windows of 10 lemmas over the units (a unit shorter than the window is
  one window); a pair that never co-occurs scores -1.
* Choice of k. Every k in ``k_range`` (capped by the number of units and terms) is fitted with
  ``n_scan_seeds`` NNDSVD seeds and scored by mean NPMI over topics and seeds; the best mean
  NPMI wins (ties: smaller k). Known blind spot: NPMI cannot see a missing topic (with k too
  small the remaining topics are as coherent as ever). ``coherence_tolerance > 0`` compares
  the k within that distance of the best (at most ``max_plateau``) by stability instead; it is
  off by default because it did not choose better on planted corpora (5 of 8 right either
  way) and it favours small k on the seed corpus (more topics are always less stable).
* Stability. ``n_stability_seeds`` refits on seeded random subsamples holding
  ``stability_fraction`` of the (scan) units, same NNDSVD start; each reference topic's top-10
  set is matched to its best Jaccard partner in each refit. A random start instead would
  measure a worse model (NPMI 0.055 against 0.09 in the notes); resampling the data asks
  whether a topic belongs to the corpus or to a few passages.
* Scale. The k scan, the stability refits and the coherence column use a seeded random sample
  of at most ``scan_sample_units`` units (columns: terms in >= min_df sampled units), so their
  cost does not grow with the corpus. The final model covers all units (see Model).
"""
from __future__ import annotations

import os
import time
import warnings
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
from scipy import sparse
from scipy.spatial.distance import jensenshannon
from sklearn.decomposition import NMF, MiniBatchNMF
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfTransformer
from threadpoolctl import threadpool_limits

from . import lemma_codes, schema
from .lemma_codes import LemmaCodes, Lemmas

#: Only NMF is offered; kept as a field so build_info records the method by name.
METHODS = ("nmf",)


@dataclass(frozen=True)
class TopicParams:
    """Settings of the topic model (stored in build_info.json)."""

    k_range: tuple[int, int] = (4, 14)  # inclusive bounds of the k scan
    # content lemmas per unit: 20 (about 35–40 words) gave the best NPMI plateau on the seed corpus
    # (k=9, NPMI 0.062; 25 lemmas collapsed to k=5, 12–15 split into noise topics)
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
    scan_sample_units: int = 2_000
    stability_fraction: float = 0.8
    max_iter: int = 200  # NMF passes; 400 gave the same k and NPMI on the seed corpus at twice the time
    n_scan_seeds: int = 3  # NNDSVD seeds averaged per k in the scan
    coherence_tolerance: float = 0.0  # > 0: k this close to the best NPMI are compared by stability
    max_plateau: int = 3  # at most this many k get stability refits
    # A rebuild keeps the previous build's k while the units changed by at most this share (see fit_topics)
    rescan_share: float = 0.05

    def __post_init__(self) -> None:
        # JSON round trips turn the tuple into a list; accept it but keep the dataclass hashable.
        object.__setattr__(self, "k_range", tuple(int(v) for v in self.k_range))
        low, high = self.k_range
        if not 2 <= low <= high:
            raise ValueError(f"k_range must be (low, high) with 2 <= low <= high, got {self.k_range}")
        if self.large_fit not in ("sample", "minibatch"):
            raise ValueError(f"large_fit must be 'sample' or 'minibatch', got {self.large_fit!r}")
        if self.method not in METHODS:
            raise ValueError(f"method must be one of {METHODS}, got {self.method!r}")
        if self.k is not None and self.k < 2:
            raise ValueError(f"k must be at least 2, got {self.k}")
        if self.min_unit_words < 1 or self.n_top_terms < 1 or self.coherence_top_n < 2:
            raise ValueError("min_unit_words and n_top_terms must be >= 1, coherence_top_n >= 2")


@dataclass(frozen=True)
class TopicModel:
    """Schema frames topics, topic_terms, passage_topics and JSON-able diagnostics."""

    topics: pd.DataFrame
    topic_terms: pd.DataFrame
    passage_topics: pd.DataFrame
    diagnostics: dict = field(default_factory=dict)


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


class WindowCounts:
    """Boolean sliding-window occurrence counts of a fixed term set, for NPMI.

    Each unit of n lemmas gives max(1, n - window + 1) windows; p(w) and p(w1, w2) are the
    shares of windows holding w, and both w1 and w2.
    """

    def __init__(self, units: Sequence[Sequence[str]], terms: Sequence[str], window: int = 10) -> None:
        self.index = {t: i for i, t in enumerate(dict.fromkeys(terms))}
        rows: list[np.ndarray] = []
        cols: list[np.ndarray] = []
        offset = 0
        for tokens in units:
            n = len(tokens)
            n_windows = max(1, n - window + 1)
            hits = [(p, self.index[t]) for p, t in enumerate(tokens) if t in self.index]
            if hits:
                pos = np.fromiter((p for p, _ in hits), dtype=np.int64, count=len(hits))
                col = np.fromiter((c for _, c in hits), dtype=np.int64, count=len(hits))
                low = np.maximum(0, pos - window + 1)
                high = np.minimum(pos, n_windows - 1)
                spans = high - low + 1
                starts = np.repeat(low - np.cumsum(spans) + spans, spans) + np.arange(spans.sum())
                rows.append(offset + starts)
                cols.append(np.repeat(col, spans))
            offset += n_windows
        self.n_windows = offset
        r = np.concatenate(rows) if rows else np.empty(0, dtype=np.int64)
        c = np.concatenate(cols) if cols else np.empty(0, dtype=np.int64)
        occurrence = sparse.csr_matrix(
            (np.ones(len(r), dtype=np.float64), (r, c)), shape=(max(offset, 1), len(self.index))
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


def _empty_model(reason: str, diagnostics: dict) -> TopicModel:
    return TopicModel(
        schema.empty("topics"),
        schema.empty("topic_terms"),
        schema.empty("passage_topics"),
        {**diagnostics, "k": 0, "reason": reason},
    )


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


def _subsample_runs(x_scan, k: int, vocabulary: np.ndarray, params: TopicParams) -> list[list[list[str]]]:
    """Top terms of NNDSVD refits on n_stability_seeds seeded subsamples of the scan units."""
    n = x_scan.shape[0]
    n_sub = max(k + 1, int(round(params.stability_fraction * n)))
    if n_sub >= n:
        return []
    subsamples = [
        np.sort(np.random.default_rng(params.random_state + 1 + s).choice(n, n_sub, replace=False))
        for s in range(params.n_stability_seeds)
    ]
    fits = _in_threads(lambda sub: _fit_nmf(x_scan[sub], k, params.random_state, params.max_iter), subsamples)
    return [_top_terms(h_sub, vocabulary, params.coherence_top_n) for _, h_sub in fits]


#: Threads for independent NMF fits: scikit-learn's coordinate-descent solver releases the GIL,
#: so the k scan's fits run side by side (one BLAS thread each, see fit_topics).
FIT_THREADS = min(2, os.cpu_count() or 1)


def _in_threads(function, items: Sequence) -> list:
    """[function(item) for item in items], run on FIT_THREADS threads, results in order."""
    if FIT_THREADS < 2 or len(items) < 2:
        return [function(item) for item in items]
    with ThreadPoolExecutor(max_workers=FIT_THREADS) as pool:
        return list(pool.map(function, items))


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


def fit_topics(
    passages: pd.DataFrame, lemmas: Lemmas, params: TopicParams = TopicParams(), previous: Mapping | None = None
) -> TopicModel:
    """Fit the topic model; passages need passage_id, doc_id, position, kind.

    `previous` is the diagnostics of the model an earlier build fitted with the same params.
    While the number of units differs from its by at most params.rescan_share, its k is kept
    and the k scan skipped: adding one document to 10,000 must not re-select the model (the
    scan's sample of units would change and could move k), and the scan is most of the cost.
    The final model is always refitted on all units.
    """
    # One BLAS thread: these matrices are too small to gain from more, and on the shared 2-core
    # machine threaded BLAS cost 3-4x the CPU time (seed corpus: 1.6 s against 5.7-7.0 s).
    # Convergence warnings are not build problems; filtered here once, not per fit, because
    # warnings.catch_warnings is not thread-safe and the fits run on threads.
    with threadpool_limits(limits=1), warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return _fit_topics(passages, lemmas, params, previous or {})


def _kept_k(previous: Mapping, n_units: int, params: TopicParams) -> int | None:
    """The previous model's k if it may be kept for n_units (see fit_topics), else None."""
    # against the units of the scan that chose k, so that many small additions add up to a rescan
    k, before = previous.get("k") or 0, previous.get("scan_n_units") or previous.get("n_units") or 0
    if params.k is not None or k < 2 or before <= 0 or "coherence_by_k" not in previous:
        return None
    return int(k) if abs(n_units - before) <= params.rescan_share * before else None


def _fit_topics(passages: pd.DataFrame, lemmas: Lemmas, params: TopicParams, previous: Mapping) -> TopicModel:
    started = time.perf_counter()
    timings: dict[str, float] = {}
    clock = started

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[stage] = round(now - clock, 4)
        clock = now

    diagnostics: dict = {
        "method": params.method,
        "k": 0,
        "coherence_by_k": {},
        "stability": {},
        "n_units": 0,
        "n_terms": 0,
        "min_unit_words": params.min_unit_words,
        "coherence": f"NPMI of top {params.coherence_top_n} terms, "
        f"sliding windows of {params.coherence_window} lemmas within units",
        "fit_seconds": 0.0,
    }
    units_frame, units = merge_unit_codes(passages, lemmas, params.min_unit_words)
    n_units = len(units)
    diagnostics["n_units"] = n_units
    if n_units < params.min_units:
        return _empty_model(f"too few units to fit topics: {n_units} < {params.min_units}", diagnostics)

    counts, vocabulary = count_matrix(units, params.min_df, params.max_df)
    diagnostics["n_terms"] = len(vocabulary)
    if not len(vocabulary):
        return _empty_model(
            f"no terms left for topics: none in at least {params.min_df} "
            f"and at most max_df={params.max_df} of the units",
            diagnostics,
        )
    x = TfidfTransformer(sublinear_tf=True).fit_transform(counts)
    lap("units_and_tfidf")
    k_cap = min(params.k_range[1], n_units - 1, len(vocabulary) - 1)
    if k_cap < 2:
        reason = f"too few units or terms for 2 topics: {n_units} units, {len(vocabulary)} terms"
        return _empty_model(reason, diagnostics)
    how = params.large_fit if n_units > params.minibatch_threshold else "nmf"
    diagnostics["method"] = {
        "nmf": "nmf",
        "minibatch": "minibatch_nmf",
        "sample": f"nmf on {params.minibatch_threshold} sampled units, W of all units by projection",
    }[how]

    rng = np.random.default_rng(params.random_state)
    if n_units > params.scan_sample_units:
        scan_idx = np.sort(rng.choice(n_units, params.scan_sample_units, replace=False))
    else:
        scan_idx = np.arange(n_units)
    x_scan = x[scan_idx]
    scan_vocabulary = vocabulary
    if len(scan_idx) < n_units:
        # min_df again within the sample: NMF cost grows with the columns, and rarer ones cannot lead a topic
        columns = np.flatnonzero(x_scan.getnnz(axis=0) >= params.min_df)
        x_scan, scan_vocabulary = x_scan[:, columns], vocabulary[columns]
        k_cap = min(k_cap, len(columns) - 1)
        if k_cap < 2:
            return _empty_model(f"too few terms in the scan sample: {len(columns)}", diagnostics)
    units_scan = units.lists(scan_idx)
    diagnostics["n_scan_units"] = len(scan_idx)

    kept_k = _kept_k(previous, n_units, params)
    if kept_k is not None:
        ks = [min(kept_k, k_cap)]
    elif params.k is not None:
        ks = [min(params.k, k_cap)]
    else:
        ks = list(range(min(params.k_range[0], k_cap), k_cap + 1))
    # NNDSVD starts from a randomised SVD: on the seed corpus one seed's NPMI curve moves by
    # about +-0.02 per k, more than the gaps between neighbouring k, so each k is scored by the
    # mean over n_scan_seeds seeds. The first seed's fit is the one kept.
    scan_seeds = [params.random_state + i for i in range(max(1, params.n_scan_seeds))]
    jobs = [(k, seed) for k in ks for seed in scan_seeds]
    fitted = dict(zip(jobs, _in_threads(lambda job: _fit_nmf(x_scan, job[0], job[1], params.max_iter), jobs)))
    fits = {k: fitted[k, params.random_state] for k in ks}
    tops = {k: _top_terms(h, scan_vocabulary, params.coherence_top_n) for k, (_, h) in fits.items()}
    seed_tops = {
        (k, seed): _top_terms(fitted[k, seed][1], scan_vocabulary, params.coherence_top_n)
        for k in ks
        for seed in scan_seeds[1:]
    }
    del fitted
    seed_tops |= {(k, params.random_state): tops[k] for k in ks}
    windows = WindowCounts(
        units_scan, [t for top in seed_tops.values() for terms in top for t in terms], params.coherence_window
    )
    by_seed = {key: float(np.mean([windows.npmi(terms) for terms in top])) for key, top in seed_tops.items()}
    coherence_by_k = {k: float(np.mean([by_seed[k, seed] for seed in scan_seeds])) for k in ks}
    diagnostics["coherence_by_k"] = {str(k): round(v, 4) for k, v in coherence_by_k.items()}
    diagnostics["coherence_sd_by_k"] = {
        str(k): round(float(np.std([by_seed[k, seed] for seed in scan_seeds])), 4) for k in ks
    }
    diagnostics["scan_n_units"] = n_units
    if kept_k is not None:  # the scan that chose k stays on record
        diagnostics["coherence_by_k"] = dict(previous["coherence_by_k"]) | diagnostics["coherence_by_k"]
        diagnostics["coherence_sd_by_k"] = dict(previous.get("coherence_sd_by_k") or {}) | diagnostics["coherence_sd_by_k"]
        diagnostics["scan_n_units"] = previous.get("scan_n_units", previous["n_units"])

    best_npmi = max(coherence_by_k.values())
    plateau = sorted(
        (k for k in ks if coherence_by_k[k] >= best_npmi - params.coherence_tolerance),
        key=lambda k: (-coherence_by_k[k], k),
    )[: params.max_plateau]
    lap("k_scan")
    runs = {k: _subsample_runs(x_scan, k, scan_vocabulary, params) for k in plateau}
    lap("stability")
    stability_by_k = {k: float(np.mean([_jaccard_match(tops[k], r) for r in runs[k]])) for k in plateau if runs[k]}
    if len(stability_by_k) == len(plateau) > 1:
        best_k = max(plateau, key=lambda k: (round(stability_by_k[k], 3), coherence_by_k[k], -k))
        selection = (
            f"k within {params.coherence_tolerance} of the best mean NPMI "
            f"(at most {params.max_plateau}), the most stable of them"
        )
    else:
        best_k = plateau[0]
        selection = "fixed k" if params.k is not None else "best mean NPMI"
        if kept_k is not None:
            selection = (
                f"kept from the previous build: {n_units} units against the {diagnostics['scan_n_units']} of the "
                f"scan that chose k (rescanned beyond {params.rescan_share:.0%})"
            )
    diagnostics["k"] = best_k
    diagnostics["k_selection"] = selection
    diagnostics["stability_by_k"] = {str(k): round(v, 4) for k, v in stability_by_k.items()}

    if len(scan_idx) == n_units:
        w, h = fits[best_k]
    else:
        fit_rows = None
        if how == "sample":
            fit_rows = np.sort(rng.choice(n_units, params.minibatch_threshold, replace=False))
        w, h = _fit_nmf(x, best_k, params.random_state, params.max_iter, how, fit_rows)
    top_final = _top_terms(h, vocabulary, params.coherence_top_n)
    final_windows = WindowCounts(units_scan, [t for terms in top_final for t in terms], params.coherence_window)
    topic_coherence = np.array([final_windows.npmi(terms) for terms in top_final])

    if runs[best_k]:
        per_run = np.array([_jaccard_match(top_final, run) for run in runs[best_k]])
        diagnostics["stability"] = {
            "method": f"best-match Jaccard of top-{params.coherence_top_n} sets against NNDSVD refits on "
            f"{params.n_stability_seeds} random {params.stability_fraction:.0%} subsamples of the "
            f"{len(scan_idx)} scan units",
            "mean_jaccard": round(float(per_run.mean()), 4),
            "by_seed": [round(float(v), 4) for v in per_run.mean(axis=1)],
            "by_topic": [round(float(v), 4) for v in per_run.mean(axis=0)],
        }

    lap("final_fit")
    tables = _tables(units_frame, w, h, counts, vocabulary, topic_coherence, params)
    lap("tables")
    diagnostics["timings"] = timings
    diagnostics["fit_seconds"] = round(time.perf_counter() - started, 4)
    return TopicModel(*tables, diagnostics)


def _tables(units_frame, w, h, counts, vocabulary, topic_coherence, params):
    """Schema frames topics, topic_terms, passage_topics from the fitted W and H."""
    k = h.shape[0]
    h_sum = h.sum(axis=1, keepdims=True)
    h_norm = np.divide(h, h_sum, out=np.full_like(h, 1.0 / h.shape[1]), where=h_sum > 0)
    term_totals = np.asarray(counts.sum(axis=0)).ravel()
    corpus_weight = term_totals / term_totals.sum()

    w_sum = w.sum(axis=1, keepdims=True)
    w_norm = np.divide(w, w_sum, out=np.zeros_like(w), where=w_sum > 0)
    passage_w = w_norm[units_frame["unit"].to_numpy()]
    has_topic = passage_w.sum(axis=1) > 0
    # each passage with a topic counts once, whatever its length: share = "of the passages"
    share = passage_w[has_topic].sum(axis=0)
    share = share / share.sum() if share.sum() > 0 else share

    order = np.argsort(-h_norm, axis=1, kind="stable")[:, : params.n_top_terms]
    taken: set[str] = set()
    labels = []
    for t in range(k):
        label = _label(vocabulary[order[t]].tolist(), taken)
        taken.add(label)
        labels.append(label)
    coords = _topic_map(h_norm)
    topics = pd.DataFrame(
        {
            "topic_id": np.arange(k),
            "label": labels,
            "coherence": np.round(topic_coherence, 6),
            "share": share,
            "x": coords[:, 0],
            "y": coords[:, 1],
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
    rows, cols = np.nonzero(passage_w >= params.min_passage_weight)
    passage_topics = pd.DataFrame(
        {
            "passage_id": units_frame["passage_id"].to_numpy()[rows],
            "topic_id": cols,
            "weight": passage_w[rows, cols],
        }
    )
    return (
        schema.conform(topics, "topics"),
        schema.conform(topic_terms, "topic_terms"),
        schema.conform(passage_topics, "passage_topics"),
    )
