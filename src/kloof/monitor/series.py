"""Series over years for an area and its references, on one year's boundaries.

For every year in ``frames`` the wide frame (regions of any level, index = CBS codes of
*that* year) is first re-expressed on the regions of ``to_year`` through the
crosswalks (:func:`kloof.reexpress.reexpress`: counts split by address share and summed,
rates weighted by their count), then aggregated to the groups
(:func:`kloof.monitor.aggregate.aggregate`). Where no crosswalk is given for a level and
year the codes are matched as they are, and the result says so; codes of a group that
do not exist after re-expression are listed in :attr:`AreaSeries.absent` ("could not be
carried over").

Derived views (all per year :math:`t`, area :math:`a`, reference :math:`r`):

* absolute gap :math:`\\Delta_t = a_t - r_t`;
* relative gap :math:`\\rho_t = 100\\,(a_t - r_t) / r_t` (% of the reference), only for
  rates and means (:data:`RELATIVE_KINDS`): a count's relative gap compares sizes, not
  conditions (Nieuw-West has 78 % fewer inhabitants than the rest of Amsterdam, which
  says nothing about the kloof), so it is never computed;
* baseline view :math:`I_t = 100\\, v_t / v_b` for a fixed baseline year :math:`b`
  (Rotterdam Wijkprofiel / NPRZ style "index 100 = baseline"); with a baseline the gaps
  are those of the rebased series, in index points :math:`I^a_t - I^r_t`, and no relative
  gap is given (levels and gaps in one table are then in the same unit).

Amounts in euro are nominal (:func:`nominal`): the CBS KWB publishes current prices, so
a rise may be inflation; reports flag them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

import pandas as pd

from kloof import catalogue as _catalogue
from kloof.errors import SpecError
from kloof.monitor.aggregate import Group, Rule, aggregate, plan
from kloof.reexpress import reexpress

__all__ = [
    "RELATIVE_KINDS",
    "AreaSeries",
    "build_panel",
    "build_series",
    "carry_over",
    "gap",
    "nominal",
    "rebase",
    "relative_gap_allowed",
]

#: Indicator kinds whose gap may be expressed in percent of the reference.
RELATIVE_KINDS = frozenset({"rate", "mean"})

_LEVEL = {"NL": "land", "GM": "gemeente", "WK": "wijk", "BU": "buurt"}


def _level(code: object) -> str:
    return _LEVEL.get(str(code)[:2], "other")


def carry_over(
    frame: pd.DataFrame,
    year: int,
    to_year: int,
    rules: Mapping[str, Rule],
    crosswalks: Mapping[str, pd.DataFrame] | None = None,
) -> tuple[pd.DataFrame, list[str]]:
    """Re-express a mixed-level frame of ``year`` on the regions of ``to_year``.

    Parameters
    ----------
    frame
        Index = codes of ``year`` (any mix of levels).
    rules
        Aggregation rules (:func:`kloof.monitor.aggregate.plan`); columns without a
        rule (the weight counts) are moved as counts.
    crosswalks
        Per level (``gemeente``, ``wijk``, ``buurt``), ``from_code, to_code, weight``
        from ``year`` to ``to_year`` (changed regions only).

    Returns
    -------
    (frame, notes)
        The frame on ``to_year`` codes, and what was assumed.
    """
    if year == to_year:
        return frame, []
    notes: list[str] = []
    parts = []
    # columns without a rule are the weight counts of the others: counts
    kinds = {str(c): (rules[c].kind if c in rules else "count") for c in frame.columns}
    for level, part in frame.groupby(frame.index.map(_level), sort=False):
        xw = (crosswalks or {}).get(str(level))
        if level == "land":
            parts.append(part)
        elif xw is None:
            notes.append(
                f"{year}: no {level} crosswalk to {to_year}; {level} codes matched as they are "
                "(a code whose boundary changed is compared as if it had not)"
            )
            parts.append(part)
        else:
            weights = pd.DataFrame(
                {
                    c: part[r.weight]
                    for c, r in rules.items()
                    if c in part.columns and r.weight in part.columns
                },
                index=part.index,
            )
            moved = reexpress(part[list(kinds)], xw, kinds=kinds, weights=weights)
            parts.append(moved)
            n = int(xw["from_code"].isin(part.index).sum())
            if n:
                notes.append(f"{year}: {level} regions re-expressed on {to_year} boundaries")
    out = pd.concat(parts) if parts else frame.iloc[:0]
    out.index.name = "code"
    return out, notes


@dataclass(frozen=True)
class AreaSeries:
    """Values of groups over years, on the boundaries of ``to_year``.

    Attributes
    ----------
    values
        Long: ``year, group, indicator, value, coverage``.
    absent
        Long: ``year, group, code``: codes of a group not found after re-expression.
    to_year
        Year of the boundaries.
    notes
        Assumptions made per year (missing crosswalks, substitutions).
    params, provenance
        What recomputes it: the arguments of :func:`build_series` that set it (``groups``,
        ``to_year``, ``indicators``, ``min_coverage``) and where the data came from.
    """

    values: pd.DataFrame
    absent: pd.DataFrame
    to_year: int
    notes: tuple[str, ...] = field(default=())
    params: Mapping[str, Any] = field(default_factory=dict)
    provenance: Mapping[str, str] = field(default_factory=dict)

    @property
    def groups(self) -> list[str]:
        """Group names in order of appearance."""
        return list(dict.fromkeys(self.values["group"]))

    @property
    def years(self) -> list[int]:
        """Years in the series."""
        return sorted(self.values["year"].unique().tolist())

    def table(self, indicator: str) -> pd.DataFrame:
        """Years × groups for one indicator (years without any value left out)."""
        sel = self.values[self.values["indicator"] == indicator]
        if sel.empty:
            raise SpecError(f"no indicator {indicator!r} in the series")
        wide = sel.pivot(index="year", columns="group", values="value")
        wide = wide.reindex(columns=[g for g in self.groups if g in wide.columns])
        return wide.dropna(how="all")

    def gap(
        self, indicator: str, reference: str, group: str | None = None, *, relative: bool = False
    ) -> pd.Series:
        """Gap of ``group`` (default: the first group) to ``reference`` per year."""
        t = self.table(indicator)
        g = group or self.groups[0]
        for name in (g, reference):
            if name not in t.columns:
                raise SpecError(f"no group {name!r}; groups are {list(t.columns)}")
        return gap(t[g], t[reference], relative=relative)

    def rebased(self, indicator: str, baseline: int) -> pd.DataFrame:
        """Years × groups with ``baseline`` = 100."""
        return rebase(self.table(indicator), baseline)

    def gaps(
        self,
        indicator: str,
        group: str | None = None,
        *,
        baseline: int | None = None,
        catalogue: _catalogue.Catalogue | None = None,
    ) -> pd.DataFrame:
        """All references: long ``year, reference, value, area, gap, gap_pct``.

        ``gap_pct`` is missing unless the indicator is a rate or a mean
        (:func:`relative_gap_allowed`) and no ``baseline`` is given; with a ``baseline``
        the values and gaps are those of the series rebased to ``baseline`` = 100 (gaps in
        index points).
        """
        t = self.table(indicator)
        if baseline is not None:
            t = rebase(t, baseline)
        relative = baseline is None and relative_gap_allowed(indicator, catalogue)
        g = group or self.groups[0]
        rows = []
        for ref in t.columns:
            if ref == g:
                continue
            rows.append(
                pd.DataFrame(
                    {
                        "year": t.index,
                        "reference": ref,
                        "area": t[g].to_numpy(),
                        "value": t[ref].to_numpy(),
                        "gap": gap(t[g], t[ref]).to_numpy(),
                        "gap_pct": (
                            gap(t[g], t[ref], relative=True)
                            if relative
                            else pd.Series(float("nan"), index=t.index)
                        ).to_numpy(),
                    }
                )
            )
        return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()


def gap(area: pd.Series, reference: pd.Series, *, relative: bool = False) -> pd.Series:
    """Absolute gap :math:`a - r` or relative gap :math:`100 (a - r) / r` (%)."""
    diff = area - reference
    if not relative:
        return diff
    return 100.0 * diff / reference.where(reference != 0)


def relative_gap_allowed(indicator: str, catalogue: _catalogue.Catalogue | None = None) -> bool:
    """Whether a gap of ``indicator`` may be shown in percent: rates and means only.

    Counts (and categories, and columns the catalogue does not know, such as index
    scores that may be negative) have absolute gaps only.

    Examples
    --------
    >>> relative_gap_allowed("inhabitants"), relative_gap_allowed("bijstand_per_1000")
    (False, True)
    """
    cat = catalogue or _catalogue.load()
    return indicator in cat and cat[indicator].kind in RELATIVE_KINDS


def nominal(indicator: str, catalogue: _catalogue.Catalogue | None = None) -> bool:
    """Whether ``indicator`` is an amount in euro at current (nominal) prices.

    The KWB publishes income and WOZ values in current prices; kloof does not deflate
    them, so a series of such an amount mixes real change and inflation.

    Examples
    --------
    >>> nominal("income_per_inhabitant"), nominal("bijstand_per_1000")
    (True, False)
    """
    cat = catalogue or _catalogue.load()
    return indicator in cat and "euro" in cat[indicator].unit


def rebase(values: pd.DataFrame | pd.Series, baseline: int) -> pd.DataFrame:
    """Values with the ``baseline`` year = 100: :math:`100\\, v_t / v_b`."""
    frame = values.to_frame() if isinstance(values, pd.Series) else values
    if baseline not in frame.index:
        raise SpecError(f"baseline year {baseline} is not in the series {list(frame.index)}")
    base = frame.loc[baseline]
    return 100.0 * frame / base.where(base != 0)


def build_series(
    frames: Mapping[int, pd.DataFrame],
    groups: Sequence[Group],
    *,
    to_year: int,
    indicators: Sequence[str] | None = None,
    crosswalks: Mapping[tuple[str, int], pd.DataFrame] | None = None,
    rules: Mapping[str, Rule] | None = None,
    catalogue: _catalogue.Catalogue | None = None,
    min_coverage: float = 0.9,
    provenance: Mapping[str, str] | None = None,
) -> AreaSeries:
    """Series of groups over the years of ``frames``, on ``to_year`` boundaries.

    Parameters
    ----------
    frames
        Year → wide frame (index = that year's codes, any mix of levels).
    groups
        Areas and references with ``to_year`` codes (e.g.
        :func:`kloof.monitor.aggregate.comparison_groups`).
    to_year
        The year whose boundaries the series is on (the area's year).
    indicators
        Columns wanted (default: all present in some year that have a rule). A year that
        lacks an indicator, or its weight, has no value for it.
    crosswalks
        ``(level, from_year)`` → transfer weights to ``to_year``.
    rules
        Rules for non-catalogue columns (index scores).
    provenance
        Where ``frames`` came from (store, years), kept on the result.

    Returns
    -------
    AreaSeries
    """
    if not frames:
        raise SpecError("no years to build a series from")
    cat = catalogue or _catalogue.load()
    rows: list[pd.DataFrame] = []
    absent: list[tuple[int, str, str]] = []
    notes: list[str] = []
    for year in sorted(frames):
        frame = frames[year]
        wanted = [c for c in (indicators or frame.columns) if c in frame.columns]
        lacking = [c for c in (indicators or ()) if c not in frame.columns]
        if lacking:
            notes.append(f"{year}: not in the data: {lacking}")
        if indicators is None:
            wanted = [c for c in wanted if _has_rule(c, rules, cat, frame.columns)]
        skipped = [c for c in wanted if not _has_rule(c, rules, cat, frame.columns)]
        if skipped:
            notes.append(f"{year}: no weight count for {skipped}; left out")
        wanted = [c for c in wanted if c not in skipped]
        if not wanted:
            notes.append(f"{year}: none of the indicators is in the data")
            continue
        used = plan(wanted, rules=rules, catalogue=cat)
        keep = list(dict.fromkeys(wanted + [r.weight for r in used.values() if r.weight]))
        xws = {lvl: xw for (lvl, y), xw in (crosswalks or {}).items() if y == year}
        moved, year_notes = carry_over(frame[keep], year, to_year, used, xws)
        notes += year_notes
        by = partial(aggregate, rules=used, catalogue=cat, min_coverage=min_coverage)
        agg = by(moved, groups, columns=wanted)
        complete = frames.get(to_year)
        if complete is not None:
            extended, built = _gemeenten_from_wijken(moved, groups, complete, used, cat)
            names = {gm for gm, _ in built}
            # only groups of the built gemeenten (never Nederland: one gemeente is no NL)
            redo = [
                g for g in groups if set(g.codes) & names and not any(c == "NL00" for c in g.codes)
            ]
            if redo:
                notes += [
                    f"{year}: no {gm} row; {gm} is the sum of its {n} wijken (all of {to_year})"
                    for gm, n in built
                ]
                more = by(extended, redo, columns=wanted)
                values = agg.values.copy()
                coverage = agg.coverage.copy()
                values.loc[more.values.index] = more.values
                coverage.loc[more.coverage.index] = more.coverage
                agg = replace(agg, values=values, coverage=coverage)
        notes += [f"{year}: {n}" for n in agg.notes]
        for name, codes in agg.absent.items():
            absent += [(year, name, c) for c in codes]
        long = (
            agg.values.rename_axis("group")
            .reset_index()
            .melt(id_vars="group", var_name="indicator", value_name="value")
        )
        cov = (
            agg.coverage.rename_axis("group")
            .reset_index()
            .melt(id_vars="group", var_name="indicator", value_name="coverage")
        )
        long = long.merge(cov, on=["group", "indicator"])
        long.insert(0, "year", year)
        rows.append(long)
    values = pd.concat(rows, ignore_index=True) if rows else _empty()
    values["value"] = values["value"].astype("float64")
    return AreaSeries(
        values=values,
        absent=pd.DataFrame(absent, columns=["year", "group", "code"]),
        to_year=to_year,
        notes=tuple(dict.fromkeys(notes)),
        params={
            "groups": tuple(groups),
            "to_year": to_year,
            "indicators": None if indicators is None else tuple(indicators),
            "min_coverage": min_coverage,
        },
        provenance=dict(provenance or {}),
    )


def _gemeenten_from_wijken(
    moved: pd.DataFrame,
    groups: Sequence[Group],
    complete: pd.DataFrame,
    rules: Mapping[str, Rule],
    cat: _catalogue.Catalogue,
) -> tuple[pd.DataFrame, list[tuple[str, int]]]:
    """Add a gemeente row a year lacks from its wijken, when all of them are there.

    A wijk panel (Amsterdam 2016-2021) has no gemeente row, so "the rest of the gemeente"
    would be missing. When every wijk of the gemeente that has a value in the boundary
    year's frame (``complete``; empty water and harbour wijken aside) has a row after
    re-expression, the gemeente is their aggregate (counts summed, rates weighted by their
    counts); otherwise it stays missing.
    """
    wanted = {c for g in groups for c in g.codes if str(c).startswith("GM")}
    missing = sorted(gm for gm in wanted if gm not in moved.index)
    built: list[tuple[str, int]] = []
    rows = []
    for gm in missing:
        prefix = f"WK{gm[2:]}"
        inhabited = complete.loc[complete.index.str.startswith(prefix)].notna().any(axis=1)
        members = [str(c) for c in inhabited.index[inhabited.to_numpy()]]
        if not members or not set(members) <= set(moved.index):
            continue
        members = [c for c in moved.index if str(c).startswith(prefix)]
        agg = aggregate(
            moved.loc[members],
            [Group(gm, tuple(members))],
            rules=rules,
            catalogue=cat,
        ).values
        counts = [c for c in moved.columns if c not in agg.columns]
        row = agg.loc[[gm]].reindex(columns=moved.columns)
        for c in counts:  # weight counts without a rule of their own: summed
            row[c] = moved.loc[members, c].sum(min_count=1)
        rows.append(row)
        built.append((gm, len(members)))
    if not rows:
        return moved, built
    return pd.concat([moved, *rows]), built


def build_panel(
    frames: Mapping[int, pd.DataFrame],
    indicator: str,
    *,
    to_year: int,
    units: Sequence[str] = (),
    groups: Sequence[Group] = (),
    crosswalks: Mapping[tuple[str, int], pd.DataFrame] | None = None,
    rules: Mapping[str, Rule] | None = None,
    catalogue: _catalogue.Catalogue | None = None,
) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """A units × years panel of one indicator on ``to_year`` boundaries.

    Single regions (``units``, codes of ``to_year``) are read directly after
    re-expression; ``groups`` (areas) are aggregated. The result feeds
    :func:`kloof.monitor.evaluate.evaluate`.

    Returns
    -------
    (panel, notes)
        Index = unit codes then group names, columns = years (missing = NaN).
    """
    cat = catalogue or _catalogue.load()
    notes: list[str] = []
    cols: dict[int, pd.Series] = {}
    names = [*units, *(g.name for g in groups)]
    for year in sorted(frames):
        frame = frames[year]
        if indicator not in frame.columns or not _has_rule(indicator, rules, cat, frame.columns):
            continue
        used = plan([indicator], rules=rules, catalogue=cat)
        keep = list(dict.fromkeys([indicator] + [r.weight for r in used.values() if r.weight]))
        xws = {lvl: xw for (lvl, y), xw in (crosswalks or {}).items() if y == year}
        moved, year_notes = carry_over(frame[keep], year, to_year, used, xws)
        notes += year_notes
        col = moved[indicator].reindex(list(units))
        if groups:
            agg = aggregate(moved, groups, columns=[indicator], rules=used, catalogue=cat)
            col = pd.concat([col, agg.values[indicator]])
        cols[year] = col
    if not cols:
        raise SpecError(f"no year has {indicator!r} (with its weight count)")
    panel = pd.DataFrame(cols).reindex(names)
    panel.columns.name = "year"
    return panel, tuple(dict.fromkeys(notes))


def _has_rule(
    col: str, rules: Mapping[str, Rule] | None, cat: _catalogue.Catalogue, have: pd.Index
) -> bool:
    try:
        rule = plan([col], rules=rules, catalogue=cat)[col]
    except SpecError:
        return False
    return rule.weight is None or rule.weight in have


def _empty() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": pd.Series(dtype="int64"),
            "group": pd.Series(dtype="object"),
            "indicator": pd.Series(dtype="object"),
            "value": pd.Series(dtype="float64"),
            "coverage": pd.Series(dtype="float64"),
        }
    )
