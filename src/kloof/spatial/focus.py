"""Focus areas: contiguous groups of regions under structural pressure.

A region *qualifies* when it meets the **severity** criteria (an index, domain or
indicator in the worst share of regions, or beyond a fixed threshold; possibly on
several columns, of which ``require`` must hold) in at least ``min_years`` of the
years given (**duration**; with one year duration cannot be judged and the result
says so). Qualifying regions that touch form a group: the connected components of
the neighbour graph restricted to qualifying regions. Groups with at least
``min_residents`` residents (**size**) are the candidates, each with its members,
gemeenten, residents, the residents-weighted mean score and the gap to the rest of
the country (mean of the candidate minus mean of all other regions).

Codes are matched across years by code alone: CBS re-issues codes, so harmonise
frames with :mod:`kloof.sources.crosswalk` first when divisions changed.

:func:`compare` sets candidates against named area sets (e.g. the NPLV areas) by
regions and by residents: Jaccard indices, coverage of each official area, missed
official areas and candidates outside any official area.

Examples
--------
>>> spec = FocusSpec(severity=(Severity("bijstand_per_1000", share=0.1),), min_residents=20_000)
>>> spec.severity[0].describe()
'bijstand_per_1000 in the worst 10% of regions (higher is worse)'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import pandas as pd

from kloof.errors import SpecError
from kloof.spatial._common import Direction, gemeente_of, weighted_mean, worst_share
from kloof.spatial.graph import NeighbourGraph

__all__ = [
    "AreaLike",
    "Comparison",
    "FocusCandidate",
    "FocusResult",
    "FocusSpec",
    "Severity",
    "area_regions",
    "compare",
    "detect",
]


@dataclass(frozen=True)
class Severity:
    """One severity criterion on one column.

    Attributes
    ----------
    column
        Index, domain or indicator.
    direction
        ``higher_is_worse`` or ``higher_is_better``.
    share
        Worst share of regions (0.1 = worst decile); ignored when ``threshold`` set.
    threshold
        Fixed cut-off: worse than or equal to it qualifies.
    by_residents
        Take the worst share of *residents* instead of regions.
    """

    column: str
    direction: Direction = "higher_is_worse"
    share: float = 0.10
    threshold: float | None = None
    by_residents: bool = False

    def describe(self) -> str:
        """One line for reports."""
        way = self.direction.replace("_", " ")
        if self.threshold is not None:
            op = ">=" if self.direction == "higher_is_worse" else "<="
            return f"{self.column} {op} {self.threshold:g} ({way})"
        unit = "residents" if self.by_residents else "regions"
        return f"{self.column} in the worst {self.share:.0%} of {unit} ({way})"

    def mask(self, frame: pd.DataFrame, residents: pd.Series | None) -> pd.Series:
        """Which regions of ``frame`` meet the criterion (missing values do not)."""
        if self.column not in frame.columns:
            raise SpecError(f"severity column {self.column!r} is not in the frame")
        values = frame[self.column].astype(float)
        if self.threshold is not None:
            if self.direction == "higher_is_worse":
                return (values >= self.threshold).fillna(False).astype(bool)
            return (values <= self.threshold).fillna(False).astype(bool)
        weights = residents if self.by_residents else None
        return worst_share(values, self.share, self.direction, weights)


@dataclass(frozen=True)
class FocusSpec:
    """Explicit criteria of size, severity and duration.

    Attributes
    ----------
    severity
        One or more :class:`Severity` criteria.
    require
        How many criteria must hold (default: all).
    min_residents
        Minimum residents of a candidate group (size).
    min_years
        Years (of those given) in which a region must qualify (default: all).
    residents
        Column with residents (the latest year's values are summed).
    score
        Column for the candidate's mean and gap (default: the first criterion's).
    """

    severity: tuple[Severity, ...]
    require: int | None = None
    min_residents: float = 10_000.0
    min_years: int | None = None
    residents: str = "inhabitants"
    score: str | None = None

    def __post_init__(self) -> None:
        if not self.severity:
            raise SpecError("give at least one severity criterion")
        if self.require is not None and not 1 <= self.require <= len(self.severity):
            raise SpecError(f"require must lie between 1 and {len(self.severity)}")
        if self.min_residents < 0:
            raise SpecError("min_residents cannot be negative")

    @property
    def score_column(self) -> str:
        return self.score or self.severity[0].column


@dataclass(frozen=True)
class FocusCandidate:
    """One candidate focus area."""

    id: str
    members: tuple[str, ...]
    gemeenten: tuple[str, ...]
    residents: float
    mean_score: float
    gap: float


@dataclass(frozen=True)
class FocusResult:
    """Candidates plus, per region, why it did or did not qualify.

    ``regions`` has ``code, gemeente, residents, score``, one boolean column per year
    (``qualifies_YYYY``), ``years_qualifying``, ``qualifies``, ``in_graph`` and
    ``candidate`` (id or empty). ``log`` records the criteria and every caveat.
    """

    spec: FocusSpec
    years: tuple[int, ...]
    candidates: tuple[FocusCandidate, ...]
    regions: pd.DataFrame
    log: tuple[str, ...] = ()

    def table(self) -> pd.DataFrame:
        """Candidates as a frame (members joined by ``;``)."""
        rows = [
            {
                "id": c.id,
                "regions": len(c.members),
                "residents": c.residents,
                "mean_score": c.mean_score,
                "gap": c.gap,
                "gemeenten": ";".join(c.gemeenten),
                "members": ";".join(c.members),
            }
            for c in self.candidates
        ]
        columns = ["id", "regions", "residents", "mean_score", "gap", "gemeenten", "members"]
        return pd.DataFrame(rows, columns=columns)


def detect(
    frames: Mapping[int, pd.DataFrame], graph: NeighbourGraph, spec: FocusSpec
) -> FocusResult:
    """Find candidate focus areas.

    Parameters
    ----------
    frames
        Year → wide frame (index = region code) with the severity columns and, for
        the latest year, the residents and score columns.
    graph
        Neighbour graph of the regions (boundaries of the latest year).
    spec
        Criteria.

    Returns
    -------
    FocusResult
    """
    if not frames:
        raise SpecError("give at least one year of data")
    years = tuple(sorted(frames))
    latest = frames[years[-1]]
    for col in (spec.residents, spec.score_column):
        if col not in latest.columns:
            raise SpecError(f"column {col!r} is not in the {years[-1]} frame")
    residents = latest[spec.residents].astype(float)
    need = spec.require or len(spec.severity)
    min_years = spec.min_years or len(years)
    if min_years > len(years):
        raise SpecError(f"min_years {min_years} exceeds the {len(years)} years given")
    log = [f"severity: {c.describe()}" for c in spec.severity]
    log.append(
        f"at least {need} of {len(spec.severity)} criteria; residents >= {spec.min_residents:,.0f}"
    )
    if len(years) == 1:
        log.append(f"duration not assessed: one year of data ({years[0]})")
    else:
        log.append(f"duration: qualifying in >= {min_years} of the years {list(years)}")
    codes = sorted(set().union(*(f.index for f in frames.values())))
    table = pd.DataFrame(index=pd.Index(codes, name="code"))
    table["gemeente"] = gemeente_of(codes).to_numpy()
    table["residents"] = residents.reindex(codes)
    table["score"] = latest[spec.score_column].astype(float).reindex(codes)
    for year in years:
        frame = frames[year]
        res = frame[spec.residents].astype(float) if spec.residents in frame else residents
        hits = sum(c.mask(frame, res.reindex(frame.index)).astype(int) for c in spec.severity)
        table[f"qualifies_{year}"] = (pd.Series(hits, index=frame.index) >= need).reindex(
            codes, fill_value=False
        )
        missing = frame.reindex(columns=[c.column for c in spec.severity]).isna().any(axis=1)
        if int(missing.sum()):
            log.append(
                f"{year}: {int(missing.sum())} regions miss a severity value (cannot qualify)"
            )
    year_cols = [f"qualifies_{y}" for y in years]
    table["years_qualifying"] = table[year_cols].sum(axis=1).astype(int)
    table["qualifies"] = table["years_qualifying"] >= min_years
    table["in_graph"] = table.index.isin(graph.codes)
    off_map = table.index[table["qualifies"] & ~table["in_graph"]].tolist()
    if off_map:
        log.append(
            f"{len(off_map)} qualifying regions without geometry (not grouped): {off_map[:10]}"
        )
    qualifying = table.index[table["qualifies"] & table["in_graph"]].tolist()
    candidates = _candidates(qualifying, graph, table, spec, log)
    table["candidate"] = ""
    for cand in candidates:
        table.loc[list(cand.members), "candidate"] = cand.id
    log.append(f"{int(table['qualifies'].sum())} regions qualify; {len(candidates)} candidates")
    return FocusResult(spec, years, tuple(candidates), table.reset_index(), tuple(log))


def _candidates(
    qualifying: list[str],
    graph: NeighbourGraph,
    table: pd.DataFrame,
    spec: FocusSpec,
    log: list[str],
) -> list[FocusCandidate]:
    if not qualifying:
        return []
    comp = graph.components(qualifying)
    groups = [tuple(sorted(m)) for m in comp.groupby(comp).groups.values()]
    too_small = 0
    found: list[tuple[float, tuple[str, ...]]] = []
    for members in groups:
        res = table.loc[list(members), "residents"]
        if res.isna().any():
            log.append(
                f"group {members[:3]}…: residents missing for {int(res.isna().sum())} regions"
            )
        total = float(res.sum())
        if total >= spec.min_residents:
            found.append((total, members))
        else:
            too_small += 1
    if too_small:
        log.append(f"{too_small} qualifying groups below {spec.min_residents:,.0f} residents")
    found.sort(key=lambda item: (-item[0], item[1]))
    out = []
    for k, (total, members) in enumerate(found, start=1):
        inside = table.index.isin(members)
        mean_in = weighted_mean(table.loc[inside, "score"], table.loc[inside, "residents"])
        mean_out = weighted_mean(table.loc[~inside, "score"], table.loc[~inside, "residents"])
        out.append(
            FocusCandidate(
                id=f"F{k:02d}",
                members=members,
                gemeenten=tuple(sorted(set(gemeente_of(members).dropna()))),
                residents=total,
                mean_score=mean_in,
                gap=mean_in - mean_out,
            )
        )
    return out


class AreaLike(Protocol):
    """What :func:`compare` needs of an area (e.g. :class:`kloof.monitor.areas.Area`)."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def codes(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class Comparison:
    """Candidates versus named areas.

    Attributes
    ----------
    areas
        Per official area: ``id, name, regions, residents, overlap_regions,
        overlap_residents, covered, jaccard, jaccard_residents, candidates, status``
        (``covered`` = share of its residents inside candidates; status ``covered``
        ≥ 50 %, ``partly``, ``missed`` or ``undefined`` when it has no codes).
    candidates
        Per candidate: ``id, residents, overlap_residents, official_share, areas,
        status`` (``official`` or ``not official``).
    summary
        Jaccard over all regions and over residents, counts of missed areas and
        non-official candidates, and ``jaccard_residents_within``: the residents
        Jaccard among the candidates in the areas' own gemeenten (the programmes chose
        municipalities first, then areas within them).
    notes
        Code mapping caveats (buurt codes taken as their wijk, unmatched codes).
    """

    areas: pd.DataFrame
    candidates: pd.DataFrame
    summary: dict[str, float]
    notes: tuple[str, ...] = field(default=())


def area_regions(codes: Iterable[str], universe: pd.Index, notes: list[str], name: str) -> set[str]:
    """Map an area's codes to the analysis level of ``universe`` (a buurt code counts as
    its whole wijk; a gemeente code as all its regions); caveats are appended to
    ``notes``."""
    level = str(universe[0])[:2] if len(universe) else "WK"
    out: set[str] = set()
    known = set(universe)
    gm_of = gemeente_of(universe)
    widened: dict[str, list[str]] = {}
    for raw in codes:
        code = str(raw).strip().upper()
        prefix = code[:2]
        if prefix == level:
            hits = {code} & known
        elif prefix == "BU" and level == "WK":
            hits = {"WK" + code[2:8]} & known
            widened.setdefault("WK" + code[2:8], []).append(code)
        elif prefix == "GM":
            hits = set(universe[gm_of.to_numpy() == code])
        elif prefix == "WK" and level == "BU":
            hits = {c for c in known if c.startswith("BU" + code[2:8])}
        else:
            hits = set()
        if not hits:
            notes.append(f"{name}: code {code} not found among the analysed regions")
        out |= hits
    for wijk, buurten in widened.items():
        notes.append(f"{name}: buurten {', '.join(buurten)} counted as their whole wijk {wijk}")
    return out


def compare(
    candidates: FocusResult | Sequence[FocusCandidate],
    areas: Iterable[AreaLike],
    residents: pd.Series,
) -> Comparison:
    """Compare candidate focus areas with named areas, by regions and residents.

    Parameters
    ----------
    candidates
        A :class:`FocusResult` or its candidates.
    areas
        Named areas with ``id``, ``name`` and ``codes`` (WK, BU or GM codes).
    residents
        Residents per region of the analysed level (index = code); also defines
        which codes exist.

    Notes
    -----
    Jaccard of two sets :math:`|A \\cap B| / |A \\cup B|`; the residents version
    weighs every region by its residents.
    """
    cands = candidates.candidates if isinstance(candidates, FocusResult) else tuple(candidates)
    res = residents.astype(float).fillna(0.0)
    universe = res.index
    notes: list[str] = []
    cand_of = {code: c.id for c in cands for code in c.members}
    all_cand = set(cand_of)
    area_rows: list[dict[str, object]] = []
    official_of: dict[str, list[str]] = {}
    for area in areas:
        regions = area_regions(area.codes, universe, notes, area.id)
        for code in regions:
            official_of.setdefault(code, []).append(area.id)
        inter = regions & all_cand
        total, overlap = float(res[list(regions)].sum()), float(res[list(inter)].sum())
        covered = overlap / total if total else float("nan")
        local_union = regions | {m for c in cands if set(c.members) & regions for m in c.members}
        status = (
            "undefined"
            if not area.codes
            else "missed"
            if not inter
            else "covered"
            if covered >= 0.5
            else "partly"
        )
        area_rows.append(
            {
                "id": area.id,
                "name": area.name,
                "regions": len(regions),
                "residents": total,
                "overlap_regions": len(inter),
                "overlap_residents": overlap,
                "covered": covered,
                "jaccard": len(inter) / len(local_union) if local_union else float("nan"),
                "jaccard_residents": overlap / float(res[list(local_union)].sum())
                if local_union and float(res[list(local_union)].sum())
                else float("nan"),
                "candidates": ";".join(sorted({cand_of[c] for c in inter})),
                "status": status,
            }
        )
    official = set(official_of)
    cand_rows = []
    for c in cands:
        members = set(c.members)
        overlap = float(res[list(members & official)].sum())
        cand_rows.append(
            {
                "id": c.id,
                "residents": c.residents,
                "overlap_residents": overlap,
                "official_share": overlap / c.residents if c.residents else float("nan"),
                "areas": ";".join(sorted({a for m in members & official for a in official_of[m]})),
                "status": "official" if members & official else "not official",
            }
        )
    both, either = all_cand & official, all_cand | official
    area_frame = pd.DataFrame(area_rows)
    cand_frame = pd.DataFrame(
        cand_rows,
        columns=["id", "residents", "overlap_residents", "official_share", "areas", "status"],
    )
    summary = {
        "jaccard": len(both) / len(either) if either else float("nan"),
        "jaccard_residents": float(res[list(both)].sum()) / float(res[list(either)].sum())
        if either and float(res[list(either)].sum())
        else float("nan"),
        "residents_candidates": float(res[list(all_cand)].sum()),
        "residents_official": float(res[list(official)].sum()),
        "residents_both": float(res[list(both)].sum()),
        "areas_missed": float((area_frame["status"] == "missed").sum()) if len(area_frame) else 0.0,
        "areas_undefined": float((area_frame["status"] == "undefined").sum())
        if len(area_frame)
        else 0.0,
        "candidates_not_official": float((cand_frame["status"] == "not official").sum()),
    }
    # the programmes select municipalities first and areas within them: the same
    # Jaccard among the candidates that lie (partly) in the areas' own gemeenten
    area_gms = set(gemeente_of(list(official)).dropna())
    local = {
        m for c in cands if set(gemeente_of(list(c.members)).dropna()) & area_gms for m in c.members
    }
    either_local = local | official
    summary["jaccard_residents_within"] = (
        float(res[list(local & official)].sum()) / float(res[list(either_local)].sum())
        if either_local and float(res[list(either_local)].sum())
        else float("nan")
    )
    return Comparison(area_frame, cand_frame, summary, tuple(dict.fromkeys(notes)))
