"""esda's conditional-permutation kernels, compiled once and cached on disk (private).

esda (2.x) compiles its numba kernels without ``cache=True``, and its chunk kernel
takes the local statistic as a first-class function argument, which numba cannot
cache. Every new process therefore spends ~18 s compiling before 0.1 s of
permutations: most of the time of ``kloof spatial hotspots``.

:func:`install` puts cached copies into :mod:`esda.crand`: ``vec_permutations`` (the
same Python source, re-compiled with ``cache=True``) and ``compute_chunk``, which is
dispatched to a copy specialised per statistic (local Moran, Gi, Gi*), a line-for-line
copy of esda's loop with the statistic bound at compile time. The random draws and
arithmetic are esda's own, so the results are identical (``tests/spatial``); an
unknown statistic falls back to esda's kernel. numba keeps the compiled code in its
cache directory (``__pycache__`` next to the source, else the user cache directory;
``NUMBA_CACHE_DIR`` overrides). Installing is idempotent and done lazily on the first
hot-spot analysis, never at import.
"""

from __future__ import annotations

import inspect
import threading
from typing import Any

import numpy as np
from esda.getisord import _g_local_crand, _g_local_star_crand
from esda.moran import _moran_local_crand
from esda.significance import _permutation_significance
from numba import njit

__all__ = ["install"]

_LOCK = threading.Lock()
_INSTALLED: list[bool] = []


#: esda's ``compute_chunk`` parameters (esda 2.9) that the wrapper below forwards
_SIGNATURE = (
    "chunk_start", "z_chunk", "z", "observed", "cardinalities", "self_weights",
    "other_weights", "permuted_ids", "scaling", "keep", "stat_func", "island_weight",
    "alternative",
)  # fmt: skip

#: statistics with a specialised kernel: esda function → branch number
_STATS = {_moran_local_crand: 0, _g_local_crand: 1, _g_local_star_crand: 2}


@njit(fastmath=True, cache=True)  # type: ignore[misc]
def _chunk(
    chunk_start: int,
    z_chunk: np.ndarray,
    z: np.ndarray,
    observed: np.ndarray,
    cardinalities: np.ndarray,
    self_weights: np.ndarray,
    other_weights: np.ndarray,
    permuted_ids: np.ndarray,
    scaling: float,
    keep: bool,
    which: int,
    island_weight: float,
    alternative: str,
) -> tuple[np.ndarray, np.ndarray]:
    chunk_n = z_chunk.shape[0]
    p_sims = np.zeros((chunk_n,), dtype=np.float32)
    rlocals = np.empty((chunk_n, permuted_ids.shape[0])) if keep else np.empty((1, 1))
    wloc = 0
    for i in range(chunk_n):
        cardinality = cardinalities[i]
        if cardinality == 0:  # islands
            weights_i = np.zeros(2, dtype=other_weights.dtype)
            weights_i[1] = island_weight
        else:  # the self-weight first, then the next `cardinality` weights
            weights_i = np.zeros(cardinality + 1, dtype=other_weights.dtype)
            weights_i[0] = self_weights[i]
            weights_i[1:] = other_weights[wloc : (wloc + cardinality)]
        wloc += cardinality
        if which == 0:
            rstats = _moran_local_crand(chunk_start + i, z, permuted_ids, weights_i, scaling)
        elif which == 1:
            rstats = _g_local_crand(chunk_start + i, z, permuted_ids, weights_i, scaling)
        else:
            rstats = _g_local_star_crand(chunk_start + i, z, permuted_ids, weights_i, scaling)
        p_sims[i] = _permutation_significance(observed[i], rstats, alternative=alternative).item()
        if keep:
            rlocals[i] = rstats
    return p_sims, rlocals


def install() -> None:
    """Put the cached kernels into :mod:`esda.crand` (idempotent, thread-safe)."""
    if _INSTALLED:
        return
    with _LOCK:
        if _INSTALLED:
            return
        import esda.crand as crand

        original = crand.compute_chunk
        py_func = getattr(original, "py_func", None)
        if py_func is None or tuple(inspect.signature(py_func).parameters) != _SIGNATURE:
            _INSTALLED.append(False)  # another esda: leave its kernels alone
            return
        draws = crand.vec_permutations
        cached_draws = njit(cache=True, **_options(draws))(draws.py_func)

        def compute_chunk(
            chunk_start: int,
            z_chunk: np.ndarray,
            z: np.ndarray,
            observed: np.ndarray,
            cardinalities: np.ndarray,
            self_weights: np.ndarray,
            other_weights: np.ndarray,
            permuted_ids: np.ndarray,
            scaling: float,
            keep: bool,
            stat_func: Any,
            island_weight: float,
            alternative: str,
        ) -> Any:
            which = _STATS.get(stat_func)
            if which is None:
                return original(
                    chunk_start, z_chunk, z, observed, cardinalities, self_weights,
                    other_weights, permuted_ids, scaling, keep, stat_func, island_weight,
                    alternative=alternative,
                )  # fmt: skip
            return _chunk(
                chunk_start, z_chunk, z, observed, cardinalities, self_weights, other_weights,
                permuted_ids, scaling, keep, which, float(island_weight), alternative,
            )  # fmt: skip

        crand.vec_permutations = cached_draws
        crand.compute_chunk = compute_chunk
        _INSTALLED.append(True)


def _options(dispatcher: Any) -> dict[str, Any]:
    opts = dict(dispatcher.targetoptions)
    opts.pop("nopython", None)
    return opts
