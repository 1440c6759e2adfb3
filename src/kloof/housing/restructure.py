"""Restructuring of the social stock: demolition, sale and new build (scenario input).

The scenario's ``restructuring:`` entries become a plan per year
(:func:`restructuring_plan`); :class:`Restructuring` gives
:class:`~kloof.housing.model.HousingModel` the steps that carry it out at the start of
a year (demolition: the occupants join the queues) and after turnover (sale of vacated
dwellings, new build added vacant). Choices are keyed by the model's common random
numbers, so two scenarios with the same seed demolish and sell the same dwellings.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from kloof.housing.crn import Streams
from kloof.housing.policies import CATEGORIES, Rules
from kloof.housing.population import Pool, Stock
from kloof.housing.scenario import Scenario

__all__ = ["Restructuring", "restructuring_plan"]

IntArray = NDArray[np.int64]


def restructuring_plan(scenario: Scenario) -> dict[int, NDArray[np.int64]]:
    """Year → regions × (demolish, new_build, sell) from the scenario's restructuring."""
    index = {c: i for i, c in enumerate(scenario.codes)}
    plan: dict[int, NDArray[np.int64]] = {}
    for item in scenario.restructuring:
        for year in item.span:
            row = plan.setdefault(year, np.zeros((len(index), 3), dtype=np.int64))
            row[index[item.region]] += (item.demolish, item.new_build, item.sell)
    return plan


class Restructuring:
    """Demolition, sale and new build on the model's stock (a mixin of the model).

    Uses the model's ``scenario``, ``streams``, ``rules`` and ``stock`` and counts what
    it does in ``_counts`` (regions × demolished, displaced, built, sold).
    """

    scenario: Scenario
    streams: Streams
    rules: Rules
    stock: Stock | None
    _counts: IntArray

    def _pick(self, purpose: str, y: int, candidates: IntArray, k: int) -> IntArray:
        """``k`` of ``candidates`` chosen by the year's random numbers (CRN-keyed)."""
        u = self.streams.uniform(purpose, y, candidates)
        return candidates[np.argsort(u, kind="stable")[:k]]

    def _remove(self, rows: IntArray) -> None:
        st = self.stock
        assert st is not None
        keep = np.ones(len(st), dtype=bool)
        keep[rows] = False
        for name in ("region", "occupant", "category", "key_worker", "moved_in"):
            setattr(st, name, getattr(st, name)[keep])

    def _demolish(self, y: int, counts: IntArray) -> Pool:
        """Take ``counts[r]`` dwellings out of region ``r``; return the displaced households.

        A displaced vulnerable household whose category has priority rejoins the priority
        queue (registered now); every other one joins the regular queue with its years in
        the dwelling as waiting time (registered when it moved in), lived locally long
        enough for art. 8, own income if it is a regular household.
        """
        st = self.stock
        assert st is not None
        rows = [
            self._pick("demolish", y, np.flatnonzero(st.region == r), int(counts[r]))
            for r in np.flatnonzero(counts)
        ]
        gone = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
        occ = gone[st.occupant[gone] >= 0]
        cat = st.category[occ].copy()
        prio = {CATEGORIES.index(c) for c in self.rules.priority_categories}
        priority = np.isin(cat, sorted(prio)) if prio else np.zeros(len(occ), dtype=bool)
        displaced = Pool(
            id=st.occupant[occ].copy(),
            category=cat,
            key_worker=st.key_worker[occ].copy(),
            own_income=cat == 0,
            years_at_registration=np.full(len(occ), 10.0),
            registered=np.where(priority, float(y), st.moved_in[occ].astype(float)),
            exit_year=np.full(len(occ), np.inf),
            priority=priority,
        )
        n_reg = len(self.scenario.codes)
        self._counts[:, 0] += np.bincount(st.region[gone], minlength=n_reg)
        self._counts[:, 1] += np.bincount(st.region[occ], minlength=n_reg)
        self._remove(gone)
        return displaced

    def _sell_and_build(self, y: int, sell: IntArray, build: IntArray) -> None:
        """Sell up to ``sell[r]`` of region ``r``'s vacant dwellings; add ``build[r]`` new."""
        st = self.stock
        assert st is not None
        n_reg = len(self.scenario.codes)
        rows = [
            self._pick("sell", y, np.flatnonzero((st.region == r) & (st.occupant < 0)), int(k))
            for r, k in enumerate(sell)
            if k
        ]
        if rows:
            sold = np.concatenate(rows)
            self._counts[:, 3] += np.bincount(st.region[sold], minlength=n_reg)
            self._remove(sold)
        for r in np.flatnonzero(build):  # new dwellings, vacant, kept sorted by region
            k = int(build[r])
            at = int(np.searchsorted(st.region, r, side="right"))
            st.region = np.insert(st.region, at, np.full(k, r, dtype=st.region.dtype))
            st.occupant = np.insert(st.occupant, at, np.full(k, -1, dtype=st.occupant.dtype))
            st.category = np.insert(st.category, at, np.zeros(k, dtype=st.category.dtype))
            st.key_worker = np.insert(st.key_worker, at, np.zeros(k, dtype=bool))
            st.moved_in = np.insert(st.moved_in, at, np.full(k, y, dtype=st.moved_in.dtype))
            self._counts[r, 2] += k
