"""`--store` pointed at a file that is no DuckDB store: a clear error, no network."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kloof.errors import StoreError
from kloof.store import open_store


def test_a_sqlite_file_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "kloof-plans.db"
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE plans (id INTEGER)")
    con.close()
    before = path.read_bytes()
    for read_only in (False, True):
        with pytest.raises(StoreError, match="SQLite database") as err:
            open_store(path, read_only=read_only)
        assert "not a kloof store" in str(err.value)
    assert path.read_bytes() == before  # not touched


def test_a_workbook_is_no_store(tmp_path: Path) -> None:
    path = tmp_path / "data.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(StoreError, match="ZIP file"):
        open_store(path)
