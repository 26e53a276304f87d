"""Synthetic corpora for the benchmarks, made from real paragraphs, laid out like data/.

    python -m bench.make_corpus [--sizes 100 1000 10000] [--seed 20261122] [--out bench/corpora]

Paragraphs of the seed texts (data/raw/*.txt) and of the real PDF/DOCX samples
(tests/fixtures/samples, read with pypdfium2/python-docx) are shuffled and recombined with a
fixed seed into documents from ~30 organisations, years 2015–2026 and the five document types.
Each synthetic document is a .txt file laid out like extracted PDF text (wrapped lines, blank
lines between paragraphs, a title line, often a sign-off); the real samples are added once per
corpus as they are, so PDF and DOCX extraction is part of every build. Every corpus directory
holds raw/ (files + documents.csv) and a copy of data/themes.toml, so
HORINGSRADAR_DATA=bench/corpora/<n> points the pipeline and the app at it. bench/corpora/seed
is a copy of data/ (raw + themes.toml) so the seed benchmarks never touch data/processed.

The vocabulary is the seed's own: recombination does not grow it the way a real corpus of
10,000 documents would (see SCALING.md).
"""
from __future__ import annotations

import argparse
import csv
import math
import random
import re
import shutil
import sys
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_DATA = ROOT / "data"
SAMPLES = ROOT / "tests" / "fixtures" / "samples"
CORPORA = ROOT / "bench" / "corpora"
DEFAULT_SEED = 20261122
DEFAULT_SIZES = (100, 1000, 10000)
#: 10,000 documents of ~20 kB each make the ~200 MB the issue asks for.
MEAN_DOC_BYTES = 20_000
MANIFEST_COLUMNS = ("doc_id", "file", "organisation", "year", "date", "date_basis", "doc_type", "title", "language")
DOC_TYPES = ("consultation_response", "budget_input", "hearing_input", "position_programme", "other")
#: Share of documents per type, roughly what a consultation archive holds.
DOC_TYPE_WEIGHTS = (0.45, 0.2, 0.2, 0.05, 0.1)
YEARS = tuple(range(2015, 2027))
ORGANISATIONS = (
    "NITO", "Tekna", "NTNU", "Legeforeningen", "Fagforbundet", "Psykologforeningen", "FFO", "Spekter",
    "Sykepleierforbundet", "KS", "UiO", "UiB", "OsloMet", "UiT", "NHO", "LO", "Unio", "Akademikerne",
    "Virke", "Delta", "Parat", "Helse Sør-Øst", "Helse Vest", "Helse Nord", "Helse Midt-Norge", "UHR",
    "Fysioterapeutforbundet", "Ergoterapeutforbundet", "Farmasiforbundet", "Universitetssykehuset Nord-Norge",
)
#: Names of the seed and sample authors inside their texts; replaced by the synthetic author.
SOURCE_ORGS = ("NITO", "NTNU", "Tekna", "FFO", "Legeforeningen", "Fagforbundet", "Psykologforeningen", "Spekter")
TITLES = {
    "consultation_response": "Høringssvar fra {org}: {subject}",
    "budget_input": "{org}s innspill til statsbudsjettet {budget_year}: {subject}",
    "hearing_input": "{org}s innspill til komitéhøringen om {subject}",
    "position_programme": "{org}s prinsipprogram {year}",
    "other": "{org}: notat om {subject}",
}
SUBJECTS = (
    "helsepersonell", "digitalisering av helsetjenesten", "praksisplasser i utdanningene", "kompetanse og utdanning",
    "helseberedskap", "samhandlingsreformen", "spesialisthelsetjenesten", "kommunale helse- og omsorgstjenester",
    "helseteknologi", "kunstig intelligens i helse", "rekruttering og kompetanse", "finansiering av sykehus",
)
SIGN_OFF_NAMES = ("Kari Nordmann", "Ola Hansen", "Ingrid Berg", "Per Olsen", "Siri Johansen", "Anders Dahl")


@dataclass(frozen=True)
class Paragraph:
    """One real paragraph and where it came from (source file, position in it)."""

    source: str
    position: int
    text: str


def read_source_text(path: Path) -> str:
    """The plain text of a seed .txt or a sample PDF/DOCX (pages joined by newlines)."""
    if path.suffix == ".pdf":
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(str(path))
        try:
            return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
        finally:
            pdf.close()
    if path.suffix == ".docx":
        import docx

        return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    return path.read_text(encoding="utf-8")


_SENTENCE_END = re.compile(r"[.!?:»)]$")
_STARTS_BLOCK = re.compile(r"^([A-ZÆØÅ0-9«•\-–]|\(\w\))")


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of extracted text, each as one line of words.

    Heuristic, good enough to recombine text (the pipeline's own segmenter does the real
    work): a whitespace-only line ends a paragraph; empty lines do too unless the file puts
    one after every line; so does a short line ending a sentence (or a heading-like short
    line) followed by a line that starts a new block.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ").split("\n")
    empty = sum(1 for line in lines if line == "")
    double_spaced = empty > 0.35 * max(1, len(lines))
    content = [line.strip() for line in lines if line.strip()]
    typical = sorted(len(line) for line in content)[len(content) // 2] if content else 80
    out: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            out.append(" ".join(current))
            current.clear()

    for i, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            if raw != "" or not double_spaced:
                flush()
            continue
        current.append(line)
        following = next((n.strip() for n in lines[i + 1 :] if n.strip()), "")
        short = len(line) < 0.7 * typical
        if short and following and _STARTS_BLOCK.match(following) and not line.endswith((",", "-", "og", "eller")):
            if _SENTENCE_END.search(line) or len(line) < 0.5 * typical:
                flush()
    flush()
    return [re.sub(r"\s+", " ", p).strip() for p in out if len(p.split()) >= 3]


def paragraph_pool(seed_raw: Path = SEED_DATA / "raw", samples: Path = SAMPLES) -> list[Paragraph]:
    """All real paragraphs of the seed texts and the PDF/DOCX samples, in source order."""
    sources = sorted(seed_raw.glob("*.txt")) + sorted(p for p in samples.iterdir() if p.suffix in (".pdf", ".docx"))
    pool: list[Paragraph] = []
    seen: set[str] = set()
    for path in sources:
        for position, text in enumerate(split_paragraphs(read_source_text(path))):
            if text not in seen:  # repeated footers and headers are not content
                seen.add(text)
                pool.append(Paragraph(path.name, position, text))
    return pool


def _runs_by_source(pool: list[Paragraph]) -> dict[str, list[Paragraph]]:
    by_source: dict[str, list[Paragraph]] = {}
    for paragraph in pool:
        by_source.setdefault(paragraph.source, []).append(paragraph)
    return by_source


_ORG_PATTERN = re.compile(r"\b(" + "|".join(map(re.escape, SOURCE_ORGS)) + r")(s?)\b")


def _reattribute(text: str, organisation: str) -> str:
    """The source author's name replaced by the synthetic document's author (keeps genitive -s)."""
    return _ORG_PATTERN.sub(lambda m: organisation + ("s" if m.group(2) and not organisation.endswith("s") else ""), text)


def _wrap(paragraph: str, rng: random.Random) -> str:
    """A paragraph laid out like PDF text: lines of ~80–100 characters, each with a trailing space."""
    width = rng.randint(80, 100)
    return "\n".join(line + " " for line in textwrap.wrap(paragraph, width=width, break_on_hyphens=False))


def synthetic_document(rng: random.Random, by_source: dict[str, list[Paragraph]], organisation: str,
                       doc_type: str, year: int, target_bytes: int) -> tuple[str, str]:
    """(title, text) of one document: runs of consecutive real paragraphs from 1–4 sources."""
    subject = rng.choice(SUBJECTS)
    title = TITLES[doc_type].format(org=organisation, subject=subject, year=year, budget_year=year + 1)
    sources = rng.sample(sorted(by_source), k=rng.randint(1, 4))
    blocks: list[str] = []
    size = len(title)
    while size < target_bytes:
        run_source = by_source[rng.choice(sources)]
        start = rng.randrange(len(run_source))
        for paragraph in run_source[start : start + rng.randint(2, 8)]:
            text = _reattribute(paragraph.text, organisation)
            blocks.append(_wrap(text, rng))
            size += len(text.encode("utf-8")) + 2
            if size >= target_bytes:
                break
    if rng.random() < 0.6:
        blocks.append(f"Med vennlig hilsen \n{organisation} \n\n{rng.choice(SIGN_OFF_NAMES)} \nleder ")
    return title, title + " \n\n" + "\n\n".join(blocks) + "\n"


def _slug(text: str) -> str:
    table = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a"})
    return re.sub(r"[^a-z0-9]+", "-", text.translate(table).lower()).strip("-")


def _document_size(rng: random.Random) -> int:
    """Lognormal document sizes with a mean of MEAN_DOC_BYTES, clipped to 1.5–250 kB."""
    sigma = 0.8
    mu = math.log(MEAN_DOC_BYTES) - sigma**2 / 2
    return int(min(250_000, max(1_500, rng.lognormvariate(mu, sigma))))


def sample_rows() -> list[dict]:
    """Manifest rows for the real PDF/DOCX samples (added once per corpus)."""
    rows = []
    for path in sorted(p for p in SAMPLES.iterdir() if p.suffix in (".pdf", ".docx")):
        date, org, rest = (path.stem.split("_", 2) + ["", ""])[:3]
        full_date = date if len(date) == 10 else ""
        rows.append(
            {
                "doc_id": f"sample-{_slug(org)}-{date[:4]}",
                "file": path.name,
                "organisation": {"ffo": "FFO", "nito": "NITO"}.get(org, org.capitalize()),
                "year": date[:4],
                "date": full_date,
                "date_basis": "real sample",
                "doc_type": "hearing_input",
                "title": rest.replace("-", " ").capitalize() or path.stem,
                "language": "nb",
            }
        )
    return rows


def make_corpus(n_documents: int, out: Path, seed: int = DEFAULT_SEED, pool: list[Paragraph] | None = None) -> dict:
    """Write a corpus of n_documents (the PDF/DOCX samples included) into out/; returns a summary."""
    pool = pool if pool is not None else paragraph_pool()
    by_source = _runs_by_source(pool)
    rng = random.Random(f"{seed}-{n_documents}")
    raw = out / "raw"
    if out.exists():
        shutil.rmtree(out)
    raw.mkdir(parents=True)
    samples = sample_rows()[: max(0, n_documents - 1)]
    for row in samples:
        shutil.copy2(SAMPLES / row["file"], raw / row["file"])
    # Zipf-like spread: a few organisations write most of the submissions, as in real archives.
    org_weights = [1 / (rank + 1) ** 0.8 for rank in range(len(ORGANISATIONS))]
    rows = list(samples)
    total_bytes = 0
    for i in range(n_documents - len(samples)):
        organisation = rng.choices(ORGANISATIONS, weights=org_weights)[0]
        doc_type = rng.choices(DOC_TYPES, weights=DOC_TYPE_WEIGHTS)[0]
        year = rng.choice(YEARS)
        title, text = synthetic_document(rng, by_source, organisation, doc_type, year, _document_size(rng))
        dated = rng.random() < 0.4
        date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" if dated else ""
        slug = _slug(organisation)
        file_name = f"{year}_{slug}_{doc_type}-{i:05d}.txt"
        data = text.encode("utf-8")
        (raw / file_name).write_bytes(data)
        total_bytes += len(data)
        rows.append(
            {
                "doc_id": f"{slug}-{year}-{i:05d}",
                "file": file_name,
                "organisation": organisation,
                "year": str(year),
                "date": date,
                "date_basis": "synthetic" if dated else "",
                "doc_type": doc_type,
                "title": title,
                "language": "nb",
            }
        )
    write_manifest(rows, raw / "documents.csv")
    copy_themes(out)
    return {"documents": len(rows), "txt_bytes": total_bytes, "samples": len(samples), "pool": len(pool)}


def write_manifest(rows: list[dict], path: Path) -> None:
    """documents.csv with the manifest's columns."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=MANIFEST_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def copy_themes(out: Path) -> None:
    """Copy data/themes.toml next to raw/ (the build needs it)."""
    themes = SEED_DATA / "themes.toml"
    if themes.exists():
        shutil.copy2(themes, out / "themes.toml")
    else:
        print(f"warning: {themes} does not exist yet; copy it into {out} before building", file=sys.stderr)


def copy_seed(out: Path) -> dict:
    """bench/corpora/seed: the shipped data/raw and themes.toml, without outputs."""
    if out.exists():
        shutil.rmtree(out)
    (out / "raw").mkdir(parents=True)
    for item in (SEED_DATA / "raw").iterdir():
        if item.is_file():
            shutil.copy2(item, out / "raw" / item.name)
    copy_themes(out)
    n = sum(1 for p in (out / "raw").iterdir() if p.suffix == ".txt")
    return {"documents": n, "txt_bytes": sum(p.stat().st_size for p in (out / "raw").glob("*.txt"))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, default=CORPORA)
    parser.add_argument("--force", action="store_true", help="regenerate corpora that already exist")
    args = parser.parse_args(argv)
    summary = copy_seed(args.out / "seed")
    print(f"seed: {summary['documents']} documents, {summary['txt_bytes'] / 1e6:.2f} MB -> {args.out / 'seed'}")
    pool = paragraph_pool()
    print(f"paragraph pool: {len(pool)} real paragraphs from {len(_runs_by_source(pool))} sources")
    for n in args.sizes:
        out = args.out / str(n)
        if (out / "raw" / "documents.csv").exists() and not args.force:
            copy_themes(out)  # the lexicon may have changed since the corpus was made
            print(f"{n}: exists in {out} (use --force to regenerate)")
            continue
        started = time.perf_counter()
        summary = make_corpus(n, out, args.seed, pool)
        print(
            f"{n}: {summary['documents']} documents ({summary['samples']} real PDF/DOCX), "
            f"{summary['txt_bytes'] / 1e6:.1f} MB of text in {time.perf_counter() - started:.1f} s -> {out}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
