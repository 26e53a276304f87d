"""Held-out part C of the theme evaluation: fresh real submissions to Helsereformutvalget that are not in the
development corpus (fetched 2026-12-05 into /work/fresh: Marker-made Markdown in docs/<stem>.md, hand-read metadata
in INDEX.csv). Documents of organisations that are not in the corpus (INDEX ``org_in_corpus`` = no) form part C
(split ``heldout_c``); documents of corpus organisations are measured apart (split ``fresh_known``).

The rules were frozen (data/eval/README.md names the commit) before this script drew anything; the rows are labelled
blind: ``draw`` writes a labelling sheet with the passages shuffled and nothing but their text, and keeps the strata
and the tagger's tags in a separate key that is joined only after every passage has been judged for every theme.

    python -m bench.sample_fresh_eval prepare /work/fresh /tmp/fresh-data   # raw/*.txt + documents.csv + lexicon
    HORINGSRADAR_DATA=/tmp/fresh-data nice .venv/bin/python -m pipeline build
    python -m bench.sample_fresh_eval draw /tmp/fresh-data /tmp/fresh-eval 1   # sheet_w1.csv (blind), key_w1.csv (hidden)
    # ... the rest of the fetch prepared and built, then wave 2 from the documents not in wave 1:
    python -m bench.sample_fresh_eval draw /tmp/fresh-data /tmp/fresh-eval 2
    python -m bench.sample_fresh_eval join /tmp/fresh-eval labels.txt data/eval/theme_judgements.csv
    python -m bench.sample_fresh_eval report data/eval/theme_judgements.csv data/themes.toml /tmp/fresh-eval

Two waves, so that labelling could start while the fetch went on: wave 1 is the 28 documents fetched and built by
21:35 UTC. The fetch stopped there (28 documents; 8 further files not fetched), so wave 2 supplements wave 1 on the same
documents (``--same-documents``): the same design on the passages wave 1 did not draw, which brings the whole draw to
the planned 80 random passages, 10 tagged per other theme and up to 150 broad per named theme. Each wave is drawn
with seed SEED + wave. Strata (every body passage of at least MIN_WORDS words, identical texts once), each passage in the
first stratum that takes it, in this order, per wave:

* ``fresh_random`` – N_RANDOM passages drawn at random from all of them;
* ``fresh_tagged_named`` – every passage the frozen rules tag with practice placements or digital competence;
* ``fresh_tagged`` – up to PER_THEME_TAGGED tagged passages per other theme (seeded sample);
* ``fresh_broad_pp`` / ``fresh_broad_dc`` – untagged (for that theme) passages matching the wide pattern WIDE of the
  theme: all of them when at most CENSUS_MAX, else a seeded sample of CENSUS_MAX (the population is kept in the key,
  so a weighted recall can be given next to the unweighted one).

Every drawn passage is judged for all 18 themes (yes / borderline; no theme listed = no), so the sheet cannot reveal
which theme a passage was drawn for.

Part D (data/eval/README.md, "Fourth round (2026-12-06)", designed before its text was fetched) is the reserve: the 8
documents of data/eval/fresh_documents.csv with ``fetched = no`` at RESERVE_COMMIT (the fetch flips that column, so the
list is read from that commit). Split ``heldout_d`` for organisations not in the corpus, ``fresh_known_d`` for the one
corpus organisation. One wave, seed SEED_D, the same strata with PART_D's sizes (60 random, every passage tagged with a
named theme, up to 8 tagged per other theme, the broad patterns as a census up to 75 else a seeded sample of 75):

    python -m bench.sample_fresh_eval prepare-d /work/fresh /tmp/d-data        # the 8 texts, read as part C's
    HORINGSRADAR_DATA=/tmp/d-data nice .venv/bin/python -m pipeline build
    python -m bench.sample_fresh_eval draw-d /tmp/d-data /tmp/d-eval            # sheet_d.csv (blind), key_d.csv (hidden)
    python -m bench.sample_fresh_eval halves /tmp/d-eval/sheet_d.csv 2          # sheet_d-1.csv, sheet_d-2.csv
    python -m bench.sample_fresh_eval join-d /tmp/d-eval data/eval/theme_judgements.csv labels-1.txt labels-2.txt
    python -m bench.sample_fresh_eval report-d data/eval/theme_judgements.csv data/themes.toml /tmp/d-eval
"""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SEED = 20261206
MIN_WORDS = 8
# Per wave (two waves: the documents fetched by 21:35 UTC, then the rest once the fetch was complete), so the whole
# draw holds about 80 random passages, 10 tagged passages per other theme and 150 broad ones per named theme.
N_RANDOM = 40
PER_THEME_TAGGED = 5
CENSUS_MAX = 75


@dataclass(frozen=True)
class Design:
    """The sizes of one draw: random passages, tagged passages per theme other than the named two, broad census cap."""

    n_random: int
    per_theme_tagged: int
    census_max: int


PART_C = Design(N_RANDOM, PER_THEME_TAGGED, CENSUS_MAX)  # per wave (two waves)
# Part D: one wave over the 8-document reserve (data/eval/README.md, fourth round, committed in e212d54).
PART_D = Design(n_random=60, per_theme_tagged=8, census_max=75)
SEED_D = 20261207
# The commit whose fresh_documents.csv lists the reserve with fetched = no (the fetch flips the column afterwards).
RESERVE_COMMIT = "e212d54"
RESERVE_SIZE = 8
# The split of a passage by part: (organisation not in the development corpus, organisation in it).
PART_SPLITS = {"C": ("heldout_c", "fresh_known"), "D": ("heldout_d", "fresh_known_d"),
               # parts E and F (bench/part_e.py): the split is documents.csv's ``part``, org_in_corpus written from it
               "E": ("heldout_e", "fresh_known_e"), "F": ("heldout_f", "fresh_known_f")}
# Text a conversion invented (data/eval/README.md, part D "Texts"): the document is cut where the line holding it begins.
HALLUCINATED = {
    "2026-02-Innspill-til-Helsereformutvalget-om-dagens-utfordringsbilde-fra-helseadministrasjonen-i-Drammen-kommune":
        "THE SCIENCE OF CLIMATE CHANGE",
}
NAMED = ("practice_placements", "digital_competence")
# Wider than the rules on purpose: recall is estimated from what these find and the rules miss (word-initial).
WIDE = {
    "practice_placements": r"\b(?:praksis|student|lærling|læreplass|elev|turnus|utdanningsplikt|hospit|veiled|rettlei)",
    "digital_competence": r"\b(?:digital|teknolog|ikt|it-|data|kompetan|ferdighet|ferdigheit|opplæring|kunstig"
    r"|ki\b|ki-|skjerm|app\b|apper|programvare|e-helse)|teknologi|kompetanse",
}
# Short codes for the labelling sheet (one line per passage: "<id> PP DC ?HT" – ? marks borderline).
CODES = {
    "PP": "practice_placements", "DC": "digital_competence", "RR": "recruitment_retention", "SP": "study_places",
    "FU": "funding", "LL": "lifelong_learning", "HT": "health_technology", "AI": "artificial_intelligence",
    "PR": "preparedness", "IS": "information_security_privacy", "DE": "decentralised_education",
    "SM": "small_professions", "TS": "task_sharing", "ST": "specialist_training", "LD": "laboratory_diagnostics",
    "PAY": "pay_pensions", "WE": "working_environment", "GT": "green_transition",
}


def prepare(fresh: Path, data: Path) -> pd.DataFrame:
    """A data directory for the real pipeline, read as the fresh demand measurement reads it (bench.sample_fresh_demands:
    raw/<doc_id>.txt holding the Markdown as plain text – heading marks, emphasis, links and footnote markers removed –
    and raw/documents.csv from INDEX.csv: the corpus's spelling for known organisations, the hand-read name without
    annotating parentheses otherwise), plus the project's lexicon, codebook and organisation aliases (no eval/: the
    scratch build measures nothing). Returns the index rows used, with doc_id, organisation and split."""
    from bench.sample_fresh_demands import _index

    return _write_data(fresh, data, _index(fresh))


def cut_hallucination(stem: str, markdown: str) -> str:
    """The Markdown without the text a conversion invented (HALLUCINATED): cut where the line holding the marker
    begins; unchanged for any other document or when the marker is not there (the fetch may have cut it already)."""
    marker = HALLUCINATED.get(stem)
    at = markdown.find(marker) if marker else -1
    if at < 0:
        return markdown
    return markdown[: markdown.rfind("\n", 0, at) + 1].rstrip() + "\n"


def _write_data(fresh: Path, data: Path, index: pd.DataFrame) -> pd.DataFrame:
    """raw/*.txt (the Markdown as plain text, an invented tail cut), raw/documents.csv, the lexicon files and
    fresh_index.csv for the documents of index (prepare, prepare_d; write_scratch)."""
    from bench.sample_fresh_demands import markdown_to_text

    texts = {stem: markdown_to_text(cut_hallucination(stem, (fresh / "docs" / f"{stem}.md").read_text(encoding="utf-8")))
             for stem in index["stem"]}
    return write_scratch(data, index, texts)


def write_scratch(data: Path, index: pd.DataFrame, texts: dict[str, str]) -> pd.DataFrame:
    """A scratch data directory for the real pipeline: raw/<doc_id>.txt holding texts[stem] (already plain text),
    raw/documents.csv from the index rows (sample_fresh_demands.manifest_of), the project's lexicon, codebook and
    organisation aliases, and fresh_index.csv (the index with doc_id and the manifest's organisation). Returns that
    index. Parts C and D (_write_data) and parts E and F (bench.part_e.prepare) write the same layout."""
    from bench.sample_fresh_demands import doc_id_of, manifest_of, organisation_name
    from pipeline.manifest import write_manifest

    if index["stem"].map(doc_id_of).duplicated().any():
        raise ValueError("two fresh documents would share a doc_id")
    (data / "raw").mkdir(parents=True, exist_ok=True)
    for stem in index["stem"]:
        (data / "raw" / f"{doc_id_of(stem)}.txt").write_text(texts[stem], encoding="utf-8")
    write_manifest(manifest_of(index), data / "raw" / "documents.csv")
    for name in ("themes.toml", "codebook.md", "organisation_aliases.toml"):
        shutil.copyfile(ROOT / "data" / name, data / name)
    index = index.assign(doc_id=index["stem"].map(doc_id_of),
                         organisation=[organisation_name(r) for r in index.to_dict("records")])
    index.to_csv(data / "fresh_index.csv", index=False)
    return index


def reserve_documents(table: pd.DataFrame) -> pd.DataFrame:
    """The reserve of part D: the rows of a fresh_documents.csv table whose ``fetched`` is no, in the table's order."""
    fetched = table["fetched"].str.strip().str.lower()
    return table.loc[fetched.isin({"no", "nei", "false", "0"})].drop_duplicates("stem").reset_index(drop=True)


def load_reserve(commit: str = RESERVE_COMMIT) -> pd.DataFrame:
    """The reserve as data/eval/fresh_documents.csv listed it at commit (before the fetch flipped ``fetched``): the
    file's preamble lines are skipped up to its header. Exactly RESERVE_SIZE documents, else ValueError."""
    text = subprocess.run(["git", "-C", str(ROOT), "show", f"{commit}:data/eval/fresh_documents.csv"],
                          check=True, capture_output=True, text=True, encoding="utf-8").stdout
    header = text.find("stem,md_path,")
    table = pd.read_csv(io.StringIO(text[max(header, 0):]), dtype=str, keep_default_na=False)
    reserve = reserve_documents(table)
    if len(reserve) != RESERVE_SIZE:
        raise ValueError(f"{commit}: {len(reserve)} documents with fetched = no, expected {RESERVE_SIZE}")
    return reserve


def prepare_d(fresh: Path, data: Path, reserve: pd.DataFrame | None = None) -> pd.DataFrame:
    """prepare for part D: the reserve's documents only (load_reserve unless given), their hand-read metadata from the
    reserve table (organisation, org_in_corpus, date, type, title), the Markdown from fresh/docs/<stem>.md. Every
    reserve document must be there (FileNotFoundError naming the missing ones): a partial part D is not the design."""
    reserve = load_reserve() if reserve is None else reserve
    missing = [stem for stem in reserve["stem"] if not (fresh / "docs" / f"{stem}.md").exists()]
    if missing:
        raise FileNotFoundError(f"{len(missing)} reserve document(s) not fetched yet: {missing}")
    return _write_data(fresh, data, reserve)


def split_of(org_in_corpus: str, part: str | tuple[str, str] = "C") -> str:
    """The split of a fresh passage: the part's held-out split only when the hand-read index says the organisation is
    not in the corpus (anything else is known: never reported as held out). part: a key of PART_SPLITS, or the pair
    (held-out split, known split) itself (bench.blind_round's rounds)."""
    heldout, known = PART_SPLITS[part] if isinstance(part, str) else part
    return heldout if str(org_in_corpus).strip().lower() == "no" else known


def _passages(data: Path, part: str | tuple[str, str] = "C") -> pd.DataFrame:
    """Body passages of at least MIN_WORDS words with organisation, file, split (PART_SPLITS of part, or the pair of
    splits itself: split_of), tags and evidence."""
    processed = data / "processed"
    passages = pd.read_parquet(processed / "passages.parquet")
    documents = pd.read_parquet(processed / "documents.parquet")
    tags = pd.read_parquet(processed / "passage_themes.parquet")
    index = pd.read_csv(data / "fresh_index.csv", dtype=str, keep_default_na=False)
    passages = passages.loc[(passages["kind"] == "body") & (passages["n_words"] >= MIN_WORDS)]
    passages = passages.merge(documents[["doc_id", "source_file"]], on="doc_id")
    passages = passages.merge(index[["doc_id", "stem", "organisation", "org_in_corpus"]], on="doc_id")
    passages["split"] = [split_of(value, part) for value in passages["org_in_corpus"]]
    passages = passages.drop_duplicates("text").reset_index(drop=True)
    tagged = tags.groupby("passage_id")["theme_id"].apply(lambda s: "|".join(sorted(s)))
    passages["tags"] = passages["passage_id"].map(tagged).fillna("")
    # what fired, per theme ("theme: evidence; …"), for the hidden key of a census (part E)
    evidence = tags.assign(said=tags["theme_id"] + ": " + tags["evidence"].fillna("") if "evidence" in tags else
                           tags["theme_id"]).sort_values("theme_id").groupby("passage_id")["said"].agg("; ".join)
    passages["evidence"] = passages["passage_id"].map(evidence).fillna("")
    return passages


def select_strata(passages: pd.DataFrame, rng: np.random.Generator, design: Design) -> tuple[pd.Series, dict]:
    """Each passage's stratum ("" = not drawn) and the populations the samples came from, for passages with columns
    text and tags ("|"-joined theme ids). Each passage goes to the first stratum that takes it: design.n_random at
    random; every passage tagged with a named theme; up to design.per_theme_tagged tagged per other theme; the broad
    pattern of each named theme among passages not tagged with it (all when at most design.census_max, else a seeded
    sample of census_max). The calls on rng are part C's, in its order: part C's draw depends on it."""
    stratum = pd.Series("", index=passages.index)
    has = {t: passages["tags"].str.split("|").map(lambda s, t=t: t in s) for t in CODES.values()}
    stratum.iloc[rng.choice(len(passages), min(design.n_random, len(passages)), replace=False)] = "fresh_random"
    free = stratum == ""
    stratum[free & (has[NAMED[0]] | has[NAMED[1]])] = "fresh_tagged_named"
    populations = {}
    for theme in CODES.values():
        if theme in NAMED:
            continue
        pool = passages.index[(stratum == "") & has[theme]]
        populations[f"tagged:{theme}"] = len(pool)
        if len(pool) > design.per_theme_tagged:
            pool = np.sort(rng.choice(pool, design.per_theme_tagged, replace=False))
        stratum[pool] = "fresh_tagged"
    lower = passages["text"].str.lower()
    for theme, name in zip(NAMED, ("fresh_broad_pp", "fresh_broad_dc")):
        wide = lower.str.contains(WIDE[theme], regex=True) & ~has[theme]
        pool = passages.index[(stratum == "") & wide]
        populations[name] = len(pool)
        if len(pool) > design.census_max:
            pool = np.sort(rng.choice(pool, design.census_max, replace=False))
        stratum[pool] = name
    return stratum, populations


def _write_draw(passages: pd.DataFrame, stratum: pd.Series, populations: dict, rng: np.random.Generator, wave,
                first_id: int, out: Path, suffix: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The drawn passages shuffled with rng and numbered from first_id: sheet<suffix>.csv (sheet_id, text: blind),
    key<suffix>.csv (hidden) and populations<suffix>.csv in out."""
    drawn = passages.loc[stratum != ""].assign(stratum=stratum[stratum != ""], wave=wave)
    drawn = drawn.iloc[rng.permutation(len(drawn))].reset_index(drop=True)
    drawn["sheet_id"] = np.arange(first_id, first_id + len(drawn))
    out.mkdir(parents=True, exist_ok=True)
    sheet = drawn[["sheet_id", "text"]]
    key = drawn[["sheet_id", "wave", "passage_id", "doc_id", "stem", "organisation", "split", "stratum", "tags", "text"]]
    sheet.to_csv(out / f"sheet{suffix}.csv", index=False)
    key.to_csv(out / f"key{suffix}.csv", index=False)
    pd.Series(populations | {"passages": len(passages), "documents": passages["doc_id"].nunique(),
                             "fresh_random": int((stratum == "fresh_random").sum())}).to_csv(
        out / f"populations{suffix}.csv", header=["n"])
    return sheet, key


def draw(data: Path, out: Path, wave: int, same_documents: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One wave's blind sheet (sheet_id, text; shuffled) and hidden key (sheet_id, passage, stratum, tags), written as
    sheet_w<wave>.csv, key_w<wave>.csv and populations_w<wave>.csv in out. Wave 1: the documents built so far; a later
    wave: the documents that are not in an earlier wave's key, or with same_documents (a supplement) the passages of
    the same documents that no earlier wave drew. Sheet ids go on from the earlier waves'."""
    passages = _passages(data)
    earlier = [pd.read_csv(path, dtype=str, keep_default_na=False) for path in sorted(out.glob("key_w*.csv"))
               if path.name != f"key_w{wave}.csv"]
    if earlier:
        done = pd.concat(earlier)
        fresh_documents = passages["doc_id"].isin(set(done["doc_id"])) if not same_documents else False
        passages = passages.loc[~fresh_documents & ~passages["text"].isin(set(done["text"]))]
        passages = passages.reset_index(drop=True)
    first_id = 1 + sum(len(k) for k in earlier)
    rng = np.random.default_rng(SEED + wave)
    stratum, populations = select_strata(passages, rng, PART_C)
    return _write_draw(passages, stratum, populations, rng, wave, first_id, out, f"_w{wave}")


def draw_d(data: Path, out: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Part D in one wave (seed SEED_D, PART_D's sizes) over a build of the reserve (prepare_d): sheet_d.csv (blind),
    key_d.csv (hidden: split heldout_d / fresh_known_d, stratum, tags) and populations_d.csv in out; ids from 1."""
    passages = _passages(data, "D")
    rng = np.random.default_rng(SEED_D)
    stratum, populations = select_strata(passages, rng, PART_D)
    return _write_draw(passages, stratum, populations, rng, "D", 1, out, "_d")


def split_sheet(sheet: Path, n_parts: int = 2) -> list[Path]:
    """The blind sheet cut into n_parts files <name>-1.csv … by sheet_id order (the ids are already in shuffled
    order, so each part is a random share), for separate labellers; the parts together are the sheet."""
    frame = pd.read_csv(sheet, dtype=str, keep_default_na=False)
    # by the number in the id: 1, 2, … (parts C, D) or e-000, e-001, … (part E)
    frame = frame.iloc[np.argsort([_id_number(i) for i in frame["sheet_id"]], kind="stable")]
    paths = []
    for number, part in enumerate(np.array_split(np.arange(len(frame)), n_parts), start=1):
        path = sheet.with_name(f"{sheet.stem}-{number}.csv")
        frame.iloc[part].to_csv(path, index=False)
        paths.append(path)
    return paths


_SHEET_ID = re.compile(r"(?:[a-z]+-)?(\d+)", re.IGNORECASE)


def _id_number(sheet_id: str) -> int:
    """The number in a sheet id ("17", "e-017")."""
    match = _SHEET_ID.fullmatch(str(sheet_id).strip())
    if not match:
        raise ValueError(f"not a sheet id: {sheet_id!r}")
    return int(match.group(1))


def sheet_key(token: str) -> int | str:
    """A sheet id as labels and keys are matched on: an int for parts C and D ("17"), the lower-case id for a prefixed
    one ("e-017", part E); ValueError for anything else."""
    token = str(token).strip()
    number = _id_number(token)
    return number if token.isdigit() else token.lower()


def read_labels(path: Path) -> dict[int | str, dict[str, str]]:
    """sheet_id -> {theme_id: "yes" | "borderline"} from lines "<id> PP ?HT" (# comments, unlisted themes = no); ids
    as sheet_key reads them."""
    out: dict[int | str, dict[str, str]] = {}
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        first, *codes = line.replace(",", " ").split()
        labels = {}
        for code in codes:
            borderline = code.startswith("?")
            theme = CODES.get(code.lstrip("?").upper())
            if theme is None:
                raise ValueError(f"{path.name}:{number}: unknown theme code {code!r}")
            labels[theme] = "borderline" if borderline else "yes"
        try:
            sheet_id = sheet_key(first.rstrip(":"))
        except ValueError:
            raise ValueError(f"{path.name}:{number}: not a sheet id: {first!r}") from None
        if sheet_id in out:
            raise ValueError(f"{path.name}:{number}: sheet id {sheet_id} judged twice")
        out[sheet_id] = labels
    return out


def judged_ids(key: pd.DataFrame, labels: dict) -> list[int | str]:
    """The key's sheet ids as labels are matched on (sheet_key), in the key's order; ValueError when a passage of the
    key is not judged or a label names an id that is not in the key (bench.part_e.join, bench.blind_round)."""
    ids = [sheet_key(i) for i in key["sheet_id"]]
    missing = sorted(set(ids) - set(labels), key=str)
    if missing:
        raise ValueError(f"{len(missing)} passage(s) not judged yet: {missing[:10]}")
    unknown = sorted(set(labels) - set(ids), key=str)
    if unknown:
        raise ValueError(f"{len(unknown)} labelled id(s) not in the key: {unknown[:10]}")
    return ids


def _keys(out: Path, part: str = "C") -> pd.DataFrame:
    """The hidden keys of a part's draw in out: part C's waves (key_w*.csv) or part D's key_d.csv."""
    paths = sorted(out.glob("key_w*.csv")) if part == "C" else [out / "key_d.csv"]
    return pd.concat([pd.read_csv(path, dtype=str, keep_default_na=False) for path in paths])


def read_all_labels(paths) -> dict[int | str, dict[str, str]]:
    """read_labels over several files (the halves of a sheet judged by separate readers); an id judged in two files is
    a ValueError."""
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    out: dict[int | str, dict[str, str]] = {}
    for path in paths:
        labels = read_labels(Path(path))
        twice = sorted(set(out) & set(labels))
        if twice:
            raise ValueError(f"{Path(path).name}: sheet id(s) {twice[:10]} judged in another file too")
        out |= labels
    return out


def join(out: Path, labels_path, judgements: Path | None = None, part: str = "C") -> pd.DataFrame:
    """One judgement row per drawn passage × theme in the columns of theme_judgements.csv (source "fresh"); appended
    to judgements when given. labels_path: one label file or several (read_all_labels). Every drawn passage must have
    been judged; a part's rows are appended once (refused when judgements already hold fresh rows of its splits)."""
    key = _keys(out, part)
    labels = read_all_labels(labels_path)
    missing = sorted(set(key["sheet_id"].astype(int)) - set(labels))
    if missing:
        raise ValueError(f"{len(missing)} passage(s) not judged yet: {missing[:10]}")
    unknown = sorted(set(labels) - set(key["sheet_id"].astype(int)))
    if part != "C" and unknown:
        raise ValueError(f"{len(unknown)} labelled id(s) not in the key: {unknown[:10]}")
    rows = []
    for r in key.itertuples(index=False):
        judged = labels[int(r.sheet_id)]
        note = f"wave {r.wave}" if part == "C" else f"part {part} (seed {SEED_D})"
        for theme in CODES.values():
            rows.append({"organisation": r.organisation, "file": f"{r.stem}.md", "theme_id": theme,
                         "label": judged.get(theme, "no"), "stratum": r.stratum, "split": r.split, "source": "fresh",
                         "passage_ref": r.passage_id, "note": note, "text": r.text})
    frame = pd.DataFrame(rows)
    if judgements is not None:
        existing = pd.read_csv(judgements, dtype=str, keep_default_na=False)
        fresh = existing.loc[existing["source"] == "fresh"]
        if part == "C" and len(fresh):
            raise ValueError(f"{judgements.name} already has fresh rows; not appended twice")
        if part != "C" and fresh["split"].isin(set(PART_SPLITS[part])).any():
            raise ValueError(f"{judgements.name} already has part-{part} rows; not appended twice")
        pd.concat([existing, frame[existing.columns]], ignore_index=True).to_csv(judgements, index=False)
    return frame


def _broad_weights(keys: pd.DataFrame, sizes: dict) -> dict[str, float]:
    """Each broad stratum's weight: its population / the passages drawn from it (at least 1)."""
    return {name: max(1.0, sizes.get(name, 0) / max(1, int((keys["stratum"] == name).sum())))
            for name in ("fresh_broad_pp", "fresh_broad_dc")}


def _weighted_recall(out: pd.DataFrame, frame: pd.DataFrame, tagger, weights: dict, splits) -> pd.DataFrame:
    """out with recall_weighted for the two named themes: each positive weighs its broad stratum's weight (1 for the
    random and tagged strata)."""
    from pipeline import evaluation

    scored = evaluation.reported_rows(frame)
    scored = scored.loc[scored["source"] == "fresh"].reset_index(drop=True)
    scored["p"] = list(tagger(scored, scored))
    for theme in NAMED:
        for split in splits:
            part = scored.loc[(scored["theme_id"] == theme) & (scored["split"] == split) & scored["y"]]
            w = np.array([weights.get(stratum, 1.0) for stratum in part["stratum"]])
            recall = float((w * part["p"]).sum() / w.sum()) if len(part) else None
            out.loc[(out["theme_id"] == theme) & (out["split"] == split), "recall_weighted"] = recall
    return out


def report(judgements: Path, lexicon: Path, populations: Path | None = None) -> pd.DataFrame:
    """P and R with Wilson 95 % intervals and n per theme on part C (heldout_c) and on fresh_known, for the rules in
    lexicon; with populations (the draw's out directory), also the recall of the two named themes with each broad
    positive weighted by its wave's population / sample size of that stratum (an approximation: the random and tagged
    strata count once)."""
    from pipeline import evaluation, themes

    frame = evaluation.load_judgements(judgements)
    tagger = evaluation.lexicon_tagger(themes.load_lexicon(lexicon))
    rows = [row for split in ("heldout_c", "fresh_known") for row in evaluation.heldout_scores(frame, tagger, split)]
    out = pd.DataFrame(rows)
    if populations is not None:
        # populations: the draw's out directory; each broad passage weighs its wave's population / sample size
        # wave 2 supplemented wave 1 on the same documents: a broad stratum's population is wave 1's (the whole pool)
        # and its sample everything drawn from it in any wave
        keys = _keys(Path(populations))
        sizes = pd.read_csv(Path(populations) / "populations_w1.csv", index_col=0)["n"].to_dict()
        out = _weighted_recall(out, frame, tagger, _broad_weights(keys, sizes), ("heldout_c", "fresh_known"))
    return out


def judged_frame(judgements: Path, lexicon: Path) -> tuple[Path, pd.DataFrame, list, object]:
    """What a part's report reads: the judgements' folder, the judgements with the evaluation files next to them applied
    as the build applies them (heldout_parts, heldout_c_quoted), the lexicon's themes and its tagger."""
    from pipeline import evaluation, themes

    folder = Path(judgements).parent
    frame = evaluation.load_judgements(judgements)
    frame = evaluation.apply_heldout_parts(frame, evaluation.load_heldout_parts(folder / "heldout_parts.csv"))
    frame = evaluation.apply_quoted(frame, evaluation.load_quoted(folder / "heldout_c_quoted.csv"))
    lexicon_rows = themes.load_lexicon(lexicon)
    return folder, frame, lexicon_rows, evaluation.lexicon_tagger(lexicon_rows)


def report_d(judgements: Path, lexicon: Path, out_dir: Path | None = None, reserve: pd.DataFrame | None = None
             ) -> pd.DataFrame:
    """Part D's figures for the rules in lexicon (P, R, Wilson 95 %, n per theme): ``heldout_d`` alone,
    ``heldout_d_unaffiliated`` (without the reserve documents whose note says AFFILIATED), ``fresh_known_d`` apart, and
    the pooled held-out figure of the build (pipeline.evaluation.evaluate: part C where it is clean for the theme,
    quoted documents left out, with part D; split ``heldout``, its ``part`` saying which). The evaluation files next to
    judgements (heldout_parts, heldout_c_quoted, heldout_spent) are applied as the build applies them. With out_dir
    (the draw's), the named themes' recall is also given with the broad strata weighted (recall_weighted)."""
    from pipeline import evaluation

    folder, frame, lexicon_rows, tagger = judged_frame(judgements, lexicon)
    reserve = load_reserve() if reserve is None else reserve
    affiliated = {f"{stem}.md" for stem, note in zip(reserve["stem"], reserve["note"]) if "AFFILIATED:" in note}
    rows = [row for split in PART_SPLITS["D"] for row in evaluation.heldout_scores(frame, tagger, split)]
    unaffiliated = frame.loc[~(frame["file"].isin(affiliated) & (frame["split"] == "heldout_d"))]
    rows += [{**row, "split": "heldout_d_unaffiliated"}
             for row in evaluation.heldout_scores(unaffiliated, tagger, "heldout_d")]
    spent = {part: evaluation.load_heldout_spent(folder / "heldout_spent.csv", part) for part in ("B", "C", "D")}
    pooled = evaluation.evaluate(frame, lexicon_rows, spent["B"], spent["C"], spent["D"])
    rows += [row for row in pooled if row["split"] == "heldout"]
    out = pd.DataFrame(rows)
    if out_dir is not None:
        sizes = pd.read_csv(Path(out_dir) / "populations_d.csv", index_col=0)["n"].to_dict()
        out = _weighted_recall(out, frame, tagger, _broad_weights(_keys(Path(out_dir), "D"), sizes),
                               PART_SPLITS["D"])
    return out


def missed_by_old(judgements: Path, lexicon: Path, old_lexicon: Path, theme: str, split: str = "heldout_c") -> list:
    """Passages judged yes for theme in split that the old lexicon does not tag and lexicon does: (organisation,
    evidence, text)."""
    from pipeline import themes

    frame = pd.read_csv(judgements, dtype=str, keep_default_na=False)
    rows = frame.loc[(frame["source"] == "fresh") & (frame["split"] == split) & (frame["theme_id"] == theme)
                     & (frame["label"] == "yes")].drop_duplicates("text")
    texts, ids = rows["text"].tolist(), [str(i) for i in range(len(rows))]
    new = themes.tag_rows(ids, texts, themes.load_lexicon(lexicon))
    old = themes.tag_rows(ids, texts, themes.load_lexicon(old_lexicon))
    old_hits = {i for i, t in zip(old["passage_id"], old["theme_id"]) if t == theme}
    return [(rows["organisation"].iloc[int(i)], ev, texts[int(i)]) for i, t, ev in
            zip(new["passage_id"], new["theme_id"], new["evidence"]) if t == theme and i not in old_hits]


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "prepare":
        used = prepare(Path(args[0]), Path(args[1]))
        print(len(used), "documents;", used["org_in_corpus"].value_counts().to_dict())
    elif command == "prepare-d":  # prepare-d fresh_dir data_dir
        used = prepare_d(Path(args[0]), Path(args[1]))
        print(len(used), "documents;", used["org_in_corpus"].value_counts().to_dict())
    elif command == "draw":  # draw data_dir out_dir wave [--same-documents]
        _, drawn = draw(Path(args[0]), Path(args[1]), int(args[2]), "--same-documents" in args)
        # counts only: the strata and tags stay in key.csv until every passage is judged
        print(len(drawn), "passages drawn; per part:", drawn["split"].value_counts().to_dict())
    elif command == "draw-d":  # draw-d data_dir out_dir
        _, drawn = draw_d(Path(args[0]), Path(args[1]))
        print(len(drawn), "passages drawn; per part:", drawn["split"].value_counts().to_dict())
    elif command == "halves":  # halves sheet.csv [n_parts]
        for path in split_sheet(Path(args[0]), int(args[1]) if len(args) > 1 else 2):
            print(path, sum(1 for _ in pd.read_csv(path).itertuples()), "passages")
    elif command == "join":
        joined = join(Path(args[0]), Path(args[1]), Path(args[2]) if len(args) > 2 else None)
        print(len(joined), "judgements;", joined.groupby("split")["label"].value_counts().to_dict())
    elif command == "join-d":  # join-d out_dir judgements.csv labels.txt [labels-2.txt …]
        joined = join(Path(args[0]), [Path(a) for a in args[2:]], Path(args[1]), part="D")
        print(len(joined), "judgements;", joined.groupby("split")["label"].value_counts().to_dict())
    elif command == "report":  # report judgements.csv lexicon.toml [populations.csv]
        table = report(Path(args[0]), Path(args[1]), Path(args[2]) if len(args) > 2 else None)
        print(table.to_string())
    elif command == "report-d":  # report-d judgements.csv lexicon.toml [out_dir]
        table = report_d(Path(args[0]), Path(args[1]), Path(args[2]) if len(args) > 2 else None)
        print(table.to_string())
    elif command.endswith(("-e", "-f")):  # parts E and F: bench/part_e.py (prepare-e, draw-f, join-e, report-f, …)
        from bench import part_e

        part_e.main([command, *args])
    else:
        raise SystemExit(__doc__)
