"""A second, clean measurement of the demand detector on submissions nobody has seen (data/eval/demands.csv, split
"fresh" and "fresh_known").

The held-out organisations of the development corpus gave P 0.90 [0.86–0.93], R 0.82 [0.76–0.86] (2026-12-05): the
point estimate sits on the target, so the detector is measured once more, on real submissions to the same committee
(Helsereformutvalget) that are not in the development corpus, fetched as Marker-made Markdown into
/work/fresh/docs/<stem>.md with hand-read metadata in /work/fresh/INDEX.csv. This design was committed BEFORE the
detector was run on any fresh document, and no rule is changed after reading the fresh errors.

Design (the conventions of the existing demand evaluation, data/eval/README.md "Demands"):

* Build: the fresh texts are built by the real pipeline in a scratch data directory (``prepare`` writes raw/<doc>.txt
  from each .md with Markdown markup removed but every line kept, raw/documents.csv from INDEX.csv, and copies
  themes.toml, the codebook and eval/ of the checkout), then ``python -m pipeline build`` there.
* Units: exactly what the build reads — pipeline.sentences.document_units over each document's analysed (body)
  passages in order, section headings included as heading units; the rules' verdict is pipeline.demands.detect_units.
* Splits (whole documents, by the hand-read INDEX column org_in_corpus): ``fresh`` — organisations not in the
  development corpus ("part C", labelled first); ``fresh_known`` — new documents of organisations that are in it
  (labelled separately, after part C).
* Strata (as in demands.csv): ``flagged`` — the rules call the unit a demand or a soft position; ``unflagged_cue`` — not
  flagged, matches pipeline.demands.CUE_WORDS; ``unflagged_no_cue`` — the rest. Simple random samples without
  replacement within each split × stratum (fixed seed SEED; all units when the stratum is smaller), sizes SAMPLE
  (part C) and SAMPLE_KNOWN. The population of every split × stratum goes to demands_strata.csv, so each labelled
  unit weighs population / sample size and recall counts the misses of the large unflagged strata at their rate.
* Blind labelling: ``draw`` writes a shuffled sheet (sheet_<split>.csv: id, organisation, file, heading, list intro,
  item/heading marks, the previous and next unit, the unit) WITHOUT the stratum, the rule or the re-scorer's score,
  and a separate key (key_<split>.csv). Each unit is read with its context against data/codebook.md and labelled
  demand / soft / no / borderline (borderline kept apart, out of the figures).
* ``join`` merges the labels with the key into rows laid out like demands.csv (split fresh / fresh_known), to be
  appended to data/eval/demands.csv with their populations in data/eval/demands_strata.csv. The build then measures
  them like the held-out rows (pipeline.demands_model.evaluate_and_fit: rules, and the re-scorer trained on the dev
  rows only; weighted P/R, Wilson 95 % on the Kish effective n). ``measure`` prints that table.

    python -m bench.sample_fresh_demands prepare /work/fresh /tmp/fresh-demands
    HORINGSRADAR_DATA=/tmp/fresh-demands nice .venv/bin/python -m pipeline build
    python -m bench.sample_fresh_demands draw /work/fresh /tmp/fresh-demands /tmp/fresh-sheets
    python -m bench.sample_fresh_demands join /tmp/fresh-sheets fresh labels_fresh.csv
    python -m bench.sample_fresh_demands measure data/eval

Part D (data/eval/README.md, "Fourth round (2026-12-06): part D", designed in commit e212d54 before its texts were
fetched): the 8-document reserve, RESERVE (the rows of data/eval/fresh_documents.csv with fetched = no at e212d54;
named here because the fetch flips that column). Same build, units and strata, its own seed SEED_D and sizes
SPLITS_D: split ``heldout_d`` (organisations not in the development corpus) and ``fresh_known_d`` (Norsk
Kommunedirektørforum, a corpus organisation, never reported as held-out). The hand-read metadata comes from the
committed data/eval/fresh_documents.csv. The two splits are drawn separately but put on ONE shuffled sheet (neutral
ids "d-000" …, so the id does not tell the split) cut into two halves for two blind labellers; ``join-d`` merges the
label files with the key. The first and only run was made in a checkout of the frozen rules (51e8281):

    python -m bench.sample_fresh_demands prepare-d /work/fresh /tmp/reserve-demands
    HORINGSRADAR_DATA=/tmp/reserve-demands nice .venv/bin/python -m pipeline build
    python -m bench.sample_fresh_demands draw-d /work/fresh /tmp/reserve-demands /tmp/reserve-sheets
    python -m bench.sample_fresh_demands join-d /tmp/reserve-sheets labels-1.csv labels-2.csv

The fresh round's commands read only the 28 documents of that round (RESERVE left out), so its draw stays what it was
after the reserve is fetched into the same folder.

Part E (data/eval/README.md, "Fifth round (2026-12-06): part E", designed in 146da63 before any text was fetched):
openings of hearing responses held as stored web pages, prepared by bench/part_e.py's prepare-e into a
scratch data directory whose fresh_index.csv gives each document's split (``heldout_e``: organisations not in the
development corpus, the seeds or fresh_documents.csv; ``fresh_known_e``: the rest). Demands are a CENSUS: every unit
the build makes from the body passages, no sampling; each unit's stratum (what it would have been drawn from) is kept
in the key and in demands.csv, the populations go to demands_strata.csv with design ``census`` (population = units
labelled, so every weight is 1 and the weighted figures are the plain counts). draw-e refuses to run unless the rule
files (FROZEN_E) are those of FROZEN_COMMIT_E (bench.part_e.check_frozen, shared with the passages' draw). One
shuffled sheet (seed SEED_E, ids de-000 …) cut in two halves for two blind readers, the key apart (measured
once on 2026-12-06: 402 units, figures in data/eval/README.md):

    python -m bench.part_e prepare-e /work/fresh/e /work/fresh/e-data
    HORINGSRADAR_DATA=/work/fresh/e-data nice .venv/bin/python -m pipeline build
    python -m bench.sample_fresh_demands draw-e /work/fresh/e-data /tmp/e-demands
    python -m bench.sample_fresh_demands join-e /tmp/e-demands labels-1.csv labels-2.csv --append data/eval
    python -m bench.sample_fresh_demands measure-e data/eval data/eval/part_e_documents.csv

join-e checks that every population equals its stratum's labelled units (check_census) before appending; measure-e
gives heldout_e, heldout_e_unaffiliated (without the AFFILIATED documents named by part_e_documents.csv, the key or
fresh_index.csv) and fresh_known_e, rules and re-scorer (trained on the dev rows only), as the build computes them.

Part F (data/eval/README.md, "Sixth round (2026-12-06): part F", designed in a339991 before any text was fetched) is
the same census with its own settings (bench.part_e.PART_F: rules frozen at a339991, seed 20261219, ids df-000 …,
files sheet_f.csv, key_f.csv, strata_f.csv, labelled_f.csv, splits heldout_f / fresh_known_f): the same commands with
the suffix -f (or --part f):

    python -m bench.part_e prepare-f /work/fresh/f /work/fresh/f-data
    HORINGSRADAR_DATA=/work/fresh/f-data nice .venv/bin/python -m pipeline build
    python -m bench.sample_fresh_demands draw-f /work/fresh/f-data /tmp/f-demands
    python -m bench.sample_fresh_demands join-f /tmp/f-demands labels-1.csv labels-2.csv --append data/eval
    python -m bench.sample_fresh_demands measure-f data/eval data/eval/part_f_documents.csv
"""
from __future__ import annotations

import re
import shutil
import sys
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

from bench import part_e
from pipeline import schema

SEED = 20261216
#: Units drawn per stratum for part C (organisations not in the development corpus) and for known organisations.
SAMPLE = {"flagged": 150, "unflagged_cue": 120, "unflagged_no_cue": 80}
SAMPLE_KNOWN = {"flagged": 60, "unflagged_cue": 50, "unflagged_no_cue": 30}
SPLITS = {"fresh": SAMPLE, "fresh_known": SAMPLE_KNOWN}
STRATA = tuple(SAMPLE)

#: Part D: the 8 documents with fetched = no in data/eval/fresh_documents.csv as of commit e212d54 (the design's
#: commit). Their text was read by nobody here beyond the first and last lines the metadata came from.
RESERVE = (
    "2026-02-Innspill-til-Helsereformutvalget-om-dagens-utfordringsbilde-fra-helseadministrasjonen-i-Drammen-kommune",
    "2026-04-2026-04-innspill-til-helsereformutvalget-Norsk-Kommunedirektorforum",
    "2026-05-Horingsinnspill-til-Helsereformutvalget-fra-kommuneoverleger-i-Buskerud-og-Akershus",
    "2026-06-Til-Helsereformutvalget-07.06.2026",
    "2026-01-Framtidens-horselsomsorg-Audioplus-Norge-AS-Jorid-Lokken",
    "2026-01-Innspill-til-Helsereformutvalget-fra-NHO",
    "2026-03-TEK_Norge_Scenario-final",
    "2026-04-Helsereform-Novartis-innspill",
)
SEED_D = 20261217
#: Units drawn per stratum in part D: organisations not in the corpus (heldout_d) and the one known organisation.
SAMPLE_D = {"flagged": 120, "unflagged_cue": 100, "unflagged_no_cue": 60}
SAMPLE_KNOWN_D = {"flagged": 30, "unflagged_cue": 25, "unflagged_no_cue": 15}
SPLITS_D = {"heldout_d": SAMPLE_D, "fresh_known_d": SAMPLE_KNOWN_D}
#: The split names of each round: (organisation not in the corpus, organisation in the corpus).
ROUND_SPLITS = {"fresh": ("fresh", "fresh_known"), "d": ("heldout_d", "fresh_known_d"),
                "e": ("heldout_e", "fresh_known_e"), "f": ("heldout_f", "fresh_known_f")}
#: Parts E and F (data/eval/README.md, fifth and sixth rounds, each designed before any of its text was fetched): a
#: census of every demand unit, so the seed only shuffles the sheet. Each part's settings (seed, frozen commit,
#: splits) are bench.part_e's PagePart, one object for the passages' draw and the units'; part E's under its old names.
PART_E = part_e.PART_E
SEED_E = PART_E.demand_seed
SPLITS_E = ROUND_SPLITS["e"]
#: The rules part E measures: main at FROZEN_COMMIT_E, the rule files the design names (README, ec7cac8).
FROZEN_COMMIT_E = PART_E.frozen_commit
FROZEN_E = PART_E.frozen
#: Above this many units the census is a large reading job: draw-e says so (the lead decides; nothing is sampled).
CENSUS_LARGE = 700
#: demands_strata.csv's design column: "sample" (simple random samples per stratum, weights population / sample size)
#: or "census" (every unit of the split labelled: population = labelled units per stratum, every weight 1).
DESIGNS = ("sample", "census")
#: The hand-read metadata of all 36 fresh inputs, committed before part D was fetched (63cd715).
FRESH_DOCUMENTS = Path(__file__).resolve().parent.parent / "data" / "eval" / "fresh_documents.csv"
#: Where the Marker conversion of the Drammen 2026-02 note starts writing English text that is not in the letter
#: ("THE SCIENCE OF CLIMATE CHANGE" repeated, ~4,000 characters): the design cuts the text there.
CONVERSION_TAIL = "THE SCIENCE OF CLIMATE CHANGE"
#: demands.csv's columns, in order.
COLUMNS = ("organisation", "file", "sentence", "context", "heading", "is_item", "is_heading", "label", "stratum", "split")
LABELS = ("demand", "soft", "no", "borderline")
#: The development corpus submissions are "innspill" to the committee (hearing_input in its manifest).
DEFAULT_DOC_TYPE = "hearing_input"


# --- prepare -------------------------------------------------------------------------------------------------------

_SPAN = re.compile(r"</?span[^>]*>")
_SUP = re.compile(r"<sup>[^<]{0,8}</sup>")  # footnote markers: dropped, as the cleaner drops glued footnote digits
_TAG = re.compile(r"</?(?:sub|sup|i|b|em|strong|u)>")
_BR = re.compile(r"<br\s*/?>")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\((?:[^)]*)\)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")
_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")


def markdown_to_text(markdown: str) -> str:
    """Marker's Markdown as the plain text a TXT submission would hold: heading marks, emphasis, anchors, images,
    link targets and escapes removed, one line per Markdown line (bullets "- " and table rows "| … |" kept, since the
    pipeline's cleaner reads those itself)."""
    lines = []
    for line in markdown.replace("\r\n", "\n").split("\n"):
        if _RULE.match(line):
            lines.append("")
            continue
        line = _SPAN.sub("", line)
        line = _SUP.sub("", line)
        line = _BR.sub(" ", line)
        line = _TAG.sub("", line)
        line = _IMAGE.sub("", line)
        line = _LINK.sub(r"\1", line)
        line = _HEADING.sub("", line)
        line = _EMPHASIS.sub(lambda m: m.group(2) or m.group(3) or "", line)
        line = _ESCAPE.sub(r"\1", line)
        lines.append(line.rstrip())
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    # A paragraph gap is written as a line holding one space: the TXT reader ends a paragraph there whether or not it
    # takes the file for double-spaced (pipeline.clean.txt_items; short Markdown files can look double-spaced).
    return text.replace("\n\n", "\n \n") + "\n"


def doc_id_of(stem: str) -> str:
    """A manifest doc_id (lower-case letters, digits, '.', '_', '-') from a file stem."""
    plain = unicodedata.normalize("NFKD", stem.lower()).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9._-]+", "-", plain).strip("-._")
    return (slug or "doc")[:100]


def drop_conversion_tail(markdown: str) -> str:
    """The Markdown up to the line where the conversion's invented English text (CONVERSION_TAIL) begins; the whole
    text when it has none."""
    at = markdown.find(CONVERSION_TAIL)
    if at < 0:
        return markdown
    return markdown[:markdown.rfind("\n", 0, at) + 1].rstrip() + "\n"


#: A parenthesis that annotates a hand-read organisation name ("(leiargruppa; Atle Lunde, …)"), not an acronym
#: ("(UHR-HS)"): dropped, since the detector reads the organisation's name words as its own voice ("Leiargruppa meiner").
_ANNOTATION = re.compile(r"\s*\((?![A-ZÆØÅ0-9\-]{2,}\))[^()]*\)")


def organisation_name(row: dict) -> str:
    """The organisation as the manifest should name it: the development corpus's spelling for a known organisation
    (INDEX column corpus_org_match), else the hand-read name without annotating parentheses."""
    if _in_corpus(row.get("org_in_corpus", "")) and str(row.get("corpus_org_match", "")).strip():
        return str(row["corpus_org_match"]).strip()
    return " ".join(_ANNOTATION.sub("", str(row["organisation"])).split())


def _index(fresh: Path) -> pd.DataFrame:
    """INDEX.csv: the fetched documents of the fresh round whose Markdown is there (stem, organisation, org_in_corpus,
    year, …); the reserve (RESERVE, part D) is left out even once it is fetched."""
    index = pd.read_csv(fresh / "INDEX.csv", dtype=str, keep_default_na=False)
    index.columns = [c.strip().lower() for c in index.columns]
    if "stem" not in index.columns:
        for candidate in ("file", "md", "markdown", "doc"):
            if candidate in index.columns:
                index["stem"] = index[candidate].map(lambda f: Path(f).stem)
                break
    present = index["stem"].map(lambda stem: (fresh / "docs" / f"{stem}.md").exists())
    fetched = index["fetched"].str.strip().str.lower().isin({"yes", "ja", "true", "1"}) if "fetched" in index else True
    fresh_round = ~index["stem"].isin(RESERVE)
    return index.loc[present & fetched & fresh_round].drop_duplicates("stem").reset_index(drop=True)


def reserve_index(fresh: Path, documents: Path = FRESH_DOCUMENTS) -> pd.DataFrame:
    """The reserve's rows of fresh_documents.csv (hand-read metadata, committed before the fetch), in RESERVE's
    order; an error naming the files when any of the 8 texts is not in fresh/docs (the design measures all 8)."""
    index = pd.read_csv(documents, dtype=str, keep_default_na=False)
    index = index.loc[index["stem"].isin(RESERVE)].drop_duplicates("stem").set_index("stem").reindex(list(RESERVE))
    if index["organisation"].isna().any():
        raise ValueError(f"reserve stems missing from {documents}: {list(index.index[index['organisation'].isna()])}")
    missing = [stem for stem in RESERVE if not (fresh / "docs" / f"{stem}.md").exists()]
    if missing:
        raise ValueError(f"{len(missing)} reserve texts not in {fresh / 'docs'}: {missing}")
    return index.reset_index()


def iso_date(text: str) -> str:
    """"09.04.2026" or "2026-04-09" as an ISO date; "" for anything else (a year alone, a range)."""
    text = str(text).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text
    match = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
    return f"{match.group(3)}-{int(match.group(2)):02d}-{int(match.group(1)):02d}" if match else ""


def manifest_of(index: pd.DataFrame) -> pd.DataFrame:
    """raw/documents.csv rows from INDEX.csv (hand-read organisation, year, date, type, title, language)."""
    rows = []
    for r in index.to_dict("records"):
        doc_type = r.get("doc_type", "") if r.get("doc_type", "") in schema.DOC_TYPES else DEFAULT_DOC_TYPE
        language = r.get("language", "") if r.get("language", "") in schema.LANGUAGES else ""
        year = str(r.get("year", "")).strip() or (str(r.get("date", ""))[:4])
        rows.append({"doc_id": doc_id_of(r["stem"]), "file": f"{doc_id_of(r['stem'])}.txt",
                     "organisation": organisation_name(r), "year": year, "date": iso_date(r.get("date", "") or r.get("stated_date", "")),
                     "date_basis": r.get("date_basis", "") or "INDEX.csv (fresh documents, hand-read)",
                     "doc_type": doc_type, "title": r.get("title", ""), "language": language})
    return pd.DataFrame(rows)


def index_of(fresh: Path, part: str = "fresh") -> pd.DataFrame:
    """The documents of a round: "fresh" (the 28 of 2026-12-05, INDEX.csv) or "d" (the reserve)."""
    return reserve_index(fresh) if part == "d" else _index(fresh)


def prepare(fresh: Path, data: Path, project: Path, part: str = "fresh") -> None:
    """The scratch data directory: raw/ with the texts and their manifest, themes, codebook and eval/ of the checkout."""
    from pipeline.manifest import write_manifest

    index = index_of(fresh, part)
    if index["stem"].map(doc_id_of).duplicated().any():
        raise ValueError("two fresh documents would share a doc_id")
    (data / "raw").mkdir(parents=True, exist_ok=True)
    for r in index.to_dict("records"):
        source = fresh / "docs" / f"{r['stem']}.md"
        markdown = source.read_text(encoding="utf-8")
        if part == "d":  # the design of part D cuts the conversion's invented tail (the 28 have none)
            markdown = drop_conversion_tail(markdown)
        (data / "raw" / f"{doc_id_of(r['stem'])}.txt").write_text(markdown_to_text(markdown), encoding="utf-8")
    write_manifest(manifest_of(index), data / "raw" / "documents.csv")
    for name in ("themes.toml", "codebook.md", "organisation_aliases.toml"):
        if (project / "data" / name).exists():
            shutil.copy2(project / "data" / name, data / name)
    shutil.copytree(project / "data" / "eval", data / "eval", dirs_exist_ok=True)
    print(f"{len(index)} documents -> {data / 'raw'}")


# --- draw ----------------------------------------------------------------------------------------------------------


def _in_corpus(in_corpus: str) -> bool:
    """Whether the hand-read org_in_corpus says the organisation is in the development corpus."""
    return str(in_corpus).strip().lower() in {"yes", "ja", "true", "1", "y"}


def split_of(in_corpus: str, part: str = "fresh") -> str:
    """The split of a document of a round by its organisation: for "fresh", fresh (not in the development corpus,
    part C) or fresh_known; for "d", heldout_d or fresh_known_d."""
    outside, known = ROUND_SPLITS[part]
    return known if _in_corpus(in_corpus) else outside


def population(processed: Path, index: pd.DataFrame, part: str = "fresh") -> pd.DataFrame:
    """Every unit of every document of the round as the build reads it, with its split, stratum and the rules'
    verdict."""
    split_by_doc = {doc_id_of(r["stem"]): split_of(r.get("org_in_corpus", ""), part) for r in index.to_dict("records")}
    source_file = {doc_id_of(r["stem"]): f"{r['stem']}.md" for r in index.to_dict("records")}
    return build_units(processed, split_by_doc, source_file)


def build_units(processed: Path, split_by_doc: dict[str, str], source_file: dict[str, str],
                with_kind: bool = False) -> pd.DataFrame:
    """Every unit the build in processed/ makes from the analysed (body) passages of each document, in order: its
    document, position, organisation, file (source_file, else the doc_id), the unit with heading, list intro and
    neighbours, its split (split_by_doc) and its stratum by the rules of this checkout (flagged / unflagged_cue /
    unflagged_no_cue). with_kind adds the rules' verdict (``kind``: demand, soft or "") and ``rule``, for a key that
    keeps the tagger's output apart from the sheet (bench.blind_round); the earlier rounds' keys stay without them."""
    from pipeline import demands
    from pipeline.config import current_build
    from pipeline.sentences import document_units
    from pipeline.store import read_table

    build = current_build(processed)
    passages, documents = read_table(build, "passages"), read_table(build, "documents")
    organisation = dict(zip(documents["doc_id"], documents["organisation"]))
    analysed = passages.loc[schema.is_analysed(passages["kind"])]
    rows = []
    for doc_id, part in analysed.groupby("doc_id", sort=True):
        units = document_units(zip(part["passage_id"], part["text"], part["section_title"].fillna("")))
        found = demands.detect_units(units, organisation[doc_id])
        for position, (unit, detection) in enumerate(zip(units, found)):
            stratum = ("flagged" if detection is not None else
                       "unflagged_cue" if demands.CUE_WORDS.search(unit.text) else "unflagged_no_cue")
            rows.append({"doc_id": doc_id, "position": position, "organisation": organisation[doc_id],
                         "file": source_file.get(doc_id, doc_id), "sentence": unit.text, "context": unit.intro,
                         "heading": unit.heading, "is_item": unit.is_item, "is_heading": unit.is_heading,
                         "stratum": stratum, "split": split_by_doc[str(doc_id)],
                         "previous": units[position - 1].text if position else "",
                         "next": units[position + 1].text if position + 1 < len(units) else ""})
            if with_kind:
                rows[-1] |= {"kind": detection.kind if detection is not None else "",
                             "rule": detection.rule if detection is not None else ""}
    return pd.DataFrame(rows)


def draw_sample(units: pd.DataFrame, seed: int = SEED, splits: dict[str, dict[str, int]] | None = None) -> pd.DataFrame:
    """A simple random sample of each split × stratum (sizes from splits, SPLITS by default; all units of a smaller
    stratum), in a fixed order: split by split, stratum by stratum, one generator of the seed."""
    rng = np.random.default_rng(seed)
    parts = []
    for split, sizes in (SPLITS if splits is None else splits).items():
        for stratum in STRATA:
            pool = units.loc[(units["split"] == split) & (units["stratum"] == stratum)]
            take = min(sizes[stratum], len(pool))
            if take:
                parts.append(pool.iloc[np.sort(rng.choice(len(pool), size=take, replace=False))])
    return pd.concat(parts) if parts else units.iloc[:0]


def draw(fresh: Path, data: Path, out: Path, seed: int = SEED) -> None:
    """Blind sheets, keys and stratum populations for each split."""
    index = _index(fresh)
    units = population(data / "processed", index)
    out.mkdir(parents=True, exist_ok=True)
    strata = units.groupby(["split", "stratum"]).size().rename("population").reset_index()
    strata.to_csv(out / "strata.csv", index=False)
    sample = draw_sample(units, seed)
    rng = np.random.default_rng(seed + 1)
    for split in SPLITS:
        part = sample.loc[sample["split"] == split]
        part = part.iloc[rng.permutation(len(part))].reset_index(drop=True)
        part.insert(0, "id", [f"{split}-{i:03d}" for i in range(len(part))])
        part.drop(columns=["stratum"]).assign(label="", note="")[
            ["id", "organisation", "file", "heading", "context", "is_item", "is_heading", "previous", "sentence", "next",
             "label", "note"]].to_csv(out / f"sheet_{split}.csv", index=False)
        part.to_csv(out / f"key_{split}.csv", index=False)
    print(strata.to_string(index=False))
    print(sample.groupby(["split", "stratum"]).size().to_string())


#: The blind sheet's columns: the unit with the context a reader needs, never the stratum, the rule or a score.
SHEET_COLUMNS = ("id", "organisation", "file", "heading", "context", "is_item", "is_heading", "previous", "sentence",
                 "next", "label", "note")


def reserve_sheet(sample: pd.DataFrame, seed: int = SEED_D) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Part D's one blind sheet and its key: both splits' drawn units shuffled together (generator seed + 1) under
    neutral ids d-000, d-001 … in sheet order; the key keeps id, split, stratum and the unit."""
    rng = np.random.default_rng(seed + 1)
    key = sample.iloc[rng.permutation(len(sample))].reset_index(drop=True)
    key.insert(0, "id", [f"d-{i:03d}" for i in range(len(key))])
    sheet = key.drop(columns=["stratum", "split"]).assign(label="", note="")[list(SHEET_COLUMNS)]
    return sheet, key


def halves(sheet: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The shuffled sheet cut in two (the first half one row longer when the count is odd), one per labeller."""
    cut = (len(sheet) + 1) // 2
    return sheet.iloc[:cut].reset_index(drop=True), sheet.iloc[cut:].reset_index(drop=True)


def draw_reserve(fresh: Path, data: Path, out: Path, seed: int = SEED_D) -> None:
    """Part D: strata.csv (populations), sheet_d.csv with its halves sheet_d-1.csv and sheet_d-2.csv, key_d.csv."""
    units = population(data / "processed", reserve_index(fresh), "d")
    out.mkdir(parents=True, exist_ok=True)
    strata = units.groupby(["split", "stratum"]).size().rename("population").reset_index()
    strata.to_csv(out / "strata.csv", index=False)
    sample = draw_sample(units, seed, SPLITS_D)
    sheet, key = reserve_sheet(sample, seed)
    sheet.to_csv(out / "sheet_d.csv", index=False)
    for number, half in enumerate(halves(sheet), start=1):
        half.to_csv(out / f"sheet_d-{number}.csv", index=False)
    key.to_csv(out / "key_d.csv", index=False)
    print(f"{len(sheet)} units on the sheet ({', '.join(str(len(h)) for h in halves(sheet))} per half); "
          f"{units['doc_id'].nunique()} documents")


# --- parts E and F: a census -----------------------------------------------------------------------------------------


def part_documents(data: Path, part: part_e.PagePart = PART_E) -> pd.DataFrame:
    """A census part's documents from the scratch data directory's fresh_index.csv (written by bench.part_e's
    prepare): doc_id, organisation, split (heldout_e / fresh_known_e for part E; from org_in_corpus where there is no
    split column), file (the page address where the index has one, else the stem's .md, else the doc_id) and affiliated
    (an ``affiliated`` column saying yes, or a note starting "AFFILIATED:")."""
    index = pd.read_csv(data / "fresh_index.csv", dtype=str, keep_default_na=False)
    if "split" not in index.columns:
        index["split"] = [split_of(v, part.key) for v in index.get("org_in_corpus", pd.Series("", index=index.index))]
    bad = sorted(set(index["split"]) - set(part.splits))
    if bad:
        raise ValueError(f"fresh_index.csv has splits {bad}; part {part.letter} has only {list(part.splits)}")
    if index["doc_id"].duplicated().any():
        raise ValueError("fresh_index.csv names a doc_id twice")

    def file_of(row: dict) -> str:
        for column in ("url", "address", "page"):
            if str(row.get(column, "")).strip():
                return str(row[column]).strip()
        return f"{row['stem']}.md" if str(row.get("stem", "")).strip() else str(row["doc_id"])

    def affiliated(row: dict) -> bool:
        return _in_corpus(row.get("affiliated", "")) or "AFFILIATED:" in str(row.get("note", ""))

    records = index.to_dict("records")
    return pd.DataFrame({"doc_id": [r["doc_id"] for r in records], "organisation": [r["organisation"] for r in records],
                         "split": [r["split"] for r in records], "file": [file_of(r) for r in records],
                         "affiliated": [affiliated(r) for r in records]})


def census_populations(units: pd.DataFrame) -> pd.DataFrame:
    """demands_strata.csv rows of a census: per split and stratum the number of units (every unit is labelled, so
    population = sample size and each weight is 1), design "census"; the three strata of each split always listed
    (0 where a stratum is empty)."""
    rows = [{"split": split, "stratum": stratum,
             "population": int(((units["split"] == split) & (units["stratum"] == stratum)).sum()), "design": "census"}
            for split in sorted(set(units["split"])) for stratum in STRATA]
    return pd.DataFrame(rows, columns=["split", "stratum", "population", "design"])


def census_sheet(units: pd.DataFrame, seed: int = SEED_E, prefix: str = "de") -> tuple[pd.DataFrame, pd.DataFrame]:
    """A census part's one blind sheet and its key: every unit of both splits, shuffled (one permutation of a
    generator of seed) under neutral ids de-000, de-001 … (prefix: "d" and the part's letter) in sheet order; the
    sheet has SHEET_COLUMNS only (no split, stratum, rule or score), the key keeps id, split, stratum and the unit."""
    rng = np.random.default_rng(seed)
    key = units.iloc[rng.permutation(len(units))].reset_index(drop=True)
    width = max(3, len(str(max(len(key) - 1, 0))))
    key.insert(0, "id", [f"{prefix}-{i:0{width}d}" for i in range(len(key))])
    sheet = key.drop(columns=["stratum", "split"]).assign(label="", note="")[list(SHEET_COLUMNS)]
    return sheet, key


def draw_census(data: Path, out: Path, root: Path = part_e.ROOT, part: part_e.PagePart = PART_E) -> pd.DataFrame:
    """Every unit the build in data/processed makes from the body passages of a census part's documents, on one
    shuffled blind sheet (sheet_e.csv, halves sheet_e-1.csv and sheet_e-2.csv; _f for part F), the hidden key
    (key_e.csv: split, stratum, affiliated, document) and the populations (strata_e.csv, design census). Refuses
    (RuntimeError, via bench.part_e.check_frozen) unless the rule files are the part's frozen commit's, the data
    directory holds the frozen lexicon copies and its build read the manifest that is there. Returns the key."""
    part_e.check_frozen(data, root, part)
    documents = part_documents(data, part)
    units = build_units(data / "processed", dict(zip(documents["doc_id"], documents["split"])),
                        dict(zip(documents["doc_id"], documents["file"])))
    if units.empty:
        raise ValueError(f"no units in {data / 'processed'}: build part {part.letter}'s data directory first")
    units["affiliated"] = units["doc_id"].map(dict(zip(documents["doc_id"], documents["affiliated"]))).fillna(False)
    sheet, key = census_sheet(units, part.demand_seed, f"d{part.key}")
    out.mkdir(parents=True, exist_ok=True)
    census_populations(units).to_csv(out / part.file("strata"), index=False)
    sheet.to_csv(out / part.file("sheet"), index=False)
    for number, half in enumerate(halves(sheet), start=1):
        half.to_csv(out / f"sheet_{part.key}-{number}.csv", index=False)
    key.to_csv(out / part.file("key"), index=False)
    counts = units.groupby(["split", "stratum"]).size()
    print(f"census: {len(sheet)} units ({', '.join(str(len(h)) for h in halves(sheet))} per half) from "
          f"{units['doc_id'].nunique()} documents; by split and stratum:\n{counts.to_string()}")
    if len(sheet) > CENSUS_LARGE:
        print(f"NOTE: the census has {len(sheet)} units, more than {CENSUS_LARGE}; the design reads them all")
    return key


#: Part E's reader of fresh_index.csv under the name its tests used.
part_e_documents = part_documents


# --- join and measure ----------------------------------------------------------------------------------------------


def join(out: Path, split: str, labels: Path) -> pd.DataFrame:
    """Labelled rows laid out like demands.csv from the key and a labels file (id, label[, note])."""
    return _labelled(_read_key(out / f"key_{split}.csv"), read_labels([labels]))


def read_labels(paths: list[Path]) -> pd.DataFrame:
    """id, label (and note) from one or more label files; an error on an unknown label or an id labelled twice."""
    judged = pd.concat([pd.read_csv(path, dtype=str, keep_default_na=False) for path in paths], ignore_index=True)
    judged["label"] = judged["label"].str.strip().str.lower()
    bad = sorted(set(judged["label"]) - set(LABELS))
    if bad:
        raise ValueError(f"unknown labels {bad}")
    twice = sorted(judged.loc[judged["id"].duplicated(), "id"])
    if twice:
        raise ValueError(f"{len(twice)} ids labelled twice, e.g. {twice[:5]}")
    return judged


def join_reserve(out: Path, labels: list[Path]) -> pd.DataFrame:
    """Part D's labelled rows laid out like demands.csv (split heldout_d / fresh_known_d from the key) from key_d.csv
    and the labellers' files; every id of the key labelled once, no id that is not on the sheet."""
    return _labelled(_read_key(out / "key_d.csv"), read_labels(labels), only_sheet_ids=True)


def _read_key(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype={"sentence": str, "context": str, "heading": str}, keep_default_na=False)


def _labelled(key: pd.DataFrame, judged: pd.DataFrame, only_sheet_ids: bool = False) -> pd.DataFrame:
    """The key's rows with their labels; an error when a key id is not labelled (or, with only_sheet_ids, when a
    label names an id that is not on the sheet)."""
    missing = sorted(set(key["id"]) - set(judged["id"]))
    if missing:
        raise ValueError(f"{len(missing)} units not labelled, e.g. {missing[:5]}")
    unknown = sorted(set(judged["id"]) - set(key["id"]))
    if only_sheet_ids and unknown:
        raise ValueError(f"{len(unknown)} labelled ids not on the sheet, e.g. {unknown[:5]}")
    rows = key.merge(judged[["id", "label"]], on="id", how="left")
    return rows[list(COLUMNS)]


def join_census(out: Path, labels: list[Path], part: part_e.PagePart = PART_E) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A census part's labelled rows laid out like demands.csv (split and stratum from key_e.csv; key_f.csv for part
    F) and their populations (strata_e.csv, design census); every id of the key labelled once, no id that is not on
    the sheet, and every population equal to its stratum's labelled units (what makes the rows a census)."""
    rows = _labelled(_read_key(out / part.file("key")), read_labels(labels), only_sheet_ids=True)
    strata = pd.read_csv(out / part.file("strata"))
    check_census(rows, strata)
    return rows, strata


def check_census(labelled: pd.DataFrame, strata: pd.DataFrame) -> None:
    """ValueError unless every census row of strata (design census) has as many labelled units (borderline ones
    included) as its population: only then is every weight population / sample size exactly 1."""
    if "design" not in strata.columns:
        return
    counts = labelled.groupby(["split", "stratum"]).size()
    wrong = [(r.split, r.stratum, int(r.population), int(counts.get((r.split, r.stratum), 0)))
             for r in strata.itertuples() if r.design == "census"
             and int(r.population) != int(counts.get((r.split, r.stratum), 0))]
    if wrong:
        raise ValueError(f"census strata whose population is not their labelled units (split, stratum, population, "
                         f"labelled): {wrong}")


def append_census(eval_dir: Path, rows: pd.DataFrame, strata: pd.DataFrame) -> None:
    """Append a census part's rows to eval_dir/demands.csv (the existing lines untouched) and its populations to
    demands_strata.csv (design "sample" written for rows without one); refuses when either already has a split of
    the rows."""
    labelled_path, strata_path = eval_dir / "demands.csv", eval_dir / "demands_strata.csv"
    existing = pd.read_csv(labelled_path, usecols=["split"])
    known = pd.read_csv(strata_path)
    again = sorted((set(existing["split"]) | set(known["split"])) & (set(rows["split"]) | set(strata["split"])))
    if again:
        raise ValueError(f"{eval_dir} already has rows of {again}: a part is joined once")
    if not labelled_path.read_bytes().endswith(b"\n"):
        raise ValueError(f"{labelled_path} does not end in a newline")
    rows[list(COLUMNS)].to_csv(labelled_path, mode="a", header=False, index=False)
    if "design" not in known.columns:
        known["design"] = "sample"
    pd.concat([known, strata[["split", "stratum", "population", "design"]]], ignore_index=True).to_csv(
        strata_path, index=False)


def report_splits(part: part_e.PagePart = PART_E) -> tuple[str, str, str]:
    """What measure reports for a census part: its held-out split, the same without AFFILIATED documents, and the
    known organisations (heldout_e, heldout_e_unaffiliated, fresh_known_e for part E)."""
    heldout, known = part.splits
    return heldout, f"{heldout}_unaffiliated", known


E_REPORT_SPLITS = report_splits(PART_E)


def affiliated_files(source: Path, part: part_e.PagePart = PART_E) -> set[str]:
    """The ``file`` values (page addresses) of AFFILIATED documents of a census part: from a scratch data directory
    (its fresh_index.csv, via part_documents) or from a CSV with a file or url column and an affiliated column
    (key_e.csv, data/eval/part_e_documents.csv) or a note column."""
    if source.is_dir():
        documents = part_documents(source, part)
        return set(documents.loc[documents["affiliated"], "file"])
    table = pd.read_csv(source, dtype=str, keep_default_na=False)
    if "affiliated" in table.columns:
        flagged = table["affiliated"].map(_in_corpus)
    else:
        flagged = table.get("note", pd.Series("", index=table.index)).str.contains("AFFILIATED:", regex=False)
    return set(table.loc[flagged, "file" if "file" in table.columns else "url"])


def without_affiliated(labelled: pd.DataFrame, strata: pd.DataFrame, affiliated: set[str],
                       split: str = "heldout_e") -> tuple[pd.DataFrame, pd.DataFrame]:
    """labelled and strata plus a split "<split>_unaffiliated": the split's rows whose file is not affiliated, with
    census populations (its labelled units per stratum)."""
    kept = labelled.loc[(labelled["split"] == split) & ~labelled["file"].isin(affiliated)].assign(
        split=f"{split}_unaffiliated")
    return (pd.concat([labelled, kept], ignore_index=True),
            pd.concat([strata, census_populations(kept)], ignore_index=True))


def measure_census(eval_dir: Path, affiliated: set[str] = frozenset(),
                   part: part_e.PagePart = PART_E) -> pd.DataFrame:
    """A census part's figures (report_splits; rules and the re-scorer trained on the dev rows only), as the build
    computes them (pipeline.demands_model.evaluate) on eval_dir's demands.csv and demands_strata.csv; a census has every
    weight 1, so P and R are plain counts and the intervals Wilson on n (checked: check_census)."""
    from pipeline import demands_model

    labelled = pd.read_csv(eval_dir / "demands.csv", dtype={"sentence": str, "context": str, "heading": str})
    strata = pd.read_csv(eval_dir / "demands_strata.csv")
    check_census(labelled, strata)
    labelled, strata = without_affiliated(labelled, strata, set(affiliated), part.splits[0])
    figures = demands_model.evaluate(labelled, strata)
    return figures.loc[figures["split"].isin(report_splits(part))].reset_index(drop=True)


def measure(eval_dir: Path) -> pd.DataFrame:
    """The build's demand figures (rules and re-scorer per split) on the labelled sentences in eval_dir."""
    from pipeline import demands_model

    labelled = pd.read_csv(eval_dir / "demands.csv", dtype={"sentence": str, "context": str, "heading": str})
    figures = demands_model.evaluate(labelled, pd.read_csv(eval_dir / "demands_strata.csv"))
    return figures


def census_main(command: str, part: part_e.PagePart, args: list[str]) -> None:
    """The census commands of parts E and F: draw, join (with --append <eval dir>), measure."""
    if command == "draw":
        draw_census(Path(args[0]), Path(args[1]), part=part)
    elif command == "join":
        out, rest = Path(args[0]), args[1:]
        target = None
        if "--append" in rest:  # --append <eval dir>: the rows go into its demands.csv and demands_strata.csv
            at = rest.index("--append")
            target, rest = Path(rest[at + 1]), rest[:at] + rest[at + 2:]
        labels = [Path(a) for a in rest]
        rows, strata = join_census(out, labels, part)
        rows.to_csv(out / part.file("labelled"), index=False)
        if target is not None:
            append_census(target, rows, strata)
            print(f"{len(rows)} rows appended to {target / 'demands.csv'}, {len(strata)} strata to demands_strata.csv")
        print(rows.groupby(["split", "stratum", "label"]).size().to_string())
    elif command == "measure":
        affiliated = affiliated_files(Path(args[1]), part) if len(args) > 1 else set()
        with pd.option_context("display.width", 200, "display.max_columns", 30):
            print(f"{len(affiliated)} AFFILIATED documents left out of {report_splits(part)[1]}")
            print(measure_census(Path(args[0]), affiliated, part).to_string(index=False))
    else:
        raise SystemExit(__doc__)


def main(argv: list[str]) -> int:
    """The commands of the module docstring; a part named by suffix or option (draw-e, join-f, measure --part f) is
    one of the census parts (census_main), anything else the rounds before them."""
    command, part, args = part_e.part_of(argv[0], argv[1:])
    if part is not None:
        census_main(command, part, args)
    elif command == "prepare":
        prepare(Path(args[0]), Path(args[1]), Path(__file__).resolve().parent.parent)
    elif command == "draw":
        draw(Path(args[0]), Path(args[1]), Path(args[2]))
    elif command == "join":
        out, split, labels = Path(args[0]), args[1], Path(args[2])
        rows = join(out, split, labels)
        rows.to_csv(out / f"labelled_{split}.csv", index=False)
        print(rows.groupby(["stratum", "label"]).size().to_string())
    elif command == "prepare-d":
        prepare(Path(args[0]), Path(args[1]), Path(__file__).resolve().parent.parent, "d")
    elif command == "draw-d":
        draw_reserve(Path(args[0]), Path(args[1]), Path(args[2]))
    elif command == "join-d":
        out = Path(args[0])
        rows = join_reserve(out, [Path(a) for a in args[1:]])
        rows.to_csv(out / "labelled_d.csv", index=False)
        print(rows.groupby(["split", "stratum", "label"]).size().to_string())
    elif command == "measure":
        with pd.option_context("display.width", 200, "display.max_columns", 30):
            print(measure(Path(args[0])).to_string(index=False))
    else:
        raise SystemExit(__doc__)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
