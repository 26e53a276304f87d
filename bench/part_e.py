"""Parts E and F of the evaluation (data/eval/README.md, "Fifth round (2026-12-06): part E", designed in 146da63, and
"Sixth round (2026-12-06): part F", designed in a339991, each before any of its text was fetched): the openings of
hearing responses held as stored public web pages (regjeringen.no, norgeslover.no, organisations' own sites), saved
verbatim by the fetcher to <fresh>/raw/<slug>.txt with one row per page in <fresh>/documents.csv (slug, url,
organisation, parent_organisation, hearing, stated_date, year, site, chars, language, part, affiliated, note).
``part`` is the split: ``heldout_e`` / ``heldout_f`` (organisations read nowhere before) or ``fresh_known_e`` /
``fresh_known_f`` (reported apart, never as held out).

The two parts are one design with their own settings (PagePart: letter, seeds, frozen commit, folders; PARTS), chosen
by ``--part e|f`` (default e) or by the command's suffix (``draw-e`` is ``draw --part e``: the names part E ran with).
A census, not a sample: every body passage of at least MIN_WORDS words that the real pipeline makes of the cleaned
pages (identical texts once) is judged for all 18 themes by blind readers, on a shuffled sheet of text only, in the
label format of part D (``<id> PP DC ?HT``, bench.sample_fresh_eval.CODES). Without strata, precision and recall need
no weights. The rules are frozen at the part's commit; the draw refuses when a rule file (FROZEN_E) differs from it.

    python -m bench.part_e prepare-e /work/fresh/e /work/fresh/e-data      # cleaned excerpts + manifest + lexicon
    HORINGSRADAR_DATA=/work/fresh/e-data nice .venv/bin/python -m pipeline build
    python -m bench.part_e draw-e /work/fresh/e-data /tmp/e-eval           # sheet_e.csv (blind), key_e.csv (hidden)
    python -m bench.part_e halves /tmp/e-eval/sheet_e.csv 2                # sheet_e-1.csv, sheet_e-2.csv
    python -m bench.part_e join-e /tmp/e-eval data/eval/theme_judgements.csv labels-1.txt labels-2.txt
    python -m bench.part_e report-e data/eval/theme_judgements.csv data/themes.toml

Part F: the same commands with ``--part f`` (or ``prepare-f`` …), on /work/fresh/f and /work/fresh/f-data, files
sheet_f.csv, key_f.csv, ids f-000 …, seed 20261209, rules frozen at a339991.
"""
from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from bench import sample_fresh_eval as sfe

ROOT = Path(__file__).resolve().parents[1]
#: The rule files and the extraction and segmentation they run on (README: FROZEN_E; part F freezes the same list at
#: its own commit). The draw refuses unless each is byte-identical to the part's frozen commit, committed and in the
#: working tree; evaluation and report code may change.
FROZEN_E = (
    "data/themes.toml", "data/codebook.md", "data/organisation_aliases.toml",
    *(f"pipeline/{name}.py" for name in ("themes", "demands", "demands_model", "extract", "clean", "segment",
                                         "sentences", "language", "lang_detect", "lemma_codes", "ocr",
                                         "organisations")),
)


@dataclass(frozen=True)
class PagePart:
    """One round of stored hearing-response pages (part E, part F): what differs between them; everything else is
    one design, one code. ``letter`` names the part in sample_fresh_eval.PART_SPLITS and in notes ("part E (census,
    …"), its lower case names the files (sheet_e.csv) and the splits (heldout_e / fresh_known_e)."""

    letter: str  # "E"
    seed: int  # shuffles the theme census sheet (ids <key>-000 …)
    demand_seed: int  # shuffles the demand census sheet (ids d<key>-000 …; bench.sample_fresh_demands)
    frozen_commit: str  # the rules the part measures (data/eval/README.md)
    frozen: tuple[str, ...] = FROZEN_E
    fresh: Path = Path("/work/fresh/e")  # the fetcher's folder (documents.csv, raw/<slug>.txt); outside the project
    data: Path = Path("/work/fresh/e-data")  # the scratch data directory prepare writes and the build reads

    @property
    def key(self) -> str:
        """The part's letter in file names, split names and sheet ids ("e")."""
        return self.letter.lower()

    @property
    def splits(self) -> tuple[str, str]:
        """(organisations read nowhere before, organisations of the corpus or an earlier part): sample_fresh_eval's."""
        return sfe.PART_SPLITS[self.letter]

    @property
    def documents(self) -> Path:
        """The committed list of the part's pages (the fetcher's documents.csv with its judgement calls)."""
        return ROOT / "data" / "eval" / f"part_{self.key}_documents.csv"

    def file(self, stem: str) -> str:
        """A draw's file name of the part: sheet -> sheet_e.csv."""
        return f"{stem}_{self.key}.csv"


PART_E = PagePart("E", seed=20261208, demand_seed=20261218, frozen_commit="6a7f638")
#: data/eval/README.md, "Sixth round": rules frozen at the design commit, the theme sheet's seed 20261209; the demand
#: sheet's seed 20261219 is chosen here as part E's was (the theme seed + 10), before any part-F text was drawn.
PART_F = PagePart("F", seed=20261209, demand_seed=20261219, frozen_commit="a339991", fresh=Path("/work/fresh/f"),
                  data=Path("/work/fresh/f-data"))
PARTS = {part.key: part for part in (PART_E, PART_F)}
#: Part E's settings under the names its code and tests used.
PART = PART_E.letter
SEED_E = PART_E.seed
FROZEN_COMMIT = PART_E.frozen_commit
#: The lexicon files prepare copies into the scratch data directory (the build reads these copies, not data/).
COPIED = ("data/themes.toml", "data/codebook.md", "data/organisation_aliases.toml")
DOCUMENT_COLUMNS = ("slug", "url", "organisation", "hearing", "stated_date", "year", "language", "part", "affiliated")
#: A submission to a public hearing (schema.DOC_TYPES: høringssvar / høringsuttalelse).
DOC_TYPE = "consultation_response"
STRATUM = "census"
SOURCE = "page"
AFFILIATED = "AFFILIATED"


def part_of(command: str, args: list[str]) -> tuple[str, PagePart | None, list[str]]:
    """The command, the part and the other arguments of a command line: ``--part e|f`` anywhere among the arguments,
    or the command's suffix (``draw-f`` is ``draw --part f``); None when neither names one (bench.part_e takes part E
    then; bench.sample_fresh_demands its earlier rounds' commands). SystemExit for an unknown part or a suffix and an
    option that disagree."""
    rest = list(args)
    named = None
    if "--part" in rest:
        at = rest.index("--part")
        if at + 1 >= len(rest):
            raise SystemExit("--part needs a part: " + "|".join(PARTS))
        named, rest = rest[at + 1].lower(), rest[:at] + rest[at + 2:]
    base, dash, suffix = command.rpartition("-")
    if dash and suffix in PARTS:
        if named is not None and named != suffix:
            raise SystemExit(f"{command} names part {suffix}, --part names {named}")
        command, named = base, suffix
    if named is None:
        return command, None, rest
    if named not in PARTS:
        raise SystemExit(f"unknown part {named!r}: one of " + "|".join(PARTS))
    return command, PARTS[named], rest


# --- cleaning an excerpt ---------------------------------------------------------------------------------------------

#: A line of site furniture, dropped whole: a navigation bar ("🏠 Forside § Lover …"), a breadcrumb ("Hjem / Horinger
#: / …"), the hearing and ministry fields of a regjeringen.no response page, the skip link and the browser notice.
_FURNITURE = re.compile(
    r"^(?:🏠"
    r"|(?:Hjem|Forside|Forsiden)\s*[/›>»|]"
    r"|Til h[oø]ringen\s*:"
    r"|Departement\s*:"
    r"|Hopp til (?:hoved)?innhold"
    r"|Hei, det ser ut som du bruker en utdatert nettleser)",
    re.IGNORECASE)
#: A line that is only the site's name or a navigation link ("Forsiden" standing alone at the top of a page).
_SITE_NAMES = frozenset({"regjeringen", "regjeringen.no", "forsiden", "forside", "hjem"})
#: The date and answer-type fields a response page puts before the text, on their own line or (norgeslover.no) at the
#: start of the line that goes on with the text: only the fields are dropped.
_DATE_FIELD = r"Dato:\s*(?:\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2})"
_ANSWER_FIELD = r"Svartype:\s*(?:Med|Uten|Ingen)\s+merknad(?:er)?"
_PAGE_FIELDS = re.compile(rf"^\s*(?:{_DATE_FIELD}\s*)?(?:{_ANSWER_FIELD}\s*)?", re.IGNORECASE)
_DATE = re.compile(r"Dato:\s*(?:(\d{1,2})\.(\d{1,2})\.(\d{4})|(\d{4})-(\d{2})-(\d{2}))")
#: A sentence end inside a line: . ! ? or … (closing quotes and brackets after it) before a space and a capital (a
#: quote or bracket may open the next sentence); lower case after a full stop is an abbreviation's.
_SENTENCE_END = re.compile(r"[.!?…][»”\"')\]]*(?=\s+[«“\"(]?[A-ZÆØÅ])")
#: A line that ends a sentence (the page was not cut inside it).
_ENDS_SENTENCE = re.compile(r"[.!?…][»”\"')\]]*\s*$")
#: Abbreviations a capital often follows ("jf. NOU 2023:4", "Meld. St. 9", "bl.a. UiT"): their full stop ends nothing.
ABBREVIATIONS = frozenset({"jf", "jfr", "ca", "nr", "kap", "pkt", "bl.a", "f.eks", "dvs", "evt", "mht", "iht", "ifm",
                           "inkl", "ekskl", "ref", "meld", "st", "prop", "innst", "m.fl", "o.l", "tlf", "vedr", "s",
                           "dr", "prof", "mr"})


def _furniture(line: str) -> bool:
    """Whether a whole line is site furniture (_FURNITURE, a line holding only the site's name or a navigation
    link)."""
    stripped = line.strip()
    return bool(_FURNITURE.match(stripped)) or stripped.lower() in _SITE_NAMES


def _without_page_fields(line: str) -> str:
    """The line without a leading «Dato: dd.mm.yyyy» and «Svartype: Med merknad» (either or both); unchanged when it
    starts with neither."""
    stripped = line.lstrip()
    if not stripped.lower().startswith(("dato:", "svartype:")):
        return line
    return _PAGE_FIELDS.sub("", stripped, count=1)


def _sentence_ends(line: str) -> list[int]:
    """Where each sentence of a line ends (the index after its closing punctuation), abbreviations left out."""
    ends = []
    for match in _SENTENCE_END.finditer(line):
        word = line[: match.start()].rsplit(None, 1)[-1] if line[: match.start()].strip() else ""
        if word.lstrip("(«“\"").lower().rstrip(".") in ABBREVIATIONS:
            continue
        ends.append(match.end())
    return ends


def drop_cut_sentence(text: str) -> str:
    """The text without the sentence the excerpt cut off: a last line that does not end a sentence is cut after its
    last sentence end, or dropped when it has none (the last complete line stays)."""
    lines = text.rstrip().split("\n")
    last = lines[-1].rstrip()
    if _ENDS_SENTENCE.search(last):
        return text.rstrip()
    ends = _sentence_ends(last)
    lines[-1] = last[: ends[-1]] if ends else ""
    return "\n".join(lines).rstrip()


def clean_page_excerpt(text: str) -> str:
    """A stored page's opening as the submission's own text: site furniture dropped by line (_furniture), the page's
    «Dato:»/«Svartype:» fields dropped where a line starts with them (the text after them on the same line stays),
    runs of blank lines left by the drops closed, and the cut-off last sentence removed (drop_cut_sentence). Only whole
    lines and those two leading fields are removed, so nothing inside the text is touched."""
    kept = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if _furniture(line):
            continue
        line = _without_page_fields(line)
        if not line.strip() and kept and not kept[-1].strip():
            continue
        kept.append(line.rstrip())
    body = "\n".join(kept).strip()
    return drop_cut_sentence(body) if body else ""


def page_date(text: str) -> str:
    """The ISO date of a page's first «Dato:» field ("" when it has none)."""
    match = _DATE.search(text)
    if not match:
        return ""
    day, month, year, iso_year, iso_month, iso_day = match.groups()
    if iso_year:
        return f"{iso_year}-{iso_month}-{iso_day}"
    return f"{year}-{int(month):02d}-{int(day):02d}"


# --- prepare ----------------------------------------------------------------------------------------------------------


def _truthy(value: str) -> bool:
    """Whether an affiliated cell says yes ("yes", "ja", "true", "1", or a reason starting "AFFILIATED")."""
    value = str(value).strip().lower()
    return value in {"yes", "ja", "true", "1", "y"} or value.startswith(AFFILIATED.lower())


def is_affiliated(row: dict) -> bool:
    """Whether documents.csv marks a page AFFILIATED (a faculty or unit of an organisation in the corpus): its
    affiliated column says so, or its note holds "AFFILIATED:" as the reserve's notes did."""
    return _truthy(row.get("affiliated", "")) or f"{AFFILIATED}:" in str(row.get("note", ""))


def read_documents(fresh: Path, part: PagePart = PART_E) -> pd.DataFrame:
    """<fresh>/documents.csv as text, one row per slug; ValueError naming the problem when a column is missing, a part
    is not one of the part's splits (heldout_e / fresh_known_e for part E), or a slug's raw excerpt is not there."""
    documents = pd.read_csv(fresh / "documents.csv", dtype=str, keep_default_na=False)
    documents.columns = [c.strip().lower() for c in documents.columns]
    missing = [c for c in DOCUMENT_COLUMNS if c not in documents.columns]
    if missing:
        raise ValueError(f"{fresh / 'documents.csv'}: missing column(s) {missing}")
    documents = documents.map(str.strip)
    bad = sorted(set(documents["part"]) - set(part.splits))
    if bad:
        raise ValueError(f"{fresh / 'documents.csv'}: part must be one of {part.splits}, found {bad}")
    if documents["slug"].duplicated().any():
        raise ValueError(f"slug(s) listed twice: {sorted(set(documents.loc[documents['slug'].duplicated(), 'slug']))}")
    absent = [slug for slug in documents["slug"] if not (fresh / "raw" / f"{slug}.txt").exists()]
    if absent:
        raise FileNotFoundError(f"{len(absent)} excerpt(s) not in {fresh / 'raw'}: {absent[:10]}")
    return documents.reset_index(drop=True)


def index_of(documents: pd.DataFrame, texts: dict[str, str], part: PagePart = PART_E) -> pd.DataFrame:
    """The rows prepare writes, in the columns sample_fresh_eval and sample_fresh_demands read: stem (the slug),
    org_in_corpus (no for the held-out split, so split_of(…, part.letter) gives the part back), date (documents.csv's
    stated date, else the page's «Dato:»; ISO), year (documents.csv's, else the date's), doc_type høringssvar, a title
    naming the hearing, affiliated "yes" or "" (is_affiliated); every other documents.csv column kept."""
    from bench.sample_fresh_demands import iso_date

    dates = [iso_date(stated) or page_date(texts[slug]) for slug, stated in zip(documents["slug"],
                                                                                 documents["stated_date"])]
    return documents.assign(
        stem=documents["slug"],
        org_in_corpus=np.where(documents["part"] == part.splits[0], "no", "yes"),
        date=dates,
        year=[year or date[:4] for year, date in zip(documents["year"], dates)],
        date_basis=f"documents.csv of part {part.letter} (stated date, else the page's «Dato:»)",
        doc_type=DOC_TYPE,
        title=[f"Høringssvar: {hearing}" if hearing else "Høringssvar" for hearing in documents["hearing"]],
        split=documents["part"],
        # one spelling for every reader of fresh_index.csv (this module, sample_fresh_demands.part_documents)
        affiliated=["yes" if is_affiliated(row) else "" for row in documents.to_dict("records")],
    )


def prepare(fresh: Path, data: Path, part: PagePart = PART_E) -> pd.DataFrame:
    """The scratch data directory of a part in the layout prepare-d writes (raw/<doc_id>.txt, raw/documents.csv, the
    lexicon files, fresh_index.csv): each excerpt cleaned (clean_page_excerpt) and written as part C's and D's
    Markdown was (sample_fresh_demands.markdown_to_text: a paragraph gap the TXT reader sees). Returns the index rows
    with doc_id, organisation, split and chars_clean (the cleaned text's length)."""
    from bench.sample_fresh_demands import markdown_to_text

    documents = read_documents(fresh, part)
    raw = {slug: (fresh / "raw" / f"{slug}.txt").read_text(encoding="utf-8") for slug in documents["slug"]}
    cleaned = {slug: clean_page_excerpt(text) for slug, text in raw.items()}
    index = index_of(documents, raw, part).assign(chars_clean=[len(cleaned[slug]) for slug in documents["slug"]])
    return sfe.write_scratch(data, index, {slug: markdown_to_text(text) for slug, text in cleaned.items()})


# --- draw -------------------------------------------------------------------------------------------------------------


def _git(*args: str, root: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, encoding="utf-8")


def frozen_changes(root: Path = ROOT, commit: str = FROZEN_COMMIT, paths=FROZEN_E) -> list[str]:
    """The rule files (paths: FROZEN_E) that differ from commit in root's HEAD or working tree ([] when all are
    frozen); RuntimeError when git cannot tell (no history of commit: the draw must not run blind)."""
    changed = []
    for args in (("diff", "--name-only", commit, "HEAD", "--"), ("diff", "--name-only", commit, "--")):
        result = _git(*args, *paths, root=root)
        if result.returncode != 0:
            raise RuntimeError(f"git cannot compare with {commit}: {result.stderr.strip()}")
        changed += [line for line in result.stdout.splitlines() if line]
    return sorted(set(changed))


def copied_changes(data: Path, root: Path = ROOT, commit: str = FROZEN_COMMIT) -> list[str]:
    """The lexicon files in the scratch data directory (the ones its build read) that are not commit's bytes."""
    changed = []
    for name in COPIED:
        frozen = subprocess.run(["git", "-C", str(root), "show", f"{commit}:{name}"], capture_output=True, check=True)
        copy = data / Path(name).name
        if not copy.exists() or copy.read_bytes() != frozen.stdout:
            changed.append(str(copy))
    return changed


def check_frozen(data: Path, root: Path = ROOT, part: PagePart = PART_E) -> None:
    """RuntimeError unless the rules are the part's frozen commit's (frozen_changes), the data directory holds the
    frozen lexicon files (copied_changes) and its build read the manifest that is there now (check_built: not a
    stale build)."""
    commit = part.frozen_commit
    changed = frozen_changes(root, commit, part.frozen) + copied_changes(data, root, commit)
    if changed:
        raise RuntimeError(f"rules not frozen at {commit}: {changed}; part {part.letter} is drawn on the frozen rules "
                           "only")
    check_built(data)


def check_built(data: Path) -> None:
    """RuntimeError unless data/processed holds a build and that build read the manifest that is in data/raw now
    (build_info inputs): a draw from a stale build would not be of the documents prepared (check_frozen;
    bench.blind_round)."""
    from pipeline.config import current_build
    from pipeline.guards import sha256_file

    info_path = current_build(data / "processed") / "build_info.json"
    if not info_path.exists():
        raise RuntimeError(f"no build in {data / 'processed'}: run HORINGSRADAR_DATA={data} python -m pipeline build")
    import json

    built = json.loads(info_path.read_text(encoding="utf-8")).get("inputs", {}).get("manifest")
    if built != sha256_file(data / "raw" / "documents.csv"):
        raise RuntimeError(f"the build in {data / 'processed'} is not of the manifest in {data / 'raw'}: build again")


def census(data: Path, part: PagePart = PART_E) -> pd.DataFrame:
    """Every body passage of at least MIN_WORDS words of the build, identical texts once (sample_fresh_eval._passages
    of the part), with the page's slug, URL and affiliation from fresh_index.csv."""
    passages = sfe._passages(data, part.letter)
    index = pd.read_csv(data / "fresh_index.csv", dtype=str, keep_default_na=False)
    pages = index[["doc_id", "url", "affiliated"]].assign(affiliated=lambda f: f["affiliated"].map(_truthy))
    return passages.merge(pages, on="doc_id", how="left")


def sheet_ids(n: int, prefix: str = "e") -> list[str]:
    """Neutral ids e-000, e-001, … (at least three digits, all of one width so they sort as text)."""
    width = max(3, len(str(max(n - 1, 0))))
    return [f"{prefix}-{i:0{width}d}" for i in range(n)]


def draw(data: Path, out: Path, root: Path = ROOT, part: PagePart = PART_E) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The census of a part (check_frozen first): every passage, shuffled with the part's seed, as sheet_e.csv
    (sheet_id, text: blind; ids e-000 …) and key_e.csv (hidden: passage, document, organisation, split, URL,
    affiliation, the frozen lexicon's tags and evidence), and populations_e.csv (passages and documents per split);
    _f for part F."""
    check_frozen(data, root, part)
    passages = census(data, part)
    rng = np.random.default_rng(part.seed)
    drawn = passages.iloc[rng.permutation(len(passages))].reset_index(drop=True)
    drawn = drawn.assign(sheet_id=sheet_ids(len(drawn), part.key), stratum=STRATUM)
    out.mkdir(parents=True, exist_ok=True)
    sheet = drawn[["sheet_id", "text"]]
    key = drawn[["sheet_id", "passage_id", "doc_id", "stem", "organisation", "split", "url", "affiliated", "stratum",
                 "tags", "evidence", "text"]]
    sheet.to_csv(out / part.file("sheet"), index=False)
    key.to_csv(out / part.file("key"), index=False)
    counts = {"passages": len(drawn), "documents": drawn["doc_id"].nunique()}
    for split in part.splits:
        counts |= {f"passages:{split}": int((drawn["split"] == split).sum()),
                   f"documents:{split}": int(drawn.loc[drawn["split"] == split, "doc_id"].nunique())}
    pd.Series(counts).to_csv(out / part.file("populations"), header=["n"])
    return sheet, key


# --- join and report -----------------------------------------------------------------------------------------------


def note_of(url: str, affiliated: bool, part: PagePart = PART_E) -> str:
    """A row's note: the part, the design, that the text is a page's opening, AFFILIATED where so, the URL."""
    flag = f"; {AFFILIATED}" if affiliated else ""
    return f"part {part.letter} (census, seed {part.seed}; opening of a stored page{flag}) {url}"


def join(out: Path, labels_paths, judgements: Path | None = None, part: PagePart = PART_E) -> pd.DataFrame:
    """One judgement row per passage of the census × theme in the columns of theme_judgements.csv: split heldout_e /
    fresh_known_e (the part's), stratum census, source page, file <slug>.txt (the raw excerpt's name; the URL is in
    the note), passage_ref the passage id, note note_of. labels_paths: the readers' label files
    (sample_fresh_eval.read_all_labels: an id judged twice is refused). Every passage must be judged and every label
    must be one of the key's; appended to judgements when given, once (refused when it already holds rows of the
    part; the file's columns and rows kept)."""
    key = pd.read_csv(out / part.file("key"), dtype=str, keep_default_na=False)
    labels = sfe.read_all_labels(labels_paths)
    ids = sfe.judged_ids(key, labels)
    rows = []
    for sheet_id, r in zip(ids, key.itertuples(index=False)):
        judged = labels[sheet_id]
        for theme in sfe.CODES.values():
            rows.append({"organisation": r.organisation, "file": f"{r.stem}.txt", "theme_id": theme,
                         "label": judged.get(theme, "no"), "stratum": r.stratum, "split": r.split, "source": SOURCE,
                         "passage_ref": r.passage_id, "note": note_of(r.url, _truthy(r.affiliated), part),
                         "text": r.text})
    frame = pd.DataFrame(rows)
    if judgements is not None:
        existing = pd.read_csv(judgements, dtype=str, keep_default_na=False)
        if existing["split"].isin(set(part.splits)).any():
            raise ValueError(f"{Path(judgements).name} already has part-{part.letter} rows; not appended twice")
        pd.concat([existing, frame[existing.columns]], ignore_index=True).to_csv(judgements, index=False)
    return frame


def report(judgements: Path, lexicon: Path, part: PagePart = PART_E) -> pd.DataFrame:
    """A part's figures for the rules in lexicon, P and R with Wilson 95 % and n per theme (a census: no weights):
    ``heldout_e`` alone, ``heldout_e_unaffiliated`` (without the AFFILIATED pages, by the note), ``fresh_known_e``
    apart (the part's splits), and the build's pooled held-out figure (pipeline.evaluation.evaluate: per theme the
    fresh parts that are clean for it, split ``heldout`` with ``part`` naming them) with the own figure of each fresh
    part measured before this one (``heldout_c``, ``heldout_d`` for part E; and ``heldout_e`` for part F).
    heldout_parts, heldout_c_quoted and heldout_spent next to judgements are applied as the build applies them."""
    from pipeline import evaluation

    folder, frame, lexicon_rows, tagger = sfe.judged_frame(judgements, lexicon)
    heldout, known = part.splits
    rows = [row for split in (heldout, known) for row in evaluation.heldout_scores(frame, tagger, split)]
    affiliated = (frame["split"] == heldout) & frame["note"].str.contains(f"; {AFFILIATED})", regex=False)
    rows += [{**row, "split": f"{heldout}_unaffiliated"}
             for row in evaluation.heldout_scores(frame.loc[~affiliated], tagger, heldout)]
    pooled = evaluation.evaluate(frame, lexicon_rows,
                                 spent_parts=evaluation.load_spent_parts(folder / "heldout_spent.csv"))
    fresh = list(evaluation.FRESH_PARTS)
    before = [evaluation.FRESH_PARTS[p] for p in fresh[: fresh.index(part.letter)]]
    rows += [row for row in pooled if row["split"] in ("heldout", *before)]
    return pd.DataFrame(rows)


#: Part E's functions under the names its commands and tests used (the part's settings default to part E's).
prepare_e, draw_e, join_e, report_e = prepare, draw, join, report


def main(argv: list[str]) -> None:
    """The commands of the module docstring (also reached as python -m bench.sample_fresh_eval <command>-e|-f):
    prepare, draw, halves, join, report, each with ``--part e|f`` or the part's suffix (part_of)."""
    command, part, args = part_of((argv or [""])[0], (argv or [""])[1:])
    part = part or PART_E
    if command == "prepare":  # prepare fresh_dir data_dir
        used = prepare(Path(args[0]), Path(args[1]), part)
        short = used.loc[used["chars_clean"] < 500, "slug"].tolist()
        print(len(used), "documents;", used["split"].value_counts().to_dict(),
              f"; {len(short)} with under 500 characters after cleaning: {short}")
    elif command == "draw":  # draw data_dir out_dir
        _, drawn = draw(Path(args[0]), Path(args[1]), part=part)
        # counts only: the tags stay in the key until every passage is judged
        print(len(drawn), "passages (census); per part:", drawn["split"].value_counts().to_dict())
    elif command == "join":  # join out_dir judgements.csv labels-1.txt [labels-2.txt …]
        joined = join(Path(args[0]), [Path(a) for a in args[2:]], Path(args[1]), part)
        print(len(joined), "judgements;", joined.groupby("split")["label"].value_counts().to_dict())
    elif command == "report":  # report judgements.csv lexicon.toml
        table = report(Path(args[0]), Path(args[1]), part)
        columns = ["theme_id", "split", "part", "precision", "precision_low", "precision_high", "n_predicted",
                   "recall", "recall_low", "recall_high", "n_positive", "tuned_on", "uncertain"]
        print(table[[c for c in columns if c in table.columns]].to_string())
    elif command == "halves":  # halves sheet_e.csv [n_parts] (any part's sheet: cut by the ids' numbers)
        for path in sfe.split_sheet(Path(args[0]), int(args[1]) if len(args) > 1 else 2):
            print(path, len(pd.read_csv(path)), "passages")
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
