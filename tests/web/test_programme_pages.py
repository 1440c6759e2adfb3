"""Focusgebieden, Verdeling and Woningtoewijzing on the real store (pages and JSON API)."""

from __future__ import annotations

import io
import re
import threading
import time
from typing import Any

import pandas as pd
import pytest

pytestmark = pytest.mark.realdata


def _amounts(html: str) -> dict[str, int]:
    return {
        rid: int(amount)
        for rid, amount in re.findall(r'data-recipient="([^"]+)" data-amount="(\d+)"', html)
    }


# ------------------------------------------------------------------------ focus areas
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_focus_page_shows_candidates_and_nplv_comparison(client: Any, lang: str) -> None:
    response = client.get(f"/focusgebieden?lang={lang}&min_residents=20000&share=0.1")
    assert response.status_code == 200
    html = response.text
    assert ("Focus areas" if lang == "en" else "Focusgebieden") in html
    assert 'id="candidate-table"' in html and 'id="area-table"' in html
    assert "Rotterdam-Zuid" in html and "Jaccard" in html
    assert 'aria-current="page"' in html


def test_focus_api_matches_the_criteria(client: Any) -> None:
    body = client.get("/api/v1/spatial/focus/wijk?min_residents=20000&share=0.1").json()
    assert body["criteria"] == {
        "severity": "index",
        "share": 0.1,
        "min_residents": 20000,
        "areas": "nplv",
    }
    assert body["candidates"], "the real data has focus-area candidates"
    assert all(c["residents"] >= 20000 for c in body["candidates"])
    assert all(c["gap"] < 0 for c in body["candidates"])  # below the rest of the country
    comparison = body["comparison"]
    assert len(comparison["areas"]) == 20
    assert 0 <= comparison["summary"]["jaccard"] <= 1
    stricter = client.get("/api/v1/spatial/focus/wijk?min_residents=60000").json()
    assert len(stricter["candidates"]) < len(body["candidates"])


def test_focus_rejects_bad_criteria(client: Any) -> None:
    response = client.get("/api/v1/spatial/focus/wijk?share=2")
    assert response.status_code == 422
    assert "share" in response.json()["error"]["message"]
    assert client.get("/api/v1/spatial/focus/buurt").status_code == 422


# ------------------------------------------------------------------------- allocation
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_allocation_page_sums_to_the_budget(client: Any, lang: str) -> None:
    response = client.get(f"/verdeling?scenario=pmg2025&lang={lang}")
    assert response.status_code == 200
    amounts = _amounts(response.text)
    assert len(amounts) == 28
    assert sum(amounts.values()) == 143_000_000
    assert 'id="explanation-table"' in response.text and 'id="chart-table"' in response.text
    assert "<svg" in response.text


def test_allocation_explanation_shows_the_amount(client: Any) -> None:
    html = client.get("/verdeling?scenario=pmg2025&recipient=rotterdam-zuid&lang=nl").text
    amount = _amounts(html)["rotterdam-zuid"]
    shown = f"€ {amount:,}".replace(",", ".")
    assert f"Waarom {shown} voor Rotterdam-Zuid?" in html
    assert "basisbedrag" in html
    # the need's inputs, source and the composition's confidence (issue 16)
    assert 'id="need-inputs"' in html and "Personen met bijstand" in html  # labels, not ids
    assert "gegevensjaar" in html and 'id="need-confidence"' in html


def test_allocation_budget_edit_scales_the_variable_part(client: Any) -> None:
    base = _amounts(client.get("/verdeling?scenario=pmg2025&lang=nl").text)
    html = client.get("/verdeling?scenario=pmg2025&budget=228000000&lang=nl").text
    edited = _amounts(html)
    assert sum(edited.values()) == 228_000_000
    # €1M base each; the rest (115M → 200M) is split by the same key: linear
    factor = (228_000_000 - 28_000_000) / (143_000_000 - 28_000_000)
    for rid, amount in base.items():
        assert edited[rid] - 1_000_000 == pytest.approx((amount - 1_000_000) * factor, abs=2)
    assert 'id="winners-table"' in html


def _intervals(html: str) -> dict[str, tuple[int, int]]:
    found = re.findall(r'data-robust="([^"]+)" data-low="(\d+)" data-high="(\d+)"', html)
    return {rid: (int(low), int(high)) for rid, low, high in found}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_allocation_page_shows_robustness_intervals(client: Any, lang: str) -> None:
    """The --runs intervals of `kloof allocate` on the page (issue 16): 90% interval and
    P(change > 10%) per funded recipient, Poisson draws of the need's counts."""
    html = client.get(f"/verdeling?scenario=pmg2025&lang={lang}").text
    assert 'id="robust-table"' in html and 'id="robust-none"' not in html
    assert ("Robustness" if lang == "en" else "Robuustheid") in html
    assert ("Poisson count" if lang == "en" else "Poisson-telling") in html
    amounts, intervals = _amounts(html), _intervals(html)
    assert set(intervals) == set(amounts)  # all 28 recipients (fewer than the cap of 40)
    for rid, (low, high) in intervals.items():
        assert low < high, rid
        assert low * 0.98 <= amounts[rid] <= high * 1.02, rid
    # an edited key is rerun on the same (cached) draws: a larger budget, larger bounds
    url = f"/verdeling?scenario=pmg2025&budget=228000000&lang={lang}"
    edited = _intervals(client.get(url).text)
    assert all(edited[rid][0] > low for rid, (low, _) in intervals.items())
    # the same numbers in the JSON API on request
    body = client.get("/api/v1/allocations/pmg2025?robustness=true").json()["robustness"]
    assert body["runs"] == 200 and body["level"] == 0.9
    api = {r["recipient"]: (r["low"], r["high"]) for r in body["recipients"]}
    assert {rid: (round(lo), round(hi)) for rid, (lo, hi) in api.items()} == intervals
    assert "robustness" not in client.get("/api/v1/allocations/pmg2025").json()


def test_allocation_downloads(client: Any) -> None:
    csv = client.get("/api/v1/allocations/pmg2025?format=csv&lang=nl")
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    table = pd.read_csv(io.BytesIO(csv.content), sep=";", decimal=",", encoding="utf-8-sig")
    assert int(table["Bedrag (€)"].sum()) == 143_000_000  # Dutch headers (issue 19)
    xlsx = client.get("/api/v1/allocations/pmg2025?format=xlsx&budget=150000000&lang=nl")
    assert xlsx.status_code == 200
    sheets = pd.read_excel(io.BytesIO(xlsx.content), sheet_name=None, engine="calamine")
    first = next(iter(sheets.values()))
    assert any(int(first[c].sum()) == 150_000_000 for c in first.select_dtypes("number").columns)
    assert len(sheets) >= 3
    assert len(sheets["Robuustheid"]) == 28  # the intervals of the page, per recipient


def test_allocation_api_shapes(client: Any) -> None:
    listing = client.get("/api/v1/allocations").json()
    ids = [s["id"] for s in listing["scenarios"]]
    assert ids == ["dichtdekloof2021", "pmg2025", "gemeentefonds"]
    pmg = next(s for s in listing["scenarios"] if s["id"] == "pmg2025")
    assert pmg["editable"]["budget"] == 143_000_000 and pmg["editable"]["alpha"] == 1
    body = client.get("/api/v1/allocations/pmg2025?alpha=2&recipient=rotterdam-zuid").json()
    assert body["total"] == 143_000_000 and body["edits"] == {"alpha": 2}
    assert {"recipient", "name", "amount", "per_resident"} <= set(body["recipients"][0])
    assert body["explanation"]["recipient"] == "rotterdam-zuid"
    assert sum(line["amount"] for line in body["explanation"]["lines"]) == pytest.approx(
        body["explanation"]["amount"]
    )
    assert body["compare"], "α = 2 moves money between recipients"
    unedited = {r["recipient"]: r["amount"] for r in
                client.get("/api/v1/allocations/pmg2025").json()["recipients"]}  # fmt: skip
    assert unedited == {r["recipient"]: r["amount"] for r in
                        client.get("/api/v1/allocations/pmg-2025?budget=143000000").json()
                        ["recipients"]}  # fmt: skip


@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        ("/api/v1/allocations/nope", 404, "no allocation scenario"),
        ("/api/v1/allocations/pmg2025?budget=5", 400, "exceeds the budget"),
        ("/api/v1/allocations/pmg2025?budget=-1", 422, "budget"),
        ("/api/v1/allocations/pmg2025?budget=100.5", 400, "whole number"),
        ("/api/v1/allocations/gemeentefonds?alpha=2", 400, "no alpha"),
        ("/api/v1/allocations/dichtdekloof2021?budget=100000000", 400, "fixed pots"),
        ("/api/v1/allocations/pmg2025?recipient=atlantis", 400, "not in this allocation"),
        ("/api/v1/allocations/gemeentefonds?budget_year=1999", 400, "schedule"),
    ],
)
def test_allocation_errors_are_json(client: Any, url: str, status: int, words: str) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert words in response.json()["error"]["message"]


def test_allocation_page_error_is_a_page(client: Any) -> None:
    response = client.get("/verdeling?scenario=pmg2025&budget=5&lang=nl")
    assert response.status_code == 400
    assert "<html" in response.text and "exceeds the budget" in response.text


# ---------------------------------------------------------------------------- housing
def _wait(client: Any, url: str, timeout: float = 120) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body: dict[str, Any] = client.get(url).json()
        if body["state"] in ("done", "failed"):
            return body
        time.sleep(0.2)
    raise AssertionError(f"{url} did not finish in {timeout} s")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_simulation_form_renders(client: Any, lang: str) -> None:
    response = client.get(f"/woningtoewijzing?lang={lang}")
    assert response.status_code == 200
    assert 'method="post"' in response.text and "zaanstad-spread" in response.text


def test_simulation_form_counts_regions_at_their_level(client: Any) -> None:
    html = client.get("/woningtoewijzing?lang=nl").text
    assert "76 buurten" in html and "19 wijken" in html  # rotterdam-buurten, zaanstad
    assert "rotterdam-buurten-no-rotterdamwet" in html


def test_simulation_api_runs_to_completion(client: Any) -> None:
    listing = client.get("/api/v1/simulations").json()
    zaanstad = next(s for s in listing["scenarios"] if s["id"] == "zaanstad")
    assert zaanstad["comparable"] == [
        "zaanstad-no-status-priority",
        "zaanstad-restructuring",
        "zaanstad-spread",
    ]
    assert zaanstad["regions"] == 19
    started = client.post(
        "/api/v1/simulations",
        json={"scenario": "zaanstad", "compare": "zaanstad-spread", "runs": 2},
    )
    assert started.status_code == 202
    assert started.headers["location"] == f"/api/v1/simulations/{started.json()['id']}"
    body = _wait(client, started.headers["location"])
    assert body["state"] == "done", body["error"]
    assert body["done"] == body["total"] == 4
    results = body["results"]
    assert results["baseline"] == "zaanstad" and results["runs"] == 2
    base, spread = results["scenarios"]
    assert len(base["regions"]) == 19 and base["displacement"] is None
    row = base["regions"][0]
    for col in ("vulnerable_inflow_share", "vulnerable_share", "key_workers_housed"):
        assert row[f"{col}_p05"] <= row[f"{col}_mean"] <= row[f"{col}_p95"]
    assert "refused_permits_mean" in row
    assert len(base["years"]) >= 20 and base["years"][0]["dissimilarity_mean"] > 0
    assert len(spread["displacement"]) == 19
    # the job page shows the outcome tables and the chart
    page = client.get(f"/woningtoewijzing/{body['id']}?lang=nl")
    assert page.status_code == 200
    assert 'id="regions-1"' in page.text and 'id="displacement-2"' in page.text
    assert "<svg" in page.text and 'http-equiv="refresh"' not in page.text
    assert "Zaandam" in page.text
    # new concentrations flagged (issue 16): Rooswijk rises above LQ 1.5 under spreading
    assert base["concentrations"] is None and spread["concentrations"] is not None
    assert 'id="concentrations-2"' in page.text
    if spread["concentrations"]:
        assert spread["concentrations"][0]["share"] > spread["concentrations"][0]["baseline_share"]
        assert "Nieuwe concentratie door zaanstad-spread" in page.text
    assert "delta_priority_placements_mean" not in spread["displacement"][0]


def test_simulation_form_post_redirects_to_the_job(client: Any) -> None:
    response = client.post(
        "/woningtoewijzing?lang=en",
        data={"scenario": "toy", "compare": "", "runs": "2"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    job_url = response.headers["location"]
    job_id = job_url.split("/")[-1].split("?")[0]
    page = client.get(job_url)
    assert page.status_code == 200 and "<progress" in page.text
    body = _wait(client, f"/api/v1/simulations/{job_id}")
    assert body["state"] == "done"
    assert "Oost" in client.get(job_url).text


@pytest.mark.parametrize(
    ("payload", "status", "words"),
    [
        ({"scenario": "atlantis", "runs": 2}, 400, "no shipped scenario"),
        ({"scenario": "toy", "compare": "zaanstad", "runs": 2}, 400, "other regions"),
        ({"scenario": "toy", "compare": "toy", "runs": 2}, 400, "other than"),
        ({"scenario": "toy", "runs": 51}, 422, "runs"),
        ({"scenario": "toy", "runs": 0}, 422, "runs"),
        ({"runs": 2}, 422, "scenario"),
    ],
)
def test_simulation_bad_requests(
    client: Any, payload: dict[str, Any], status: int, words: str
) -> None:
    response = client.post("/api/v1/simulations", json=payload)
    assert response.status_code == status
    assert words in response.json()["error"]["message"]


def test_unknown_job_is_404(client: Any) -> None:
    response = client.get("/api/v1/simulations/0123456789abcdef")
    assert response.status_code == 404 and response.json()["error"]["message"]
    assert client.get("/woningtoewijzing/0123456789abcdef").status_code == 404


def test_job_limit_answers_429_at_once(settings: Any) -> None:
    from fastapi.testclient import TestClient

    from kloof.web import create_app

    app = create_app(settings)
    release = threading.Event()
    with TestClient(app) as own:
        jobs = app.state.kloof_jobs
        for _ in range(jobs.max_running + jobs.max_waiting):
            jobs.submit("block", {}, 1, lambda progress: release.wait(30))
        t0 = time.monotonic()
        response = own.post("/api/v1/simulations", json={"scenario": "toy", "runs": 1})
        assert response.status_code == 429 and time.monotonic() - t0 < 5
        assert "try again" in response.json()["error"]["message"]
        assert response.headers["retry-after"]
        form = own.post("/woningtoewijzing?lang=nl", data={"scenario": "toy", "runs": "1"})
        assert form.status_code == 429 and 'role="alert"' in form.text
        release.set()
        deadline = time.monotonic() + 10
        while jobs.active() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert (
            own.post("/api/v1/simulations", json={"scenario": "toy", "runs": 1}).status_code == 202
        )


def test_allocation_form_fields_empty_or_dutch(client: Any) -> None:
    empty = "budget=&alpha=&base=&floor=&cap="
    response = client.get(f"/verdeling?scenario=pmg2025&{empty}&lang=nl")
    assert response.status_code == 200 and sum(_amounts(response.text).values()) == 143_000_000
    dutch = client.get("/verdeling?scenario=pmg2025&budget=228.000.000&alpha=&lang=nl")
    assert sum(_amounts(dutch.text).values()) == 228_000_000
    bad = client.get("/verdeling?scenario=pmg2025&budget=veel&lang=nl")
    assert bad.status_code == 400 and "geen getal" in bad.text and "not a number" not in bad.text
