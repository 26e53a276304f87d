"""Extrinsic check of the topics: do they separate the hand-labelled themes of data/eval/theme_judgements.csv?

    python -m bench.topics_vs_themes --processed <processed/ of a development-corpus build> [--lda] [--no-write]

The theme evaluation set holds passages of the development corpus read in full and labelled yes / no /
borderline for a theme (data/eval/README.md). Each labelled passage (source = helsereform) is matched to the
build's passages of the same file by text: the whitespace-normalised texts are equal or one contains the other
(a labelled passage that spans several built passages gets their mean topic weights). Topic weights come from
the build's passage_topics (our TopicModel as the build ran it); with --lda, also from gensim LdaModel (k = our
model's k, fitted on all units over the vocabulary our model fits, seed 0), each passage getting its unit's
topic distribution. Borderline rows and passages without topic weights (boilerplate, too short) are left out.

Per theme with >= MIN_POSITIVES matched positives: the best topic t* = the most common dominant topic (argmax
weight) among the positives; its share among the positives (Wilson 95 %), among that theme's judged negatives,
and among all passages of the build that have topic weights (base rate); lift = share among positives ÷ base
rate. t* is chosen on the positives themselves, so the share is optimistic for small n. Overall: normalised
and adjusted mutual information (scikit-learn, arithmetic mean) between the theme and the dominant topic over
the positive (passage, theme) rows. Writes the "topics-vs-themes" section of bench/RESULTS.md.
"""
from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from bench.common import ROOT, machine_line, markdown_table, write_section

JUDGEMENTS = ROOT / "data" / "eval" / "theme_judgements.csv"
MIN_POSITIVES = 10


def normalise(text: str) -> str:
    """Whitespace-collapsed, lower-cased text (extraction and segmentation change line breaks, not words)."""
    return " ".join(str(text).split()).lower()


def match_passages(judgements: pd.DataFrame, passages: pd.DataFrame, documents: pd.DataFrame) -> pd.Series:
    """For each judgement row, the list of built passage_ids of the same file whose text equals or contains
    the labelled text or is contained in it (empty list when none)."""
    file_of_doc = dict(zip(documents["doc_id"].astype(str), documents["source_file"].astype(str)))
    built = passages.assign(file=passages["doc_id"].astype(str).map(file_of_doc), norm=passages["text"].map(normalise))
    by_file = {f: list(zip(g["passage_id"].astype(str), g["norm"])) for f, g in built.groupby("file")}
    matched = []
    for file, text in zip(judgements["file"], judgements["text"]):
        quote = normalise(text)
        candidates = by_file.get(str(file), [])
        exact = [pid for pid, norm in candidates if norm == quote]
        matched.append(exact or [pid for pid, norm in candidates if norm and (quote in norm or norm in quote)])
    return pd.Series(matched, index=judgements.index)


def weight_matrix(passage_topics: pd.DataFrame) -> pd.DataFrame:
    """passage_id x topic_id weights (0 where a passage has no weight on a topic)."""
    return passage_topics.pivot_table(index="passage_id", columns="topic_id", values="weight", fill_value=0.0)


def lda_passage_topics(passages: pd.DataFrame, documents: pd.DataFrame, seed: int = 0) -> tuple[pd.DataFrame, dict]:
    """gensim LdaModel (k and vocabulary of our model on all units) -> passage_topics rows of every unit's
    passages, and topic_id -> its three top terms."""
    from gensim.corpora import Dictionary
    from gensim.models import LdaModel

    from bench.bench_peers import fit_nmf
    from pipeline import language
    from pipeline.topics import TopicParams, make_units

    lemmas = {pid: language.content_lemmas(text) for pid, text in zip(passages["passage_id"], passages["text"])}
    organisations = dict(zip(documents["doc_id"].astype(str), documents["organisation"].astype(str)))
    units = make_units(passages, lemmas, TopicParams().min_unit_words, organisations)
    _, _, k, model = fit_nmf(units, seed)
    keep = set(model.vocabulary_.tolist())
    docs = [[t for t in unit if t in keep] for unit in units.codes.lists()]
    dictionary = Dictionary(docs)
    lda = LdaModel([dictionary.doc2bow(d) for d in docs], id2word=dictionary, num_topics=k, random_state=seed,
                   passes=10, iterations=200, alpha="auto", eta="auto", eval_every=None)
    theta = np.zeros((len(docs), k))
    for i, d in enumerate(docs):
        for topic, weight in lda.get_document_topics(dictionary.doc2bow(d), minimum_probability=0.0):
            theta[i, topic] = weight
    frame = units.frame[["passage_id", "unit"]]
    rows = [(pid, t, theta[u, t]) for pid, u in zip(frame["passage_id"], frame["unit"]) for t in range(k)]
    labels = {t: " · ".join(w for w, _ in lda.show_topic(t, topn=3)) for t in range(k)}
    return pd.DataFrame(rows, columns=["passage_id", "topic_id", "weight"]), labels


def evaluate(
    judgements: pd.DataFrame, matches: pd.Series, weights: pd.DataFrame, labels: dict
) -> tuple[list[list], dict]:
    """Per-theme rows and overall mutual information of one model's passage weights against the judgements."""
    from sklearn.metrics import adjusted_mutual_info_score, normalized_mutual_info_score

    from pipeline.evaluation import wilson

    dominant_all = weights.to_numpy().argmax(axis=1)
    topics = weights.columns.to_numpy()
    base = pd.Series(topics[dominant_all]).value_counts(normalize=True)
    index = {pid: i for i, pid in enumerate(weights.index.astype(str))}

    def dominant(pids: list[str]):
        rows = [index[p] for p in pids if p in index]
        return topics[weights.to_numpy()[rows].mean(axis=0).argmax()] if rows else None

    frame = judgements.assign(dominant=[dominant(m) for m in matches]).dropna(subset=["dominant"])
    frame = frame.loc[frame["label"].isin(["yes", "no"])]
    rows, positives = [], []
    for theme, group in frame.groupby("theme_id"):
        pos = group.loc[group["label"] == "yes", "dominant"].astype(int)
        neg = group.loc[group["label"] == "no", "dominant"].astype(int)
        if len(pos) < MIN_POSITIVES:
            continue
        positives.append(pd.DataFrame({"theme": theme, "dominant": pos}))
        best = int(pos.value_counts().idxmax())
        hits = int((pos == best).sum())
        low, high = wilson(hits, len(pos))
        share_neg = float((neg == best).mean()) if len(neg) else float("nan")
        share, rate = hits / len(pos), base.get(best, np.nan)
        rows.append([theme, len(pos), len(neg), f"{best} {labels.get(best, '')}", f"{share:.2f} ({low:.2f}–{high:.2f})",
                     f"{share_neg:.2f}", f"{rate:.2f}", f"{share / rate:.2f}"])
    pos_all = pd.concat(positives) if positives else pd.DataFrame(columns=["theme", "dominant"])
    overall = {
        "n": len(pos_all), "themes": len(positives),
        "nmi": normalized_mutual_info_score(pos_all["theme"], pos_all["dominant"]) if len(pos_all) else float("nan"),
        "ami": adjusted_mutual_info_score(pos_all["theme"], pos_all["dominant"]) if len(pos_all) else float("nan"),
    }
    return rows, overall


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processed", required=True, help="processed/ folder of a development-corpus build")
    parser.add_argument("--lda", action="store_true", help="also gensim LdaModel (fits our model and LDA, ~1 min)")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore")
    processed = Path(args.processed)
    started = machine_line()
    passages = pd.read_parquet(processed / "passages.parquet")
    documents = pd.read_parquet(processed / "documents.parquet")
    judgements = pd.read_csv(JUDGEMENTS)
    judgements = judgements.loc[judgements["source"] == "helsereform"].reset_index(drop=True)
    matches = match_passages(judgements, passages, documents)
    n_matched = int(matches.map(bool).sum())

    topics = pd.read_parquet(processed / "topics.parquet")
    models = {"our TopicModel (the build's passage_topics)": (pd.read_parquet(processed / "passage_topics.parquet"),
                                                              dict(zip(topics["topic_id"], topics["label"])))}
    if args.lda:
        models["gensim 4.4 LdaModel (k of our model, seed 0)"] = lda_passage_topics(passages, documents)
    header = ["theme", "positives", "negatives", "best topic", "share of positives (Wilson 95 %)",
              "share of negatives", "base rate (all passages)", "lift"]
    parts = [
        "## Topics against the hand-labelled themes (`python -m bench.topics_vs_themes`)",
        f"Started {started}.  \nFinished {machine_line()}.",
        f"Build: {processed} ({len(documents)} documents, {len(passages)} passages). Judgements: "
        f"{len(judgements)} rows of data/eval/theme_judgements.csv with source = helsereform; {n_matched} matched to "
        f"built passages of the same file by text (equal or contained, whitespace and case ignored). Themes with "
        f">= {MIN_POSITIVES} matched positives that have topic weights; borderline rows left out.",
    ]
    for name, (passage_topics, labels) in models.items():
        weights = weight_matrix(passage_topics)
        rows, overall = evaluate(judgements, matches, weights, labels)
        parts += [f"### {name}: {weights.shape[1]} topics, {len(weights)} passages with weights",
                  markdown_table(header, rows),
                  f"Dominant topic vs theme over the positive rows of these {overall['themes']} themes "
                  f"(n = {overall['n']}): NMI {overall['nmi']:.3f}, AMI {overall['ami']:.3f}."]
    body = "\n\n".join(parts)
    print(body)
    if not args.no_write:
        write_section("topics-vs-themes", body)
        print("\nwrote the topics-vs-themes section of bench/RESULTS.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
