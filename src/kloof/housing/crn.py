"""Common random numbers: uniforms keyed by (seed, purpose, year, entity).

Comparing two housing policies by simulation is only sharp when both runs see the same
luck: the same dwellings fall vacant, the same applicants arrive with the same traits,
the same offer is refused. Drawing from one sequential generator breaks this as soon as
the runs diverge (a different number of draws shifts every later number). kloof
therefore uses *counter-based* random numbers: every uniform is a hash of the seed, a
purpose (turnover, refusal, lottery, ...), the year and the entity's key (a dwelling
index or a household id). A run that does not touch an entity cannot change the number
that entity sees, so a no-op policy change gives bit-identical outcomes and real policy
differences are measured with paired, low-variance differences (Law 2015, §11.2).

The hash is the *splitmix64* finaliser (Steele, Lea & Flood 2014), which passes
BigCrush as a generator; counter-based generation in the same spirit is Philox/Threefry
(Salmon et al. 2011).

References
----------
Law, A. M. (2015). *Simulation Modeling and Analysis*, 5th ed., ch. 11.
Salmon, J. K. et al. (2011). Parallel random numbers: as easy as 1, 2, 3. SC '11.
Steele, G. L., Lea, D. and Flood, C. H. (2014). Fast splittable pseudorandom number
generators. OOPSLA '14.

Examples
--------
>>> s = Streams(7)
>>> u = s.uniform("turnover", 2025, np.arange(3))
>>> bool(((u > 0) & (u < 1)).all()), bool((u == s.uniform("turnover", 2025, np.arange(3))).all())
(True, True)
"""

from __future__ import annotations

import zlib

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["Streams"]

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)


_S30, _S27, _S31, _S11 = np.uint64(30), np.uint64(27), np.uint64(31), np.uint64(11)
#: Values hashed per pass: two uint64 work arrays of this length stay in the CPU cache,
#: so the ~20 element-wise passes of a uniform read and write cache, not main memory
#: (about twice as fast on a million keys; the values are the same).
_CHUNK = 32_768


def _mix(x: NDArray[np.uint64]) -> NDArray[np.uint64]:
    """The splitmix64 finaliser, element-wise (uint64 arithmetic wraps modulo 2**64)."""
    x = (x ^ (x >> _S30)) * _M1
    x = (x ^ (x >> _S27)) * _M2
    return x ^ (x >> _S31)


def _mix_into(x: NDArray[np.uint64], tmp: NDArray[np.uint64]) -> None:
    """:func:`_mix` in place (``tmp``: scratch of the same length)."""
    np.right_shift(x, _S30, out=tmp)
    x ^= tmp
    x *= _M1
    np.right_shift(x, _S27, out=tmp)
    x ^= tmp
    x *= _M2
    np.right_shift(x, _S31, out=tmp)
    x ^= tmp


class Streams:
    """Counter-based random streams of one simulation seed.

    Parameters
    ----------
    seed
        Non-negative integer; the only source of randomness of a run.
    """

    def __init__(self, seed: int) -> None:
        if seed < 0:
            raise ValueError("seed must be non-negative")
        self.seed = int(seed)
        self._cache: dict[tuple[str, int], np.uint64] = {}

    def _base(self, purpose: str, year: int) -> np.uint64:
        key = (purpose, year)
        if key not in self._cache:
            self._cache[key] = self._hash(purpose, year)
        return self._cache[key]

    def _hash(self, purpose: str, year: int) -> np.uint64:
        tag = zlib.crc32(purpose.encode("utf-8"))
        parts = np.array([self.seed, tag, year & 0xFFFFFFFF], dtype=np.uint64)
        acc = np.zeros(1, dtype=np.uint64)
        for part in parts:
            acc = _mix(acc ^ (part + _GOLDEN))
        return np.uint64(acc[0])

    def uniform(self, purpose: str, year: int, keys: ArrayLike) -> NDArray[np.float64]:
        """Uniforms in (0, 1], one per key: 53 random bits per value.

        ``u = fl((mix(mix(key · φ + b₁) ^ b₂) >> 11) + ½) · 2⁻⁵³`` with φ the 64-bit
        golden ratio, ``b₁``, ``b₂`` hashes of (seed, purpose, ±year) and ``fl`` rounding
        to the nearest double. ``u`` is never 0; it is exactly 1 only for the largest
        53-bit value (probability 2⁻⁵³ a draw), which every use here tolerates (``u < p``,
        ``ln u``, a search in cumulative shares clipped to the last class).
        """
        k = np.asarray(keys, dtype=np.int64).view(np.uint64)  # the same bits, no copy
        b1, b2 = self._base(purpose, year), self._base(purpose, ~year)
        out = np.empty(k.shape, dtype=np.float64)
        flat_k, flat_out = k.reshape(-1), out.reshape(-1)
        h = np.empty(min(_CHUNK, flat_k.size), dtype=np.uint64)
        tmp = np.empty_like(h)
        for start in range(0, flat_k.size, _CHUNK):
            m = min(_CHUNK, flat_k.size - start)
            x, t, u = h[:m], tmp[:m], flat_out[start : start + m]
            np.multiply(flat_k[start : start + m], _GOLDEN, out=x)
            x += b1
            _mix_into(x, t)
            x ^= b2
            _mix_into(x, t)
            x >>= _S11
            np.multiply(x, 2.0**-53, out=u)  # exact: x < 2**53, a power-of-two scale
            u += 2.0**-54  # = (x + ½) · 2⁻⁵³, rounded once
        return out if out.ndim else out[()]

    def generator(self, purpose: str, year: int) -> np.random.Generator:
        """A NumPy generator for bulk draws whose count does not depend on policy."""
        tag = zlib.crc32(purpose.encode("utf-8"))
        return np.random.default_rng(np.random.SeedSequence([self.seed, tag, year & 0xFFFFFFFF]))
