"""Charts drawn by matplotlib (kloof.report.figures), tables in scroll containers
(kloof.report.reflow) and the map legend (kloof.report.charts): no store needed."""

from __future__ import annotations

import re

import pytest

from kloof.report.charts import format_decimal, legend_entries, recount_legend
from kloof.report.figures import bar_chart_svg, line_chart_svg, responsive_bar_chart
from kloof.report.reflow import wrap_tables

LONG = "Personen met WW, bijstand en/of AO-uitkering per 1 000 inwoners"


def _texts(svg: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", t).strip() for t in re.findall(r"<text\b.*?</text>", svg, re.S)]


def bar_widths(svg: str) -> list[float]:
    """Widths (SVG units) of the patches drawn after the axes background, in order."""
    paths = re.findall(r'<g id="[^"]*patch_(\d+)">\s*<path d="([^"]+)"', svg)
    widths = []
    for number, d in paths:
        xs = [float(x) for x in re.findall(r"[ML] ([-0-9.]+) [-0-9.]+", d)]
        if int(number) > 2 and xs:
            widths.append(max(xs) - min(xs))
    return widths


def axes_width(svg: str) -> float:
    d = re.search(r'<g id="[^"]*patch_2">\s*<path d="([^"]+)"', svg)
    assert d
    xs = [float(x) for x in re.findall(r"[ML] ([-0-9.]+) [-0-9.]+", d.group(1))]
    return max(xs) - min(xs)


def test_bar_chart_is_accessible_svg_with_values_and_reference_line() -> None:
    svg = bar_chart_svg(
        ["Index", LONG, "Wonen"],
        [91.6, 84.3, None],
        title="Domeinscores van Feijenoord",
        reference=100,
        reference_label="Nederland = 100",
    )
    assert svg.startswith('<svg role="img" aria-label="Domeinscores van Feijenoord"')
    assert "<title>Domeinscores van Feijenoord</title>" in svg
    assert 'width="' not in svg.split(">", 1)[0]  # scales with the page (viewBox only)
    texts = _texts(svg)
    assert {"91,6", "84,3", "–", "Nederland = 100", "Index", "Wonen"} <= set(texts)
    # the long label is wrapped over lines, never cut: every word is drawn
    drawn = " ".join(texts)
    assert all(word in drawn for word in LONG.split())
    assert "stroke: #b3001b" in svg  # the reference line


def test_every_value_drawn_is_the_formatted_value_and_bar_lengths_match() -> None:
    values = [91.3, 12.04, 50.0, 0.0]
    svg = bar_chart_svg(
        ["a", "b", "c", "d"],
        values,
        title="p",
        limits=(0.0, 100.0),
        origin=0.0,
        reference=90.0,
        formatter=lambda v: format_decimal(v, "nl", 1),
    )
    texts = _texts(svg)
    for v in values:
        assert format_decimal(v, "nl", 1) in texts
    widths = bar_widths(svg)[: len(values)]  # the bars come first, then the label boxes
    assert len(widths) == len(values)
    for w, v in zip(widths, values, strict=True):
        assert w / axes_width(svg) * 100 == pytest.approx(v, abs=0.2)


def test_two_charts_on_one_page_share_no_ids() -> None:
    a = bar_chart_svg(["x"], [1.0], title="a")
    b = bar_chart_svg(["x"], [1.0], title="b")
    ids_a = set(re.findall(r'id="([^"]+)"', a))
    ids_b = set(re.findall(r'id="([^"]+)"', b))
    assert ids_a and not ids_a & ids_b
    for ref in re.findall(r"url\(#([^)]+)\)", a):
        assert ref in ids_a


def test_responsive_chart_has_a_wide_and_a_phone_layout() -> None:
    svg = responsive_bar_chart([LONG, "b"], [1.0, 2.0], title="t")
    assert svg.count("<svg") == 2
    assert 'class="kloof-chart kloof-chart--wide"' in svg
    assert 'class="kloof-chart kloof-chart--narrow"' in svg


def test_line_chart_draws_both_concentration_measures_with_their_last_values() -> None:
    years = list(range(2024, 2045))
    d = [0.30 + 0.0005 * i for i in range(21)]
    iso = [0.20 + 0.001 * i for i in range(21)]
    svg = line_chart_svg(
        years,
        {"Ongelijkheidsindex D": d, "Isolatie": iso},
        bands={"Ongelijkheidsindex D": ([v - 0.01 for v in d], [v + 0.01 for v in d])},
        title="Concentratie",
    )
    texts = _texts(svg)
    assert "Ongelijkheidsindex D" in texts and "Isolatie" in texts  # the legend
    assert "0,31" in texts and "0,22" in texts  # the last value of each line
    # the y axis is scaled to the data, so a change of hundredths is visible
    ticks = [t for t in texts if re.fullmatch(r"0,\d+", t)]
    assert ticks and all(0.15 <= float(t.replace(",", ".")) <= 0.35 for t in ticks)


def test_tables_get_a_labelled_focusable_scroll_container_once() -> None:
    page = "<main><table class='x'><caption>Wijken <span>2023</span></caption></table></main>"
    once = wrap_tables(page)
    assert '<div class="kloof-scroll" role="region" tabindex="0" aria-label="Wijken 2023">' in once
    assert wrap_tables(once) == once
    assert 'aria-label="Tabel"' in wrap_tables("<table><tr><td>1</td></tr></table>")


def test_legend_bounds_do_not_overlap_and_missing_is_always_listed() -> None:
    rows = legend_entries((5.5, 8.0), ("#1", "#2", "#3"), [1, 2, 6, 7, 9, 10], "nl")
    assert [r["label"] for r in rows] == ["1,00 – < 5,50", "5,50 – < 8,00", "8,00 – 10,0"]
    again = recount_legend(rows, [6.0, None, 9.5], (5.5, 8.0), extra_missing=4, language="nl")
    assert [r["count"] for r in again] == [0, 1, 1, 5]
    assert again[-1]["label"] == "geen gegevens" and again[-1]["lower"] is None
    english = recount_legend(rows, [1.0], (5.5, 8.0), language="en")
    assert english[-1]["label"] == "no data" and english[-1]["count"] == 0
