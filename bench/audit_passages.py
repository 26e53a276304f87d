"""Audit of a built corpus's section titles and analysed passages (a report to read, never a test).

    HORINGSRADAR_DATA=/scratch/helsereform .venv/bin/python -m bench.audit_passages [examples per category]

Counts, over the body passages of data/processed/passages.parquet, the defects issue #10 names and prints examples
of each, so a reader can judge which are real: section titles that are greetings or addressees, dates, person names
(the segmenter's and the metadata guesser's person rules), link titles or web addresses, table-of-contents lines or
sentences; body text holding web addresses, doi, "et al.", "Hentet fra" or author-year entries, a numbered heading
glued to its text, footnote digits glued to words, a number alone on a line, a ligature read as a capital
("eVektivt"), and a 10-word run repeated in three or more passages of one document (page furniture left in the
text, or the writer repeating a point: read them). A category is a search, not a judgement: its hits are candidates.
"""
from __future__ import annotations

import re
import sys
from collections.abc import Callable

import pandas as pd

from pipeline import metadata, segment
from pipeline.config import paths

_GREETING = re.compile(r"^(?:hei|hallo|kjære|god dag|til\b)", re.IGNORECASE)
_TOC = re.compile(r"\.{3,}|…{2,}|\s\d{1,3}$")
_GLUED_HEADING = re.compile(r"^\d{1,2}(?:\.\d{1,2}){0,3}\.?\s+(?:[^\s.!?]+\s+){0,12}?[^\s.!?:]*[a-zæøå0-9)] "
                            r"[A-ZÆØÅ][a-zæøå]+\s+[a-zæøå]")
_BODY_CHECKS: dict[str, re.Pattern] = {
    "body: URL": re.compile(r"https?://|\bwww\.", re.IGNORECASE),
    "body: doi": re.compile(r"\bdoi\b|\b10\.\d{4,9}/", re.IGNORECASE),
    "body: et al.": re.compile(r"\bet al\b", re.IGNORECASE),
    "body: Hentet fra": re.compile(r"\bhentet (?:fra|frå)\b", re.IGNORECASE),
    "body: author-year line": re.compile(r"(?m)^[A-ZÆØÅ][\w'’-]+,\s(?:[A-ZÆØÅ]\.\s?)+.{0,200}?\((?:19|20)\d\d[a-z]?\)|"
                                         r"^[A-ZÆØÅ][\w&.,'’ -]{1,80}\((?:19|20)\d\d[a-z]?\)\.\s"),
    "body: numbered heading glued": _GLUED_HEADING,
    "body: footnote digit glued": re.compile(r"[a-zæøå]{3,}[.,;:]?\d{1,2}(?=\s+[A-ZÆØÅ]|[.,;]\s)"),
    "body: a number alone on a line": re.compile(r"(?m)^\d{1,3}$"),
    "body: ISBN/ISSN or colophon label": re.compile(r"\bIS[BS]N\b|^(?:tittel|forfattere?|oppdragsgiver|"
                                                    r"publikasjonstype|emneord|sitering)\b[^:\n]{0,30}:", re.IGNORECASE),
    "body: ligature read as a capital": re.compile(r"\b[a-zæøå]+[DV][a-zæøå]{2,}\b|\bO[DV][a-zæøå]{3,}"),
}
#: Words in a row that, repeated in three passages of one document, suggest page furniture.
_RUN_WORDS = 10


def _last(title: str) -> str:
    """The sub-heading of a 'chapter › sub-heading' title."""
    return title.split(" › ")[-1]


def _is_person(title: str) -> bool:
    line = _last(title)
    return bool(metadata._PERSON.match(line)) or segment.affiliation_kind(line) == "signature" or (
        bool(segment._PERSON.match(line)) and ("," in line or "(" in line) and not segment._looks_like_topic(line))


TITLE_CHECKS: dict[str, Callable[[str], bool]] = {
    "title: greeting/addressee": lambda t: bool(_GREETING.match(_last(t))),
    "title: date": lambda t: bool(segment._DATE.search(t) or segment._MONTH_YEAR.search(t)),
    "title: person": _is_person,
    "title: link/URL": lambda t: bool(segment._URL.search(t) or segment._DOMAIN.search(t) or " | " in t
                                      or segment._PAGE_TITLE.search(t)),
    "title: TOC line": lambda t: bool(_TOC.search(_last(t))),
    "title: sentence (. and >12 words)": lambda t: _last(t).rstrip().endswith(".") and segment.count_words(_last(t)) > 12,
    "title: lead-in (subject + verb)": lambda t: segment.is_lead_in(_last(t)),
    "title: ends with ':'": lambda t: t.rstrip().endswith(":"),
    "title: doubled ('A › A')": lambda t: len(set(t.split(" › "))) < len(t.split(" › ")),
    "title: names run together": lambda t: len(_last(t).split()) >= 4 and all(
        re.fullmatch(r"[A-ZÆØÅ][a-zæøåéü]+(?:-[A-ZÆØÅ][a-zæøåéü]+)?", w) for w in _last(t).split()),
    "title: addressee before a dash": lambda t: bool(re.match(r"(?i)til\s+\S+(?:\s+\S+){0,3}?\s+[-–—:]\s", _last(t))),
}


def repeated_runs(body: pd.DataFrame) -> list[tuple[str, int, str]]:
    """(doc_id, passages, one run) for documents where a _RUN_WORDS-word run occurs in three or more body passages."""
    out = []
    for doc, group in body.groupby("doc_id"):
        seen: dict[str, set[str]] = {}
        for pid, text in zip(group["passage_id"], group["text"]):
            words = re.findall(r"\w+", text.lower())
            for i in range(max(0, len(words) - _RUN_WORDS + 1)):
                seen.setdefault(" ".join(words[i:i + _RUN_WORDS]), set()).add(pid)
        runs = {run: ids for run, ids in seen.items() if len(ids) >= 3}
        if runs:
            run, _ = max(runs.items(), key=lambda kv: len(kv[1]))
            out.append((str(doc), len(set().union(*runs.values())), run))
    return out


def main(examples: int = 10) -> None:
    processed = paths().processed
    passages = pd.read_parquet(processed / "passages.parquet")
    body = passages[passages["kind"] == "body"]
    titles = body.groupby(["doc_id", "section_title"]).size().reset_index(name="n")
    titles = titles[titles["section_title"] != ""]
    print(f"{processed}: {len(passages)} passages; by kind {passages['kind'].value_counts().to_dict()}")
    print(f"(document, section title) pairs over body passages: {len(titles)}")
    summary = []
    for name, check in TITLE_CHECKS.items():
        hit = titles[titles["section_title"].map(check)]
        summary.append((name, len(hit), int(hit["n"].sum())))
        print(f"\n== {name}: {len(hit)} titles over {int(hit['n'].sum())} body passages")
        for row in hit.head(examples).itertuples():
            print(f"   [{row.doc_id}] ({row.n}) {row.section_title!r}")
    for name, pattern in _BODY_CHECKS.items():
        hit = body[body["text"].map(lambda t: bool(pattern.search(t)))]
        summary.append((name, len(hit), len(hit)))
        print(f"\n== {name}: {len(hit)} body passages")
        for row in hit.head(examples).itertuples():
            match = pattern.search(row.text)
            print(f"   [{row.passage_id}] …{row.text[max(0, match.start() - 60):match.end() + 60]!r}")
    runs = repeated_runs(body)
    summary.append((f"body: {_RUN_WORDS}-word run in >=3 passages", len(runs), sum(n for _, n, _ in runs)))
    print(f"\n== body: a {_RUN_WORDS}-word run in three or more passages of one document: {len(runs)} documents")
    for doc, n, run in runs[:examples]:
        print(f"   [{doc}] {n} passages, e.g. {run!r}")
    terms = pd.read_parquet(processed / "term_counts.parquet")
    column = "term" if "term" in terms else terms.columns[1]
    web = terms[terms[column].astype(str).str.fullmatch(r"https?|www|doi|al|et al")]
    print(f"\n== term_counts rows for https/www/doi/al: {len(web)}")
    print("\nSUMMARY (category, titles or documents or passages, body passages)")
    for name, count, passages_hit in summary:
        print(f"{name:45s} {count:5d} {passages_hit:6d}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
