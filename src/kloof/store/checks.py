"""Plausibility and structure checks on an import batch, before anything is written.

Every reader's batch passes :func:`check_batch` inside :func:`kloof.store.ingest.prepare`,
so a value that cannot be true never reaches the store, whichever reader produced it:

* **values** (:func:`check_values`): finite and at most
  :data:`~kloof.catalogue.MAX_MAGNITUDE` in size; within the indicator's plausible range
  (:meth:`kloof.catalogue.Indicator.plausible_range`: percentages 0-100, counts 0-10⁸,
  rates per 1 000 persons 0-1 000, ...); counts and category codes whole; a part never
  above its total
  (:meth:`kloof.catalogue.Catalogue.parts`, e.g. bijstand recipients ≤ inhabitants,
  with a slack of :data:`PART_SLACK` for CBS' rounding of small counts);
* **coverage** (:func:`check_coverage`): the regions of a level add up to the total of
  the region above them *as the file itself states it* (NL00's inhabitants against
  the gemeenten', each gemeente's against its wijken', each wijk's against its
  buurten'; land areas likewise, which finds near-empty buurten), and every region
  of a level that has children in the file has them all. A file that fails looks
  cut off; it is refused unless imported as partial;
* **geometries** (:func:`check_geometries`): polygons only, inside the Netherlands in
  RD New;
* **crosswalks** (:func:`check_crosswalk`): codes of the stated level, years plausible
  and in order, weights in (0, 1] summing to 1 per source region.

Each check raises :class:`~kloof.errors.DataFormatError` with one line naming the file,
the regions (first 10 and a count), the field and what is wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from kloof import catalogue as _catalogue
from kloof.errors import DataFormatError, quote

__all__ = [
    "PART_SLACK",
    "RD_NL_BOX",
    "check_batch",
    "check_coverage",
    "check_crosswalk",
    "check_geometries",
    "check_values",
]

#: How far a part may exceed its total (CBS rounds small counts to fives or tens).
PART_SLACK = 10.0
#: Rounding per region of a count (CBS rounds small-area counts to fives: ±2.5).
ROUNDING = 2.5
#: Relative shortfall of children against their parent's total that counts as missing.
COVERAGE_TOLERANCE = 0.01
#: Totals whose children add up to their parent's, up to CBS' rounding of small counts.
_COUNTED_TOTALS = ("inhabitants", "households", "dwellings")
#: Land area in hectares: every buurt has some, so a near-empty buurt (an industrial
#: estate, a park) missing from a file shows in its wijk's area even when its handful of
#: inhabitants hides in the rounding of the counts. Only the land: water between wijken
#: need not belong to any wijk (Amsterdam's IJ).
_AREA_TOTALS = ("area_land",)
#: Relative shortfall of children's land area against their parent's that counts as
#: missing, on top of half a hectare of rounding per region.
AREA_TOLERANCE = 0.001
#: The Netherlands in RD New metres, with a margin (x0, y0, x1, y1): the land, the
#: territorial sea and the Wadden islands lie well inside.
RD_NL_BOX = (-10_000.0, 280_000.0, 320_000.0, 660_000.0)
#: Shown per message at most.
SHOWN = 10

_CHILD = {"land": "gemeente", "gemeente": "wijk", "wijk": "buurt"}
_PARENT_COLUMN = {"gemeente": None, "wijk": "parent_gm", "buurt": "parent_wk"}
_PREFIX = {"gemeente": "GM", "wijk": "WK", "buurt": "BU"}
_PLURAL = {"land": "land", "gemeente": "gemeenten", "wijk": "wijken", "buurt": "buurten"}


def _listing(items: list[str], total: int) -> str:
    shown = "; ".join(items[:SHOWN])
    return shown + (f"; … and {total - SHOWN} more" if total > SHOWN else "")


def check_values(
    observations: pd.DataFrame,
    *,
    location: str,
    catalogue: _catalogue.Catalogue | None = None,
    field_name: Callable[[str], str] | None = None,
) -> None:
    """Refuse values that cannot be true (see the module docstring).

    Parameters
    ----------
    observations
        Long observations: ``code, year, indicator, value`` (NaN = missing).
    location
        The file or URL, for the message.
    catalogue
        Catalogue with the rules (default: the built-in one).
    field_name
        Indicator id → the name of the column in the file, for the message.

    Raises
    ------
    DataFormatError
        Naming the first 10 violations (region, field, value, rule) and their count.

    Examples
    --------
    >>> obs = pd.DataFrame({"code": ["GM0014"], "year": [2023],
    ...                     "indicator": ["inhabitants"], "value": [-5.0]})
    >>> try:
    ...     check_values(obs, location="kwb.csv")
    ... except DataFormatError as exc:
    ...     print(str(exc).split("imported: ")[1])
    GM0014 inhabitants = -5 (a count must be whole, within 0-1e+08)
    """
    if not len(observations):
        return
    cat = catalogue or _catalogue.load()
    name = field_name or (lambda ind: ind)
    values = pd.to_numeric(observations["value"], errors="coerce").to_numpy(dtype="float64")
    codes = observations["code"].to_numpy(dtype=object)
    years = observations["year"].to_numpy()
    problems: list[tuple[int, str]] = []
    for ind_id, index in observations.groupby("indicator", sort=True).indices.items():
        ind = cat[str(ind_id)]
        v = values[index]
        low, high = ind.plausible_range()
        present = ~np.isnan(v)
        bad = present & ~np.isfinite(v)
        rule = {i: "not a finite number" for i in index[bad]}
        ranged = present & np.isfinite(v) & ((v < low) | (v > high))
        if ind.kind in ("count", "category"):
            ranged |= present & np.isfinite(v) & (np.abs(v) < 1e15) & (v != np.round(v))
            noun = "count" if ind.kind == "count" else "category code"
            what = f"a {noun} must be whole, within {low:g}-{high:g}"
        else:
            what = f"must lie within {low:g}-{high:g} {ind.unit}".rstrip()
        rule.update({i: what for i in index[ranged]})
        for i, why in rule.items():
            problems.append((int(i), f"{name(str(ind_id))} = {_number(values[i])} ({why})"))
    problems.sort()
    lines = [f"{codes[i]}{_year(years, i)} {text}" for i, text in problems]
    lines += _check_parts(observations, values, cat, name)
    if lines:
        raise DataFormatError(
            f"{len(lines)} implausible value{'s' if len(lines) > 1 else ''}, nothing "
            f"imported: {_listing(lines, len(lines))}",
            path=location,
        )


def _year(years: np.ndarray, i: int) -> str:
    return f" ({years[i]})" if len(set(years.tolist())) > 1 else ""


def _number(value: float) -> str:
    return f"{value:.6g}" if np.isfinite(value) else str(value)


def _check_parts(
    observations: pd.DataFrame,
    values: np.ndarray,
    cat: _catalogue.Catalogue,
    name: Callable[[str], str],
) -> list[str]:
    present = set(observations["indicator"].unique())
    pairs = [(p, t) for p, t in cat.parts() if p in present and t in present]
    if not pairs:
        return []
    wanted = {i for pair in pairs for i in pair}
    keep = observations["indicator"].isin(wanted).to_numpy()
    frame = observations.loc[keep, ["code", "year", "indicator"]].assign(value=values[keep])
    wide = (
        frame.drop_duplicates(["code", "year", "indicator"])
        .set_index(["code", "year", "indicator"])["value"]
        .unstack("indicator")
    )
    lines: list[str] = []
    for part, total in pairs:
        over = wide[part] > wide[total] + PART_SLACK
        for (code, _year_value), row in wide.loc[over, [part, total]].iterrows():
            lines.append(
                f"{code} {name(part)} = {_number(row[part])} exceeds its total "
                f"{name(total)} = {_number(row[total])}"
            )
    return lines


def check_coverage(
    regions: pd.DataFrame,
    observations: pd.DataFrame,
    *,
    location: str,
    partial: bool = False,
) -> None:
    """Refuse a file whose own totals say that regions are missing (a cut-off file).

    For each level with children in the file (land → gemeenten, gemeente → wijken,
    wijk → buurten) the children's inhabitants, households and dwellings (those the
    file holds) must add up to their parent's to within 1 % + 10 + 2.5 per child (CBS
    rounds small-area counts to fives), and every parent must have children when some
    have. The land → gemeente comparison is made when the file has more than one
    gemeente (a one-gemeente selection, such as the Amsterdam exports, is complete for
    that gemeente). Land area (``area_land``, whole hectares) is compared the same way
    with a slack of 0.1 % + 1 ha + 0.5 ha per child, so a near-empty buurt (a few
    inhabitants, lost in the rounding of the counts) missing from a file that states
    areas is found too.

    Raises
    ------
    DataFormatError
        Saying how many regions or inhabitants are missing, unless ``partial``.
    """
    if partial or not len(regions) or not len(observations):
        return
    for total in (*_COUNTED_TOTALS, *_AREA_TOTALS):
        sub = observations.loc[observations["indicator"] == total]
        if not len(sub):
            continue
        for year, year_regions in regions.groupby("year"):
            vals = sub.loc[sub["year"] == year].set_index("code")["value"].astype("float64")
            levels = year_regions.set_index("code")["level"]
            problems = _coverage_problems(year_regions, levels, vals, total)
            if problems:
                raise DataFormatError(
                    f"the file looks cut off or partial ({year}): "
                    f"{_listing(problems, len(problems))}; import a complete file, or pass "
                    "--partial (partial=True) if it is a selection on purpose",
                    path=location,
                )


def _coverage_problems(
    regions: pd.DataFrame, levels: pd.Series, values: pd.Series, total: str
) -> list[str]:
    problems: list[str] = []
    for level, child in _CHILD.items():
        parents = levels.index[levels == level]
        children = regions.loc[regions["level"] == child]
        if not len(parents) or not len(children):
            continue
        if level == "land":
            if len(children) < 2:
                continue
            owner = pd.Series(parents[0], index=children.index)
        else:
            column = _PARENT_COLUMN[child]
            assert column is not None
            owner = children[column].astype(object)
            childless = sorted(set(map(str, parents)) - set(owner.dropna().astype(str)))
            if childless:
                problems.append(
                    f"{len(childless)} of {len(parents)} {_PLURAL[level]} have no {child} "
                    f"rows (e.g. {', '.join(childless[:5])})"
                )
        kid_values = values.reindex(children["code"].to_numpy()).to_numpy()
        frame = pd.DataFrame({"owner": owner.to_numpy(), "value": kid_values})
        sums = frame.groupby("owner")["value"].agg(["sum", "count", "size"])
        sums = sums.loc[sums["count"] == sums["size"]]  # a missing child value: cannot tell
        stated = values.reindex(sums.index)
        short = stated - sums["sum"]
        if total in _AREA_TOTALS:  # whole hectares, not rounded to fives nor masked
            slack = AREA_TOLERANCE * stated + 1.0 + 0.5 * sums["size"]
        else:
            slack = COVERAGE_TOLERANCE * stated + PART_SLACK + ROUNDING * sums["size"]
        flagged = short[short > slack]
        for code in flagged.index:
            problems.append(
                f"{code} states {total} = {stated[code]:.0f} but its "
                f"{int(sums.loc[code, 'size'])} {child} rows add up to "
                f"{sums.loc[code, 'sum']:.0f}"
            )
    return problems


def check_geometries(geometries: Any, *, location: str, polygons: bool = True) -> None:
    """Refuse geometries outside the Netherlands or of a non-area type.

    Parameters
    ----------
    geometries
        Shapely geometries (array-like) in EPSG:28992, missing ones allowed.
    polygons
        Require (multi)polygons: boundaries are areas, not points or lines.

    Raises
    ------
    DataFormatError
        Naming the number of bad geometries and the box they lie in.
    """
    import shapely

    arr = np.asarray(geometries, dtype=object)
    present = ~(shapely.is_missing(arr) | shapely.is_empty(arr))
    if not present.any():
        return
    shapes = arr[present]
    if polygons:
        kinds = pd.Series(shapely.get_type_id(shapes))
        wrong = ~kinds.isin([3, 6])  # Polygon, MultiPolygon
        if wrong.any():
            found = sorted({g.geom_type for g in shapes[wrong.to_numpy()]})
            raise DataFormatError(
                f"{int(wrong.sum())} of {len(shapes)} geometries are {', '.join(found)}, "
                "not polygons; region boundaries must be (multi)polygons",
                path=location,
            )
    bounds = shapely.bounds(shapes)
    x0, y0, x1, y1 = RD_NL_BOX
    outside = (
        ~np.isfinite(bounds).all(axis=1)
        | (bounds[:, 0] < x0)
        | (bounds[:, 1] < y0)
        | (bounds[:, 2] > x1)
        | (bounds[:, 3] > y1)
    )
    if outside.any():
        box = [round(float(b)) for b in shapely.total_bounds(shapes[outside])]
        raise DataFormatError(
            f"{int(outside.sum())} of {len(shapes)} geometries lie outside the Netherlands "
            f"(RD New box {box}, expected within {list(map(int, RD_NL_BOX))}); is the CRS "
            "right, or are x and y (longitude and latitude) swapped?",
            path=location,
        )


def check_crosswalk(crosswalk: pd.DataFrame, *, location: str) -> None:
    """Check transfer weights from their content (see the module docstring).

    Raises
    ------
    DataFormatError
        On codes of another level, implausible or reversed years, or weights that are
        not in (0, 1] or do not sum to 1 per source region.
    """
    if not len(crosswalk):
        return
    this_year = date.today().year
    for (level, first, last), part in crosswalk.groupby(["level", "from_year", "to_year"]):
        prefix = _PREFIX.get(str(level))
        if prefix is None:
            raise DataFormatError(f"unknown crosswalk level {quote(level)}", path=location)
        first, last = int(first), int(last)
        # a PC4 → gemeente/wijk address crosswalk (kloof.sources.pc4) holds postcode
        # areas of the boundary year: from_year == to_year, from codes PC + 4 digits
        pc4 = bool(part["from_code"].astype(str).str.startswith("PC").all())
        if pc4 and 2000 <= first == last <= this_year + 1:
            pass
        elif not (2000 <= first < last <= this_year + 1):
            raise DataFormatError(
                f"crosswalk years {first} → {last} are implausible: both must lie within "
                f"2000-{this_year + 1} and the first before the second",
                path=location,
            )
        for column in ("from_code", "to_code"):
            codes = part[column].astype(str)
            pattern = r"PC[1-9]\d{3}" if pc4 and column == "from_code" else None
            wrong = ~codes.str.fullmatch(pattern or _CODE_PATTERN[str(level)])
            if wrong.any():
                raise DataFormatError(
                    f"{int(wrong.sum())} {column} values are not {level} codes, e.g. "
                    f"{quote(codes[wrong].iloc[0])}; is the matrix of another level than "
                    "the file name says?",
                    path=location,
                    column=column,
                )
        weights = part["weight"].astype("float64")
        if not (np.isfinite(weights) & (weights > 0) & (weights <= 1 + 1e-9)).all():
            raise DataFormatError(
                "crosswalk weights must lie in (0, 1]", path=location, column="weight"
            )
        sums = weights.groupby(part["from_code"]).sum()
        off = sums[(sums - 1).abs() > 1e-6]
        if len(off):
            raise DataFormatError(
                f"the weights of {len(off)} source regions do not sum to 1, e.g. "
                f"{off.index[0]} sums to {off.iloc[0]:.6g}",
                path=location,
                column="weight",
            )


_CODE_PATTERN = {
    "gemeente": r"GM\d{4}",
    "wijk": r"WK\d{4}[0-9A-Z]{2}",
    "buurt": r"BU\d{4}[0-9A-Z]{4}",
}


def check_batch(
    regions: pd.DataFrame,
    observations: pd.DataFrame,
    *,
    location: str,
    partial: bool = False,
    field_name: Callable[[str], str] | None = None,
) -> None:
    """Run :func:`check_values` and :func:`check_coverage` on one batch's rows."""
    check_values(observations, location=location, field_name=field_name)
    check_coverage(regions, observations, location=location, partial=partial)
