"""The demands table: every document's demand detections (pipeline.demands.document_table's columns) turned into
the contract table "demands" — the re-scorer's score and final call, each passage's theme ids and a group id per
distinct demand of an organisation (average-linkage clusters of the sentences' demand-term TF-IDF vectors).

Corpus-wide code, kept apart from pipeline.demands (the per-document rules): the hash of pipeline.demands keys every
document's cached detections (build.DEMAND_MODULES), so an edit here must not detect the whole corpus again. What
shapes the groups is this module and pipeline.language (demand_terms' lemmas), build.GROUP_MODULES.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

import numpy as np
import pandas as pd

from .demands import DEMAND, SOFT, document_table


#: Two demands of one organisation with lemma TF-IDF cosine at or above this are one distinct demand
#: (measured on the hand-judged pairs in data/eval/demand_pairs.csv; see evaluate_grouping).
GROUP_THRESHOLD = 0.30


#: Verbs and quantifiers of asking and providing ("bevilge", "opprette", "øke", "antall"): a demand for more study places
#: is the same demand whether it says "opprette" or "finansiere". Lemma forms; with ANALYSIS_STOPWORDS (which
#: already hold "sikre", "styrke", "behov", modal verbs and the addressees) they are "the demand words".
DEMAND_WORDS = frozenset({
    "bevilge", "bevilgning", "opprette", "etablere", "innføre", "utvide", "prioritere", "prioritering", "antall",
    "finansiere", "fullfinansiere", "satse", "satsing", "sørge", "tilrettelegge", "gjennomføre", "vurdere", "utrede",
    "videreføre", "videreutvikle", "utvikle", "forbedre", "tilstrekkelig", "nødvendig", "regjeringen", "stortinget",
    "anbefale", "anbefaling", "foreslå", "forslag", "kreve", "krav", "oppfordre", "forvente", "tydelig", "tydeligere",
    "større", "bedre", "helsereformutvalget", "utvalget", "reform", "helsereform", "dimensjonere", "nivå",
})


def demand_terms(sentence: str) -> list[str]:
    """What a demand asks for: its content lemmas without the demand words (language.ANALYSIS_STOPWORDS and
    DEMAND_WORDS), plus the parts of compounds ("bioingeniørfag" -> also "bioingeniør", "fag"), so that
    "flere studieplasser i bioingeniørfag" and "studieplasser for bioingeniører" share their object."""
    from .language import content_lemmas, split_compound

    terms = []
    for lemma in content_lemmas(sentence):
        if lemma in DEMAND_WORDS:
            continue
        terms.append(lemma)
        parts = split_compound(lemma)
        if len(parts) > 1:
            terms.extend(part for part in parts if len(part) > 3 and part not in DEMAND_WORDS)
    return terms


def similarity_matrix(sentences: Sequence[str]):
    """Cosine similarity of the sentences' demand-term TF-IDF vectors (sublinear tf, smoothed idf)."""
    from sklearn.metrics.pairwise import cosine_similarity

    matrix = _tfidf_rows(sentences)
    return None if matrix is None else cosine_similarity(matrix)


def _tfidf_rows(sentences: Sequence[str]):
    """The sentences' demand-term TF-IDF rows (sublinear tf, smoothed idf); None when no sentence has a term.
    demand_terms runs once per distinct sentence: an organisation repeats its sentences across its documents."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    terms_of: dict[str, list[str]] = {}
    terms = [terms_of[s] if s in terms_of else terms_of.setdefault(s, demand_terms(s)) for s in sentences]
    if not any(terms):
        return None
    return TfidfVectorizer(analyzer=lambda x: x, sublinear_tf=True).fit_transform(terms)


#: Rows of the similarity computed at once for the condensed distances (a block of 512 × 4,000 is 16 MB).
DISTANCE_BLOCK_ROWS = 512


def condensed_distances(matrix, block_rows: int = DISTANCE_BLOCK_ROWS):
    """1 - cosine similarity (negative distances set to 0) of every pair i < j of the matrix's rows, in the
    condensed order of scipy.spatial.distance.squareform, computed in blocks of rows: the same numbers as the n × n
    matrix gives (each entry is one row's dot product with another's, whatever else is in the block), in an eighth
    of its memory (the full similarity, its distance copy and their upper-triangle indices held 5 n² numbers)."""
    from sklearn.preprocessing import normalize

    return _condensed_of_unit_rows(normalize(matrix), block_rows)


def _condensed_of_unit_rows(unit_rows, block_rows: int = DISTANCE_BLOCK_ROWS):
    """condensed_distances of rows already scaled to unit length (sklearn's normalize, as cosine_similarity does):
    the product cosine_similarity computes, without its checks of the inputs, which cost more than the product
    for the thousands of small components of a large corpus."""
    n = unit_rows.shape[0]
    out = np.empty(n * (n - 1) // 2)
    position = 0
    for start in range(0, n, block_rows):
        similarity = _similarity_of_unit_rows(unit_rows[start:start + block_rows], unit_rows[start:])
        for row in range(similarity.shape[0]):
            distance = 1.0 - similarity[row, row + 1:]
            distance[distance < 0] = 0.0
            out[position:position + len(distance)] = distance
            position += len(distance)
    return out


def _similarity_of_unit_rows(rows, others):
    """cosine_similarity(rows, others) of unit-length rows: the dense product of the one with the other's
    transpose, computed as cosine_similarity computes it (sklearn's safe_sparse_dot)."""
    from sklearn.utils.extmath import safe_sparse_dot

    return safe_sparse_dot(rows, others.T, dense_output=True)


#: The most sentences clustered at once: average linkage keeps an n × n matrix (4,000: 128 MB), and an organisation
#: of a 10,000-document corpus can hold ~55,000 demands (24 GB). Above it, each distinct sentence is clustered once,
#: and if there are still more, in blocks of this size (demands in different blocks are then never grouped).
EXACT_GROUP_MAX = 4000


def group_labels(sentences: Sequence[str], threshold: float = GROUP_THRESHOLD,
                 cluster: Callable[[Sequence[str]], list[int]] | None = None) -> list[int]:
    """Cluster labels (0..k-1, in order of first appearance): average-linkage clusters whose members are
    on average at least `threshold` similar. Sentences without content terms stay alone. Beyond EXACT_GROUP_MAX
    sentences, identical sentences share one label and the distinct ones are clustered in blocks.

    cluster: the labels of one list clustered at once (the whole list, or one block), cluster_labels at `threshold` by
    default; the build passes a cached one, so that a block whose sentences did not change is not clustered again
    (an added document comes last in the manifest, so its new sentences change the last block only)."""
    cluster = cluster or (lambda part: _average_linkage_labels(part, threshold))
    if len(sentences) <= EXACT_GROUP_MAX:
        return cluster(sentences)
    distinct = list(dict.fromkeys(sentences))
    labels: list[int] = []
    for start in range(0, len(distinct), EXACT_GROUP_MAX):
        offset = max(labels, default=-1) + 1
        labels.extend(offset + label for label in cluster(distinct[start:start + EXACT_GROUP_MAX]))
    label_of = dict(zip(distinct, labels))
    renumber: dict[int, int] = {}
    return [renumber.setdefault(label_of[s], len(renumber)) for s in sentences]


def cluster_labels(sentences: Sequence[str]) -> list[int]:
    """The sentences clustered at once at GROUP_THRESHOLD (group_labels' labels of one list or block)."""
    return _average_linkage_labels(sentences, GROUP_THRESHOLD)


def _average_linkage_labels(sentences: Sequence[str], threshold: float) -> list[int]:
    """Average-linkage clusters cut where the merge distance reaches 1 - threshold: what scikit-learn's
    AgglomerativeClustering(metric="precomputed", linkage="average", distance_threshold=…) gives, from the condensed
    distances (scipy's linkage, which that class calls, on the same numbers; the cut undoes the merges at or above
    the threshold, as its tree cut does), without its n × n matrices.

    Each connected component of "closer than the cut" (linked_components) is clustered on its own: a merge below the
    cut joins two clusters whose average distance is below it, so some pair across them is below it too, and no
    kept merge crosses two components. The sentences' TF-IDF rows stay those of the whole list (the idf is the
    list's), so every pair's distance is the number the whole list gives. At 10,000 documents the largest block
    (3,974 sentences, 64 MB of condensed distances and scipy's copy of them) falls apart into 92 components of
    at most 741."""
    n = len(sentences)
    if n == 0:
        return []
    if n == 1:
        return [0]
    matrix = _tfidf_rows(sentences)
    if matrix is None:
        return list(range(n))
    from sklearn.preprocessing import normalize

    unit_rows, cut = normalize(matrix), 1.0 - threshold + 1e-9
    component = linked_components(unit_rows, cut)
    cluster_of = np.arange(n)  # a row's cluster: the smallest row of it (rows alone in their component: themselves)
    order = np.argsort(component, kind="stable")
    bounds = np.flatnonzero(np.diff(component[order])) + 1
    for rows in np.split(order, bounds):
        if len(rows) > 1:
            cluster_of[rows] = rows[_linkage_clusters(unit_rows[rows], cut)]
    renumber: dict[int, int] = {}
    return [renumber.setdefault(int(c), len(renumber)) for c in cluster_of]


#: Distances up to this much above the cut also link two rows in linked_components: only more rows share a component
#: (which never splits a cluster), so a merge distance a rounding below the cut cannot cross two components.
LINK_MARGIN = 1e-6


def linked_components(unit_rows, cut: float, block_rows: int = DISTANCE_BLOCK_ROWS) -> np.ndarray:
    """The connected component of each row (numbered 0..) of the graph linking two unit-length rows whose distance
    (as condensed_distances computes it) is below cut + LINK_MARGIN; the similarities are computed in blocks of rows."""
    from scipy import sparse
    from scipy.sparse.csgraph import connected_components

    n = unit_rows.shape[0]
    rows, columns = [], []
    for start in range(0, n, block_rows):
        similarity = _similarity_of_unit_rows(unit_rows[start:start + block_rows], unit_rows[start:])
        row, column = np.nonzero(1.0 - similarity < cut + LINK_MARGIN)
        rows.append((row + start).astype(np.int32))
        columns.append((column + start).astype(np.int32))
    row, column = np.concatenate(rows), np.concatenate(columns)
    graph = sparse.coo_matrix((np.ones(len(row), dtype=np.int8), (row, column)), shape=(n, n))
    return connected_components(graph, directed=False)[1]


def _linkage_clusters(unit_rows, cut: float) -> np.ndarray:
    """Each row's cluster as the position of its smallest row: scipy's average linkage of the unit-length rows'
    condensed distances, keeping the merges below cut (a merge's node is n + its row of the linkage)."""
    from scipy.cluster import hierarchy

    n = unit_rows.shape[0]
    merges = hierarchy.linkage(_condensed_of_unit_rows(unit_rows), method="average")
    n_clusters = int(np.count_nonzero(merges[:, 2] >= cut)) + 1
    parent = list(range(2 * n - 1))

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for row in range(n - n_clusters):
        for child in (int(merges[row, 0]), int(merges[row, 1])):
            parent[root(child)] = n + row
    smallest: dict[int, int] = {}
    return np.array([smallest.setdefault(root(i), i) for i in range(n)])


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9æøå]+", "-", text.lower()).strip("-") or "org"


#: Most distinct theme ids theme_ids_of packs into one int64 bit set per passage (the lexicon has 18).
MAX_BIT_THEMES = 62


def theme_ids_of(passage_themes: pd.DataFrame, passage_ids) -> np.ndarray:
    """The "|"-joined sorted theme ids of each of passage_ids ("" for a passage without themes), as an object array
    aligned with passage_ids.

    Each passage's themes are a bit set (bit i: the i-th theme id in sorted order), so the joined string is made once
    per distinct set of themes and shared by the rows that have it: at 10,000 documents the 1.5M tags and the 400,000
    demands of a build made a list per passage and a string per demand, which the allocator kept after the stage.
    (passage_id, theme_id) is the table's key, so a passage's bits are distinct and their sum is the set.
    """
    if passage_themes.empty or not len(passage_ids):
        return np.full(len(passage_ids), "", dtype=object)
    themes = sorted(set(passage_themes["theme_id"].tolist()))
    if len(themes) > MAX_BIT_THEMES:
        ids = np.asarray(passage_ids, dtype=object)
        joined = _joined_theme_ids(passage_themes, ids)
        return np.array([joined.get(p, "") for p in ids], dtype=object)
    located = _locate_arrow(passage_themes, passage_ids, themes)
    if located is None:
        located = _locate_pandas(passage_themes, passage_ids, themes)
    codes, n_asked, position, rank = located
    tagged = position >= 0
    rank = rank[tagged]
    bits = np.zeros(n_asked, dtype=np.int64)
    np.add.at(bits, position[tagged], np.left_shift(np.int64(1), rank.astype(np.int64)))
    sets, inverse = np.unique(bits[codes], return_inverse=True)
    joined = np.array(["|".join(t for i, t in enumerate(themes) if int(s) >> i & 1) for s in sets], dtype=object)
    return joined[inverse.reshape(-1)]


def _locate_pandas(passage_themes: pd.DataFrame, passage_ids, themes: Sequence[str]):
    """theme_ids_of's lookups with pandas: (each id's code among the distinct ids, how many there are, each tag's
    passage among them or -1, each tag's theme's position in themes)."""
    codes, asked = pd.factorize(np.asarray(passage_ids, dtype=object))
    position = pd.Index(asked).get_indexer(passage_themes["passage_id"].to_numpy(dtype=object))
    rank = np.asarray(pd.Categorical(passage_themes["theme_id"].to_numpy(dtype=object), categories=themes).codes)
    return codes, len(asked), position, rank


def _locate_arrow(passage_themes: pd.DataFrame, passage_ids, themes: Sequence[str]):
    """_locate_pandas's lookups done by Arrow on the ids' strings (the build's columns are Arrow strings): the same
    groups and positions without a Python string per id and tag (0.7 s -> ~0.15 s at 10,000 documents). None when an
    input is not all strings (a missing id, a number): _locate_pandas then."""
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        ids = _arrow_strings(passage_ids)
        tag_ids, tag_themes = (_arrow_strings(passage_themes[c]) for c in ("passage_id", "theme_id"))
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
        return None
    if ids.null_count or tag_ids.null_count or tag_themes.null_count:
        return None
    encoded = ids.dictionary_encode()  # codes in order of first appearance, as pandas.factorize numbers them
    position = pc.fill_null(pc.index_in(tag_ids, value_set=encoded.dictionary), -1).to_numpy()
    rank = pc.fill_null(pc.index_in(tag_themes, value_set=pa.array(list(themes), pa.large_string())), -1).to_numpy()
    return encoded.indices.to_numpy().astype(np.intp), len(encoded.dictionary), position, rank


def _arrow_strings(values):
    """values (a pandas Series or array, or a sequence) as one Arrow array of large strings."""
    import pyarrow as pa

    to_arrow = getattr(getattr(values, "array", None), "__arrow_array__", None)
    data = to_arrow() if to_arrow is not None else pa.array(np.asarray(values, dtype=object), type=pa.large_string())
    if isinstance(data, pa.ChunkedArray):
        data = data.combine_chunks() if data.num_chunks != 1 else data.chunk(0)
    if not (pa.types.is_string(data.type) or pa.types.is_large_string(data.type)):
        raise TypeError(f"not strings: {data.type}")
    return data.cast(pa.large_string())


def _joined_theme_ids(passage_themes: pd.DataFrame, passage_ids) -> dict[str, str]:
    """theme_ids_of for more themes than a bit set holds: one pass over the tags, keeping the passages asked for."""
    wanted = set(passage_ids)
    ids: dict[str, list[str]] = {}
    for passage_id, theme_id in zip(passage_themes["passage_id"].tolist(), passage_themes["theme_id"].tolist()):
        if passage_id in wanted:
            ids.setdefault(passage_id, []).append(theme_id)
    return {passage_id: "|".join(sorted(found)) for passage_id, found in ids.items()}


def demands_table(rows, organisations: dict[str, str], passage_themes: pd.DataFrame,
                  rescorer=None, decision=None,
                  grouper: Callable[[Sequence[str]], list[int]] | None = None) -> pd.DataFrame:
    """The contract table "demands" from per-document rows (document_demands' dicts, or document_table's columns, which
    the build passes: only the rows kept become pandas rows): each candidate's re-scorer score
    (rescorer: a pipeline.demands_model.Rescorer, or None for no score), the final call (decision: a
    demands_model.Decision; None = the rules decide), theme ids of each passage and a group id per distinct demand of
    an organisation ("<organisation-slug>:<n>", strict demands and soft positions grouped separately; grouper: the
    sentences' cluster labels, group_labels by default – the build passes a cached one, since clustering every
    organisation's sentences again dominated adding one document to a large corpus).

    A candidate the rules reject but the decision accepts becomes a demand with rule "model"; a rule demand the
    decision rejects is left out; soft positions stay unless the decision makes them demands."""
    from . import schema
    from .demands_model import Decision, candidates_of, decide

    import pyarrow as pa
    import pyarrow.compute as pc

    table = rows if isinstance(rows, pa.Table) else document_table(rows)
    if table.num_rows == 0:
        return schema.empty("demands")
    # the kinds compared as Arrow columns: a Python string per detection (740,000 at 10,000 documents) is not needed
    is_demand, is_soft = (pc.fill_null(pc.equal(table.column("kind"), kind), False).to_numpy() for kind in (DEMAND, SOFT))
    score = np.full(table.num_rows, np.nan) if rescorer is None else _scores(rescorer, table, candidates_of)
    final = decide(decision or Decision(), is_demand, score, np.ones(table.num_rows, dtype=bool))
    kept = final | is_soft  # a soft position the decision does not make a demand stays
    # the kept rows gathered by position into one chunk: the build's table has one chunk per document, and a filter
    # plus to_pandas over 10,000 chunks cost twice as much (0.95 s against 0.45 s at 10,000 documents); same rows
    frame = table.take(pa.array(np.flatnonzero(kept))).to_pandas()
    frame["score"] = score[kept]
    frame["rule"] = frame["rule"].where(frame["kind"] != "", "model")
    frame["kind"] = np.where(final[kept], DEMAND, frame["kind"])
    if frame.empty:
        return schema.empty("demands")
    frame["theme_ids"] = theme_ids_of(passage_themes, frame["passage_id"])
    frame["organisation"] = frame["doc_id"].map(organisations)
    group_ids, sentences = np.full(len(frame), "", dtype=object), frame["sentence"].to_numpy(dtype=object)
    for (organisation, kind), rows_at in frame.groupby(["organisation", "kind"], sort=True).indices.items():
        labels = np.asarray((grouper or group_labels)(sentences[rows_at].tolist()), dtype=np.int64)
        prefix = f"{_slug(organisation)}:{'s' if kind == SOFT else 'd'}"
        # one string per group, shared by its rows
        group_ids[rows_at] = np.array([f"{prefix}{label}" for label in range(int(labels.max()) + 1)], dtype=object)[labels]
    frame["group_id"] = group_ids
    return schema.conform(frame, "demands")


#: Candidates scored at a time: the re-scorer's features of every detection at once (740,000 at 10,000 documents)
#: would be held together; each row's score depends on that row alone, so the batches give the same numbers.
SCORE_BATCH_ROWS = 50_000


def _scores(rescorer, table, candidates_of) -> np.ndarray:
    """The re-scorer's score of every row of the detections table, SCORE_BATCH_ROWS rows at a time."""
    columns = ["sentence", "context", "is_item", "is_heading", "kind", "rule", "addressee"]
    parts = [rescorer.score(candidates_of(table.slice(start, SCORE_BATCH_ROWS).select(columns).to_pandas()))
             for start in range(0, table.num_rows, SCORE_BATCH_ROWS)]
    return np.concatenate(parts) if parts else np.zeros(0)


def evaluate_grouping(pairs: pd.DataFrame, thresholds: Sequence[float] = tuple(x / 100 for x in range(10, 91, 5))) -> pd.DataFrame:
    """Precision, recall and F1 of "same demand" (cosine >= threshold) against hand-judged pairs (columns
    organisation, sentence_a, sentence_b, same). Similarities are computed within each organisation's pairs,
    as the grouping does."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectoriser = TfidfVectorizer(analyzer=lambda x: x, sublinear_tf=True)
    vectoriser.fit([demand_terms(s) for s in pd.concat([pairs["sentence_a"], pairs["sentence_b"]]).unique()])
    a = vectoriser.transform([demand_terms(s) for s in pairs["sentence_a"]])
    b = vectoriser.transform([demand_terms(s) for s in pairs["sentence_b"]])
    similarity = pd.Series(a.multiply(b).sum(axis=1).A1, index=pairs.index)
    truth = pairs["same"].astype(bool)
    rows = []
    for t in thresholds:
        predicted = similarity >= t
        tp = int((predicted & truth).sum())
        precision = tp / predicted.sum() if predicted.sum() else 0.0
        recall = tp / truth.sum() if truth.sum() else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rows.append({"threshold": t, "precision": precision, "recall": recall, "f1": f1, "n_pairs": len(pairs),
                     "n_same": int(truth.sum())})
    return pd.DataFrame(rows)
