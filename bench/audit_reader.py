"""Issue #10's structural targets, counted on a built corpus per split (a report to read, never a test).

    HORINGSRADAR_DATA=/scratch/helsereform .venv/bin/python -m bench.audit_reader [--show dev|all|none] [--json out]

Runs bench.audit_passages's title and body checks over the *analysed* passages (schema.ANALYSED_KINDS) plus the
checks that audit lacks, and counts every hit by its organisation's split in data/eval/organisation_split.csv
(organisations missing from that file count as "unsplit"). Only the hits of `dev` organisations are printed by
default, so that a reader tuning rules never reads held-out text by accident (`--show all` prints every hit, for
corpora without a split such as the seeds and samples; `--show none` prints counts only).

Checks added here:
- every level of a "chapter › sub-heading" title, not only the last, for greetings, dates, TOC lines and links;
- a title that is a whole quoted sentence («…» or "…");
- an unnumbered heading glued to its text on one line ("Overordnede betraktninger Det er økende …"), and a short
  heading-like first line over the passage's text (a heading kept inside the passage);
- a digit glued to a word's end, wider than bench.audit_passages's ("veiskille.2 Et", "tjenester3 og");
- web addresses written without www (regjeringen.no/…), ".pdf", "Tilgjengelig fra/på", "(red.)", "Available at";
- a linked page's title on a line ("… | DN", "… - Hjem"), a source list numbered "(1) … 2019 (2) …", an empty letter
  field ("Dokumentnr.:", "Telefonnr.: Epostadresse:", "Kopi til");
- term_counts and topic_terms rows that are web or citation words (https, www, doi, et, al, pdf, …) or English
  function words (the stop-words package's English list), i.e. what keywords, keyness and topics would show.
A category is a search, not a judgement: its hits are candidates to read.
"""
from __future__ import annotations

import argparse
import json
import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from bench import audit_passages as ap
from pipeline import schema, segment
from pipeline.config import paths

_SPLIT_FILE = Path(__file__).resolve().parents[1] / "data" / "eval" / "organisation_split.csv"
_FUNCTION_OPENER = (r"(?:Det|Dette|Vi|Den|Disse|De|Når|Dersom|Hvis|Samtidig|Mange|Flere|Her|Derfor|Slik|Blant|"
                    r"Gjennom|Også|Men|Og|Selv|Både|Alle|Noen)")
_UNNUMBERED_GLUED = re.compile(rf"^(?:[A-ZÆØÅ][\wæøåÆØÅ-]*)(?:\s+[\wæøåÆØÅ-]+){{0,7}}\s+[a-zæøå][\wæøå-]*\s+"
                               rf"{_FUNCTION_OPENER}\s+[a-zæøå]")
_HEADING_FIRST_LINE = re.compile(r"^([A-ZÆØÅ0-9][^\n.!?:;,]{2,70})\n[A-ZÆØÅ«\"]")
_DIGIT_GLUED = re.compile(r"\b[A-Za-zÆØÅæøå]*[a-zæøå]{3,}[.,;:»”)]?\d{1,3}(?![\d.,]?\d)(?=[\s.,;:)]|$)")
#: Words with a digit that are names, not footnote markers.
_DIGIT_WORDS = re.compile(r"(?i)^(?:covid-?19|co2|news2|h2|nox|pm2|sars|ehelse|lov\w*|\w*\d\w*)$")
_EXTRA_BODY: dict[str, re.Pattern] = {
    "body: unnumbered heading glued": _UNNUMBERED_GLUED,
    "body: heading-like first line": _HEADING_FIRST_LINE,
    "body: digit glued to a word end": _DIGIT_GLUED,
    "body: bare domain / .pdf": re.compile(r"\b[\w-]+\.(?:no|com|org|net|eu|int|gov|se|dk)/|\.pdf\b|\.html?\b",
                                           re.IGNORECASE),
    "body: link-title line (… | Site, … - Hjem)": re.compile(
        r"(?m)[^|\n]\s\|\s[A-ZÆØÅ][\w.’'-]*(?:\s[A-ZÆØÅ][\w.’'-]*){0,3}$|\s[-–|]\s(?:Hjem|Forside|Home)\b"),
    "body: numbered source list ((1) … 2019 (2) …)": re.compile(r"(?m)^\(\d{1,2}\)\s.*(?:19|20)\d\d\.?\s\(\d{1,2}\)\s"),
    "body: empty letter field (Dokumentnr.:, Kopi til)": re.compile(
        r"(?mi)^(?:kopi til|(?:[\w-]+\s+){0,3}?[\w-]*(?:nr|navn|adresse|avsender|e-?post)\.?(?:\s+[\w-]+){0,3}\s*:)\s*$"),
    "body: Tilgjengelig fra / Available at / (red.)": re.compile(
        r"\btilgjengelig (?:fra|på|via)\b|\bavailable (?:at|from)\b|\bretrieved\b|\((?:red|eds?)\.\)|\blest \d{1,2}\.",
        re.IGNORECASE),
}
_WEB_TERMS = {"http", "https", "www", "doi", "et", "al", "et al", "pdf", "html", "com", "org", "net", "isbn", "issn",
              "vol", "pp", "retrieved", "available", "hentet", "url", "pmid", "https www", "www no"}
#: An English word whose frequency in English exceeds its frequency in Norwegian text by this many zipf units
#: (wordfreq; "the" 7.7 against 5.6) is English; "system" (5.3 / 4.9) and "problem" are Norwegian too.
_ENGLISH_MARGIN = 1.5


def split_of() -> dict[str, str]:
    """organisation -> 'dev' or 'heldout' from data/eval/organisation_split.csv."""
    frame = pd.read_csv(_SPLIT_FILE)
    return dict(zip(frame["organisation"], frame["split"]))


def _levels(title: str) -> list[str]:
    return [part for part in title.split(" › ") if part]


def _any_level(check: Callable[[str], bool]) -> Callable[[str], bool]:
    return lambda title: any(check(level) for level in _levels(title))


TITLE_CHECKS: dict[str, Callable[[str], bool]] = {
    **ap.TITLE_CHECKS,
    "title (any level): greeting/addressee": _any_level(lambda t: bool(ap._GREETING.match(t))),
    "title (any level): TOC line or Innhold": _any_level(
        lambda t: bool(ap._TOC.search(t) or re.fullmatch(r"(?i)innhold(?:sfortegnelse)?|innholdsliste", t.strip()))),
    "title (any level): link/URL": _any_level(lambda t: bool(segment._URL.search(t) or segment._DOMAIN.search(t)
                                                             or " | " in t or segment._PAGE_TITLE.search(t))),
    "title: quoted sentence": lambda t: bool(re.match(r"^[«\"“]", ap._last(t))) and segment.count_words(ap._last(t)) > 6,
}


def after_reference_list(passages: pd.DataFrame) -> set[str]:
    """Passage ids under an unnumbered section that follows a reference-list section ("Litteratur", "Referanser")
    in the same document: an entry's title read as a section (or a real section after the list: read them)."""
    out: set[str] = set()
    for _, group in passages.sort_values(["doc_id", "position"]).groupby("doc_id"):
        seen = False
        for pid, title in zip(group["passage_id"], group["section_title"]):
            last = ap._last(title)
            if segment._REFERENCE_TITLE.match(last):
                seen = True
            elif seen and segment.heading_number(last) is None:
                out.add(pid)
    return out


def _digit_hit(text: str) -> re.Match | None:
    """The first word-end digit that could be a footnote marker (not a name like covid-19 or a law's number)."""
    for match in _DIGIT_GLUED.finditer(text):
        word = re.sub(r"[.,;:»”)]?\d+$", "", match.group(0))
        if not _DIGIT_WORDS.match(word):
            return match
    return None


def body_checks() -> dict[str, Callable[[str], re.Match | None]]:
    """Every body check: name -> text -> the first match (or None)."""
    checks: dict[str, Callable[[str], re.Match | None]] = {
        name: pattern.search for name, pattern in ap._BODY_CHECKS.items()}
    for name, pattern in _EXTRA_BODY.items():
        checks[name] = pattern.search
    checks["body: digit glued to a word end"] = _digit_hit
    return checks


def english_terms() -> set[str]:
    """English function words far more frequent in English than in Norwegian (a hit is English text)."""
    from stop_words import get_stop_words
    from wordfreq import zipf_frequency
    return {w for w in get_stop_words("english") if w.isalpha() and len(w) > 1
            and zipf_frequency(w, "en") - zipf_frequency(w, "nb") > _ENGLISH_MARGIN}


def term_hits(processed: Path) -> dict[str, pd.DataFrame]:
    """Rows of term_counts and topic_terms that are web/citation words or English function words."""
    english = english_terms()
    out = {}
    terms = pd.read_parquet(processed / "term_counts.parquet")
    words = terms["term"].astype(str).str.split()
    out["terms: web/citation word"] = terms[words.map(lambda ws: bool(set(ws) & _WEB_TERMS))]
    out["terms: English function word"] = terms[words.map(lambda ws: bool(set(ws) & english))]
    topic_path = processed / "topic_terms.parquet"
    if topic_path.exists():
        topics = pd.read_parquet(topic_path)
        twords = topics["term"].astype(str).str.split()
        out["topic terms: web/citation or English"] = topics[twords.map(lambda ws: bool(set(ws) & (_WEB_TERMS | english)))]
    return out


def audit(processed: Path, show: str = "dev", examples: int = 1000) -> dict[str, dict[str, int]]:
    """Counts per check and split; prints the hits `show` allows, in full for body checks' context."""
    passages = pd.read_parquet(processed / "passages.parquet")
    documents = pd.read_parquet(processed / "documents.parquet")
    splits = split_of()
    doc_split = {d: splits.get(o, "unsplit") for d, o in zip(documents["doc_id"], documents["organisation"])}
    analysed = passages[passages["kind"].isin(schema.ANALYSED_KINDS)].copy()
    analysed["split"] = analysed["doc_id"].map(doc_split)
    visible = (lambda s: True) if show == "all" else (lambda s: s == "dev") if show == "dev" else (lambda s: False)
    counts: dict[str, dict[str, int]] = {}
    titles = analysed[analysed["section_title"] != ""].groupby(["doc_id", "section_title", "split"]).size()
    titles = titles.reset_index(name="n")
    for name, check in TITLE_CHECKS.items():
        hit = titles[titles["section_title"].map(check)]
        counts[name] = hit.groupby("split")["n"].sum().astype(int).to_dict()
        counts[name]["titles"] = len(hit)
        shown = hit[hit["split"].map(visible)]
        if len(shown):
            print(f"\n== {name}: {len(hit)} titles over {int(hit['n'].sum())} passages")
            for row in shown.head(examples).itertuples():
                print(f"   [{row.doc_id}] ({row.n}) {row.section_title!r}")
    name = "title: analysed section after a reference list"
    hit = after_reference_list(passages)
    hit = analysed[analysed["passage_id"].isin(hit)]
    counts[name] = hit["split"].value_counts().astype(int).to_dict()
    shown = hit[hit["split"].map(visible)]
    if len(shown):
        print(f"\n== {name}: {len(hit)} passages")
        for row in shown.head(examples).itertuples():
            print(f"   [{row.passage_id}] «{row.section_title}» {row.text[:160]!r}")
    for name, check in body_checks().items():
        matches = analysed["text"].map(check)
        hit = analysed[matches.notna()]
        counts[name] = hit["split"].value_counts().astype(int).to_dict()
        shown = hit[hit["split"].map(visible)]
        if len(shown):
            print(f"\n== {name}: {len(hit)} passages")
            for row in shown.head(examples).itertuples():
                match = matches[row.Index]
                print(f"   [{row.passage_id}] «{row.section_title[-60:]}» …"
                      f"{row.text[max(0, match.start() - 80):match.end() + 80]!r}")
    doc_org = dict(zip(documents["doc_id"], documents["organisation"]))
    for name, frame in term_hits(processed).items():
        if "doc_id" in frame:
            split = frame["doc_id"].map(doc_split)
            counts[name] = split.value_counts().astype(int).to_dict()
            shown = frame[split.map(visible)]
        else:
            counts[name] = {"rows": len(frame)}
            shown = frame if show != "none" else frame.head(0)
        if len(shown):
            print(f"\n== {name}: {len(frame)} rows")
            cols = [c for c in ("doc_id", "topic_id", "term", "count", "weight") if c in shown]
            summary = shown.groupby("term").size().sort_values(ascending=False) if "doc_id" in shown else None
            if summary is not None:
                print("   by term:", summary.head(40).to_dict())
                for row in shown.head(examples).itertuples():
                    print(f"   [{row.doc_id} / {doc_org.get(row.doc_id)}] {row.term!r} x{getattr(row, 'count', '')}")
            else:
                print(shown[cols].to_string())
    print("\nSUMMARY (check: passages per split; titles checks also give the number of titles)")
    for name, by in counts.items():
        print(f"{name:48s} " + " ".join(f"{k}={v}" for k, v in sorted(by.items())))
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", choices=("dev", "all", "none"), default="dev")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--examples", type=int, default=1000)
    args = parser.parse_args()
    counts = audit(paths().processed, args.show, args.examples)
    if args.json:
        args.json.write_text(json.dumps(counts, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
