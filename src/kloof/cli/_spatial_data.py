"""What the spatial commands read from the store: values, boundaries, neighbours, years.

Helpers of :mod:`kloof.cli.spatial` (``kloof spatial`` and ``kloof map``): they open
nothing themselves but read an opened store (wrapped in a :class:`kloof.app.FrameCache`
by :func:`session`, so each index is built once a run), print what they decided on
standard error's console, and write results and maps.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from kloof.cli._common import console
from kloof.cli._texts import language, tr
from kloof.errors import SpecError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "data_year",
    "data_years",
    "draw",
    "geo",
    "geo_year",
    "graph",
    "national_years",
    "neighbours",
    "session",
    "values",
    "write",
]


def data_years(store: Any, level: str, index: str | None = None) -> list[int]:
    """Years with values at ``level`` (with ``index``: years the index can be built)."""
    from kloof.app.years import data_years, index_years

    return index_years(store, level, index) if index else data_years(store, level)


def national_years(frames: dict[int, pd.DataFrame]) -> dict[int, pd.DataFrame]:
    """Default years: those covering at least half as many regions as the best year.

    A year with data for one gemeente only (Amsterdam's 2017 and 2019 files) would
    otherwise decide national duration criteria and trends.
    """
    most = max(len(f) for f in frames.values())
    kept = {y: f for y, f in frames.items() if len(f) >= most / 2}
    for y in sorted(set(frames) - set(kept)):
        console.print(
            tr(
                "{year}: only {n} regions (not national); left out of the default years, "
                "pass --year to include it",
                year=y,
                n=len(frames[y]),
            ),
            style="dim",
            highlight=False,
        )
    return kept


def data_year(
    store: Any, level: str, year: int | None, index: str | None = None, column: str | None = None
) -> int:
    """The data year: ``year``, else the default of :func:`kloof.app.years.resolve_year`."""
    from kloof.app.years import resolve_year

    spec = None if column else index
    return resolve_year(store, level, year, spec=spec, columns=(column,) if column else ())


def geo_year(store: Any, level: str, year: int, wanted: int | None) -> int:
    """The boundary year for data of ``year`` (``wanted`` if given); none is an error."""
    from kloof.app.geometry import boundary_year

    found = boundary_year(store, level, year, wanted)
    if found is None:
        raise SpecError(f"no {level} boundaries in the store; import a boundary file first")
    return found


def session(store: Any) -> Any:
    """The store behind a :class:`kloof.app.FrameCache`: each index is built once a run."""
    from kloof.app.cache import FrameCache

    return store if isinstance(store, FrameCache) else FrameCache(store)


def values(
    store: Any, year: int, level: str, indicator: str | None, index: str | None
) -> pd.DataFrame:
    """The values of ``level`` in ``year``, joined with the scores of ``index`` if given."""
    frame = store.frame(year, level)
    if index is not None:
        from kloof.app.indexing import index_result

        result = index_result(session(store), level, year, index)
        scores = result.to_frame(language=language()).set_index("code")
        frame = frame.join(scores.drop(columns=[c for c in scores.columns if c in frame.columns]))
    if indicator is not None and indicator not in frame.columns:
        raise SpecError(f"indicator {indicator!r} has no {level} values in {year}")
    return frame


def geo(
    store: Any, values: pd.DataFrame, level: str, year: int, wanted: int | None
) -> tuple[Any, Any]:
    """``values`` on the boundaries of :func:`geo_year` (says which year, and how they fit)."""
    from kloof.spatial.graph import attach_values

    gy = geo_year(store, level, year, wanted)
    shapes = store.geoframe(gy, level, [])
    joined, report = attach_values(shapes[["code", "name", "geometry"]], values)
    fit = tr(
        "{n} boundary regions without values, {m} value regions without boundaries",
        n=_count(len(report.boundaries_only)),
        m=_count(len(report.values_only)),
    )
    console.print(
        tr("data {year} on boundaries {geo_year}: {report}", year=year, geo_year=gy, report=fit),
        highlight=False,
    )
    return joined, report


def _count(n: float, decimals: int = 0) -> str:
    from kloof.cli._format import format_number

    return format_number(n, language(), decimals)


def neighbours(summary: dict[str, Any]) -> str:
    """The summary of a neighbour graph as a sentence in the run's language."""
    counts = ("regions", "links", "islands", "attached", "dropped", "multipart", "components")
    try:
        numbers = {key: _count(summary[key]) for key in counts}
        mean = _count(summary["mean_neighbours"], 1)
    except (KeyError, TypeError, ValueError):  # another summary: its items as written
        items = ", ".join(f"{key} {value}" for key, value in summary.items())
        return tr("neighbours: {summary}", summary=items)
    return tr(
        "neighbours ({kind}): {regions} regions, {links} links, {mean} on average; "
        "islands: {islands} ({attached} linked, {dropped} left out); in several parts: "
        "{multipart}; connected parts: {components}",
        kind=summary.get("kind", ""),
        mean=mean,
        **numbers,
    )


def graph(joined: Any, kind: str, threshold: float | None, k: int, islands: str) -> Any:
    """The neighbour graph of the regions with a boundary (says how many neighbours)."""
    from kloof.spatial.graph import GraphSpec, build

    spec = GraphSpec(kind=kind, threshold=threshold, k=k, islands=islands)  # type: ignore[arg-type]
    with_geom = joined[joined.geometry.notna() & ~joined.geometry.is_empty]
    graph = build(with_geom, spec)
    console.print(neighbours(graph.summary()), highlight=False)
    return graph


def write(frame: pd.DataFrame, path: Path, geo: Any = None, layer: str = "result") -> None:
    """``frame`` to ``path``: CSV, Excel (:func:`kloof.store.export.write_table`: the
    conventions of :mod:`kloof.spreadsheet`), or a layer of a GeoPackage/GeoJSON with
    ``geo``."""
    suffix = path.suffix.lower()
    if suffix in (".csv", ".xlsx"):
        from kloof.store.export import write_table

        write_table(frame, path, sheet=layer, language=language())
    elif suffix in (".gpkg", ".geojson") and geo is not None:
        import geopandas as gpd

        from kloof.report.choropleth import export_layers

        shapes = geo[["code", "geometry"]].merge(frame, on="code", how="right")
        export_layers({layer: gpd.GeoDataFrame(shapes, geometry="geometry", crs=geo.crs)}, path)
    else:
        raise SpecError(f"cannot write {suffix!r} here; use .csv, .xlsx or .gpkg")
    console.print(f"→ {path}")


def draw(geo: Any, frame: pd.DataFrame, column: str, path: Path, title: str, **kw: Any) -> None:
    """A choropleth of ``column`` of ``frame`` on ``geo``, saved to ``path``."""
    from kloof.report.choropleth import choropleth, save

    data = geo[["code", "geometry"]].merge(frame[["code", column]], on="code", how="left")
    save(choropleth(data, column, title=title, **kw), path)
    console.print(tr("map → {path}", path=path), highlight=False)
