"""The housing-allocation engine: a vectorised agent-based model (Mesa's shape, NumPy's speed).

:class:`HousingModel` owns its random streams (:class:`~kloof.housing.crn.Streams`,
seeded once), its agents as structure-of-arrays (:mod:`kloof.housing.population`) and
its rules (:func:`~kloof.housing.policies.compile_rules`). Nothing happens at import or
construction beyond validation; :meth:`HousingModel.step` simulates one year and
:meth:`HousingModel.run` a whole scenario.

One year
--------
0. *Restructuring* (``restructuring:`` in the scenario): the year's demolished dwellings
   leave the stock and their occupants join the queues (vulnerable ones with priority,
   the others with their years in the dwelling as waiting time); after turnover, vacated
   dwellings are sold (up to the year's count) and new build is added, vacant.
1. *Queue*: regular seekers whose time is up leave the queue; the year's applicants
   arrive (regular seekers, key workers among them, and the priority streams).
2. *Turnover*: each occupied social dwelling falls vacant with probability
   ``turnover_r · multiplier[category]``; vacancies not let last year stay vacant.
3. *Offers*: the vacancies come free in a random order over the year. Vacancy ``t`` in
   region ``r`` needs ``K_t`` offers to regular seekers before one accepts (refusal
   probability ``p_r = clip(base + slope · z_r, 0, max)``; a seeker who refuses is not
   offered again that year). It is *hard to let* when the first offer is refused.
4. *Phases*, each over the vacancies still free, in order:

   a. **key workers** (policy ``key_worker_priority``): a share of vacancies in the
      listed regions is offered to key workers first, longest waiting first;
   b. **priority**: households in the priority queue (policies ``urgency_priority``,
      ``direct_placement_status_holders``), first come first served, cannot refuse;
      they get hard-to-let vacancies first, then the others in offer order, each
      region at most its quota under ``priority_cap`` (``floor(cap_r · V_r)``), the
      rest redirected to regions with room or left waiting;
   c. **lottery** (``lottery_share``): a share of vacancies goes to seekers in random
      order;
   d. **regular**: the rest goes to seekers ranked by waiting time (``waiting_time``)
      or by lot.

   Under ``rotterdamwet_art8`` a designated region's vacancy can only go to an applicant
   with own income or at least ``min_years`` in the region: it goes to the first
   applicant in line who may get the permit, and every ineligible applicant ahead of
   that one counts as a refused permit (once a year per applicant). Under
   ``rotterdamwet_art10`` (same regions) applicants screened out on nuisance or crime
   (a fixed share of households) are ineligible there as well.
5. *Records*: stock by category, inflow, channels, waiting times (:class:`YearRecord`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from kloof.errors import SpecError
from kloof.housing.crn import Streams
from kloof.housing.matching import (
    offer_run,
    passed_over,
    permit_offers,
    place_with_permits,
    take_with_quota,
)
from kloof.housing.outcomes import (
    CHANNELS,
    GROUPS,
    RESTRUCTURING,
    RunResult,
    YearRecord,
    summarise,
)
from kloof.housing.policies import CATEGORIES, Context, Rules, compile_rules
from kloof.housing.population import (
    Pool,
    Stock,
    arrivals,
    block_size,
    build_stock,
    initial_pool,
)
from kloof.housing.restructure import Restructuring, restructuring_plan
from kloof.housing.round import Round
from kloof.housing.scenario import InitialState, Scenario

__all__ = ["HousingModel", "context", "refusal_probability", "run"]

_KW, _PRIO, _LOT, _REG = range(4)
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]
FloatArray = NDArray[np.float64]


def context(scenario: Scenario, initial: InitialState) -> Context:
    """What policies may know about the regions (see :class:`Context`)."""
    if initial.codes != scenario.codes:
        raise SpecError("the initial state was built for other regions than the scenario's")
    turnover = _turnover(scenario)
    demand = {c: getattr(scenario.applicants, c).per_year for c in CATEGORIES[1:]}
    return Context(
        codes=scenario.codes,
        areas=scenario.areas,
        pressure_z=initial.pressure_z,
        expected_vacancies=turnover * initial.social_dwellings,
        priority_demand=demand,
    )


def _turnover(scenario: Scenario) -> NDArray[np.float64]:
    stock = scenario.stock
    return np.array([stock.turnover_by_region.get(c, stock.turnover) for c in scenario.codes])


def _group_counts(pool: Pool) -> IntArray:
    """Households per group of :data:`GROUPS` (key workers apart from other regulars)."""
    both = np.bincount(
        pool.category.astype(np.int64) * 2 + pool.key_worker, minlength=2 * len(CATEGORIES)
    )
    return np.concatenate([both[:2], both[2::2] + both[3::2]])


def refusal_probability(scenario: Scenario, initial: InitialState) -> NDArray[np.float64]:
    """``p_r = clip(base + slope · z_r, 0, max)`` per region."""
    ref = scenario.refusal
    return np.clip(ref.base + ref.slope * initial.pressure_z, 0.0, ref.max)


class HousingModel(Restructuring):
    """One simulation of a scenario (Mesa-style: construct, then :meth:`step` or :meth:`run`).

    Parameters
    ----------
    scenario
        A validated scenario.
    initial
        Its initial state (:func:`kloof.housing.scenario.initial_state`).
    seed
        Overrides ``scenario.seed``; the same seed gives the same run, and two
        scenarios with the same seed share their random numbers (common random numbers).
    record_lettings
        Keep one row per letting (year, dwelling, household, channel, …) for audits.

    Raises
    ------
    SpecError
        When the policies do not fit the scenario (for example a cap no region can
        meet); raised here, before anything runs.
    """

    def __init__(
        self,
        scenario: Scenario,
        initial: InitialState,
        *,
        seed: int | None = None,
        record_lettings: bool = False,
    ) -> None:
        self.scenario = scenario
        self.initial = initial
        self.seed = scenario.seed if seed is None else int(seed)
        self.streams = Streams(self.seed)
        self.rules: Rules = compile_rules(scenario.policies, context(scenario, initial))
        self.record_lettings = record_lettings
        self.refusal = refusal_probability(scenario, initial)
        n = len(scenario.codes)
        mult = scenario.stock.turnover_multiplier
        self._rate = _turnover(scenario)
        self._mult = np.array([mult.get(c, 1.0) for c in CATEGORIES])  # type: ignore[call-overload]
        self._mult_varies = bool((self._mult != 1.0).any())
        if (self._rate[:, None] * self._mult[None, :] > 1 + 1e-12).any():
            raise SpecError("turnover × turnover_multiplier exceeds 1 for some region/category")
        self._kw = self.rules.key_worker_share
        self._cap = self.rules.cap
        # regions where the Rotterdamwet applies (art. 8 and/or art. 10: same regions)
        self._art8 = self.rules.art8 if self.rules.art8 is not None else np.zeros(n, bool)
        if self.rules.art10 is not None:
            self._art8 = self._art8 | self.rules.art10
        self._plan = restructuring_plan(scenario)
        self._rate_of: NDArray[np.int32] | None = None  # the region array _rate_dw was taken from
        self._rate_dw = np.empty(0)
        self._occupied = np.zeros((n, len(CATEGORIES)), dtype=np.int64)
        self._left = np.zeros_like(self._occupied)  # the year's departures per category
        self._counts = np.zeros((n, len(RESTRUCTURING)), dtype=np.int64)
        self._vacant: IntArray | None = None  # dwellings left vacant by the last round
        self.stock: Stock | None = None
        self.pool: Pool | None = None
        self.year = scenario.start_year
        self.records: list[YearRecord] = []

    # -- setup -------------------------------------------------------------------------
    def reset(self) -> None:
        """Build the agents of the start year (initial residents and queue)."""
        prio = self.rules.priority_categories
        self.stock = build_stock(self.initial, self.scenario, self.streams)
        self.pool = initial_pool(self.scenario, self.streams, len(self.stock), prio)
        backlog = sum(self.scenario.applicants.initial_backlog.values())
        self._first_id = len(self.stock) + self.scenario.applicants.regular.initial_pool + backlog
        self._initial_by_cat = self._by_category(self.stock)
        self._occupied = self._initial_by_cat  # occupied dwellings per region and category
        self._vacant = None
        self.year = self.scenario.start_year
        self.records = []

    def _by_category(self, stock: Stock) -> IntArray:
        n, nc = len(self.scenario.codes), len(CATEGORIES)
        flat = stock.region.astype(np.int64) * nc + stock.category
        flat[stock.occupant < 0] = n * nc  # vacant: counted in a bin that is dropped
        return np.bincount(flat, minlength=n * nc + 1)[:-1].reshape(n, nc)

    # -- one year ----------------------------------------------------------------------
    def step(self) -> YearRecord:
        """Simulate one year and return its record."""
        if self.stock is None or self.pool is None:
            self.reset()
        assert self.stock is not None and self.pool is not None
        y, st, s = self.year, self.stock, self.streams
        n_reg = len(self.scenario.codes)
        plan = self._plan.get(y)
        self._counts[:] = 0
        if plan is not None and plan[:, 0].any():  # 0. demolition: occupants must move
            self.pool = Pool.concat(self.pool, self._demolish(y, plan[:, 0]))
        # 1. queue (kept sorted by registration time: the waiting-time ranking)
        alive = self.pool.exit_year > y  # _finish already dropped next year's leavers
        pool = self.pool if alive.all() else self.pool.take(alive)
        first = self._first_id + (y - self.scenario.start_year) * block_size(self.scenario)
        new = arrivals(self.scenario, y, first, s, self.rules.priority_categories)
        pool = Pool.concat(pool, new)
        if (pool.registered[1:] < pool.registered[:-1]).any():
            pool = pool.take(np.argsort(pool.registered, kind="stable"))
        # 2. turnover
        u = s.uniform("turnover", y, np.arange(len(st)))
        if self._rate_of is not st.region:  # per dwelling, until the stock changes
            self._rate_of, self._rate_dw = st.region, self._rate[st.region]
        rate = self._rate_dw * self._mult[st.category] if self._mult_varies else self._rate_dw
        leave = np.flatnonzero(u < rate)
        leave = leave[st.occupant[leave] >= 0]  # occupied ones (one pass less over the stock)
        gone = st.region[leave].astype(np.int64) * len(CATEGORIES) + st.category[leave]
        self._left = np.bincount(gone, minlength=self._occupied.size).reshape(n_reg, -1)
        departures = self._left.sum(axis=1)
        st.occupant[leave], st.category[leave], st.key_worker[leave] = -1, 0, False
        if plan is not None and (plan[:, 1:].any()):  # 2b. sale of vacated, new build
            self._sell_and_build(y, plan[:, 2], plan[:, 1])
        # 3. offers (the dwellings left vacant last year and this year's departures, unless
        # the stock itself changed)
        if plan is None and self._vacant is not None:
            vac = np.sort(np.concatenate([self._vacant, leave]))
        else:
            vac = np.flatnonzero(st.occupant < 0)
        when = s.uniform("sequence", y, vac)
        order = np.argsort(when)  # distinct 53-bit draws: no stable sort needed
        vac, when = vac[order], when[order]
        rnd = Round(self, pool, vac, when, st.region[vac].astype(np.int64))
        # 4. phases
        if self._kw is not None:
            todo = np.flatnonzero(s.uniform("key-worker-share", y, vac) < self._kw[rnd.vreg])
            self._phase(rnd, _KW, todo, "rank", only=pool.key_worker)
        unplaced = blocked = 0
        if self.rules.priority_categories:
            unplaced, blocked = self._priority(rnd)
        lottery = s.uniform("lottery-share", y, vac) < self.rules.lottery_share
        self._phase(rnd, _LOT, np.flatnonzero((rnd.winner < 0) & lottery), "lottery")
        self._phase(rnd, _REG, np.flatnonzero((rnd.winner < 0) & ~lottery), "rank")
        return self._finish(rnd, departures, new, unplaced, blocked)

    def _order(self, rnd: Round, key: str, need: int | None) -> tuple[IntArray, bool]:
        """Seekers still in the round in offer order, or at least a prefix of ``need``.

        Returns the order and whether it is complete. The waiting-time order is the
        pool order; lottery orders sort a fresh uniform per household, only the
        smallest ``4 · need`` keys when that is enough (checked by :meth:`_phase`).
        """
        cand = np.flatnonzero(rnd.in_round)
        if key == "rank" and self.rules.ranking == "waiting_time":
            return cand, True
        purpose = "lottery-rank" if key == "lottery" else "rank-lottery"
        keys = self.streams.uniform(purpose, self.year, rnd.pool.id[cand])
        if need is None or 4 * need >= len(cand):
            return cand[np.argsort(keys)], True
        part = np.argpartition(keys, 4 * need)[: 4 * need]
        return cand[part[np.argsort(keys[part])]], False

    def _phase(
        self, rnd: Round, phase: int, todo: IntArray, key: str, only: BoolArray | None = None
    ) -> None:
        """Offer ``todo`` down an order; redo with the full order if a prefix ran out."""
        if len(todo) == 0:
            return
        order, complete = self._order(rnd, key, int(rnd.k[todo].sum()))
        saved = rnd.save()
        self._offers(rnd, phase, todo, order if only is None else order[only[order]])
        if not complete and (rnd.winner[todo] < 0).any():
            rnd.restore(saved, todo)
            order, _ = self._order(rnd, key, None)
            self._offers(rnd, phase, todo, order if only is None else order[only[order]])

    def _offers(self, rnd: Round, phase: int, todo: IntArray, seekers: IntArray) -> None:
        """Offer runs in offer order; a designated vacancy skips ineligible seekers (art. 8).

        Each vacancy goes down the ranking to the first seeker who may get a permit for
        it and accepts (:func:`~kloof.housing.matching.permit_offers`).
        """
        des = rnd.designated[todo]
        if not des.any():
            w, used, _ = offer_run(rnd.k[todo], seekers)
            rnd.winner[todo], rnd.channel[todo] = w, np.where(w >= 0, phase, -1)
            rnd.in_round[used] = False
            return
        elig = rnd.eligible[seekers]
        e_rank, i_rank = np.flatnonzero(elig), np.flatnonzero(~elig)
        w, n_e, n_i, passed, at = permit_offers(rnd.k[todo], des, e_rank, i_rank)
        got = w >= 0
        rnd.winner[todo[got]], rnd.channel[todo[got]] = seekers[w[got]], phase
        rnd.in_round[seekers[e_rank[:n_e]]] = False
        rnd.in_round[seekers[i_rank[:n_i]]] = False
        rnd.refuse_permits(seekers[i_rank[passed]], rnd.vreg[todo[at]])

    def _priority(self, rnd: Round) -> tuple[int, int]:
        """Phase b: the priority queue (first come) into hard-to-let vacancies first.

        Returns the households left waiting and how many of them the cap blocked.
        """
        pool, vreg = rnd.pool, rnd.vreg
        queue = np.flatnonzero(pool.priority)  # pool order = registration order
        free = np.flatnonzero(rnd.winner < 0)
        free = free[np.argsort(~rnd.hard[free], kind="stable")]
        quota = rnd.vacancies if self._cap is None else np.floor(self._cap * rnd.vacancies)
        quota = quota.astype(np.int64)
        if not rnd.designated.any():
            chosen, block = take_with_quota(vreg[free], quota, len(queue))
            rnd.winner[free[chosen]], rnd.channel[free[chosen]] = queue[: len(chosen)], _PRIO
            unplaced, blocked = len(queue) - len(chosen), len(block)
        else:
            placed, blocked = place_with_permits(
                vreg[free], rnd.designated[free], quota, rnd.eligible[queue]
            )
            got = placed >= 0
            rnd.winner[free[got]], rnd.channel[free[got]] = queue[placed[got]], _PRIO
            unplaced = len(queue) - int(got.sum())
            self._count_priority_permits(rnd, queue, free, placed)
        return unplaced, (min(unplaced, blocked) if self._cap is not None else 0)

    def _count_priority_permits(
        self, rnd: Round, queue: IntArray, free: IntArray, placed: IntArray
    ) -> None:
        """Ineligible priority households waiting ahead of a designated placement."""
        d = np.flatnonzero((placed >= 0) & rnd.designated[free])
        if len(d) == 0:
            return
        inel = np.flatnonzero(~rnd.eligible[queue])  # queue positions
        # position in the queue of each household and the step at which it was placed
        step = np.full(len(queue), len(free), dtype=np.int64)
        step[placed[placed >= 0]] = np.flatnonzero(placed >= 0)
        which, at = passed_over(inel, placed[d])
        waiting = step[inel[which]] > d[at]  # still waiting when the dwelling was let
        rnd.refuse_permits(queue[inel[which][waiting]], rnd.vreg[free[d[at][waiting]]])

    def _finish(
        self, rnd: Round, departures: IntArray, new: Pool, unplaced: int, blocked: int
    ) -> YearRecord:
        """Move the winners in, leave the rest waiting, and record the year."""
        pool, vac, vreg, when, winner, channel = (
            rnd.pool,
            rnd.vac,
            rnd.vreg,
            rnd.when,
            rnd.winner,
            rnd.channel,
        )
        st, y, n_reg = self.stock, self.year, len(self.scenario.codes)
        assert st is not None
        let = winner >= 0
        hh, dw, reg = winner[let], vac[let], vreg[let]
        st.occupant[dw] = pool.id[hh]
        st.category[dw] = pool.category[hh]
        st.key_worker[dw] = pool.key_worker[hh]
        st.moved_in[dw] = y
        self._vacant = np.sort(vac[~let])
        cat = pool.category[hh].astype(np.int64)
        nc, nch = len(CATEGORIES), len(CHANNELS)
        group = np.where((cat == 0) & pool.key_worker[hh], 1, np.where(cat == 0, 0, cat + 1))
        wait = y + when[let] - pool.registered[hh]
        keep = np.ones(len(pool), dtype=bool)
        keep[hh] = False
        ng = len(GROUPS)
        housed = np.bincount(group, minlength=ng)
        log = None
        if self.record_lettings:
            log = pd.DataFrame(
                {
                    "year": y,
                    "dwelling": dw,
                    "region": reg,
                    "household": pool.id[hh],
                    "category": cat,
                    "key_worker": pool.key_worker[hh],
                    "channel": channel[let],
                    "own_income": pool.own_income[hh],
                    "eligible": rnd.eligible[hh],
                    "registered": pool.registered[hh],
                    "when": when[let],
                    "wait": wait,
                }
            )
        inflow = np.bincount(reg * nc + cat, minlength=n_reg * nc).reshape(n_reg, nc)
        if self._plan.get(y) is None:  # the stock itself did not change: count the moves
            stock_category = self._occupied - self._left + inflow
        else:
            stock_category = self._by_category(st)
        self._occupied = stock_category
        record = YearRecord(
            year=y,
            vacancies=rnd.vacancies,
            departures=departures,
            lettings=np.bincount(reg, minlength=n_reg),
            occupied_end=stock_category.sum(axis=1),
            stock_category=stock_category,
            inflow_category=inflow,
            channel=np.bincount(reg * nch + channel[let], minlength=n_reg * nch).reshape(
                n_reg, nch
            ),
            key_workers=np.bincount(reg, weights=pool.key_worker[hh], minlength=n_reg).astype(
                np.int64
            ),
            no_own_income=np.bincount(reg, weights=~pool.own_income[hh], minlength=n_reg).astype(
                np.int64
            ),
            refused_permits=rnd.refused,
            group_arrived=_group_counts(new),
            group_housed=housed,
            group_wait=np.bincount(group, weights=wait, minlength=ng).astype(np.float64),
            group_backlog=_group_counts(pool) - housed,
            priority_unplaced=int(unplaced),
            blocked_by_cap=int(blocked),
            lettings_log=log,
            dwellings=np.bincount(st.region, minlength=n_reg) if self._plan else None,
            restructured=self._counts.copy() if self._plan else None,
        )
        # the households still waiting, without those who leave before next year's round
        self.pool = pool.take(keep & (pool.exit_year > y + 1))
        self.records.append(record)
        self.year += 1
        return record

    # -- whole run ---------------------------------------------------------------------
    def run(self, progress: Callable[[int, int], None] | None = None) -> RunResult:
        """Simulate all years of the scenario from a fresh start."""
        self.reset()
        total = self.scenario.years
        for i in range(total):
            self.step()
            if progress is not None:
                progress(i + 1, total)
        regions, years, groups = summarise(
            self.records, self._initial_by_cat, self.initial, self.scenario
        )
        notes = list(self.initial.notes)
        for rec in self.records:
            if rec.blocked_by_cap:
                notes.append(
                    f"{rec.year}: {rec.blocked_by_cap} priority households could not be placed "
                    "because every region with a vacancy had reached its cap; they wait"
                )
            elif rec.priority_unplaced:
                notes.append(
                    f"{rec.year}: {rec.priority_unplaced} priority households not placed "
                    "(not enough vacancies they could get); they wait"
                )
        lettings = None
        if self.record_lettings:
            logs = [r.lettings_log for r in self.records if r.lettings_log is not None]
            lettings = pd.concat(logs, ignore_index=True) if logs else pd.DataFrame()
            lettings["region"] = np.asarray(self.scenario.codes)[lettings["region"].to_numpy()]
        return RunResult(
            scenario=self.scenario,
            seed=self.seed,
            rules_log=self.rules.log,
            initial=self.initial,
            regions=regions,
            years=years,
            groups=groups,
            notes=tuple(notes),
            lettings=lettings,
        )


def run(
    initial: InitialState,
    scenario: Scenario,
    *,
    seed: int | None = None,
    record_lettings: bool = False,
) -> RunResult:
    """Run ``scenario`` once on ``initial`` (the state first, then the spec, as in
    :func:`kloof.index.build`): ``HousingModel(scenario, initial, seed=seed).run()``."""
    return HousingModel(scenario, initial, seed=seed, record_lettings=record_lettings).run()
