"""Area profiles: hand-checkable numbers, and the same numbers in HTML, PDF and XLSX."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from kloof.catalogue import load
from kloof.report.areas import combine
from kloof.report.charts import classify, format_number, quantile_breaks
from kloof.report.i18n import texts
from kloof.report.profile import percentile
from kloof.report.targets import UnknownTargetError, parse_target_text, resolve_target


def test_combine_sums_counts_and_recomputes_rates() -> None:
    frame = pd.DataFrame(
        {
            "inhabitants": [100.0, 300.0, 50.0],
            "bijstand_recipients": [5.0, 3.0, np.nan],
            "income_per_inhabitant": [20.0, 40.0, 30.0],
        },
        index=["WK000101", "WK000102", "WK000103"],
    )
    frame = load().derive(frame)
    out = combine(frame, ["WK000101", "WK000102", "WK000103"])
    assert out["inhabitants"] == 450
    assert out["bijstand_recipients"] == 8
    # rate from members with both parts known: 8 / 400 × 1000
    assert out["bijstand_per_1000"] == pytest.approx(20.0)
    # mean weighted by inhabitants: (100·20 + 300·40 + 50·30) / 450
    assert out["income_per_inhabitant"] == pytest.approx(15500 / 450)


def test_percentile_and_flags_follow_the_index_rule() -> None:
    from kloof.index.classes import svi_flags, vulnerability_percentile
    from kloof.report.profile import FLAG_PERCENTILE

    values = pd.Series([1.0, 2.0, 3.0, 4.0, np.nan])
    assert percentile(values, 3.0) == pytest.approx(200 / 3)  # PERCENTRANK.INC
    assert np.isnan(percentile(values, np.nan))
    # one rule for profiles and the index: a profile flags exactly what the index flags
    rng = np.random.default_rng(3)
    frame = pd.DataFrame({"up": rng.integers(0, 30, 200), "down": rng.normal(size=200)})
    directions = {"up": "higher_is_worse", "down": "higher_is_better"}
    flags = svi_flags(frame.astype(float), directions)
    for col, way in directions.items():
        vul = [vulnerability_percentile(frame[col].to_numpy(float), x, way) for x in frame[col]]
        assert ((np.array(vul) >= FLAG_PERCENTILE) == flags[col].to_numpy()).all()


def test_classes_and_numbers() -> None:
    assert quantile_breaks([1, 2, 3, 4], 2) == (2.5,)
    assert classify([1, 2.5, 4, np.nan], (2.5,)).tolist() == [0, 1, 1, -1]
    # one rule for map classes and index classes: a value on a break is in the upper class
    from kloof.index import CLASS_BREAKS
    from kloof.index.classes import classify as index_class

    edges = np.array(CLASS_BREAKS, dtype=float)
    assert (classify(edges, CLASS_BREAKS) + 1 == index_class(edges, CLASS_BREAKS)).all()
    assert format_number(1234.6, "nl") == "1.235" and format_number(12.345, "en") == "12.3"
    assert format_number(np.nan) == "–"


def test_texts_exist_in_both_languages() -> None:
    assert set(texts("nl")) == set(texts("en"))
    assert (texts("nl")["map"], texts("en")["map"]) == ("Kaart", "Map")


def test_target_text() -> None:
    assert parse_target_text("nplv/rotterdam-zuid") == ("area", "nplv", "rotterdam-zuid")
    assert parse_target_text("wk059910") == ("region", "", "WK059910")
    assert parse_target_text("Den Haag") == ("name", "", "Den Haag")
    regions = pd.DataFrame(
        {
            "code": ["GM0599", "WK059910"],
            "year": [2023, 2023],
            "level": ["gemeente", "wijk"],
            "name": ["Rotterdam", "Feijenoord"],
            "parent_gm": [None, "GM0599"],
        }
    )
    assert resolve_target("feijenoord", regions).key == "WK059910"
    assert resolve_target("rotterdam-zuid", regions).codes == ("WK059910", "WK059912", "WK059915")
    with pytest.raises(UnknownTargetError):
        resolve_target("GM0363", regions)


@pytest.fixture(scope="module")
def cache(web_store: Path) -> Iterator[Any]:
    from kloof.report import FrameCache
    from kloof.store import open_store

    store = open_store(web_store, read_only=True)
    yield FrameCache(store)
    store.close()


@pytest.mark.realdata
def test_pdf_renders_name_and_index(cache: Any, tmp_path: Path) -> None:
    from pypdf import PdfReader

    from kloof.report import make_profile, render_profile_file

    out = render_profile_file(cache, "nplv:rotterdam-zuid", tmp_path / "zuid.pdf")
    reader = PdfReader(str(out))
    assert 2 <= len(reader.pages) <= 12
    text = " ".join(p.extract_text() for p in reader.pages)
    profile = make_profile(cache, "nplv:rotterdam-zuid")
    assert "Rotterdam-Zuid" in text
    assert format_number(profile.index["score"], "nl") in text


@pytest.mark.realdata
def test_xlsx_and_html_carry_the_same_numbers(cache: Any, tmp_path: Path) -> None:
    from kloof.report import make_profile, render_profile_file

    profile = make_profile(cache, "WK059910", language="en")
    xlsx = render_profile_file(cache, "WK059910", tmp_path / "f.xlsx", language="en")
    sheet = pd.read_excel(xlsx, sheet_name="Indicators", engine="openpyxl")
    expected = profile.to_frame().set_index("indicator")["value"]
    got = sheet.set_index("Indicator")["Value"]  # headers for people, ids in the rows
    pd.testing.assert_series_equal(got, expected, check_names=False)
    html = render_profile_file(cache, "WK059910", tmp_path / "f.html", language="en").read_text()
    assert "Profile of Feijenoord" in html and format_number(profile.index["score"], "en") in html
    assert '<html lang="en">' in html and "<svg" in html


@pytest.mark.realdata
def test_render_all_nplv(cache: Any, tmp_path: Path) -> None:
    from kloof.monitor.areas import builtin
    from kloof.report import render_set

    written = render_set(cache, "nplv", tmp_path, formats=("xlsx",))
    assert len(written) == len(builtin("nplv").known()) and all(p.exists() for p in written)


@pytest.mark.realdata
def test_cli_report_and_serve_signature(web_store: Path, tmp_path: Path) -> None:
    import inspect

    import typer
    from typer.testing import CliRunner

    from kloof.cli import web
    from kloof.cli._common import state

    app = typer.Typer()
    app.command("report")(web.report)
    app.command("serve")(web.serve)
    state.store_path = web_store
    try:
        out = tmp_path / "ams.html"
        result = CliRunner().invoke(app, ["report", "GM0363", "--format", "html", "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert "Amsterdam" in out.read_text()
        bad = CliRunner().invoke(app, ["report", "Nergenshuizen", "--format", "html"])
        assert bad.exit_code == 1 and "Nergenshuizen" in bad.output
    finally:
        state.store_path = None
    params = inspect.signature(web.serve).parameters
    assert params["host"].default == "127.0.0.1" and params["port"].default == 8000


@pytest.mark.realdata
def test_gemeente_column_compares_like_with_like(cache: Any) -> None:
    """A wijk is compared with its gemeente on the wijk scale: the population-weighted
    mean of the gemeente's wijk scores, never the gemeente index (another scale)."""
    import numpy as np

    from kloof.app.indexing import index_result
    from kloof.report import make_profile

    profile = make_profile(cache, "WK059910")  # Feijenoord
    ix = profile.index
    year = profile.year
    wijken = index_result(cache, "wijk", year).scores
    rotterdam = wijken[wijken.index.str.startswith("WK0599")]
    pop = cache.frame(year, "wijk")["inhabitants"].reindex(rotterdam.index)
    expected = float(np.average(rotterdam["index"], weights=pop))
    assert ix["gemeente_score"] == pytest.approx(expected)
    assert ix["gemeente_score"] > ix["score"]  # Feijenoord is below its city
    gm_index = index_result(cache, "gemeente", year).scores.loc["GM0599", "index"]
    assert ix["gemeente_score"] != pytest.approx(gm_index)
    work = next(d for d in ix["domains"] if d["id"] == "work")
    expected_work = float(np.average(rotterdam["work"], weights=pop))
    assert work["gemeente"] == pytest.approx(expected_work)


def test_a_slow_value_blocks_only_its_own_key() -> None:
    """FrameCache: one computation per key; other keys (and store reads) go on."""
    import threading

    from kloof.report import FrameCache
    from kloof.store import open_store

    cache = FrameCache(open_store(":memory:"))
    release, started = threading.Event(), threading.Event()
    calls: list[str] = []

    def slow() -> str:
        calls.append("slow")
        started.set()
        assert release.wait(10)
        return "slow"

    first = threading.Thread(target=lambda: cache.cached("a", slow))
    second = threading.Thread(target=lambda: cache.cached("a", slow))
    first.start()
    assert started.wait(10)
    second.start()
    # while "a" is being computed, another key and a store read answer at once
    assert cache.cached("b", lambda: "fast") == "fast"
    assert cache.status().empty
    release.set()
    first.join(10)
    second.join(10)
    assert calls == ["slow"] and cache.cached("a", slow) == "slow"
