"""Issue 19 on the real store: charts agree with their tables, small page fixes (HEAD,
405, favicon, unknown gemeente, API page, legend, Vergelijken, profile, Verdeling)."""

from __future__ import annotations

import html as html_lib
import math
import re
from typing import Any

import pytest

from kloof.report.charts import format_decimal

pytestmark = pytest.mark.realdata


def bar_widths(svg: str) -> list[float]:
    """Widths (SVG units) of the patches drawn after the axes background, in order."""
    widths = []
    for number, d in re.findall(r'<g id="[^"]*patch_(\d+)">\s*<path d="([^"]+)"', svg):
        xs = [float(x) for x in re.findall(r"[ML] ([-0-9.]+) [-0-9.]+", d)]
        if int(number) > 2 and xs:
            widths.append(max(xs) - min(xs))
    return widths


def axes_width(svg: str) -> float:
    d = re.search(r'<g id="[^"]*patch_2">\s*<path d="([^"]+)"', svg)
    assert d
    xs = [float(x) for x in re.findall(r"[ML] ([-0-9.]+) [-0-9.]+", d.group(1))]
    return max(xs) - min(xs)


def _cache(app: Any) -> Any:
    return app.state.kloof.cache()


def _section(page: str, heading_id: str) -> str:
    start = page.index(f'id="{heading_id}"')
    return page[start : page.index("</section>", start)]


def _table_rows(page: str, table_id: str) -> list[list[str]]:
    table = page[page.index(f'id="{table_id}"') :]
    table = table[: table.index("</table>")]
    body = table[table.index("<tbody") :]
    rows = []
    for tr in re.findall(r"<tr\b.*?</tr>", body, re.S):
        cells = re.findall(r"<t[hd]\b[^>]*>(.*?)</t[hd]>", tr, re.S)
        rows.append([html_lib.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in cells])
    return rows


@pytest.mark.parametrize("target", ["WK059910", "GM0599", "nplv:rotterdam-zuid"])
def test_percentile_chart_and_table_agree_on_every_indicator(
    client: Any, app: Any, target: str
) -> None:
    from kloof.report.profile import make_profile

    page = client.get(f"/gebied/{target}").text
    profile = make_profile(_cache(app), target, language="nl")
    scored = [r for r in profile.rows if r.direction != "neutral"]
    section = _section(page, "ind-h")
    wide = re.search(r"<svg[^>]*kloof-chart--wide.*?</svg>", section, re.S)
    narrow = re.search(r"<svg[^>]*kloof-chart--narrow.*?</svg>", section, re.S)
    assert wide and narrow
    assert "Kwetsbaarheidspercentiel" in section.split("<figcaption", 1)[1]  # visible caption
    rows = {r[0].split(" (")[0]: r for r in _table_rows(page, "profile-table")}
    header = re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', section)
    col = header.index("Kwetsbaarheidspercentiel")
    for svg in (wide.group(0), narrow.group(0)):
        widths = bar_widths(svg)[: len(scored)]
        texts = {re.sub(r"<[^>]+>", "", t) for t in re.findall(r"<text\b.*?</text>", svg, re.S)}
        for row, width in zip(scored, widths, strict=True):
            shown = format_decimal(row.vulnerability, "nl", 1)
            table_row = rows[row.label]
            assert table_row[col] == shown, row.label  # the table prints the charted number
            if math.isfinite(row.vulnerability):
                assert shown in texts  # the chart prints it at the bar
                assert width / axes_width(svg) * 100 == pytest.approx(row.vulnerability, abs=0.3)


def test_domain_chart_has_the_nederland_100_line(client: Any) -> None:
    section = _section(client.get("/gebied/WK059910").text, "index-h")
    assert section.count("Nederland = 100") >= 2  # one per layout
    assert "stroke: #b3001b" in section


def test_pages_answer_head_and_wrong_methods_with_an_html_405(client: Any) -> None:
    for path in ("/", "/gebieden", "/vergelijken", "/api", "/gebied/GM0599"):
        head = client.head(path)
        assert head.status_code == 200 and head.content == b"", path
        assert head.headers["content-type"].startswith("text/html")
    wrong = client.post("/gebieden")
    assert wrong.status_code == 405 and wrong.headers["allow"] == "GET"
    assert wrong.headers["content-type"].startswith("text/html")
    assert "Dit adres accepteert geen POST-verzoek." in wrong.text
    api = client.post("/api/v1/regions")
    assert api.status_code == 405 and api.json()["error"]["status"] == 405


def test_favicon(client: Any) -> None:
    assert '<link rel="icon" href="/static/img/favicon.svg"' in client.get("/gebieden").text
    for path in ("/favicon.ico", "/static/img/favicon.svg"):
        response = client.get(path)
        assert response.status_code == 200 and response.content.startswith(b"<svg")


def test_unknown_gemeente_is_a_404_with_a_message(client: Any) -> None:
    page = client.get("/?gemeente=GM9999")
    assert page.status_code == 404 and "Onbekende gemeentecode: GM9999" in page.text
    api = client.get("/api/v1/map/wijk?gemeente=GM9999")
    assert api.status_code == 404
    assert api.json()["error"]["message"] == "Onbekende gemeentecode: GM9999"
    assert client.get("/api/v1/map/wijk?gemeente=GM0599").status_code == 200


def test_api_page_lists_every_operation_of_the_openapi_document(client: Any) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    operations = {
        (m.upper(), p) for p, item in spec["paths"].items() for m in item if m != "parameters"
    }
    rows = _table_rows(client.get("/api").text, "inhoud")
    listed = {(r[0], r[1]) for r in rows}
    assert len(operations) >= 27 and listed == operations


def test_legend_has_no_data_row_and_counts_the_drill_down(client: Any, app: Any) -> None:
    national = client.get("/?level=wijk").text
    legend = national[national.index('id="legend-h"') :]
    legend = legend[: legend.index("</section>")]
    counts = [int(c) for c in re.findall(r'kloof-muted">\((\d+)\)', legend)]
    assert "geen gegevens" in legend and "&lt; " in legend  # bounds do not overlap
    drill = client.get("/?gemeente=GM0599").text
    legend = drill[drill.index('id="legend-h"') :]
    legend = legend[: legend.index("</section>")]
    local = [int(c) for c in re.findall(r'kloof-muted">\((\d+)\)', legend)]
    wijken = _cache(app).regions(None, "wijk")
    rotterdam = wijken[wijken["parent_gm"] == "GM0599"]["code"].nunique()
    assert "geen gegevens" in legend
    assert sum(local) < sum(counts) and sum(local) >= 10 and sum(local) <= rotterdam + 5


def test_vergelijken_uses_checkboxes_and_keeps_the_form_for_unavailable_indicators(
    client: Any, app: Any
) -> None:
    from kloof import catalogue
    from kloof.report.profile import profile_indicators
    from kloof.web.tables import resolve_year

    cache = _cache(app)
    cat = catalogue.load()
    per_level = {}
    for level in ("gemeente", "wijk"):
        year = resolve_year(cache, level, None)
        per_level[level] = set(profile_indicators(cat, cache.frame(year, level).columns))
    only = sorted(per_level["gemeente"] - per_level["wijk"])
    assert only, "expected indicators that exist for gemeenten only"
    page = client.get(
        "/vergelijken",
        params=[("level", "wijk"), ("indicator", only[0]), ("indicator", "woz_mean")],
    )
    assert page.status_code == 200
    assert 'type="checkbox"' in page.text and "multiple" not in page.text
    note = page.text[page.text.index('id="unavailable"') :]
    assert "Niet beschikbaar op wijkniveau" in note and cat[only[0]].text("nl") in note[:400]
    assert re.search(r'value="woz_mean" checked', page.text)  # the other choice stays
    assert 'id="compare-table"' in page.text


def test_profile_links_its_gemeente_and_lists_readable_sources(client: Any) -> None:
    page = client.get("/gebied/WK059910").text
    assert '<a class="utrecht-link" href="/?gemeente=GM0599"' in page
    members = _section(page, "members-h")
    assert ">WK059910<" not in members  # a wijk is not its own Deelgebied
    sources = _section(page, "src-h")
    assert "CBS Kerncijfers wijken en buurten" in sources
    assert not re.search(r"\b(kwb|statline|mapping|crosswalk):[0-9a-f]{8}", sources)
    assert len(re.findall(r"<li", sources)) < 15
    gemeente = client.get("/gebied/GM0599").text
    assert 'href="/?gemeente=GM0599"' in gemeente
    assert ">WK059910<" in _section(gemeente, "members-h")
    facts = _section(gemeente, "summary-h")
    assert re.search(r"Klasse</dt><dd>\d – ", facts) and re.search(r"Deciel \d+\)", facts)


def test_profile_names_a_unit_once(client: Any) -> None:
    # "Bijstand per 1 000 inwoners (per 1 000 inwoners)": a label that says its unit
    # gets no unit after it; one that does not still does ("Wmo-cliënten relatief")
    page = client.get("/gebied/WK059915").text
    heads = [
        html_lib.unescape(re.sub(r"<[^>]+>", "", h))
        for h in re.findall(r'<th scope="row" class="utrecht-table__header-cell">(.*?)</th>', page)
    ]
    repeated = [
        h for h in heads if (m := re.search(r"\(([^()]+)\)$", h)) and m[1] in h[: m.start()]
    ]
    assert not repeated, repeated
    assert any(h.startswith("Bijstand per 1 000 inwoners") for h in heads)
    assert any(re.search(r"relatief \(per 1 000 inwoners\)$", h) for h in heads)


def test_tables_scroll_in_labelled_containers(client: Any) -> None:
    page = client.get("/vergelijken").text
    assert page.count("<table") == page.count('<div class="kloof-scroll" role="region"')
    assert re.search(r'class="kloof-scroll" role="region" tabindex="0" aria-label="Gemeenten', page)


def test_verdeling_says_why_a_budget_year_is_ignored(client: Any) -> None:
    page = client.get("/verdeling?budget_year=0").text
    assert "Begrotingsjaar 0 is genegeerd" in page
    schedule = client.get("/verdeling?scenario=gemeentefonds&budget_year=0")
    assert schedule.status_code == 200
    assert "Begrotingsjaar 0 is genegeerd: dit scenario heeft budgetten voor 2025" in schedule.text
    assert client.get("/verdeling?scenario=gemeentefonds").status_code == 200


def test_counts_and_classes_are_whole_numbers(client: Any) -> None:
    focus = client.get("/focusgebieden?min_residents=20000&share=0.1").text
    assert not re.search(r"\d\.\d{3},0\b", focus)  # "78.845,0 inwoners" was the bug
    rows = _table_rows(client.get("/?layer=class").text, "map-table")
    assert rows and all(re.fullmatch(r"[1-9]|–", r[2]) for r in rows)
    compare = client.get("/vergelijken").text
    header = re.findall(r'<th scope="col"[^>]*>\s*<a[^>]*>([^<]*)</a>', compare)
    column = header.index("Klasse")
    assert all(re.fullmatch(r"[1-9]|–", r[column]) for r in _table_rows(compare, "compare-table"))
