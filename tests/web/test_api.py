"""The JSON API on a real store: answers, paging, caching headers, errors, compression."""

from __future__ import annotations

import gzip
from typing import Any

import pytest

pytestmark = pytest.mark.realdata


def test_openapi_document(client: Any) -> None:
    doc = client.get("/api/v1/openapi.json").json()
    paths = doc["paths"]
    for path in (
        "/api/v1/regions",
        "/api/v1/regions/{code}",
        "/api/v1/indicators",
        "/api/v1/values",
        "/api/v1/areas",
        "/api/v1/profiles/{target}",
        "/api/v1/map/{level}",
        "/api/v1/index/{level}",
    ):
        assert path in paths, path
    assert not any(p.startswith("/gebied") for p in paths)  # pages stay out of the API


def test_regions_paging_and_filter(client: Any) -> None:
    first = client.get("/api/v1/regions", params={"level": "wijk", "limit": 5}).json()
    assert first["total"] == 3352 and len(first["items"]) == 5 and first["offset"] == 0
    second = client.get("/api/v1/regions", params={"level": "wijk", "limit": 5, "offset": 5})
    assert {r["code"] for r in first["items"]}.isdisjoint(r["code"] for r in second.json()["items"])
    rdam = client.get("/api/v1/regions", params={"level": "wijk", "gemeente": "GM0599"}).json()
    assert rdam["total"] > 10 and all(r["parent_gm"] == "GM0599" for r in rdam["items"])
    feij = client.get("/api/v1/regions", params={"level": "wijk", "q": "feijenoord"}).json()
    assert "WK059910" in {r["code"] for r in feij["items"]}


def test_region_values_and_labels(client: Any) -> None:
    body = client.get("/api/v1/regions/WK059910", params={"lang": "en"}).json()
    assert body["name"] == "Feijenoord" and body["level"] == "wijk"
    labels = {v["indicator"]: v["label"] for v in body["values"]}
    assert labels["inhabitants"] == "Inhabitants"


def test_etag_and_not_modified(client: Any) -> None:
    first = client.get("/api/v1/indicators")
    assert first.status_code == 200
    assert first.headers["cache-control"].startswith("public")
    etag = first.headers["etag"]
    again = client.get("/api/v1/indicators", headers={"If-None-Match": etag})
    assert again.status_code == 304
    other = client.get("/api/v1/indicators", params={"lang": "en"})
    assert other.headers["etag"] != etag


def test_values_table_sort_and_downloads(client: Any) -> None:
    params = {"level": "wijk", "gemeente": "GM0599", "sort": "bijstand_per_1000", "order": "desc"}
    body = client.get("/api/v1/values", params=params).json()
    values = [r["bijstand_per_1000"] for r in body["items"] if r["bijstand_per_1000"] is not None]
    assert values == sorted(values, reverse=True) and body["year"] == 2023
    csv = client.get("/api/v1/values", params={**params, "format": "csv"})
    assert csv.headers["content-type"].startswith("text/csv")
    lines = csv.content.decode("utf-8-sig").splitlines()
    # headers for people in the request's language (issue 19); codes stay in the rows
    assert lines[0].split(";")[0] == "Code" and len(lines) == body["total"] + 1
    xlsx = client.get("/api/v1/values", params={**params, "format": "xlsx"})
    assert xlsx.content[:2] == b"PK"


def test_profile_json_matches_index_api(client: Any) -> None:
    profile = client.get("/api/v1/profiles/WK059910").json()
    assert profile["target"]["name"] == "Feijenoord" and profile["target"]["gemeente"] == "GM0599"
    index = client.get("/api/v1/index/wijk/WK059910").json()
    assert profile["index"]["score"] == pytest.approx(index["scores"]["index"])
    low, high = profile["index"]["interval"]["p05"], profile["index"]["interval"]["p95"]
    assert low <= high
    explain = index["explain"]
    assert sum(e["contribution"] for e in explain) == pytest.approx(
        index["scores"]["gap"], abs=1e-6
    )


def test_area_profile(client: Any) -> None:
    body = client.get("/api/v1/profiles/nplv:rotterdam-zuid").json()
    assert body["target"]["codes"] == ["WK059910", "WK059912", "WK059915"]
    members = sum(m["inhabitants"] for m in body["members"])
    assert body["population"] == pytest.approx(members)
    assert body["index"]["score"] < 100  # a focus area scores below the Netherlands
    areas = client.get("/api/v1/areas", params={"set": "nplv"}).json()
    assert len(areas["sets"][0]["areas"]) == 20


def test_national_wijk_layer_is_compressed_under_2mb(client: Any) -> None:
    response = client.get(
        "/api/v1/map/wijk", params={"layer": "index"}, headers={"Accept-Encoding": "gzip"}
    )
    assert response.status_code == 200
    assert response.headers["content-encoding"] == "gzip"
    raw = response.read() if hasattr(response, "read") else response.content
    compressed = len(gzip.compress(raw, 6))
    assert compressed < 2_000_000, compressed
    layer = response.json()
    assert len(layer["features"]) > 3000
    lon, lat = (
        layer["features"][0]["geometry"]["coordinates"][0][0][:2]
        if layer["features"][0]["geometry"]["type"] == "Polygon"
        else layer["features"][0]["geometry"]["coordinates"][0][0][0][:2]
    )
    assert 3 < lon < 8 and 50 < lat < 54  # WGS84 for MapLibre
    assert layer["kloof"]["join"]["matched"] > 3000


def test_drill_down_layer(client: Any) -> None:
    layer = client.get("/api/v1/map/wijk", params={"gemeente": "GM0599"}).json()
    codes = {f["properties"]["code"] for f in layer["features"]}
    assert "WK059910" in codes and all(c.startswith("WK0599") for c in codes)


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/v1/regions/GM9999", 404),
        ("/api/v1/regions/XYZ", 404),
        ("/api/v1/regions?level=provincie", 422),
        ("/api/v1/regions?limit=0", 422),
        ("/api/v1/regions?gemeente=0363", 422),
        ("/api/v1/regions?year=1999", 400),
        ("/api/v1/indicators/no_such_thing", 404),
        ("/api/v1/values?indicator=origin_europe_pct", 400),
        ("/api/v1/values?sort=nonsense", 400),
        ("/api/v1/profiles/nplv:nowhere", 404),
        ("/api/v1/profiles/Nergenshuizen", 404),
        ("/api/v1/map/wijk?layer=indicator:nothing", 400),
        ("/api/v1/map/buurt", 400),  # buurten only per gemeente or wijk
        ("/api/v1/map/buurt?gemeente=GM0363", 400),  # no buurt boundaries in the store
        ("/api/v1/map/land", 422),
        ("/api/v1/index/wijk/GM0363", 404),
        ("/api/v1/nothing", 404),
    ],
)
def test_errors_are_json_with_a_message(client: Any, url: str, status: int) -> None:
    response = client.get(url)
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"]["status"] == status
    assert body["error"]["message"] and "Traceback" not in body["error"]["message"]


def test_pages_render_and_switch_language(client: Any) -> None:
    nl = client.get("/")
    assert nl.status_code == 200, nl.text[-600:]
    assert 'lang="nl"' in nl.text and "Kaart" in nl.text
    en = client.get("/", params={"lang": "en"})
    assert 'lang="en"' in en.text and "kloof_lang=en" in en.headers["set-cookie"]
    client.cookies.set("kloof_lang", "en")
    try:
        assert 'lang="en"' in client.get("/gebieden").text
    finally:
        client.cookies.clear()
    missing = client.get("/gebied/WK999999")
    assert missing.status_code == 404 and "WK999999" in missing.text


def test_hotspots_api(client: Any) -> None:
    body = client.get("/api/v1/spatial/hotspots/wijk", params={"layer": "index"}).json()
    assert body["method"] == "lisa" and body["global_moran"]["I"] > 0
    labels = {r["label"] for r in body["regions"] if r["significant"]}
    assert labels <= {"HH", "LL", "HL", "LH"} and "LL" in labels
    assert all(len(c["codes"]) == c["regions"] for c in body["clusters"])
    # for the index (higher = better) LL is the vulnerable cluster, named in words
    meanings = {r["label"]: r["meaning"] for r in body["regions"] if r["significant"]}
    assert meanings["LL"] == "vulnerable_cluster"
    layer = client.get("/api/v1/spatial/hotspots/wijk/map").json()
    assert {f["properties"]["label"] for f in layer["features"]} >= {"LL", "ns"}
    words = {f["properties"]["words_nl"] for f in layer["features"]}
    assert "kwetsbaar cluster" in words
    page = client.get("/brandpunten").text
    assert "kwetsbaar cluster" in page and "GM0" not in page.split("cluster-table")[1][:3000]
    assert "('" not in page  # no Python tuples


def test_hotspot_words_follow_the_direction() -> None:
    from kloof.report.hotspot_words import meaning, words

    assert meaning("LL", "higher_is_better") == "vulnerable_cluster"
    assert meaning("LL", "higher_is_worse") == "strong_cluster"
    assert meaning("HL", "higher_is_worse") == "vulnerable_outlier"
    assert meaning("cold", "higher_is_better") == "vulnerable_spot"
    assert meaning("ns", "higher_is_better") == "ns"
    assert words("strong_outlier", "nl") == "sterke uitschieter"
    assert words("vulnerable_cluster", "en") == "vulnerable cluster"


def test_class_labels_follow_the_language(client: Any) -> None:
    """The index's nine class labels in the API, profile and map legend: Dutch by default,
    English with ``?lang=en`` or the language cookie (:func:`kloof.index.class_labels`)."""
    from kloof.index import CLASS_LABELS, CLASS_LABELS_EN

    assert not set(CLASS_LABELS.values()) & set(CLASS_LABELS_EN.values())
    for lang, labels in ((None, CLASS_LABELS), ("nl", CLASS_LABELS), ("en", CLASS_LABELS_EN)):
        params = {"lang": lang} if lang else {}
        region = client.get("/api/v1/index/wijk/WK059910", params=params).json()["scores"]
        assert region["class_label"] == labels[region["class"]], lang
        page = client.get("/api/v1/index/wijk", params={**params, "limit": 1000}).json()
        assert {r["class_label"] for r in page["items"]} <= set(labels.values()), lang
        profile = client.get("/api/v1/profiles/WK059910", params=params).json()["index"]
        assert profile["class_label"] == region["class_label"]
        layer = client.get("/api/v1/map/gemeente", params={**params, "layer": "class"}).json()
        legend = [e["label"] for e in layer["kloof"]["legend"]]
        assert legend == [f"{k} {labels[k]}" for k in range(1, 10)], lang
    client.cookies.set("kloof_lang", "en")
    region = client.get("/api/v1/index/wijk/WK059910").json()["scores"]
    assert region["class_label"] in CLASS_LABELS_EN.values()
