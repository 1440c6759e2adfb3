"""Reader for CBS StatLine CSV exports of the *Kerncijfers Wijken en Buurten* tables.

StatLine (https://opendata.cbs.nl/statline) exports a table selection as CSV:
``;``-separated, UTF-8 with a byte-order mark, strings right-padded with spaces
(``"GM1680    "``), ``.`` for a missing value and long Dutch headers that follow the
table's topic tree (``Bevolking/Aantal inwoners (aantal)``). Exports that went through
R's ``read.csv``/``write.csv`` have a row-index first column, ``,`` as separator, dotted
headers (``Bevolking.Aantal.inwoners..aantal.``), ``NA`` for missing and sometimes
decimal commas inside quoted strings. Both forms are read here.

Region codes come from the ``Regioaanduiding/Codering (code)`` column. An export made
without that column is joined *by row position* to an export of the same selection that
has it (``codes_from=``, :func:`read_statline_pair`, or a sibling found by
:func:`find_code_source`), after checking that the region names agree row by row.

Headers map to catalogue indicators through ``catalogue.find("statline", header,
year)``, which compares them with :func:`kloof.catalogue.header_key`, so slash and dotted
forms match the same entry. Missing markers and CBS sentinels become NaN
(:func:`kloof.sources._values.to_numbers`).

Examples
--------
>>> batch = read_statline("Kerncijfers_wijken_en_buurten_2024_geslachten.csv")  # doctest: +SKIP
>>> batch.source.table_id  # doctest: +SKIP
'85984NED'
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from kloof import regions
from kloof.batch import OBSERVATION_COLUMNS, ImportBatch, SourceInfo, file_sha256
from kloof.catalogue import KWB_YEARS, Catalogue, header_key, load
from kloof.errors import DataFormatError, quote
from kloof.sources._columns import indicator_columns
from kloof.sources._limits import check_csv
from kloof.sources._text import decode_text, encoding_note
from kloof.sources._values import to_numbers
from kloof.sources.cbs_files import KWB_TABLES

__all__ = ["KWB_TABLE_IDS", "find_code_source", "read_statline", "read_statline_pair"]

#: CBS table id of the *Kerncijfers Wijken en Buurten* table of each year (one list,
#: :data:`kloof.sources.cbs_files.KWB_TABLES`).
KWB_TABLE_IDS: dict[int, str] = KWB_TABLES

_DELIMITERS = (";", ",", "\t")
_NAME_KEYS = frozenset({"wijken en buurten", "regio s", "regio"})
_LEVEL_WORDS = {"land": "land", "gemeente": "gemeente", "wijk": "wijk", "buurt": "buurt"}
_YEAR_IN_NAME = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_HOW_TO_EXPORT = (
    "export the table from StatLine as CSV with the topic 'Regioaanduiding/Codering' "
    "selected, or pass codes_from= (CLI: --codes-from) an export of the same selection "
    "that has it"
)


@dataclass(frozen=True)
class _Table:
    """A parsed CSV: header and columns of stripped strings, plus identity columns."""

    path: Path
    header: tuple[str, ...]
    columns: tuple[pd.Series, ...]
    code: int | None
    name: int | None
    gemeente: int | None
    soort: int | None
    encoding: str

    @property
    def n_rows(self) -> int:
        return len(self.columns[0]) if self.columns else 0


def _fields(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return []


def _sniff(path: Path, text: str) -> str:
    lines = text.splitlines()[:10]
    first = lines[0] if lines else ""
    best, width = ";", 0
    for delimiter in _DELIMITERS:
        fields = _fields(first, delimiter)
        if len(fields) > width:
            best, width = delimiter, len(fields)
    named = sum(1 for field in _fields(first, best) if field.strip())
    below = max((len(_fields(line, d)) for line in lines[1:] for d in _DELIMITERS), default=0)
    if named < 2 and below > 2:
        raise DataFormatError(
            "the header is not on the first line: a title above it? Remove the lines "
            "above the header and import again",
            path=path,
        )
    if width < 2:
        raise DataFormatError(
            "the header has a single column: the file is not ';' or ',' separated. "
            "Export the table from StatLine as CSV (semicolon-separated), or import "
            "other files with a mapping (kloof data import FILE --mapping MAPPING.yaml)",
            path=path,
        )
    return best


def _find(keys: list[str], test: Callable[[str], bool]) -> int | None:
    return next((i for i, key in enumerate(keys) if test(key)), None)


def _read_table(path: str | Path) -> _Table:
    """Parse a StatLine CSV into string columns, checking its shape row by row."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise DataFormatError(f"cannot read the file: {exc.strerror or exc}", path=p) from None
    text, encoding = decode_text(p, raw)
    delimiter = _sniff(p, text)
    check_csv(text, delimiter, path=p)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[list[str]] = []
    try:
        header = next(reader)
        for record in reader:
            records.append(record)
    except csv.Error as exc:
        raise DataFormatError(
            f"broken CSV ({exc}); the file may be truncated or corrupt: export it again",
            path=p,
            row=len(records) + 1,
        ) from None
    while records and not any(field.strip() for field in records[-1]):
        records.pop()  # trailing blank lines
    if not records:
        raise DataFormatError(
            "the file has a header but no data rows; it may be truncated: export it again",
            path=p,
        )
    width = len(header)
    for number, record in enumerate(records, start=1):
        if len(record) != width:
            hint = "truncated" if number == len(records) else "damaged or mixes delimiters"
            what = f"has {len(record)} fields" if record else "is empty"
            raise DataFormatError(
                f"the row {what} but the header has {width}; the file "
                f"looks {hint}: export it from StatLine again",
                path=p,
                row=number,
            )
    columns = tuple(
        pd.Series(values, dtype="string").str.strip() for values in zip(*records, strict=True)
    )
    keys = [header_key(h) for h in header]
    return _Table(
        path=p,
        header=tuple(header),
        columns=columns,
        code=_find(keys, lambda k: re.search(r"(^| )codering( code)?$", k) is not None),
        name=_find(keys, lambda k: k in _NAME_KEYS),
        gemeente=_find(keys, lambda k: k.endswith("gemeentenaam naam")),
        soort=_find(keys, lambda k: k.endswith("soort regio omschrijving")),
        encoding=encoding,
    )


def _is_identity(table: _Table, index: int) -> bool:
    key = header_key(table.header[index])
    return (
        index in (table.code, table.name, table.gemeente, table.soort)
        or (index == 0 and key == "")
        or "indelingswijziging" in key
    )


def _resolve_year(path: Path, year: int | None) -> int:
    if year is None:
        found = sorted({int(y) for y in _YEAR_IN_NAME.findall(path.name)})
        if len(found) != 1:
            what = "holds several years " + ", ".join(map(str, found)) if found else "has no year"
            raise DataFormatError(
                f"the file name {what}, so the KWB year of this export is unknown; pass it: "
                "read_statline(path, year=2024) or `kloof data import FILE --year 2024`",
                path=path,
            )
        year = found[0]
    if year not in KWB_YEARS:
        raise DataFormatError(
            f"year {year} is not a KWB year the catalogue describes "
            f"({KWB_YEARS.start}-{KWB_YEARS.stop - 1}); pass the year of the table this "
            "export comes from with year= (CLI: --year)",
            path=path,
        )
    return year


def _codes(source: _Table) -> pd.Series:
    """Validated, normalised codes from the code column of ``source``."""
    assert source.code is not None
    column = source.header[source.code]
    codes = regions.normalise_series(source.columns[source.code]).fillna("")
    bad = regions.invalid_codes(codes).to_numpy()
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        raise DataFormatError(
            f"{quote(codes.iloc[pos])} is not a CBS region code (NL00, GM0363, WK036301, "
            f"BU03630101); {int(bad.sum())} invalid codes in this column: correct the file "
            "or export it from StatLine again",
            path=source.path,
            row=pos + 1,
            column=column,
        )
    dup = codes.duplicated(keep=False).to_numpy()
    if dup.any():
        first = int(np.flatnonzero(dup)[0])
        second = int(np.flatnonzero(dup & (codes == codes.iloc[first]).to_numpy())[1])
        raise DataFormatError(
            f"region code {codes.iloc[first]} appears in rows {first + 1} and {second + 1}; "
            "each region may appear once per file: remove the duplicate row",
            path=source.path,
            row=second + 1,
            column=column,
        )
    if source.soort is not None:
        levels = regions.hierarchy(codes)["level"].astype(object)
        said = source.columns[source.soort].str.lower().map(_LEVEL_WORDS).astype(object)
        clash = (said.notna() & (said != levels)).to_numpy(dtype=bool)
        if clash.any():
            pos = int(np.flatnonzero(clash)[0])
            raise DataFormatError(
                f"code {codes.iloc[pos]} is a {levels.iloc[pos]} but the row says "
                f"{quote(source.columns[source.soort].iloc[pos])}; the code column looks shifted",
                path=source.path,
                row=pos + 1,
                column=source.header[source.soort],
            )
    return codes.reset_index(drop=True)


def _check_same_rows(table: _Table, other: _Table) -> None:
    """Verify two exports list the same regions in the same order (names row by row)."""
    if table.n_rows != other.n_rows:
        raise DataFormatError(
            f"the file has {table.n_rows} rows but {other.path} has {other.n_rows}; both "
            "exports must hold the same regions in the same order: " + _HOW_TO_EXPORT,
            path=table.path,
        )
    pairs = [(table.name, other.name), (table.gemeente, other.gemeente)]
    compared = 0
    for mine, theirs in pairs:
        if mine is None or theirs is None:
            continue
        compared += 1
        a = table.columns[mine].fillna("").to_numpy()
        b = other.columns[theirs].fillna("").to_numpy()
        differ = a != b
        if differ.any():
            pos = int(np.flatnonzero(differ)[0])
            raise DataFormatError(
                f"{quote(a[pos])} differs from {quote(b[pos])} in the same row of "
                f"{other.path}; the two exports do not list the same regions in the same "
                "order: export both from the same StatLine selection",
                path=table.path,
                row=pos + 1,
                column=table.header[mine],
            )
    if compared == 0:
        raise DataFormatError(
            f"cannot join by row position with {other.path}: neither a 'Wijken en buurten' "
            "nor a gemeente name column appears in both files to check the rows against",
            path=table.path,
        )


def find_code_source(path: str | Path) -> Path | None:
    """Find the export in the same folder that supplies region codes for ``path``.

    A candidate is another ``.csv`` in the folder with the same year in its name, a
    ``Codering`` column, and the same region names in the same order.

    Returns
    -------
    pathlib.Path or None
        The first matching sibling, or ``None``.
    """
    p = Path(path)
    years = set(_YEAR_IN_NAME.findall(p.name))
    try:
        table = _read_table(p)
    except DataFormatError:
        return None
    for candidate in sorted(p.parent.glob("*.csv")):
        if (
            candidate.resolve() == p.resolve()
            or set(_YEAR_IN_NAME.findall(candidate.name)) != years
        ):
            continue
        try:
            with open(candidate, "rb") as handle:
                head = handle.readline(65536).decode("utf-8-sig", "replace").lower()
            if "codering" not in head:
                continue
            other = _read_table(candidate)
            if other.code is not None:
                _check_same_rows(table, other)
                return candidate
        except (OSError, DataFormatError):
            continue
    return None


def _observations(
    table: _Table, codes: pd.Series, year: int, catalogue: Catalogue
) -> tuple[pd.DataFrame, list[str]]:
    indicators: list[str] = []
    values: list[np.ndarray] = []
    suppressed = 0
    position = {h: i for i, h in enumerate(table.header) if not _is_identity(table, i)}
    mapped = indicator_columns(
        catalogue,
        "statline",
        list(position),
        year,
        lambda h: to_numbers(table.columns[position[h]], path=table.path, name=h)[0].to_numpy(),
        path=table.path,
    )
    unknown = mapped.unknown
    for header, found in mapped.columns:
        numbers, missing = to_numbers(table.columns[position[header]], path=table.path, name=header)
        indicators.append(found.id)
        values.append(numbers.to_numpy(dtype="float64"))
        suppressed += missing
    n = len(codes)
    frame = pd.DataFrame(
        {
            "code": np.tile(codes.to_numpy(dtype=object), len(indicators)),
            "year": np.full(n * len(indicators), year, dtype="int64"),
            "indicator": np.repeat(np.array(indicators, dtype=object), n),
            "value": np.concatenate(values) if values else np.array([], dtype="float64"),
        },
        columns=list(OBSERVATION_COLUMNS),
    )
    notes = []
    if unknown:
        notes.append(
            f"{len(unknown)} column(s) are not in the catalogue for {year} and were skipped: "
            + "; ".join(unknown)
        )
    notes += mapped.notes
    if indicators:
        notes.append(f"{suppressed} of {n * len(indicators)} values are missing or suppressed")
    return frame, notes


def read_statline(
    path: str | Path,
    *,
    year: int | None = None,
    catalogue: Catalogue | None = None,
    codes_from: str | Path | None = None,
) -> ImportBatch:
    """Read a CBS StatLine CSV export of a KWB table.

    Parameters
    ----------
    path
        The CSV export (``;`` or ``,`` separated, UTF-8 with or without BOM).
    year
        KWB year of the table; by default taken from the file name (``..._2024...``).
    catalogue
        Catalogue to map headers with; the built-in one by default.
    codes_from
        An export of the same selection *with* the code column, for an export without
        it. By default a sibling is looked for with :func:`find_code_source`.

    Returns
    -------
    ImportBatch
        Regions (code, level, parents, name from ``Wijken en buurten``) and long
        observations; provenance ``statline`` with the KWB table id of the year.

    Raises
    ------
    DataFormatError
        On an unreadable, truncated or mis-delimited file, a year the catalogue does not
        know, invalid or duplicate codes, non-numeric values, or a missing code column.
    """
    p = Path(path)
    year = _resolve_year(p, year)
    table = _read_table(p)
    notes: list[str] = []
    if table.code is not None:
        code_table = table
    else:
        source = Path(codes_from) if codes_from is not None else find_code_source(p)
        if source is None:
            raise DataFormatError(
                "the export has no region code column, Regioaanduiding/Codering (code); "
                + _HOW_TO_EXPORT,
                path=p,
            )
        code_table = _read_table(source)
        if code_table.code is None:
            raise DataFormatError(
                "codes_from has no 'Regioaanduiding/Codering (code)' column either; "
                + _HOW_TO_EXPORT,
                path=source,
            )
        _check_same_rows(table, code_table)
        notes.append(f"region codes taken by row position from {source} (names match)")
    notes += encoding_note(table.encoding)
    codes = _codes(code_table)
    hierarchy = regions.hierarchy(codes)
    names_at = table.name if table.name is not None else code_table.name
    names_from = table if table.name is not None else code_table
    if names_at is not None:
        names = names_from.columns[names_at].replace("", pd.NA).astype(object)
        names = names.where(names.notna(), None).reset_index(drop=True)
    else:
        names = pd.Series([None] * len(codes), dtype=object)
    region_frame = pd.DataFrame(
        {
            "code": hierarchy["code"].astype(object),
            "year": np.full(len(codes), year, dtype="int64"),
            "level": hierarchy["level"].astype(object),
            "name": names,
            "parent_gm": hierarchy["parent_gm"]
            .astype(object)
            .where(hierarchy["parent_gm"].notna(), None),
            "parent_wk": hierarchy["parent_wk"]
            .astype(object)
            .where(hierarchy["parent_wk"].notna(), None),
        }
    )
    observations, obs_notes = _observations(table, codes, year, catalogue or load())
    source_info = SourceInfo.for_content(
        "statline", str(p), file_sha256(p), KWB_TABLE_IDS.get(year)
    )
    return ImportBatch(
        source=source_info,
        regions=region_frame,
        observations=observations,
        notes=tuple(notes + obs_notes),
    )


def read_statline_pair(
    with_codes_path: str | Path,
    other_path: str | Path,
    *,
    year: int | None = None,
    catalogue: Catalogue | None = None,
) -> tuple[ImportBatch, ImportBatch]:
    """Read two exports of the same selection, one with and one without region codes.

    The second file gets its codes from the first by row position, after the region
    names are checked to agree row by row (CBS lets a user export a table in parts, and
    only one part may hold the ``Codering`` topic).

    Returns
    -------
    tuple of ImportBatch
        The batch of ``with_codes_path`` and the batch of ``other_path``, each with its
        own provenance.
    """
    first = read_statline(with_codes_path, year=year, catalogue=catalogue)
    second = read_statline(other_path, year=year, catalogue=catalogue, codes_from=with_codes_path)
    return first, second
