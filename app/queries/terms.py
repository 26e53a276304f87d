"""Keywords and trends: vocabulary, term trends, rising and falling terms, keyness, and the passages behind a term."""
from __future__ import annotations

import re
from typing import Sequence

import numpy as np
import pandas as pd

from app.queries.documents import PER_WORDS, analysed_passages, analysed_words, document_labels, documents_in
from app.queries.index import counts_in, index_of, term_support, term_totals_by
from app.queries.stats import G2_THRESHOLDS, g2_p_value, log_likelihood, log_ratio, significance_label
from app.state import Filters, Tables


def vocabulary(tables: Tables, filters: Filters, min_count: int = 2, limit: int = 5000) -> pd.DataFrame:
    """Terms of the filtered corpus, most frequent first: term, kind, count (at least min_count; at most limit rows)."""
    docs = documents_in(tables, filters)
    ix = index_of(tables).terms
    if ix.term_kind is not None:
        (counts,) = term_totals_by(tables, [docs["doc_id"]])
        kinds = ix.kinds[ix.term_kind[ix.terms.get_indexer(counts.index)]]
        totals = pd.DataFrame({"term": counts.index.to_numpy(), "kind": kinds.to_numpy(), "count": counts.to_numpy()})
        totals = totals.astype({"term": tables.term_counts["term"].dtype, "kind": tables.term_counts["kind"].dtype})
    else:  # a term counted under two kinds: group by both, as the table has them
        counts = counts_in(tables, docs["doc_id"])
        totals = counts.groupby(["term", "kind"], observed=True, as_index=False)["count"].sum()
    totals = totals.loc[totals["count"] >= min_count]
    return totals.sort_values(["count", "term"], ascending=[False, True]).head(limit).reset_index(drop=True)


def default_terms(vocab: pd.DataFrame, preferred: Sequence[str], n: int = 2) -> list[str]:
    """The preferred terms present in the vocabulary, else its n most frequent terms."""
    present = set(vocab["term"].astype(str))
    chosen = [t for t in preferred if t in present]
    return chosen or vocab["term"].astype(str).head(n).tolist()


def term_trend(tables: Tables, filters: Filters, terms: Sequence[str]) -> pd.DataFrame:
    """Frequency of each term per year: term, year, count, n_words, per_10k, n_documents, n_documents_with_term.

    per_10k = count / analysed words of that year's kept documents × 10,000; every (term, year) pair is present,
    with 0 where the term does not occur.
    """
    columns = ["term", "year", "count", "n_words", "per_10k", "n_documents", "n_documents_with_term"]
    words = analysed_words(tables, filters)
    if not len(terms) or words.empty:
        return pd.DataFrame(columns=columns)
    per_year = words.groupby("year", as_index=False).agg(n_words=("n_words", "sum"), n_documents=("doc_id", "nunique"))
    counts = counts_in(tables, words["doc_id"], terms)
    counts = counts.merge(words[["doc_id", "year"]], on="doc_id", how="inner")  # few rows: only the chosen terms
    found = counts.groupby(["term", "year"], observed=True, as_index=False).agg(
        count=("count", "sum"), n_documents_with_term=("doc_id", "nunique")
    )
    grid = pd.MultiIndex.from_product([list(dict.fromkeys(terms)), per_year["year"]], names=["term", "year"]).to_frame(
        index=False
    )
    grid["term"] = grid["term"].astype("string")
    found["term"] = found["term"].astype("string")
    out = grid.merge(per_year, on="year", how="left").merge(found, on=["term", "year"], how="left")
    out["count"] = out["count"].fillna(0).astype("int64")
    out["n_documents_with_term"] = out["n_documents_with_term"].fillna(0).astype("int64")
    out["per_10k"] = np.where(out["n_words"] > 0, out["count"] / out["n_words"].clip(lower=1) * PER_WORDS, 0.0)
    return out[columns].reset_index(drop=True)


def _compare_counts(counts_a: pd.Series, counts_b: pd.Series, size_a: int, size_b: int, min_count: int) -> pd.DataFrame:
    """One row per term seen at least min_count times in a and b together, with both counts, rates, G² and log ratio.

    No p-value yet: callers keep a few dozen of up to hundreds of thousands of rows, and _with_significance adds
    p_value and significance to the kept rows only (per row in Python, the costliest step at 10,000 documents).
    """
    both = pd.concat([counts_a.rename("count_a"), counts_b.rename("count_b")], axis=1).fillna(0).astype("int64")
    both = both.loc[(both["count_a"] + both["count_b"]) >= min_count]
    both.index = both.index.astype("string")
    both = both.rename_axis("term").reset_index()
    a, b = both["count_a"].to_numpy(), both["count_b"].to_numpy()
    both["per_10k_a"] = a / max(size_a, 1) * PER_WORDS
    both["per_10k_b"] = b / max(size_b, 1) * PER_WORDS
    both["log_ratio"] = log_ratio(a, b, max(size_a, 1), max(size_b, 1))
    both["g2"] = log_likelihood(a, b, size_a, size_b)
    return both


#: The dtype a non-empty list of significance labels is stored as (a str dtype under pandas 3).
_LABEL_DTYPE = pd.Series(["n.s."]).dtype


def _with_significance(kept: pd.DataFrame, compared: pd.DataFrame) -> pd.DataFrame:
    """kept (rows of compared, the _compare_counts frame) with p_value and significance, each row as computing them
    on all of compared and then selecting would give, dtypes included."""
    kept = kept.copy()
    kept["p_value"] = g2_p_value(kept["g2"].to_numpy())
    labels = [significance_label(p) for p in kept["p_value"]]
    # A selection of a filled column keeps its label dtype; only a column filled from no rows at all is float.
    kept["significance"] = pd.array(labels, dtype=_LABEL_DTYPE) if len(compared) and not labels else labels
    return kept


#: A word with more than this share of its occurrences in one document is marked as coming from that document.
ONE_DOCUMENT_SHARE = 0.6
SUPPORT_COLUMNS = ["n_documents", "n_organisations", "top_document", "top_share", "one_document"]


def _support(tables: Tables, doc_ids, terms: Sequence[str]) -> pd.DataFrame:
    """Per term (index) among doc_ids: n_documents and n_organisations using it, the document with most of its
    occurrences (top_document, "NITO 2024 · title") and its share of them (top_share), and one_document: that
    share is above ONE_DOCUMENT_SHARE."""
    support = term_support(tables, doc_ids, terms)
    docs = tables.documents
    labels = pd.Series(document_labels(docs).to_numpy(), index=docs["doc_id"].astype(str))
    top = support["top_doc_id"].astype(object).map(lambda d: labels.get(d, "") if isinstance(d, str) else "")
    share = np.where(support["count"] > 0, support["top_count"] / support["count"].clip(lower=1), 0.0)
    return pd.DataFrame({"n_documents": support["n_documents"].astype("int64"),
                         "n_organisations": support["n_organisations"].astype("int64"),
                         "top_document": top.astype("string"), "top_share": share.astype("float64"),
                         "one_document": share > ONE_DOCUMENT_SHARE}, index=support.index)


def _attach_support(rows: pd.DataFrame, support: pd.DataFrame) -> pd.DataFrame:
    """rows (with a term column) with the SUPPORT_COLUMNS of their terms."""
    found = support.reindex(rows["term"].astype(object))
    return rows.assign(**{c: found[c].to_numpy() for c in SUPPORT_COLUMNS}).astype(
        {"n_documents": "int64", "n_organisations": "int64", "top_share": "float64", "one_document": "bool",
         "top_document": "string"})


def rising_falling(
    tables: Tables,
    filters: Filters,
    period_a: Sequence[int],
    period_b: Sequence[int],
    *,
    min_count: int = 5,
    n: int = 10,
    kind: str | None = None,
    min_documents: int = 2,
    direction_labels: tuple[tuple[str, str], ...] = (),
) -> pd.DataFrame:
    """Terms that rose or fell most from period_a (earlier years) to period_b (later years).

    Columns: term, direction ("rising"|"falling"), direction_label (the reader's word for it: direction_labels are
    (direction, label) pairs), count_a, count_b, words_a, words_b, docs_a, docs_b, per_10k_a,
    per_10k_b, log_ratio (log2 of per_10k_b / per_10k_a; a zero count counts as 0.5), g2, p_value, significance,
    docs_with_a, docs_with_b (documents of each period using the term), and the support of the period the change
    points to (the later for a rise, the earlier for a fall): n_documents, n_organisations, top_document, top_share,
    one_document (SUPPORT_COLUMNS), and the years compared: earlier, latest ("2022, 2023"), so that a download
    says what "before" and "now" are. Only terms with count_a + count_b >= min_count and used in at least
    min_documents documents of that period; the n largest rises and the n largest falls, by log ratio.
    """
    columns = ["term", "direction", "direction_label", "count_a", "count_b", "words_a", "words_b", "docs_a", "docs_b",
               "docs_with_a", "docs_with_b", "per_10k_a", "per_10k_b", "log_ratio", "g2", "p_value", "significance",
               *SUPPORT_COLUMNS, "earlier", "latest"]
    words = analysed_words(tables, filters)
    in_a = words.loc[words["year"].isin(list(period_a))]
    in_b = words.loc[words["year"].isin(list(period_b))]
    size_a, size_b = int(in_a["n_words"].sum()), int(in_b["n_words"].sum())
    if size_a == 0 or size_b == 0 or set(period_a) & set(period_b):
        return pd.DataFrame(columns=columns)
    a, b = term_totals_by(tables, [in_a["doc_id"], in_b["doc_id"]], kind)
    # Swap roles so that a positive log ratio means "more frequent in the later period".
    both = _compare_counts(b, a, size_b, size_a, min_count).rename(
        columns={"count_a": "count_b", "count_b": "count_a", "per_10k_a": "per_10k_b", "per_10k_b": "per_10k_a"}
    )
    if both.empty:
        return pd.DataFrame(columns=columns)
    both["words_a"], both["words_b"] = size_a, size_b
    both["docs_a"], both["docs_b"] = len(in_a), len(in_b)
    support_a = _support(tables, in_a["doc_id"], both["term"])
    support_b = _support(tables, in_b["doc_id"], both["term"])
    both["docs_with_a"] = support_a["n_documents"].reindex(both["term"].astype(object)).to_numpy()
    both["docs_with_b"] = support_b["n_documents"].reindex(both["term"].astype(object)).to_numpy()
    rising = _attach_support(both.loc[both["log_ratio"] > 0], support_b)
    falling = _attach_support(both.loc[both["log_ratio"] < 0], support_a)
    rising = rising.loc[rising["n_documents"] >= min_documents]
    falling = falling.loc[falling["n_documents"] >= min_documents]
    rising = rising.sort_values(["log_ratio", "g2", "term"], ascending=[False, False, True]).head(n)
    falling = falling.sort_values(["log_ratio", "g2", "term"], ascending=[True, False, True]).head(n)
    rising = _with_significance(rising, both).assign(direction="rising")
    falling = _with_significance(falling, both).assign(direction="falling")
    out = pd.concat([rising, falling], ignore_index=True)
    # An id without a word keeps the id (no NaN filled from a string column: pandas warns it will raise).
    words = dict(direction_labels)
    out["direction_label"] = out["direction"].map(lambda d: words.get(d, d))
    return out.assign(earlier=period_label(period_a), latest=period_label(period_b))[columns]


KEYNESS_COLUMNS = ["term", "target", "count_target", "count_rest", "words_target", "words_rest", "docs_target",
                   "docs_rest", "per_10k_target", "per_10k_rest", "g2", "p_value", "significance", "log_ratio",
                   *SUPPORT_COLUMNS]


def keyness(
    tables: Tables,
    filters: Filters,
    *,
    organisation: str | None = None,
    year: int | None = None,
    min_count: int = 5,
    n: int = 20,
    kind: str | None = None,
    min_documents: int = 2,
) -> pd.DataFrame:
    """Terms over-represented in one organisation (or year) against the rest of the filtered corpus.

    Columns: term, target, count_target, count_rest, words_target, words_rest, docs_target, docs_rest,
    per_10k_target, per_10k_rest, g2, p_value, significance, log_ratio and the target's SUPPORT_COLUMNS
    (n_documents, n_organisations using the term, top_document, top_share, one_document). Only terms with log
    ratio > 0, count_target + count_rest >= min_count, G² at least the p < 0.05 threshold (stats.G2_THRESHOLDS)
    and used in at least min_documents of the target's documents; strongest G² first, at most n.
    """
    columns = KEYNESS_COLUMNS
    words = analysed_words(tables, filters)
    if organisation is not None:
        is_target = words["organisation"] == organisation
        target = str(organisation)
    elif year is not None:
        is_target = words["year"] == int(year)
        target = str(year)
    else:
        raise ValueError("keyness needs an organisation or a year")
    size_t, size_r = int(words.loc[is_target, "n_words"].sum()), int(words.loc[~is_target, "n_words"].sum())
    if size_t == 0 or size_r == 0:
        return pd.DataFrame(columns=columns)
    a, b = term_totals_by(tables, [words.loc[is_target, "doc_id"], words.loc[~is_target, "doc_id"]], kind)
    return _keyness_rows(a, b, (size_t, size_r), (int(is_target.sum()), int((~is_target).sum())), target, min_count, n,
                         lambda terms: _support(tables, words.loc[is_target, "doc_id"], terms), min_documents)


def _keyness_rows(
    a: pd.Series, b: pd.Series, sizes: tuple[int, int], docs: tuple[int, int], target: str, min_count: int, n: int,
    support, min_documents: int,
) -> pd.DataFrame:
    """Keyness rows of term counts a (target) against b (rest): over-represented, p < 0.05, used in at least
    min_documents target documents (support(terms) gives the SUPPORT_COLUMNS frame), strongest n."""
    (size_t, size_r), columns = sizes, KEYNESS_COLUMNS
    compared = _compare_counts(a, b, size_t, size_r, min_count)
    both = compared.loc[(compared["log_ratio"] > 0) & (compared["g2"] >= G2_THRESHOLDS[-1][0])]
    both = both.rename(columns={"count_a": "count_target", "count_b": "count_rest",
                                "per_10k_a": "per_10k_target", "per_10k_b": "per_10k_rest"})
    both["target"] = target
    both["words_target"], both["words_rest"] = size_t, size_r
    both["docs_target"], both["docs_rest"] = docs
    both = _attach_support(both, support(both["term"]))
    both = both.loc[both["n_documents"] >= min_documents]
    both = both.sort_values(["g2", "term"], ascending=[False, True]).head(n)
    return _with_significance(both, compared)[columns].reset_index(drop=True)


def distinctive_terms(tables: Tables, filters: Filters, *, n: int = 10, min_count: int = 5,
                      min_documents: int = 1) -> pd.DataFrame:
    """Keyness of each organisation against the others of the filtered corpus (keyness columns, n rows per organisation)."""
    words = analysed_words(tables, filters)
    organisations = sorted(words["organisation"].astype(str).unique())
    # One pass over term_counts for the total, one for every organisation; each one's rest is the total minus its own.
    (total,) = term_totals_by(tables, [words["doc_id"]])
    by_org = term_totals_by(tables, [words.loc[words["organisation"] == org, "doc_id"] for org in organisations])
    words_by_org = words.groupby("organisation")["n_words"].sum()
    docs_by_org = words.groupby("organisation")["doc_id"].nunique()
    all_words, all_docs = int(words["n_words"].sum()), int(words["doc_id"].nunique())
    frames = []
    for org, own in zip(organisations, by_org):
        size_t = int(words_by_org.get(org, 0))
        if size_t == 0 or size_t == all_words:
            continue
        rest = total.sub(own, fill_value=0)
        docs_t = int(docs_by_org.get(org, 0))
        own_docs = words.loc[words["organisation"] == org, "doc_id"]
        frames.append(_keyness_rows(own, rest[rest > 0], (size_t, all_words - size_t), (docs_t, all_docs - docs_t), org,
                                    min_count, n, lambda terms, d=own_docs: _support(tables, d, terms), min_documents))
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=KEYNESS_COLUMNS)
    return pd.concat(frames, ignore_index=True)


def recent_period(documents: pd.DataFrame, min_documents: int = 2) -> tuple[list[int], list[int]]:
    """Split the years into (earlier, recent): recent = the latest year, extended back until it holds at least
    min_documents documents, as long as one earlier year remains. ([], []) with fewer than two years."""
    per_year = documents.groupby("year")["doc_id"].nunique().sort_index()
    years = [int(y) for y in per_year.index]
    if len(years) < 2:
        return [], []
    cut = len(years) - 1
    while cut > 1 and int(per_year.iloc[cut:].sum()) < min_documents:
        cut -= 1
    return years[:cut], years[cut:]


def _period_name(years: Sequence[int]) -> str:
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


def rising_terms(tables: Tables, filters: Filters, *, min_count: int = 3, n: int = 12,
                 min_documents: int = 2) -> pd.DataFrame:
    """Terms rising most in the latest year(s) of the filtered corpus against the earlier years (see rising_falling).

    The recent period is the latest year, or the latest years together when the latest holds a single document
    (recent_period), so one short document cannot fill the list. Strongest evidence (G²) first.
    Empty when the filters keep only one year. Adds columns latest ("2025" or "2024–2025") and earlier.
    """
    earlier, recent = recent_period(documents_in(tables, filters))
    if not recent:
        return pd.DataFrame(columns=["term", "per_10k_a", "per_10k_b", "count_a", "count_b", "docs_a", "docs_b",
                                     "latest", "earlier"])
    changes = rising_falling(tables, filters, earlier, recent, min_count=min_count, n=max(n * 4, 50),
                             min_documents=min_documents)
    rising = changes.loc[changes["direction"] == "rising"].drop(columns=["direction", "direction_label"])
    rising = rising.sort_values(["g2", "term"], ascending=[False, True]).head(n)
    return rising.assign(latest=_period_name(recent), earlier=_period_name(earlier)).reset_index(drop=True)


def term_forms_of(tables: Tables, terms: Sequence[str]) -> list[str]:
    """The written forms the pipeline read as each word of the terms (a bigram's two words apart), most frequent
    first: what to mark in a passage behind a term ("praksisplass" -> praksisplassene, praksisplasser, …)."""
    forms = tables.term_forms
    words = list(dict.fromkeys(w for t in terms for w in str(t).split()))
    if not words:
        return []
    found = forms.loc[forms["term"].isin(words)].sort_values(["count", "form"], ascending=[False, True])
    return list(dict.fromkeys(found["form"].astype(str).tolist() + words))


def lemma_of(tables: Tables, word: str) -> str | None:
    """The term a typed word counts as, read from the forms the pipeline saw (term_forms): itself when it is a
    lemma, else the lemma its written form was read as most often ("praksisplasser" -> "praksisplass"); a two-word
    long form folds to its term ("kunstig intelligens" -> "ki"); other word pairs map word by word ("digitale
    kompetansen" -> "digital kompetanse"). None when a word does not occur as an analysed word."""
    words = " ".join(str(word).lower().split()).split()
    if not words:
        return None
    forms = tables.term_forms
    lemmas = set(forms["term"].astype(str).unique())

    def one(written: str) -> str | None:
        if written in lemmas:
            return written
        rows = forms.loc[forms["form"] == written]
        if rows.empty:
            return None
        return str(rows.sort_values(["count", "term"], ascending=[False, True])["term"].iloc[0])

    whole = one(" ".join(words))
    if whole is not None or len(words) == 1:
        return whole
    mapped = [one(w) for w in words]
    return None if None in mapped else " ".join(mapped)


def resolve_terms(tables: Tables, typed: Sequence[str]) -> tuple[list[str], list[tuple[str, str]], list[str]]:
    """Typed or picked words as the terms they are counted as: (terms, mapped (word, lemma) where they differ,
    unknown words that are no term of the corpus)."""
    terms, mapped, unknown = [], [], []
    for word in typed:
        cleaned = " ".join(str(word).lower().split())
        lemma = lemma_of(tables, cleaned)
        if lemma is None:
            unknown.append(str(word))
            continue
        if lemma != cleaned:
            mapped.append((str(word), lemma))
        terms.append(lemma)
    return list(dict.fromkeys(terms)), mapped, unknown


def occurrences(lemmas: pd.Series, term: str) -> pd.Series:
    """How often a lemma or "lemma lemma" bigram occurs in each space-joined lemma string (overlapping pairs
    count each, as term_counts counts every neighbour pair)."""
    words = str(term).split()
    if not words:
        return pd.Series(0, index=lemmas.index, dtype="int64")
    # A lookahead matches at every start, so "a a a" holds the bigram "a a" twice, as the pipeline counts it.
    pattern = r"(?<!\S)(?=" + " ".join(re.escape(w) for w in words) + r"(?!\S))"
    text = lemmas.fillna("").astype(str)
    maybe = text.str.contains(words[0], regex=False)
    counts = pd.Series(0, index=lemmas.index, dtype="int64")
    counts[maybe] = text[maybe].str.count(pattern).astype("int64")
    return counts


def passages_with_term(
    tables: Tables,
    filters: Filters,
    term: str,
    *,
    organisation: str | None = None,
    year: int | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """The analysed passages of the filtered corpus whose counted lemmas hold the term: exactly the passages
    behind term_counts, so n_matches sums to the count a chart shows for the same documents.

    Columns: the passage columns joined with organisation, year, doc_type, title, plus n_matches (occurrences of
    the term in the passage) and matched_forms ("|"-joined written forms of its words, for highlighting); most
    matches first (all, or at most limit rows).
    """
    kept = analysed_passages(tables, filters)
    if organisation is not None:
        kept = kept.loc[kept["organisation"] == organisation]
    if year is not None:
        kept = kept.loc[kept["year"] == int(year)]
    n = occurrences(kept["lemmas"], term)
    kept = kept.loc[n > 0].assign(n_matches=n[n > 0])
    kept["matched_forms"] = pd.Series("|".join(term_forms_of(tables, [term])), index=kept.index, dtype="string")
    kept = kept.sort_values(["n_matches", "year", "passage_id"], ascending=[False, True, True])
    return (kept if limit is None else kept.head(limit)).reset_index(drop=True)


def term_passages_at(tables: Tables, filters: Filters, cells: Sequence[Sequence], by: str | None = None,
                     **where) -> pd.DataFrame:
    """The passages behind selected chart cells (term, or term and its <by> value: "year" or "organisation"),
    with passages_with_term's columns; where narrows every cell (organisation=…, year=…)."""
    frames = [passages_with_term(tables, filters, str(cell[0]), **where, **({by: cell[1]} if by else {}))
              for cell in cells]
    if len(frames) == 1:
        return frames[0]
    return pd.concat(frames, ignore_index=True).drop_duplicates("passage_id").reset_index(drop=True)


def default_periods(years: Sequence[int]) -> tuple[list[int], list[int]]:
    """The years split in two for a first comparison: the earlier half (the larger half when odd) and the rest."""
    half = (len(years) + 1) // 2
    return list(years[:half]), list(years[half:])


def period_label(years: Sequence[int]) -> str:
    """A period's years for a title: "2022, 2023"."""
    return ", ".join(str(y) for y in sorted(years))
