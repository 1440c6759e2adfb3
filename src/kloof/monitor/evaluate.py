"""Does it work? Difference-in-differences and synthetic control with placebo tests.

Both estimators compare programme units (treated) with a donor pool of comparable
non-programme units before and after a start year, on a balanced panel (units × years).

**Difference-in-differences** (2×2 on means of years, equal to the two-way fixed-effects
estimate on a balanced panel with one start year):

.. math:: \\hat\\tau = (\\bar y_{T,\\text{post}} - \\bar y_{T,\\text{pre}})
                    - (\\bar y_{C,\\text{post}} - \\bar y_{C,\\text{pre}}),

with the event-study path :math:`d_t = (\\bar y_{T,t} - \\bar y_{C,t}) - (\\bar y_{T,b} -
\\bar y_{C,b})` relative to the last pre year :math:`b`, whose pre-period values show
whether the trends ran parallel.

**Synthetic control**: per treated unit (:mod:`kloof.monitor.synthetic`); the estimate is
the mean post-period gap, averaged over treated units.

**Inference with few treated units** follows Conley & Taber (2011) and Abadie et al.
(2010): the estimator is re-run with untreated donors posing as treated
(*in-space placebos*; with :math:`k` treated units, random draws of :math:`k` donors for
DiD and means of :math:`k` single-donor placebos for synthetic control). Their estimates
:math:`\\hat\\tau_j` form the null distribution: the interval is
:math:`[\\hat\\tau - q_{1-\\alpha/2}, \\hat\\tau - q_{\\alpha/2}]`, the p-value
:math:`(1 + \\#\\{|\\hat\\tau_j| \\ge |\\hat\\tau|\\}) / (1 + J)`. *In-time placebos* move
the start to each earlier year with pre years on both sides, using pre-period data only;
they should be near zero.

References: Conley, T., Taber, C. (2011), REStat 93:113-125; Abadie, A., Diamond, A.,
Hainmueller, J. (2010), JASA 105:493-505; Roth, J. et al. (2023), *What's trending in
difference-in-differences?*, J. Econometrics 235.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kloof.errors import SpecError
from kloof.monitor.panel import DataSize, Panel, prepare
from kloof.monitor.synthetic import synthetic_fit

__all__ = ["ASSUMPTIONS", "METHODS", "DataSize", "Evaluation", "Panel", "evaluate", "prepare"]

#: What each estimator assumes, stated with every result.
ASSUMPTIONS: dict[str, tuple[str, ...]] = {
    "did": (
        "parallel trends: without the programme, treated and donor units would have "
        "changed alike (check the pre-period event-study values and in-time placebos)",
        "no anticipation: nothing changed because of the programme before the start year",
        "no spill-overs: donors are not affected by the programme (SUTVA)",
        "composition: units keep their boundaries (series re-expressed on one year's regions)",
    ),
    "synthetic": (
        "the treated unit's untreated path is a weighted mix of donor paths, fitted on "
        "the pre-period (a good pre-period fit is required: see pre-RMSPE)",
        "the treated unit lies within the donors' range (else use demean=True)",
        "no anticipation and no spill-overs to donors",
        "few pre years make the fit fragile: a good pre-fit on 4 years can be chance",
    ),
}
#: Estimators by name.
METHODS: dict[str, str] = {
    "did": "difference-in-differences with in-space and in-time placebos",
    "synthetic": "synthetic control with in-space and in-time placebos",
}


@dataclass(frozen=True)
class Evaluation:
    """An effect estimate with its placebo tests, assumptions and data size.

    Attributes
    ----------
    method
        ``did`` or ``synthetic``.
    estimate, low, high
        Effect (outcome units, treated minus counterfactual) and placebo interval.
    p_value
        Share of in-space placebos at least as extreme (with the +1 correction).
    effects
        Effect by year (event-study path, 0 in the reference year for DiD).
    placebo_space
        In-space placebo estimates (by donor or draw).
    placebo_time
        In-time placebo estimates by fake start year.
    size
        :class:`DataSize`.
    assumptions
        What the estimate assumes.
    weights
        Synthetic control: donor weights per treated unit (long: unit, donor, weight).
    pre_rmspe
        Synthetic control: mean pre-period RMSPE of the treated units.
    """

    method: str
    start: int
    estimate: float
    low: float
    high: float
    p_value: float
    confidence: float
    effects: pd.Series
    placebo_space: pd.Series
    placebo_time: pd.Series
    size: DataSize
    assumptions: tuple[str, ...]
    weights: pd.DataFrame = field(default_factory=pd.DataFrame)
    pre_rmspe: float = float("nan")
    notes: tuple[str, ...] = ()

    def summary(self) -> dict[str, object]:
        """Flat summary for tables."""
        return {
            "method": self.method,
            "start": self.start,
            "estimate": self.estimate,
            "low": self.low,
            "high": self.high,
            "p_value": self.p_value,
            "placebo_mean": float(self.placebo_space.mean()),
            "placebos": len(self.placebo_space),
            "data": self.size.statement(),
        }


def _did(values: pd.DataFrame, treated: Sequence[str], donors: Sequence[str], start: int) -> float:
    diff = values.loc[list(treated)].mean() - values.loc[list(donors)].mean()
    pre = [y for y in values.columns if y < start]
    post = [y for y in values.columns if y >= start]
    return float(diff[post].mean() - diff[pre].mean())


def _did_placebos(
    values: pd.DataFrame, donors: Sequence[str], draws: Sequence[tuple[str, ...]], start: int
) -> pd.Series:
    """DiD with each draw of donors posing as treated and the other donors as controls.

    Uses column sums: the control mean without the draw is :math:`(S - S_d)/(n - k)`.
    """
    years = np.asarray(values.columns)
    pre, post = years < start, years >= start
    d = values.loc[list(donors)].to_numpy(dtype="float64")
    pos = {u: i for i, u in enumerate(donors)}
    total, n = d.sum(axis=0), len(donors)
    out = np.empty(len(draws))
    for j, draw in enumerate(draws):
        rows = d[[pos[u] for u in draw]]
        diff = rows.mean(axis=0) - (total - rows.sum(axis=0)) / (n - len(draw))
        out[j] = diff[post].mean() - diff[pre].mean()
    return pd.Series(out, dtype="float64")


def _sc(
    values: pd.DataFrame, treated: Sequence[str], donors: Sequence[str], start: int, demean: bool
) -> tuple[pd.Series, list[pd.DataFrame], float]:
    pre = [y for y in values.columns if y < start]
    gaps, weights, rmspe = [], [], []
    for unit in treated:
        f = synthetic_fit(values, unit, list(donors), pre, demean=demean)
        gaps.append(f.gap)
        weights.append(pd.DataFrame({"unit": unit, "donor": f.weights.index, "weight": f.weights}))
        rmspe.append(f.pre_rmspe)
    return pd.concat(gaps, axis=1).mean(axis=1), weights, float(np.mean(rmspe))


def _interval(est: float, placebo: np.ndarray, confidence: float) -> tuple[float, float, float]:
    placebo = placebo[np.isfinite(placebo)]
    if len(placebo) == 0:
        return np.nan, np.nan, np.nan
    a = (1 - confidence) / 2
    lo, hi = np.quantile(placebo, [a, 1 - a])
    p = (1 + np.sum(np.abs(placebo) >= abs(est))) / (1 + len(placebo))
    return float(est - hi), float(est - lo), float(p)


def evaluate(
    panel: pd.DataFrame | Panel,
    treated: Sequence[str] = (),
    start: int | None = None,
    *,
    method: str = "did",
    donors: Sequence[str] | None = None,
    exclude: Sequence[str] = (),
    confidence: float = 0.9,
    n_placebo: int = 500,
    demean: bool = False,
    seed: int = 0,
) -> Evaluation:
    """Estimate the programme effect with placebo-based inference.

    Parameters
    ----------
    panel
        A wide/long panel (see :func:`prepare`) or a prepared :class:`Panel`.
    treated, start, donors, exclude
        As in :func:`prepare` (ignored for a prepared panel).
    method
        ``did`` or ``synthetic`` (:data:`METHODS`).
    confidence
        Level of the placebo interval.
    n_placebo
        In-space placebo draws with more than one treated unit; for synthetic control
        also the largest number of donors fitted as single placebos.
    demean
        Synthetic control on de-meaned outcomes.
    seed
        Seed of the placebo draws.

    Returns
    -------
    Evaluation
    """
    if method not in METHODS:
        raise SpecError(f"unknown method {method!r}; known: {', '.join(METHODS)}")
    if not isinstance(panel, Panel):
        if start is None:
            raise SpecError("give the start year")
        panel = prepare(panel, treated, start, donors=donors, exclude=exclude)
    v, tr, dn, st = panel.values, panel.treated, panel.donors, panel.start
    rng = np.random.default_rng(seed)
    k = len(tr)
    notes = []
    if len(panel.pre) < 3:
        notes.append(f"only {len(panel.pre)} pre years: pre-trends can hardly be checked")
    if method == "did":
        est = _did(v, tr, dn, st)
        diff = v.loc[list(tr)].mean() - v.loc[list(dn)].mean()
        effects = diff - diff[panel.pre[-1]]
        if k == 1:
            draws = [(d,) for d in dn]
        else:
            draws = [tuple(rng.choice(dn, size=k, replace=False)) for _ in range(n_placebo)]
        placebo = _did_placebos(v, dn, draws, st)
        if k == 1:
            placebo.index = list(dn)
        weights, pre_rmspe = pd.DataFrame(), float("nan")
    else:
        gap, wlist, pre_rmspe = _sc(v, tr, dn, st, demean)
        effects = gap
        est = float(gap[panel.post].mean())
        # single-donor placebos; a random n_placebo of them when the pool is larger
        pool = list(dn) if len(dn) <= n_placebo else list(rng.choice(dn, n_placebo, False))
        single = pd.Series(
            {
                d: float(_sc(v, [d], [u for u in dn if u != d], st, demean)[0][panel.post].mean())
                for d in pool
            }
        )
        k = min(k, len(single))
        if k == 1:
            placebo = single
        else:
            placebo = pd.Series(
                [
                    float(rng.choice(single.to_numpy(), size=k, replace=False).mean())
                    for _ in range(n_placebo)
                ]
            )
        weights = pd.concat(wlist, ignore_index=True)
    low, high, p = _interval(est, placebo.to_numpy(), confidence)
    ps_ok = placebo.dropna()
    if len(ps_ok) > 2:
        centre, se = float(ps_ok.mean()), float(ps_ok.std(ddof=1) / np.sqrt(len(ps_ok)))
        if abs(centre) > 3 * se:
            notes.append(
                f"in-space placebos are not centred on zero (mean {centre:.4g}): the "
                "estimator is biased for this donor pool; the interval corrects for it, "
                "but read the estimate with care"
            )
    placebo_time = _in_time(v, tr, dn, panel.pre, method, demean)
    return Evaluation(
        method=method,
        start=st,
        estimate=est,
        low=low,
        high=high,
        p_value=p,
        confidence=confidence,
        effects=effects.rename("effect"),
        placebo_space=placebo.rename("placebo"),
        placebo_time=placebo_time,
        size=panel.size,
        assumptions=ASSUMPTIONS[method],
        weights=weights,
        pre_rmspe=pre_rmspe,
        notes=tuple(notes),
    )


def _in_time(
    v: pd.DataFrame,
    tr: Sequence[str],
    dn: Sequence[str],
    pre: list[int],
    method: str,
    demean: bool,
) -> pd.Series:
    """Estimates with the start moved to earlier years, on pre-period data only."""
    out: dict[int, float] = {}
    pre_only = v[pre]
    for fake in pre[2 if method == "synthetic" else 1 :]:
        if method == "did":
            out[fake] = _did(pre_only, tr, dn, fake)
        else:
            gap = _sc(pre_only, tr, dn, fake, demean)[0]
            out[fake] = float(gap[[y for y in pre if y >= fake]].mean())
    return pd.Series(out, dtype="float64", name="placebo_time")
