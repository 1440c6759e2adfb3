"""Storing PC4 data re-expressed onto the gemeenten and wijken of a boundary year.

:func:`reexpress_pc4_into` takes the PC4 observations of one reference year and the
PC4 → gemeente/wijk address crosswalk of one boundary year from the store, moves them
with :func:`kloof.reexpress.reexpress_pc4` (counts split by address share and summed,
rates and means recomputed from re-expressed counts) and stores the result as
observations of the boundary year, so that ``store.frame(2023, "wijk")`` has e.g.
``social_rent_pct`` for the 2023 wijken. This follows KWB practice: KWB 2023 also
carries values of earlier reference dates under the 2023 regions.

Provenance: one ``sources`` row of kind ``reexpress`` whose ``location`` says what was
moved where (``PC4 1-1-2022 (pc4:…) re-expressed onto wijk 2023 by address shares (PC4
crosswalk 2023, pc4-crosswalk:…)``) and whose id is a hash of the inputs and parameters,
so running it twice changes nothing.

Rules:

* a value already stored for the same ``(code, year, indicator)`` by another import
  (KWB, StatLine, panel, or an earlier re-expression) is never overwritten: it is kept
  and counted (:attr:`ReexpressReport.kept`); a derived rate (``age_0_14_pct``) is
  stored from the PC4 counts, so that it never divides a PC4 count by another source's
  total, except where its numerator was kept (then the other source's rate stands);
* counts are stored rounded to whole numbers, rates and means to 6 decimals (both are
  computed before rounding);
* only regions the store knows for the boundary year receive values; if the store has
  no regions of that level and year at all, they are added from the crosswalk codes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

import pandas as pd

from kloof import catalogue as _catalogue
from kloof import regions as _regions
from kloof.batch import ImportBatch, SourceInfo
from kloof.errors import StoreError
from kloof.reexpress import reexpress_pc4
from kloof.store.store import Store

__all__ = ["METHOD_VERSION", "ReexpressReport", "pc4_crosswalk", "reexpress_pc4_into"]

#: Bump when the re-expression method changes (part of the provenance hash).
METHOD_VERSION = 2


@dataclass(frozen=True)
class ReexpressReport:
    """What one :func:`reexpress_pc4_into` did for one level.

    Attributes
    ----------
    source_id, location
        Provenance of the stored values.
    level, year, pc4_year
        Target level and boundary year; reference year of the PC4 data.
    skipped
        The same re-expression was stored before (nothing changed).
    regions
        Regions of the store that received at least one value.
    values
        Values stored.
    kept
        Values not stored because another import already had one (per source kind in
        :attr:`kept_by_kind`).
    not_in_store
        Crosswalk regions the store does not know for ``year`` (left out).
    unmatched_pc4
        PC4 areas with data but without a crosswalk entry (no addresses in ``year``).
    missing
        Per indicator, the regions left without a value (suppressed PC4 parts, too
        little coverage).
    """

    source_id: str
    location: str
    level: str
    year: int
    pc4_year: int
    skipped: bool
    regions: int = 0
    values: int = 0
    kept: int = 0
    kept_by_kind: dict[str, int] = field(default_factory=dict)
    not_in_store: int = 0
    unmatched_pc4: int = 0
    missing: dict[str, int] = field(default_factory=dict)


def pc4_crosswalk(store: Store, onto: str, year: int) -> pd.DataFrame:
    """The stored PC4 → ``onto`` (wijk or gemeente) weights of ``year``.

    Raises
    ------
    StoreError
        When the store has none (the message says what to import).
    """
    xw = store.crosswalk(onto, year, year)
    xw = xw[xw["from_code"].astype(str).str.startswith("PC")]
    if xw.empty:
        raise StoreError(
            f"{store.path}: no PC4 → {onto} crosswalk of {year}; import "
            "pc4_gemeente_wijk_address_crosswalk_2017_2024.csv first"
        )
    return xw


def reexpress_pc4_into(
    store: Store,
    *,
    pc4_year: int = 2022,
    onto: str = "wijk",
    boundary_year: int = 2023,
    min_coverage: float = 0.9,
) -> ReexpressReport:
    """Re-express the stored PC4 data of ``pc4_year`` onto ``onto`` regions of ``boundary_year``.

    Parameters
    ----------
    store
        An open, writable store holding PC4 data (``kloof data import PC4.csv``) and the
        PC4 crosswalk (``kloof data import pc4_…_crosswalk_2017_2024.csv``).
    pc4_year
        Reference year of the PC4 data (1 January).
    onto
        ``wijk`` or ``gemeente``.
    boundary_year
        Year of the regions (and of the crosswalk) to move onto.
    min_coverage
        See :func:`kloof.reexpress.reexpress_pc4`.

    Returns
    -------
    ReexpressReport

    Raises
    ------
    StoreError
        No PC4 data of ``pc4_year`` or no PC4 crosswalk of ``onto`` and
        ``boundary_year`` in the store (the message says what to import).
    """
    if onto not in ("wijk", "gemeente"):
        raise StoreError(f"PC4 data can be re-expressed onto wijk or gemeente, not {onto!r}")
    cat = _catalogue.load()
    frame = store.frame(pc4_year, "pc4", derive=False)
    if frame.empty or frame.columns.empty:
        raise StoreError(
            f"{store.path}: no PC4 data of {pc4_year}; import it first "
            "(`kloof data import ../shared/data/postcode`)"
        )
    xw = pc4_crosswalk(store, onto, boundary_year)
    columns = _movable(frame, cat)
    moved = reexpress_pc4(frame[columns], xw, catalogue=cat, min_coverage=min_coverage)
    moved = cat.derive(moved)
    counts = [c for c in moved.columns if cat[c].kind == "count"]
    moved[counts] = moved[counts].round()
    others = [c for c in moved.columns if c not in counts]
    moved[others] = moved[others].round(6)  # no float dust: 100.00000000000001 %

    pc4_sources = _pc4_sources(store, pc4_year)
    xw_sources = _crosswalk_sources(store, onto, boundary_year)
    payload = json.dumps(
        [METHOD_VERSION, pc4_sources, xw_sources, pc4_year, onto, boundary_year, min_coverage]
    )
    sha = hashlib.sha256(payload.encode()).hexdigest()
    location = (
        f"PC4 1-1-{pc4_year} ({', '.join(pc4_sources)}) re-expressed onto {onto} "
        f"{boundary_year} by address shares (PC4 crosswalk {boundary_year}, "
        f"{', '.join(xw_sources)}); rates from re-expressed counts, "
        f"min coverage {min_coverage:g}"
    )
    source = SourceInfo(f"reexpress:{sha[:16]}", location, sha, "reexpress", f"PC4-{pc4_year}")
    unmatched = int((~frame.index.isin(xw["from_code"])).sum())
    if store.has_source(source.source_id):
        return ReexpressReport(
            source.source_id, location, onto, boundary_year, pc4_year, skipped=True
        )

    known = store.regions(boundary_year, onto)["code"]
    new_regions = None
    if len(known):
        inside = moved.index.isin(known)
        not_in_store = int((~inside).sum())
        moved = moved[inside]
    else:
        not_in_store = 0
        hier = _regions.hierarchy(list(moved.index))
        new_regions = hier.assign(year=boundary_year, name=None)

    long = (
        moved.rename_axis("code")
        .reset_index()
        .melt(id_vars="code", var_name="indicator", value_name="value")
    )
    missing = long[long["value"].isna()].groupby("indicator").size()
    long = long.dropna(subset=["value"])
    existing = _existing(store, boundary_year, onto, list(moved.columns))
    key = long["code"].astype(str) + "|" + long["indicator"].astype(str)
    taken = existing.set_index(existing["code"] + "|" + existing["indicator"])["kind"]
    kept_mask = key.isin(taken.index)
    # a derived rate is stored from the PC4 counts unless its numerator was kept: then
    # the other source's numerator makes the rate (on the fly); where only the
    # denominator was kept, the stored PC4 rate keeps it from mixing two sources
    numerators = {
        ind.id: ind.derived.numerator
        for ind in cat.derived()
        if ind.derived is not None and ind.id in moved.columns
    }
    mixed = pd.Series(False, index=long.index)
    for ind_id, numerator in numerators.items():
        rows = long["indicator"] == ind_id
        mixed |= rows & (long["code"].astype(str) + "|" + numerator).isin(taken.index)
    kept_by_kind = taken[key[kept_mask]].value_counts().to_dict() if kept_mask.any() else {}
    store_rows = long[~kept_mask & ~mixed].assign(year=int(boundary_year))
    observations = store_rows.loc[:, ["code", "year", "indicator", "value"]]
    if new_regions is not None:
        batch = ImportBatch(source, regions=new_regions, observations=observations)
    else:
        batch = ImportBatch(source, observations=observations)
    store.ingest(batch)
    return ReexpressReport(
        source.source_id,
        location,
        onto,
        boundary_year,
        pc4_year,
        skipped=False,
        regions=int(store_rows["code"].nunique()),
        values=len(store_rows),
        kept=int(kept_mask.sum()),
        kept_by_kind={str(k): int(v) for k, v in kept_by_kind.items()},
        not_in_store=not_in_store,
        unmatched_pc4=unmatched,
        missing={str(k): int(v) for k, v in missing.items()},
    )


def _movable(frame: pd.DataFrame, cat: _catalogue.Catalogue) -> list[str]:
    """Columns that can be re-expressed: counts, and rates/means whose weight is there."""
    out = []
    for col in frame.columns:
        ind = cat[str(col)]
        if ind.kind == "count" or (
            ind.kind in ("rate", "mean") and ind.weight and ind.weight in frame.columns
        ):
            out.append(str(col))
    return out


def _pc4_sources(store: Store, year: int) -> list[str]:
    rows = store._df(
        """SELECT DISTINCT o.source_id FROM observations o JOIN regions r USING (code, year)
           WHERE r.level = 'pc4' AND o.year = ? ORDER BY 1""",
        [int(year)],
    )
    return [str(s) for s in rows["source_id"]]


def _crosswalk_sources(store: Store, level: str, year: int) -> list[str]:
    rows = store._df(
        """SELECT DISTINCT source_id FROM crosswalks
           WHERE level = ? AND from_year = ? AND to_year = ? AND from_code LIKE 'PC%'
           ORDER BY 1""",
        [level, int(year), int(year)],
    )
    return [str(s) for s in rows["source_id"]]


def _existing(store: Store, year: int, level: str, indicators: list[str]) -> pd.DataFrame:
    """``code, indicator, kind`` of the observations already stored (values or missing)."""
    if not indicators:
        return pd.DataFrame({"code": [], "indicator": [], "kind": []}, dtype="string")
    marks = ", ".join("?" * len(indicators))
    rows = store._df(
        f"""SELECT o.code, o.indicator, COALESCE(s.kind, 'unknown') AS kind
            FROM observations o JOIN regions r USING (code, year)
            LEFT JOIN sources s USING (source_id)
            WHERE o.year = ? AND r.level = ? AND o.indicator IN ({marks})""",
        [int(year), level, *indicators],
    )
    return rows.astype("string")
