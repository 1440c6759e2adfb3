"""Preparing an import batch for the store: every table checked before anything is written.

:func:`prepare` turns an :class:`~kloof.batch.ImportBatch` into the rows of the store's
tables, or raises :class:`~kloof.errors.StoreError` naming the file and the first bad
row (invalid or duplicate region codes, indicators the catalogue does not know,
duplicate values, geometries without their region), so a failed batch never reaches the
database. :class:`IngestReport` says what one import wrote.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from kloof import catalogue as _catalogue
from kloof import regions as _regions
from kloof.batch import CROSSWALK_COLUMNS, OBSERVATION_COLUMNS, REGION_COLUMNS, ImportBatch
from kloof.errors import StoreError
from kloof.store import checks as _checks

__all__ = ["RD_NEW", "IngestReport", "Tables", "prepare"]

#: The store's coordinate reference system (RD New).
RD_NEW = "EPSG:28992"


@dataclass(frozen=True)
class IngestReport:
    """What one :meth:`Store.ingest` did.

    Attributes
    ----------
    source_id
        Provenance id of the batch.
    skipped
        ``True`` when the same content was imported before (nothing changed).
    regions, observations, geometries, crosswalk
        Rows written per table.
    years
        Years the batch covers.
    changed
        Stored values this batch replaced by a different one (only with ``replace``).
    blanked
        Of those, known values that became missing.
    geometries_changed
        Stored boundaries this batch replaced by a different shape (only with
        ``replace``; :mod:`kloof.store.replacing`).
    kept
        Values of a supplement batch (:attr:`kloof.batch.ImportBatch.supplement`) not
        written because the store (or an earlier batch of the same import) already held
        a value for them.
    """

    source_id: str
    skipped: bool
    regions: int = 0
    observations: int = 0
    geometries: int = 0
    crosswalk: int = 0
    years: tuple[int, ...] = ()
    changed: int = 0
    blanked: int = 0
    kept: int = 0
    geometries_changed: int = 0


#: Regions, observations, geometries (or ``None``) and crosswalk rows (or ``None``).
Tables = tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame | None, pd.DataFrame | None]


def prepare(batch: ImportBatch, *, partial: bool = False) -> Tables:
    """The checked table rows of ``batch`` (see the module docstring).

    Besides the contract checks, the values must be plausible and the file complete
    (:mod:`kloof.store.checks`); ``partial`` accepts a file whose own totals say that
    regions are missing.

    Raises
    ------
    StoreError, DataFormatError
        Naming the file and the first bad rows; nothing is written then.
    """
    loc = batch.source.location
    regions = _check_regions(batch.regions, loc)
    obs = _check_observations(batch.observations, loc)
    _checks.check_batch(regions, obs, location=loc, partial=partial, field_name=_field_namer(batch))
    xwalk = None
    if batch.crosswalk is not None:
        missing = [c for c in CROSSWALK_COLUMNS if c not in batch.crosswalk.columns]
        if missing:
            raise StoreError(f"{loc}: reader produced a crosswalk without columns {missing}")
        xwalk = batch.crosswalk.loc[:, list(CROSSWALK_COLUMNS)]
        _checks.check_crosswalk(xwalk, location=loc)
    geoms = None
    if batch.geometries is not None:
        geoms = _geometry_rows(batch.geometries, loc)
    if geoms is not None and len(geoms):
        known = set(zip(regions["code"], regions["year"], strict=True)) if len(regions) else set()
        orphans = [
            c for c, y in zip(geoms["code"], geoms["year"], strict=True) if (c, y) not in known
        ]
        if orphans:
            raise StoreError(f"{loc}: geometry for {orphans[0]} without a region row")
    return regions, obs, geoms, xwalk


def _check_regions(frame: pd.DataFrame, location: str) -> pd.DataFrame:
    if not len(frame):
        return frame
    missing = [c for c in REGION_COLUMNS if c not in frame.columns]
    if missing:
        raise StoreError(f"{location}: reader produced regions without columns {missing}")
    out = frame.loc[:, list(REGION_COLUMNS)].copy()
    bad = _regions.invalid_codes(out["code"])
    if bad.any():
        raise StoreError(f"{location}: invalid region code {out['code'][bad].iloc[0]!r}")
    if out.duplicated(["code", "year"]).any():
        dup = out.loc[out.duplicated(["code", "year"]), "code"].iloc[0]
        raise StoreError(f"{location}: region {dup} appears twice for the same year")
    out["year"] = out["year"].astype("int32")
    for col in ("code", "level", "name", "parent_gm", "parent_wk"):
        out[col] = out[col].astype("string")
    return out


def _check_observations(frame: pd.DataFrame, location: str) -> pd.DataFrame:
    if not len(frame):
        return frame
    out = frame.loc[:, list(OBSERVATION_COLUMNS)].copy()
    cat = _catalogue.load()
    unknown = sorted({i for i in out["indicator"].unique() if i not in cat})
    if unknown:
        raise StoreError(f"{location}: indicators not in the catalogue: {unknown}")
    if out.duplicated(["code", "year", "indicator"]).any():
        dup = out.loc[out.duplicated(["code", "year", "indicator"])].iloc[0]
        raise StoreError(
            f"{location}: {dup['indicator']} of {dup['code']} ({dup['year']}) appears twice"
        )
    out["year"] = out["year"].astype("int32")
    out["value"] = pd.to_numeric(out["value"], errors="raise").astype("float64")
    out["code"] = out["code"].astype("string")
    out["indicator"] = out["indicator"].astype("string")
    return out


def _field_namer(batch: ImportBatch) -> Callable[[str], str]:
    """Indicator id → ``column (id)`` as the file names it, for messages."""
    cat = _catalogue.load()
    kind = batch.source.kind
    years = batch.years
    year = years[0] if len(years) == 1 else None

    def name(indicator: str) -> str:
        column = cat[indicator].name_in(kind, year) if indicator in cat else None
        if column is None or column == indicator:
            return indicator
        return f"{column} ({indicator})"

    return name


def _geometry_rows(gdf: Any, location: str) -> pd.DataFrame:
    import shapely

    if gdf.crs is None:
        raise StoreError(f"{location}: reader produced geometries without a CRS")
    if gdf.crs.to_epsg() != 28992:
        gdf = gdf.to_crs(RD_NEW)
    _checks.check_geometries(gdf.geometry.to_numpy(), location=location)
    return pd.DataFrame(
        {
            "code": gdf["code"].astype("string").to_numpy(),
            "year": gdf["year"].astype("int32").to_numpy(),
            "geom": shapely.to_wkb(gdf.geometry.to_numpy()),
            "crs": RD_NEW,
        }
    )
