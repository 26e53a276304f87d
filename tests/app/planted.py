"""Small planted Tables for query tests: typed frames and one practice-placements theme, built in memory."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from app.queries.index import prepare
from app.state import Tables
from pipeline import schema

PP = "practice_placements"


def typed(rows: list[dict], name: str) -> pd.DataFrame:
    """rows as a frame with the dtypes of schema table `name`."""
    frame = pd.DataFrame(rows)
    return frame.astype({c: schema.empty(name)[c].dtype for c in frame.columns})


def practice_placement_tables(documents: list[dict], passages: list[dict], tagged: list[str], directory: Path) -> Tables:
    """Tables of these documents and passages, with the passage ids in `tagged` tagged with practice placements (a
    theme measured and not uncertain); every other table empty, indexes prepared."""
    tags = typed([{"passage_id": p, "theme_id": PP, "n_hits": 1, "matched_terms": "praksisplass",
                   "matched_forms": "praksisplasser", "evidence": ""} for p in tagged], "passage_themes")
    theme_table = typed([{"theme_id": PP, "label_nb": "Praksisplasser", "label_en": "Practice placements",
                          "description": "", "description_en": "", "terms": "praksisplass", "exclusions": ""}], "themes")
    frames = {name: schema.empty(name) for name in schema.TABLES}
    frames.update(documents=typed(documents, "documents"), passages=typed(passages, "passages"), passage_themes=tags,
                  themes=theme_table)
    info = json.loads('{"theme_evaluation": [{"theme_id": "practice_placements", "split": "heldout", '
                      '"uncertain": false}]}')
    built = Tables(**frames, build_info=info, search_db=directory / schema.SEARCH_DB)
    prepare(built)
    return built
