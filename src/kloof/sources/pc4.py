"""Readers of CBS statistics per 4-digit postcode area (PC4) and of the PC4 address crosswalk.

CBS publishes key figures per PC4 area (*Statistieken per postcode*: inhabitants by age
and origin, households by type, dwellings by building period, tenure and social rent,
mean WOZ value, benefit recipients, urbanity). PC4 areas are a region level of their own
(``PC1011``, level ``pc4``, see :mod:`kloof.regions`), outside the gemeente → wijk →
buurt hierarchy; their values reach wijken and gemeenten through an address crosswalk
(:func:`kloof.reexpress.reexpress_pc4`), read by
:func:`kloof.sources.pc4_crosswalk.read_pc4_crosswalk` (importable from here too).
This module reads the PC4 tables and recognises both kinds of file.

=========================  ==================================================================
file                       layout
=========================  ==================================================================
``cbs_pc4_2020_v1.xlsx``   CBS workbook: title rows (``peildatum 1 januari 2020``), group
                           rows, a header row, the CBS short names (``PC4``, ``INWONER``,
                           ``WON_HCORP``, ...) and a unit row above the data
``PC4.csv`` (1-1-2022)     two header rows (titles, units); three columns are all called
                           ``Totaal`` and the last two have no title, so columns are read by
                           **position** (:data:`PC4_2022_LAYOUT`), each checked against its
                           expected title and unit
crosswalk CSV              ``year, level, pc4, region_code, n_addresses,
                           share_of_pc4_addresses``: addresses of each PC4 in each gemeente
                           and wijk of that year (2017-2024)
=========================  ==================================================================

Quirks handled here:

* ``-99997`` (CBS: *0 - 4 / geheim*) and the other CBS missing markers become NaN, never
  0; the number of suppressed cells per column is reported in the import notes;
* counts are rounded to fives and shares to tens by CBS; the file gives tenure as
  percentages, so kloof adds the implied counts ``owner_occupied_dwellings`` =
  ``P_KOOPWON × WONING / 100`` and ``rented_dwellings`` (the same for ``P_HUURWON``),
  rounded to whole dwellings, and
  the PC4 rates ``social_rent_pct``, ``empty_dwellings_pct``, ``multi_family_pct`` from
  their counts and ``households_with_children`` = single-parent + two-parent households;
* the 2022 file names no year: give ``--year`` or a file name with the year; without
  either the layout (the origin classification CBS introduced for 1 January 2022) is
  taken to be that of 2022 and the import notes say so.

Column names are resolved through the catalogue's ``pc4`` names (the CBS short names of
the 2020 workbook; kloof gives the 2022 columns the same names and calls the 2022 origin
columns ``P_GEBNL_NL``, ``P_GEBNL_EU``, ``P_GEBNL_NE``, ``P_GEBBL_EU``, ``P_GEBBL_NE``).

Sources: CBS, Statistieken per postcode (numeriek), https://www.cbs.nl/nl-nl/dossier/
nederland-regionaal/geografische-data/gegevens-per-postcode (CC BY 4.0); the crosswalk
is built from CBS postcode-huisnummer files (CC BY-NC-SA 4.0).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd

from kloof import catalogue as _catalogue
from kloof import regions as _regions
from kloof.batch import ImportBatch, SourceInfo, file_sha256
from kloof.errors import DataFormatError, RegionCodeError
from kloof.sources._text import csv_delimiter, decode_text, encoding_note
from kloof.sources._values import to_numbers
from kloof.sources.pc4_crosswalk import PC4_CROSSWALK_HEADER, read_pc4_crosswalk

__all__ = [
    "PC4_2022_LAYOUT",
    "PC4_CROSSWALK_HEADER",
    "looks_like_pc4",
    "looks_like_pc4_crosswalk",
    "read_pc4",
    "read_pc4_crosswalk",
]

#: The columns of the 2022 ``PC4.csv`` by position: (kloof/CBS short name, title, unit).
PC4_2022_LAYOUT: tuple[tuple[str, str, str], ...] = (
    ("PC4", "Postcode-4", "Code"),
    ("INWONER", "Totaal", "x1"),
    ("MAN", "Man", "x1"),
    ("VROUW", "Vrouw", "x1"),
    ("INW_014", "tot 15 jaar", "x1"),
    ("INW_1524", "15 tot 25 jaar", "x1"),
    ("INW_2544", "25 tot 45 jaar", "x1"),
    ("INW_4564", "45 tot 65 jaar", "x1"),
    ("INW_65PL", "65 jaar en ouder", "x1"),
    ("P_GEBNL_NL", "Geboren in Nederland met een Nederlandse herkomst", "%"),
    ("P_GEBNL_EU", "Geboren in Nederland met een Europese herkomst (excl. Nederland)", "%"),
    ("P_GEBNL_NE", "Geboren in Nederland met herkomst buiten Europa", "%"),
    ("P_GEBBL_EU", "Geboren buiten Nederland met een Europese herkomst (excl. Nederland)", "%"),
    ("P_GEBBL_NE", "Geboren buiten Nederland met een herkomst buiten Europa", "%"),
    ("AANTAL_HH", "Totaal", "x1"),
    ("TOTHH_EENP", "Eenpersoons", "x1"),
    ("TOTHH_MPZK", "Meerpersoons zonder kinderen", "x1"),
    ("HH_EENOUD", "Eenouder", "x1"),
    ("HH_TWEEOUD", "Tweeouder", "x1"),
    ("GEM_HH_GR", "Huishoudgrootte", "x1"),
    ("WONING", "Totaal", "x1"),
    ("WONVOOR45", "voor 1945", "x1"),
    ("WON_4564", "1945 tot 1965", "x1"),
    ("WON_6574", "1965 tot 1975", "x1"),
    ("WON_7584", "1975 tot 1985", "x1"),
    ("WON_8594", "1985 tot 1995", "x1"),
    ("WON_9504", "1995 tot 2005", "x1"),
    ("WON_0514", "2005 tot 2015", "x1"),
    ("WON_1524", "2015 en later", "x1"),
    ("WON_MRGEZ", "Meergezins", "x1"),
    ("P_KOOPWON", "Koopwoning", "%"),
    ("P_HUURWON", "Huurwoning", "%"),
    ("WON_HCORP", "Huurcoporatie", "x1"),
    ("WON_NBEW", "Niet bewoond", "x1"),
    ("WOZWONING", "WOZ-waarde woning", "x 1 000 Euro"),
    (
        "UITKMINAOW",
        "Personen met WW, Bijstand en/of AO uitkering Beneden AOW-leeftijd",
        "x1",
    ),
    ("OAD", "", "adressen/km2"),
    ("STED", "", "categorie"),
)
#: Year of the 2022 layout when neither ``year`` nor the file name says it.
_LAYOUT_YEAR_2022 = 2022


def _squash(text: object) -> str:
    return " ".join(str(text).split()).lower()


def looks_like_pc4(path: str | Path, head: str | None = None) -> bool:
    """Whether ``path`` is a CBS PC4 statistics file (2022 CSV or a ``pc4`` workbook)."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in (".xlsx", ".xls", ".xlsm"):
        return "pc4" in p.name.lower()
    if suffix in (".csv", ".txt"):
        first = (head if head is not None else _first_line(p)).lstrip("\ufeff").lower()
        return first.startswith(
            tuple(f"{c}{d}" for c in ("postcode-4", '"postcode-4"') for d in ",;")
        )
    return False


def looks_like_pc4_crosswalk(path: str | Path, head: str | None = None) -> bool:
    """Whether ``path`` is a PC4 → gemeente/wijk address crosswalk CSV."""
    p = Path(path)
    if p.suffix.lower() not in (".csv", ".txt"):
        return False
    first = (head if head is not None else _first_line(p)).lstrip("\ufeff")
    cells = tuple(c.strip().strip('"').lower() for c in first.split(csv_delimiter(first)))
    return cells[: len(PC4_CROSSWALK_HEADER)] == PC4_CROSSWALK_HEADER


def _first_line(path: Path) -> str:
    with open(path, "rb") as handle:
        raw = handle.read(4096)
    text = raw.decode("utf-8-sig", errors="replace")
    return text.splitlines()[0] if text else ""


# -- statistics ------------------------------------------------------------------------------
def read_pc4(path: str | Path, *, year: int | None = None) -> ImportBatch:
    """Read a CBS PC4 statistics file (the 2022 CSV or a PC4 workbook such as 2020).

    Parameters
    ----------
    path
        ``PC4.csv`` (CBS layout of 1 January 2022, read by position) or a CBS PC4
        workbook with short names (``cbs_pc4_2020_v1.xlsx``).
    year
        Reference year (the data describe 1 January of it). Default: the workbook title
        (``peildatum 1 januari 2020``), else the file name, else (CSV) 2022, the year of
        the layout, which the import notes point out.

    Returns
    -------
    ImportBatch
        Regions ``PC1011`` … of level ``pc4`` (no parent: PC4 areas are outside the
        hierarchy) and their observations; suppressed cells are NaN.

    Raises
    ------
    DataFormatError
        A missing file, an unexpected layout (naming the column whose title or unit
        differs), a truncated row, a value that is not a number or a missing marker
        (naming row and column), an invalid or repeated postcode.

    Examples
    --------
    >>> batch = read_pc4("../shared/data/postcode/PC4.csv")  # doctest: +SKIP
    >>> batch.observations.query("code == 'PC1011' and indicator == 'dwellings'")["value"]
    ... # doctest: +SKIP
    """
    p = Path(path)
    if not p.is_file():
        raise DataFormatError("no such file", path=p)
    if p.suffix.lower() in (".csv", ".txt"):
        raw, notes, found_year = _read_csv_2022(p)
    elif p.suffix.lower() in (".xlsx", ".xls", ".xlsm"):
        raw, notes, found_year = _read_workbook(p)
    else:
        raise DataFormatError(
            f"unknown PC4 file type {p.suffix!r}; expected the CBS PC4 .csv or .xlsx", path=p
        )
    from kloof.sources.cbs_files import year_from_name

    if year is None:
        year = found_year or year_from_name(p)
    if year is None:
        year = _LAYOUT_YEAR_2022
        notes.append(
            "the file names no year: taken as 1 January 2022, the year of this CBS layout "
            "(herkomst born in/outside the Netherlands); pass --year if it is another year"
        )
    return _batch(raw, p, int(year), notes)


def _read_csv_2022(path: Path) -> tuple[pd.DataFrame, list[str], int | None]:
    """The 2022 CSV as strings keyed by short name, after checking the layout."""
    text, encoding = decode_text(path, path.read_bytes())
    delimiter = csv_delimiter(text.split("\n", 1)[0])
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    width = len(PC4_2022_LAYOUT)
    if len(rows) < 3:
        raise DataFormatError(
            "expected two header rows (titles, units) and data rows; the file is empty or "
            "truncated",
            path=path,
        )
    titles, units = rows[0], rows[1]
    if len(titles) != width or len(units) != width:
        raise DataFormatError(
            f"expected {width} columns (the CBS PC4 layout of 1 January 2022), the header "
            f"has {len(titles)}; import other PC4 layouts with a mapping "
            "(`kloof data import FILE --mapping MAPPING.yaml`)",
            path=path,
        )
    for pos, ((name, title, unit), got_title, got_unit) in enumerate(
        zip(PC4_2022_LAYOUT, titles, units, strict=True), start=1
    ):
        if _squash(got_title) != _squash(title) or _squash(got_unit) != _squash(unit):
            raise DataFormatError(
                f"column {pos} is titled {got_title.strip()!r} ({got_unit.strip()!r}), "
                f"expected {title!r} ({unit!r}) for {name}: this is not the CBS PC4 layout "
                "of 1 January 2022",
                path=path,
                column=name,
            )
    data = rows[2:]
    while data and not any(cell.strip() for cell in data[-1]):
        data.pop()  # trailing empty lines
    for number, row in enumerate(data, start=1):
        if len(row) != width:
            raise DataFormatError(
                f"this row has {len(row)} fields, expected {width}; the file may be "
                "truncated or a value holds an unquoted comma",
                path=path,
                row=number,
            )
    frame = pd.DataFrame(data, columns=[name for name, _, _ in PC4_2022_LAYOUT], dtype="string")
    notes = ["CBS PC4 layout of 1 January 2022, columns read by position"]
    return frame, notes + encoding_note(encoding), None


def _read_workbook(path: Path) -> tuple[pd.DataFrame, list[str], int | None]:
    """A CBS PC4 workbook as strings keyed by short name (the row holding ``PC4``)."""
    from kloof.sources._limits import check_workbook

    check_workbook(path)
    try:
        sheet = pd.read_excel(path, header=None, dtype=object, engine="openpyxl")
    except Exception as exc:  # openpyxl raises many kinds on broken files
        raise DataFormatError(
            f"cannot read this workbook ({type(exc).__name__}: {exc})", path=path
        ) from None
    first = sheet.iloc[:, 0].astype("string").str.strip()
    header_rows = np.flatnonzero(first.str.upper().eq("PC4").fillna(False).to_numpy())
    if not len(header_rows):
        raise DataFormatError(
            "no row with the CBS short names (first cell 'PC4') in the first sheet; is this "
            "a CBS PC4 workbook?",
            path=path,
        )
    at = int(header_rows[0])
    names = [str(c).strip().upper() if pd.notna(c) else "" for c in sheet.iloc[at]]
    title = " ".join(str(c) for c in first.iloc[:at].dropna())
    found = re.search(r"peildatum\s+1\s+januari\s+(\d{4})", title, flags=re.I)
    year = int(found.group(1)) if found else None
    start = at + 1
    unit_row = sheet.iloc[start] if start < len(sheet) else None
    if unit_row is not None and str(unit_row.iloc[0]).strip().lower() == "code":
        start += 1
    body = sheet.iloc[start:].copy()
    body.columns = names
    body = body.loc[:, [n for n in names if n]]
    body = body[body.notna().any(axis=1)]
    frame = body.astype("string")
    notes = [f"CBS PC4 workbook, short names in row {at + 1}"]
    if year is not None:
        notes.append(f"reference date 1 January {year} (title row)")
    return frame.reset_index(drop=True), notes, year


def _batch(raw: pd.DataFrame, path: Path, year: int, notes: list[str]) -> ImportBatch:
    """Regions and observations of a PC4 table of strings keyed by short name."""
    cat = _catalogue.load()
    codes = _codes(raw["PC4"], path)
    values: dict[str, pd.Series] = {}
    unknown: list[str] = []
    suppressed: dict[str, int] = {}
    for name in raw.columns:
        if name == "PC4":
            continue
        ind = cat.find("pc4", name, year)
        if ind is None:
            unknown.append(name)
            continue
        column, missing = to_numbers(raw[name], path=path, name=name, first_row=1)
        values[ind.id] = column.set_axis(codes.to_numpy())
        if missing:
            suppressed[name] = missing
    values.update(_implied(values))
    wide = pd.DataFrame(values)
    wide.index.name = "code"
    long = wide.reset_index().melt(id_vars="code", var_name="indicator", value_name="value")
    long.insert(1, "year", int(year))
    regions = pd.DataFrame(
        {
            "code": codes.to_numpy(),
            "year": int(year),
            "level": "pc4",
            "name": pd.Series([None] * len(codes), dtype="object"),
            "parent_gm": None,
            "parent_wk": None,
        }
    )
    source = SourceInfo.for_content("pc4", str(path), file_sha256(path))
    notes = [
        *notes,
        f"{len(codes)} PC4 areas, reference date 1 January {year}",
    ]
    if suppressed:
        listed = ", ".join(f"{k} {v}" for k, v in sorted(suppressed.items()))
        notes.append(f"suppressed or missing cells (-99997 → missing, never 0): {listed}")
    if unknown:
        notes.append(f"columns not in the catalogue, skipped: {', '.join(unknown)}")
    return ImportBatch(source=source, regions=regions, observations=long, notes=tuple(notes))


def _codes(column: pd.Series, path: Path) -> pd.Series:
    out: list[str] = []
    for number, value in enumerate(column.tolist(), start=1):
        try:
            out.append(_regions.pc4_code(value))
        except RegionCodeError:
            raise DataFormatError(
                f"{value!r} is not a 4-digit postcode", path=path, row=number, column="PC4"
            ) from None
    codes = pd.Series(out, dtype="string")
    dup = codes.duplicated()
    if dup.any():
        pos = int(np.flatnonzero(dup.to_numpy())[0])
        raise DataFormatError(
            f"postcode {codes.iloc[pos]} occurs twice", path=path, row=pos + 1, column="PC4"
        )
    return codes


def _ratio(num: pd.Series, den: pd.Series, scale: float) -> pd.Series:
    return num / den.where(den > 0) * scale


def _implied(values: dict[str, pd.Series]) -> dict[str, pd.Series]:
    """Counts implied by the file's percentages, and PC4 rates from the file's counts."""
    out: dict[str, pd.Series] = {}
    dwellings = values.get("dwellings")
    if dwellings is not None:
        for pct, count in (
            ("owner_occupied_pct", "owner_occupied_dwellings"),
            ("rent_pct", "rented_dwellings"),
        ):
            if pct in values:  # whole dwellings, as CBS publishes counts
                out[count] = (values[pct] * dwellings / 100.0).round()
        for count, pct in (
            ("social_rent_dwellings", "social_rent_pct"),
            ("empty_dwellings", "empty_dwellings_pct"),
            ("multi_family_dwellings", "multi_family_pct"),
        ):
            if count in values:
                out[pct] = _ratio(values[count], dwellings, 100.0)
    if "single_parent_households" in values and "two_parent_households" in values:
        out["households_with_children"] = (
            values["single_parent_households"] + values["two_parent_households"]
        )
    return out
