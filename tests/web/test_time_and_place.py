"""Search by postcode and common names, year selectors, trend charts and side by side
(issue 19), on the shared real-data store (KWB 2023/2024, the gemeente panel, the PC4
address crosswalk)."""

from __future__ import annotations

import csv
import io
import re
from html import unescape
from typing import Any


def _hits(html: str) -> list[str]:
    """Keys of the search results, in order."""
    block = re.search(r'<ul[^>]*id="search-results".*?</ul>', html, re.S)
    assert block, "no search results"
    return re.findall(r'href="/gebied/([^"]+)"', block.group(0))


def _options(html: str, select_id: str) -> list[str]:
    block = re.search(rf'<select id="{select_id}".*?</select>', html, re.S)
    assert block, f"no select #{select_id}"
    return re.findall(r'<option value="([^"]*)"', block.group(0))


def _selected(html: str, select_id: str) -> str:
    block = re.search(rf'<select id="{select_id}".*?</select>', html, re.S)
    assert block
    found = re.search(r'<option value="([^"]*)" selected', block.group(0))
    assert found, f"nothing selected in #{select_id}"
    return found.group(1)


def _row_cells(html: str, table_id: str, row_text: str) -> list[str]:
    table = re.search(rf'<table[^>]*id="{table_id}".*?</table>', html, re.S)
    assert table, f"no table #{table_id}"
    for row in re.findall(r"<tr.*?</tr>", table.group(0), re.S):
        if row_text in row:
            return [
                unescape(re.sub(r"<[^>]+>", "", c)).strip()
                for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
            ]
    raise AssertionError(f"no row with {row_text!r} in #{table_id}")


# ------------------------------------------------------------------------ search


def test_postcode_search_finds_feijenoord(client: Any) -> None:
    for text in ("3072", "3072 AB", "3072ab"):
        response = client.get("/zoeken", params={"q": text})
        assert response.status_code == 200
        hits = _hits(response.text)
        assert "WK059910" in hits, (text, hits)  # Feijenoord's wijk
        assert hits[0] == "GM0599"  # the gemeente first
        assert 'id="postcode-note"' in response.text
        assert "van de adressen" in response.text


def test_search_common_names_accents_and_exact_gemeente_first(client: Any) -> None:
    assert _hits(client.get("/zoeken?q=Den Haag").text)[0] == "GM0518"  # 's-Gravenhage
    assert _hits(client.get("/zoeken?q=den bosch").text)[0] == "GM0796"  # 's-Hertogenbosch
    assert "GM1900" in _hits(client.get("/zoeken?q=Sudwest").text)  # Súdwest-Fryslân
    hits = _hits(client.get("/zoeken?q=Rotterdam").text)
    assert hits[0] == "GM0599"
    assert "nplv:rotterdam-zuid" in hits
    assert _hits(client.get("/zoeken?q=Feijenoord").text)[0] == "WK059910"  # wijk before buurt


# ------------------------------------------------------------------------- years


def test_year_selector_on_vergelijken_changes_the_numbers(client: Any) -> None:
    base = {"level": "gemeente", "q": "Rotterdam", "indicator": "woz_mean"}
    first = client.get("/vergelijken", params=base)
    assert first.status_code == 200
    years = _options(first.text, "year")
    assert {"2019", "2023"} <= set(years) and len(years) >= 3
    values = {}
    for year in ("2019", "2023"):
        page = client.get("/vergelijken", params={**base, "year": year})
        assert page.status_code == 200
        assert _selected(page.text, "year") == year
        assert f"&amp;year={year}" in page.text or f"year={year}&amp;" in page.text  # downloads
        values[year] = _row_cells(page.text, "compare-table", ">Rotterdam<")
    assert values["2019"] != values["2023"]


def test_year_selector_on_the_map_changes_the_numbers(client: Any) -> None:
    values = {}
    for year in ("2019", "2023"):
        page = client.get(
            "/", params={"level": "gemeente", "layer": "indicator:woz_mean", "year": year}
        )
        assert page.status_code == 200
        assert _selected(page.text, "year") == year
        assert f"year={year}" in re.search(r'data-url="([^"]+)"', page.text).group(1)
        values[year] = _row_cells(page.text, "map-table", "GM0599")
    assert values["2019"] != values["2023"]
    geo = client.get("/api/v1/map/gemeente?layer=indicator:woz_mean&year=2019")
    assert geo.status_code == 200 and geo.json()["kloof"]["year"] == 2019


def test_year_selector_on_the_profile(client: Any) -> None:
    latest = client.get("/gebied/GM0599")
    assert latest.status_code == 200
    assert {"2019", "2023"} <= set(_options(latest.text, "year"))
    older = client.get("/gebied/GM0599?year=2019")
    assert older.status_code == 200
    assert _selected(older.text, "year") == "2019"
    assert "/download/csv?year=2019" in older.text
    inhabitants = [
        re.search(r"<dt>Inwoners</dt><dd>([^<]+)</dd>", p.text).group(1) for p in (latest, older)
    ]
    assert inhabitants[0] != inhabitants[1]


def test_profile_trend_is_charts_and_a_table_of_years(client: Any) -> None:
    page = client.get("/gebied/GM0599")
    charts = re.search(
        r'<div class="kloof-trend-grid" id="trend-charts">.*?</div>', page.text, re.S
    )
    assert charts, "no trend charts"
    urls = re.findall(r'<img src="([^"]+)"', charts.group(0))
    assert any("/trend/woz_mean.svg" in u for u in urls)
    svg = client.get(unescape(next(u for u in urls if "woz_mean" in u)))
    assert svg.status_code == 200
    assert svg.headers["content-type"].startswith("image/svg+xml")
    assert svg.text.startswith("<svg") and "Rotterdam" in svg.text and "Nederland" in svg.text
    table = re.search(r'<table[^>]*id="trend-table".*?</table>', page.text, re.S).group(0)
    head = re.findall(r"<th scope=\"col\"[^>]*>([^<]*)</th>", table)
    assert head[1:] == sorted(head[1:]) and all(re.fullmatch(r"\d{4}", y) for y in head[1:])
    assert len(head) <= 16  # years as columns, never one column per indicator
    assert client.get("/gebied/GM0599/trend/geen_indicator.svg").status_code == 404


# ------------------------------------------------------------------- side by side


def test_side_by_side_three_areas(client: Any) -> None:
    areas = ["GM0599", "nplv:rotterdam-zuid", "WK059910"]
    page = client.get("/naast-elkaar", params=[("gebied", a) for a in areas])
    assert page.status_code == 200
    html = page.text
    table = re.search(r'<table[^>]*id="side-table".*?</table>', html, re.S).group(0)
    heads = re.findall(
        r'<th scope="col"[^>]*><a class="utrecht-link" href="/gebied/([^"]+)"', table
    )
    assert [unescape(h).replace("%3A", ":") for h in heads] == areas
    index_row = _row_cells(html, "side-table", ">Index<")
    assert len(index_row) == 1 + 3 + 1 and index_row[-1] == "100"
    assert all(re.fullmatch(r"\d+,\d", v) for v in index_row[1:4])
    assert "Domein: " in table and "Gemiddelde WOZ-waarde" in table
    share = unescape(re.search(r'id="side-share" href="([^"]+)"', html).group(1))
    assert share.startswith("/naast-elkaar?") and share.count("gebied=") == 3
    assert client.get(share).status_code == 200  # the shared address shows the same
    assert "verschillende schalen" in html  # a gemeente next to wijken: different scales
    # ... and a row with all three on the wijk scale (Rotterdam: the mean of its wijken)
    like = _row_cells(html, "side-table", "Index op wijkschaal")
    assert all(re.fullmatch(r"\d+,\d", v) for v in like[1:4])
    assert like[1] != index_row[1] and like[2:4] == index_row[2:4]
    csv_url = unescape(re.search(r'id="side-csv" href="([^"]+)"', html).group(1))
    body = client.get(csv_url).content.decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(body), delimiter=";"))
    assert len(header) == 5 + 3 and any("Rotterdam-Zuid" in h for h in header)


def test_side_by_side_names_limits_and_unknown(client: Any) -> None:
    page = client.get(
        "/naast-elkaar",
        params=[("gebied", g) for g in ("Den Haag", "GM0599", "nergenshuizen-xyz", "", "GM0363")],
    )
    assert page.status_code == 200
    assert "Niet gevonden: nergenshuizen-xyz" in page.text
    share = unescape(re.search(r'id="side-share" href="([^"]+)"', page.text).group(1))
    assert "gebied=GM0518" in share and "gebied=GM0599" in share  # a name resolved by search
    empty = client.get("/naast-elkaar")
    assert empty.status_code == 200 and 'id="side-table"' not in empty.text
    suggestions = re.search(r'<datalist id="side-suggestions">.*?</datalist>', empty.text, re.S)
    assert suggestions and '<option value="nplv:rotterdam-zuid">' in suggestions.group(0)
    assert '<option value="&#39;s-Gravenhage">' in suggestions.group(0)
    assert client.get("/naast-elkaar/download/csv").status_code == 400
