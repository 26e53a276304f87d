"""Metadata guesses measured on fresh inputs to the committee that are not in the development corpus (issue #10).

/work/fresh (another helper's, 2026-12-05) holds Marker-made Markdown texts docs/<stem>.md of real inputs to the
Helsereformutvalget that are NOT in ../shared/corpora/helsereform, and INDEX.csv with their hand-read metadata
(organisation, stated_date, year, title, doc_type, org_in_corpus). The rules of pipeline/metadata.py were frozen
(committed, a9eff1c) before this was first run; that first run is the clean fresh figure (data/eval/README.md).
Its errors were read afterwards and rules changed because of them (issue-10-meta2), so the set is now SPENT: what
this prints today is a tuning figure, never a clean or held-out one.

Each text is read as the pipeline reads a TXT file (the Markdown text, one page; the stem as the file name), and
guessed with the development corpus's organisations as the known ones (what a user's corpus would know). Judged as
the development measurement judges: organisation by pipeline.organisations.same_organisation, the stated date
exactly (or, where the text states none, that no date is invented), the year exactly, the document type exactly.
Titles are judged by reading (a real title; never "Innhold", a numbered section, a person, the addressee): the
judgements are kept in data/eval/metadata_fresh_titles.csv (stem, guess, acceptable) and apply only to the guess
they were made for; a title guess nobody has judged is reported as unjudged.

    python -m bench.metadata_fresh            # prints the figures; writes data/eval/metadata_fresh.csv
    python -m bench.metadata_fresh --fresh DIR
    python -m bench.metadata_fresh --reserve  # part D: the 8 reserve files; writes data/eval/metadata_reserve_after.csv

The per-file CSV keeps only the short truth and guess values (no document text).

``--reserve`` (part D, data/eval/README.md "Fourth round"): only the 8 reserve files
(bench.sample_fresh_demands.RESERVE), judged against the hand-read metadata committed before they were fetched
(data/eval/fresh_documents.csv), the Drammen note's invented conversion tail cut as the design says, titles judged in
data/eval/metadata_reserve_titles.csv; metadata_fresh.csv is left as it is. Without it the reserve is left out, so
the 28 files of the fresh round stay the ones measured once the reserve is fetched into the same folder.
metadata_reserve.csv is the one clean measurement (f618e3b, rules of 51e8281) and is never written again: part D's
errors were read and rules changed because of them (2026-12-06), so the reserve is a tuning set for metadata since, and
a run writes its tuning figures to metadata_reserve_after.csv.
"""
from __future__ import annotations

import argparse
import csv
import os
from pathlib import Path

from pipeline.evaluation import wilson

ROOT = Path(__file__).resolve().parents[1]
FRESH = Path(os.environ.get("HORINGSRADAR_FRESH", "/work/fresh"))
OUT = ROOT / "data" / "eval" / "metadata_fresh.csv"
TITLES = ROOT / "data" / "eval" / "metadata_fresh_titles.csv"
#: Part D: the reserve's figures and title judgements, apart from the spent fresh set's.
RESERVE_OUT = ROOT / "data" / "eval" / "metadata_reserve.csv"
#: Part D after its errors were read and rules changed (tuning figures); the clean RESERVE_OUT is never overwritten.
RESERVE_AFTER = ROOT / "data" / "eval" / "metadata_reserve_after.csv"
RESERVE_TITLES = ROOT / "data" / "eval" / "metadata_reserve_titles.csv"
#: The hand-read metadata of all 36 fresh inputs (the same as INDEX.csv's), committed before the reserve was fetched.
FRESH_DOCUMENTS = ROOT / "data" / "eval" / "fresh_documents.csv"
FIELDS = ("organisation", "stated_date", "no_date_invented", "year", "title", "doc_type")
#: INDEX.csv describes a document's form (Innspill, Brev, Notat …); the pipeline's doc_type is its purpose
#: (schema codes). Fixed before the first run: every letter, note, input or attachment sent to the committee is
#: hearing_input (the development manifest labels the same forms so); a response to a NOU hearing is a
#: consultation_response; a report or anything else (slides, an op-ed) is other.
DOC_TYPE = {"innspill": "hearing_input", "brev": "hearing_input", "notat": "hearing_input", "vedlegg": "hearing_input",
            "høringssvar": "consultation_response", "rapport": "other", "annet": "other"}


def iso_date(text: str) -> str:
    """"09.04.2026" -> "2026-04-09" (INDEX.csv writes dd.mm.yyyy); an ISO date or "" unchanged."""
    parts = text.strip().split(".")
    return f"{parts[2]}-{int(parts[1]):02d}-{int(parts[0]):02d}" if len(parts) == 3 else text.strip()


def known_organisations() -> list[str]:
    """The development corpus's organisations (its manifest), or none when ../shared is absent."""
    shared = Path(os.environ.get("HORINGSRADAR_SHARED", ROOT.parent.parent / "shared"))
    for manifest in (shared / "corpora" / "helsereform" / "raw" / "documents.csv",
                     Path("/work/shared/corpora/helsereform/raw/documents.csv")):
        if manifest.exists():
            with manifest.open(encoding="utf-8") as fh:
                return sorted({row["organisation"] for row in csv.DictReader(fh)})
    return []


def title_judgements(path: Path = TITLES) -> dict[tuple[str, str], bool]:
    """(stem, guessed title) -> acceptable, as read by hand."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as fh:
        return {(r["stem"], r["guess"]): r["acceptable"].strip().lower() in ("yes", "1", "true")
                for r in csv.DictReader(fh)}


def judge(row: dict, suggested: dict, titles: dict) -> list[dict]:
    """Per-field results of one fresh file: field, truth, guess, right ("" when the title is unjudged)."""
    from pipeline.organisations import same_organisation

    stem = row["stem"]
    out = [{"stem": stem, "field": "organisation", "truth": row["organisation"], "guess": suggested.get("organisation", ""),
            "right": same_organisation(suggested.get("organisation", ""), row["organisation"])}]
    if row["stated_date"].strip():
        truth = iso_date(row["stated_date"])
        out.append({"stem": stem, "field": "stated_date", "truth": truth, "guess": suggested.get("date", ""),
                    "right": suggested.get("date", "") == truth})
    else:
        out.append({"stem": stem, "field": "no_date_invented", "truth": "", "guess": suggested.get("date", ""),
                    "right": not suggested.get("date")})
    out.append({"stem": stem, "field": "year", "truth": row["year"], "guess": suggested.get("year", ""),
                "right": suggested.get("year", "") == row["year"].strip()})
    title = suggested.get("title", "")
    judged = titles.get((stem, title))
    out.append({"stem": stem, "field": "title", "truth": row["title"], "guess": title,
                "right": "" if judged is None else judged})
    truth = DOC_TYPE.get(row["doc_type"].strip().lower(), "other")
    out.append({"stem": stem, "field": "doc_type", "truth": truth, "guess": suggested.get("doc_type") or "other",
                "right": (suggested.get("doc_type") or "other") == truth})
    return out


def affiliated(note: str) -> bool:
    """Whether the hand-read note marks the author a unit, member or employee of a corpus organisation
    ("AFFILIATED: …"): at the note's start for the 28 fetched files, after "Not fetched (budget). …" for the reserve."""
    return "AFFILIATED:" in note


def index_rows(fresh: Path, reserve: bool = False, documents: Path = FRESH_DOCUMENTS) -> list[dict]:
    """The hand-read rows to measure: the fresh round's (INDEX.csv, the reserve left out) or, with reserve, the 8
    reserve rows of fresh_documents.csv in RESERVE's order."""
    from bench.sample_fresh_demands import RESERVE

    if not reserve:
        with (fresh / "INDEX.csv").open(encoding="utf-8") as fh:
            return [row for row in csv.DictReader(fh) if row["stem"] not in RESERVE]
    with documents.open(encoding="utf-8") as fh:
        by_stem = {row["stem"]: row for row in csv.DictReader(fh) if row["stem"] in RESERVE}
    missing = [stem for stem in RESERVE if stem not in by_stem]
    if missing:
        raise ValueError(f"reserve stems missing from {documents}: {missing}")
    return [by_stem[stem] for stem in RESERVE]


def measure(fresh: Path, reserve: bool = False) -> list[dict]:
    """Guess every fresh text's metadata and judge it; rows carry org_in_corpus for the split. reserve: the 8 files of
    part D instead of the fresh round's 28 (all 8 must be there)."""
    from bench.sample_fresh_demands import drop_conversion_tail
    from pipeline import corpus, extract

    known = known_organisations()
    titles = title_judgements(RESERVE_TITLES if reserve else TITLES)
    index = index_rows(fresh, reserve)
    if reserve and (absent := [r["stem"] for r in index if not (fresh / "docs" / f"{r['stem']}.md").exists()]):
        raise ValueError(f"{len(absent)} reserve texts not in {fresh / 'docs'}: {absent}")
    results = []
    for row in index:
        path = fresh / "docs" / f"{row['stem']}.md"
        if not path.exists():
            continue  # not fetched: its metadata was read, but there is no text to guess from
        text, _ = extract.decode_text(path.read_bytes(), path.name)
        if reserve:  # part D's design cuts the Drammen note's invented English tail (the 28 have none)
            text = drop_conversion_tail(text)
        pages = [text.replace("\r\n", "\n").replace("\r", "\n")]  # a TXT file without form feeds: one page
        suggested, _ = corpus.suggest_metadata(pages, f"{row['stem']}.txt", known)
        for result in judge(row, suggested, titles):
            result["org_in_corpus"] = row.get("org_in_corpus", "")
            result["affiliated"] = "yes" if affiliated(row.get("note", "")) else "no"
            results.append(result)
    return results


def table(results: list[dict]) -> str:
    """Per field: right/n, share and Wilson interval, for all files and for organisations not in the corpus."""
    lines = ["| group | field | right/n | share | 95 % Wilson |", "|---|---|---|---|---|"]
    outside = lambda r: r["org_in_corpus"].strip().lower() in ("no", "0", "false", "nei")  # noqa: E731
    groups = (("all", lambda r: True), ("org not in corpus", outside),
              ("org not in corpus, not affiliated", lambda r: outside(r) and r["affiliated"] == "no"))
    for name, keep in groups:
        for field in FIELDS:
            judged = [r for r in results if r["field"] == field and keep(r) and r["right"] != ""]
            k, n = sum(bool(r["right"]) for r in judged), len(judged)
            if n:
                lo, hi = wilson(k, n)
                lines.append(f"| {name} | {field} | {k}/{n} | {k / n:.2f} | {lo:.2f}–{hi:.2f} |")
        unjudged = sum(1 for r in results if r["field"] == "title" and keep(r) and r["right"] == "")
        if unjudged:
            lines.append(f"| {name} | title (unjudged) | {unjudged} | | |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", type=Path, default=FRESH)
    parser.add_argument("--out", type=Path, default=None, help="default metadata_fresh.csv, or metadata_reserve_after.csv")
    parser.add_argument("--reserve", action="store_true", help="part D: only the 8 reserve files")
    args = parser.parse_args()
    if not (args.fresh / ("docs" if args.reserve else "INDEX.csv")).exists():
        print(f"no fresh texts at {args.fresh}: nothing measured")
        return
    args.out = args.out or (RESERVE_AFTER if args.reserve else OUT)
    if args.out.resolve() == RESERVE_OUT.resolve():
        parser.error(f"{RESERVE_OUT.name} is the one clean measurement of part D and stays as measured")
    results = measure(args.fresh, args.reserve)
    with args.out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["stem", "field", "truth", "guess", "right", "org_in_corpus", "affiliated"])
        writer.writeheader()
        writer.writerows({**r, "right": "" if r["right"] == "" else int(bool(r["right"]))} for r in results)
    print(table(results))


if __name__ == "__main__":
    main()
