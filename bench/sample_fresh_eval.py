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
"""
from __future__ import annotations

import shutil
import sys
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
    from bench.sample_fresh_demands import _index, doc_id_of, manifest_of, markdown_to_text, organisation_name
    from pipeline.manifest import write_manifest

    index = _index(fresh)
    if index["stem"].map(doc_id_of).duplicated().any():
        raise ValueError("two fresh documents would share a doc_id")
    (data / "raw").mkdir(parents=True, exist_ok=True)
    for stem in index["stem"]:
        text = markdown_to_text((fresh / "docs" / f"{stem}.md").read_text(encoding="utf-8"))
        (data / "raw" / f"{doc_id_of(stem)}.txt").write_text(text, encoding="utf-8")
    write_manifest(manifest_of(index), data / "raw" / "documents.csv")
    for name in ("themes.toml", "codebook.md", "organisation_aliases.toml"):
        shutil.copyfile(ROOT / "data" / name, data / name)
    index = index.assign(doc_id=index["stem"].map(doc_id_of),
                         organisation=[organisation_name(r) for r in index.to_dict("records")])
    index.to_csv(data / "fresh_index.csv", index=False)
    return index


def _passages(data: Path) -> pd.DataFrame:
    """Body passages of at least MIN_WORDS words with organisation, file, part (heldout_c / fresh_known) and tags."""
    processed = data / "processed"
    passages = pd.read_parquet(processed / "passages.parquet")
    documents = pd.read_parquet(processed / "documents.parquet")
    tags = pd.read_parquet(processed / "passage_themes.parquet")
    index = pd.read_csv(data / "fresh_index.csv", dtype=str, keep_default_na=False)
    passages = passages.loc[(passages["kind"] == "body") & (passages["n_words"] >= MIN_WORDS)]
    passages = passages.merge(documents[["doc_id", "source_file"]], on="doc_id")
    passages = passages.merge(index[["doc_id", "stem", "organisation", "org_in_corpus"]], on="doc_id")
    # part C only when the hand-read index says the organisation is not in the corpus (anything else is known)
    passages["split"] = np.where(passages["org_in_corpus"].str.strip().str.lower().eq("no"), "heldout_c", "fresh_known")
    passages = passages.drop_duplicates("text").reset_index(drop=True)
    tagged = tags.groupby("passage_id")["theme_id"].apply(lambda s: "|".join(sorted(s)))
    passages["tags"] = passages["passage_id"].map(tagged).fillna("")
    return passages


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
    stratum = pd.Series("", index=passages.index)
    has = {t: passages["tags"].str.split("|").map(lambda s, t=t: t in s) for t in CODES.values()}
    stratum.iloc[rng.choice(len(passages), min(N_RANDOM, len(passages)), replace=False)] = "fresh_random"
    free = stratum == ""
    stratum[free & (has[NAMED[0]] | has[NAMED[1]])] = "fresh_tagged_named"
    populations = {}
    for theme in CODES.values():
        if theme in NAMED:
            continue
        pool = passages.index[(stratum == "") & has[theme]]
        populations[f"tagged:{theme}"] = len(pool)
        if len(pool) > PER_THEME_TAGGED:
            pool = np.sort(rng.choice(pool, PER_THEME_TAGGED, replace=False))
        stratum[pool] = "fresh_tagged"
    lower = passages["text"].str.lower()
    for theme, name in zip(NAMED, ("fresh_broad_pp", "fresh_broad_dc")):
        wide = lower.str.contains(WIDE[theme], regex=True) & ~has[theme]
        pool = passages.index[(stratum == "") & wide]
        populations[name] = len(pool)
        if len(pool) > CENSUS_MAX:
            pool = np.sort(rng.choice(pool, CENSUS_MAX, replace=False))
        stratum[pool] = name
    drawn = passages.loc[stratum != ""].assign(stratum=stratum[stratum != ""], wave=wave)
    drawn = drawn.iloc[rng.permutation(len(drawn))].reset_index(drop=True)
    drawn["sheet_id"] = np.arange(first_id, first_id + len(drawn))
    out.mkdir(parents=True, exist_ok=True)
    sheet = drawn[["sheet_id", "text"]]
    key = drawn[["sheet_id", "wave", "passage_id", "doc_id", "stem", "organisation", "split", "stratum", "tags", "text"]]
    sheet.to_csv(out / f"sheet_w{wave}.csv", index=False)
    key.to_csv(out / f"key_w{wave}.csv", index=False)
    pd.Series(populations | {"passages": len(passages), "documents": passages["doc_id"].nunique(),
                             "fresh_random": int((stratum == "fresh_random").sum())}).to_csv(
        out / f"populations_w{wave}.csv", header=["n"])
    return sheet, key


def read_labels(path: Path) -> dict[int, dict[str, str]]:
    """sheet_id -> {theme_id: "yes" | "borderline"} from lines "<id> PP ?HT" (# comments, unlisted themes = no)."""
    out: dict[int, dict[str, str]] = {}
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
        sheet_id = int(first.rstrip(":"))
        if sheet_id in out:
            raise ValueError(f"{path.name}:{number}: sheet id {sheet_id} judged twice")
        out[sheet_id] = labels
    return out


def join(out: Path, labels_path: Path, judgements: Path | None = None) -> pd.DataFrame:
    """One judgement row per drawn passage × theme in the columns of theme_judgements.csv (source "fresh"); appended
    to judgements when given. Every drawn passage must have been judged."""
    key = pd.concat([pd.read_csv(path, dtype=str, keep_default_na=False) for path in sorted(out.glob("key_w*.csv"))])
    labels = read_labels(labels_path)
    missing = sorted(set(key["sheet_id"].astype(int)) - set(labels))
    if missing:
        raise ValueError(f"{len(missing)} passage(s) not judged yet: {missing[:10]}")
    rows = []
    for r in key.itertuples(index=False):
        judged = labels[int(r.sheet_id)]
        for theme in CODES.values():
            rows.append({"organisation": r.organisation, "file": f"{r.stem}.md", "theme_id": theme,
                         "label": judged.get(theme, "no"), "stratum": r.stratum, "split": r.split, "source": "fresh",
                         "passage_ref": r.passage_id, "note": f"wave {r.wave}", "text": r.text})
    frame = pd.DataFrame(rows)
    if judgements is not None:
        existing = pd.read_csv(judgements, dtype=str, keep_default_na=False)
        if set(existing["source"]) & {"fresh"}:
            raise ValueError(f"{judgements.name} already has fresh rows; not appended twice")
        pd.concat([existing, frame[existing.columns]], ignore_index=True).to_csv(judgements, index=False)
    return frame


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
        keys = pd.concat([pd.read_csv(path, dtype=str, keep_default_na=False)
                          for path in sorted(Path(populations).glob("key_w*.csv"))])
        sizes = pd.read_csv(Path(populations) / "populations_w1.csv", index_col=0)["n"].to_dict()
        weights = {name: max(1.0, sizes.get(name, 0) / max(1, int((keys["stratum"] == name).sum())))
                   for name in ("fresh_broad_pp", "fresh_broad_dc")}
        scored = evaluation.reported_rows(frame)
        scored = scored.loc[scored["source"] == "fresh"].reset_index(drop=True)
        scored["p"] = list(tagger(scored, scored))
        for theme in NAMED:
            for split in ("heldout_c", "fresh_known"):
                part = scored.loc[(scored["theme_id"] == theme) & (scored["split"] == split) & scored["y"]]
                w = np.array([weights.get(stratum, 1.0) for stratum in part["stratum"]])
                recall = float((w * part["p"]).sum() / w.sum()) if len(part) else None
                out.loc[(out["theme_id"] == theme) & (out["split"] == split), "recall_weighted"] = recall
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
    elif command == "draw":  # draw data_dir out_dir wave [--same-documents]
        _, drawn = draw(Path(args[0]), Path(args[1]), int(args[2]), "--same-documents" in args)
        # counts only: the strata and tags stay in key.csv until every passage is judged
        print(len(drawn), "passages drawn; per part:", drawn["split"].value_counts().to_dict())
    elif command == "join":
        joined = join(Path(args[0]), Path(args[1]), Path(args[2]) if len(args) > 2 else None)
        print(len(joined), "judgements;", joined.groupby("split")["label"].value_counts().to_dict())
    elif command == "report":  # report judgements.csv lexicon.toml [populations.csv]
        table = report(Path(args[0]), Path(args[1]), Path(args[2]) if len(args) > 2 else None)
        print(table.to_string())
    else:
        raise SystemExit(__doc__)
