"""Manifest reading and validation on the shipped manifest and on broken copies of it."""
from __future__ import annotations

import pandas as pd
import pytest

from pipeline import manifest
from tests.conftest import SEED_DATA


def test_shipped_manifest_is_valid():
    rows, problems = manifest.validate(manifest.read_manifest(SEED_DATA / "raw" / "documents.csv"), SEED_DATA / "raw")
    assert problems == []
    assert list(rows["organisation"]) == ["NITO", "NITO", "NTNU", "Tekna", "NITO"]
    assert sorted(rows["year"].astype(int)) == [2022, 2023, 2024, 2024, 2025]


def _with_row(data_copy, **changes) -> pd.DataFrame:
    df = manifest.read_manifest(data_copy / "raw" / "documents.csv")
    row = df.iloc[0].copy()
    for key, value in changes.items():
        row[key] = value
    return pd.concat([df, row.to_frame().T], ignore_index=True)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"doc_id": "new-doc", "file": "missing.pdf"}, "listed in the manifest but the file is missing"),
        ({"doc_id": "new-doc", "year": "1899"}, "outside 1990–2100"),
        ({"doc_id": "new-doc", "year": "20x4"}, "not a four-digit year"),
        ({"doc_id": "new-doc", "date": "2022-13-01"}, "not an ISO date"),
        ({"doc_id": "new-doc", "date": "2021-05-01"}, "does not fall in year 2022"),
        ({"doc_id": "new-doc", "doc_type": "memo"}, "doc_type 'memo' is not one of"),
        ({"doc_id": "new-doc", "file": "../etc/passwd"}, "plain file name"),
        ({"doc_id": "Bad Id"}, "must be lower-case"),
        ({}, "duplicate doc_id"),
        ({"doc_id": "new-doc"}, "listed twice in the manifest"),
        ({"doc_id": "new-doc", "organisation": ""}, "missing organisation"),
    ],
)
def test_bad_rows_give_one_clear_line_and_keep_the_rest(data_copy, changes, expected):
    df = _with_row(data_copy, **changes)
    rows, problems = manifest.validate(df, data_copy / "raw")
    assert len(rows) == 5  # the five good documents are kept
    assert len(problems) == 1
    assert expected in str(problems[0])


def test_file_without_manifest_row_is_reported(data_copy):
    (data_copy / "raw" / "stray.txt").write_text("Praksisplasser er viktige.", encoding="utf-8")
    _, problems = manifest.validate(manifest.read_manifest(data_copy / "raw" / "documents.csv"), data_copy / "raw")
    assert [str(p) for p in problems] == ["stray.txt: file in raw/ has no row in documents.csv; it is not built"]


def test_unusable_manifest_raises_clear_error(tmp_path):
    with pytest.raises(manifest.ManifestError, match="manifest not found"):
        manifest.read_manifest(tmp_path / "documents.csv")
    (tmp_path / "documents.csv").write_text("doc_id,file\nx,y.txt\n", encoding="utf-8")
    with pytest.raises(manifest.ManifestError, match="lacks columns organisation"):
        manifest.read_manifest(tmp_path / "documents.csv")
    (tmp_path / "documents.csv").write_bytes("doc_id,file\nø".encode("cp1252"))
    with pytest.raises(manifest.ManifestError, match="not UTF-8"):
        manifest.read_manifest(tmp_path / "documents.csv")


def test_write_manifest_round_trips(tmp_path):
    df = manifest.read_manifest(SEED_DATA / "raw" / "documents.csv")
    manifest.write_manifest(df, tmp_path / "documents.csv")
    pd.testing.assert_frame_equal(manifest.read_manifest(tmp_path / "documents.csv"), df)
