"""The next clean round: one command for a folder of new submissions (PDF, DOCX, TXT) that nobody has read, so that a
blind measurement of the themes (issue #9) and the demands (issue #16) is minutes of work once the documents arrive.

    python -m bench.blind_round prepare SRC_DIR SCRATCH [--manifest documents.csv]
    HORINGSRADAR_DATA=SCRATCH .venv/bin/python -m pipeline build
    python -m bench.blind_round draw SCRATCH OUT [--seed N]
    # readers label OUT/sheet_themes.csv ("<id> PP ?HT" lines, bench.sample_fresh_eval.CODES; unlisted themes = no)
    # and OUT/sheet_demands.csv (its label column: demand / soft / no / borderline), seeing nothing else; or two
    # readers one half each (sheet_themes-1.csv / -2.csv, sheet_demands-1.csv / -2.csv), both files passed to score
    python -m bench.blind_round score OUT THEME_LABELS... --demands DEMAND_LABELS...

``prepare`` copies the files into SCRATCH/raw under manifest-safe names, with raw/documents.csv from the given manifest
(columns ``file`` = the original file name, organisation, year, date, doc_type, title, language …; a field left empty
is guessed) or else from the pipeline's own guess (pipeline.corpus.suggest_metadata, as the upload page makes it); every
guessed field is named in fresh_index.csv's ``guessed`` column and a guessed date basis starts with GUESSED. It copies
the lexicon files (bench.part_e.COPIED) and writes SCRATCH/round.json: the git commit, the sha256 of every frozen rule
file (bench.part_e.FROZEN_E) and of the copies, and which organisations are known – named in the development corpus's
manifest (when present), the seeds' manifest, data/eval/*documents*.csv, organisation_split.csv, demands.csv or
theme_judgements.csv (pipeline.organisations.same_organisation) – and which are held out.

``draw`` refuses unless every frozen rule file and copy has round.json's hash and the build read the manifest that is
in SCRATCH/raw; and it draws once (an OUT that already holds a key is refused: no second draw to choose from).

* Themes: body passages of at least 8 words, identical texts once (bench.sample_fresh_eval._passages). At most
  THEME_CENSUS_MAX of them: a census (every passage judged, no weights). Else part C's strata
  (sample_fresh_eval.select_strata) with THEME_DESIGN: random passages, every passage tagged with a named theme, up to
  per_theme_tagged tagged per other theme, each named theme's broad pattern (a census up to census_max, else a sample);
  recall of the two named themes is also given with the broad strata weighted (sample_fresh_eval._weighted_recall).
* Demands: the units the build makes of the body passages (sample_fresh_demands.build_units). At most
  DEMAND_CENSUS_MAX: a census (design ``census``, checked by sample_fresh_demands.check_census). Else simple random
  samples per split × stratum (flagged / unflagged_cue / unflagged_no_cue) of part D's sizes (draw_sample), each unit
  weighted population / sample size (pipeline.demands.stratum_weights, Kish effective n for the Wilson interval).
* Sheets (sheet_themes.csv: id and text; sheet_demands.csv: the unit with its heading, list intro and neighbours, as
  every earlier round) are shuffled and hold no tag, stratum, rule or theme name; the keys (key_themes.csv,
  key_demands.csv) keep split, stratum and the frozen rules' output, the populations are in populations_themes.csv
  and strata_demands.csv.

``score`` refuses unless every drawn passage and unit is labelled (and no label names an id off the sheet), then prints
P and R with Wilson 95 % intervals and n per theme and for the strict demands, held-out and known organisations apart,
borderline counted apart, as Markdown. It scores the frozen rules' output stored in the keys, so a rule changed after
the draw cannot leak into the figures.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from datetime import date, datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd

from bench import part_e
from pipeline.guards import sha256_file
from bench import sample_fresh_demands as sfd
from bench import sample_fresh_eval as sfe

ROOT = Path(__file__).resolve().parents[1]
SUFFIXES = (".pdf", ".docx", ".txt")
#: The development corpus's manifest in the shared folder beside the checkout (a worktree sits one level deeper;
#: HORINGSRADAR_SHARED names another); its organisations are known when it is there.
_SHARED = Path(os.environ["HORINGSRADAR_SHARED"]) if os.environ.get("HORINGSRADAR_SHARED") else next(
    (base / "shared" for base in (ROOT.parent, ROOT.parent.parent) if (base / "shared").is_dir()), ROOT.parent / "shared")
DEVELOPMENT_MANIFEST = _SHARED / "corpora" / "helsereform" / "raw" / "documents.csv"
#: (organisations named nowhere in the project: held out, organisations named somewhere: known, reported apart).
SPLITS = ("heldout_new", "fresh_known_new")
ROUND_FILE = "round.json"
DRAW_FILE = "draw.json"
INDEX_FILE = "fresh_index.csv"  # the name sample_fresh_eval._passages reads
#: Up to this many passages every one is judged (part E's and F's design); above it, part C's strata.
THEME_CENSUS_MAX = 400
#: Part C's whole draw (its two waves together: 80 random, 10 tagged per other theme), about 400 passages.
THEME_DESIGN = sfe.Design(n_random=80, per_theme_tagged=10, census_max=75)
#: Up to this many demand units every one is judged (sample_fresh_demands.CENSUS_LARGE); above it, part D's samples.
DEMAND_CENSUS_MAX = sfd.CENSUS_LARGE
DEMAND_SAMPLE = {SPLITS[0]: sfd.SAMPLE_D, SPLITS[1]: sfd.SAMPLE_KNOWN_D}
SEED = 20261212
GUESSED = "GUESSED"
#: Where the project names organisations it has read (file, columns); globbed under data/eval where it has a *.
KNOWN_SOURCES = (
    ("data/raw/documents.csv", ("organisation",)),
    ("data/eval/*documents*.csv", ("organisation", "corpus_org_match", "parent_organisation")),
    ("data/eval/organisation_split.csv", ("organisation",)),
    ("data/eval/demands.csv", ("organisation",)),
    ("data/eval/theme_judgements.csv", ("organisation",)),
)


# --- prepare -------------------------------------------------------------------------------------------------------


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file (pipeline.guards.sha256_file, the documents' content identity)."""
    return sha256_file(Path(path))


def known_sources(root: Path = ROOT, development: Path = DEVELOPMENT_MANIFEST) -> dict[Path, tuple[str, ...]]:
    """The files that name organisations the project has read text of, with the columns naming them: the
    development corpus's manifest (when present) and KNOWN_SOURCES under root."""
    sources = {Path(development): ("organisation",)} if Path(development).exists() else {}
    return sources | {path: columns for pattern, columns in KNOWN_SOURCES for path in sorted(root.glob(pattern))}


def _shown(path: Path, root: Path) -> str:
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


def known_organisations(root: Path = ROOT, development: Path = DEVELOPMENT_MANIFEST) -> dict[str, str]:
    """Every organisation name in known_sources -> the first file that names it."""
    known: dict[str, str] = {}
    for path, columns in known_sources(root, development).items():
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
        for column in columns:
            for name in table.get(column, pd.Series(dtype=str)):
                if str(name).strip():
                    known.setdefault(str(name).strip(), _shown(path, root))
    return known


def known_as(organisation: str, known: dict[str, str]) -> tuple[str, str]:
    """(the known name, its source) of the first known organisation that is the same as organisation
    (pipeline.organisations.same_organisation: form differences, acronyms, the alias table, one name inside the
    other); ("", "") when none is."""
    from pipeline.organisations import same_organisation

    for name, source in known.items():
        if same_organisation(organisation, name):
            return name, source
    return "", ""


def source_files(src: Path) -> list[Path]:
    """The PDF, DOCX and TXT files directly in src, by name; ValueError when there is none."""
    files = sorted(p for p in Path(src).iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
    if not files:
        raise ValueError(f"no PDF, DOCX or TXT file in {src}")
    return files


def read_given(path: Path | None) -> dict[str, dict[str, str]]:
    """A given manifest by original file name (column ``file``); {} without one."""
    if path is None:
        return {}
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    if "file" not in table.columns:
        raise ValueError(f"{path}: a manifest names each document's original file in a column 'file'")
    table["file"] = table["file"].str.strip()
    if table["file"].duplicated().any():
        raise ValueError(f"{path}: a file is named twice")
    return {r["file"]: {k: str(v).strip() for k, v in r.items()} for r in table.to_dict("records")}


def guess_metadata(path: Path, known: list[str]) -> dict[str, str]:
    """The pipeline's own guess for one file (corpus.suggest_metadata over the extracted pages, as the upload page
    makes it); {} when the file cannot be read (the build then reports it)."""
    from pipeline import corpus, extract

    try:
        extracted = extract.extract(path)
    except extract.ExtractionError:
        return {}
    suggested, _ = corpus.suggest_metadata(extracted.pages, path.name, known, extracted.running_lines)
    return suggested


def metadata_row(path: Path, doc_id: str, given: dict[str, str], guess) -> tuple[dict[str, str], list[str]]:
    """The manifest row of one file and the fields that are guesses: a given value stands; an empty one is guessed
    (guess: a callable giving the pipeline's guess, called only when needed); what neither gives is a marked
    placeholder (organisation «Ukjent avsender (<file>)», this year, doc type other)."""
    from pipeline import manifest

    row = {c: "" for c in manifest.COLUMNS} | {k: v for k, v in given.items() if k in manifest.COLUMNS}
    row |= {"doc_id": doc_id, "file": f"{doc_id}{path.suffix.lower()}"}
    wanted = [c for c in ("organisation", "year", "date", "doc_type", "title", "language", "date_basis") if not row[c]]
    guessed: list[str] = []
    if wanted:
        suggested = guess()
        for field in wanted:
            if suggested.get(field):
                row[field] = suggested[field]
                guessed.append(field)
    fallback = {"organisation": f"Ukjent avsender ({path.name})", "year": str(date.today().year), "doc_type": "other"}
    for field, value in fallback.items():
        if not row[field]:
            row[field] = value
            guessed.append(field)
    if row["date"][:4] not in ("", row["year"]):  # a guess gives way to what the manifest states
        if "date" in guessed:
            row["date"] = ""
            guessed.remove("date")
        elif "year" in guessed:
            row["year"] = row["date"][:4]
    if {"date", "year", "date_basis"} & set(guessed):
        row["date_basis"] = f"{GUESSED} (corpus.suggest_metadata): {row['date_basis']}".rstrip(": ")
    guessed = list(dict.fromkeys(guessed))
    problems = manifest.row_problems(row)
    if problems:
        raise ValueError(f"{path.name}: " + "; ".join(problems))
    return row, guessed


def git_commit(root: Path = ROOT) -> str:
    """root's HEAD commit, "" outside a git checkout."""
    done = part_e._git("rev-parse", "HEAD", root=root)
    return done.stdout.strip() if done.returncode == 0 else ""


def prepare(src: Path, scratch: Path, manifest_path: Path | None = None, root: Path = ROOT,
            development: Path = DEVELOPMENT_MANIFEST) -> pd.DataFrame:
    """SCRATCH/raw (the files under manifest-safe names and documents.csv), the lexicon copies, fresh_index.csv (one
    row per document: original file, organisation, split, why known, guessed fields) and round.json. Refuses a
    SCRATCH that already holds a round. Returns the index."""
    from pipeline.manifest import write_manifest

    scratch = Path(scratch)
    if (scratch / ROUND_FILE).exists():
        raise ValueError(f"{scratch} already holds a round ({ROUND_FILE}); prepare a new one in an empty folder")
    files = source_files(src)
    given = read_given(manifest_path)
    unknown = sorted(set(given) - {p.name for p in files})
    if unknown:
        raise ValueError(f"the manifest names files that are not in {src}: {unknown}")
    known = known_organisations(root, development)
    doc_ids = [sfd.doc_id_of(p.stem) for p in files]
    if len(set(doc_ids)) < len(doc_ids):
        raise ValueError("two files would share a doc_id: rename one")
    (scratch / "raw").mkdir(parents=True, exist_ok=True)
    rows, index = [], []
    for path, doc_id in zip(files, doc_ids):
        row, guessed = metadata_row(path, doc_id, given.get(path.name, {}),
                                    lambda path=path: guess_metadata(path, list(known)))
        shutil.copyfile(path, scratch / "raw" / row["file"])
        name, source = known_as(row["organisation"], known)
        rows.append(row)
        index.append({"doc_id": doc_id, "stem": path.stem, "file": row["file"], "original": path.name,
                      "organisation": row["organisation"], "org_in_corpus": "yes" if name else "no",
                      "split": SPLITS[1] if name else SPLITS[0], "known_as": name, "known_source": source,
                      "metadata": "manifest" if path.name in given else "guess", "guessed": "|".join(guessed)})
    write_manifest(pd.DataFrame(rows), scratch / "raw" / "documents.csv")
    for name in part_e.COPIED:
        shutil.copyfile(root / name, scratch / Path(name).name)
    index = pd.DataFrame(index)
    index.to_csv(scratch / INDEX_FILE, index=False)
    record = {
        "prepared": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "source": str(Path(src).resolve()),
        "commit": git_commit(root),
        # rule files that differ from the commit in the working tree: the hashes, not the commit, are what draw checks
        "uncommitted": part_e.frozen_changes(root, "HEAD") if git_commit(root) else [],
        "frozen": {path: sha256(root / path) for path in part_e.FROZEN_E},
        "copies": {Path(name).name: sha256(scratch / Path(name).name) for name in part_e.COPIED},
        "manifest": sha256(scratch / "raw" / "documents.csv"),
        "splits": {"heldout": SPLITS[0], "known": SPLITS[1]},
        "organisations": {
            "known": sorted(set(index.loc[index["split"] == SPLITS[1], "organisation"])),
            "heldout": sorted(set(index.loc[index["split"] == SPLITS[0], "organisation"])),
            "guessed": sorted(set(index.loc[index["guessed"].str.contains("organisation"), "organisation"])),
        },
        "known_sources": [_shown(path, root) for path in known_sources(root, development)],
        "documents": index[["doc_id", "original", "organisation", "split", "known_as", "guessed"]].to_dict("records"),
    }
    (scratch / ROUND_FILE).write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return index


# --- draw ----------------------------------------------------------------------------------------------------------


def round_changes(scratch: Path, root: Path = ROOT) -> list[str]:
    """The frozen rule files under root and the lexicon copies in scratch whose sha256 is not round.json's."""
    record = json.loads((Path(scratch) / ROUND_FILE).read_text(encoding="utf-8"))
    changed = [path for path, digest in record["frozen"].items()
               if not (root / path).exists() or sha256(root / path) != digest]
    changed += [str(Path(scratch) / name) for name, digest in record["copies"].items()
                if not (Path(scratch) / name).exists() or sha256(Path(scratch) / name) != digest]
    return changed


def check_round(scratch: Path, root: Path = ROOT) -> None:
    """RuntimeError unless every rule file and copy is what round.json recorded and the build read the manifest that
    is in SCRATCH/raw (bench.part_e.check_built)."""
    if not (Path(scratch) / ROUND_FILE).exists():
        raise RuntimeError(f"no {ROUND_FILE} in {scratch}: run bench.blind_round prepare first")
    changed = round_changes(scratch, root)
    if changed:
        raise RuntimeError(f"rule files changed since prepare ({ROUND_FILE}): {changed}; the round is drawn on the "
                           "rules it was prepared with only")
    part_e.check_built(Path(scratch))


def theme_draw(passages: pd.DataFrame, seed: int, census_max: int = THEME_CENSUS_MAX,
               design: sfe.Design = THEME_DESIGN) -> tuple[pd.DataFrame, dict, str]:
    """The drawn passages shuffled, with their stratum, the populations and the design ("census" when there are at
    most census_max passages, else "stratified": sample_fresh_eval.select_strata)."""
    rng = np.random.default_rng(seed)
    if len(passages) <= census_max:
        stratum, populations, kind = pd.Series("census", index=passages.index), {}, "census"
    else:
        stratum, populations = sfe.select_strata(passages, rng, design)
        kind = "stratified"
    drawn = passages.loc[stratum != ""].assign(stratum=stratum[stratum != ""])
    drawn = drawn.iloc[rng.permutation(len(drawn))].reset_index(drop=True)
    populations = populations | {"passages": len(passages), "documents": int(passages["doc_id"].nunique())}
    populations |= {f"passages:{s}": int((passages["split"] == s).sum()) for s in SPLITS}
    populations |= {f"drawn:{s}": int((drawn["stratum"] == s).sum()) for s in sorted(set(drawn["stratum"]))}
    return drawn.assign(sheet_id=part_e.sheet_ids(len(drawn), "t")), populations, kind


def demand_draw(units: pd.DataFrame, seed: int, census_max: int = DEMAND_CENSUS_MAX
                ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, str]:
    """The blind sheet, the key and the populations (demands_strata.csv's columns) of the demand units: a census
    when there are at most census_max units, else sample_fresh_demands.draw_sample with DEMAND_SAMPLE."""
    if len(units) <= census_max:
        drawn, kind = units, "census"
        strata = sfd.census_populations(units)
    else:
        drawn, kind = sfd.draw_sample(units, seed, DEMAND_SAMPLE), "sample"
        strata = pd.DataFrame([{"split": split, "stratum": stratum, "design": "sample",
                                "population": int(((units["split"] == split) & (units["stratum"] == stratum)).sum())}
                               for split in SPLITS for stratum in sfd.STRATA])
    sheet, key = sfd.census_sheet(drawn.reset_index(drop=True), seed, "d")
    return sheet, key, strata[["split", "stratum", "population", "design"]], kind


def draw(scratch: Path, out: Path, seed: int = SEED, root: Path = ROOT, theme_census_max: int = THEME_CENSUS_MAX,
         demand_census_max: int = DEMAND_CENSUS_MAX) -> dict:
    """Both blind sheets, their keys and populations in out (check_round first; an out that holds a key is refused).
    Returns draw.json's record (designs and counts, nothing a reader should not see)."""
    scratch, out = Path(scratch), Path(out)
    check_round(scratch, root)
    if (out / "key_themes.csv").exists() or (out / "key_demands.csv").exists():
        raise RuntimeError(f"{out} already holds a draw: a round is drawn once")
    index = pd.read_csv(scratch / INDEX_FILE, dtype=str, keep_default_na=False)
    passages = sfe._passages(scratch, SPLITS)
    drawn, populations, theme_kind = theme_draw(passages, seed, theme_census_max)
    units = sfd.build_units(scratch / "processed", dict(zip(index["doc_id"], index["split"])),
                            dict(zip(index["doc_id"], index["original"])), with_kind=True)
    if units.empty:
        raise RuntimeError(f"no demand units in {scratch / 'processed'}")
    sheet, key, strata, demand_kind = demand_draw(units, seed, demand_census_max)
    out.mkdir(parents=True, exist_ok=True)
    drawn[["sheet_id", "text"]].to_csv(out / "sheet_themes.csv", index=False)
    drawn[["sheet_id", "passage_id", "doc_id", "stem", "organisation", "split", "stratum", "tags", "evidence",
           "text"]].to_csv(out / "key_themes.csv", index=False)
    pd.Series(populations).to_csv(out / "populations_themes.csv", header=["n"])
    sheet.to_csv(out / "sheet_demands.csv", index=False)
    # halves for two blind readers, cut as parts D-F cut theirs (score takes both readers' files)
    sfe.split_sheet(out / "sheet_themes.csv", 2)
    for number, half in enumerate(sfd.halves(sheet), start=1):
        half.to_csv(out / f"sheet_demands-{number}.csv", index=False)
    key.to_csv(out / "key_demands.csv", index=False)
    strata.to_csv(out / "strata_demands.csv", index=False)
    record = {"drawn": datetime.now(timezone.utc).isoformat(timespec="seconds"), "seed": seed,
              "round": sha256(scratch / ROUND_FILE), "themes": theme_kind, "demands": demand_kind,
              "passages": {"population": len(passages), "drawn": len(drawn)},
              "units": {"population": len(units), "drawn": len(key)}}
    (out / DRAW_FILE).write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    return record


# --- score ---------------------------------------------------------------------------------------------------------


def theme_frame(key: pd.DataFrame, labels: dict) -> pd.DataFrame:
    """One row per drawn passage × theme in theme_judgements.csv's columns (source fresh, so evaluation scores it);
    ValueError unless every passage is judged and every label is of a passage in the key (judged_ids)."""
    ids = sfe.judged_ids(key, labels)
    return pd.DataFrame([{"organisation": r.organisation, "file": r.stem, "theme_id": theme,
                          "label": labels[sheet_id].get(theme, "no"), "stratum": r.stratum, "split": r.split,
                          "source": "fresh", "passage_ref": r.passage_id, "note": "blind round", "text": r.text}
                         for sheet_id, r in zip(ids, key.itertuples(index=False)) for theme in sfe.CODES.values()])


def key_tagger(key: pd.DataFrame):
    """A FitPredict (pipeline.evaluation) that answers with the frozen rules' tags stored in the key."""
    tags = {text: set(str(t).split("|")) - {""} for text, t in zip(key["text"], key["tags"])}
    return lambda _train, rows: [theme in tags.get(text, set()) for text, theme in zip(rows["text"], rows["theme_id"])]


def theme_scores(out: Path, label_paths) -> pd.DataFrame:
    """P and R with Wilson 95 % and n per split and theme (pipeline.evaluation.heldout_scores on the key's tags), the
    borderline judgements per theme, an «all themes» micro row, and where the draw was stratified the named themes'
    recall with the broad strata weighted (sample_fresh_eval._weighted_recall)."""
    from pipeline import evaluation

    key = pd.read_csv(Path(out) / "key_themes.csv", dtype=str, keep_default_na=False)
    frame = theme_frame(key, sfe.read_all_labels(label_paths))
    tagger = key_tagger(key)
    rows = [row for split in SPLITS for row in evaluation.heldout_scores(frame, tagger, split)]
    scored = evaluation.reported_rows(frame)
    for split in SPLITS:
        part = scored.loc[scored["split"] == split]
        if len(part):
            rows.append({"theme_id": "(all themes)", "split": split,
                         **evaluation.score(part["y"], tagger(None, part))})
    table = pd.DataFrame(rows)
    if table.empty:
        return table
    borderline = frame.loc[frame["label"] == "borderline"]
    by_theme, by_split = borderline.groupby(["split", "theme_id"]).size(), borderline.groupby("split").size()
    table["n_borderline"] = [int(by_split.get(s, 0) if t == "(all themes)" else by_theme.get((s, t), 0))
                             for s, t in zip(table["split"], table["theme_id"])]
    table["recall_weighted"] = np.nan
    if json.loads((Path(out) / DRAW_FILE).read_text(encoding="utf-8"))["themes"] == "stratified":
        sizes = pd.read_csv(Path(out) / "populations_themes.csv", index_col=0)["n"].to_dict()
        table = sfe._weighted_recall(table, frame, tagger, sfe._broad_weights(key, sizes), SPLITS)
    return table


def demand_scores(out: Path, label_paths) -> pd.DataFrame:
    """Per split, P and R of the frozen rules' strict demands (the key's ``kind``) with Wilson 95 % intervals on the
    Kish effective n, weighted population / sample size per stratum (every weight 1 in a census, checked by
    sample_fresh_demands.check_census); borderline units counted apart (pipeline.demands.split_figures)."""
    from pipeline import demands

    key = sfd._read_key(Path(out) / "key_demands.csv")
    for path in label_paths:  # a sheet handed back half filled in: its blank labels are units not labelled yet
        blank = pd.read_csv(path, dtype=str, keep_default_na=False).query("label.str.strip() == ''")["id"].tolist()
        if blank:
            raise ValueError(f"{Path(path).name}: {len(blank)} units not labelled yet, e.g. {blank[:5]}")
    rows = sfd._labelled(key, sfd.read_labels(list(label_paths)), only_sheet_ids=True)
    rows = rows.assign(kind=key["kind"].to_numpy())  # _labelled keeps the key's order
    strata = pd.read_csv(Path(out) / "strata_demands.csv")
    sfd.check_census(rows, strata)
    weights = demands.stratum_weights(rows, strata)
    figures = []
    for split, group in rows.groupby("split", sort=True):
        kept = group.loc[group["label"] != "borderline"]
        figures.append({"split": split, **demands.split_figures(kept, (kept["kind"] == demands.DEMAND).to_numpy(),
                                                                weights.loc[kept.index],
                                                                int((group["label"] == "borderline").sum()))})
    return pd.DataFrame(figures)


def _figure(row: dict, name: str, n: str) -> str:
    """Row's figure name (precision or recall) as "0.67 [0.48–0.81]", or "–" when its n is 0 or it is undefined."""
    value = row[name]
    if not row[n] or value is None or pd.isna(value):
        return "–"
    return f"{value:.2f} [{row[name + '_low']:.2f}–{row[name + '_high']:.2f}]"


def markdown(themes: pd.DataFrame, demand: pd.DataFrame, record: dict) -> str:
    """The round's figures as Markdown: themes (rows with a tag, a yes or a borderline), then demands."""
    lines = [f"Themes ({record['themes']}: {record['passages']['drawn']} of {record['passages']['population']} "
             "passages; recall weighted only where stratified)", "",
             "| split | theme | precision | n | recall | n | recall weighted | borderline |",
             "|---|---|---|---|---|---|---|---|"]
    silent = []
    for r in themes.to_dict("records"):
        if r["n_predicted"] == 0 and r["n_positive"] == 0 and r["n_borderline"] == 0:
            silent.append(f"{r['split']}:{r['theme_id']}")
            continue
        weighted = "" if pd.isna(r.get("recall_weighted", np.nan)) else f"{r['recall_weighted']:.2f}"
        lines.append(f"| {r['split']} | {r['theme_id']} | {_figure(r, 'precision', 'n_predicted')} | {r['n_predicted']}"
                     f" | {_figure(r, 'recall', 'n_positive')} | {r['n_positive']} | {weighted} | {r['n_borderline']} |")
    if silent:
        lines += ["", f"No passage about the theme and no tag: {len(silent)} split × theme pairs."]
    absent = [split for split in SPLITS if split not in set(themes.get("split", ()))]
    if absent:
        lines += ["", f"No passage of {', '.join(absent)} was drawn."]
    lines += ["", f"Demands ({record['demands']}: {record['units']['drawn']} of {record['units']['population']} units; "
              "strict demands of the rules; soft positions count as not demands)", "",
              "| split | precision | n flagged | recall | n demands | labelled | borderline | organisations |",
              "|---|---|---|---|---|---|---|---|"]
    for r in demand.to_dict("records"):
        lines.append(f"| {r['split']} | {_figure(r, 'precision', 'n_flagged')} | {r['n_flagged']}"
                     f" | {_figure(r, 'recall', 'n_demands')} | {r['n_demands']} | {r['n_labelled']}"
                     f" | {r['n_borderline']} | {r['n_organisations']} |")
    return "\n".join(lines) + "\n"


def score(out: Path, theme_labels, demand_labels) -> str:
    """Both tables of a labelled round (theme_scores, demand_scores) as Markdown."""
    record = json.loads((Path(out) / DRAW_FILE).read_text(encoding="utf-8"))
    return markdown(theme_scores(out, theme_labels), demand_scores(out, demand_labels), record)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.blind_round", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("prepare", help="copy a folder of submissions into a scratch data directory")
    p.add_argument("src", type=Path)
    p.add_argument("scratch", type=Path)
    p.add_argument("--manifest", type=Path)
    d = commands.add_parser("draw", help="blind sheets and hidden keys from the scratch build")
    d.add_argument("scratch", type=Path)
    d.add_argument("out", type=Path)
    d.add_argument("--seed", type=int, default=SEED)
    s = commands.add_parser("score", help="P and R of a labelled round, as Markdown")
    s.add_argument("out", type=Path)
    s.add_argument("theme_labels", type=Path, nargs="+")
    s.add_argument("--demands", type=Path, nargs="+", required=True)
    args = parser.parse_args(argv)
    if args.command == "prepare":
        index = prepare(args.src, args.scratch, args.manifest)
        print(f"{len(index)} documents -> {args.scratch / 'raw'}; per split: {index['split'].value_counts().to_dict()}; "
              f"metadata guessed for {int((index['guessed'] != '').sum())} (see {INDEX_FILE})")
        # the split follows the organisation: a guessed one must be read by hand before the build
        for r in index.loc[index["guessed"].str.contains("organisation")].itertuples():
            print(f"  organisation GUESSED: {r.original} -> {r.organisation} ({r.split}"
                  f"{', known as ' + r.known_as if r.known_as else ''})")
        print(f"next: HORINGSRADAR_DATA={args.scratch} .venv/bin/python -m pipeline build")
    elif args.command == "draw":
        record = draw(args.scratch, args.out, args.seed)
        # counts only: strata and tags stay in the keys until every unit is judged
        print(f"themes: {record['themes']}, {record['passages']['drawn']} passages on sheet_themes.csv; demands: "
              f"{record['demands']}, {record['units']['drawn']} units on sheet_demands.csv")
    else:
        print(score(args.out, args.theme_labels, args.demands), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
