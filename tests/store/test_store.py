from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from kloof.batch import ImportBatch, SourceInfo
from kloof.errors import StoreError
from kloof.store import open_store
from kloof.store.schema import SCHEMA_VERSION


def _batch(sha: str = "a" * 64, value: float = 1000.0, code: str = "WK999901") -> ImportBatch:
    regions = pd.DataFrame(
        {
            "code": ["GM9999", code],
            "year": [2023, 2023],
            "level": ["gemeente", "wijk"],
            "name": ["Toy", None],
            "parent_gm": [None, "GM9999"],
            "parent_wk": [None, None],
        }
    )
    obs = pd.DataFrame(
        {
            "code": ["GM9999", code, "GM9999", code],
            "year": 2023,
            "indicator": [
                "inhabitants",
                "inhabitants",
                "bijstand_recipients",
                "bijstand_recipients",
            ],
            "value": [1000.0, value, 20.0, np.nan],
        }
    )
    return ImportBatch(SourceInfo.for_content("test", "toy.csv", sha), regions, obs)


def test_ingest_is_idempotent_and_frames_are_wide(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.duckdb")
    first = store.ingest(_batch())
    assert not first.skipped and first.observations == 4
    counts = store.counts()
    again = store.ingest(_batch())
    assert again.skipped
    assert store.counts() == counts
    frame = store.frame(2023, "gemeente")
    assert frame.loc["GM9999", "inhabitants"] == 1000.0
    # derived rate: 20 / 1000 * 1000 = 20 per 1000
    assert frame.loc["GM9999", "bijstand_per_1000"] == pytest.approx(20.0)
    wijk = store.frame(2023, "wijk", ["bijstand_per_1000"])
    assert list(wijk.columns) == ["bijstand_per_1000"]
    assert np.isnan(wijk.loc["WK999901", "bijstand_per_1000"])  # missing stays missing


def test_failed_batch_leaves_store_unchanged(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.duckdb")
    store.ingest(_batch())
    before = store.counts()
    good = _batch(sha="b" * 64, value=995.0)
    bad = _batch(sha="c" * 64, code="WK99990")  # invalid code
    with pytest.raises(StoreError, match="invalid region code"):
        store.ingest_many([good, bad])
    assert store.counts() == before
    assert store.frame(2023, "wijk").loc["WK999901", "inhabitants"] == 1000.0


def test_unknown_indicator_and_duplicates_rejected(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.duckdb")
    b = _batch()
    wrong = ImportBatch(b.source, b.regions, b.observations.assign(indicator="nonsense"))
    with pytest.raises(StoreError, match="not in the catalogue"):
        store.ingest(wrong)
    dup = ImportBatch(b.source, b.regions, pd.concat([b.observations, b.observations]))
    with pytest.raises(StoreError, match="appears twice"):
        store.ingest(dup)
    assert store.counts()["observations"] == 0


def test_names_are_filled_not_blanked(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.duckdb")
    store.ingest(_batch())
    b = _batch(sha="d" * 64)
    unnamed = ImportBatch(b.source, b.regions.assign(name=None), b.observations)
    store.ingest(unnamed)
    names = store.regions(2023, "gemeente").set_index("code")["name"]
    assert names["GM9999"] == "Toy"


def test_not_a_store(tmp_path: Path) -> None:
    text = tmp_path / "notes.duckdb"
    text.write_text("hello, I am not a database")
    with pytest.raises(StoreError, match="not a kloof store"):
        open_store(text)
    other = tmp_path / "other.duckdb"
    con = duckdb.connect(str(other))
    con.execute("CREATE TABLE t (x INTEGER)")
    con.close()
    with pytest.raises(StoreError, match="not a kloof store"):
        open_store(other)


def test_schema_version_mismatch(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    open_store(path).close()
    con = duckdb.connect(str(path))
    con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION + 1)])
    con.close()
    with pytest.raises(StoreError, match="newer than this kloof"):
        open_store(path)


def test_missing_store_not_created_when_asked(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store here"):
        open_store(tmp_path / "absent.duckdb", create=False)
    assert not (tmp_path / "absent.duckdb").exists()
