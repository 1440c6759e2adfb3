"""The CBS CPI (83131NED): fetch, import, store, deflate, and targets on amounts (issue 15).

Offline: an :class:`httpx.MockTransport` answers in the shape of the CBS OData v3 API for
83131NED (``Bestedingscategorieen`` dimension with ``000000 Alle bestedingen``,
``Perioden`` with years ``YYYYJJ00`` and months ``YYYYMMnn``, topic ``CPI_1`` in
``2015=100``). The index values here are made up for the tests (round numbers), not
CBS figures: kloof ships no CPI.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pandas as pd
import pytest

from kloof.errors import DataFormatError, SourceError, SpecError, StoreError
from kloof.monitor import targets as tg
from kloof.monitor.prices import deflate, money_indicators
from kloof.sources.cbs_odata import DEFAULT_BASE_URL, HttpOptions
from kloof.sources.cpi import fetch_cpi, read_cpi_csv
from kloof.store import open_store
from kloof.store.prices import price_index, store_price_index

ROOT = f"{DEFAULT_BASE_URL}/83131NED"
#: Test values (not CBS figures): year → annual index, 2015 = 100.
ANNUAL = {2015: 100.0, 2020: 110.0, 2022: 121.0, 2024: 132.0}
PROPERTIES = [
    {"odata.type": "Cbs.OData.Dimension", "ID": 0, "Position": 0, "ParentID": None,
     "Type": "Dimension", "Key": "Bestedingscategorieen", "Title": "Bestedingscategorieën"},
    {"odata.type": "Cbs.OData.TimeDimension", "ID": 1, "Position": 1, "ParentID": None,
     "Type": "TimeDimension", "Key": "Perioden", "Title": "Perioden"},
    {"odata.type": "Cbs.OData.Topic", "ID": 2, "Position": 2, "ParentID": None,
     "Type": "Topic", "Key": "CPI_1", "Title": "CPI", "Unit": "2015=100",
     "Datatype": "Double", "Decimals": 2},
    {"odata.type": "Cbs.OData.Topic", "ID": 3, "Position": 3, "ParentID": None,
     "Type": "Topic", "Key": "JaarmutatieCPI_5", "Title": "Jaarmutatie CPI", "Unit": "%",
     "Datatype": "Double", "Decimals": 1},
]  # fmt: skip
CATEGORIES = [
    {"Key": "T001112", "Title": "000000 Alle bestedingen", "Description": ""},
    {"Key": "CPI011000", "Title": "011000 Voedingsmiddelen", "Description": ""},
]


def _records() -> list[dict[str, Any]]:
    rows = []
    for cat, factor in (("T001112", 1.0), ("CPI011000", 1.5)):
        for year, value in ANNUAL.items():
            rows.append({"Bestedingscategorieen": cat, "Perioden": f"{year}JJ00",
                         "CPI_1": value * factor, "JaarmutatieCPI_5": 2.0})  # fmt: skip
            rows.append({"Bestedingscategorieen": cat, "Perioden": f"{year}MM01",
                         "CPI_1": value * factor - 1, "JaarmutatieCPI_5": 2.0})  # fmt: skip
    return [{"ID": i, **r} for i, r in enumerate(rows)]


class MockCbs:
    """83131NED; ``TypedDataSet`` honours ``$filter=Bestedingscategorieen eq '...'``."""

    def __init__(self) -> None:
        self.filters: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        name = request.url.path.rstrip("/").split("/")[-1]
        answers: dict[str, list[dict[str, Any]]] = {
            "TableInfos": [
                {"Identifier": "83131NED", "Title": "Consumentenprijzen; prijsindex 2015=100"}
            ],
            "DataProperties": PROPERTIES,
            "Bestedingscategorieen": CATEGORIES,
        }
        if name == "TypedDataSet":
            rows = _records()
            text = request.url.params.get("$filter", "")
            self.filters.append(text)
            if text:
                key = text.split("'")[1]
                rows = [r for r in rows if r["Bestedingscategorieen"] == key]
        elif name in answers:
            rows = answers[name]
        else:
            return httpx.Response(404, text="Not found")
        skip = int(request.url.params.get("$skip", 0))
        top = int(request.url.params.get("$top", len(rows)))
        return httpx.Response(200, json={"odata.metadata": f"{ROOT}/$metadata",
                                         "value": rows[skip : skip + top]})  # fmt: skip


def test_fetch_keeps_the_annual_all_expenditure_cpi() -> None:
    mock = MockCbs()
    with httpx.Client(transport=httpx.MockTransport(mock)) as client:
        index = fetch_cpi(http=HttpOptions(client=client))
    assert mock.filters == ["Bestedingscategorieen eq 'T001112'"]
    assert index.values.to_dict() == ANNUAL
    assert index.base == "2015 = 100" and index.source.table_id == "83131NED"
    assert index.source.kind == "cpi" and index.source.location == ROOT
    assert any("monthly" in n for n in index.notes)


def test_fetch_refuses_a_table_without_the_all_expenditure_category() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        name = request.url.path.rstrip("/").split("/")[-1]
        rows = {"TableInfos": [], "DataProperties": PROPERTIES,
                "Bestedingscategorieen": CATEGORIES[1:]}.get(name, [])  # fmt: skip
        return httpx.Response(200, json={"value": rows})

    with (
        httpx.Client(transport=httpx.MockTransport(handle)) as client,
        pytest.raises(SourceError, match="Alle bestedingen"),
    ):
        fetch_cpi(http=HttpOptions(client=client))


def test_store_roundtrip_is_idempotent_and_never_silently_replaced(tmp_path: Path) -> None:
    with httpx.Client(transport=httpx.MockTransport(MockCbs())) as client:
        index = fetch_cpi(http=HttpOptions(client=client))
    store = open_store(tmp_path / "s.duckdb", create=True)
    try:
        assert price_index(store) is None
        first = store_price_index(store, index)
        assert not first.skipped and first.years == (2015, 2020, 2022, 2024)
        assert store_price_index(store, index).skipped
        stored = price_index(store)
        assert stored is not None and stored.values.to_dict() == ANNUAL
        assert stored.base == "2015 = 100" and stored.source.table_id == "83131NED"
        assert store.years() == []  # a price index adds no region year
        csv = tmp_path / "cpi.csv"
        csv.write_text("year;CPI (2015=100)\n2015;100\n2020;111,5\n", encoding="utf-8")
        other = read_cpi_csv(csv)
        with pytest.raises(StoreError, match="2020"):
            store_price_index(store, other)
        assert price_index(store).values[2020] == 110.0  # type: ignore[union-attr]
        rep = store_price_index(store, other, replace=True)
        assert rep.changed == 1
        assert price_index(store).values.to_dict() == {2015: 100.0, 2020: 111.5}  # type: ignore[union-attr]
    finally:
        store.close()


def test_csv_reader(tmp_path: Path) -> None:
    path = tmp_path / "statline.csv"
    path.write_text(
        '"Perioden";"CPI (2015=100)"\n"2023";"126,5"\n"2024 januari";"130"\n"2024";"130,1"\n',
        encoding="utf-8",
    )
    index = read_cpi_csv(path)
    assert index.values.to_dict() == {2023: 126.5, 2024: 130.1} and index.base == "2015 = 100"
    bare = tmp_path / "bare.csv"
    bare.write_text("year,cpi\n2023,126.5\n", encoding="utf-8")
    with pytest.raises(DataFormatError, match="base"):
        read_cpi_csv(bare)
    assert read_cpi_csv(bare, base="2015 = 100").values[2023] == 126.5
    bare.write_text("year,cpi\n2023,-1\n", encoding="utf-8")
    with pytest.raises(DataFormatError, match="positive"):
        read_cpi_csv(bare, base="2015 = 100")


def test_deflate_by_hand() -> None:
    """Income 30 (x 1 000 euro) in 2020 at CPI 110 is 30 × 132/110 = 36 in prices of 2024."""
    frames = {
        year: pd.DataFrame(
            {"income_per_inhabitant": [30.0], "woz_mean": [300.0], "bijstand_per_1000": [50.0]},
            index=["WK036301"],
        )
        for year in (2020, 2023)
    }
    out, notes = deflate(frames, pd.Series(ANNUAL), 2024)
    row = out[2020].loc["WK036301"]
    assert row["income_per_inhabitant"] == pytest.approx(36.0)
    assert row["woz_mean"] == pytest.approx(360.0) and row["bijstand_per_1000"] == 50.0
    assert out[2023][["income_per_inhabitant", "woz_mean"]].isna().all().all()  # no CPI 2023
    assert "2023" in notes[0]
    assert frames[2020].loc["WK036301", "income_per_inhabitant"] == 30.0  # input unchanged
    with pytest.raises(SpecError, match="no CPI for 2019"):
        deflate(frames, pd.Series(ANNUAL), 2019)
    assert money_indicators(["income_per_inhabitant", "inhabitants"]) == ["income_per_inhabitant"]


def test_money_targets_are_not_judged_in_nominal_terms() -> None:
    """Nominal income 30 → 33 (+10 %) meets "+2 by 2024"; with 2015-2024 prices rising
    32 % it falls in real terms: only the deflated series may be judged."""
    tset = tg.loads(
        """
name: t
version: 1
targets:
  - {id: inc, indicator: income_per_inhabitant, kind: change, subject: a, delta: 2,
     baseline_year: 2015, target_year: 2024}
  - {id: bij, indicator: bijstand_per_1000, kind: change, subject: a, delta: -5,
     baseline_year: 2015, target_year: 2024}
"""
    )
    data = pd.DataFrame(
        [("a", "income_per_inhabitant", 2015, 30.0), ("a", "income_per_inhabitant", 2024, 33.0),
         ("a", "bijstand_per_1000", 2015, 60.0), ("a", "bijstand_per_1000", 2024, 50.0)],
        columns=["subject", "indicator", "year", "value"],
    )  # fmt: skip
    nominal = tg.assess(tset, data, nominal=["income_per_inhabitant"]).set_index("id")
    assert nominal.loc["inc", "status"] == "not judged"
    assert "CPI" in nominal.loc["inc", "rule"] and "on track" in nominal.loc["inc", "rule"]
    assert nominal.loc["bij", "status"] == "on track"
    frames = {
        y: data[(data["year"] == y) & (data["indicator"] == "income_per_inhabitant")].pivot(
            index="subject", columns="indicator", values="value"
        )
        for y in (2015, 2024)
    }
    real, _ = deflate(frames, pd.Series(ANNUAL), 2024)
    deflated = pd.concat(
        [f.stack().rename("value").reset_index().assign(year=y) for y, f in real.items()]
    )
    judged = tg.assess(tset.targets[:1], deflated).iloc[0]
    assert judged["baseline"] == pytest.approx(39.6)  # 30 × 132/100
    assert judged["status"] == "off track"


def test_cli_fetch_cpi(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from kloof.cli.data import app
    from kloof.sources import _odata

    monkeypatch.setattr(
        _odata,  # the shared session makes the client of every fetcher
        "default_client",
        lambda timeout: httpx.Client(transport=httpx.MockTransport(MockCbs())),
    )
    env = {"KLOOF_STORE": str(tmp_path / "c.duckdb"), "KLOOF_CACHE_DIR": str(tmp_path / "cache")}
    runner = CliRunner()
    res = runner.invoke(app, ["fetch", "cpi"], env=env)
    assert res.exit_code == 0, res.output
    assert "83131NED: CPI 2015 = 100, 4 jaren" in res.output  # Dutch by default
    assert "al aanwezig" in runner.invoke(app, ["fetch", "cpi"], env=env).output
    shown = runner.invoke(app, ["cpi", "--format", "csv"], env=env)
    assert shown.exit_code == 0 and "2024,132.0" in shown.output
