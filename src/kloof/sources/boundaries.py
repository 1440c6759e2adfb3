"""Reader of region boundaries (GeoJSON, GeoPackage, shapefile) into EPSG:28992.

Boundaries come in many shapes: the PDOK *CBS wijken en buurten* service writes WGS84
GeoJSON with ``wijkcode``/``wijknaam`` (or ``buurtcode``, ``gemeentecode``, ``statcode``),
CBS' yearly download writes shapefiles/GeoPackages with ``WK_CODE``/``WK_NAAM`` in
RD New, older extracts use ``WKC``/``WKN``. :func:`read_boundaries` finds the code and
name columns, normalises the codes, takes the year from the argument or the file name,
reprojects to RD New (EPSG:28992, the CRS of the store), repairs invalid polygons
(:func:`shapely.make_valid`) and reports empty geometries and codes that occur in
several features (those are merged into one (multi)polygon, as the store keys
geometries by ``(code, year)``).

A file with several layers (the CBS *Wijk- en Buurtkaart* GeoPackage holds
``gemeenten``, ``wijken`` and ``buurten``) is read layer by layer: every layer with a
region code column is imported (``layer=`` picks one), the others are named in the
notes.

A file without a CRS is read as WGS84 when its coordinates fit the Netherlands in
degrees, as RD New when they fit the RD extent, and rejected otherwise. Coordinates
that fit only with their axes exchanged (latitude first) are refused as swapped, and
coordinates that lie outside the Netherlands in the CRS the file states are refused
as a wrong CRS. GeoJSON files
without a ``crs`` member are WGS84 by specification (RFC 7946); when their coordinates
are clearly metres they are read as RD New, with a note.

Examples
--------
>>> batch = read_boundaries("wijken_2024.geojson")  # doctest: +SKIP
>>> batch.geometries.crs.to_epsg()  # doctest: +SKIP
28992
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from kloof import regions as _regions
from kloof.batch import REGION_COLUMNS, ImportBatch, SourceInfo, file_sha256
from kloof.errors import DataFormatError, quote
from kloof.sources._limits import MAX_CELL_CHARS
from kloof.sources._names import year_in_name

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = [
    "CODE_COLUMNS",
    "RD_NEW",
    "geo_layers",
    "read_boundaries",
    "read_geo_table",
    "to_rd_new",
    "year_from_filename",
]

#: The CRS of every geometry kloof stores (Amersfoort / RD New).
RD_NEW = "EPSG:28992"

#: Known code columns (lower case), finest level first, with the level they hold
#: (``None``: the level comes from the code prefix) and their name column.
CODE_COLUMNS: dict[str, tuple[_regions.Level | None, str]] = {
    "buurtcode": ("buurt", "buurtnaam"),
    "bu_code": ("buurt", "bu_naam"),
    "buc": ("buurt", "bun"),
    "wijkcode": ("wijk", "wijknaam"),
    "wk_code": ("wijk", "wk_naam"),
    "wkc": ("wijk", "wkn"),
    "gemeentecode": ("gemeente", "gemeentenaam"),
    "gm_code": ("gemeente", "gm_naam"),
    "gmc": ("gemeente", "gmn"),
    "statcode": (None, "statnaam"),
    "gwb_code_10": (None, "regio"),
    "code": (None, "name"),
}
_PREFIX = {"gemeente": ("GM", 4), "wijk": ("WK", 6), "buurt": ("BU", 8)}
#: Lon/lat box around the Netherlands (degrees) and the RD New extent (metres).
_NL_DEGREES = (2.5, 50.0, 8.0, 54.5)
_RD_EXTENT = (-10_000.0, 280_000.0, 320_000.0, 660_000.0)


def year_from_filename(path: str | Path) -> int | None:
    """The year in a file name: ``gemeenten_2012.geojson`` → 2012.

    Returns ``None`` when the name holds no year.

    Raises
    ------
    DataFormatError
        If the name holds two different years (``van_2016_naar_2024``), or a year
        after next year (:func:`kloof.sources._names.year_in_name`).
    """
    return year_in_name(path)


def geo_layers(path: str | Path) -> list[str]:
    """Names of the vector layers in a file (one for GeoJSON and shapefiles).

    Returns an empty list when the file cannot be opened as a vector data set (the
    reader then says why).
    """
    import pyogrio

    try:
        with warnings.catch_warnings():  # a damaged file: the reader says why, once
            warnings.simplefilter("ignore", RuntimeWarning)
            return [str(name) for name in pyogrio.list_layers(Path(path))[:, 0]]
    except Exception:  # pyogrio/GDAL raise their own error classes
        return []


def read_geo_table(
    path: str | Path, *, read_geometry: bool = True, layer: str | None = None
) -> Any:
    """Read a GeoJSON/GeoPackage/shapefile layer with pyogrio (``layer``: default the first).

    Attributes missing in some features (GeoJSON) become missing values: the columns
    are the union of all features' keys.

    Raises
    ------
    DataFormatError
        If the file is missing, truncated or not a vector data set.
    """
    import pyogrio

    p = Path(path)
    if not p.is_file():
        raise DataFormatError("no such file", path=p)
    try:
        with warnings.catch_warnings():  # GDAL's complaints about a damaged file: the
            warnings.simplefilter("ignore", RuntimeWarning)  # error below says it once
            return pyogrio.read_dataframe(p, read_geometry=read_geometry, layer=layer)
    except Exception as exc:  # pyogrio/GDAL raise their own error classes
        raise DataFormatError(
            f"cannot read this file as GeoJSON/GeoPackage/shapefile "
            f"({type(exc).__name__}: {exc}); is it truncated or of another format?",
            path=p,
        ) from None


def _inside(bounds: Any, box: tuple[float, float, float, float]) -> bool:
    x0, y0, x1, y1 = (float(b) for b in bounds)
    return box[0] <= x0 and box[1] <= y0 and x1 <= box[2] and y1 <= box[3]


def to_rd_new(gdf: gpd.GeoDataFrame, *, path: object = None) -> tuple[gpd.GeoDataFrame, list[str]]:
    """Reproject to EPSG:28992 and repair geometries; return the frame and notes.

    * no CRS: WGS84 if the coordinates fit the Netherlands in degrees, RD New if they
      fit the RD extent, else an error;
    * CRS WGS84 but coordinates in metres (GeoJSON without ``crs`` member written in
      RD): read as RD New;
    * invalid polygons are repaired with :func:`shapely.make_valid` (``structure``
      method, polygonal parts kept) after reprojection, and counted.

    Raises
    ------
    DataFormatError
        If the CRS is missing and the coordinates fit neither WGS84 nor RD New.
    """
    import shapely

    notes: list[str] = []
    arr = gdf.geometry.to_numpy()
    valid = ~(shapely.is_missing(arr) | shapely.is_empty(arr))
    bounds = gdf.geometry[valid].total_bounds if bool(valid.any()) else None
    in_degrees = bounds is not None and _inside(bounds, _NL_DEGREES)
    in_metres = bounds is not None and _inside(bounds, _RD_EXTENT)
    if bounds is not None and not (in_degrees or in_metres):
        swapped = (bounds[1], bounds[0], bounds[3], bounds[2])
        boxes = ((_NL_DEGREES, "latitude and longitude"), (_RD_EXTENT, "x and y"))
        for nl_box, unit in boxes:
            if _inside(swapped, nl_box):
                raise DataFormatError(
                    f"the coordinates have {unit} swapped (box {_box(bounds)} fits the "
                    f"Netherlands only with the axes exchanged); write the file with the "
                    "axes in the right order (GeoJSON: longitude first)",
                    path=path,
                )
    if gdf.crs is None:
        if in_degrees:
            gdf = gdf.set_crs("EPSG:4326")
            notes.append("no CRS in the file; coordinates are degrees, read as WGS84")
        elif in_metres:
            gdf = gdf.set_crs(RD_NEW)
            notes.append("no CRS in the file; coordinates fit RD New, read as EPSG:28992")
        else:
            box = [] if bounds is None else [round(float(b), 3) for b in bounds]
            raise DataFormatError(
                f"the file has no CRS and its coordinates {box}"
                " fit neither WGS84 degrees nor RD New metres around the Netherlands; "
                "write the file with a CRS (e.g. ogr2ogr -a_srs)",
                path=path,
            )
    elif gdf.crs.to_epsg() == 4326 and bounds is not None and not in_degrees and in_metres:
        gdf = gdf.set_crs(RD_NEW, allow_override=True)
        notes.append("the file says WGS84 but holds RD New metres; read as EPSG:28992")
    stated = gdf.crs.to_string()
    if gdf.crs.to_epsg() != 28992:
        gdf = gdf.to_crs(RD_NEW)
    if bounds is not None:
        arr = gdf.geometry.to_numpy()
        kept = ~(shapely.is_missing(arr) | shapely.is_empty(arr))
        rd = shapely.total_bounds(arr[kept]) if kept.any() else None
        if rd is None or not np.isfinite(rd).all() or not _inside(rd, _RD_EXTENT):
            raise DataFormatError(
                f"in the CRS the file states ({stated}) its coordinates {_box(bounds)} lie "
                "outside the Netherlands; the file's CRS is wrong: write it with the CRS "
                "its coordinates are in",
                path=path,
            )
    geoms = gdf.geometry.to_numpy()
    present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    invalid = present & ~shapely.is_valid(geoms)
    if invalid.any():
        repaired = shapely.make_valid(geoms[invalid], method="structure", keep_collapsed=False)
        geoms = geoms.copy()
        geoms[invalid] = [_polygonal(g) for g in repaired]
        gdf = gdf.set_geometry(pd.Series(geoms, index=gdf.index), crs=RD_NEW)
        notes.append(f"{int(invalid.sum())} invalid geometries repaired (make_valid)")
    return gdf, notes


def _box(bounds: Any) -> list[float]:
    return [round(float(b), 3) for b in bounds]


def _polygonal(geom: Any) -> Any:
    """Keep the polygonal parts of a repaired geometry."""
    import shapely

    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else geom


def _find_code_column(columns: list[str], wanted: str | None, path: Path) -> str:
    if wanted is not None:
        if wanted not in columns:
            raise DataFormatError(
                f"code column {wanted!r} not found; columns are {columns}", path=path
            )
        return wanted
    lower = {c.lower(): c for c in columns}
    for known in CODE_COLUMNS:
        if known in lower:
            return lower[known]
    raise DataFormatError(
        f"no region code column found (known: {', '.join(CODE_COLUMNS)}); columns are "
        f"{columns}; pass code_column=",
        path=path,
    )


def _codes(raw: pd.Series, column: str, level: str | None, path: Path) -> pd.Series:
    """Normalise codes; add a missing prefix where the column or ``level`` tells it."""
    codes = _regions.normalise_series(raw.astype("string"))
    col_level = CODE_COLUMNS.get(column.lower(), (None, ""))[0] or level
    if col_level in _PREFIX:
        prefix, width = _PREFIX[col_level]
        digits = codes.str.fullmatch(rf"[0-9A-Z]{{1,{width}}}").fillna(False)
        digits &= ~codes.str.match(r"^(GM|WK|BU)").fillna(False)
        codes = codes.mask(digits, prefix + codes.str.zfill(width))
    bad = _regions.invalid_codes(codes)
    if bad.any():
        pos = int(bad.to_numpy().nonzero()[0][0])
        raise DataFormatError(
            f"region code {quote(raw.iloc[pos])} does not parse as a CBS code "
            f"({int(bad.sum())} bad codes in all); pass level= if codes lack their prefix",
            path=path,
            row=pos + 1,
            column=column,
        )
    return codes


def read_boundaries(
    path: str | Path,
    *,
    year: int | None = None,
    level: _regions.Level | None = None,
    code_column: str | None = None,
    name_column: str | None = None,
    layer: str | None = None,
) -> ImportBatch:
    """Read region boundaries into an import batch with geometry in EPSG:28992.

    Parameters
    ----------
    path
        GeoJSON, GeoPackage or shapefile. Of a file with several layers every layer
        with a region code column is read (see :func:`geo_layers`).
    year
        Boundary year; by default the year in the file name (``wijken_2024.geojson``).
    level
        Expected level; an error if any code is of another level. Also used to add a
        missing ``GM``/``WK``/``BU`` prefix to bare numeric codes.
    code_column, name_column
        Override the detection (see :data:`CODE_COLUMNS`).
    layer
        Read only this layer of a file with several layers.

    Returns
    -------
    ImportBatch
        ``regions`` (code, year, level, name, parents), ``geometries`` (GeoDataFrame
        ``code, year, geometry`` in EPSG:28992, one row per code) and ``notes``
        (repaired, empty and merged geometries, CRS assumptions).

    Raises
    ------
    DataFormatError
        Unreadable file, no code column, unparseable codes, no year, wrong level, a
        missing CRS with ambiguous coordinates.
    """
    import geopandas as gpd
    import shapely

    p = Path(path)
    if layer is None and code_column is None and name_column is None:
        layers = geo_layers(p)
        if len(layers) > 1:
            return _read_layers(p, layers, year=year, level=level)
    gdf = read_geo_table(p, layer=layer)
    if len(gdf) == 0:
        raise DataFormatError("the file holds no features", path=p)
    if not isinstance(gdf, gpd.GeoDataFrame) or gdf.geometry.isna().all():
        raise DataFormatError("the file holds no geometries", path=p)
    year = year if year is not None else year_from_filename(p)
    if year is None:
        raise DataFormatError(
            "cannot tell the boundary year from the file name; pass year= (--year)", path=p
        )
    columns = [c for c in gdf.columns if c != gdf.geometry.name]
    code_col = _find_code_column(columns, code_column, p)
    if name_column is None:
        lower = {c.lower(): c for c in columns}
        name_column = lower.get(CODE_COLUMNS.get(code_col.lower(), (None, ""))[1])
    elif name_column not in columns:
        raise DataFormatError(
            f"name column {name_column!r} not found; columns are {columns}", path=p
        )
    codes = _codes(gdf[code_col], code_col, level, p)
    hier = _regions.hierarchy(codes)
    if level is not None and not bool((hier["level"] == level).all()):
        other = hier.loc[hier["level"] != level]
        raise DataFormatError(
            f"expected only {level} codes but found {len(other)} others, "
            f"e.g. {other['code'].iloc[0]!r}",
            path=p,
            column=code_col,
        )
    names = (
        gdf[name_column].astype("string").str.strip().replace("", pd.NA)
        if name_column
        else pd.Series(pd.NA, index=gdf.index, dtype="string")
    )
    lengths = names.str.len().fillna(0)
    if len(lengths) and int(lengths.max()) > MAX_CELL_CHARS:
        pos = int(lengths.to_numpy().argmax())
        raise DataFormatError(
            f"a name holds {int(lengths.iloc[pos]):,} characters, more than the limit of "
            f"{MAX_CELL_CHARS:,}: {quote(names.iloc[pos])}",
            path=p,
            row=pos + 1,
            column=name_column,
        )
    gdf, notes = to_rd_new(gdf, path=p)
    frame = gpd.GeoDataFrame(
        {"code": codes.to_numpy(), "name": names.to_numpy()},
        geometry=gdf.geometry.to_numpy(),
        crs=RD_NEW,
    )
    arr = frame.geometry.to_numpy()
    empty = pd.Series(shapely.is_missing(arr) | shapely.is_empty(arr), index=frame.index)
    if empty.any():
        listed = ", ".join(frame.loc[empty, "code"].head(10))
        notes.append(f"{int(empty.sum())} empty geometries, regions kept without shape: {listed}")
    dup = frame["code"].duplicated(keep=False)
    shapes = frame.loc[~empty, ["code", "geometry"]]
    if dup.any():
        twice = sorted(set(frame.loc[dup, "code"]))
        notes.append(
            f"{len(twice)} codes occur in several features, their shapes merged: "
            + ", ".join(twice[:10])
        )
        shapes = shapes.dissolve(by="code", as_index=False, sort=False)
    geometries = gpd.GeoDataFrame(
        {"code": shapes["code"].astype("string").to_numpy(), "year": int(year)},
        geometry=shapes.geometry.to_numpy(),
        crs=RD_NEW,
    )
    regions = hier.assign(year=int(year), name=names.to_numpy())
    regions = regions.drop_duplicates("code").reset_index(drop=True)
    levels = ", ".join(f"{v} {k}" for k, v in regions["level"].value_counts().items())
    notes.insert(
        0,
        f"{len(gdf)} features, {len(regions)} regions ({levels}) in {year}, "
        f"code column {code_col!r}",
    )
    source = SourceInfo.for_content("boundaries", str(p), file_sha256(p))
    return ImportBatch(
        source=source,
        regions=regions.loc[:, list(REGION_COLUMNS)],
        geometries=geometries,
        notes=tuple(notes),
    )


def _read_layers(
    path: Path, layers: list[str], *, year: int | None, level: _regions.Level | None
) -> ImportBatch:
    """Every layer with region codes of a multi-layer file, in one batch."""
    import geopandas as gpd

    batches: list[tuple[str, ImportBatch]] = []
    skipped: list[str] = []
    for name in layers:
        try:
            batches.append((name, read_boundaries(path, year=year, layer=name)))
        except DataFormatError as exc:
            if "no region code column" not in str(exc):
                raise
            skipped.append(name)
    if level is not None:
        batches = [
            (name, _only_level(batch, level))
            for name, batch in batches
            if (batch.regions["level"] == level).any()
        ]
    if not batches:
        raise DataFormatError(
            f"none of the layers {layers} holds {level or 'region'} codes", path=path
        )
    regions = pd.concat([b.regions for _, b in batches], ignore_index=True)
    regions = regions.drop_duplicates(["code", "year"]).reset_index(drop=True)
    shapes = gpd.GeoDataFrame(
        pd.concat([b.geometries for _, b in batches], ignore_index=True),
        geometry="geometry",
        crs=RD_NEW,
    ).drop_duplicates("code")
    notes = [f"layer {name!r}: {note}" for name, b in batches for note in b.notes]
    if skipped:
        notes.append(f"layers without region codes left out: {', '.join(skipped)}")
    return ImportBatch(
        source=batches[0][1].source, regions=regions, geometries=shapes, notes=tuple(notes)
    )


def _only_level(batch: ImportBatch, level: str) -> ImportBatch:
    keep = batch.regions.loc[batch.regions["level"] == level]
    shapes = batch.geometries
    if shapes is not None:
        shapes = shapes[shapes["code"].isin(set(keep["code"]))]
    return ImportBatch(source=batch.source, regions=keep, geometries=shapes, notes=batch.notes)
