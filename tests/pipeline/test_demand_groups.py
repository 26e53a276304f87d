"""demand_groups: grouping of paraphrases, the condensed distances against scikit-learn's clustering, the demands
table's themes and groups, the grouping threshold against the hand-judged pairs."""
from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline import demand_groups as dg
from pipeline import demands as dm
from pipeline.config import PROJECT_ROOT

EVAL = PROJECT_ROOT / "data" / "eval"


PARAPHRASES = [
    "Det må bevilges flere studieplasser for bioingeniører.",
    "NITO mener det må opprettes flere studieplasser innen bioingeniørfag.",
    "Regjeringen må sikre tilstrekkelig med praksisplasser for studentene.",
    "Vi ber om at antallet praksisplasser for studenter økes.",
    "Nye sykehus må dimensjoneres for høyteknologisk utstyr.",
]


def test_grouping_joins_planted_paraphrases_and_keeps_other_demands_apart():
    labels = dg.group_labels(PARAPHRASES)
    assert labels[0] == labels[1]  # studieplasser · bioingeniør
    assert labels[2] == labels[3]  # praksisplasser · student
    assert len({labels[0], labels[2], labels[4]}) == 3


def test_grouping_beyond_the_exact_limit_labels_identical_sentences_once_and_clusters_in_blocks(monkeypatch):
    """Above EXACT_GROUP_MAX (an n × n matrix that would not fit for a 10,000-document organisation) identical
    sentences share a label and the distinct ones are clustered in blocks; at or below it nothing changes."""
    exact = dg.group_labels(PARAPHRASES)
    monkeypatch.setattr(dg, "EXACT_GROUP_MAX", 5)
    assert dg.group_labels(PARAPHRASES) == exact  # 5 sentences: the exact path
    doubled = PARAPHRASES + PARAPHRASES[::-1]  # 10 sentences, 5 distinct: one block, the same clusters
    assert dg.group_labels(doubled) == exact + exact[::-1]
    monkeypatch.setattr(dg, "EXACT_GROUP_MAX", 2)
    labels = dg.group_labels(doubled)  # distinct sentences in blocks of 2: [0, 1] [2, 3] [4]
    assert labels[:5] == labels[5:][::-1]  # identical sentences, one label
    assert labels[0] == labels[1] and labels[2] == labels[3]  # the paraphrase pairs fall in one block each
    assert len(set(labels)) == 3


def _sklearn_labels(sentences, threshold=dg.GROUP_THRESHOLD):
    """The clustering as it was computed before the condensed distances: scikit-learn on the n × n matrix."""
    from sklearn.cluster import AgglomerativeClustering

    similarity = dg.similarity_matrix(sentences)
    distance = 1.0 - similarity
    distance[distance < 0] = 0.0
    raw = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                  distance_threshold=1.0 - threshold + 1e-9).fit_predict(distance)
    renumber = {}
    return [renumber.setdefault(int(label), len(renumber)) for label in raw]


def test_grouping_from_condensed_distances_equals_scikit_learns_clustering_on_the_full_matrix():
    """Real labelled sentences (with repeats): the condensed distances, computed in blocks of any size, are the full
    matrix's numbers, and the cut tree gives scikit-learn's clusters at several thresholds."""
    from scipy.spatial.distance import squareform

    sentences = pd.read_csv(EVAL / "demands.csv")["sentence"].dropna().astype(str).tolist()[:300]
    sentences += sentences[:40]
    full = 1.0 - dg.similarity_matrix(sentences)
    full[full < 0] = 0.0
    np.fill_diagonal(full, 0.0)
    matrix = dg._tfidf_rows(sentences)
    for block in (7, 64, 1000):
        assert np.array_equal(dg.condensed_distances(matrix, block), squareform(full, checks=False))
    for threshold in (0.1, dg.GROUP_THRESHOLD, 0.6, 0.9):
        assert dg._average_linkage_labels(sentences, threshold) == _sklearn_labels(sentences, threshold)


def _whole_block_labels(sentences, threshold=dg.GROUP_THRESHOLD):
    """The clustering of the whole block at once (before the components): one average linkage of every pair's
    condensed distance, cut at the threshold, labels in order of first appearance."""
    from scipy.cluster import hierarchy

    raw = hierarchy.fcluster(hierarchy.linkage(dg.condensed_distances(dg._tfidf_rows(sentences)), method="average"),
                             1.0 - threshold + 1e-9, criterion="distance")
    renumber = {}
    return [renumber.setdefault(int(label), len(renumber)) for label in raw]


#: Planted: a chain (studieplasser–bioingeniør–laboratorie: the ends share no term), a pair (praksisplasser), two
#: loners and a sentence without a content term; repeated, the copies interleaved, as an organisation repeats itself.
PLANTED = [
    "Det må bevilges flere studieplasser for bioingeniører.",
    "Det må bevilges flere praksisplasser for sykepleiere.",
    "Bioingeniører trenger laboratorier og studieplasser.",
    "Nye sykehus må dimensjoneres for høyteknologisk utstyr.",
    "Laboratorier for bioingeniører må moderniseres.",
    "Praksisplasser for sykepleiere må økes.",
    "Vi ber om det.",
    "Fastlegeordningen må styrkes.",
]


def test_linked_components_join_rows_closer_than_the_cut_and_keep_the_others_apart():
    from sklearn.preprocessing import normalize

    unit_rows = normalize(dg._tfidf_rows(PLANTED))
    components = dg.linked_components(unit_rows, 1.0 - dg.GROUP_THRESHOLD + 1e-9, block_rows=3)
    distance = dg.condensed_distances(unit_rows)
    from scipy.spatial.distance import squareform

    close = squareform(distance) < 1.0 - dg.GROUP_THRESHOLD
    for i in range(len(PLANTED)):
        for j in range(len(PLANTED)):
            if i != j and close[i, j]:
                assert components[i] == components[j]
    assert components[0] == components[2] == components[4]  # the chain: one component
    assert components[1] == components[5] != components[0]  # the pair
    assert len({components[3], components[6], components[7], components[0], components[1]}) == 5


def test_clustering_by_components_equals_the_whole_block_clustering():
    """Each component clustered on its own gives the labels of one linkage of the whole block (numbered in order
    of first appearance), at several thresholds; with repeats, the components are clustered with the whole list's
    idf, as the whole block is."""
    repeated = PLANTED + PLANTED[::-1] + PLANTED[2:5]
    for sentences in (PLANTED, repeated):
        for threshold in (0.1, 0.2, dg.GROUP_THRESHOLD, 0.5, 0.9):
            assert dg._average_linkage_labels(sentences, threshold) == _whole_block_labels(sentences, threshold)
    labels = dg._average_linkage_labels(repeated, dg.GROUP_THRESHOLD)
    copies = labels[len(PLANTED):2 * len(PLANTED)][::-1]
    for i, label in enumerate(labels[:len(PLANTED)]):  # copies share their label; a sentence without terms stays alone
        assert (label == copies[i]) == (i != 6)
    assert labels[0] == labels[2] == labels[4] and labels[1] == labels[5] != labels[0]


def test_demands_table_has_themes_and_one_group_per_distinct_demand():
    rows = dm.document_demands("d", "NITO", [
        ("d:0000", "Det må bevilges flere studieplasser for bioingeniører. Været var fint.", "Utdanning"),
        ("d:0001", "NITO mener det må opprettes flere studieplasser innen bioingeniørfag.", "Utdanning"),
    ])
    themes = pd.DataFrame({"passage_id": ["d:0000"], "theme_id": ["education"], "n_hits": [1], "matched_terms": ["x"],
                           "matched_forms": ["x"]})
    table = dg.demands_table(rows, {"d": "NITO"}, themes)
    assert table["sentence"].tolist() == ["Det må bevilges flere studieplasser for bioingeniører.",
                                          "NITO mener det må opprettes flere studieplasser innen bioingeniørfag."]
    assert table["theme_ids"].tolist() == ["education", ""]
    assert table["group_id"].nunique() == 1 and table["group_id"].iloc[0].startswith("nito:d")


def _groupby_theme_ids(themes, passage_ids):
    """The theme ids as a groupby over every tag with "|".join(sorted(ids)) gave them ("" without themes)."""
    joined = themes.groupby("passage_id")["theme_id"].agg(lambda ids: "|".join(sorted(ids))).to_dict()
    return [joined.get(p, "") for p in passage_ids]


def test_theme_ids_of_joins_each_asked_passages_themes_sorted_as_the_groupby_did(monkeypatch):
    """The bit sets give, row by row, what a groupby over every tag with "|".join(sorted(ids)) gave, for the passages
    asked for (repeated ones too; "" for passages without themes); so does the fallback for more themes than a bit set
    holds."""
    themes = pd.DataFrame({"passage_id": ["b", "a", "b", "c", "b", "a"],
                           "theme_id": ["wellbeing", "education", "digital", "funding", "education", "digital"]})
    asked = ["a", "b", "c", "d", "b", "a"]
    assert dg.theme_ids_of(themes, asked).tolist() == _groupby_theme_ids(themes, asked)
    assert dg.theme_ids_of(themes, ["b", "d", "b"]).tolist() == ["digital|education|wellbeing", "", "digital|education|wellbeing"]
    assert dg.theme_ids_of(themes.iloc[:0], ["a"]).tolist() == [""]
    assert dg.theme_ids_of(themes, []).tolist() == []
    rng = np.random.default_rng(7)
    many = pd.DataFrame({"passage_id": [f"p{i}" for i in rng.integers(0, 300, 3000)],
                         "theme_id": [f"t{j:02d}" for j in rng.integers(0, 40, 3000)]}).drop_duplicates()
    asked = [f"p{i}" for i in rng.integers(0, 320, 2000)]
    expected = _groupby_theme_ids(many, asked)
    assert dg.theme_ids_of(many.astype("string"), pd.Series(asked, dtype="string")).tolist() == expected
    monkeypatch.setattr(dg, "MAX_BIT_THEMES", 10)  # 40 themes: the fallback
    assert dg.theme_ids_of(many, asked).tolist() == expected


def test_group_threshold_is_the_best_f1_on_the_hand_judged_pairs():
    pairs = pd.read_csv(EVAL / "demand_pairs.csv")
    assert len(pairs) >= 60
    scores = dg.evaluate_grouping(pairs).set_index("threshold")
    chosen = scores.loc[dg.GROUP_THRESHOLD]
    assert chosen["f1"] == scores["f1"].max()
    assert chosen["precision"] >= 0.85 and chosen["recall"] >= 0.9


def test_theme_ids_of_gives_the_same_rows_by_arrow_and_by_pandas_lookups():
    """The Arrow lookups (Arrow string columns, as the build's) and the pandas ones (object columns, a missing id) give
    the rows the groupby gave; each path's lookups are the same numbers."""
    rng = np.random.default_rng(11)
    tags = pd.DataFrame({"passage_id": [f"p{i}" for i in rng.integers(0, 200, 1500)],
                         "theme_id": [f"t{j:02d}" for j in rng.integers(0, 18, 1500)]}).drop_duplicates()
    asked = [f"p{i}" for i in rng.integers(0, 230, 900)]
    expected = _groupby_theme_ids(tags, asked)
    arrow_tags, arrow_asked = tags.astype("string[pyarrow]"), pd.Series(asked, dtype="string[pyarrow]")
    assert dg.theme_ids_of(arrow_tags, arrow_asked).tolist() == expected
    assert dg.theme_ids_of(tags.astype(object), np.array(asked, dtype=object)).tolist() == expected
    themes = sorted(set(tags["theme_id"]))
    by_arrow = dg._locate_arrow(arrow_tags, arrow_asked, themes)
    by_pandas = dg._locate_pandas(tags, asked, themes)
    assert by_arrow is not None and by_arrow[1] == by_pandas[1]
    for a, b in zip(by_arrow[:1] + by_arrow[2:], by_pandas[:1] + by_pandas[2:]):
        assert a.tolist() == b.tolist()
    assert dg._locate_arrow(tags, [1, 2], themes) is None  # not strings: the pandas lookups
    assert dg._locate_arrow(tags, pd.Series(["p1", None], dtype="string[pyarrow]"), themes) is None
