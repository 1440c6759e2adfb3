"""Exports of store tables to files users open in Excel, QGIS or pandas.

CSV and XLSX follow the one convention of :mod:`kloof.spreadsheet` (CSV: UTF-8 with BOM,
``;`` and decimal comma in Dutch, ``,`` and point in English). GeoPackage is written in
RD New (EPSG:28992), GeoJSON in WGS84 (EPSG:4326) as RFC 7946 requires.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import pandas as pd

from kloof import catalogue as _catalogue
from kloof.errors import KloofError
from kloof.spreadsheet import write_csv, write_xlsx
from kloof.store.store import Store

__all__ = [
    "FORMATS",
    "about_sheet",
    "export_frame",
    "indicator_sheet",
    "provenance",
    "write_table",
]

#: Field names of the provenance sheet, by language.
_ABOUT = {
    "nl": ("Over deze export", ("Gegeven", "Waarde"), "Gemaakt met", "Gemaakt op", "Bron"),
    "en": ("About this export", ("Field", "Value"), "Made with", "Made on", "Source"),
}

#: File extensions :func:`export_frame` writes.
FORMATS = (".csv", ".parquet", ".xlsx", ".gpkg", ".geojson")


def about_sheet(language: str = "nl") -> tuple[str, tuple[str, str]]:
    """Name and header row of the provenance sheet of a workbook in ``language``."""
    title, header, *_ = _ABOUT.get(language, _ABOUT["nl"])
    return title, header


def write_table(
    frame: pd.DataFrame,
    path: Path,
    *,
    sheet: str = "data",
    extra_sheets: dict[str, pd.DataFrame] | None = None,
    language: str = "nl",
    about: Sequence[tuple[str, Any]] = (),
) -> None:
    """Write a plain table by extension: CSV, Parquet or XLSX.

    CSV and XLSX follow :mod:`kloof.spreadsheet` (CSV: UTF-8 with BOM, ``;`` and decimal
    comma when ``language`` is ``nl``, ``,`` and point in English; formula-like texts
    stay text). ``about`` (field, value) rows become the XLSX provenance sheet.
    """
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        write_csv(frame, path, language)
    elif suffix == ".parquet":
        frame.to_parquet(path, index=False)
    elif suffix == ".xlsx":
        title, header = about_sheet(language)
        sheets = {sheet: frame, **(extra_sheets or {})}
        write_xlsx(path, sheets, about=about, about_title=title, about_header=header)
    else:
        raise KloofError(f"{path}: unknown export format {suffix!r}; use one of {FORMATS}")


class _HasSources(Protocol):
    def sources(self) -> pd.DataFrame: ...  # pragma: no cover


def provenance(
    store: _HasSources, year: int | None = None, language: str = "nl", **fields: Any
) -> list[tuple[str, Any]]:
    """(field, value) rows saying where an export comes from.

    kloof's version, the date, ``fields`` (e.g. ``Jaar=2023``) and one row per import of
    the store that holds data of ``year`` (every import when ``year`` is ``None``): its
    kind, CBS table and file name (never the full path). ``store`` is a
    :class:`~kloof.store.store.Store` or anything with its ``sources()`` (the web's cache).
    """
    from importlib.metadata import PackageNotFoundError, version

    _, _, made_with, made_on, source = _ABOUT.get(language, _ABOUT["nl"])
    try:
        kloof_version = version("kloof")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        kloof_version = "?"
    rows: list[tuple[str, Any]] = [
        (made_with, f"kloof {kloof_version}"),
        (made_on, dt.date.today().isoformat()),
        *fields.items(),
    ]
    for _, src in store.sources().iterrows():
        years = _years(src.get("years"))

        if year is not None and year not in years:
            continue
        table = src.get("table_id")
        table_text = f" {table}" if isinstance(table, str) and table else ""
        rows.append((source, f"{src['kind']}{table_text}: {Path(str(src['location'])).name}"))
    return rows


def _years(value: Any) -> list[int]:
    """The years of an import (stored as a JSON list, or a list)."""
    import json

    if isinstance(value, str):
        value = json.loads(value or "[]")
    return [int(y) for y in value] if isinstance(value, list | tuple) else []


def indicator_sheet(indicators: Sequence[str], language: str = "nl") -> pd.DataFrame:
    """Label, unit, domain and direction of each catalogue indicator in ``indicators``."""
    cat = _catalogue.load()
    return pd.DataFrame(
        [
            {
                "indicator": c,
                "label": cat[c].text(language),
                "unit": cat[c].unit,
                "domain": cat[c].domain,
                "direction": cat[c].direction,
            }
            for c in indicators
            if c in cat
        ],
        columns=["indicator", "label", "unit", "domain", "direction"],
    )


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
        if suffix == ".gpkg":
            gdf.to_file(path, driver="GPKG")
        else:  # RFC 7946: GeoJSON coordinates are WGS84 longitude, latitude
            gdf.to_crs("EPSG:4326").to_file(path, driver="GeoJSON")
        return len(gdf)
    values = store.frame(year, level, indicators)
    table = regions.set_index("code")[["name", "level", "parent_gm"]].join(values).reset_index()
    meta = indicator_sheet(list(values.columns), language)
    year_word, level_word = ("Year", "Level") if language == "en" else ("Jaar", "Niveau")
    about = provenance(store, year, language, **{year_word: year, level_word: level})
    write_table(table, path, extra_sheets={"indicatoren": meta}, language=language, about=about)
    return len(table)
