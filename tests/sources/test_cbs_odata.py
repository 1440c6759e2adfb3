"""Tests of the CBS OData v3 client against a mock CBS built from the real responses.

The mock serves ``TableInfos``, ``DataProperties`` (the real 85984NED metadata), the
``WijkenEnBuurten`` dimension and ``TypedDataSet`` records built from the real values in
``stripped_filtered_data_2024.json`` (8 topics for every gemeente and wijk), with CBS's
padded codes and names. No test reaches the internet.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from kloof.catalogue import Catalogue, load
from kloof.errors import SourceError
from kloof.sources.cbs_odata import DEFAULT_BASE_URL, HttpOptions, fetch_table

TABLE = "85984NED"
ROOT = f"{DEFAULT_BASE_URL}/{TABLE}"

TEST_CATALOGUE = """
version: 1
indicators:
  - {id: inhabitants, label: {nl: Inwoners, en: Inhabitants}, unit: aantal,
     domain: population, kind: count, names: {odata: [{name: AantalInwoners}]}}
  - {id: men, label: {nl: Mannen, en: Men}, unit: aantal, domain: population,
     kind: count, names: {odata: [{name: Mannen}]}}
  - {id: dwellings, label: {nl: Woningvoorraad, en: Dwellings}, unit: aantal,
     domain: housing, kind: count, names: {odata: [{name: Woningvoorraad}]}}
  - {id: density, label: {nl: Bevolkingsdichtheid, en: Density}, unit: per km2,
     domain: population, kind: mean, names: {odata: [{name: Bevolkingsdichtheid}]}}
"""


def _wrap(name: str, value: list[dict[str, Any]]) -> dict[str, Any]:
    return {"odata.metadata": f"{ROOT}/$metadata#Cbs.OData.WebAPI.{name}", "value": value}


@pytest.fixture(scope="module")
def cbs(shared_data: Path) -> dict[str, list[dict[str, Any]]]:
    """The real answers of 85984NED for gemeenten and wijken, in the v3 shapes."""
    folder = shared_data / "cbs-kwb-2024"
    infos = json.loads((folder / "TableInfos.json").read_text("utf-8"))
    properties = json.loads((folder / "DataProperties.json").read_text("utf-8"))
    values = json.loads((folder / "stripped_filtered_data_2024.json").read_text("utf-8"))
    names: dict[str, tuple[str, str]] = {}
    with open(
        folder / "Kerncijfers_wijken_en_buurten_2024_geslachten.csv", encoding="utf-8-sig"
    ) as f:
        for row in csv.DictReader(f, delimiter=";"):
            code = row["Regioaanduiding/Codering (code)"].strip()
            names[code] = (row["Wijken en buurten"], row["Regioaanduiding/Gemeentenaam (naam)"])
    members, records = [], []
    for i, (code, topics) in enumerate(values.items()):
        title, gemeente = names[code]
        padded = code.ljust(10)
        members.append({"Key": padded, "Title": title, "Description": "", "DimensionGroupId": "2"})
        soort = "Gemeente" if code.startswith("GM") else "Wijk"
        records.append(
            {
                "ID": i,
                "WijkenEnBuurten": padded,
                "Gemeentenaam_1": gemeente.ljust(40),
                "SoortRegio_2": soort.ljust(10),
                "Codering_3": padded,
                "IndelingswijzigingGemeenteWijkBuurt_4": "1",
                **topics,
            }
        )
    return {
        "TableInfos": infos,
        "DataProperties": properties,
        "WijkenEnBuurten": members,
        "TypedDataSet": records,
    }


@pytest.fixture(scope="module")
def cat(tmp_path_factory: pytest.TempPathFactory) -> Catalogue:
    path = tmp_path_factory.mktemp("catalogue") / "catalogue.yaml"
    path.write_text(TEST_CATALOGUE, encoding="utf-8")
    return load(path)


class MockCBS:
    """A CBS OData v3 server: $top/$skip paging, or server-driven nextLink pages."""

    def __init__(
        self,
        answers: dict[str, list[dict[str, Any]]],
        *,
        server_page: int | None = None,
        fail: Callable[[httpx.Request, int], httpx.Response | None] | None = None,
    ) -> None:
        self.answers = answers
        self.server_page = server_page
        self.fail = fail
        self.requests: list[httpx.URL] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request.url)
        if self.fail is not None:
            answer = self.fail(request, len(self.requests))
            if answer is not None:
                return answer
        parts = request.url.path.rstrip("/").split("/")
        table, name = parts[-2], parts[-1]
        if table != TABLE or name not in self.answers:
            return httpx.Response(404, text="<html>Not found</html>")
        rows = self.answers[name]
        params = request.url.params
        if "$skiptoken" in params:
            start = int(params["$skiptoken"])
            end = len(rows)
        else:
            start = int(params.get("$skip", 0))
            end = start + int(params.get("$top", len(rows)))
        body = _wrap(name, rows[start:end])
        if self.server_page is not None and end - start > self.server_page:
            stop = start + self.server_page
            body = _wrap(name, rows[start:stop])
            body["odata.nextLink"] = f"{ROOT}/{name}?$format=json&$skiptoken={stop}"
        return httpx.Response(200, json=body)

    def client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self))

    def data_requests(self) -> list[httpx.URL]:
        return [u for u in self.requests if u.path.endswith("/TypedDataSet")]


def value(batch: Any, code: str, indicator: str) -> float:
    obs = batch.observations
    hit = obs[(obs["code"] == code) & (obs["indicator"] == indicator)]["value"]
    assert len(hit) == 1, (code, indicator, len(hit))
    return float(hit.iloc[0])


@pytest.mark.realdata
def test_values_match_the_real_file(cbs: dict[str, Any], cat: Catalogue, shared_data: Path) -> None:
    server = MockCBS(cbs)
    batch = fetch_table(TABLE, http=HttpOptions(client=server.client(), backoff=0), catalogue=cat)
    real = json.loads(
        (shared_data / "cbs-kwb-2024" / "stripped_filtered_data_2024.json").read_text("utf-8")
    )
    assert value(batch, "GM1680", "inhabitants") == 25_845
    assert value(batch, "WK168000", "inhabitants") == 3_590
    assert value(batch, "GM1680", "men") == real["GM1680"]["Mannen_6"]
    for code in ("GM0363", "WK036301", "GM0599"):
        if code in real:
            assert value(batch, code, "dwellings") == real[code]["Woningvoorraad_35"]
    levels = batch.regions["level"].value_counts().to_dict()
    assert levels == {"gemeente": 342, "wijk": 3_393}
    assert set(batch.regions["year"]) == {2024}
    by_code = batch.regions.set_index("code")
    assert by_code.loc["GM1680", "name"] == "Aa en Hunze"
    assert by_code.loc["WK168000", "name"] == "Wijk 00 Annen"
    assert by_code.loc["WK168000", "parent_gm"] == "GM1680"
    # missing (null) values become NaN, never zero
    density = batch.observations[batch.observations["indicator"] == "density"]["value"]
    assert int(density.isna().sum()) == 37
    nulls = [c for c, r in real.items() if r["Woningvoorraad_35"] is None]
    assert len(nulls) == 3
    assert all(math.isnan(value(batch, c, "dwellings")) for c in nulls)
    # topics the catalogue does not know are listed, not errors
    assert any("OppervlakteTotaal_122" in note for note in batch.notes)
    assert batch.source.kind == "odata"
    assert batch.source.table_id == TABLE
    assert batch.source.location == ROOT
    assert len(server.data_requests()) == 1


@pytest.mark.realdata
def test_builtin_catalogue_maps_inhabitants(cbs: dict[str, Any]) -> None:
    batch = fetch_table(TABLE, http=HttpOptions(client=MockCBS(cbs).client(), backoff=0))
    assert value(batch, "GM1680", "inhabitants") == 25_845


@pytest.mark.realdata
def test_paging_with_top_and_skip(cbs: dict[str, Any], cat: Catalogue) -> None:
    server = MockCBS(cbs)
    seen: list[int] = []
    batch = fetch_table(
        TABLE,
        http=HttpOptions(client=server.client()),
        catalogue=cat,
        page_size=1000,
        progress=lambda done, total: seen.append(done),
    )
    skips = [int(u.params["$skip"]) for u in server.data_requests()]
    assert skips == [0, 1000, 2000, 3000]
    assert seen == [1000, 2000, 3000, 3735]
    assert len(batch.regions) == 3735
    assert batch.regions["code"].is_unique
    assert value(batch, "GM1680", "inhabitants") == 25_845


@pytest.mark.realdata
def test_paging_with_next_link(cbs: dict[str, Any], cat: Catalogue) -> None:
    server = MockCBS(cbs, server_page=1500)
    batch = fetch_table(TABLE, http=HttpOptions(client=server.client()), catalogue=cat)
    assert len(server.data_requests()) == 3  # 1500 + 1500 + 735
    assert len(batch.regions) == 3735
    assert value(batch, "WK168000", "inhabitants") == 3_590


@pytest.mark.realdata
def test_cache_hit_makes_no_request(cbs: dict[str, Any], cat: Catalogue, tmp_path: Path) -> None:
    server = MockCBS(cbs)
    first = fetch_table(
        TABLE,
        http=HttpOptions(client=server.client(), cache_dir=tmp_path),
        catalogue=cat,
        page_size=2000,
    )
    made = len(server.requests)
    assert made >= 5
    second = fetch_table(
        TABLE,
        http=HttpOptions(client=server.client(), cache_dir=tmp_path),
        catalogue=cat,
        page_size=2000,
    )
    assert len(server.requests) == made
    assert second.source == first.source  # same bytes, same provenance
    assert second.observations.equals(first.observations)
    third = fetch_table(
        TABLE,
        http=HttpOptions(client=server.client(), cache_dir=tmp_path, refresh=True),
        catalogue=cat,
        page_size=2000,
    )
    assert len(server.requests) == 2 * made
    assert third.source == first.source


@pytest.mark.realdata
def test_retry_after_503_and_timeout_succeeds(cbs: dict[str, Any], cat: Catalogue) -> None:
    def flaky(request: httpx.Request, n: int) -> httpx.Response | None:
        if n == 1:
            return httpx.Response(503, text="Service Unavailable")
        if n == 2:
            raise httpx.ReadTimeout("slow", request=request)
        if n == 4:
            raise httpx.ConnectError("reset", request=request)
        return None

    server = MockCBS(cbs, fail=flaky)
    batch = fetch_table(
        TABLE, http=HttpOptions(client=server.client(), retries=2, backoff=0), catalogue=cat
    )
    assert value(batch, "GM1680", "inhabitants") == 25_845
    assert str(server.requests[0]) == str(server.requests[2])  # TableInfos asked 3 times


def test_404_names_the_table() -> None:
    server = MockCBS({})
    with pytest.raises(SourceError, match=r"no table '12345XYZ'.*table id") as info:
        fetch_table("12345XYZ", http=HttpOptions(client=server.client(), backoff=0))
    assert info.value.__cause__ is None
    assert len(server.requests) == 1  # a 404 is not retried


def test_persistent_500_fails_after_retries() -> None:
    server = MockCBS({}, fail=lambda request, n: httpx.Response(500, text="boom"))
    with pytest.raises(SourceError, match=r"HTTP 500.*tried 4 times"):
        fetch_table(TABLE, http=HttpOptions(client=server.client(), retries=3, backoff=0))
    assert len(server.requests) == 4


def test_network_down_fails_after_retries() -> None:
    def down(request: httpx.Request, n: int) -> httpx.Response:
        raise httpx.ConnectError("Name or service not known", request=request)

    server = MockCBS({}, fail=down)
    with pytest.raises(SourceError, match=r"connection failed.*internet") as info:
        fetch_table(TABLE, http=HttpOptions(client=server.client(), retries=1, backoff=0))
    assert len(server.requests) == 2
    assert info.value.__cause__ is None and info.value.__context__ is None


def test_backoff_doubles(monkeypatch: pytest.MonkeyPatch) -> None:
    waits: list[float] = []
    monkeypatch.setattr("kloof.sources._http.time.sleep", waits.append)
    server = MockCBS({}, fail=lambda request, n: httpx.Response(502))
    with pytest.raises(SourceError):
        fetch_table(TABLE, http=HttpOptions(client=server.client(), retries=3, backoff=0.5))
    assert waits == [0.5, 1.0, 2.0]


def test_unparseable_json() -> None:
    server = MockCBS({}, fail=lambda request, n: httpx.Response(200, text="<html>oops"))
    with pytest.raises(SourceError, match="not answer with JSON"):
        fetch_table(TABLE, http=HttpOptions(client=server.client(), backoff=0))


def test_json_that_is_not_odata() -> None:
    server = MockCBS({}, fail=lambda request, n: httpx.Response(200, json={"error": "x"}))
    with pytest.raises(SourceError, match="'value' list"):
        fetch_table(TABLE, http=HttpOptions(client=server.client(), backoff=0))


def test_bad_table_id() -> None:
    with pytest.raises(SourceError, match="not a CBS table id"):
        fetch_table("85984NED/../x", http=HttpOptions(client=MockCBS({}).client()))


@pytest.mark.realdata
def test_unknown_columns_and_foreign_codes_are_notes(cbs: dict[str, Any], cat: Catalogue) -> None:
    answers = dict(cbs)
    records = [dict(r, Bogus_999=1) for r in cbs["TypedDataSet"][:10]]
    records.append(dict(records[0], ID=99, WijkenEnBuurten="LD01      ", Codering_3="LD01      "))
    records.append(dict(records[0], ID=98, WijkenEnBuurten="NL01      ", Codering_3="NL01      "))
    records[1] = dict(records[1], AantalInwoners_5=None)
    answers["TypedDataSet"] = records
    batch = fetch_table(TABLE, http=HttpOptions(client=MockCBS(answers).client()), catalogue=cat)
    assert set(batch.regions["code"]) >= {"NL00", "GM1680"}
    assert "LD01" not in set(batch.regions["code"])
    assert any("Bogus_999" in note for note in batch.notes)
    assert any("LD01" in note for note in batch.notes)
    assert math.isnan(value(batch, records[1]["Codering_3"].strip(), "inhabitants"))


@pytest.mark.realdata
def test_perioden_dimension_gives_the_year(cbs: dict[str, Any], cat: Catalogue) -> None:
    answers = dict(cbs)
    period = {
        "odata.type": "Cbs.OData.TimeDimension",
        "ID": 999,
        "Position": 1,
        "ParentID": None,
        "Type": "TimeDimension",
        "Key": "Perioden",
        "Title": "Perioden",
        "Description": "",
    }
    answers["DataProperties"] = [*cbs["DataProperties"], period]
    first = cbs["TypedDataSet"][0]
    answers["TypedDataSet"] = [
        dict(first, ID=0, Perioden="2023JJ00", AantalInwoners_5=25_500),
        dict(first, ID=1, Perioden="2024JJ00"),
    ]
    batch = fetch_table(TABLE, http=HttpOptions(client=MockCBS(answers).client()), catalogue=cat)
    obs = batch.observations[batch.observations["indicator"] == "inhabitants"]
    assert dict(zip(obs["year"], obs["value"], strict=True)) == {2023: 25_500, 2024: 25_845}
    assert batch.years == (2023, 2024)


@pytest.mark.realdata
def test_extra_dimension_is_refused(cbs: dict[str, Any], cat: Catalogue) -> None:
    answers = dict(cbs)
    sex = {"Type": "Dimension", "Key": "Geslacht", "Title": "Geslacht", "ID": 998}
    answers["DataProperties"] = [*cbs["DataProperties"], sex]
    with pytest.raises(SourceError, match="Geslacht"):
        fetch_table(TABLE, http=HttpOptions(client=MockCBS(answers).client()), catalogue=cat)
