"""Client for the CBS OData v3 API: download a regional table as an :class:`ImportBatch`.

A CBS table (``85984NED``, *Kerncijfers wijken en buurten 2024*) is published at
``{base}/{table}/`` with, among others, these endpoints (v3, JSON):

``TableInfos``
    One record with the title and the ``Period`` the table covers (``"2024"``).
``DataProperties``
    The dimensions (``GeoDetail``/``GeoDimension`` ``WijkenEnBuurten``, ``TimeDimension``
    ``Perioden``) and topics (``Topic`` with ``Key`` such as ``AantalInwoners_5``,
    ``Datatype`` ``Long``/``Double``/``String``).
``{dimension}``
    The members of a dimension (``Key`` ``"GM1680    "``, ``Title`` ``"Aa en Hunze"``).
``TypedDataSet``
    One record per combination of dimension members, topic values typed (``null`` when
    suppressed).

Each answer is ``{"odata.metadata": ..., "value": [...]}``. Large answers come in
pages: the server may add ``odata.nextLink`` (followed when it points to the same host),
and the ``ODataApi`` endpoint caps an answer at 10,000 records, so a full page is
followed by ``$skip`` (:data:`PAGE_SIZE`). Every request goes through
:class:`kloof.sources._http.Http` (timeouts, retries with backoff, on-disk cache).

Region codes come from the ``Codering`` topic (padding stripped) or else the geographic
dimension key; the level follows from the code (:mod:`kloof.regions`), names from the
dimension titles, the year from the ``Perioden`` key (``2024JJ00``) or ``TableInfos``.
Topic keys map to catalogue indicators through ``catalogue.find("odata", key, year)``;
unknown topics are listed in :attr:`ImportBatch.notes`.

Examples
--------
>>> options = HttpOptions(cache_dir=Path("~/.cache/kloof"))  # doctest: +SKIP
>>> batch = fetch_table("85984NED", http=options)  # doctest: +SKIP
>>> batch.source.table_id  # doctest: +SKIP
'85984NED'
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from kloof import regions
from kloof.batch import OBSERVATION_COLUMNS, ImportBatch, SourceInfo
from kloof.catalogue import Catalogue, load
from kloof.errors import SourceError
from kloof.sources._columns import indicator_columns
from kloof.sources._odata import (
    DEFAULT_BASE_URL,
    DEFAULT_HTTP,
    PAGE_SIZE,
    HttpOptions,
    Progress,
    open_session,
)

__all__ = [
    "DEFAULT_BASE_URL",
    "PAGE_SIZE",
    "HttpOptions",
    "fetch_kwb",
    "fetch_table",
    "kwb_years",
]

_GEO_TYPES = frozenset({"GeoDimension", "GeoDetail"})
_DIMENSION_TYPES = _GEO_TYPES | {"Dimension", "TimeDimension"}
_TABLE_ID = re.compile(r"^[0-9A-Za-z]{5,12}$")
_ANNUAL = re.compile(r"^\s*(\d{4})(?:JJ00)?\s*$")


def _strip(value: object) -> str:
    return "" if value is None else str(value).strip()


def _year_of_table(table_id: str, infos: list[dict[str, Any]]) -> int | None:
    period = _strip(infos[0].get("Period")) if infos else ""
    match = _ANNUAL.match(period)
    return int(match.group(1)) if match else None


def _region_frame(
    frame: pd.DataFrame,
    key: pd.DataFrame,
    geo: str | None,
    topics: dict[str, dict[str, Any]],
    members: list[dict[str, Any]],
) -> pd.DataFrame:
    """Regions: hierarchy from the codes, names from the dimension titles.

    A gemeente without a dimension title takes the ``Gemeentenaam`` topic.
    """
    hierarchy = regions.hierarchy(key["code"])
    titles = {_strip(m.get("Key")): _strip(m.get("Title")) for m in members}
    keys = frame[geo].map(_strip) if geo is not None and geo in frame else key["code"]
    names = keys.map(titles).reset_index(drop=True)
    gm_name = next((k for k in topics if re.fullmatch(r"Gemeentenaam(_\d+)?", k)), None)
    if gm_name is not None and gm_name in frame:
        own_name = frame[gm_name].map(_strip).reset_index(drop=True)
        is_gm = (hierarchy["level"] == "gemeente").to_numpy(dtype=bool)
        names = names.where(names.notna() | ~is_gm, own_name)
    names = names.replace("", None).astype(object)

    def column(series: pd.Series) -> pd.Series:
        return series.astype(object).where(series.notna(), None)

    return pd.DataFrame(
        {
            "code": hierarchy["code"].astype(object),
            "year": key["year"],
            "level": hierarchy["level"].astype(object),
            "name": column(names),
            "parent_gm": column(hierarchy["parent_gm"]),
            "parent_wk": column(hierarchy["parent_wk"]),
        }
    )


def _observations(
    frame: pd.DataFrame,
    key: pd.DataFrame,
    numeric: list[str],
    catalogue: Catalogue,
    notes: list[str],
) -> pd.DataFrame:
    """Long observations of the topics the catalogue knows; notes list the others."""
    parts: list[pd.DataFrame] = []
    unknown: set[str] = set()
    for year in sorted(set(key["year"])):
        rows = (key["year"] == year).to_numpy()

        def numbers(c: str, rows: np.ndarray = rows) -> np.ndarray:
            return np.asarray(pd.to_numeric(frame[c].to_numpy()[rows], errors="coerce"), float)

        mapped = indicator_columns(catalogue, "odata", numeric, year, numbers)
        unknown.update(mapped.unknown)
        notes += mapped.notes
        for column, found in mapped.columns:
            values = pd.to_numeric(frame[column].to_numpy()[rows], errors="coerce")
            parts.append(
                pd.DataFrame(
                    {
                        "code": key["code"].to_numpy()[rows],
                        "year": np.full(int(rows.sum()), year, dtype="int64"),
                        "indicator": found.id,
                        "value": np.asarray(values, dtype="float64"),
                    }
                )
            )
    if unknown:
        notes.append(
            f"{len(unknown)} topic(s) are not in the catalogue and were skipped: "
            + ", ".join(sorted(unknown))
        )
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in OBSERVATION_COLUMNS})
    return pd.concat(parts, ignore_index=True)


def _to_batch(
    table_id: str,
    location: str,
    sha256: str,
    infos: list[dict[str, Any]],
    properties: list[dict[str, Any]],
    dimensions: dict[str, list[dict[str, Any]]],
    records: list[dict[str, Any]],
    catalogue: Catalogue,
) -> ImportBatch:
    """Map the answers of one table to an :class:`ImportBatch` (pure, no I/O)."""
    dims = [
        p for p in properties if p.get("Type") in _DIMENSION_TYPES and isinstance(p.get("Key"), str)
    ]
    geo = next((p["Key"] for p in dims if p.get("Type") in _GEO_TYPES), None)
    time = next((p["Key"] for p in dims if p.get("Type") == "TimeDimension"), None)
    other = [p["Key"] for p in dims if p["Key"] not in (geo, time)]
    if other:
        raise SourceError(
            f"table {table_id} has dimension(s) {', '.join(other)} besides region and period; "
            "kloof stores one value per region, year and indicator: use a KWB table "
            "(such as 85984NED) or import a filtered export with a mapping"
        )
    topics = {p["Key"]: p for p in properties if p.get("Type") == "Topic" and p.get("Key")}
    coding = next((k for k in topics if re.fullmatch(r"Codering(_\d+)?", k)), None)
    if geo is None and coding is None:
        raise SourceError(f"table {table_id} has no region dimension: it is not a regional table")
    notes: list[str] = []
    frame = pd.DataFrame.from_records(records) if records else pd.DataFrame()
    if frame.empty:
        raise SourceError(f"table {table_id} answered with no data records")
    raw_codes = pd.Series([""] * len(frame), dtype=object)
    if coding is not None and coding in frame:
        raw_codes = frame[coding].map(_strip)
    if geo is not None and geo in frame:
        raw_codes = raw_codes.where(raw_codes != "", frame[geo].map(_strip))
    codes = regions.normalise_series(raw_codes).fillna("").replace({"NL01": "NL00"})
    keep = ~regions.invalid_codes(codes).to_numpy()
    if time is not None and time in frame:
        years = frame[time].map(lambda v: _ANNUAL.match(_strip(v)))
        keep &= years.notna().to_numpy()
        year_values = years.map(lambda m: int(m.group(1)) if m else 0)
    else:
        year = _year_of_table(table_id, infos)
        if year is None:
            raise SourceError(
                f"table {table_id}: cannot tell the year (TableInfos Period is "
                f"{_strip(infos[0].get('Period')) if infos else ''!r}, no Perioden dimension)"
            )
        year_values = pd.Series(year, index=frame.index)
    if not keep.all():
        skipped = sorted(set(codes[~keep]))[:5]
        notes.append(
            f"{int((~keep).sum())} record(s) skipped: region codes or periods kloof does not "
            f"store (e.g. {', '.join(map(repr, skipped))})"
        )
    frame, codes, year_values = frame[keep], codes[keep], year_values[keep].astype("int64")
    if frame.empty:
        raise SourceError(f"table {table_id} holds no gemeente, wijk or buurt records")
    key = pd.DataFrame({"code": codes.to_numpy(), "year": year_values.to_numpy()})
    dup = key.duplicated().to_numpy()
    if dup.any():
        raise SourceError(
            f"table {table_id} has region {key['code'].iloc[int(np.flatnonzero(dup)[0])]} "
            "twice in one year; kloof cannot tell which record to keep"
        )

    region_frame = _region_frame(frame, key, geo, topics, dimensions.get(geo or "", []))
    numeric = [k for k, p in topics.items() if p.get("Datatype") != "String" and k in frame]
    observations = _observations(frame, key, numeric, catalogue, notes)
    unknown_columns = [c for c in frame.columns if c not in topics and c not in ("ID", geo, time)]
    if unknown_columns:
        notes.append(
            "column(s) not described by DataProperties were skipped: "
            + ", ".join(map(str, unknown_columns))
        )
    missing = int(observations["value"].isna().sum()) if len(observations) else 0
    notes.append(f"{missing} of {len(observations)} values are missing or suppressed")
    return ImportBatch(
        source=SourceInfo.for_content("odata", location, sha256, table_id),
        regions=region_frame,
        observations=observations,
        notes=tuple(notes),
    )


def fetch_table(
    table_id: str,
    *,
    http: HttpOptions = DEFAULT_HTTP,
    base_url: str = DEFAULT_BASE_URL,
    page_size: int = PAGE_SIZE,
    progress: Progress | None = None,
    catalogue: Catalogue | None = None,
) -> ImportBatch:
    """Download a regional CBS table through the OData v3 API.

    Parameters
    ----------
    table_id
        CBS table id, e.g. ``85984NED`` (KWB 2024).
    http
        Client, cache folder, timeout, retries, backoff and refresh
        (:class:`~kloof.sources._odata.HttpOptions`; inject a client built on
        :class:`httpx.MockTransport` in tests).
    base_url
        Service root; ``DEFAULT_BASE_URL`` or the bulk ``.../ODataFeed/odata``.
    page_size
        Records per request (``$top``); the v3 API allows at most 10,000.
    progress
        Called as ``progress(records_read, total_or_None)`` after each data page.
    catalogue
        Catalogue that maps topic keys to indicators; the built-in one by default.

    Returns
    -------
    ImportBatch
        Provenance ``odata`` with the table URL and the SHA-256 of all answers read.

    Raises
    ------
    SourceError
        Unknown table (HTTP 404), answers that are not JSON or not OData, a table kloof
        cannot store, or network failures that persist after the retries.
    """
    table_id = table_id.strip()
    if not _TABLE_ID.match(table_id):
        raise SourceError(
            f"{table_id!r} is not a CBS table id; ids look like 85984NED (letters and digits)"
        )
    with open_session(table_id, base_url=base_url, http=http) as session:
        infos = session.get_all("TableInfos", page_size)
        properties = session.get_all("DataProperties", page_size)
        dimensions = {
            p["Key"]: session.get_all(p["Key"], page_size)
            for p in properties
            if p.get("Type") in _GEO_TYPES and isinstance(p.get("Key"), str)
        }
        records = session.get_all("TypedDataSet", page_size, progress)
    return _to_batch(
        table_id,
        session.root,
        session.digest.hexdigest(),
        infos,
        properties,
        dimensions,
        records,
        catalogue or load(),
    )


def kwb_years(text: str) -> list[int]:
    """KWB years from ``"2013-2024"``, ``"2023"`` or ``"2019,2021-2023"``, checked.

    Every year must have a known Kerncijfers Wijken en Buurten table
    (:data:`kloof.sources.cbs_files.KWB_TABLES`).

    Examples
    --------
    >>> kwb_years("2019,2022-2024")
    [2019, 2022, 2023, 2024]
    """
    from kloof.sources.cbs_files import KWB_TABLES

    years: set[int] = set()
    for part in str(text).replace(" ", "").split(","):
        found = re.fullmatch(r"(\d{4})(?:-(\d{4}))?", part)
        if not found:
            raise SourceError(f"{part!r} is not a year or a range of years such as 2013-2024")
        first, last = int(found.group(1)), int(found.group(2) or found.group(1))
        if last < first:
            raise SourceError(f"{part!r}: the range runs backwards")
        years.update(range(first, last + 1))
    unknown = sorted(y for y in years if y not in KWB_TABLES)
    if unknown:
        raise SourceError(
            f"no Kerncijfers Wijken en Buurten table known for {unknown}; "
            f"known years: {min(KWB_TABLES)}-{max(KWB_TABLES)}"
        )
    return sorted(years)


def fetch_kwb(years: list[int] | str, **kwargs: Any) -> list[ImportBatch]:
    """Download the Kerncijfers Wijken en Buurten of several years, one table per year.

    Each year's table (:data:`kloof.sources.cbs_files.KWB_TABLES`, e.g. 85984NED for
    2024) is read with its own metadata: topic keys change suffix between years
    (``AantalInwoners_5`` in 2024), so they are matched by their stem through the
    catalogue (``odata`` names, with per-year overrides where a stem changed); topics the
    catalogue does not know are listed in each batch's notes, never guessed.

    Parameters
    ----------
    years
        Years, or text for :func:`kwb_years` (``"2013-2024"``).
    **kwargs
        Passed to :func:`fetch_table` (``http``, ``base_url``, ``catalogue``, ...).
    """
    from kloof.sources.cbs_files import KWB_TABLES

    chosen = kwb_years(years) if isinstance(years, str) else sorted(set(years))
    return [fetch_table(KWB_TABLES[year], **kwargs) for year in chosen]
