"""Targets and their status: on track, at risk or off track, with the deciding rule.

A :class:`Target` says what a subject (an area, a region, a group) should reach by a
target year, in one of three forms:

* ``level``: the indicator reaches ``value`` ("index ≥ 100 by 2040");
* ``change``: the indicator moves ``delta`` from its baseline ("+5 points by 2018", the
  Rotterdam 2018 safety-index targets);
* ``gap``: the gap :math:`g = a - r` to a ``reference`` subject closes by ``share``
  ("halve the gap to NL by 2030": target gap :math:`(1 - 0.5)\\, g_b`).

A gap target needs a rate or a mean (a count's gap measures size, not the kloof) and is
refused on a count. ``indicator: index`` is the kloof index (``kloof monitor targets``
scores areas on the wijk model of each year with a national index built from the same
indicators as the default year's).

``select: {lowest: 5}`` expands a target over the five subjects with the lowest
baseline value ("+5 points for the five lowest wijken").

Status as of year :math:`t` uses only observations up to :math:`t`, so it is reproducible
for any past year. With baseline :math:`v_b` (year :math:`b`), target :math:`T` (year
:math:`Y`), last observation :math:`v_L` (year :math:`L \\le t`) and "meets" meaning
:math:`v \\ge T` when the target lies above the baseline (:math:`\\le` below):

1. **deadline** (:math:`L \\ge Y`): on track if :math:`v_L` meets :math:`T`, else off track;
2. **trend** (at least ``min_points`` observations in :math:`[b, L]`): project the
   Theil–Sen trend (:mod:`kloof.monitor.trends`) to :math:`Y`; on track if the projection
   meets :math:`T`, at risk if only the favourable end of its band does, else off track;
3. **glide path** (fewer observations): progress :math:`p = (v_L - v_b)/(T - v_b)` against
   elapsed time :math:`\\tau = (L - b)/(Y - b)`; on track if :math:`p \\ge \\tau`
   (on or beyond the straight line from baseline to target), at risk if
   :math:`p \\ge s\\,\\tau` with :math:`p > 0` (``at_risk_share`` :math:`s`, default 0.5),
   else off track.

A subject without an observation after its baseline has status ``no data``.

A target on an amount in euro whose data are nominal (current prices; ``nominal`` of
:func:`assess`) has status ``not judged``: a nominal rise may be inflation, so neither
"on track" nor "off track" would be a finding. Its rule still says what the nominal
series shows; deflating the data with the CPI (:func:`kloof.monitor.prices.deflate`)
makes it judged, in the prices of one year.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal

import numpy as np
import pandas as pd
import yaml

from kloof.errors import SpecError
from kloof.monitor.trends import fit

__all__ = ["KINDS", "STATUSES", "Target", "TargetSet", "assess", "expand", "loads"]

#: Target forms.
KINDS: dict[str, str] = {
    "level": "reach `value` by `target_year`",
    "change": "move `delta` from the baseline by `target_year`",
    "gap": "close `share` of the baseline gap to `reference` by `target_year`",
}
#: Possible statuses, best first.
STATUSES = ("on track", "at risk", "off track", "no data", "not judged")


@dataclass(frozen=True)
class Target:
    """One target (see the module text for the forms and the status rules)."""

    id: str
    indicator: str
    kind: Literal["level", "change", "gap"]
    target_year: int
    subject: str | None = None
    value: float | None = None
    delta: float | None = None
    share: float | None = None
    reference: str | None = None
    baseline_year: int | None = None
    baseline: float | None = None
    select: Mapping[str, int] | None = None
    subjects: tuple[str, ...] = ()
    label: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "subjects", tuple(self.subjects))
        if self.kind not in KINDS:
            raise SpecError(f"target {self.id!r}: unknown kind {self.kind!r}; use {list(KINDS)}")
        need = {"level": "value", "change": "delta", "gap": "share"}[self.kind]
        if getattr(self, need) is None:
            raise SpecError(f"target {self.id!r}: a {self.kind} target needs '{need}'")
        if self.kind == "gap" and not self.reference:
            raise SpecError(f"target {self.id!r}: a gap target needs a 'reference'")
        if self.kind == "gap":
            from kloof import catalogue

            cat = catalogue.load()
            if self.indicator in cat and cat[self.indicator].kind not in ("rate", "mean"):
                raise SpecError(
                    f"target {self.id!r}: {self.indicator!r} is a {cat[self.indicator].kind}; "
                    "a gap to a reference compares sizes, not conditions: set a gap target "
                    "on a rate or a mean (e.g. bijstand_per_1000), or a level or change "
                    "target on the count"
                )
        if self.kind != "level" and self.baseline_year is None:
            raise SpecError(f"target {self.id!r}: a {self.kind} target needs 'baseline_year'")
        if self.select is not None:
            if set(self.select) - {"lowest", "highest"} or len(self.select) != 1:
                raise SpecError(f"target {self.id!r}: select is {{lowest: k}} or {{highest: k}}")
            if self.baseline_year is None:
                raise SpecError(f"target {self.id!r}: select needs 'baseline_year'")
        elif not self.subject:
            raise SpecError(f"target {self.id!r}: give a 'subject' or a 'select'")
        if self.baseline_year is not None and self.target_year <= self.baseline_year:
            raise SpecError(f"target {self.id!r}: target_year must be after baseline_year")

    def to_dict(self) -> dict[str, Any]:
        """Plain data without empty fields."""
        d = asdict(self)
        d["subjects"] = list(self.subjects)
        d["select"] = None if self.select is None else dict(self.select)
        return {k: v for k, v in d.items() if v not in (None, "", [])}


@dataclass(frozen=True)
class TargetSet:
    """A named, versioned list of targets."""

    name: str
    targets: tuple[Target, ...]
    version: str = "1"
    description: str = ""
    settings: Mapping[str, Any] = field(default_factory=dict)

    def to_yaml(self) -> str:
        """YAML that :func:`loads` reads back."""
        doc = {"name": self.name, "version": self.version, "description": self.description}
        doc["targets"] = [t.to_dict() for t in self.targets]  # type: ignore[assignment]
        return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)


def loads(text: str) -> TargetSet:
    """Read a target set from YAML text (``name``, ``version``, ``targets: [...]``)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise SpecError(f"targets YAML does not parse: {exc}") from exc
    if not isinstance(data, Mapping) or not isinstance(data.get("targets"), list):
        raise SpecError("a targets file needs a 'targets' list")
    fields = set(Target.__dataclass_fields__)
    out = []
    for i, raw in enumerate(data["targets"]):
        if not isinstance(raw, Mapping):
            raise SpecError(f"target {i + 1} is not a mapping")
        unknown = set(raw) - fields
        if unknown:
            raise SpecError(f"target {raw.get('id', i + 1)!r}: unknown keys {sorted(unknown)}")
        kw = dict(raw)
        kw.setdefault("id", f"target-{i + 1}")
        kw["subjects"] = tuple(kw.get("subjects") or ())
        try:
            out.append(Target(**kw))
        except TypeError as exc:
            raise SpecError(f"target {kw['id']!r}: {exc}") from None
    ids = [t.id for t in out]
    if len(set(ids)) != len(ids):
        raise SpecError("target ids must be unique")
    return TargetSet(
        name=str(data.get("name") or "targets"),
        targets=tuple(out),
        version=str(data.get("version") or "1"),
        description=str(data.get("description") or ""),
    )


def _series(data: pd.DataFrame, subject: str, indicator: str) -> pd.Series:
    sel = data[(data["subject"] == subject) & (data["indicator"] == indicator)]
    s = sel.groupby("year")["value"].mean().astype("float64")
    return s[np.isfinite(s.to_numpy())].sort_index()


def expand(target: Target, data: pd.DataFrame) -> list[Target]:
    """A target with ``select`` as one target per selected subject."""
    if target.select is None:
        return [target]
    ((how, k),) = target.select.items()
    pool = target.subjects or tuple(
        data.loc[data["indicator"] == target.indicator, "subject"].unique()
    )
    base = {}
    for s in pool:
        series = _series(data, s, target.indicator)
        if target.baseline_year in series.index:
            base[s] = float(series[target.baseline_year])
    chosen = sorted(base, key=lambda s: base[s], reverse=how == "highest")[: int(k)]
    return [replace(target, id=f"{target.id}/{s}", subject=s, select=None) for s in chosen]


def assess(
    targets: TargetSet | Sequence[Target],
    data: pd.DataFrame,
    *,
    as_of: int | None = None,
    min_points: int = 3,
    at_risk_share: float = 0.5,
    method: str = "theil-sen",
    nominal: Collection[str] = (),
) -> pd.DataFrame:
    """Status of every target as of a year.

    Parameters
    ----------
    targets
        Targets (a set or a list).
    data
        Long observations ``subject, indicator, year, value`` (a ``group`` column, as in
        :attr:`kloof.monitor.series.AreaSeries.values`, is read as ``subject``).
    as_of
        Use observations up to this year only (default: all).
    min_points, at_risk_share, method
        Parameters of the status rules (module text).
    nominal
        Indicators whose values in ``data`` are amounts in euro at current prices:
        their targets are ``not judged`` (the rule says why and what the nominal series
        shows).

    Returns
    -------
    pandas.DataFrame
        One row per (expanded) target: ``id, subject, indicator, kind, baseline_year,
        baseline, target_year, target, year, value, expected, projected, status, rule``.
    """
    if "subject" not in data.columns and "group" in data.columns:
        data = data.rename(columns={"group": "subject"})
    need = {"subject", "indicator", "year", "value"}
    if not need <= set(data.columns):
        raise SpecError(f"target data needs columns {sorted(need)}; got {list(data.columns)}")
    if as_of is not None:
        data = data[data["year"] <= as_of]
    items = targets.targets if isinstance(targets, TargetSet) else tuple(targets)
    rows = []
    for t in items:
        expanded = expand(t, data)
        if not expanded:  # a select without baseline values: a row that says so
            rows.append(_no_selection(t))
        for one in expanded:
            row = _assess_one(one, data, min_points, at_risk_share, method)
            if one.indicator in nominal and row["status"] != "no data":
                row["rule"] = (
                    "nominal euros, not judged without the CPI (kloof data fetch cpi; "
                    f"--prices YEAR); nominal {row['status']}: {row['rule']}"
                )
                row["status"] = "not judged"
            rows.append(row)
    return pd.DataFrame(rows)


def _no_selection(t: Target) -> dict[str, Any]:
    """The row of a ``select`` target that selected nothing (never dropped silently)."""
    assert t.select is not None
    ((how, k),) = t.select.items()
    row = _empty_row(t)
    row["rule"] = f"select {how} {k}: no subject has a value in the baseline year {t.baseline_year}"
    return row


def _empty_row(t: Target) -> dict[str, Any]:
    """A target's row before anything is known: status "no data"."""
    return {
        "id": t.id,
        "subject": t.subject,
        "indicator": t.indicator,
        "kind": t.kind,
        "baseline_year": t.baseline_year,
        "baseline": np.nan,
        "target_year": t.target_year,
        "target": np.nan,
        "year": None,
        "value": np.nan,
        "expected": np.nan,
        "projected": np.nan,
        "status": "no data",
        "rule": "",
    }


def _assess_one(
    t: Target, data: pd.DataFrame, min_points: int, at_risk_share: float, method: str
) -> dict[str, Any]:
    assert t.subject is not None
    s = _series(data, t.subject, t.indicator)
    if t.kind == "gap":
        assert t.reference is not None
        s = (s - _series(data, t.reference, t.indicator)).dropna()
    row = _empty_row(t)
    b = t.baseline_year if t.baseline_year is not None else (int(s.index[0]) if len(s) else None)
    vb = t.baseline if t.baseline is not None else (s.get(b, np.nan) if b is not None else np.nan)
    if b is None or not np.isfinite(vb):
        row["rule"] = f"no baseline value in {b}"
        return row
    target = {"level": t.value, "change": vb + (t.delta or 0.0), "gap": (1 - (t.share or 0)) * vb}
    tv = float(target[t.kind])  # type: ignore[arg-type]
    up = tv >= vb

    def meets(v: float) -> bool:
        return bool(v >= tv) if up else bool(v <= tv)

    sign = "≥" if up else "≤"
    after = s[s.index > b]
    row.update(baseline=float(vb), baseline_year=b, target=tv)
    if after.empty:
        row["rule"] = f"no observation after the baseline year {b}"
        return row
    last, vl = int(after.index[-1]), float(after.iloc[-1])
    tau = min(1.0, (last - b) / (t.target_year - b))
    row.update(year=last, value=vl, expected=vb + (tv - vb) * tau)
    if last >= t.target_year:
        ok = meets(vl)
        row["status"] = "on track" if ok else "off track"
        row["rule"] = (
            f"deadline: {last} value {vl:.4g} {'meets' if ok else 'misses'} {sign} {tv:.4g}"
        )
        return row
    window = s[(s.index >= b) & (s.index <= last)]
    if t.baseline is not None and b not in window.index:
        window = pd.concat([pd.Series({b: vb}), window]).sort_index()
    if len(window) >= min_points:
        tr = fit(window.index.to_numpy(), window.to_numpy(), method=method)
        p = tr.predict(t.target_year)
        fav = p["high"] if up else p["low"]
        row["projected"] = p["value"]
        if meets(p["value"]):
            row["status"], verdict = "on track", "meets"
        elif meets(fav):
            row["status"], verdict = "at risk", "misses, its band reaches"
        else:
            row["status"], verdict = "off track", "misses, even its band misses"
        row["rule"] = (
            f"trend ({tr.method}, {len(window)} years {b}-{last}): projection "
            f"{p['value']:.4g} in {t.target_year} {verdict} {sign} {tv:.4g}"
        )
        return row
    span = tv - vb
    progress = 1.0 if span == 0 else (vl - vb) / span
    if progress >= tau:
        row["status"] = "on track"
    elif progress > 0 and progress >= at_risk_share * tau:
        row["status"] = "at risk"
    else:
        row["status"] = "off track"
    row["rule"] = (
        f"glide path: {100 * progress:.0f}% of the way after {100 * tau:.0f}% of the time "
        f"(on track ≥ {100 * tau:.0f}%, at risk ≥ {100 * at_risk_share * tau:.0f}%)"
    )
    return row
