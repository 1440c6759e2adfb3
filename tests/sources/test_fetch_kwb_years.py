"""``kloof data fetch kwb --years``: two KWB years from recorded metadata (issue 15).

Offline: an :class:`httpx.MockTransport` serves 85984NED (2024) from the real
``DataProperties.json``/``TableInfos.json`` of ../shared/data/cbs-kwb-2024 and, derived
from it, a "2023" table 85618NED whose topic keys carry other suffixes (as they do between
KWB years), one topic fewer and one the catalogue does not know. Both must import with
every mapped column; the unknown topic is listed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest

from kloof.errors import SourceError
from kloof.sources.cbs_odata import HttpOptions, fetch_kwb, kwb_years
from kloof.store import open_store

pytestmark = pytest.mark.realdata

ROOT = "https://opendata.cbs.nl/ODataApi/odata"
CODES = ("GM0363", "WK036300", "GM0599", "WK059901")


def _wrap(name: str, value: list[dict[str, Any]]) -> dict[str, Any]:
    return {"odata.metadata": f"{ROOT}/$metadata#Cbs.OData.WebAPI.{name}", "value": value}


def _shift(key: str) -> str:
    """``AantalInwoners_5`` → ``AantalInwoners_6`` (another year's suffix)."""
    found = re.fullmatch(r"(.+)_(\d+)", key)
    return f"{found.group(1)}_{int(found.group(2)) + 1}" if found else key


def _tables(shared_data: Path) -> dict[str, dict[str, list[dict[str, Any]]]]:
    folder = shared_data / "cbs-kwb-2024"
    infos = json.loads((folder / "TableInfos.json").read_text("utf-8"))
    props = json.loads((folder / "DataProperties.json").read_text("utf-8"))
    data = json.loads((folder / "stripped_filtered_data_2024.json").read_text("utf-8"))
    chosen = {c: data[c] for c in CODES if c in data}
    assert len(chosen) >= 2

    def answers(
        year: int, rename: Any, drop: set[str], extra: dict[str, Any] | None
    ) -> dict[str, list[dict[str, Any]]]:
        properties = [
            {**p, "Key": rename(p["Key"])} if p.get("Type") == "Topic" else p
            for p in props
            if p.get("Key") not in drop
        ]
        if extra:
            properties.append(
                {"Type": "Topic", "Key": "NieuwKenmerk_99", "Title": "Nieuw", "Datatype": "Long"}
            )
        members, records = [], []
        for i, (code, topics) in enumerate(chosen.items()):
            padded = code.ljust(10)
            members.append({"Key": padded, "Title": code, "Description": ""})
            row = {rename(k): v for k, v in topics.items() if k not in drop}
            if extra:
                row["NieuwKenmerk_99"] = 7
            records.append({"ID": i, "WijkenEnBuurten": padded, "Codering_3": padded, **row})
        table_infos = [{**infos[0], "Period": str(year)}] if infos else infos
        return {
            "TableInfos": table_infos,
            "DataProperties": properties,
            "WijkenEnBuurten": members,
            "TypedDataSet": records,
        }

    first = next(iter(chosen.values()))
    dropped = {next(k for k in first if k.startswith("Mannen"))}
    return {
        "85984NED": answers(2024, lambda k: k, set(), None),
        "85618NED": answers(2023, _shift, dropped, {"NieuwKenmerk_99": 7}),
    }


def _client(tables: dict[str, dict[str, list[dict[str, Any]]]]) -> httpx.Client:
    def handle(request: httpx.Request) -> httpx.Response:
        parts = request.url.path.rstrip("/").split("/")
        table, name = parts[-2], parts[-1]
        if table not in tables or name not in tables[table]:
            return httpx.Response(404, text="Not found")
        rows = tables[table][name]
        start = int(request.url.params.get("$skip", 0))
        end = start + int(request.url.params.get("$top", len(rows)))
        return httpx.Response(200, json=_wrap(name, rows[start:end]))

    return httpx.Client(transport=httpx.MockTransport(handle))


def test_years_are_parsed_and_checked() -> None:
    assert kwb_years("2013-2024") == list(range(2013, 2025))
    assert kwb_years("2019, 2023-2024") == [2019, 2023, 2024]
    with pytest.raises(SourceError, match="no Kerncijfers"):
        kwb_years("2010-2014")
    with pytest.raises(SourceError, match="not a year"):
        kwb_years("last year")


def test_two_kwb_years_import_with_every_mapped_column(shared_data: Path, tmp_path: Path) -> None:
    tables = _tables(shared_data)
    with _client(tables) as client:
        batches = fetch_kwb("2023-2024", http=HttpOptions(client=client), page_size=100)
    by_year = {b.years: b for b in batches}
    assert set(by_year) == {(2023,), (2024,)}
    new, old = by_year[(2024,)], by_year[(2023,)]
    assert new.source.table_id == "85984NED" and old.source.table_id == "85618NED"
    new_inds = set(new.observations["indicator"])
    old_inds = set(old.observations["indicator"])
    assert "inhabitants" in new_inds and "inhabitants" in old_inds
    # the suffix change does not lose a column: only the dropped topic (men) is absent
    assert new_inds - old_inds == {"men"}
    assert "NieuwKenmerk_99" in " ".join(old.notes)
    assert "NieuwKenmerk" not in " ".join(new.notes)
    store = open_store(tmp_path / "two.duckdb", create=True)
    try:
        store.ingest_many(batches, partial=True)
        assert {2023, 2024} <= set(store.years())
        a = store.frame(2023, "gemeente").loc["GM0363", "inhabitants"]
        b = store.frame(2024, "gemeente").loc["GM0363", "inhabitants"]
        assert a == b > 900_000  # the 2023 fixture is derived from the 2024 values
    finally:
        store.close()


def test_cli_fetch_kwb_years_offline(
    shared_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``kloof data fetch kwb --years 2023-2024`` against the mock: both tables stored."""
    from typer.testing import CliRunner

    from kloof.cli.data import app
    from kloof.sources import _odata

    tables = _tables(shared_data)
    monkeypatch.setattr(_odata, "default_client", lambda timeout: _client(tables))
    env = {
        "KLOOF_STORE": str(tmp_path / "cli.duckdb"),
        "KLOOF_CACHE_DIR": str(tmp_path / "cache"),
        "COLUMNS": "80",
    }
    runner = CliRunner()
    res = runner.invoke(app, ["fetch", "kwb"], env=env)
    assert res.exit_code != 0 and "--years" in res.output
    res = runner.invoke(app, ["fetch", "kwb", "--years", "2023-2024", "--partial"], env=env)
    assert res.exit_code == 0, res.output
    assert "85618NED:" in res.output and "85984NED:" in res.output
    assert "NieuwKenmerk_99" in res.output  # the unmapped topic is listed
    store = open_store(tmp_path / "cli.duckdb", create=False, read_only=True)
    try:
        assert {2023, 2024} <= set(store.years())
        assert store.frame(2024, "gemeente").loc["GM0363", "inhabitants"] > 900_000
    finally:
        store.close()
    again = runner.invoke(app, ["fetch", "kwb", "--years", "2024", "--partial"], env=env)
    assert again.exit_code == 0 and "al aanwezig" in again.output  # Dutch by default
    res = runner.invoke(app, ["fetch", "kwb", "--years", "2010"], env=env)
    assert res.exit_code != 0 and "Kerncijfers Wijken en Buurten" in res.output  # Dutch or English
