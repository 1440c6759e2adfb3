"""Monte Carlo designs: the method choices of every replication.

A :class:`Design` holds, per replication, the variant (normalisation × treatment ×
imputation) of the :class:`~kloof.index.uncertainty.Plan`, the indicator left out (-1 =
none) and the indicator and domain weights. :func:`draw` draws a random design for the
Monte Carlo analysis; :mod:`kloof.index.sensitivity` builds one from a Sobol' sample.
:func:`spec_for_run` turns one replication back into a plain
:class:`~kloof.index.spec.IndexSpec`, so any replication can be rebuilt and checked
with :func:`~kloof.index.build` (the benchmark's per-replication loop does exactly that).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from kloof.index._stats import FloatArray
from kloof.index.engine import Layout
from kloof.index.spec import IndexSpec, StepSpec

if TYPE_CHECKING:
    from kloof.index.uncertainty import Choices, Plan

__all__ = ["Design", "draw", "spec_for_run"]


@dataclass(frozen=True, eq=False)
class Design:
    """The choices of ``R`` replications: variant, left-out indicator (-1 none), weights."""

    variant: np.ndarray
    left_out: np.ndarray
    indicator_weights: FloatArray
    domain_weights: FloatArray

    def to_frame(self, plan: Plan) -> pd.DataFrame:
        """One row per replication with readable choices."""
        ids = plan.layout.indicators
        rows = [plan.variants[v] for v in self.variant]
        out = pd.DataFrame(rows, columns=["normalisation", "treatment", "imputation"])
        out["left_out"] = [ids[j] if j >= 0 else "" for j in self.left_out]
        for d, dom in enumerate(plan.layout.domains):
            out[f"w_{dom}"] = self.domain_weights[d]
        return out


def _dirichlet(w: FloatArray, c: float, runs: int, rng: np.random.Generator) -> FloatArray:
    out = np.zeros((w.size, runs))
    pos = w > 0
    if pos.sum() <= 1:
        out[pos] = 1.0
        return out
    alpha = c * pos.sum() * w[pos] / w[pos].sum()
    out[pos] = rng.dirichlet(alpha, size=runs).T
    return out


def _normalise_within(iw: FloatArray, layout: Layout) -> FloatArray:
    out = iw.copy()
    for cols in layout.members:
        idx = list(cols)
        total = out[idx].sum(axis=0)
        out[idx] = np.where(total > 0, out[idx] / np.where(total > 0, total, 1.0), 0.0)
    return out


def draw(p: Plan, runs: int, choices: Choices, rng: np.random.Generator) -> Design:
    """Draw the choices of ``runs`` replications (see :mod:`kloof.index.uncertainty`)."""
    k, m = len(p.layout.indicators), len(p.layout.domains)
    iw0, dw0 = p.indicator_weights, p.domain_weights
    if choices.weights == "dirichlet":
        iw = np.zeros((k, runs))
        for members in p.layout.members:
            iw[list(members)] = _dirichlet(iw0[list(members)], choices.concentration, runs, rng)
        dw = _dirichlet(dw0, choices.concentration, runs, rng)
    elif choices.weights == "perturb":
        d = choices.perturbation
        iw = _normalise_within(iw0[:, None] * rng.uniform(1 - d, 1 + d, (k, runs)), p.layout)
        dw = dw0[:, None] * rng.uniform(1 - d, 1 + d, (m, runs))
        dw = dw / dw.sum(axis=0)
    elif choices.weights == "fixed":
        iw, dw = np.repeat(iw0[:, None], runs, 1), np.repeat(dw0[:, None], runs, 1)
    else:
        raise ValueError(f"weights: unknown {choices.weights!r} (dirichlet, perturb, fixed)")
    variant = rng.integers(0, len(p.variants), runs)
    left = np.where(rng.random(runs) < choices.leave_one_out, rng.integers(0, k, runs), -1)
    if (left >= 0).any():
        cols = np.flatnonzero(left >= 0)
        iw[left[cols], cols] = 0.0
        iw = _normalise_within(iw, p.layout)
    return Design(variant, left, iw, dw)


def spec_for_run(p: Plan, design: Design, run: int) -> IndexSpec:
    """The plain spec of one replication: :func:`~kloof.index.build` with it reproduces
    the replication's scores (explicit weights; a left-out indicator gets weight 0, a
    domain whose only indicator is left out gets domain weight 0)."""
    base = p.nominal.spec
    norm, treat, imp = p.variants[int(design.variant[run])]
    iw, dw = design.indicator_weights[:, run], design.domain_weights[:, run].copy()
    ind_w: dict[str, float] = {}
    for d, members in enumerate(p.layout.members):
        sub = iw[list(members)]
        if sub.sum() <= 0:
            dw[d], sub = 0.0, np.ones(len(members))
        ind_w.update({p.layout.indicators[c]: float(w) for c, w in zip(members, sub, strict=True)})
    own_n = base.normalisation
    return base.model_copy(
        update={
            "normalisation": own_n if norm == own_n.method else StepSpec(method=norm),
            "treatment": base.treatment
            if treat == base.treatment.method
            else StepSpec(method=treat),
            "imputation": StepSpec(method=imp),
            "domain_level": base.domain_level.model_copy(
                update={"weighting": "explicit", "weights": ind_w}
            ),
            "index_level": base.index_level.model_copy(
                update={
                    "weighting": "explicit",
                    "weights": {d: float(w) for d, w in zip(p.layout.domains, dw, strict=True)},
                }
            ),
        }
    )
