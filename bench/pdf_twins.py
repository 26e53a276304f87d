"""PDF twins of the development corpus's DOCX inputs: how the PDF reader does on documents whose structure is known.

    .venv/bin/python -m bench.pdf_twins [--work /tmp/pdf-twins] [--no-build] [--doc DOC_ID]

Word files carry their true structure (heading styles, lists, tables, footnotes), which the DOCX reader takes as
given. LibreOffice (`soffice --headless --convert-to pdf`) prints each DOCX of ../shared/corpora/helsereform/raw to
a PDF: a new document that no PDF rule was tuned on, whose right answer is the DOCX's reading. Both sets are built
through the real pipeline (two scratch data dirs with the manifest's rows, the PDF rows pointing at the twins) and
compared per document: section titles (sequence and set), passages by kind, analysed body text (difflib ratio over
words, normalised), theme tags (counts per theme) and demands. A measurement, never a test: differences are to be
read (the DOCX reading can be the wrong one too). The organisation split (data/eval/organisation_split.csv) is printed
with each document, since only `dev` documents may drive a reader fix.

Does nothing, saying why, where ../shared (or HORINGSRADAR_SHARED) or a LibreOffice able to print Word files is
missing.
"""
from __future__ import annotations

import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
SHARED = Path(os.environ.get("HORINGSRADAR_SHARED") or ROOT.parent / "shared")
CORPUS = SHARED / "corpora" / "helsereform" / "raw"
SPLIT = ROOT / "data" / "eval" / "organisation_split.csv"


class NothingDone(Exception):
    """The comparison cannot run here; str() says why."""


def why_not() -> str | None:
    """Why the comparison cannot run here (None when it can)."""
    if not (CORPUS / "documents.csv").exists():
        return f"no development corpus at {CORPUS} (set HORINGSRADAR_SHARED to the shared folder)"
    if not shutil.which("soffice"):
        return "no LibreOffice (soffice) on PATH to print the DOCX files as PDF"
    return None


def convert(docx_files: list[Path], out: Path, profile: Path) -> list[str]:
    """Print each DOCX to out/<stem>.pdf with LibreOffice (copies, never the shared originals); the files it failed."""
    out.mkdir(parents=True, exist_ok=True)
    todo = [f for f in docx_files if not (out / f"{f.stem}.pdf").exists()]
    if todo:
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to", "pdf",
                        "--outdir", str(out), *map(str, todo)], capture_output=True, text=True, timeout=1800)
    return [f.name for f in docx_files if not (out / f"{f.stem}.pdf").exists()]


def prepare(work: Path) -> pd.DataFrame:
    """The two scratch data dirs (work/docx, work/pdf) with raw/ and a manifest each; the DOCX manifest rows."""
    manifest = pd.read_csv(CORPUS / "documents.csv", dtype=str, keep_default_na=False)
    rows = manifest[manifest["file"].str.lower().str.endswith(".docx")].copy()
    copies = work / "docx-copies"
    copies.mkdir(parents=True, exist_ok=True)
    for name in rows["file"]:
        target = copies / name
        if not target.exists():
            shutil.copyfile(CORPUS / name, target)  # copyfile: no read-only mode bits, which LibreOffice refuses
    failed = convert([copies / n for n in rows["file"]], work / "pdf-out", work / "lo-profile")
    if failed:
        raise NothingDone(f"LibreOffice printed no PDF for {len(failed)} file(s), e.g. {failed[0]} (is its Writer "
                          "component, Debian's libreoffice-writer-nogui, installed? Without it soffice says only "
                          "'source file could not be loaded')")
    for kind in ("docx", "pdf"):
        raw = work / kind / "raw"
        raw.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / "data" / "themes.toml", work / kind / "themes.toml")
        table = rows.copy()
        if kind == "pdf":
            table["file"] = [f"{Path(n).stem}.pdf" for n in rows["file"]]
        for name in table["file"]:
            source = (copies if kind == "docx" else work / "pdf-out") / name
            if not (raw / name).exists():
                shutil.copyfile(source, raw / name)
        table.to_csv(raw / "documents.csv", index=False)
    return rows


def build(data: Path) -> None:
    """The real pipeline's build of one scratch data dir."""
    env = {**os.environ, "HORINGSRADAR_DATA": str(data)}
    done = subprocess.run([PYTHON, "-m", "pipeline", "build", "--progress", "none"], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"build of {data} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")


def load(data: Path) -> dict[str, pd.DataFrame]:
    """The tables the comparison reads."""
    processed = data / "processed"
    return {name: pd.read_parquet(processed / f"{name}.parquet") for name in ("passages", "passage_themes", "demands")}


def titles_in_order(passages: pd.DataFrame) -> list[str]:
    """A document's section titles in the order they first appear (empty titles left out)."""
    seen: dict[str, None] = {}
    for title in passages.sort_values("position")["section_title"]:
        if title:
            seen.setdefault(title, None)
    return list(seen)


def normalised_words(texts) -> list[str]:
    """Words of the texts, lower-cased, with hyphens, dashes and quotes folded so line-end choices do not count."""
    joined = " ".join(texts).lower()
    joined = re.sub(r"[«»“”\"'’‘–—‐-]", " ", joined)
    return re.findall(r"\w+", joined)


def text_ratio(a: list[str], b: list[str]) -> float:
    """difflib's similarity of two word sequences (1.0 when equal)."""
    if a == b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def compare_document(doc_id: str, docx: dict[str, pd.DataFrame], pdf: dict[str, pd.DataFrame]) -> dict:
    """One document's measurements, DOCX against its PDF twin."""
    dp = docx["passages"][docx["passages"]["doc_id"] == doc_id]
    pp = pdf["passages"][pdf["passages"]["doc_id"] == doc_id]
    d_titles, p_titles = titles_in_order(dp), titles_in_order(pp)
    d_body, p_body = dp[dp["kind"] == "body"], pp[pp["kind"] == "body"]
    d_words = normalised_words(d_body.sort_values("position")["text"])
    p_words = normalised_words(p_body.sort_values("position")["text"])

    def theme_counts(tables, passages) -> Counter:
        tags = tables["passage_themes"]
        return Counter(tags[tags["passage_id"].isin(passages["passage_id"])]["theme_id"])

    def demand_count(tables) -> int:
        return int((tables["demands"]["doc_id"] == doc_id).sum())

    d_themes, p_themes = theme_counts(docx, dp), theme_counts(pdf, pp)
    return {
        "doc_id": doc_id,
        "titles_docx": d_titles,
        "titles_pdf": p_titles,
        "titles_same": d_titles == p_titles,
        "titles_same_set": set(d_titles) == set(p_titles),
        "pdf_titles_not_docx": [t for t in p_titles if t not in set(d_titles)],
        "docx_titles_not_pdf": [t for t in d_titles if t not in set(p_titles)],
        # a title the DOCX reading of the document never uses ("" counts as used where DOCX passages have none)
        "pdf_passages_under_foreign_title": int((~pp["section_title"].isin(set(dp["section_title"]))
                                                 & (pp["kind"] == "body")).sum()),
        "kinds_docx": Counter(dp["kind"]),
        "kinds_pdf": Counter(pp["kind"]),
        "body_ratio": text_ratio(d_words, p_words),
        "body_words": (len(d_words), len(p_words)),
        "themes_docx": d_themes,
        "themes_pdf": p_themes,
        "theme_diff": sum(abs(d_themes[t] - p_themes[t]) for t in set(d_themes) | set(p_themes)),
        "demands": (demand_count(docx), demand_count(pdf)),
    }


def split_of(rows: pd.DataFrame) -> dict[str, str]:
    """doc_id → dev / heldout / ? from the organisation split."""
    split = dict(pd.read_csv(SPLIT, dtype=str, keep_default_na=False).itertuples(index=False, name=None))
    return {d: split.get(o, "?") for d, o in zip(rows["doc_id"], rows["organisation"])}


def _kinds(counter: Counter) -> str:
    return " ".join(f"{k}={v}" for k, v in sorted(counter.items()))


def report(results: list[dict], splits: dict[str, str], verbose: bool = False) -> str:
    """Per-document lines and totals, as text (markdown-ish)."""
    lines = ["| doc | split | titles same | titles docx/pdf | pdf body passages under a non-DOCX title | "
             "body passages docx/pdf | body words docx/pdf | body ratio | theme tags docx/pdf (abs diff) | "
             "demands docx/pdf |", "|---" * 10 + "|"]
    for r in results:
        lines.append(
            f"| {r['doc_id']} | {splits[r['doc_id']]} | {'yes' if r['titles_same'] else 'no'} | "
            f"{len(r['titles_docx'])}/{len(r['titles_pdf'])} | {r['pdf_passages_under_foreign_title']} | "
            f"{r['kinds_docx']['body']}/{r['kinds_pdf']['body']} | {r['body_words'][0]}/{r['body_words'][1]} | "
            f"{r['body_ratio']:.3f} | {sum(r['themes_docx'].values())}/{sum(r['themes_pdf'].values())} "
            f"({r['theme_diff']}) | {r['demands'][0]}/{r['demands'][1]} |")
    n = len(results)
    kinds_d = sum((r["kinds_docx"] for r in results), Counter())
    kinds_p = sum((r["kinds_pdf"] for r in results), Counter())
    foreign = sum(r["pdf_passages_under_foreign_title"] for r in results)
    body_p = sum(r["kinds_pdf"]["body"] for r in results)
    lines += [
        "",
        f"documents: {n}; section titles identical (same sequence): {sum(r['titles_same'] for r in results)}; "
        f"same set: {sum(r['titles_same_set'] for r in results)}",
        f"section titles: DOCX {sum(len(r['titles_docx']) for r in results)}, PDF "
        f"{sum(len(r['titles_pdf']) for r in results)}; PDF titles that are no DOCX title of the document: "
        f"{sum(len(r['pdf_titles_not_docx']) for r in results)}; DOCX titles the PDF lacks: "
        f"{sum(len(r['docx_titles_not_pdf']) for r in results)}",
        f"PDF body passages under a title that is no DOCX title of the document: {foreign} of {body_p}",
        f"passages by kind: DOCX {_kinds(kinds_d)}; PDF {_kinds(kinds_p)}",
        f"body text (words, normalised) difflib ratio: median "
        f"{pd.Series([r['body_ratio'] for r in results]).median():.3f}, min "
        f"{min(r['body_ratio'] for r in results):.3f}; documents ≥ 0.95: "
        f"{sum(r['body_ratio'] >= 0.95 for r in results)}",
        f"theme tags: DOCX {sum(sum(r['themes_docx'].values()) for r in results)}, PDF "
        f"{sum(sum(r['themes_pdf'].values()) for r in results)}; documents with identical per-theme counts: "
        f"{sum(r['theme_diff'] == 0 for r in results)}; sum of per-theme differences "
        f"{sum(r['theme_diff'] for r in results)}",
        f"demands: DOCX {sum(r['demands'][0] for r in results)}, PDF {sum(r['demands'][1] for r in results)}; "
        f"documents with the same count: {sum(r['demands'][0] == r['demands'][1] for r in results)}",
    ]
    for split in ("dev", "heldout"):
        part = [r for r in results if splits[r["doc_id"]] == split]
        if part:
            lines.append(f"  {split}: {len(part)} documents, titles identical {sum(r['titles_same'] for r in part)}, "
                         f"body passages under a non-DOCX title "
                         f"{sum(r['pdf_passages_under_foreign_title'] for r in part)} of "
                         f"{sum(r['kinds_pdf']['body'] for r in part)}")
    if verbose:
        for r in results:
            if r["titles_same"]:
                continue
            lines += ["", f"## {r['doc_id']} ({splits[r['doc_id']]})",
                      f"kinds docx: {_kinds(r['kinds_docx'])}", f"kinds pdf:  {_kinds(r['kinds_pdf'])}"]
            if splits[r["doc_id"]] != "dev":  # held-out text must not drive a rule: counts only
                lines.append(f"  titles PDF only: {len(r['pdf_titles_not_docx'])}, DOCX only: "
                             f"{len(r['docx_titles_not_pdf'])} (held out: not listed)")
                continue
            lines += [f"  PDF only: {t!r}" for t in r["pdf_titles_not_docx"]]
            lines += [f"  DOCX only: {t!r}" for t in r["docx_titles_not_pdf"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/pdf-twins"), help="scratch folder")
    parser.add_argument("--no-build", action="store_true", help="compare the tables already built in --work")
    parser.add_argument("--verbose", action="store_true",
                        help="list the differing titles of each dev document (held-out ones: counts only)")
    args = parser.parse_args(argv)
    reason = why_not()
    if reason:
        print(f"pdf_twins: nothing done: {reason}")
        return 0
    try:
        rows = prepare(args.work)
    except NothingDone as exc:
        print(f"pdf_twins: nothing done: {exc}")
        return 0
    if not args.no_build:
        for kind in ("docx", "pdf"):
            build(args.work / kind)
    docx, pdf = load(args.work / "docx"), load(args.work / "pdf")
    results = [compare_document(d, docx, pdf) for d in rows["doc_id"]]
    print(report(results, split_of(rows), args.verbose))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
