"""Weights of indicators within a domain and of domains within the index.

A weighting is a pure function giving *base* weights for the members of one level;
:func:`resolve` then applies the spec's per-member overrides and scales the result to
sum to one. Only relative weights matter: weights ``(1, 2, 1)`` and ``(0.25, 0.5, 0.25)``
give the same index.

=============  ================================================================
``equal``      every member the same weight
``explicit``   every member needs a weight in the spec (no base weights)
``pca``        squared loadings of the first principal component of the members'
               normalised values (correlation matrix, complete regions), the
               JRC handbook's factor-analysis weighting in its simplest form
``imd``        English IMD 2019 domain weights, scaled to the domains available
=============  ================================================================

References
----------
Ministry of Housing, Communities & Local Government (2019), *The English Indices of
Deprivation 2019, Technical report*, section 3.8 (domain weights 22.5/22.5/13.5/13.5/
9.3/9.3/9.3). Nicoletti G. et al. (2000), OECD Working Paper 226 (factor-analysis weights).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np

from kloof.errors import SpecError
from kloof.index._stats import FloatArray

__all__ = ["IMD_ALIASES", "IMD_WEIGHTS", "WEIGHTINGS", "imd_key", "resolve"]

#: English IMD 2019 domain weights (percent).
IMD_WEIGHTS: dict[str, float] = {
    "income": 22.5,
    "employment": 22.5,
    "education": 13.5,
    "health": 13.5,
    "crime": 9.3,
    "barriers": 9.3,
    "living_environment": 9.3,
}

#: kloof domain id → IMD domain. Housing and facilities are the two sub-domains of
#: IMD's "barriers to housing and services" ("wider" and "geographical" barriers) and
#: share its weight equally, as in the IMD.
IMD_ALIASES: dict[str, str] = {
    "income": "income",
    "work": "employment",
    "employment": "employment",
    "education": "education",
    "care": "health",
    "health": "health",
    "safety": "crime",
    "crime": "crime",
    "housing": "barriers",
    "facilities": "barriers",
    "barriers": "barriers",
    "environment": "living_environment",
    "living_environment": "living_environment",
}


def imd_key(member: str, key: str | None = None) -> str | None:
    """The IMD domain of a kloof domain (explicit ``key`` first, then the alias table)."""
    if key is not None:
        return key if key in IMD_WEIGHTS else None
    return IMD_ALIASES.get(member)


Weighting = Callable[[Sequence[str], FloatArray | None, Sequence[str | None]], FloatArray]


def weights_equal(
    members: Sequence[str], data: FloatArray | None, keys: Sequence[str | None]
) -> FloatArray:
    """Every member weight 1."""
    return np.ones(len(members))


def weights_explicit(
    members: Sequence[str], data: FloatArray | None, keys: Sequence[str | None]
) -> FloatArray:
    """No base weights: every member must get a weight from the spec."""
    return np.full(len(members), np.nan)


def weights_pca(
    members: Sequence[str], data: FloatArray | None, keys: Sequence[str | None]
) -> FloatArray:
    r"""Squared loadings of the first principal component.

    With :math:`R` the correlation matrix of the members over regions with complete
    data and :math:`v_1` its leading unit eigenvector, :math:`w_j = v_{1j}^2`
    (so :math:`\sum_j w_j = 1`). Falls back to equal weights with fewer than two
    members or fewer complete regions than members + 2.
    """
    k = len(members)
    if data is None or k < 2:
        return np.ones(k)
    x = np.asarray(data, dtype="float64")
    x = x[np.isfinite(x).all(axis=1)]
    if x.shape[0] < k + 2:
        return np.ones(k)
    sd = x.std(axis=0)
    if (sd == 0).any():
        return np.ones(k)
    corr = np.corrcoef(x, rowvar=False)
    values, vectors = np.linalg.eigh(corr)
    lead = vectors[:, int(np.argmax(values))]
    return np.asarray(lead**2, dtype="float64")


def weights_imd(
    members: Sequence[str], data: FloatArray | None, keys: Sequence[str | None]
) -> FloatArray:
    """IMD 2019 weights; kloof domains sharing an IMD domain split its weight."""
    mapped = [imd_key(m, k) for m, k in zip(members, keys, strict=True)]
    counts = {key: mapped.count(key) for key in set(mapped) if key is not None}
    return np.array([IMD_WEIGHTS[key] / counts[key] if key is not None else 0.0 for key in mapped])


#: Weightings by the name used in specs.
WEIGHTINGS: dict[str, Weighting] = {
    "equal": weights_equal,
    "explicit": weights_explicit,
    "pca": weights_pca,
    "imd": weights_imd,
}


def resolve(
    method: str,
    members: Sequence[str],
    overrides: Mapping[str, float | None],
    *,
    data: FloatArray | None = None,
    keys: Sequence[str | None] | None = None,
    field: str = "weights",
) -> FloatArray:
    """Final weights of one group of members, summing to one.

    Parameters
    ----------
    method
        Key of :data:`WEIGHTINGS`.
    members
        Member ids (indicators of a domain, or domains).
    overrides
        Weights from the spec that replace the base weight of a member (``None`` = no
        override).
    data
        Regions × members normalised values (for ``pca``).
    keys
        IMD domain keys of the members (for ``imd``).
    field
        Spec field named in errors.

    Raises
    ------
    SpecError
        If a member has no weight under ``explicit`` or all weights are zero.
    """
    keys = list(keys) if keys is not None else [None] * len(members)
    base = WEIGHTINGS[method](members, data, keys)
    out = np.array(base, dtype="float64")
    for j, member in enumerate(members):
        value = overrides.get(member)
        if value is not None:
            out[j] = float(value)
    missing = [m for m, w in zip(members, out, strict=True) if not np.isfinite(w)]
    if missing:
        raise SpecError(f"{field}: weighting 'explicit' needs a weight for {missing}")
    total = out.sum()
    if total <= 0:
        raise SpecError(f"{field}: the weights of {list(members)} are all zero")
    return np.asarray(out / total, dtype="float64")
