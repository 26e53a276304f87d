"""Peers: our NMF topic model against gensim LdaModel and BERTopic on the same passage units.

    python -m bench.bench_peers [--seeds 5]                          the seed corpus (`make bench-peers`)
    python -m bench.bench_peers --processed <processed/ of a build>  e.g. the development corpus
                                                                     (`make bench-peers-dev`)
(needs requirements-bench.txt.) With --processed, passages and documents come from that build and
each passage's lemmas are pipeline.language.content_lemmas of its text, as the build makes them.

Units: the seed corpus through the pipeline's own per-document stages (pipeline.build.
process_document: extract, clean, segment, boilerplate, pipeline.language.content_lemmas) and
pipeline.topics.merge_units (non-boilerplate passages merged to TopicParams().min_unit_words lemmas). One vocabulary
for all three models (the pipeline's: min_df=2, max_df=0.5 over units). One coherence
function for all three: pipeline.topics.npmi_coherence (top 10 terms, boolean sliding windows of
10 lemmas over all units, a pair that never co-occurs scores -1).

Each model is fitted once per seed s = 0..4 on the same seeded 80 % subsample of units (so the
deterministic NNDSVD start of NMF faces the same perturbation as the others' random starts):
- NMF: pipeline.topics.TopicModel as the build runs it (k scan, stability refits, documents capped,
  genre and one-organisation terms left out) on the subsample's units with their documents and
  organisations; the peers get the vocabulary our model fits on all units (the same terms);
- NMF at fixed k: the same code with k fixed to the LDA/BERTopic comparison k (fit cost only);
- gensim 4.4 LdaModel, k = the k our model chose on all units, passes=10, alpha/eta 'auto';
- BERTopic 0.17.4 with precomputed embeddings (TF-IDF -> TruncatedSVD(100), no model download),
  UMAP(random_state=s), HDBSCAN(min_cluster_size=5), a CountVectorizer over the shared
  vocabulary with a whitespace token pattern (so æ/ø/å survive), language="multilingual".
Reported: fit time (median; BERTopic's first fit in a process separately: numba compiles),
NPMI (mean over topics, then mean ± sd over seeds), topic diversity (unique top-10 terms ÷
10k), stability (best-match Jaccard of top-10 sets, averaged over all seed pairs both ways),
BERTopic outliers. Writes the "peers" section of bench/RESULTS.md.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from bench.common import CORPORA, machine_line, markdown_table, median, write_section

SUBSAMPLE = 0.8


def _identity(tokens):
    """Analyzer for lemma lists that are already tokens."""
    return tokens


def seed_passages() -> tuple[pd.DataFrame, dict[str, list[str]], dict[str, str]]:
    """Passages, lemmas and doc_id -> organisation of the seed corpus through the pipeline's own stages."""
    from pipeline import manifest
    from pipeline.build import process_document
    from pipeline.config import paths

    p = paths(CORPORA / "seed") if (CORPORA / "seed" / "raw").exists() else paths()
    rows, _ = manifest.validate(manifest.read_manifest(p.manifest), p.raw)
    frames, lemmas = [], {}
    for row in rows.itertuples(index=False):
        result = process_document(p.raw / row.file, row.doc_id, row.organisation, row.language)
        frames.append(result.passages)
        lemmas.update(result.lemmas)
    organisations = dict(zip(rows["doc_id"].astype(str), rows["organisation"].astype(str)))
    return pd.concat(frames, ignore_index=True), lemmas, organisations


def built_passages(processed: str) -> tuple[pd.DataFrame, dict[str, list[str]], dict[str, str]]:
    """Passages of a build's processed/ folder, their content lemmas, and doc_id -> organisation."""
    from pipeline import language

    passages = pd.read_parquet(f"{processed}/passages.parquet")
    documents = pd.read_parquet(f"{processed}/documents.parquet")
    lemmas = {pid: language.content_lemmas(text) for pid, text in zip(passages["passage_id"], passages["text"])}
    return passages, lemmas, dict(zip(documents["doc_id"].astype(str), documents["organisation"].astype(str)))


def subsample(n: int, seed: int) -> np.ndarray:
    """The seed's 80 % subsample of unit indices (the same for every model)."""
    return np.sort(np.random.default_rng(1000 + seed).choice(n, int(round(SUBSAMPLE * n)), replace=False))


# --- models: each returns (top-10 term lists, outliers) --------------------------------------

def fit_nmf(units, seed: int, k: int | None = None):
    """Our model as the build runs it on pipeline.topics.Units; (top-10 terms, outliers, k, fitted model)."""
    from pipeline.topics import TopicModel, TopicParams

    model = TopicModel(TopicParams(random_state=seed, k=k)).fit(units)
    terms = model.tables().topic_terms.sort_values(["topic_id", "rank"])
    tops = [g["term"].head(10).tolist() for _, g in terms.groupby("topic_id", sort=True)]
    return tops, 0, int(model.k_), model


def fit_lda(units: list[list[str]], vocabulary: list[str], k: int, seed: int) -> tuple[list[list[str]], int]:
    """gensim LdaModel over the shared vocabulary."""
    from gensim.corpora import Dictionary
    from gensim.models import LdaModel

    keep = set(vocabulary)
    docs = [[t for t in unit if t in keep] for unit in units]
    dictionary = Dictionary(docs)
    corpus = [dictionary.doc2bow(d) for d in docs]
    model = LdaModel(corpus, id2word=dictionary, num_topics=k, random_state=seed, passes=10, iterations=200,
                     alpha="auto", eta="auto", eval_every=None)
    return [[w for w, _ in model.show_topic(i, topn=10)] for i in range(k)], 0


def svd_embeddings(units: list[list[str]], vocabulary: list[str], seed: int) -> np.ndarray:
    """TF-IDF of the units over the shared vocabulary reduced to 100 dimensions (no model download)."""
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    x = TfidfVectorizer(analyzer=_identity, vocabulary=vocabulary, sublinear_tf=True).fit_transform(units)
    n_components = min(100, x.shape[0] - 1, x.shape[1] - 1)
    return normalize(TruncatedSVD(n_components=n_components, random_state=seed).fit_transform(x))


def fit_bertopic(units: list[list[str]], vocabulary: list[str], seed: int) -> tuple[list[list[str]], int]:
    """BERTopic on precomputed embeddings; c-TF-IDF over the shared vocabulary, whitespace tokens."""
    from bertopic import BERTopic
    from hdbscan import HDBSCAN
    from sklearn.feature_extraction.text import CountVectorizer
    from umap import UMAP

    docs = [" ".join(unit) for unit in units]
    embeddings = svd_embeddings(units, vocabulary, seed)
    model = BERTopic(
        language="multilingual",  # "english" (the default without an embedding model) strips æ/ø/å
        umap_model=UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine", random_state=seed),
        hdbscan_model=HDBSCAN(min_cluster_size=5, metric="euclidean", prediction_data=False),
        vectorizer_model=CountVectorizer(vocabulary=vocabulary, token_pattern=r"\S+", lowercase=False),
        calculate_probabilities=False,
        verbose=False,
    )
    topics, _ = model.fit_transform(docs, embeddings)
    tops = [[w for w, _ in model.get_topic(t)][:10] for t in sorted(set(topics)) if t != -1]
    return [t for t in tops if t], int(sum(1 for t in topics if t == -1))


# --- scores ---------------------------------------------------------------------------------

def diversity(tops: list[list[str]]) -> float:
    """Unique terms among all top-10 lists ÷ their total length."""
    total = sum(len(t) for t in tops)
    return len({w for t in tops for w in t}) / total if total else float("nan")


def best_match_jaccard(a: list[list[str]], b: list[list[str]]) -> float:
    """Mean over a's topics of the best Jaccard overlap with any topic of b."""
    if not a or not b:
        return float("nan")
    sets_b = [set(t) for t in b]
    return float(np.mean([max(len(set(t) & s) / len(set(t) | s) for s in sets_b) for t in a]))


def stability(runs: list[list[list[str]]]) -> float:
    """Best-match Jaccard averaged over all ordered pairs of runs."""
    scores = [best_match_jaccard(runs[i], runs[j]) for i in range(len(runs)) for j in range(len(runs)) if i != j]
    return float(np.nanmean(scores)) if scores else float("nan")


@dataclass
class ModelRuns:
    name: str
    seconds: list[float] = field(default_factory=list)
    tops: list[list[list[str]]] = field(default_factory=list)
    npmi: list[float] = field(default_factory=list)
    outliers: list[int] = field(default_factory=list)
    import_seconds: float = 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--processed", help="processed/ folder of a build (default: the seed corpus)")
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore")
    from pipeline.topics import npmi_coherence

    machine_before = machine_line()
    print(machine_before, flush=True)
    started = time.perf_counter()
    from pipeline.topics import TopicParams, make_units

    min_unit_words = TopicParams().min_unit_words
    passages, lemmas, organisations = built_passages(args.processed) if args.processed else seed_passages()
    corpus_name = f"the build in {args.processed}" if args.processed else "the seed corpus"
    all_units = make_units(passages, lemmas, min_unit_words, organisations)
    units = all_units.codes.lists()
    t = time.perf_counter()
    _, _, k_all, model_all = fit_nmf(all_units, 0)
    vocabulary = model_all.vocabulary_.tolist()
    print(f"{len(passages)} passages -> {len(units)} units, {len(vocabulary)} terms; our model on all units picks "
          f"k={k_all} ({time.perf_counter() - t:.2f} s; {time.perf_counter() - started:.1f} s in all)", flush=True)

    def timed_import(statement: str) -> float:
        t = time.perf_counter()
        exec(statement, {})
        return time.perf_counter() - t

    nmf = ModelRuns("scikit-learn NMF (pipeline.topics.TopicModel, k by NPMI among stable k)")
    nmf_k = ModelRuns("scikit-learn NMF, fixed k")
    lda = ModelRuns("gensim 4.4 LdaModel")
    bert = ModelRuns("BERTopic 0.17.4 (TF-IDF+SVD embeddings)")
    lda.import_seconds = timed_import("import gensim.models")
    bert.import_seconds = timed_import("import bertopic, umap, hdbscan")

    def report(seeds_done: int) -> None:
        """Write the table of the seeds done so far (after each seed, so a run cut short still reports)."""
        rows = []
        for runs in (nmf, nmf_k, lda, bert):
            sd = statistics.stdev(runs.npmi) if len(runs.npmi) > 1 else 0.0
            rows.append([
                runs.name, "/".join(str(len(t)) for t in runs.tops),
                f"{np.mean(runs.npmi):+.3f} ± {sd:.3f}",
                f"{np.mean([diversity(t) for t in runs.tops]):.2f}",
                f"{stability(runs.tops):.2f}",
                f"{median(runs.seconds):.2f}" if runs.seconds else "—",
                f"{first_bertopic:.1f}" if runs is bert and first_bertopic is not None else "—",
                (f"{min(runs.outliers)}–{max(runs.outliers)} of {len(subsample(len(units), 0))}"
                 if runs is bert else "none"),
                f"{runs.import_seconds:.1f}" if runs.import_seconds else "(in the pipeline)",
            ])
        table = markdown_table(["model", "topics per seed", f"NPMI (mean ± sd, {seeds_done} seeds)", "topic diversity",
                                "stability (best-match Jaccard, top-10)", "fit s (median)", "first fit s", "outliers",
                                "import s"], rows)
        examples = "\n".join(
            f"- {r.name}, seed 0, first three topics: " + " | ".join(", ".join(t[:6]) for t in r.tops[0][:3])
            for r in (nmf, lda, bert))
        body = "\n\n".join([
            f"## Peers: topic models on the {'development corpus' if args.processed else 'seed'} units "
            f"(`make bench-peers{'-dev' if args.processed else ''}`)",
            f"Started {machine_before}.  \nFinished {machine_line()}."
            + ("" if seeds_done == args.seeds
               else f"  \nPartial: {seeds_done} of {args.seeds} seeds done (written after each seed)."),
            f"{len(passages)} passages of {corpus_name} -> {len(units)} units (make_units, >= {min_unit_words} lemmas), "
            f"{len(vocabulary)} terms in the shared vocabulary (the terms our model fits on all units: min_df 2, max_df 0.5 "
            "over units, genre, one-organisation and organisation-name terms left out). Each seed s fits "
            f"every model on the same seeded {SUBSAMPLE:.0%} subsample of units; NPMI with pipeline.topics.npmi_coherence "
            f"over all {len(units)} units (top 10, windows of 10 lemmas). LDA uses k={k_all}, the k our model picks on "
            "all units; BERTopic finds its own number of topics (outliers = units in topic -1). Fit times exclude "
            "imports; NMF's time includes its k scan and stability refits.",
            table,
            "Top terms, to see that æ/ø/å survive and what the topics are:\n\n" + examples,
        ])
        print("\n" + body)
        if not args.no_write:
            write_section("peers-dev" if args.processed else "peers", body)
            print("\nwrote the peers section of bench/RESULTS.md")

    first_bertopic = None
    for seed in range(args.seeds):
        which = subsample(len(units), seed)
        sub_units = all_units.subset(which)
        sub = [units[i] for i in which]
        for runs, fit in (
            (nmf, lambda: fit_nmf(sub_units, seed)[:2]),
            (nmf_k, lambda: fit_nmf(sub_units, seed, k_all)[:2]),
            (lda, lambda: fit_lda(sub, vocabulary, k_all, seed)),
            (bert, lambda: fit_bertopic(sub, vocabulary, seed)),
        ):
            t = time.perf_counter()
            tops, outliers = fit()
            seconds = time.perf_counter() - t
            if runs is bert and first_bertopic is None:
                first_bertopic = seconds  # numba compiles UMAP/HDBSCAN on the first fit in a process
            else:
                runs.seconds.append(seconds)
            runs.tops.append(tops)
            runs.outliers.append(outliers)
            scores = npmi_coherence(units, tops, window=10)
            runs.npmi.append(float(np.nanmean(scores)) if tops else float("nan"))
            print(f"seed {seed} {runs.name}: {len(tops)} topics, NPMI {runs.npmi[-1]:+.3f}, {seconds:.2f} s"
                  + (f", {outliers} outliers" if runs is bert else ""), flush=True)
        report(seed + 1)

    return 0


if __name__ == "__main__":
    sys.exit(main())
