"""Boundaries for data: which boundary year goes with a data year, and region shapes.

Boundaries and data need not share a year: the real data has KWB values for 2023 and
wijk boundaries for 2024. :func:`boundary_year` is the one rule every face uses (the
closest year, the later one on a tie; for gemeenten the wijk years count too, because
gemeente shapes can be dissolved from wijken); :func:`region_shapes` reads the shapes,
dissolving wijken by gemeente where the store has no gemeente boundaries.

Examples
--------
>>> from kloof.store import open_store
>>> boundary_year(open_store(":memory:"), "wijk", 2023) is None
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kloof.errors import SpecError

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["boundary_year", "boundary_years", "region_shapes"]


def boundary_years(store: Any, level: str) -> list[int]:
    """Years with boundaries usable at ``level``, ascending.

    For ``gemeente`` the wijk years count when the store has no gemeente boundaries
    (:func:`region_shapes` dissolves them).
    """
    years = store.geometry_years()
    own = years.loc[years["level"] == level, "year"].astype(int).tolist()
    if not own and level == "gemeente":
        own = years.loc[years["level"] == "wijk", "year"].astype(int).tolist()
    return sorted(set(own))


def boundary_year(store: Any, level: str, data_year: int, wanted: int | None = None) -> int | None:
    """The boundary year for data of ``data_year`` at ``level``.

    ``wanted`` (a user's choice) is returned when the store has it and refused with a
    :class:`~kloof.errors.SpecError` when not; otherwise the year closest to
    ``data_year`` (the later one on a tie), or ``None`` without boundaries.
    ``store`` is a :class:`kloof.store.Store` or a :class:`kloof.app.FrameCache`.
    """
    have = boundary_years(store, level)
    if wanted is not None:
        if wanted not in have:
            raise SpecError(f"no {level} boundaries for {wanted}; the store has {have}")
        return wanted
    if not have:
        return None
    return min(have, key=lambda y: (abs(y - data_year), -y))


def region_shapes(store: Any, level: str, year: int) -> gpd.GeoDataFrame:
    """Shapes of ``level`` in ``year`` (EPSG:28992): columns ``code, name, parent_gm, geometry``.

    Gemeente shapes are dissolved from wijken when the store has none for ``year``.
    """
    import geopandas as gpd

    names = store.regions(level=level)
    latest = names.sort_values("year").drop_duplicates("code", keep="last").set_index("code")
    years = store.geometry_years()
    has_own = bool(((years["level"] == level) & (years["year"] == year)).any())
    if has_own:
        gdf = store.geoframe(year, level, indicators=[])
    elif level == "gemeente":
        wijken = store.geoframe(year, "wijk", indicators=[])
        parents = store.regions(year, "wijk").set_index("code")["parent_gm"]
        wijken["gm"] = wijken["code"].map(parents)
        wijken = wijken.dropna(subset=["gm"])
        gdf = wijken.dissolve(by="gm", as_index=False)[["gm", "geometry"]]
        gdf = gdf.rename(columns={"gm": "code"})
        gdf = gpd.GeoDataFrame(gdf, geometry="geometry", crs=wijken.crs)
    else:
        return gpd.GeoDataFrame(
            {"code": [], "name": [], "parent_gm": []}, geometry=[], crs="EPSG:28992"
        )
    gdf["name"] = gdf["code"].map(latest["name"])
    gdf["parent_gm"] = gdf["code"].map(latest["parent_gm"]) if level != "gemeente" else None
    return gdf[["code", "name", "parent_gm", "geometry"]].reset_index(drop=True)
