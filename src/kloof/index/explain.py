"""Explanation: how much each indicator adds to or takes from a region's score.

The score is ``100 + gap``, so a decomposition of the gap is at once a decomposition of
the score relative to the reference. For indicator ``j`` of region ``i``

.. math::

    c_{ij} = \\frac{p}{s}\\cdot\\tfrac12\\Big[\\big(f(z_i) - f(z_i^{j \\leftarrow ref})\\big)
             + \\big(f(z_{ref}^{j \\leftarrow i}) - f(z_{ref})\\big)\\Big]

where ``f`` is the composite (domain aggregation then index aggregation with the
model's weights), ``z_i^{j←ref}`` the region's normalised values with indicator ``j``
replaced by the reference's, ``z_ref^{j←i}`` the reference with ``j`` replaced by the
region's, ``p/s`` the index scale. This symmetric one-at-a-time decomposition is exact
for arithmetic aggregation (then ``c_ij = p/s · W_d w_j (z_ij − z_ref,j)`` and the
contributions sum to the gap); for geometric, harmonic and exponential aggregation the
interaction residual is spread over the indicators in proportion to ``|c_ij|`` so they
still sum exactly to the gap. Missing indicators contribute 0. Domain contributions
(to a domain's gap, in domain points) are computed the same way within each domain.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kloof.index._stats import FloatArray
from kloof.index.engine import compose
from kloof.index.result import IndexResult

__all__ = ["contributions", "explain"]


def _close(raw: FloatArray, gap: FloatArray) -> FloatArray:
    """Spread ``gap - sum(raw)`` over the entries in proportion to ``|raw|``."""
    total = np.nansum(raw, axis=1)
    size = np.nansum(np.abs(raw), axis=1)
    resid = gap - total
    avail = np.isfinite(raw)
    share = np.where(
        size[:, None] > 0,
        np.abs(np.nan_to_num(raw)) / np.where(size > 0, size, 1.0)[:, None],
        avail / np.maximum(avail.sum(axis=1), 1)[:, None],
    )
    out = np.nan_to_num(raw) + np.where(np.isfinite(resid), resid, 0.0)[:, None] * share
    return np.where(avail, out, 0.0)


def _halves(result: IndexResult, z: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Raw symmetric contributions ``(n, k)`` to the composite and ``(n, m, k)`` domains."""
    model = result.model
    layout = model.layout
    n, k = z.shape
    ref = np.asarray(model.reference_z, dtype="float64")
    ok = np.isfinite(z)
    own = np.repeat(z[:, :, None], k, axis=2)
    swap = np.repeat(np.repeat(ref[None, :, None], n, axis=0), k, axis=2)
    eye = np.eye(k, dtype=bool)[None, :, :] & ok[:, :, None]
    a = np.where(eye, ref[None, :, None], own)
    b = np.where(eye, z[:, :, None], swap)
    iw, dw = model.indicator_weights, model.domain_weights
    every = np.ones(n, dtype=bool)
    kw = {"domain_fit": model.domain_fit, "index_fit": model.index_fit}
    d_z, c_z = compose(z, iw, dw, layout, every, **kw)
    d_a, c_a = compose(
        a, np.repeat(iw[:, None], k, 1), np.repeat(dw[:, None], k, 1), layout, every, **kw
    )
    d_b, c_b = compose(
        b, np.repeat(iw[:, None], k, 1), np.repeat(dw[:, None], k, 1), layout, every, **kw
    )
    d_r, c_r = compose(ref[None, :], iw, dw, layout, np.ones(1, dtype=bool), **kw)
    comp = 0.5 * ((c_z - c_a) + (c_b - c_r[0, 0]))
    dom = 0.5 * ((d_z - d_a) + (d_b - d_r[0][None, :, :]))
    comp = np.where(ok, np.nan_to_num(comp), np.nan)
    return comp, np.where(ok[:, None, :], np.nan_to_num(dom), np.nan)


def contributions(result: IndexResult, level: str = "index") -> pd.DataFrame:
    """Regions × indicators contributions to the gap.

    Parameters
    ----------
    result
        An index result.
    level
        ``index``: contributions to the index gap in index points (rows sum to
        ``gap``); ``domain``: contributions to the indicator's own domain gap in domain
        points (they sum to ``gap_<domain>`` within each domain).
    """
    if level not in ("index", "domain"):
        raise ValueError("level must be 'index' or 'domain'")
    model = result.model
    spec = result.spec
    z = result.normalised.to_numpy(dtype="float64")
    comp, dom = _halves(result, z)
    points = spec.points
    if level == "index":
        scaled = points * comp / float(model.index_scale.spread[0])
        out = _close(scaled, result.scores["gap"].to_numpy(dtype="float64"))
    else:
        out = np.zeros_like(comp)
        for d, cols in enumerate(model.layout.members):
            idx = list(cols)
            spread = float(model.domain_scale.spread[d, 0])
            scaled = points * dom[:, d, :][:, idx] / spread
            gap = result.scores[f"gap_{model.layout.domains[d]}"].to_numpy(dtype="float64")
            out[:, idx] = _close(scaled, gap)
    return pd.DataFrame(out, index=result.scores.index, columns=list(spec.indicator_ids))


def explain(result: IndexResult, code: str) -> pd.DataFrame:
    """Why region ``code`` scores what it scores, one row per indicator.

    Columns: ``domain``, ``indicator``, ``direction``, ``raw`` (observed), ``value``
    (the value the index uses: the small-area estimate under ``estimation: shrinkage``,
    else the observed value), ``reliability`` (share of ``value`` from the region's
    own data; ``NaN`` where not estimated), ``filled``
    (after imputation), ``imputed``, ``flag`` (SVI-style), ``normalised`` (oriented,
    higher is better), ``reference_normalised``, ``weight`` (effective weight in the
    index: domain weight × weight within the domain), ``contribution`` (index points;
    the column sums to the region's ``gap``, so score = 100 + sum) and
    ``domain_contribution`` (points of the domain score).

    Raises
    ------
    KeyError
        If ``code`` has no score (see ``result.screened`` for the reason).
    """
    key = str(code).strip()
    if key not in result.scores.index:
        key = key.upper()  # CBS codes in any case; named areas keep their own key
    if key not in result.scores.index:
        why = result.screened.loc[result.screened["code"] == key, "reason"]
        reason = f": screened out ({why.iloc[0]})" if len(why) else ""
        raise KeyError(f"{key} has no score in this result{reason}")
    pos = result.scores.index.get_loc(key)
    model = result.model
    spec = result.spec
    ids = list(spec.indicator_ids)
    one = result.normalised.iloc[[pos]].to_numpy(dtype="float64")
    comp, dom = _halves(result, one)
    gap = result.scores["gap"].to_numpy(dtype="float64")[[pos]]
    total = _close(spec.points * comp / float(model.index_scale.spread[0]), gap)[0]
    dcon = np.zeros(len(ids))
    for d, cols in enumerate(model.layout.members):
        idx = list(cols)
        dgap = result.scores[f"gap_{model.layout.domains[d]}"].to_numpy(dtype="float64")[[pos]]
        scaled = spec.points * dom[:, d, :][:, idx] / float(model.domain_scale.spread[d, 0])
        dcon[idx] = _close(scaled, dgap)[0]
    dom_of = {i: spec.domain_of(i) for i in ids}
    raw = result.raw if result.raw is not None else result.values
    rel = (
        result.reliability
        if result.reliability is not None
        else pd.DataFrame(np.nan, index=result.values.index, columns=ids)
    )
    dw = dict(zip(model.layout.domains, model.domain_weights, strict=True))
    return pd.DataFrame(
        {
            "domain": [dom_of[i] for i in ids],
            "indicator": ids,
            "direction": [model.directions[i] for i in ids],
            "raw": raw.loc[key, ids].to_numpy(dtype="float64"),
            "value": result.values.loc[key, ids].to_numpy(dtype="float64"),
            "reliability": rel.loc[key, ids].to_numpy(dtype="float64"),
            "filled": result.filled.loc[key, ids].to_numpy(dtype="float64"),
            "imputed": result.imputed.loc[key, ids].to_numpy(dtype=bool),
            "flag": result.flags.loc[key, ids].to_numpy(dtype=bool),
            "normalised": one[0],
            "reference_normalised": np.asarray(model.reference_z, dtype="float64"),
            "weight": [model.indicator_weights[j] * dw[dom_of[i]] for j, i in enumerate(ids)],
            "contribution": total,
            "domain_contribution": dcon,
        }
    )
