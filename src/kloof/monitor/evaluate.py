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
:math:`\\hat\\tau_j` form the null distribution. With few donors the placebos need not
be centred on zero (the estimator is biased for that pool); estimate, interval and p-value
are therefore all taken from the *same* bias-corrected procedure, centred on the placebo
median :math:`m`: the reported estimate is :math:`\\tilde\\tau = \\hat\\tau - m`
(the uncorrected :math:`\\hat\\tau` is kept as ``raw_estimate``), the interval
:math:`[\\hat\\tau - q_{1-\\alpha/2}, \\hat\\tau - q_{\\alpha/2}]` (which always
contains :math:`\\tilde\\tau`, since :math:`q_{\\alpha/2} \\le m \\le q_{1-\\alpha/2}`)
and the p-value :math:`(1 + \\#\\{|\\hat\\tau_j - m| \\ge |\\tilde\\tau|\\}) / (1 + J)`.

**Verdict** (:meth:`Evaluation.verdict`, in Dutch and English): *insufficient* with fewer
than :data:`MIN_POST_YEARS` post years (a programme of 15-20 years cannot show an effect
in two); *no evidence* when in-space placebos are as large as the effect
(:math:`p > 1 - \\text{confidence}`), an in-time placebo (a fake start in the
pre-period) is as large as the effect, or the synthetic control's pre-period RMSPE is;
otherwise *effect*. *In-time placebos* move
the start to each earlier year with pre years on both sides, using pre-period data only;
they should be near zero.

References: Conley, T., Taber, C. (2011), REStat 93:113-125; Abadie, A., Diamond, A.,
Hainmueller, J. (2010), JASA 105:493-505; Roth, J. et al. (2023), *What's trending in
difference-in-differences?*, J. Econometrics 235.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from kloof.errors import SpecError
from kloof.monitor.panel import DataSize, Panel, prepare
from kloof.monitor.synthetic import synthetic_fit

__all__ = [
    "ASSUMPTIONS",
    "METHODS",
    "MIN_POST_YEARS",
    "VERDICTS",
    "DataSize",
    "Evaluation",
    "Panel",
    "evaluate",
    "prepare",
]

#: Fewer post years than this: the evidence is insufficient whatever the estimate.
MIN_POST_YEARS = 3
#: Verdict codes.
VERDICTS = ("effect", "no evidence", "insufficient")

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
    raw_estimate, bias
        The estimator before centring, and the placebo median subtracted from it
        (``estimate = raw_estimate - bias``).
    params, seed, provenance
        What recomputes the result: the arguments that determine it (``method``,
        ``treated``, ``donors``, ``start``, ``confidence``, ``n_placebo``, ``demean``;
        ``evaluate(panel, **params, seed=seed)`` gives the same numbers), the seed of
        the placebo draws and where the data came from (as given to :func:`evaluate`).
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
    raw_estimate: float = float("nan")
    bias: float = 0.0
    params: Mapping[str, Any] = field(default_factory=dict)
    seed: int | None = None
    provenance: Mapping[str, str] = field(default_factory=dict)

    def verdict(self) -> str:
        """``effect``, ``no evidence`` or ``insufficient`` (see the module text)."""
        post = len(self.size.post_years)
        if post < MIN_POST_YEARS or not np.isfinite(self.p_value):
            return "insufficient"
        if self.p_value > 1 - self.confidence:
            return "no evidence"
        in_time = self.placebo_time.abs().dropna()
        if len(in_time) and float(in_time.max()) >= abs(self.estimate):
            return "no evidence"
        if np.isfinite(self.pre_rmspe) and self.pre_rmspe >= abs(self.estimate):
            return "no evidence"
        return "effect"

    def verdict_text(self, language: str = "nl") -> str:
        """One line saying what the estimate shows, in Dutch (``nl``) or English."""
        post = len(self.size.post_years)
        code = self.verdict()
        est = f"{self.estimate:.3g}"
        band = f"{self.low:.3g} .. {self.high:.3g}"
        p = f"{self.p_value:.2f}"
        nl = language != "en"
        if code == "insufficient":
            return (
                f"Onvoldoende bewijs: {post} jaar na de start (minstens {MIN_POST_YEARS} "
                "nodig); een programma van 15-20 jaar kan zo vroeg geen effect laten zien."
                if nl
                else f"Insufficient evidence: {post} year(s) after the start (at least "
                f"{MIN_POST_YEARS} needed); a 15-20 year programme cannot show an effect "
                "this early."
            )
        if code == "no evidence":
            in_time = self.placebo_time.abs().dropna()
            if self.p_value > 1 - self.confidence:
                why_nl = f"placebo's zijn even groot als het effect (p = {p})"
                why_en = f"placebos are as large as the effect (p = {p})"
            elif len(in_time) and float(in_time.max()) >= abs(self.estimate):
                why_nl = "een schijnstart vóór het programma geeft een even groot 'effect'"
                why_en = "a fake start before the programme gives an 'effect' as large"
            else:
                rmspe = f"{self.pre_rmspe:.3g}"
                why_nl = f"de synthetische controle wijkt vóór de start al even ver af ({rmspe})"
                why_en = f"the synthetic control misses the pre-period by as much ({rmspe})"
            return (
                f"Geen bewijs voor een effect: {why_nl}; schatting {est} ({band})."
                if nl
                else f"No evidence of an effect: {why_en}; estimate {est} ({band})."
            )
        return (
            f"Aanwijzing voor een effect van {est} ({band}, p = {p}), onder de aannames hieronder."
            if nl
            else f"Evidence of an effect of {est} ({band}, p = {p}), under the assumptions below."
        )

    def summary(self) -> dict[str, object]:
        """Flat summary for tables."""
        return {
            "method": self.method,
            "start": self.start,
            "estimate": self.estimate,
            "low": self.low,
            "high": self.high,
            "p_value": self.p_value,
            "verdict": self.verdict(),
            "raw_estimate": self.raw_estimate,
            "placebo_median": self.bias,
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


def _interval(
    est: float, placebo: np.ndarray, confidence: float
) -> tuple[float, float, float, float, float]:
    """Bias-corrected estimate, interval and p-value from one placebo distribution.

    Returns ``(estimate, low, high, p, median)``; ``low <= estimate <= high`` always.
    """
    placebo = placebo[np.isfinite(placebo)]
    if len(placebo) == 0 or not np.isfinite(est):
        return est, np.nan, np.nan, np.nan, np.nan
    a = (1 - confidence) / 2
    lo, mid, hi = np.quantile(placebo, [a, 0.5, 1 - a])
    centred = est - mid
    p = (1 + np.sum(np.abs(placebo - mid) >= abs(centred))) / (1 + len(placebo))
    low, high = est - hi, est - lo
    # exact in real numbers; guard against rounding in the last bit
    centred = min(max(centred, low), high)
    return float(centred), float(low), float(high), float(p), float(mid)


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
    provenance: Mapping[str, str] | None = None,
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
    provenance
        Where the data came from (store, years, source), kept on the result.

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
    raw = est
    est, low, high, p, bias = _interval(raw, placebo.to_numpy(), confidence)
    ps_ok = placebo.dropna()
    if len(ps_ok) > 2:
        centre, se = float(ps_ok.mean()), float(ps_ok.std(ddof=1) / np.sqrt(len(ps_ok)))
        if abs(centre) > 3 * se:
            notes.append(
                f"in-space placebos are not centred on zero (mean {centre:.4g}): the "
                "estimator is biased for this donor pool; estimate, interval and p-value "
                f"are corrected by the placebo median ({bias:.4g}; uncorrected {raw:.4g})"
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
        raw_estimate=raw,
        bias=0.0 if not np.isfinite(bias) else bias,
        params={
            "method": method,
            "treated": tuple(tr),
            "donors": tuple(dn),
            "start": st,
            "confidence": confidence,
            "n_placebo": n_placebo,
            "demean": demean,
        },
        seed=seed,
        provenance=dict(provenance or {}),
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
