"""Registered crime per gemeente, wijk and buurt (Politie/CBS 47018NED) as import batches.

The police publish *Geregistreerde misdrijven; soort misdrijf, wijk en buurt* through
the CBS OData v3 service for third parties (``https://dataderden.cbs.nl/ODataApi/OData``,
table ``47018NED``), in the same shape as a CBS table (:mod:`kloof.sources.cbs_odata`):

``SoortMisdrijf``
    Offence codes, padded (``"0.0.0 "`` *Totaal misdrijven*, ``"1.1.1 "`` *Diefstal/
    inbraak woning*, ...).
``WijkenEnBuurten``
    Region codes, padded (``"GM0599    "``, ``"WK059901  "``, ``"BU05990110"``) with titles.
``Perioden``
    Years (``2024JJ00``) and, in some tables, months (``2024MM01``).
``GeregistreerdeMisdrijven_1``
    The number of registered crimes (the topic key is read from ``DataProperties``).

The whole table holds every offence for every region and period (millions of records),
so :func:`fetch_crime` asks for one year at a time and only the offences the catalogue
maps (``misdrijf`` names: ``0.0.0`` → ``crimes_total``, ``1.1.1`` → ``burglary_home``,
...), following the 10,000-record pages. Each year becomes one :class:`ImportBatch`
whose regions carry that year's codes as the table gives them; the per-1,000 rates
(``crimes_total_per_1000``) are derived in the store's frames from these counts and the
year's inhabitants (KWB), as for the Amsterdam 2025 file (:mod:`kloof.sources.code_values`).
Offences the catalogue does not map are listed in the notes, never guessed.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

import numpy as np
import pandas as pd

from kloof import regions
from kloof.batch import ImportBatch, SourceInfo
from kloof.catalogue import Catalogue, load
from kloof.errors import SourceError
from kloof.sources._odata import PAGE_SIZE, HttpOptions, Progress, open_session

__all__ = [
    "CRIME_TABLE",
    "POLICE_BASE_URL",
    "POLICE_HTTP",
    "crime_batch",
    "crime_years",
    "fetch_crime",
]

#: Table of registered crime per wijk and buurt, by year.
CRIME_TABLE = "47018NED"
#: The CBS OData v3 service for third-party (police) tables.
POLICE_BASE_URL = "https://dataderden.cbs.nl/ODataApi/OData"
#: The HTTP options of :func:`fetch_crime` when it is given none: the third-party
#: service answers slowly, so 60 s per request.
POLICE_HTTP = HttpOptions(timeout=60.0)
_YEAR = re.compile(r"^\s*(\d{4})JJ00\s*$")


def _strip(value: object) -> str:
    return "" if value is None else str(value).strip()


def _keys(properties: list[dict[str, Any]]) -> tuple[str, str, str, str]:
    """Offence, region and period dimensions and the count topic of the table."""

    def first(kind: set[str], pattern: str) -> str | None:
        return next(
            (
                str(p["Key"])
                for p in properties
                if p.get("Type") in kind and re.fullmatch(pattern, str(p.get("Key", "")))
            ),
            None,
        )

    offence = first({"Dimension"}, r"SoortMisdrijf\w*")
    region = first({"GeoDimension", "GeoDetail"}, r"\w+")
    period = first({"TimeDimension"}, r"\w+")
    topic = first({"Topic"}, r"(Totaal)?GeregistreerdeMisdrijven(_\d+)?")
    if None in (offence, region, period, topic):
        raise SourceError(
            "not a table of registered crime by offence, region and period "
            "(expected SoortMisdrijf, WijkenEnBuurten, Perioden, GeregistreerdeMisdrijven)"
        )
    assert offence and region and period and topic
    return offence, region, period, topic


def crime_years(members: list[dict[str, Any]]) -> list[int]:
    """The years (``YYYYJJ00``) of a ``Perioden`` dimension."""
    found = (_YEAR.match(_strip(m.get("Key"))) for m in members)
    return sorted({int(m.group(1)) for m in found if m})


def crime_batch(
    properties: list[dict[str, Any]],
    places: list[dict[str, Any]],
    records: list[dict[str, Any]],
    *,
    location: str,
    sha256: str,
    catalogue: Catalogue,
    table_id: str = CRIME_TABLE,
) -> ImportBatch:
    """One year's records as an :class:`ImportBatch` (pure, no I/O).

    Parameters
    ----------
    properties
        ``DataProperties`` of the table.
    places
        Members of the region dimension (names).
    records
        ``TypedDataSet`` records (one year; offences the catalogue does not map are
        skipped and listed).

    Raises
    ------
    SourceError
        Not a crime table, records of several years, no record kloof can store, or a
        region and offence twice.
    """
    offence, region, period, topic = _keys(properties)
    frame = pd.DataFrame.from_records(records) if records else pd.DataFrame()
    if frame.empty or not {offence, region, period, topic} <= set(frame.columns):
        raise SourceError(f"table {table_id} answered with no usable records")
    years = frame[period].map(lambda v: _YEAR.match(_strip(v)))
    notes: list[str] = []
    if years.isna().any():
        notes.append(f"{int(years.isna().sum())} record(s) of months skipped (years only)")
    frame, years = frame[years.notna()], years[years.notna()]
    found_years = sorted({int(m.group(1)) for m in years})
    if len(found_years) != 1:
        raise SourceError(f"table {table_id}: expected one year per batch, got {found_years}")
    year = found_years[0]
    codes = regions.normalise_series(frame[region].map(_strip)).replace({"NL01": "NL00"})
    bad = regions.invalid_codes(codes).to_numpy()
    if bad.any():
        sample = sorted(set(codes[bad].dropna().astype(str)))[:5]
        notes.append(f"{int(bad.sum())} record(s) of regions kloof does not store (e.g. {sample})")
    offences = frame[offence].map(_strip)
    ids = offences.map(lambda o: getattr(catalogue.find("misdrijf", o, year), "id", None))
    unknown = sorted(set(offences[ids.isna()]))
    if unknown:
        notes.append(f"offence(s) not in the catalogue, skipped: {', '.join(unknown)}")
    keep = ~bad & ids.notna().to_numpy()
    if not keep.any():
        raise SourceError(f"table {table_id} {year}: no record of a known offence and region")
    values = pd.to_numeric(frame[topic], errors="coerce").to_numpy(dtype="float64")
    obs = pd.DataFrame(
        {
            "code": codes.to_numpy()[keep].astype(object),
            "year": np.full(int(keep.sum()), year, dtype="int64"),
            "indicator": ids.to_numpy()[keep].astype(object),
            "value": values[keep],
        }
    )
    if obs.duplicated(["code", "indicator"]).any():
        raise SourceError(f"table {table_id} {year}: a region and offence appear twice")
    names = {_strip(m.get("Key")): _strip(m.get("Title")) or None for m in places}
    unique = pd.Series(sorted(set(obs["code"])), dtype="string")
    region_frame = regions.hierarchy(unique).assign(year=year)
    raw = {c: k for k, c in zip(frame[region].map(_strip), codes, strict=True)}
    region_frame["name"] = [names.get(raw.get(str(c), "")) for c in region_frame["code"]]
    region_frame = region_frame[["code", "year", "level", "name", "parent_gm", "parent_wk"]]
    region_frame = region_frame.astype(object).where(region_frame.notna(), None)
    missing = int(np.isnan(obs["value"].to_numpy(dtype="float64")).sum())
    notes.append(
        f"{year}: {len(region_frame)} regions, {obs['indicator'].nunique()} offences, "
        f"{missing} of {len(obs)} values missing or suppressed"
    )
    return ImportBatch(
        source=SourceInfo.for_content("odata", location, sha256, table_id),
        regions=region_frame,
        observations=obs,
        notes=tuple(notes),
    )


def fetch_crime(
    years: list[int],
    *,
    http: HttpOptions = POLICE_HTTP,
    base_url: str = POLICE_BASE_URL,
    page_size: int = PAGE_SIZE,
    progress: Progress | None = None,
    catalogue: Catalogue | None = None,
    table_id: str = CRIME_TABLE,
) -> list[ImportBatch]:
    """Download registered crime per region for ``years``, one batch per year.

    Parameters
    ----------
    years
        Years to fetch; each must be a ``YYYYJJ00`` period of the table.
    http, page_size, progress
        As for :func:`kloof.sources.cbs_odata.fetch_table`; by default
        :data:`POLICE_HTTP` (60 s per request).
    base_url
        The third-party service (:data:`POLICE_BASE_URL`).

    Raises
    ------
    SourceError
        A year the table does not have (the message lists those it has), a catalogue
        without ``misdrijf`` names, and the errors of :func:`crime_batch`.
    """
    cat = catalogue or load()
    batches = []
    with open_session(table_id, base_url=base_url, http=http) as session:
        properties = session.get_all("DataProperties", page_size)
        offence, region, period, _ = _keys(properties)
        have = crime_years(session.get_all(period, page_size))
        lacking = sorted(set(years) - set(have))
        if lacking:
            span = f"{have[0]}-{have[-1]}" if have else "none"
            raise SourceError(f"{table_id} has no year(s) {lacking}; its years: {span}")
        members = session.get_all(offence, page_size)
        wanted = [
            str(m["Key"]) for m in members if cat.find("misdrijf", _strip(m.get("Key"))) is not None
        ]
        if not wanted:
            raise SourceError(f"no offence of {table_id} is in the catalogue ('misdrijf' names)")
        places = session.get_all(region, page_size)
        either = " or ".join(f"{offence} eq '{k}'" for k in wanted)
        for year in sorted(set(years)):
            session.digest = hashlib.sha256()
            records = session.get_all(
                "TypedDataSet",
                page_size,
                progress,
                params={"$filter": f"{period} eq '{year}JJ00' and ({either})"},
            )
            batches.append(
                crime_batch(
                    properties,
                    places,
                    records,
                    location=f"{session.root} {year}",
                    sha256=session.digest.hexdigest(),
                    catalogue=cat,
                    table_id=table_id,
                )
            )
    return batches
