"""A reading sheet for judging topics (bench/TOPICS-JUDGED.md): per topic its top 10 terms, share, largest share from
one document (the model's capped figure and the plain one), stability, NPMI, example, and the three highest-weighted
analysed passages of at least 25 words from three different documents, printed in full for reading.

    python -m bench.topic_sheet --processed /path/to/processed > sheet.md
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd

MIN_WORDS = 25


def sheet(processed: Path) -> str:
    """The Markdown reading sheet of one build's topics."""
    topics = pd.read_parquet(processed / "topics.parquet")
    terms = pd.read_parquet(processed / "topic_terms.parquet")
    weights = pd.read_parquet(processed / "passage_topics.parquet")
    passages = pd.read_parquet(processed / "passages.parquet").set_index("passage_id")
    info = json.loads((processed / "build_info.json").read_text(encoding="utf-8"))
    weights = weights.join(passages[["doc_id", "n_words", "text"]], on="passage_id")
    out = [f"k = {info['topic_model'].get('k')}; {info['topic_model'].get('k_selection', '')}", "",
           "| topic | label | top 10 terms | share | top document, capped | top document, uncapped | stability | NPMI "
           "| reliable | example |", "|---|---|---|---|---|---|---|---|---|---|"]
    reading = []
    for topic in topics.itertuples(index=False):
        top = terms.loc[terms["topic_id"] == topic.topic_id].sort_values("rank")["term"].head(10).tolist()
        mine = weights.loc[weights["topic_id"] == topic.topic_id]
        by_doc = mine.groupby("doc_id")["weight"].sum()
        uncapped = f"{by_doc.max() / by_doc.sum():.1%} (`{by_doc.idxmax()}`)" if len(by_doc) else "—"
        out.append(f"| {topic.topic_id} | {topic.label} | {', '.join(top)} | {topic.share:.1%} | {topic.top_doc_share:.1%} "
                   f"| {uncapped} | {topic.stability:.2f} | {topic.coherence:+.3f} | {topic.is_reliable} "
                   f"| {str(topic.example)[:120]} |")
        chosen = (mine.loc[mine["n_words"] >= MIN_WORDS].sort_values("weight", ascending=False)
                  .drop_duplicates("doc_id").head(3))
        reading.append(f"\n### topic {topic.topic_id}: {topic.label}\n")
        reading += [f"- `{r.doc_id}` ({r.weight:.2f}): {' '.join(str(r.text).split())}" for r in chosen.itertuples()]
    return "\n".join(out + reading) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processed", type=Path, required=True)
    print(sheet(parser.parse_args().processed), end="")


if __name__ == "__main__":
    main()
