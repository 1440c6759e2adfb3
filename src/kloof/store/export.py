"""Exports of store tables to files users open in Excel, QGIS or pandas."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from kloof import catalogue as _catalogue
from kloof.errors import KloofError
from kloof.spreadsheet import csv_text, xlsx_text
from kloof.store.store import Store

__all__ = ["FORMATS", "export_frame", "write_table"]

#: File extensions :func:`export_frame` writes.
FORMATS = (".csv", ".parquet", ".xlsx", ".gpkg", ".geojson")


def write_table(
    frame: pd.DataFrame,
    path: Path,
    *,
    sheet: str = "data",
    extra_sheets: dict[str, pd.DataFrame] | None = None,
) -> None:
    """Write a plain table by extension: CSV (UTF-8 with BOM, for Excel), Parquet, XLSX.

    Texts that a spreadsheet would run as formulas (``=``, ``+``, ``-``, ``@``, tab, CR
    first) stay text: a leading ``'`` in CSV, a string cell in XLSX
    (:mod:`kloof.spreadsheet`).
    """
    suffix = path.suffix.lower()
    if suffix == ".csv":
        safe = frame.copy()
        for column in safe.columns:
            if not pd.api.types.is_numeric_dtype(safe[column]):
                safe[column] = safe[column].map(csv_text)
        safe.to_csv(path, index=False, encoding="utf-8-sig")
    elif suffix == ".parquet":
        frame.to_parquet(path, index=False)
    elif suffix == ".xlsx":
        with pd.ExcelWriter(path, engine="openpyxl") as writer:
            frame.to_excel(writer, sheet_name=sheet, index=False)
            for name, extra in (extra_sheets or {}).items():
                extra.to_excel(writer, sheet_name=name, index=False)
            for worksheet in writer.book.worksheets:
                xlsx_text(worksheet)
    else:
        raise KloofError(f"{path}: unknown export format {suffix!r}; use one of {FORMATS}")


def export_frame(
    store: Store,
    path: str | Path,
    *,
    year: int,
    level: str,
    indicators: Sequence[str] | None = None,
    language: str = "nl",
) -> int:
    """Export a region × indicator table of one year and level.

    The table has ``code``, ``name``, ``level``, ``parent_gm`` and one column per
    indicator (catalogue ids). XLSX adds a sheet ``indicatoren`` with labels, units and
    directions; GeoPackage/GeoJSON carry the geometry in EPSG:28992 for QGIS.

    Returns
    -------
    int
        Number of rows written.

    Raises
    ------
    KloofError
        Unknown format, or no regions for that year and level.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise KloofError(f"{path}: unknown export format {suffix!r}; use one of {FORMATS}")
    regions = store.regions(year, level)
    if regions.empty:
        raise KloofError(f"no {level} regions for {year} in the store; see `kloof data status`")
    if suffix in (".gpkg", ".geojson"):
        gdf = store.geoframe(year, level, indicators)
        if gdf.empty:
            raise KloofError(f"no boundaries for {level} {year}; import boundaries first")
        gdf.to_file(path, driver="GPKG" if suffix == ".gpkg" else "GeoJSON")
        return len(gdf)
    values = store.frame(year, level, indicators)
    table = regions.set_index("code")[["name", "level", "parent_gm"]].join(values).reset_index()
    cat = _catalogue.load()
    meta = pd.DataFrame(
        [
            {
                "indicator": c,
                "label": cat[c].text(language),
                "unit": cat[c].unit,
                "domain": cat[c].domain,
                "direction": cat[c].direction,
            }
            for c in values.columns
            if c in cat
        ]
    )
    write_table(table, path, extra_sheets={"indicatoren": meta})
    return len(table)
