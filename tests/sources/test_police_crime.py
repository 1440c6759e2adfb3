"""Registered crime per wijk and buurt (Politie/CBS 47018NED), offline (issue 15).

An :class:`httpx.MockTransport` answers as the CBS third-party OData v3 service does for
47018NED: ``SoortMisdrijf`` members are the real offence list
(``amsterdam-extra/cbs_meta.csv``, keys padded as CBS pads them), ``WijkenEnBuurten``
padded codes, ``Perioden`` years ``YYYYJJ00``, topic ``GeregistreerdeMisdrijven_1``, and
``TypedDataSet`` honours the ``$filter`` on period and offences. The 2025 totals
(``0.0.0``) are the real Amsterdam wijk values of ``crime_totaal_2025.json``; the other
offence counts are derived from them for the test.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import httpx
import pytest

from kloof.errors import SourceError
from kloof.sources.cbs_odata import HttpOptions
from kloof.sources.code_values import read_code_values
from kloof.sources.police import POLICE_BASE_URL, fetch_crime
from kloof.store import open_store

pytestmark = pytest.mark.realdata
ROOT = f"{POLICE_BASE_URL}/47018NED"
PROPERTIES = [
    {"ID": 0, "Type": "Dimension", "Key": "SoortMisdrijf", "Title": "Soort misdrijf"},
    {"ID": 1, "Type": "GeoDimension", "Key": "WijkenEnBuurten", "Title": "Wijken en buurten"},
    {"ID": 2, "Type": "TimeDimension", "Key": "Perioden", "Title": "Perioden"},
    {"ID": 3, "Type": "Topic", "Key": "GeregistreerdeMisdrijven_1",
     "Title": "Geregistreerde misdrijven", "Unit": "aantal", "Datatype": "Long"},
]  # fmt: skip


class MockPolice:
    """47018NED for 2024 and 2025 (2024 = 2025 minus 10 %), months in the data too."""

    def __init__(self, shared_data: Path) -> None:
        folder = shared_data / "amsterdam-extra"
        with open(folder / "cbs_meta.csv", encoding="utf-8-sig") as f:
            self.offences = [
                {"Key": r["Key"], "Title": r["Title"]} for r in csv.DictReader(f, delimiter=";")
            ]
        self.totals = dict(json.loads((folder / "crime_totaal_2025.json").read_text("utf-8")))
        self.filters: list[str] = []
        rows = []
        for year, factor in ((2024, 0.9), (2025, 1.0)):
            for code, total in self.totals.items():
                for key, share in (("0.0.0 ", 1.0), ("1.1.1 ", 0.1), ("9.9.9 ", 0.0)):
                    value = None if total is None else round(total * factor * share)
                    rows.append((key, code.ljust(10), f"{year}JJ00", value))
                rows.append(("0.0.0 ", code.ljust(10), f"{year}MM01", 1))
        rows.append(("0.0.0 ", "GM0363    ", "2025JJ00", sum(v or 0 for v in self.totals.values())))
        self.records = [
            {"ID": i, "SoortMisdrijf": k, "WijkenEnBuurten": c, "Perioden": p,
             "GeregistreerdeMisdrijven_1": v}
            for i, (k, c, p, v) in enumerate(rows)
        ]  # fmt: skip

    def __call__(self, request: httpx.Request) -> httpx.Response:
        name = request.url.path.rstrip("/").split("/")[-1]
        places = [{"Key": c.ljust(10), "Title": f"Wijk {c[-2:]}"} for c in self.totals]
        answers = {
            "DataProperties": PROPERTIES,
            "SoortMisdrijf": self.offences,
            "WijkenEnBuurten": [{"Key": "GM0363    ", "Title": "Amsterdam"}, *places],
            "Perioden": [
                {"Key": "2024JJ00", "Title": "2024"},
                {"Key": "2025JJ00", "Title": "2025"},
                {"Key": "2025MM01", "Title": "2025 januari"},
            ],
        }
        if name == "TypedDataSet":
            text = request.url.params.get("$filter", "")
            self.filters.append(text)
            period = re.search(r"Perioden eq '([^']+)'", text)
            offences = set(re.findall(r"SoortMisdrijf eq '([^']+)'", text))
            rows = [
                r
                for r in self.records
                if (period is None or r["Perioden"] == period.group(1))
                and (not offences or r["SoortMisdrijf"] in offences)
            ]
        elif name in answers:
            rows = answers[name]
        else:
            return httpx.Response(404, text="Not found")
        skip = int(request.url.params.get("$skip", 0))
        top = int(request.url.params.get("$top", len(rows)))
        return httpx.Response(200, json={"odata.metadata": f"{ROOT}/$metadata",
                                         "value": rows[skip : skip + top]})  # fmt: skip


def test_fetch_maps_offences_and_pages(shared_data: Path) -> None:
    mock = MockPolice(shared_data)
    with httpx.Client(transport=httpx.MockTransport(mock)) as client:
        (batch,) = fetch_crime([2025], http=HttpOptions(client=client), page_size=50)
    # one year and only the catalogue's offences are asked for, padded as CBS pads them
    assert mock.filters and all("Perioden eq '2025JJ00'" in f for f in mock.filters)
    assert "SoortMisdrijf eq '0.0.0 '" in mock.filters[0]
    assert "9.9.9" not in mock.filters[0] and "3.7.4" in mock.filters[0]
    obs = batch.observations.set_index(["code", "indicator"])["value"]
    assert batch.years == (2025,) and batch.source.table_id == "47018NED"
    for code, total in mock.totals.items():
        if total is not None:
            assert obs[(code, "crimes_total")] == total
    assert obs[("WK0363AA", "burglary_home")] == round(985 * 0.1)
    assert obs[("GM0363", "crimes_total")] == sum(v or 0 for v in mock.totals.values())
    regions = batch.regions.set_index("code")
    assert (
        regions.loc["WK0363AA", "level"] == "wijk" and regions.loc["GM0363", "name"] == "Amsterdam"
    )
    assert regions.loc["WK0363AA", "parent_gm"] == "GM0363"


def test_crime_per_1000_with_the_inhabitants_of_the_year(shared_data: Path, tmp_path: Path) -> None:
    """crimes_total_per_1000 = crimes / inhabitants × 1000 (WK0363AA: 985 / 9145)."""
    with httpx.Client(transport=httpx.MockTransport(MockPolice(shared_data))) as client:
        batches = fetch_crime([2024, 2025], http=HttpOptions(client=client))
    assert [b.years for b in batches] == [(2024,), (2025,)]
    store = open_store(tmp_path / "crime.duckdb", create=True)
    try:
        store.ingest_many(
            [*batches, read_code_values(shared_data / "amsterdam-extra" / "population_2025.json")],
            partial=True,
        )
        frame = store.frame(2025, "wijk")
        assert frame.loc["WK0363AA", "crimes_total_per_1000"] == pytest.approx(985 / 9145 * 1000)
        assert frame.loc["WK0363AA", "burglary_home"] == round(985 * 0.1)
        earlier = store.frame(2024, "wijk")
        assert earlier.loc["WK0363AA", "crimes_total"] == round(985 * 0.9)
        assert "crimes_total_per_1000" not in earlier.dropna(axis=1, how="all").columns
    finally:
        store.close()


def test_a_year_the_table_lacks_is_refused_with_its_years(shared_data: Path) -> None:
    with (
        httpx.Client(transport=httpx.MockTransport(MockPolice(shared_data))) as client,
        pytest.raises(SourceError, match=r"no year\(s\) \[2019\]; its years: 2024-2025"),
    ):
        fetch_crime([2019, 2025], http=HttpOptions(client=client))


def test_cli_fetch_crime(
    shared_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from kloof.cli.data import app
    from kloof.sources import _odata

    mock = MockPolice(shared_data)
    monkeypatch.setattr(_odata, "default_client", lambda timeout: httpx.Client(
        transport=httpx.MockTransport(mock)))  # fmt: skip
    env = {"KLOOF_STORE": str(tmp_path / "c.duckdb"), "KLOOF_CACHE_DIR": str(tmp_path / "cache")}
    res = CliRunner().invoke(app, ["fetch", "crime", "--years", "2025", "--partial"], env=env)
    assert res.exit_code == 0, res.output
    assert "47018NED 2025:" in res.output and "values" in res.output
    store = open_store(tmp_path / "c.duckdb", create=False, read_only=True)
    try:
        assert store.frame(2025, "wijk").loc["WK0363AA", "crimes_total"] == 985
    finally:
        store.close()
    res = CliRunner().invoke(app, ["fetch", "crime"], env=env)
    assert res.exit_code != 0 and "--years" in res.output
