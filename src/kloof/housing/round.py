"""One year's allocation round of the housing model: its vacancies and its queue.

:class:`Round` holds the state the phases of :meth:`kloof.housing.model.HousingModel.step`
share: the vacancies in offer order with the offers each needs, who won each vacancy
and by which channel, who may get a permit in a designated region (Rotterdamwet art. 8
and 10) and the refused permits per region.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from kloof.housing.matching import offers_needed
from kloof.housing.population import Pool

if TYPE_CHECKING:
    from kloof.housing.model import HousingModel

__all__ = ["Round"]

IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]
FloatArray = NDArray[np.float64]


class Round:
    """State of one year's allocation round (vacancies in offer order, the queue)."""

    def __init__(
        self, model: HousingModel, pool: Pool, vac: IntArray, when: FloatArray, vreg: IntArray
    ) -> None:
        y = model.year
        self.pool, self.vac, self.when, self.vreg = pool, vac, when, vreg
        u = model.streams.uniform("refusal", y, vac)
        p = model.refusal[vreg]
        self.k = offers_needed(u, p)
        self.hard = u < p
        self.designated = model._art8[vreg]
        self.vacancies = np.bincount(vreg, minlength=len(model.scenario.codes))
        self.winner = np.full(len(vac), -1, dtype=np.int64)
        self.channel = np.full(len(vac), -1, dtype=np.int64)
        self.refused = np.zeros(len(model.scenario.codes), dtype=np.int64)
        years_local = pool.years_at_registration + (y - pool.registered)
        rules = model.rules
        if rules.art8 is None and rules.art10 is not None:  # screening only
            self.eligible = np.ones(len(pool), dtype=bool)
        else:
            self.eligible = pool.own_income | (years_local >= rules.art8_min_years)
        if rules.art10 is not None:  # screening: a fixed trait per household (art. 10)
            screened = model.streams.uniform("art10-screening", 0, pool.id) < rules.art10_share
            self.eligible = self.eligible & ~screened
        self.in_round = ~pool.priority
        self.permit_refused = np.zeros(len(pool), dtype=bool)

    def save(self) -> tuple[BoolArray, IntArray, BoolArray]:
        return self.in_round.copy(), self.refused.copy(), self.permit_refused.copy()

    def restore(self, saved: tuple[BoolArray, IntArray, BoolArray], todo: IntArray) -> None:
        self.in_round[:], self.refused[:], self.permit_refused[:] = saved
        self.winner[todo], self.channel[todo] = -1, -1

    def refuse_permits(self, who: IntArray, regions: IntArray) -> None:
        """Count each applicant's refused permit once a year, in the vacancy's region."""
        new = ~self.permit_refused[who]
        self.permit_refused[who[new]] = True
        np.add.at(self.refused, regions[new], 1)
