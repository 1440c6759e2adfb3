"""The CBS consumer price index (CPI, table 83131NED) for deflating amounts in euro.

*Consumentenprijzen; prijsindex 2015=100* (83131NED) is published through the CBS OData
v3 API (:mod:`kloof.sources.cbs_odata`) with two dimensions and typed topics:

``Bestedingscategorieen``
    Expenditure categories; the member titled ``000000 Alle bestedingen`` is the CPI of
    all consumer spending (its key, ``T001112`` at the time of writing, is read from the
    dimension, never assumed).
``Perioden``
    Months (``2023MM01``) and years (``2023JJ00``: the annual average).
``CPI_1``
    The index (unit ``2015=100``); other topics (``CPIAfgeleid_2``, monthly and annual
    changes ``MaandmutatieCPI_3``, ``JaarmutatieCPI_5``, ...) are not used.

:func:`fetch_cpi` reads the metadata, the category dimension and the data of the
all-expenditure category (one ``$filter``-ed request of a few hundred records) and
keeps the annual averages. :func:`read_cpi_csv` reads the same series from a file the
user keeps (``year,cpi`` or a StatLine CSV export with a ``Perioden`` column). Both
return a :class:`kloof.batch.PriceIndex` for :func:`kloof.store.prices.store_price_index`.

kloof ships no CPI values: a store has a CPI only when the user fetched or imported one.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd

from kloof.batch import PriceIndex, SourceInfo, file_sha256
from kloof.errors import DataFormatError, SourceError
from kloof.sources._odata import (
    DEFAULT_BASE_URL,
    DEFAULT_HTTP,
    PAGE_SIZE,
    HttpOptions,
    open_session,
)
from kloof.sources._values import to_numbers

__all__ = ["CPI_TABLE", "fetch_cpi", "parse_cpi", "read_cpi_csv"]

#: CBS table of the consumer price index, 2015 = 100.
CPI_TABLE = "83131NED"
_ANNUAL = re.compile(r"^\s*(\d{4})(?:JJ00)?\s*$")
_BASE = re.compile(r"(\d{4})\s*=\s*100")
_ALL = re.compile(r"^\s*0{6}\b|^\s*alle bestedingen\s*$", re.IGNORECASE)


def _strip(value: object) -> str:
    return "" if value is None else str(value).strip()


def _base(*texts: object) -> str | None:
    for text in texts:
        found = _BASE.search(_strip(text))
        if found:
            return f"{found.group(1)} = 100"
    return None


def parse_cpi(
    infos: list[dict[str, Any]],
    properties: list[dict[str, Any]],
    records: list[dict[str, Any]],
    *,
    location: str,
    sha256: str,
    table_id: str = CPI_TABLE,
) -> PriceIndex:
    """The annual CPI from the answers of 83131NED (pure, no I/O).

    Parameters
    ----------
    infos, properties
        ``TableInfos`` and ``DataProperties``.
    records
        ``TypedDataSet`` records of the all-expenditure category (other categories, if
        present, are refused: the caller filters).
    location, sha256
        Provenance of the answers.

    Raises
    ------
    SourceError
        No ``CPI`` topic, no period dimension, no annual record, or an unknown base.
    """
    topics = {p["Key"]: p for p in properties if p.get("Type") == "Topic" and p.get("Key")}
    cpi = next((k for k in topics if re.fullmatch(r"CPI(_\d+)?", k)), None)
    if cpi is None:
        raise SourceError(f"table {table_id} has no CPI topic (found {sorted(topics)[:6]})")
    time = next((p["Key"] for p in properties if p.get("Type") == "TimeDimension"), None)
    if time is None:
        raise SourceError(f"table {table_id} has no period dimension")
    title = _strip(infos[0].get("Title")) if infos else ""
    base = _base(topics[cpi].get("Unit"), topics[cpi].get("Title"), title)
    if base is None:
        raise SourceError(f"table {table_id}: cannot tell the index base (no 'YYYY=100')")
    values: dict[int, float] = {}
    monthly = 0
    for record in records:
        found = _ANNUAL.match(_strip(record.get(time)))
        if not found:
            monthly += 1
            continue
        value = record.get(cpi)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            year = int(found.group(1))
            if year in values:
                raise SourceError(
                    f"table {table_id}: year {year} twice; filter one expenditure category"
                )
            values[year] = float(value)
    if not values:
        raise SourceError(f"table {table_id} answered with no annual CPI value")
    notes = [f"{len(values)} annual averages {min(values)}-{max(values)}, base {base}"]
    if monthly:
        notes.append(f"{monthly} monthly record(s) not used (annual averages only)")
    series = pd.Series(values, dtype="float64").sort_index()
    series.index.name = "year"
    return PriceIndex(
        source=SourceInfo.for_content("cpi", location, sha256, table_id),
        values=series,
        base=base,
        notes=tuple(notes),
    )


def fetch_cpi(
    *,
    http: HttpOptions = DEFAULT_HTTP,
    base_url: str = DEFAULT_BASE_URL,
    table_id: str = CPI_TABLE,
) -> PriceIndex:
    """Download the annual CPI (all expenditure) from the CBS OData v3 API.

    Parameters
    ----------
    http, base_url
        As for :func:`kloof.sources.cbs_odata.fetch_table`.
    table_id
        The CPI table (83131NED, 2015 = 100).

    Raises
    ------
    SourceError
        No expenditure-category dimension or no "Alle bestedingen" member, and the
        errors of :func:`parse_cpi` and of the HTTP layer.
    """
    with open_session(table_id, base_url=base_url, http=http) as session:
        infos = session.get_all("TableInfos", PAGE_SIZE)
        properties = session.get_all("DataProperties", PAGE_SIZE)
        dims = [p["Key"] for p in properties if p.get("Type") == "Dimension" and p.get("Key")]
        category = next((d for d in dims if d.lower().startswith("bestedingscategorie")), None)
        if category is None:
            raise SourceError(f"table {table_id} has no expenditure-category dimension")
        members = session.get_all(category, PAGE_SIZE)
        key = next(
            (_strip(m.get("Key")) for m in members if _ALL.search(_strip(m.get("Title")))), ""
        )
        if not key:
            raise SourceError(f"table {table_id}: no category '000000 Alle bestedingen'")
        padded = next(str(m["Key"]) for m in members if _strip(m.get("Key")) == key)
        records = session.get_all(
            "TypedDataSet", PAGE_SIZE, params={"$filter": f"{category} eq '{padded}'"}
        )
    return parse_cpi(
        infos,
        properties,
        records,
        location=session.root,
        sha256=session.digest.hexdigest(),
        table_id=table_id,
    )


def read_cpi_csv(path: str | Path, *, base: str | None = None) -> PriceIndex:
    """Read an annual CPI from a CSV: a year column and a CPI column.

    The year column is ``year``, ``jaar`` or ``Perioden`` (``2023`` or ``2023JJ00``;
    rows of months are skipped); the CPI column is ``cpi`` or a StatLine header that
    starts with ``CPI`` (``CPI (2015=100)``). The base comes from that header or from
    ``base`` (``"2015 = 100"``).

    Raises
    ------
    DataFormatError
        No such file, no such columns, no base, no annual row, a year twice, a value that is no
        positive number.
    """
    p = Path(path)
    if not p.is_file():  # as every reader says it (sources.detect): the file is named
        raise DataFormatError("no such file", path=p)
    try:
        frame = pd.read_csv(p, sep=None, engine="python", dtype=str, encoding="utf-8-sig")
    except OSError as exc:  # a file that cannot be opened (permissions): as statline
        raise DataFormatError(f"cannot read the file: {exc.strerror or exc}", path=p) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise DataFormatError(f"cannot read the CPI file: {exc}", path=p) from None
    lower = {str(c).strip().lower(): c for c in frame.columns}
    year_col = next((lower[k] for k in ("year", "jaar", "perioden") if k in lower), None)
    cpi_col = next((c for k, c in lower.items() if k == "cpi" or k.startswith("cpi ")), None)
    if year_col is None or cpi_col is None:
        raise DataFormatError(
            f"a CPI file needs a 'year' and a 'cpi' column; found {list(frame.columns)[:6]}",
            path=p,
        )
    chosen = base or _base(cpi_col)
    if chosen is None:
        raise DataFormatError("the CPI base is unknown: name the column 'CPI (2015=100)'", path=p)
    years = frame[year_col].astype("string").str.extract(_ANNUAL.pattern, expand=False)
    annual = years.notna().to_numpy()
    if not annual.any():
        raise DataFormatError("no annual row (years such as 2023 or 2023JJ00)", path=p)
    values, _ = to_numbers(frame.loc[annual, cpi_col], path=p, name=str(cpi_col))
    series = pd.Series(values.to_numpy(dtype="float64"), index=years[annual].astype(int))
    if series.index.has_duplicates:
        raise DataFormatError(f"year {series.index[series.index.duplicated()][0]} twice", path=p)
    if not (series.dropna() > 0).all():
        raise DataFormatError("a CPI value is not a positive number", path=p)
    series = series.dropna().sort_index()
    series.index.name = "year"
    digest = file_sha256(p)
    return PriceIndex(
        source=SourceInfo.for_content("cpi", str(p), digest, None),
        values=series,
        base=chosen,
        notes=(f"{len(series)} annual values {series.index.min()}-{series.index.max()}",),
    )
