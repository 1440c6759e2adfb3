"""``kloof spatial`` (hot spots, focus areas, segregation, the gap) and ``kloof map``.

The only place of the spatial analysis that reads the store: it builds frames,
boundaries and neighbour graphs (with :mod:`kloof.cli._spatial_data`) and hands them to
the pure functions of :mod:`kloof.spatial`; maps are drawn by
:mod:`kloof.report.choropleth`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from kloof.cli._columns import domain_labels, indicator_name
from kloof.cli._common import console, guarded, state
from kloof.cli._output import (
    FormatOpt,
    check_format,
    check_indicators,
    check_output,
    emit,
    format_number,
    working,
)
from kloof.cli._spatial_data import data_year as _year
from kloof.cli._spatial_data import data_years as _data_years
from kloof.cli._spatial_data import draw as _draw
from kloof.cli._spatial_data import geo as _geo
from kloof.cli._spatial_data import graph as _graph
from kloof.cli._spatial_data import national_years as _national_years
from kloof.cli._spatial_data import session as _session
from kloof.cli._spatial_data import values as _values
from kloof.cli._spatial_data import write as _write
from kloof.cli._texts import header, note_text, tr
from kloof.errors import SpecError
from kloof.i18n import translate

app = typer.Typer(
    help="Ruimtelijke analyse: hot spots, focusgebieden, segregatie, de kloof "
    "(where the pressure is).",
    no_args_is_help=True,
)

Year = Annotated[int | None, typer.Option(help="Data year (default: the latest).")]
Level = Annotated[str, typer.Option(help="gemeente, wijk or buurt.")]
GeoYear = Annotated[
    int | None, typer.Option(help="Boundary year (default: the closest with boundaries).")
]


def _known_indicator(value: str | None) -> str | None:
    if value is not None:
        from kloof import catalogue

        check_indicators([value], {i.id for i in catalogue.load().indicators})
    return value


def _known_preset(value: str | None) -> str | None:
    if value is not None:
        from kloof.index import presets

        if value not in presets.NAMES:
            raise typer.BadParameter(
                tr(
                    "unknown preset {name!r}; use {choices}",
                    name=value[:80],
                    choices=", ".join(presets.NAMES),
                )
            )
    return value


Indicator = Annotated[
    str | None,
    typer.Option(
        "--indicator",
        "-i",
        help="Indicator id (e.g. bijstand_per_1000).",
        callback=_known_indicator,
    ),
]
IndexOpt = Annotated[
    str | None,
    typer.Option(
        "--index", help="Analyse an index preset (kloof, imd, svi).", callback=_known_preset
    ),
]
Output = Annotated[Path | None, typer.Option("--output", "-o", help=".csv, .xlsx or .gpkg")]
MapOut = Annotated[Path | None, typer.Option("--map", help="Also draw a map (.png or .svg).")]
Seed = Annotated[int, typer.Option(help="Seed of all random draws.")]
Perms = Annotated[int, typer.Option(help="Permutations for pseudo p-values.")]
GraphKind = Annotated[str, typer.Option("--graph", help="queen, rook, distance or knn.")]


def _direction(column: str) -> str:
    """Direction of a column: index and domains are higher-is-better; else the catalogue."""
    from kloof import catalogue

    cat = catalogue.load()
    if column in cat:
        return str(cat[column].direction)
    return "higher_is_better"  # kloof index and its domains: higher = more liveable


@app.command()
@guarded
def hotspots(
    indicator: Indicator = None,
    index: IndexOpt = None,
    year: Year = None,
    level: Level = "wijk",
    geometry_year: GeoYear = None,
    method: Annotated[str, typer.Option(help="lisa (local Moran) or gi_star.")] = "lisa",
    permutations: Perms = 9999,
    seed: Seed = 0,
    alpha: Annotated[float, typer.Option(help="Significance level.")] = 0.05,
    correction: Annotated[str, typer.Option(help="fdr, bonferroni or none.")] = "fdr",
    graph: GraphKind = "queen",
    threshold: Annotated[float | None, typer.Option(help="Distance band (m).")] = None,
    k: Annotated[int, typer.Option(help="Neighbours for --graph knn.")] = 4,
    islands: Annotated[str, typer.Option(help="knn (link) or drop.")] = "knn",
    output: Output = None,
    map_path: MapOut = None,
    fmt: FormatOpt = "table",
) -> None:
    """Hot spots en cold spots (LISA / Gi*) met FDR-correctie en Moran's I."""
    fmt = check_format(fmt)
    check_output(output, (".csv", ".xlsx", ".gpkg"))
    check_output(map_path, (".png", ".svg"), "--map")
    from kloof.spatial.hotspots import HotspotSpec
    from kloof.spatial.hotspots import hotspots as run

    column = _column(indicator, index)
    with state.store(read_only=True) as opened:
        store = _session(opened)
        y = _year(store, level, year, index, indicator)
        values = _values(store, y, level, indicator, index)
        geo, _ = _geo(store, values, level, y, geometry_year)
    g = _graph(geo, graph, threshold, k, islands)
    spec = HotspotSpec(column, method, permutations, seed, alpha, correction)  # type: ignore[arg-type]
    residents = values.get("inhabitants")
    with working(tr("permutations")):
        result = run(values[column], g, spec, residents=residents)
    gm = result.global_moran
    lang = state.lang
    console.print(
        f"Moran's I = {format_number(gm.I, lang, 4)} (pseudo p = "
        f"{format_number(gm.p_sim, lang, 4)}, {format_number(gm.permutations, lang)} perm.)",
        highlight=False,
    )
    for line in result.log:
        console.print(f"[dim]{escape(note_text(line, state.lang))}[/]", highlight=False)
    shown = result.clusters.drop(columns=["codes"])
    # "; " in a table, so that a long list wraps instead of sending the table to the
    # vertical view; ";" in CSV and JSON, as before
    shown["gemeenten"] = shown["gemeenten"].map(("; " if fmt == "table" else ";").join)
    table_max = None if fmt != "table" else 30
    kind = {"label": header("kind", lang)}  # HH/LL or hot/cold
    emit(shown, fmt=fmt, title=tr("clusters"), language=lang, max_rows=table_max, headers=kind)
    if output:
        _write(result.regions, output, geo, layer=f"{method}_{column}")
    if map_path:
        _draw(geo, result.regions, "label", map_path, f"{method} {column} {y}", legend_title=method)


def _column(indicator: str | None, index: str | None) -> str:
    if (indicator is None) == (index is None):
        raise SpecError("give either --indicator or --index")
    return indicator if indicator is not None else "index"


_CRITERION = re.compile(r"^\s*([a-z][a-z0-9_]*)\s*(?:(<=|>=)\s*(-?[0-9.]+))?\s*$")


def _criterion_column(text: str) -> str | None:
    """The column a ``--severity`` criterion names (``index>=80`` → ``index``)."""
    found = _CRITERION.match(text)
    return found.group(1) if found else None


def _severity(text: str, share: float) -> Any:
    from kloof.spatial.focus import Severity

    m = _CRITERION.match(text)
    if m is None:
        raise SpecError(f"severity {text!r}: write COLUMN, COLUMN>=VALUE or COLUMN<=VALUE")
    column, op, value = m.groups()
    if op is not None:
        direction = "higher_is_worse" if op == ">=" else "higher_is_better"
        return Severity(column, direction, threshold=float(value))  # type: ignore[arg-type]
    direction = _direction(column)
    if direction == "neutral":
        raise SpecError(f"{column} has no direction; give a threshold (>= or <=)")
    return Severity(column, direction, share=share)  # type: ignore[arg-type]


@app.command()
@guarded
def focus(
    severity: Annotated[
        list[str], typer.Option("--severity", "-s", help="COLUMN (worst share) or COLUMN>=X / <=X.")
    ],
    index: IndexOpt = None,
    year: Annotated[list[int] | None, typer.Option(help="Years (default: all).")] = None,
    level: Level = "wijk",
    geometry_year: GeoYear = None,
    share: Annotated[float, typer.Option(help="Worst share of regions.")] = 0.10,
    require: Annotated[int | None, typer.Option(help="Criteria that must hold.")] = None,
    min_residents: Annotated[float, typer.Option(help="Minimum residents.")] = 10_000,
    min_years: Annotated[int | None, typer.Option(help="Years a region must qualify.")] = None,
    compare_with: Annotated[
        list[str] | None, typer.Option("--compare", help="Area set: nplv, dichtdekloof.")
    ] = None,
    output: Output = None,
    map_path: MapOut = None,
    fmt: FormatOpt = "table",
) -> None:
    """Focusgebieden: aaneengesloten wijken onder druk (size, severity, duration)."""
    from kloof.spatial.focus import FocusSpec, compare, detect

    fmt = check_format(fmt)
    check_output(output, (".csv", ".xlsx", ".gpkg"))
    check_output(map_path, (".png", ".svg"), "--map")
    lang = state.lang
    if index is None and any(_criterion_column(s) == "index" for s in severity):
        raise typer.BadParameter(tr("-s index needs --index (e.g. --index kloof)"), param_hint="-s")
    spec = FocusSpec(
        severity=tuple(_severity(s, share) for s in severity),
        require=require,
        min_residents=min_residents,
        min_years=min_years,
    )
    with state.store(read_only=True) as opened:
        store = _session(opened)
        years = year or _data_years(store, level, index)
        frames = {y: _values(store, _year(store, level, y), level, None, index) for y in years}
        if not year:
            frames = _national_years(frames)
        latest = max(frames)
        geo, _ = _geo(store, frames[latest], level, latest, geometry_year)
    with working(tr("candidates")):
        result = detect(frames, _graph(geo, "queen", None, 4, "knn"), spec)
    for line in result.log:
        console.print(f"[dim]{escape(note_text(line, state.lang))}[/]", highlight=False)
    candidates = result.table().drop(columns=["members"])
    emit(candidates, fmt=fmt, title=tr("candidates"), language=lang)
    for name in compare_with or []:
        from kloof.monitor.areas import builtin

        cmp = compare(result, builtin(name), frames[latest]["inhabitants"])
        cols = ["id", "regions", "residents", "covered", "jaccard", "candidates", "status"]
        if fmt == "table":
            title = tr("{name}: official areas", name=name)
            areas = cmp.areas[cols].assign(status=cmp.areas["status"].map(translate_to(lang)))
            emit(areas, title=title, language=lang, optional=("candidates",))
        # the figures under their names in the run's language (the ids are in CSV output
        # of --output and in docs/methods-spatial.md)
        summary = "; ".join(
            f"{header(key, lang)}: {format_number(v, lang)}" for key, v in cmp.summary.items()
        )
        console.print(summary, highlight=False)
        for note in cmp.notes:
            console.print(f"[dim]{escape(note_text(note, lang))}[/]", highlight=False)
    if output:
        _write(result.regions, output, geo, layer="focus")
    if map_path:
        _draw(geo, result.regions, "candidate", map_path, "focusgebieden", legend_title="kandidaat")


def translate_to(lang: str) -> Any:
    """A cell's text (a status such as ``covered``) in ``lang`` when the catalogue has it."""
    return lambda value: translate(str(value), lang) if isinstance(value, str) else value


@app.command()
@guarded
def segregation(
    group: Annotated[str, typer.Option(help="Group count, e.g. bijstand_recipients.")],
    total: Annotated[str, typer.Option(help="Population, e.g. inhabitants.")] = "inhabitants",
    group_pct: Annotated[
        bool, typer.Option("--pct", help="The group column is a percentage of --total.")
    ] = False,
    year: Year = None,
    level: Level = "buurt",
    permutations: Annotated[int, typer.Option(help="Evenness-null draws (0: none).")] = 0,
    seed: Seed = 0,
    output: Output = None,
    top: Annotated[int, typer.Option(help="Rows to show.")] = 25,
    fmt: FormatOpt = "table",
) -> None:
    """Segregatie en concentratie per gemeente (D, isolatie, blootstelling, H, LQ)."""
    fmt = check_format(fmt)
    check_output(output, (".csv", ".xlsx", ".gpkg"))
    from kloof.spatial.segregation import SegregationSpec, table

    with state.store(read_only=True) as opened:
        store = _session(opened)
        y = _year(store, level, year, None, group)
        frame = store.frame(y, level, [group, total])
        names = store.regions(y, "gemeente").set_index("code")["name"]
    if group_pct:
        frame[group] = (frame[group] / 100.0 * frame[total]).round()
    result = table(frame, SegregationSpec(group, total, permutations=permutations, seed=seed))
    for line in result.log:
        console.print(f"[dim]{escape(note_text(line, state.lang))}[/]", highlight=False)
    national = ", ".join(
        f"{header(k, state.lang)} {format_number(v, state.lang, 3)}"
        for k, v in result.national.items()
    )
    console.print(f"Nederland: {national}", highlight=False)
    out = result.table.assign(name=result.table["gemeente"].map(names))
    cols = ["rank", "gemeente", "name", "units", "units_missing", "share", "dissimilarity"]
    cols += ["isolation", "entropy"] + (["p_dissimilarity"] if permutations else [])
    emit(
        out[cols],
        fmt=fmt,
        title=tr("segregation {group} {year}", group=indicator_name(group, state.lang), year=y),
        language=state.lang,
        optional=("units_missing", "share", "entropy", "isolation"),
        max_rows=top if fmt == "table" else None,
    )
    if output:
        _write(out, output)


@app.command()
@guarded
def gap(
    indicator: Annotated[
        list[str] | None, typer.Option("--indicator", "-i", help="Indicator id(s).")
    ] = None,
    index: IndexOpt = None,
    year: Annotated[list[int] | None, typer.Option(help="Years (default: all).")] = None,
    level: Level = "wijk",
    share: Annotated[float, typer.Option(help="Worst share of residents.")] = 0.10,
    spatial_gini: Annotated[
        bool, typer.Option("--spatial-gini", help="Also the spatial Gini (needs boundaries).")
    ] = False,
    seed: Seed = 0,
    output: Output = None,
    fmt: FormatOpt = "table",
) -> None:
    """De landelijke kloof: Theil T/L (tussen/binnen gemeenten), Gini, slechtste decielkloof."""
    fmt = check_format(fmt)
    from kloof.app.provenance import store_provenance
    from kloof.spatial.inequality import national_gap

    if not indicator and index is None:
        raise SpecError("give --indicator and/or --index")
    check_output(output, (".csv", ".xlsx", ".gpkg"))
    from kloof import catalogue

    check_indicators(indicator or [], {i.id for i in catalogue.load().indicators})
    with state.store(read_only=True) as opened:
        store = _session(opened)
        years = year or _data_years(store, level, index)
        frames = {y: _values(store, _year(store, level, y), level, None, index) for y in years}
        if not year:
            frames = _national_years(frames)
        graphs = None
        if spatial_gini:
            graphs = {}
            for y, frame in frames.items():
                geo, _ = _geo(store, frame, level, y, None)
                graphs[y] = _graph(geo, "queen", None, 4, "knn")
        prov = store_provenance(
            store, level=level, years=frames, **({"index": index} if index else {})
        )
    from kloof.index import presets

    columns = {c: _direction(c) for c in indicator or []}
    if index is not None:
        parts = presets.load(index).domain_ids if index in presets.NAMES else ()
        columns.update(
            {c: "higher_is_better" for c in ("index", *parts) if c in frames[max(frames)].columns}
        )
    result = national_gap(frames, columns, share=share, graphs=graphs, seed=seed, provenance=prov)  # type: ignore[arg-type]
    for line in result.log:
        console.print(f"[dim]{escape(note_text(line, state.lang))}[/]", highlight=False)
    cols = ["year", "column", "regions", "missing", "t", "t_between", "t_within", "l", "gini"]
    cols += ["worst_mean", "rest_mean", "gap"] + (["spatial_gini_p"] if spatial_gini else [])
    shown = result.table[cols]
    if fmt == "table":  # indicators and index domains by their names, not their ids
        names = {i.id: i.text(state.lang) for i in catalogue.load().indicators}
        if index is not None and index in presets.NAMES:
            names.update(domain_labels(presets.load(index), state.lang), index=tr("Index"))
        shown = shown.assign(column=[names.get(c, c) for c in shown["column"]])
    emit(
        shown,
        fmt=fmt,
        title=tr("the gap"),
        language=state.lang,
        optional=("missing", "t_between", "t_within", "l", "rest_mean", "worst_mean"),
    )
    if output:
        _write(result.table, output)


@guarded
def map_command(
    output: Annotated[Path, typer.Argument(help="Map file: .png, .svg, .gpkg or .geojson.")],
    indicator: Indicator = None,
    index: IndexOpt = None,
    year: Year = None,
    level: Level = "wijk",
    geometry_year: GeoYear = None,
    scheme: Annotated[
        str, typer.Option(help="quantiles, natural_breaks, equal_interval, ...")
    ] = "quantiles",
    k: Annotated[int, typer.Option(help="Number of classes.")] = 5,
    areas: Annotated[
        str | None, typer.Option("--areas", help="Outline an area set: nplv, dichtdekloof.")
    ] = None,
    title: Annotated[str | None, typer.Option(help="Title above the map.")] = None,
) -> None:
    """Kaart van een indicator of index (choropleth, Dutch legend; or a QGIS layer)."""
    from kloof.report.choropleth import choropleth, export_layers, save

    check_output(output, (".png", ".svg", ".gpkg", ".geojson"), "OUTPUT")
    column = _column(indicator, index)
    with state.store(read_only=True) as opened:
        store = _session(opened)
        y = _year(store, level, year, index, indicator)
        values = _values(store, y, level, indicator, index)
        geo, _ = _geo(store, values, level, y, geometry_year)
    geo = geo[geo.geometry.notna() & ~geo.geometry.is_empty]
    if output.suffix.lower() in (".gpkg", ".geojson"):
        export_layers({f"{column}_{y}": geo[["code", "name", column, "geometry"]]}, output)
        console.print(tr("layer → {path}", path=output), highlight=False)
        return
    outlines = _outlines(geo, areas) if areas else None
    fig = choropleth(
        geo,
        column,
        title=title or f"{column} {y}",
        scheme=scheme,
        k=k,
        direction=_direction(column),
        outlines=outlines,
        outline_label=f"{areas}-gebieden" if areas else "",
    )
    save(fig, output)
    console.print(tr("map → {path}", path=output), highlight=False)


def _outlines(geo: Any, set_name: str) -> Any:
    """Dissolved outlines of the areas of a set (wijk codes; buurten as their wijk)."""
    import pandas as pd

    from kloof.monitor.areas import builtin

    rows = []
    for area in builtin(set_name):
        codes = {("WK" + c[2:8]) if c.startswith("BU") else c for c in area.codes}
        part = geo[geo["code"].isin(codes)]
        if len(part):
            rows.append(part.assign(area=area.id)[["area", "geometry"]])
    if not rows:
        return None
    return pd.concat(rows).dissolve("area").reset_index()
