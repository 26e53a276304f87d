"""Draw the passages of the real-text theme evaluation set (data/eval/theme_judgements.csv).

Run once against a build of the development corpus (../shared/corpora/helsereform) made with the
lexicon as it was BEFORE any tuning; the rows are then labelled by reading each passage against
data/codebook.md. Strata, so that recall can be estimated and not only precision:

* ``tagged``  – passages the lexicon tagged with the theme (all for the two named themes, a sample otherwise);
* ``broad``   – untagged passages matching a pattern much wider than the lexicon (BROAD below);
* ``random``  – a random sample of all analysed passages, judged for every theme.

The organisation split is fixed here, before tuning: about 30 % of the organisations (seeded shuffle)
are ``heldout`` and never read while rules are changed; the seed corpus organisations (NITO, NTNU, Tekna),
whose documents the lexicon was written from, are always ``dev``.

    python -m bench.sample_theme_eval /tmp/x/processed data/eval/theme_judgements.csv
    python -m bench.sample_theme_eval /tmp/x/processed /tmp/seed/processed data/eval/theme_judgements.csv
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20261204
HELDOUT_SHARE = 0.3
ALWAYS_DEV = ("NITO", "NTNU", "Tekna")

# Wider than the lexicon on purpose: recall is estimated from what these find and the lexicon misses.
BROAD = {
    "practice_placements": r"praksis|student|lærling|veiled|utdanningsplikt|hospit|turnus|klinisk|læreplass",
    "digital_competence": r"digital|teknolog|\bikt|\bit-|\bki\b|kunstig intell|data|skjerm|verktøy|app\b|apper",
    "recruitment_retention": r"rekrutt|behold|mangel|mangler|knapphet|bemanning|turnover|stabilitet|vakan|arbeidskraft",
    "study_places": r"studieplass|utdanningskapasitet|dimensjon|kandidat|opptak|utdanne",
    "funding": r"finans|bevilg|tilskudd|budsjett|midler|kostnad|penger|ramme|økonomi|refusjon|takst",
    "lifelong_learning": r"videreutdann|etterutdann|kompetanse|opplæring|kurs|læring|fagutvikling",
    "health_technology": r"teknolog|digital|e-helse|journal|utstyr|kjernejournal|data|app\b|skjerm|innbyggertjeneste",
    "artificial_intelligence": r"\bki\b|\bai\b|kunstig|algoritm|maskinlær|språkmodell|automatis",
    "preparedness": r"beredskap|krise|pandemi|krig|sikkerhet|forsyning|totalforsvar|katastrof",
    "information_security_privacy": r"personvern|sikkerhet|taushetsplikt|samtykke|deling av|datadeling|gdpr|cyber|hack",
    "decentralised_education": r"desentral|nettbasert|deltid|fleksib|samlingsbasert|studiesenter|distrikt.*utdann",
    "small_professions": r"yrkesgrupp|profesjon|bioingeniør|radiograf|ortoped|audiograf|optiker|ergoterapeut",
    "task_sharing": r"oppgave|tverrfaglig|kompetansenivå|team|arbeidsdeling|rolle",
    "specialist_training": r"spesialist|autorisasjon|lis\d|turnus|godkjenning",
    "laboratory_diagnostics": r"laborator|prøve|analys|diagnos|røntgen|radiolog|bildediagnost|patolog",
    "pay_pensions": r"lønn|pensjon|tariff|honorar|godtgjør|betaling",
    "working_environment": r"arbeidsmiljø|arbeidstid|belastning|press|sykefravær|heltid|deltid|turnus|slitasje|utbrenthet",
    "green_transition": r"klima|miljø|utslipp|energi|bærekraft|grønn|natur",
}
NAMED = ("practice_placements", "digital_competence")
# For the two named themes a narrower core of the broad pattern is drawn first (most of their
# positives are there), then a sample of the rest of the broad pattern.
CORE = {
    "practice_placements": r"praksisplass|praksisstud|praksisutdann|student|lærling|utdanningsplikt|læreplass"
    r"|praksisperiod|praksisarena|veiled",
    "digital_competence": r"(?:digital|teknolog|\bikt|\bki\b|kunstig intell|skjerm|verktøy).*"
    r"(?:kompetan|ferdighet|opplæring|kunnskap|forståelse|kyndig|utenforskap|mestr|lære|kurs)"
    r"|(?:kompetan|ferdighet|opplæring|kunnskap|forståelse|kyndig|utenforskap|mestr|lære|kurs).*"
    r"(?:digital|teknolog|\bikt|\bki\b|kunstig intell|skjerm|verktøy)",
}
PER_THEME = {"tagged": 10, "broad": 10}  # other themes
NAMED_CORE = 150
NAMED_BROAD = 30
N_RANDOM = 60


def org_split(organisations: list[str], seed: int = SEED) -> dict[str, str]:
    """organisation -> 'dev' | 'heldout'; the seed corpus organisations are always dev."""
    candidates = sorted(o for o in set(organisations) if o not in ALWAYS_DEV)
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(candidates))
    n_heldout = round(HELDOUT_SHARE * len(set(organisations)))
    heldout = {candidates[i] for i in order[:n_heldout]}
    return {o: ("heldout" if o in heldout else "dev") for o in sorted(set(organisations))}


def draw(processed: Path) -> pd.DataFrame:
    """The rows to label (label empty), one per passage × theme, with organisation, file, text, stratum, split."""
    # Identical texts (the two SINTEF files) count once.
    passages, tagged = _analysed(processed)
    split = org_split(passages["organisation"].tolist())
    rng = np.random.default_rng(SEED)
    lower = passages["text"].str.lower()
    rows = []

    def take(frame: pd.DataFrame, theme: str, stratum: str, n: int | None) -> None:
        if n is not None and len(frame) > n:
            frame = frame.iloc[np.sort(rng.choice(len(frame), n, replace=False))]
        for r in frame.itertuples():
            rows.append((r.passage_id, r.organisation, r.source_file, r.text, theme, stratum))

    random_ids = set(passages["passage_id"].iloc[rng.choice(len(passages), N_RANDOM, replace=False)])
    for theme, pattern in BROAD.items():
        is_tagged = passages["passage_id"].isin(tagged.get(theme, set()))
        is_broad = lower.str.contains(pattern, regex=True) & ~is_tagged
        not_random = ~passages["passage_id"].isin(random_ids)
        named = theme in NAMED
        take(passages.loc[is_tagged & not_random], theme, "tagged", None if named else PER_THEME["tagged"])
        if named:
            is_core = is_broad & lower.str.contains(CORE[theme], regex=True)
            take(passages.loc[is_core & not_random], theme, "broad_core", NAMED_CORE)
            is_broad &= ~is_core
        take(passages.loc[is_broad & not_random], theme, "broad", NAMED_BROAD if named else PER_THEME["broad"])
    for r in passages.loc[passages["passage_id"].isin(random_ids)].itertuples():
        for theme in BROAD:
            stratum = "random_tagged" if r.passage_id in tagged.get(theme, set()) else "random"
            rows.append((r.passage_id, r.organisation, r.source_file, r.text, theme, stratum))
    return _rows_frame(rows, split)


def _rows_frame(
    rows: list[tuple], split: dict[str, str], source: str | None = None, seed_corpus: bool = False
) -> pd.DataFrame:
    """The drawn rows (passage_id, organisation, file, text, theme_id, stratum) with split, empty label and note."""
    out = pd.DataFrame(rows, columns=["passage_id", "organisation", "file", "text", "theme_id", "stratum"])
    out["split"] = "dev" if seed_corpus else out["organisation"].map(split)
    out["label"] = ""
    out["note"] = ""
    if source is not None:
        out["source"] = source
    return out


# Second draw, after the first was labelled and found to hold too few positives of the two named
# themes (the whole development corpus has fewer than 50 passages about practice placements): every
# passage not yet drawn that matches a narrow pattern of the theme, from the development corpus and
# from the seed corpus (data/raw; its organisations are always dev and its rows are used for tuning
# and training only, never in the reported figures).
SUPPLEMENT = {
    "practice_placements": r"praksisplass|praksisstud|praksisutdann|praksisarena|praksisperiod|studenter|student "
    r"|lærling|utdanningsplikt|læreplass|utdanningsansvar|klinisk undervisning|ferdighetstren|praksis i kommun|turnus",
    "digital_competence": None,  # a digital word and a competence word in the same sentence
}
_DIGITAL = r"digital|ikt|teknolog|\bki\b|kunstig"
_COMPETENCE = r"kompetan|ferdighet|opplæring|kunnskap|forståelse|kyndig|utenforskap|mestr|kurs"


def _same_sentence(text: str) -> bool:
    return any(
        re.search(_DIGITAL, s) and re.search(_COMPETENCE, s) for s in re.split(r"[.!?;:\n]", text.lower())
    )


# Third draw, after the held-out rows were labelled with the rules frozen: practice placements still had
# fewer than 50 positives, so every remaining development-corpus passage matching the word-initial broad
# pattern is added (a census of the pattern, which also tightens the recall estimate).
REST = {"practice_placements": r"\bpraksis|\bstudent|\blærling|\blæreplass|\belev|\bturnus|\butdanningsplikt|\bhospit"}


def supplement_rest(processed: Path, drawn: pd.DataFrame) -> pd.DataFrame:
    """Rows for every passage matching REST that `drawn` does not hold yet for that theme (stratum broad_rest)."""
    passages, tagged = _analysed(processed)
    split = org_split(passages["organisation"].tolist())
    rows = []
    for theme, pattern in REST.items():
        done = set(drawn.loc[drawn["theme_id"] == theme, "text"])
        hit = passages["text"].str.lower().str.contains(pattern, regex=True) & ~passages["text"].isin(done)
        for r in passages.loc[hit].itertuples():
            stratum = "tagged" if r.passage_id in tagged.get(theme, set()) else "broad_rest"
            rows.append((r.passage_id, r.organisation, r.source_file, r.text, theme, stratum))
    return _rows_frame(rows, split, "helsereform")


def supplement(processed: Path, drawn: pd.DataFrame, source: str, seed_corpus: bool = False) -> pd.DataFrame:
    """Rows for passages of `processed` matching SUPPLEMENT that `drawn` does not hold yet for that theme."""
    passages, tagged = _analysed(processed)
    split = org_split(passages["organisation"].tolist())
    rows = []
    lower = passages["text"].str.lower()
    for theme, pattern in SUPPLEMENT.items():
        done = set(drawn.loc[drawn["theme_id"] == theme, "text"])
        if seed_corpus:
            pattern = pattern or None
            hit = lower.str.contains(BROAD[theme], regex=True) if theme == "practice_placements" else \
                passages["text"].map(_same_sentence)
        else:
            hit = lower.str.contains(pattern, regex=True) if pattern else passages["text"].map(_same_sentence)
        for r in passages.loc[hit & ~passages["text"].isin(done)].itertuples():
            stratum = "tagged" if r.passage_id in tagged.get(theme, set()) else "broad_core"
            rows.append((r.passage_id, r.organisation, r.source_file, r.text, theme, stratum))
    return _rows_frame(rows, split, source, seed_corpus)


def _analysed(processed: Path) -> tuple[pd.DataFrame, dict[str, set]]:
    passages = pd.read_parquet(processed / "passages.parquet")
    documents = pd.read_parquet(processed / "documents.parquet")
    tags = pd.read_parquet(processed / "passage_themes.parquet")
    passages = passages.loc[~passages["is_boilerplate"].fillna(False).astype(bool)]
    passages = passages.loc[passages["n_words"] >= 8]
    passages = passages.merge(documents[["doc_id", "organisation", "source_file"]], on="doc_id")
    passages = passages.drop_duplicates("text").reset_index(drop=True)
    return passages, tags.groupby("theme_id")["passage_id"].apply(set).to_dict()


if __name__ == "__main__":
    processed, target = Path(sys.argv[1]), Path(sys.argv[2])
    frame = draw(processed)
    frame["source"] = "helsereform"
    if len(sys.argv) > 3:  # the seed corpus build: python -m bench.sample_theme_eval dev seed target
        seed_processed, target = target, Path(sys.argv[3])
        extra = supplement(processed, frame, "helsereform")
        extra_seed = supplement(seed_processed, pd.concat([frame, extra]), "seed", seed_corpus=True)
        frame = pd.concat([frame, extra, extra_seed], ignore_index=True)
        frame = pd.concat([frame, supplement_rest(processed, frame)], ignore_index=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(target, index=False)
    # The organisation split itself, fixed before tuning: every development-corpus organisation with passages.
    split = org_split(_analysed(processed)[0]["organisation"].tolist())
    pd.DataFrame({"organisation": list(split), "split": list(split.values())}).to_csv(
        target.parent / "organisation_split.csv", index=False
    )
    print(frame.groupby(["theme_id", "stratum"]).size().unstack(fill_value=0))
    print(len(frame), "rows;", frame["passage_id"].nunique(), "passages;", frame.groupby("split")["organisation"].nunique().to_dict())
