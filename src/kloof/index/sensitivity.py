"""Which choice matters? Sobol sensitivity indices of an index's method choices.

Each method choice is a factor of a variance-based (Sobol) sensitivity analysis:

================  ===============================================================
``normalisation`` one of the normalisation options (discrete, uniform)
``treatment``     treatment on/off (discrete)
``imputation``    one of the imputation options (discrete)
``left_out``      no indicator left out, or one of the ``k`` (discrete, ``k + 1``)
``w_<domain>``    a multiplier ``U(1 − δ, 1 + δ)`` on the domain's nominal weight
================  ===============================================================

The Saltelli/Sobol' sample of SALib is mapped onto these choices (a discrete factor
with ``q`` options takes option ``floor(u · q)``), every run is evaluated with the same
vectorised engine as :func:`~kloof.index.uncertainty.uncertainty`, and SALib estimates
first-order (``S1``: the share of output variance explained by the factor alone) and
total (``ST``: including its interactions) effects with bootstrap confidence
intervals. Outputs: the mean absolute rank shift against the nominal ranking
(COINr's summary of a ranking's sensitivity) and the share of the nominal most
vulnerable decile that leaves it, plus the index score of any regions asked for.

References
----------
Saltelli A. et al. (2010), Variance based sensitivity analysis of model output,
Computer Physics Communications 181(2), 259-270. Herman J. & Usher W. (2017), SALib,
JOSS 2(9). Becker W. et al. (2022), COINr ``get_sensitivity()``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from kloof.catalogue import Catalogue
from kloof.index._parallel import evaluate
from kloof.index.draws import Design
from kloof.index.prepare import ReferenceArg
from kloof.index.spec import IndexSpec
from kloof.index.uncertainty import Choices, Plan, plan

__all__ = ["SobolResult", "sobol"]


@dataclass(frozen=True, eq=False)
class SobolResult:
    """Sobol indices per output and factor.

    Attributes
    ----------
    table
        ``output``, ``factor``, ``S1``, ``S1_conf``, ``ST``, ``ST_conf``.
    factors
        The factors varied.
    runs
        Model evaluations (``n · (factors + 2)``).
    n, seed
        Base sample size; seed of the sample and the bootstrap.
    spec, params, provenance
        What recomputes it: the effective spec (as :attr:`IndexResult.spec`), the
        arguments of :func:`sobol` that determine the result (``n``, ``choices``,
        ``codes``; ``sobol(frame, spec, **params, seed=seed)`` gives the same table)
        and where the data came from (as given to :func:`sobol`).
    """

    table: pd.DataFrame
    factors: tuple[str, ...]
    runs: int
    n: int
    seed: int | None
    spec: IndexSpec | None = None
    params: Mapping[str, Any] = field(default_factory=dict)
    provenance: Mapping[str, str] = field(default_factory=dict)

    def pivot(self, value: str = "ST") -> pd.DataFrame:
        """Factors × outputs table of one index (``S1`` or ``ST``)."""
        return self.table.pivot(index="factor", columns="output", values=value)


def _factors(p: Plan) -> list[tuple[str, int]]:
    """(name, options) of the factors; 0 options = continuous weight multiplier."""
    norms, treats, imps = p.options
    out = [("normalisation", len(norms)), ("treatment", len(treats)), ("imputation", len(imps))]
    out = [f for f in out if f[1] > 1]
    out.append(("left_out", len(p.layout.indicators) + 1))
    out += [(f"w_{d}", 0) for d in p.layout.domains]
    return out


def _design(p: Plan, x: np.ndarray, factors: list[tuple[str, int]]) -> Design:
    runs = x.shape[0]
    norms, treats, imps = p.options
    pick = {
        "normalisation": np.zeros(runs, int),
        "treatment": np.zeros(runs, int),
        "imputation": np.zeros(runs, int),
    }
    left = np.full(runs, -1)
    dw = np.repeat(p.domain_weights[:, None], runs, axis=1)
    for col, (name, q) in enumerate(factors):
        u = x[:, col]
        if q > 0:
            choice = np.minimum((u * q).astype(int), q - 1)
            if name == "left_out":
                left = choice - 1
            else:
                pick[name] = choice
        else:
            d = p.layout.domains.index(name[2:])
            dw[d] = dw[d] * u
    index = {v: i for i, v in enumerate(p.variants)}
    variant = np.array(
        [
            index[(norms[a], treats[b], imps[c])]
            for a, b, c in zip(
                pick["normalisation"], pick["treatment"], pick["imputation"], strict=True
            )
        ]
    )
    iw = np.repeat(p.indicator_weights[:, None], runs, axis=1)
    hit = np.flatnonzero(left >= 0)
    iw[left[hit], hit] = 0.0
    return Design(variant, left, iw, dw / dw.sum(axis=0))


def sobol(
    frame: pd.DataFrame,
    spec: IndexSpec | str = "kloof",
    *,
    n: int = 256,
    choices: Choices | None = None,
    codes: Sequence[str] = (),
    seed: int | None = None,
    catalogue: Catalogue | None = None,
    reference: ReferenceArg = None,
    parents: Mapping[str, pd.DataFrame] | None = None,
    client: Any = None,
    chunk: int = 50,
    provenance: Mapping[str, str] | None = None,
) -> SobolResult:
    """Sobol first-order and total effects of the method choices (see module docstring).

    Parameters
    ----------
    n
        Base sample size (a power of two); ``n · (factors + 2)`` runs are evaluated.
    choices
        Options of the discrete choices and ``perturbation`` δ of the weight factors.
    codes
        Regions whose index score is an extra output.
    seed
        Seed of the Sobol' sequence scrambling and of the bootstrap.
    client
        Dask client or scheduler address (see :func:`~kloof.index.uncertainty.uncertainty`).
    provenance
        Where ``frame`` came from (store, level, year), kept on the result.
    """
    from SALib.analyze import sobol as sobol_analyze
    from SALib.sample import sobol as sobol_sample

    choices = choices or Choices()
    p = plan(frame, spec, choices, catalogue=catalogue, reference=reference, parents=parents)
    factors = _factors(p)
    d = choices.perturbation
    problem = {
        "num_vars": len(factors),
        "names": [f for f, _ in factors],
        "bounds": [[0.0, 1.0] if q > 0 else [1.0 - d, 1.0 + d] for _, q in factors],
    }
    x = sobol_sample.sample(problem, n, calc_second_order=False, seed=seed)
    design = _design(p, x, factors)
    scores, ranks = evaluate(p, design, chunk=chunk, client=client)
    nominal_design = _design(p, np.array([[0.0 if q > 0 else 1.0 for _, q in factors]]), factors)
    _, nominal = evaluate(p, nominal_design)
    shift = np.abs(ranks - nominal).mean(axis=0)
    size = scores.shape[0] / 10.0
    bottom = nominal[:, 0] <= size
    turnover = 1.0 - (ranks[bottom] <= size).mean(axis=0) if bottom.any() else np.zeros(len(x))
    outputs: dict[str, np.ndarray] = {"mean_rank_shift": shift, "bottom_decile_turnover": turnover}
    where = {c: i for i, c in enumerate(p.nominal.scores.index)}
    for code in codes:
        key = str(code).strip().upper()
        if key not in where:
            raise KeyError(f"{key} has no score in this index")
        outputs[f"index_{key}"] = scores[where[key]].astype("float64")
    rows = []
    for name, y in outputs.items():
        y = np.asarray(y, dtype="float64")
        if np.ptp(y) == 0:
            res = {k: np.zeros(len(factors)) for k in ("S1", "S1_conf", "ST", "ST_conf")}
        else:
            res = sobol_analyze.analyze(
                problem, y, calc_second_order=False, seed=seed, print_to_console=False
            )
        for j, (factor, _) in enumerate(factors):
            rows.append(
                {
                    "output": name,
                    "factor": factor,
                    "S1": float(res["S1"][j]),
                    "S1_conf": float(res["S1_conf"][j]),
                    "ST": float(res["ST"][j]),
                    "ST_conf": float(res["ST_conf"][j]),
                }
            )
    return SobolResult(
        table=pd.DataFrame(rows),
        factors=tuple(f for f, _ in factors),
        runs=len(x),
        n=n,
        seed=seed,
        spec=p.nominal.spec,
        params={"n": n, "choices": choices, "codes": tuple(codes)},
        provenance=dict(provenance or {}),
    )
