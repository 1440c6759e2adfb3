"""The unit of exchange between :mod:`kloof.sources` and :mod:`kloof.store`.

A reader turns one file or API table into an :class:`ImportBatch`; the store ingests a
batch in one transaction. Keeping this contract in the foundation lets sources and store
stay independent of each other.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = [
    "CROSSWALK_COLUMNS",
    "OBSERVATION_COLUMNS",
    "REGION_COLUMNS",
    "ImportBatch",
    "PriceIndex",
    "SourceInfo",
    "file_sha256",
]

#: Columns of :attr:`ImportBatch.regions`.
REGION_COLUMNS = ("code", "year", "level", "name", "parent_gm", "parent_wk")
#: Columns of :attr:`ImportBatch.observations` (long format, value as float, NaN = missing).
OBSERVATION_COLUMNS = ("code", "year", "indicator", "value")
#: Columns of :attr:`ImportBatch.crosswalk`.
CROSSWALK_COLUMNS = ("level", "from_year", "to_year", "from_code", "to_code", "weight")


def file_sha256(path: str | Path, chunk: int = 1 << 20) -> str:
    """SHA-256 of a file's bytes, hex encoded."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class SourceInfo:
    """Provenance of one import.

    Attributes
    ----------
    source_id
        Stable id: ``kind:sha256[:16]`` of the bytes read (file or API response), so
        importing the same content twice is recognised.
    location
        File path or URL.
    sha256
        Hash of the content read.
    kind
        Reader that produced the batch (``kwb``, ``statline``, ``odata``, ``mapping``,
        ``boundaries``, ``crosswalk``).
    table_id
        CBS table id (``85984NED``) where known.
    """

    source_id: str
    location: str
    sha256: str
    kind: str
    table_id: str | None = None

    @classmethod
    def for_content(
        cls, kind: str, location: str, sha256: str, table_id: str | None = None
    ) -> SourceInfo:
        """Build the provenance of content with the given hash."""
        return cls(f"{kind}:{sha256[:16]}", location, sha256, kind, table_id)


def _empty(columns: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})


@dataclass(frozen=True)
class ImportBatch:
    """What one reader produced, ready to be stored atomically.

    Attributes
    ----------
    source
        Provenance.
    regions
        One row per region and year (:data:`REGION_COLUMNS`); ``name`` may be missing.
    observations
        Long observations (:data:`OBSERVATION_COLUMNS`); indicators are catalogue ids.
    geometries
        Optional GeoDataFrame with ``code``, ``year`` and geometry in EPSG:28992.
    crosswalk
        Optional transfer weights between years (:data:`CROSSWALK_COLUMNS`).
    notes
        Things the user should know (columns ignored, values suppressed, ...).
    supplement
        The file repeats values that fuller publications also hold (a compilation such
        as the Amsterdam wijk panel): a value already stored for the same
        ``(code, year, indicator)`` is kept and counted
        (:attr:`kloof.store.ingest.IngestReport.kept`), never replaced; every value is
        still checked.
    """

    source: SourceInfo
    regions: pd.DataFrame = field(default_factory=lambda: _empty(REGION_COLUMNS))
    observations: pd.DataFrame = field(default_factory=lambda: _empty(OBSERVATION_COLUMNS))
    geometries: Any | None = None
    crosswalk: pd.DataFrame | None = None
    notes: tuple[str, ...] = ()
    supplement: bool = False

    @property
    def years(self) -> tuple[int, ...]:
        """Years present in the batch."""
        years: set[int] = set()
        for frame in (self.regions, self.observations):
            if len(frame):
                years.update(int(y) for y in frame["year"].unique())
        return tuple(sorted(years))

    @property
    def rows(self) -> int:
        """Number of stored rows the batch will produce (a provenance figure)."""
        n = len(self.regions) + len(self.observations)
        if self.geometries is not None:
            n += len(self.geometries)
        if self.crosswalk is not None:
            n += len(self.crosswalk)
        return n


@dataclass(frozen=True)
class PriceIndex:
    """An annual price index (CBS CPI, 83131NED) on its way from a reader to the store.

    Attributes
    ----------
    source
        Provenance (``kind`` ``cpi``).
    values
        Year → annual average index, float, sorted by year.
    base
        The index base as published, e.g. ``"2015 = 100"``.
    series
        Name of the series in the store (``cpi``: all expenditure).
    notes
        Things the user should know (years skipped, ...).
    """

    source: SourceInfo
    values: pd.Series
    base: str
    series: str = "cpi"
    notes: tuple[str, ...] = ()

    @property
    def years(self) -> tuple[int, ...]:
        """Years with a value."""
        return tuple(int(y) for y in self.values.dropna().index)
