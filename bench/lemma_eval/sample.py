"""Draw the lemma evaluation sample: 300 content tokens of the development corpus, fixed seed.

A content token: letters in it, at least 2 characters, not in the Snowball Norwegian stopword list
(a definition independent of the lemmatiser under test). Tokens are drawn uniformly over all
content-token occurrences of the non-boilerplate passages of Bokmål documents, so frequent words
weigh as they do in the counts. Writes token, doc_id, file, context (the sentence around it) for
hand judgement; the judged file is bench/lemma_eval/judged.csv.

Usage: python -m bench.lemma_eval.sample <processed dir of a development-corpus build> <out.csv>
"""
from __future__ import annotations

import re
import sys

import numpy as np
import pandas as pd
from stop_words import get_stop_words

from pipeline import language

SEED = 14
N = 300
SNOWBALL = frozenset(get_stop_words("norwegian"))


def is_content(token: str) -> bool:
    return len(token) >= 2 and any(c.isalpha() for c in token) and token.lower() not in SNOWBALL


def sentence_around(text: str, start: int, end: int, width: int = 90) -> str:
    """The text around a token, cut at sentence ends where near, the token marked [[...]]."""
    left = text[max(0, start - width) : start]
    cut = max(left.rfind(". "), left.rfind("\n"))
    left = left[cut + 2 :] if cut >= 0 else left
    right = text[end : end + width]
    stop = re.search(r"[.!?](\s|$)", right)
    right = right[: stop.end()] if stop else right
    return re.sub(r"\s+", " ", f"{left}[[{text[start:end]}]]{right}").strip()


def draw(processed: str) -> pd.DataFrame:
    passages = pd.read_parquet(f"{processed}/passages.parquet")
    documents = pd.read_parquet(f"{processed}/documents.parquet")
    bokmal = set(documents.loc[documents["language"] == "nb", "doc_id"])
    passages = passages.loc[~passages["is_boilerplate"] & passages["doc_id"].isin(bokmal)]
    occurrences = [
        (row.doc_id, row.passage_id, s, e)
        for row in passages.itertuples()
        for token, s, e in language.token_spans(row.text)
        if is_content(token)
    ]
    rng = np.random.default_rng(SEED)
    picked = sorted(rng.choice(len(occurrences), N, replace=False))
    texts = passages.set_index("passage_id")["text"]
    files = documents.set_index("doc_id")["source_file"]
    rows = []
    for i in picked:
        doc_id, pid, s, e = occurrences[i]
        text = texts[pid]
        rows.append({"token": text[s:e], "doc_id": doc_id, "file": files[doc_id], "context": sentence_around(text, s, e)})
    return pd.DataFrame(rows)


if __name__ == "__main__":
    draw(sys.argv[1]).to_csv(sys.argv[2], index=False)
