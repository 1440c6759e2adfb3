"""Aggregate indicators and index scores to areas and comparison groups.

An area (or a reference such as "the rest of the gemeente") is a :class:`Group` of
regions: the regions in ``plus`` minus the regions in ``minus``. The value of an
indicator for a group follows the indicator's kind in the catalogue
(:attr:`kloof.catalogue.Indicator.kind`, :attr:`~kloof.catalogue.Indicator.weight`):

* **count** (inhabitants, recipients): a signed sum over the members,

  .. math:: x_G = \\sum_{i \\in P} x_i - \\sum_{j \\in M} x_j ,

  missing as soon as one member is missing (a partial sum is never a total);
* **rate / mean** (%, per 1 000, mean WOZ, an index score): the mean weighted by the
  count the rate is a rate of (``bijstand_per_1000`` → ``inhabitants``, ``woz_mean`` →
  ``dwellings``),

  .. math:: r_G = \\frac{\\sum_{i \\in P} W_i r_i - \\sum_{j \\in M} W_j r_j}
                       {\\sum_{i \\in P} W_i - \\sum_{j \\in M} W_j},

  which for a rate :math:`r = N / W` equals the rate of the summed numerators and
  denominators. Rates are never averaged unweighted: a rate whose weight column is
  absent is an error. Members with a missing rate are left out; the **coverage**
  :math:`\\sum_{i \\in P, r_i \\text{ known}} W_i / \\sum_{i \\in P} W_i` is reported and
  the value is missing below ``min_coverage``. The minus side must be complete.

Subtraction makes the references exact with published totals: the rest of the gemeente
is the gemeente row minus the area's regions, the rest of NL is ``NL00`` minus the area
(``NL00`` falls back to the sum of all gemeenten when the frame has no land row).

Examples
--------
>>> import pandas as pd
>>> f = pd.DataFrame({"inhabitants": [100.0, 300.0], "bijstand_per_1000": [50.0, 10.0]},
...                  index=["WK000101", "WK000102"])
>>> agg = aggregate(f, [Group("a", ("WK000101", "WK000102"))])
>>> float(agg.values.loc["a", "bijstand_per_1000"])
20.0
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from kloof import catalogue as _catalogue
from kloof.errors import CatalogueError, SpecError
from kloof.monitor.areas import Area, AreaSet

__all__ = [
    "G4",
    "REFERENCES",
    "Aggregation",
    "Group",
    "Rule",
    "aggregate",
    "comparison_groups",
    "plan",
    "programme_group",
    "score_rule",
]

#: The four largest municipalities: Amsterdam, Rotterdam, Den Haag, Utrecht.
G4: tuple[str, ...] = ("GM0363", "GM0599", "GM0518", "GM0344")
NL = "NL00"

Kind = Literal["count", "rate", "mean"]


@dataclass(frozen=True)
class Rule:
    """How one column aggregates: a summed ``count`` or a ``rate``/``mean`` weighted by
    the column ``weight``."""

    kind: Kind
    weight: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in ("count", "rate", "mean"):
            raise SpecError(f"unknown aggregation kind {self.kind!r}; use count, rate or mean")
        if self.kind != "count" and not self.weight:
            raise SpecError(f"a {self.kind} needs a weight column (rates are never unweighted)")


def score_rule(weight: str = "inhabitants") -> Rule:
    """The rule for index or domain scores: a ``weight``-weighted mean."""
    return Rule("mean", weight)


@dataclass(frozen=True)
class Group:
    """Regions ``plus`` minus regions ``minus``, under a display ``name``."""

    name: str
    plus: tuple[str, ...]
    minus: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "plus", tuple(self.plus))
        object.__setattr__(self, "minus", tuple(self.minus))
        if not self.plus:
            raise SpecError(f"group {self.name!r} has no regions")

    @property
    def codes(self) -> tuple[str, ...]:
        """All codes the group refers to."""
        return self.plus + self.minus


@dataclass(frozen=True)
class Aggregation:
    """Values per group and column, with their coverage and the codes not found.

    Attributes
    ----------
    values
        Groups × columns.
    coverage
        Share (0-1) of the plus side's weight (rates) or members (counts) with a value.
    absent
        Per group, the codes that are not in the frame at all.
    rules
        The rule used for every column.
    notes
        What was substituted (``NL00`` by the sum of gemeenten) or left missing.
    """

    values: pd.DataFrame
    coverage: pd.DataFrame
    absent: Mapping[str, tuple[str, ...]]
    rules: Mapping[str, Rule]
    notes: tuple[str, ...] = field(default=())


def plan(
    columns: Iterable[str],
    *,
    rules: Mapping[str, Rule] | None = None,
    catalogue: _catalogue.Catalogue | None = None,
    available: Iterable[str] | None = None,
) -> dict[str, Rule]:
    """The aggregation rule for every column, from ``rules`` or else the catalogue.

    Parameters
    ----------
    columns
        Columns to aggregate.
    rules
        Explicit rules (index scores, your own columns); they win over the catalogue.
    catalogue
        Default: the built-in catalogue.
    available
        Columns present in the data; a rate whose weight is not among them is an error.

    Raises
    ------
    SpecError
        A column that is neither in ``rules`` nor a count/rate/mean in the catalogue, or
        whose weight column is absent.
    """
    cat = catalogue or _catalogue.load()
    given = dict(rules or {})
    out: dict[str, Rule] = {}
    for col in columns:
        if col in given:
            out[col] = given[col]
            continue
        try:
            ind = cat[col]
        except (CatalogueError, KeyError):
            raise SpecError(
                f"column {col!r} is not a catalogue indicator; give a rule "
                "(count, or rate/mean with a weight column)"
            ) from None
        if ind.kind == "category":
            raise SpecError(f"{col!r} is a category and cannot be aggregated")
        if ind.kind == "count":
            out[col] = Rule("count")
        else:
            if not ind.weight:
                raise SpecError(f"the catalogue gives no weight for the {ind.kind} {col!r}")
            out[col] = Rule(ind.kind, ind.weight)
    if available is not None:
        have = set(available)
        lacking = {c: r.weight for c, r in out.items() if r.weight and r.weight not in have}
        if lacking:
            raise SpecError(
                "rates need their weight count, which the data lacks: "
                + ", ".join(f"{c} (weight {w})" for c, w in lacking.items())
            )
    return out


def _expand_nl(codes: tuple[str, ...], index: pd.Index, notes: list[str]) -> tuple[str, ...]:
    if NL not in codes or NL in index:
        return codes
    gms = tuple(c for c in index if str(c).startswith("GM"))
    notes.append(f"no {NL} row: Nederland is the sum of the {len(gms)} gemeenten")
    return tuple(c for c in codes if c != NL) + gms


def aggregate(
    frame: pd.DataFrame,
    groups: Sequence[Group],
    *,
    columns: Sequence[str] | None = None,
    rules: Mapping[str, Rule] | None = None,
    catalogue: _catalogue.Catalogue | None = None,
    min_coverage: float = 0.9,
) -> Aggregation:
    """Aggregate a wide frame (index = region codes of any level) to groups.

    Parameters
    ----------
    frame
        Indexed by CBS codes; may mix levels (``NL00``, gemeenten, wijken, buurten).
    groups
        The groups (areas, references).
    columns
        Columns to aggregate (default: all that have a rule, weights excluded if absent).
    rules
        Rules for columns outside the catalogue (e.g. ``{"index": score_rule()}``).
    min_coverage
        Minimum covered weight share of a rate below which the value is missing.

    Returns
    -------
    Aggregation
    """
    if frame.index.has_duplicates:
        raise SpecError(f"the frame repeats region {frame.index[frame.index.duplicated()][0]!r}")
    cols = list(frame.columns if columns is None else columns)
    missing_cols = [c for c in cols if c not in frame.columns]
    if missing_cols:
        raise SpecError(f"columns not in the frame: {missing_cols}")
    used = plan(cols, rules=rules, catalogue=catalogue, available=frame.columns)
    notes: list[str] = []
    index = frame.index
    values = pd.DataFrame(np.nan, index=[g.name for g in groups], columns=cols)
    coverage = values.copy()
    absent: dict[str, tuple[str, ...]] = {}
    for g in groups:
        plus = _expand_nl(g.plus, index, notes)
        minus = _expand_nl(g.minus, index, notes)
        absent[g.name] = tuple(c for c in plus + minus if c not in index)
        p = frame.reindex(list(plus))
        m = frame.reindex(list(minus))
        for col in cols:
            rule = used[col]
            v, c = _one(p, m, col, rule)
            coverage.loc[g.name, col] = c
            ok = c >= min_coverage - 1e-12 if rule.kind != "count" else c >= 1.0
            values.loc[g.name, col] = v if ok else np.nan
    return Aggregation(values, coverage, absent, used, tuple(dict.fromkeys(notes)))


def _one(p: pd.DataFrame, m: pd.DataFrame, col: str, rule: Rule) -> tuple[float, float]:
    """Value and coverage of one column for one group (see the module formulas)."""
    px = p[col].to_numpy(dtype="float64")
    mx = m[col].to_numpy(dtype="float64")
    if rule.kind == "count":
        known = ~np.isnan(px)
        cov = float(known.mean()) if len(px) else 0.0
        if np.isnan(mx).any():
            return np.nan, 0.0
        return float(np.nansum(px) - mx.sum()), cov
    assert rule.weight is not None
    if len(px) == 1 and len(mx) == 0:  # the weighted mean of one region is its value
        return float(px[0]), float(np.isfinite(px[0]))
    pw = p[rule.weight].to_numpy(dtype="float64")
    mw = m[rule.weight].to_numpy(dtype="float64")
    if np.isnan(pw).any() or np.isnan(mw).any() or np.isnan(mx[mw != 0]).any():
        return np.nan, 0.0
    total = pw.sum()
    known = ~np.isnan(px) | (pw == 0)
    cov = float(pw[known].sum() / total) if total > 0 else 0.0
    num = np.where(known, pw * np.nan_to_num(px), 0.0).sum() - (mw * np.nan_to_num(mx)).sum()
    den = pw[known].sum() - mw.sum()
    if den <= 0:
        return np.nan, cov
    return float(num / den), cov


def _rest(name: str, plus: tuple[str, ...], area: Area) -> Group:
    return Group(name, plus, area.codes)


#: Comparison groups by name: each builds a :class:`Group` for an area.
REFERENCES: dict[str, str] = {
    "gemeente": "the whole gemeente the area lies in",
    "rest_of_gemeente": "the gemeente minus the area",
    "nl": "Nederland (NL00, or the sum of all gemeenten)",
    "rest_of_nl": "Nederland minus the area",
    "g4": "Amsterdam, Rotterdam, Den Haag and Utrecht together",
}


def comparison_groups(
    area: Area,
    references: Sequence[str] = ("rest_of_gemeente", "rest_of_nl"),
    *,
    codes: Mapping[str, Sequence[str]] | None = None,
) -> list[Group]:
    """The area itself and its comparison groups.

    Parameters
    ----------
    area
        An area with known codes.
    references
        Names from :data:`REFERENCES`.
    codes
        Extra, explicit comparison groups: name → region codes (comparable areas).

    Returns
    -------
    list of Group
        The area first (named by its id), then the references in the order given.
    """
    if not area.known:
        raise SpecError(
            f"the composition of area {area.id!r} is unknown (no codes): {area.confidence}"
        )
    builders = {
        "gemeente": lambda: Group("gemeente", (area.gemeente,)),
        "rest_of_gemeente": lambda: _rest("rest_of_gemeente", (area.gemeente,), area),
        "nl": lambda: Group("nl", (NL,)),
        "rest_of_nl": lambda: _rest("rest_of_nl", (NL,), area),
        "g4": lambda: Group("g4", G4),
    }
    unknown = [r for r in references if r not in builders]
    if unknown:
        raise SpecError(f"unknown references {unknown}; known: {', '.join(REFERENCES)}")
    out = [Group(area.id, area.codes)]
    out += [builders[r]() for r in references]
    out += [Group(name, tuple(c)) for name, c in (codes or {}).items()]
    return out


def programme_group(areas: AreaSet, name: str | None = None) -> Group:
    """All known areas of a set pooled into one group (overlaps counted once)."""
    codes = tuple(dict.fromkeys(c for a in areas for c in a.codes))
    return Group(name or areas.name, codes)
