"""How fast lemmatisation and theme tagging run once their caches are warm (a report, never a test: timings on a
shared machine vary with load, and two such timed tests failed CI at load 10 while the code was unchanged).

    .venv/bin/python -m bench.bench_text

Prints the median of 5 runs of each and the ratio of the cold first pass to a warm pass, and records them in
bench/RESULTS.md (section text-speed). Inputs: the five seed texts in data/raw (~30,000 tokens) for
lemmatisation; the hand-labelled seed passages (tests/fixtures/theme_eval.csv) x 24 for tagging.
"""
from __future__ import annotations

import time
from collections.abc import Callable

import pandas as pd

from bench.common import ROOT, machine_line, markdown_table, median, write_section
from pipeline import language, themes

RUNS = 5


def _seconds(work: Callable[[], object]) -> float:
    """CPU seconds of one call (process time: what the code costs, not what other processes take)."""
    start = time.process_time()
    work()
    return time.process_time() - start


def lemmatisation_rows() -> list[list[object]]:
    """Cold and warm content_lemmas over the seed texts, in tokens per CPU second."""
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "data" / "raw").glob("*.txt")))
    tokens = len(language.tokenize(text))
    cold = _seconds(lambda: language.content_lemmas(text))
    warm = median([_seconds(lambda: language.content_lemmas(text)) for _ in range(RUNS)])
    return [["content_lemmas, seed texts", f"{tokens:,}", f"{tokens / cold:,.0f}", f"{tokens / warm:,.0f}", f"{cold / warm:.1f}x"]]


def tagging_rows() -> list[list[object]]:
    """Theme tagging of ~3,000 passages after a warm-up, in tokens per CPU second."""
    texts = pd.read_csv(ROOT / "tests" / "fixtures" / "theme_eval.csv", dtype={"text": str})["text"].tolist() * 24
    passages = pd.DataFrame({"passage_id": [str(i) for i in range(len(texts))], "text": texts})
    lexicon = themes.load_lexicon(ROOT / "data" / "themes.toml")
    tokens = sum(len(t.split()) for t in texts)
    cold = _seconds(lambda: themes.tag_passages(passages.head(200), lexicon))
    warm = median([_seconds(lambda: themes.tag_passages(passages, lexicon)) for _ in range(RUNS)])
    cold_rate = sum(len(t.split()) for t in texts[:200]) / cold
    return [["tag_passages, 3,000 seed passages", f"{tokens:,}", f"{cold_rate:,.0f}", f"{tokens / warm:,.0f}", f"{(tokens / warm) / cold_rate:.1f}x"]]


def main() -> None:
    """Measure, print and record in bench/RESULTS.md."""
    header = ["what", "tokens", "cold pass, tokens/s", f"warm, median of {RUNS}, tokens/s", "warm / cold rate"]
    body = f"## Text speed (bench/bench_text.py)\n\n{machine_line()}\n\n" + markdown_table(header, lemmatisation_rows() + tagging_rows())
    print(body)
    write_section("text-speed", body)


if __name__ == "__main__":
    main()
