"""Bring your own data: any CSV/XLSX/GeoJSON/GeoPackage read with a small YAML mapping.

The mapping (which column is the region code, which year, which columns are which
catalogue indicators; built-in ones such as ``gemeente-panel``) is
:mod:`kloof.sources.mapping_spec`, re-exported here. :func:`read_mapped` reads a file
with it: it checks that the mapped columns exist, that indicator ids are in the
catalogue (``kloof data indicators`` lists them), that every code parses and occurs
once per year, and that every value is a number or a missing marker, naming file, row
and column otherwise.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from kloof import catalogue as _catalogue
from kloof import regions as _regions
from kloof.batch import REGION_COLUMNS, ImportBatch, SourceInfo, file_sha256
from kloof.errors import DataFormatError, SpecError
from kloof.sources._columns import repeated_headers, unmangled
from kloof.sources._limits import check_csv, check_workbook
from kloof.sources._names import latest_year
from kloof.sources._values import python_numbers
from kloof.sources.boundaries import RD_NEW, read_geo_table, to_rd_new, year_from_filename
from kloof.sources.mapping_spec import (
    DEFAULT_MISSING,
    ColumnMapping,
    builtin_mapping,
    builtin_mappings,
    load_mapping,
)

__all__ = [
    "DEFAULT_MISSING",
    "ColumnMapping",
    "builtin_mapping",
    "builtin_mappings",
    "load_mapping",
    "read_mapped",
]

# fmt: off
_FORMATS = {
    ".csv": "csv", ".txt": "csv", ".tsv": "csv",
    ".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xlsx", ".ods": "xlsx",
    ".geojson": "geojson", ".json": "geojson", ".gpkg": "gpkg", ".shp": "shp",
}
# fmt: on
_GEO_FORMATS = ("geojson", "gpkg", "shp")
_INT_SPECS = ("d", "x", "X", "o", "b")


def _format_of(path: Path, mapping: ColumnMapping) -> str:
    if mapping.format is not None:
        return mapping.format
    fmt = _FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise SpecError(
            f"{path}: cannot tell the format from the extension {path.suffix!r}; "
            f"set `format:` to one of csv, xlsx, geojson, gpkg, shp"
        )
    return fmt


def _read_table(path: Path, fmt: str, mapping: ColumnMapping) -> pd.DataFrame:
    if fmt in _GEO_FORMATS:
        return read_geo_table(path, read_geometry=mapping.geometry)  # type: ignore[no-any-return]
    if mapping.geometry:
        raise SpecError(f"{path}: `geometry: true` needs a GeoJSON/GeoPackage/shapefile")
    if not path.is_file():
        raise DataFormatError("no such file", path=path)
    try:
        if fmt == "xlsx":
            check_workbook(path)
            sheet = 0 if mapping.sheet is None else mapping.sheet
            frame = pd.read_excel(
                path,
                sheet_name=sheet,
                skiprows=mapping.skip_rows,
                dtype=object,
                keep_default_na=False,
                engine="calamine",
            )
            return repeated_headers(unmangled(frame.columns), frame, path=path)[0]
        sep = mapping.delimiter
        if sep is None:
            with open(path, encoding=mapping.encoding, errors="replace", newline="") as handle:
                head = "".join(handle.readline() for _ in range(mapping.skip_rows + 20))
            try:
                sep = csv.Sniffer().sniff(head, delimiters=",;\t|").delimiter
            except csv.Error:
                sep = ","
        with open(path, encoding=mapping.encoding, newline="") as handle:
            text = handle.read()
        body = "".join(io.StringIO(text, newline="").readlines()[mapping.skip_rows :])
        check_csv(body, sep, path=path)
        frame = pd.read_csv(io.StringIO(body), sep=sep, dtype=str, keep_default_na=False)
        names = next(csv.reader(io.StringIO(body, newline=""), delimiter=sep), [])
        return repeated_headers(names, frame, path=path)[0]
    except DataFormatError:
        raise
    except (ValueError, OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise DataFormatError(
            f"cannot read this file as {fmt} ({type(exc).__name__}: {exc}); check "
            "`delimiter`, `encoding`, `sheet` and `skip_rows` in the mapping",
            path=path,
        ) from None
    except Exception as exc:  # calamine raises its own error types on corrupt workbooks
        raise DataFormatError(
            f"cannot read this workbook ({type(exc).__name__}: {exc}); it may be corrupt",
            path=path,
        ) from None


def _numbers(
    column: pd.Series, mapping: ColumnMapping, path: Path, name: str, rows: np.ndarray
) -> pd.Series:
    """Parse one column: numbers stay, strings are parsed, missing markers become NaN.

    ``rows`` holds the file's 0-based data row of each value (for error messages).
    """
    markers = {m.strip() for m in mapping.missing}
    numeric_markers = {float(m) for m in markers if _is_float(m)}
    if pd.api.types.is_numeric_dtype(column.dtype) and not pd.api.types.is_bool_dtype(column):
        values = column.astype("float64")
    else:
        raw = column.astype(object)
        is_num = raw.map(
            lambda v: isinstance(v, int | float | np.number) and not isinstance(v, bool)
        )
        text = raw.where(~is_num).astype("string").str.strip()
        missing = ~is_num & (text.isna() | text.isin(markers))
        cleaned = text.where(~missing)
        if mapping.thousands:
            cleaned = cleaned.str.replace(mapping.thousands, "", regex=False)
        if mapping.decimal == ",":
            # a "." is no decimal point here and, without `thousands: "."`, refused below
            stray = cleaned.str.contains(".", regex=False).fillna(False)
            cleaned = cleaned.str.replace(",", ".", regex=False).mask(stray)
        elif not mapping.thousands:  # separators read as the rest of the column says
            cleaned = python_numbers(
                cleaned, path=path, name=name, row_of=lambda pos: int(rows[pos]) + 1
            )
        parsed = pd.to_numeric(cleaned.where(~is_num), errors="coerce").astype("float64")
        values = parsed.where(~is_num, pd.to_numeric(raw.where(is_num), errors="coerce"))
        values = values.astype("float64")
        bad = values.isna() & ~missing & ~is_num
        if bad.any():
            pos = int(np.flatnonzero(bad.to_numpy())[0])
            raise DataFormatError(
                f"value {text.iloc[pos]!r} is not a number or a missing marker "
                f"({int(bad.sum())} such cells in this column); add it to `missing:` or "
                "check `decimal:`/`thousands:` in the mapping",
                path=path,
                row=int(rows[pos]) + 1,
                column=name,
            )
    if numeric_markers:
        values = values.mask(values.isin(list(numeric_markers)))
    return values


def _is_float(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _template_codes(frame: pd.DataFrame, mapping: ColumnMapping, path: Path) -> pd.Series:
    assert mapping.code_template is not None
    fields = mapping.template_fields()
    out: list[str] = []
    for pos, row in enumerate(frame.loc[:, [f for f, _ in fields]].itertuples(index=False)):
        values: dict[str, object] = {}
        for (field, spec), value in zip(fields, row, strict=True):
            text = "" if value is None or value is pd.NA else str(value).strip()
            try:
                values[field] = int(float(text)) if spec[-1:] in _INT_SPECS else text
            except ValueError:
                raise DataFormatError(
                    f"{text!r} is not a whole number, needed by code_template "
                    f"{mapping.code_template!r}",
                    path=path,
                    row=pos + 1,
                    column=field,
                ) from None
        out.append(mapping.code_template.format(**values))
    return pd.Series(out, index=frame.index, dtype="string")


def _years(frame: pd.DataFrame, mapping: ColumnMapping, path: Path, rows: np.ndarray) -> pd.Series:
    if mapping.year is not None:
        return pd.Series(mapping.year, index=frame.index, dtype="int64")
    if mapping.year_from_filename:
        year = year_from_filename(path)
        if year is None:
            raise DataFormatError(
                "the mapping takes the year from the file name, but the name holds no "
                "year; rename the file or set `year:`",
                path=path,
            )
        return pd.Series(year, index=frame.index, dtype="int64")
    assert mapping.year_column is not None
    raw = frame[mapping.year_column]
    years = pd.to_numeric(raw.astype("string").str.strip(), errors="coerce")
    bad = years.isna() | (years % 1 != 0) | (years < 1900)
    if bad.any():
        pos = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataFormatError(
            f"year {raw.iloc[pos]!r} is not a year",
            path=path,
            row=int(rows[pos]) + 1,
            column=mapping.year_column,
        )
    future = years > latest_year()
    if future.any():  # a counter or a typo: figures of a year to come are not published
        pos = int(np.flatnonzero(future.to_numpy())[0])
        raise DataFormatError(
            "year {value} has not begun (at most {last}); correct the year column",
            value=repr(raw.iloc[pos]),
            last=latest_year(),
            path=path,
            row=int(rows[pos]) + 1,
            column=mapping.year_column,
        )
    return years.astype("int64")


def _check_columns(frame: pd.DataFrame, mapping: ColumnMapping, path: Path) -> list[str]:
    """Raise on missing needed columns; return the mapped columns that are absent."""
    available = [str(c) for c in frame.columns]
    absent_needed = [c for c in mapping.needed_columns() if c not in available]
    absent_mapped = [c for c in mapping.columns if c not in available]
    if absent_needed or (absent_mapped and mapping.absent_columns == "error"):
        absent = absent_needed + absent_mapped
        hints = []
        for col in absent:
            close = difflib.get_close_matches(col, available, n=1)
            if close:
                hints.append(f"{col!r} → {close[0]!r}?")
        raise DataFormatError(
            f"the mapping names columns the file does not have: {absent}"
            + (f" (close: {', '.join(hints)})" if hints else "")
            + f"; the file has: {available}",
            path=path,
        )
    return absent_mapped


def read_mapped(
    path: str | Path,
    mapping: ColumnMapping | Mapping[str, Any] | str | Path,
    *,
    catalogue: _catalogue.Catalogue | None = None,
) -> ImportBatch:
    """Read a user file through a column mapping into an import batch.

    Parameters
    ----------
    path
        CSV, XLSX, GeoJSON, GeoPackage or shapefile.
    mapping
        A :class:`ColumnMapping`, a dict, or the path of a YAML mapping file.
    catalogue
        Catalogue the indicator ids must be in (default: the built-in one).

    Returns
    -------
    ImportBatch
        Regions (with names if ``name_column``), long observations (NaN = missing,
        values multiplied by ``scale``), geometries in EPSG:28992 if ``geometry``,
        and notes (absent columns skipped, codes excluded, missing values).

    Raises
    ------
    SpecError
        Invalid mapping, or indicator ids the catalogue does not know.
    DataFormatError
        Unreadable file, missing columns (listing the available ones), codes that do
        not parse or repeat, values that are not numbers: naming file, row, column.
    """
    p = Path(path)
    spec = load_mapping(mapping)
    cat = catalogue or _catalogue.load()
    unknown = [i for i in spec.columns.values() if i not in cat]
    if unknown:
        raise SpecError(
            f"the mapping names indicators that are not in the catalogue: {unknown}; "
            "`kloof data indicators` lists them"
        )
    fmt = _format_of(p, spec)
    frame = _read_table(p, fmt, spec)
    frame.columns = [str(c).strip() for c in frame.columns]
    if len(frame) == 0:
        raise DataFormatError("the file holds no rows", path=p)
    skipped = _check_columns(frame, spec, p)
    notes: list[str] = []
    if skipped:
        notes.append(f"mapped columns absent from this file, skipped: {', '.join(skipped)}")
    if spec.code_column is not None:
        codes = _regions.normalise_series(frame[spec.code_column].astype("string"))
        code_col = spec.code_column
    else:
        codes = _regions.normalise_series(_template_codes(frame, spec, p))
        code_col = spec.template_fields()[0][0]
    excluded = codes.isin({_regions.normalise(c) for c in spec.exclude_codes}).to_numpy()
    if excluded.any():
        notes.append(f"excluded by the mapping: {', '.join(codes[excluded])}")
    rows = np.flatnonzero(~excluded)  # 0-based positions of the rows kept
    frame, codes = frame.iloc[rows], codes.iloc[rows]
    bad = _regions.invalid_codes(codes).to_numpy()
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        raise DataFormatError(
            f"region code {codes.iloc[pos]!r} does not parse as a CBS code such as GM0363, "
            f"WK036301, BU03630101 ({int(bad.sum())} bad codes in all)",
            path=p,
            row=int(rows[pos]) + 1,
            column=code_col,
        )
    years = _years(frame, spec, p, rows)
    keys = pd.DataFrame({"code": codes.to_numpy(), "year": years.to_numpy()})
    dup = keys.duplicated(keep=False).to_numpy()
    if dup.any():
        where = [int(r) + 1 for r in rows[dup][:2]]
        raise DataFormatError(
            f"region {keys['code'][dup].iloc[0]!r} occurs more than once in "
            f"{int(keys['year'][dup].iloc[0])} (rows {where})",
            path=p,
            row=where[0],
            column=code_col,
        )
    hier = _regions.hierarchy(keys["code"])
    if spec.level is not None and not bool((hier["level"] == spec.level).all()):
        pos = int(np.flatnonzero((hier["level"] != spec.level).to_numpy())[0])
        raise DataFormatError(
            f"the mapping says level {spec.level!r} but {hier['code'].iloc[pos]!r} is a "
            f"{hier['level'].iloc[pos]}",
            path=p,
            row=int(rows[pos]) + 1,
            column=code_col,
        )
    names: Any = pd.NA
    if spec.name_column:
        text = frame[spec.name_column].astype("string").str.strip()
        names = text.where(text != "").to_numpy()
    regions = hier.assign(year=keys["year"].to_numpy(), name=names)
    obs = []
    n_missing = 0
    for column, indicator in spec.columns.items():
        if column in skipped:
            continue
        values = _numbers(frame[column].reset_index(drop=True), spec, p, column, rows)
        values = values * spec.scale.get(column, 1.0)
        n_missing += int(values.isna().sum())
        obs.append(
            pd.DataFrame(
                {
                    "code": keys["code"].to_numpy(),
                    "year": keys["year"].to_numpy(),
                    "indicator": indicator,
                    "value": values.to_numpy(dtype="float64"),
                }
            )
        )
    observations = pd.concat(obs, ignore_index=True) if obs else None
    used = set(spec.columns) | set(spec.needed_columns()) | {"geometry"}
    unmapped = [c for c in frame.columns if c not in used]
    notes.insert(
        0,
        f"{len(regions)} regions, {len(obs)} indicators, {n_missing} missing values; "
        f"{len(unmapped)} columns not mapped",
    )
    geometries = None
    if spec.geometry:
        geometries, geo_notes = _geometries(frame, keys, p)
        notes += geo_notes
    file_hash = file_sha256(p)
    digest = hashlib.sha256((file_hash + spec.model_dump_json()).encode()).hexdigest()
    source = SourceInfo(f"mapping:{digest[:16]}", str(p), file_hash, "mapping")
    kwargs: dict[str, Any] = {} if observations is None else {"observations": observations}
    return ImportBatch(
        source=source,
        regions=regions.loc[:, list(REGION_COLUMNS)],
        geometries=geometries,
        notes=tuple(notes),
        **kwargs,
    )


def _geometries(frame: Any, keys: pd.DataFrame, path: Path) -> tuple[Any, list[str]]:
    import geopandas as gpd
    import shapely

    gdf = gpd.GeoDataFrame(
        {"code": keys["code"].to_numpy(), "year": keys["year"].to_numpy()},
        geometry=frame.geometry.to_numpy(),
        crs=frame.crs,
    )
    gdf, notes = to_rd_new(gdf, path=path)
    arr = gdf.geometry.to_numpy()
    empty = shapely.is_missing(arr) | shapely.is_empty(arr)
    if empty.any():
        listed = ", ".join(gdf.loc[empty, "code"].head(10))
        notes.append(f"{int(empty.sum())} regions without geometry: {listed}")
        gdf = gdf.loc[~empty]
    return gpd.GeoDataFrame(gdf.reset_index(drop=True), crs=RD_NEW), notes
