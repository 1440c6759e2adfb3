"""Reader of CBS *Kerncijfers Wijken en Buurten* files (``kwb-YYYY.xls/xlsx/csv``).

CBS publishes one workbook per year (2013-2024) with one row per region (Nederland,
gemeenten, wijken, buurten) and short column names (``gwb_code_10``, ``regio``,
``gm_naam``, ``recs``, ``a_inw``, ``g_woz``/``g_wozbag``, ``a_soz_wb``, ...). Quirks
handled here:

* codes padded (``"GM0014    "``) or not, upper or lower case; layouts without
  ``gwb_code_10`` carry numeric ``gwb_code_8`` plus the level in ``recs``;
* ``.``/``x``/empty/negative sentinels (-99997, -99999999) → missing (NaN, never 0);
* decimal commas (``1,1``) in some columns and decimal points in others;
* the column set changes by year: names are resolved through the catalogue for the
  file's year.

Source: CBS, Kerncijfers wijken en buurten, https://www.cbs.nl/nl-nl/reeksen/
kerncijfers-wijken-en-buurten-2004-2024 (CC BY 4.0).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from kloof import catalogue as _catalogue
from kloof import regions as _regions
from kloof.batch import ImportBatch, SourceInfo, file_sha256
from kloof.errors import DataFormatError, quote
from kloof.sources._columns import indicator_columns, repeated_headers, unmangled
from kloof.sources._limits import MAX_CELL_CHARS, check_csv, check_workbook
from kloof.sources._names import year_in_name
from kloof.sources._text import decode_text, encoding_note
from kloof.sources._values import to_numbers

__all__ = ["ID_COLUMNS", "KWB_TABLES", "looks_like_kwb", "read_kwb", "year_from_name"]

#: Columns that identify or describe a region rather than measure it.
ID_COLUMNS = frozenset(
    {
        "gwb_code_10",
        "gwb_code_8",
        "gwb_code",
        "regio",
        "gm_naam",
        "recs",
        "ind_wbi",
        "water",
        "pst_mvp",
        "wk_code",
        "bu_code",
        "gm_code",
        "statcode",
        "statnaam",
    }
)
#: StatLine table of each KWB year.
KWB_TABLES = {
    2013: "82339NED",
    2014: "82931NED",
    2015: "83220NED",
    2016: "83487NED",
    2017: "83765NED",
    2018: "84286NED",
    2019: "84583NED",
    2020: "84799NED",
    2021: "85039NED",
    2022: "85318NED",
    2023: "85618NED",
    2024: "85984NED",
}
_RECS = {"land": "NL", "gemeente": "GM", "wijk": "WK", "buurt": "BU"}
_PAD = {"GM": 4, "WK": 6, "BU": 8}


def year_from_name(path: str | Path) -> int | None:
    """The year in a file name (``kwb-2023.xlsx`` → 2023), if any.

    The one rule of :func:`kloof.sources._names.year_in_name`: several different years,
    or a year after next year, are refused.
    """
    return year_in_name(path)


def _read_table(path: Path) -> tuple[pd.DataFrame, list[str]]:
    """The table of a KWB workbook or CSV as strings, and notes on how it was read."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xls", ".xlsm", ".ods"):
            check_workbook(path)
            frame = pd.read_excel(path, dtype=str, engine="calamine", keep_default_na=False)
            _check_frame_cells(frame, path)
            return repeated_headers(unmangled(frame.columns), frame, path=path)
        text, encoding = decode_text(path, path.read_bytes())
        try:
            delimiter = csv.Sniffer().sniff(text[:8192], delimiters=";,\t").delimiter
        except csv.Error:
            delimiter = ";"
        check_csv(text, delimiter, path=path)
        frame = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            dtype=str,
            keep_default_na=False,
            engine="c",
        )
        names = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), [])
        frame, notes = repeated_headers(names, frame, path=path)
        return frame, encoding_note(encoding) + notes
    except DataFormatError:
        raise
    except (ValueError, OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise DataFormatError(
            f"cannot read this file as a KWB table ({type(exc).__name__}: {exc}); "
            "is it truncated or of another format?",
            path=path,
        ) from None
    except Exception as exc:  # calamine raises its own error types on corrupt workbooks
        raise DataFormatError(
            f"cannot read this workbook ({type(exc).__name__}: {exc}); it may be corrupt",
            path=path,
        ) from None


def _check_frame_cells(frame: pd.DataFrame, path: Path) -> None:
    """Refuse over-long cells of a workbook (the CSV path checks them while parsing)."""
    for column in frame.columns:
        lengths = frame[column].astype(str).str.len()
        if len(lengths) and int(lengths.max()) > MAX_CELL_CHARS:
            pos = int(lengths.to_numpy().argmax())
            raise DataFormatError(
                f"a cell holds {int(lengths.iloc[pos]):,} characters, more than the limit "
                f"of {MAX_CELL_CHARS:,}: {quote(frame[column].iloc[pos])}",
                path=path,
                row=pos + 1,
                column=str(column)[:80],
            )


def looks_like_kwb(columns: list[str]) -> bool:
    """Whether a header looks like a KWB layout (has a ``gwb_code*`` column)."""
    lowered = {str(c).strip().lower() for c in columns}
    return bool(lowered & {"gwb_code_10", "gwb_code_8", "gwb_code"})


def _has_prefixes(column: pd.Series) -> bool:
    prefixes = _regions.normalise_series(column).str.slice(0, 2)
    return bool(prefixes.isin(["NL", "GM", "WK", "BU"]).all())


def _codes(frame: pd.DataFrame, path: Path) -> pd.Series:
    cols = {c.lower(): c for c in frame.columns}
    if "gwb_code_10" in cols:
        codes = _regions.normalise_series(frame[cols["gwb_code_10"]])
    elif (
        "gwb_code" in cols
        and frame[cols["gwb_code"]]
        .astype(str)
        .str.strip()
        .str[:2]
        .str.upper()
        .isin(["NL", "GM", "WK", "BU"])
        .all()
    ):
        codes = _regions.normalise_series(frame[cols["gwb_code"]])
    elif "gwb_code_8" in cols and "recs" in cols:
        level = frame[cols["recs"]].astype(str).str.strip().str.lower()
        prefix = level.map(_RECS)
        digits = frame[cols["gwb_code_8"]].astype(str).str.strip()
        width = prefix.map(_PAD).fillna(2).astype(int)
        codes = pd.Series(
            [
                "NL00" if p == "NL" else f"{p}{d.zfill(w)}" if isinstance(p, str) else d
                for p, d, w in zip(prefix, digits, width, strict=True)
            ],
            index=frame.index,
            dtype="string",
        )
    else:
        top = frame.head(10).astype(str).apply(lambda c: c.str.strip().str.lower())
        if top.isin(["gwb_code_10", "gwb_code_8"]).to_numpy().any():
            raise DataFormatError(
                "the header is not on the first line: a title above it? Remove the lines "
                "above the header and import again",
                path=path,
            )
        raise DataFormatError(
            "no region code column found (expected gwb_code_10, or gwb_code_8 with recs); "
            f"columns are {[quote(c, 40) for c in list(frame.columns)[:8]]}...; is this a "
            "KWB file, and is the delimiter right?",
            path=path,
        )
    bad = _regions.invalid_codes(codes)
    if bad.any():
        pos = int(bad.to_numpy().nonzero()[0][0])
        raise DataFormatError(
            f"region code {quote(codes.iloc[pos])} does not parse as a CBS code "
            f"({int(bad.sum())} bad codes in all)",
            path=path,
            row=pos + 1,
            column="gwb_code_10",
        )
    dup = codes.duplicated(keep=False).to_numpy()
    if dup.any():
        first = int(dup.nonzero()[0][0])
        second = int((dup & (codes == codes.iloc[first]).to_numpy()).nonzero()[0][1])
        raise DataFormatError(  # the StatLine reader's message, in Dutch too
            f"region code {codes.iloc[first]} appears in rows {first + 1} and {second + 1}; "
            "each region may appear once per file: remove the duplicate row",
            path=path,
            row=second + 1,
        )
    return codes


def read_kwb(
    path: str | Path,
    *,
    year: int | None = None,
    strict: bool = False,
    catalogue: _catalogue.Catalogue | None = None,
) -> ImportBatch:
    """Read a CBS KWB workbook or CSV into an import batch.

    Parameters
    ----------
    path
        ``kwb-YYYY.xlsx``/``.xls``/``.csv`` as downloaded from CBS (or a column subset).
    year
        The KWB year; by default taken from the file name.
    strict
        Fail on columns the catalogue does not know instead of listing them in
        :attr:`~kloof.batch.ImportBatch.notes`.
    catalogue
        Catalogue to resolve column names (default: the built-in one).

    Returns
    -------
    ImportBatch
        Regions (names from ``regio``, or ``gm_naam`` for gemeenten) and long
        observations; ``notes`` list ignored columns and counts of missing values.

    Raises
    ------
    DataFormatError
        Unreadable file, no code column, bad or duplicate codes, unknown year,
        non-numeric values; always naming file, row and column.
    """
    path = Path(path)
    cat = catalogue or _catalogue.load()
    year = year if year is not None else year_from_name(path)
    if year is None:
        raise DataFormatError(
            "cannot tell the KWB year from the file name; pass it with --year", path=path
        )
    if year not in _catalogue.KWB_YEARS:
        raise DataFormatError(
            f"year {year} is not a KWB year the catalogue knows "
            f"({_catalogue.KWB_YEARS.start}-{_catalogue.KWB_YEARS.stop - 1}); "
            "check --year or extend the catalogue",
            path=path,
        )
    frame, read_notes = _read_table(path)
    if frame.empty:
        raise DataFormatError("the file has a header but no rows", path=path)
    frame.columns = [str(c).strip() for c in frame.columns]
    codes = _codes(frame, path)
    hier = _regions.hierarchy(codes)
    lower = {c.lower(): c for c in frame.columns}
    if "regio" in lower:
        names = frame[lower["regio"]].astype("string").str.strip()
    elif "gm_naam" in lower:
        names = (
            frame[lower["gm_naam"]]
            .astype("string")
            .str.strip()
            .where(hier["level"].isin(["land", "gemeente"]).to_numpy())
        )
    else:
        names = pd.Series(pd.NA, index=frame.index, dtype="string")
    regions = hier.assign(year=year, name=names.replace("", pd.NA).to_numpy())

    obs: list[pd.DataFrame] = []
    missing_total = 0
    found = indicator_columns(
        cat,
        "kwb",
        [c for c in frame.columns if c.lower() not in ID_COLUMNS],
        year,
        lambda c: to_numbers(frame[c], path=path, name=c)[0].to_numpy(),
        path=path,
    )
    unknown = found.unknown
    for col, ind in found.columns:
        values, missing = to_numbers(frame[col], path=path, name=col)
        missing_total += missing
        obs.append(
            pd.DataFrame(
                {
                    "code": codes.to_numpy(),
                    "year": year,
                    "indicator": ind.id,
                    "value": values.to_numpy(),
                }
            )
        )
    if unknown and strict:
        raise DataFormatError(
            f"columns not in the catalogue for {year}: {unknown}; drop strict or extend "
            "the catalogue",
            path=path,
        )
    if not obs:
        raise DataFormatError(
            "no column of this file is a known KWB indicator; is it a KWB file?", path=path
        )
    observations = pd.concat(obs, ignore_index=True)
    notes = [f"{len(frame)} regions, {len(obs)} indicators, {missing_total} missing values"]
    notes += read_notes + found.notes
    if unknown:
        notes.append(f"columns not in the catalogue, ignored: {', '.join(unknown)}")
    source = SourceInfo.for_content("kwb", str(path), file_sha256(path), KWB_TABLES.get(year))
    return ImportBatch(
        source=source,
        regions=regions.loc[:, ["code", "year", "level", "name", "parent_gm", "parent_wk"]],
        observations=observations,
        notes=tuple(notes),
    )
