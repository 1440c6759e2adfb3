"""The simulated population as structure-of-arrays: social dwellings and applicants.

Agents are rows of NumPy arrays, not Python objects (Mesa's agents, vectorised):

* :class:`Stock`: one row per social-rent dwelling: region, occupant id, the occupant's
  category (``regular``, ``status_holder``, ``shelter_outflow``, ``urgent``, see
  :data:`~kloof.housing.policies.CATEGORIES`), key-worker flag and move-in year. Private
  rent and owner-occupied dwellings are not allocated by the policies; their households
  are an aggregate per region (:attr:`InitialState.nonsocial_households`).
* :class:`Pool`: one row per applicant household: id, category, key-worker flag,
  income from work/pension/study finance ("own income"), years in the region at
  registration, registration time (decimal year), the year it leaves the queue without
  a social letting, and whether it is in the priority queue.

Every random attribute is a function of the household id or dwelling index through
:class:`~kloof.housing.crn.Streams`, and ids are assigned in a policy-independent order
(initial residents, initial queue, initial backlog, then a fixed block per year), so
two scenarios with the same seed share their population exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
from numpy.typing import NDArray

from kloof.housing.crn import Streams
from kloof.housing.policies import CATEGORIES
from kloof.housing.scenario import InitialState, Scenario, SeekerStream

__all__ = ["LOCAL_YEARS", "Pool", "Stock", "arrivals", "block_size", "build_stock", "initial_pool"]

#: Years in the region that make an applicant "local" (Wbmgp art. 8: six years).
LOCAL_YEARS = 6.0
_CAT = {name: i for i, name in enumerate(CATEGORIES)}


@dataclass
class Stock:
    """Social dwellings (mutable engine state; one row per dwelling, sorted by region)."""

    region: NDArray[np.int32]
    occupant: NDArray[np.int64]
    category: NDArray[np.int8]
    key_worker: NDArray[np.bool_]
    moved_in: NDArray[np.int32]

    def __len__(self) -> int:
        return len(self.region)


@dataclass
class Pool:
    """Applicant households waiting for a social dwelling (one row each)."""

    id: NDArray[np.int64]
    category: NDArray[np.int8]
    key_worker: NDArray[np.bool_]
    own_income: NDArray[np.bool_]
    years_at_registration: NDArray[np.float64]
    registered: NDArray[np.float64]
    exit_year: NDArray[np.float64]
    priority: NDArray[np.bool_]

    def __len__(self) -> int:
        return len(self.id)

    def take(self, index: NDArray[np.bool_] | NDArray[np.int64]) -> Pool:
        """Rows selected by a mask or index array."""
        rows = np.flatnonzero(index) if index.dtype == np.bool_ else index
        return Pool(**{f.name: getattr(self, f.name)[rows] for f in fields(self)})

    @staticmethod
    def concat(*pools: Pool) -> Pool:
        """Rows of several pools, in order."""
        return Pool(
            **{f.name: np.concatenate([getattr(p, f.name) for p in pools]) for f in fields(Pool)}
        )


def build_stock(initial: InitialState, scenario: Scenario, streams: Streams) -> Stock:
    """Social dwellings at the start, with the initial vulnerable occupants.

    In region ``r`` exactly ``initial.vulnerable_social[r]`` dwellings, those with the
    smallest draw of a uniform per dwelling, hold a vulnerable household; its category
    follows ``stock.vulnerable_split``. Residents have ids ``0 … n − 1``.
    """
    counts = initial.social_dwellings
    n = int(counts.sum())
    region = np.repeat(np.arange(len(counts), dtype=np.int32), counts)
    idx = np.arange(n, dtype=np.int64)
    u = streams.uniform("initial-vulnerable", 0, idx)
    # per region the dwellings with the smallest draws (distinct 53-bit uniforms)
    vulnerable = np.zeros(n, dtype=bool)
    ends = np.cumsum(counts)
    for start, end, v in zip((ends - counts).tolist(), ends.tolist(),
                             initial.vulnerable_social.tolist(), strict=True):  # fmt: skip
        if v >= end - start:
            vulnerable[start:end] = True
        elif v > 0:
            vulnerable[start + np.argpartition(u[start:end], v - 1)[:v]] = True
    split = scenario.stock.vulnerable_split
    names = [c for c in CATEGORIES[1:] if split.get(c, 0) > 0]  # type: ignore[call-overload]
    edges = np.cumsum([split[c] for c in names])  # type: ignore[index]
    pick = np.minimum(
        np.searchsorted(edges, streams.uniform("initial-category", 0, idx), side="right"),
        len(names) - 1,
    )
    codes = np.array([_CAT[c] for c in names], dtype=np.int8)
    category = np.where(vulnerable, codes[pick] if len(names) else 0, 0).astype(np.int8)
    return Stock(
        region=region,
        occupant=idx.copy(),
        category=category,
        key_worker=np.zeros(n, dtype=bool),
        moved_in=np.full(n, scenario.start_year - 1, dtype=np.int32),
    )


def _yearly_counts(scenario: Scenario) -> list[tuple[str, int]]:
    a = scenario.applicants
    return [(c, round(getattr(a, c).per_year)) for c in CATEGORIES]


def block_size(scenario: Scenario) -> int:
    """Households arriving each year (the id block reserved per simulated year)."""
    return sum(n for _, n in _yearly_counts(scenario))


def _households(
    ids: NDArray[np.int64],
    category: str,
    stream: SeekerStream,
    registered: NDArray[np.float64],
    scenario: Scenario,
    streams: Streams,
    priority: frozenset[str],
    first_round: int,
) -> Pool:
    """Applicants with attributes drawn from their ids (see :class:`Pool`).

    A regular seeker takes part in the rounds ``first_round … first_round + S`` and
    leaves the queue at the start of the next year, ``S ~ Geometric`` with
    ``P(S ≥ k) = (1 − exit_rate)^k``; priority households never leave unhoused.
    """
    reg = scenario.applicants.regular
    kw_share = reg.key_worker_share if category == "regular" else 0.0
    key_worker = streams.uniform("key-worker", 0, ids) < kw_share
    own = key_worker | (streams.uniform("own-income", 0, ids) < stream.own_income_share)
    u_local = streams.uniform("local", 0, ids)
    local = u_local < stream.local_share
    frac = streams.uniform("years", 0, ids)
    years = np.where(local, LOCAL_YEARS + 20 * frac, LOCAL_YEARS * frac)
    in_priority = category in priority
    if in_priority or reg.exit_rate <= 0:
        exit_year = np.full(len(ids), np.inf)
    else:
        u = streams.uniform("exit", 0, ids)
        if reg.exit_rate >= 1:
            stay = np.zeros(len(ids))
        else:
            with np.errstate(over="ignore", divide="ignore"):
                stay = np.floor(np.log(u) / np.log1p(-reg.exit_rate))
        exit_year = first_round + 1 + stay
    return Pool(
        id=ids,
        category=np.full(len(ids), _CAT[category], dtype=np.int8),
        key_worker=key_worker,
        own_income=own,
        years_at_registration=years,
        registered=registered,
        exit_year=exit_year,
        priority=np.full(len(ids), in_priority),
    )


def initial_pool(
    scenario: Scenario, streams: Streams, first_id: int, priority: frozenset[str]
) -> Pool:
    """The queue at the start: active regular seekers and the priority backlog.

    Regular seekers registered ``Exp(mean = waiting_years_mean)`` years before the
    start; backlog households one year or less before it.
    """
    a = scenario.applicants
    n = a.regular.initial_pool
    ids = np.arange(first_id, first_id + n, dtype=np.int64)
    wait = -a.regular.waiting_years_mean * np.log(streams.uniform("initial-wait", 0, ids))
    parts = [
        _households(
            ids,
            "regular",
            a.regular,
            scenario.start_year - wait,
            scenario,
            streams,
            priority,
            scenario.start_year,
        )
    ]
    next_id = first_id + n
    for category in CATEGORIES[1:]:
        count = int(a.initial_backlog.get(category, 0))  # type: ignore[call-overload]
        ids = np.arange(next_id, next_id + count, dtype=np.int64)
        registered = scenario.start_year - streams.uniform("initial-wait", 0, ids)
        parts.append(
            _households(
                ids,
                category,
                getattr(a, category),
                registered,
                scenario,
                streams,
                priority,
                scenario.start_year,
            )
        )
        next_id += count
    return Pool.concat(*parts)


def arrivals(
    scenario: Scenario, year: int, first_id: int, streams: Streams, priority: frozenset[str]
) -> Pool:
    """Households registering in the year before ``year`` and active from ``year`` on.

    Sorted by registration time (the engine keeps its queue in that order).

    ``round(per_year)`` households of each category (the status-holder stream is the
    taakstelling in households); ids ``first_id …`` in category order.
    """
    parts = []
    next_id = first_id
    for category, count in _yearly_counts(scenario):
        ids = np.arange(next_id, next_id + count, dtype=np.int64)
        registered = year - streams.uniform("registered", 0, ids)
        stream = getattr(scenario.applicants, category)
        parts.append(
            _households(ids, category, stream, registered, scenario, streams, priority, year)
        )
        next_id += count
    pool = Pool.concat(*parts)
    # registration times are distinct 53-bit draws (a tie has probability ~1e-5 per
    # run; it would still sort the same way every time), so no stable sort is needed
    return pool.take(np.argsort(pool.registered))
