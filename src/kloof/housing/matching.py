"""Vectorised matching kernels of the yearly allocation round.

Three exact, loop-free kernels the engine composes into phases:

* :func:`offer_run`: vacancies offered in sequence to a ranked list of seekers who may
  refuse. A seeker who refuses leaves the year's round, so vacancy ``t`` uses up ``K_t``
  seekers (``K_t − 1`` refusals, then an acceptance) and its winner is the seeker at
  position ``K_1 + … + K_t`` of the list: a cumulative sum replaces the sequential loop.
  With refusal probability ``p`` the count of refusals is geometric,
  ``P(K − 1 = k) = p^k (1 − p)``, drawn per vacancy as
  ``K = 1 + ⌊ln U / ln p⌋`` from one uniform ``U``.
* :func:`take_with_quota`: the first ``n`` vacancies of an ordered list whose region
  has not yet reached its quota (a cumulative count within region).
* :func:`passed_over`: applicants ranked above the one who got a designated dwelling
  but refused a permit (Wbmgp art. 8): each counted once, at the first such vacancy.

And two exact kernels for Wbmgp art. 8, where a designated vacancy may only go to an
applicant who can get a permit. Eligible and ineligible applicants are each used up in
rank order, so the state is two pointers; they run only when designated vacancies are
in play:

* :func:`place_with_permits`: the priority queue (no refusals) with quotas, in two
  stretches (before and after the last household that can get a permit is placed);
* :func:`permit_offers`: offer runs with refusals; each run of vacancies of one kind
  (designated or not) is solved in closed form, and the pointers at the start of every
  run follow from a running maximum (:func:`run_states`).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "offer_run",
    "offers_needed",
    "passed_over",
    "permit_offers",
    "place_with_permits",
    "rank_within",
    "run_states",
    "take_with_quota",
]

IntArray = NDArray[np.int64]


def offers_needed(u: NDArray[np.float64], p: NDArray[np.float64]) -> IntArray:
    """Offers until acceptance, ``K = 1 + ⌊ln U / ln p⌋`` (``K = 1`` where ``p = 0``).

    The first offer is refused exactly when ``U < p``.

    Examples
    --------
    >>> offers_needed(np.array([0.9, 0.2, 0.01]), np.array([0.5, 0.5, 0.0])).tolist()
    [1, 3, 1]
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        k = np.where(p > 0, np.floor(np.log(u) / np.log(np.where(p > 0, p, 0.5))), 0.0)
    return 1 + np.minimum(k, 1e9).astype(np.int64)


def offer_run(k: IntArray, seekers: IntArray) -> tuple[IntArray, IntArray, IntArray]:
    """Let vacancies in order to ranked seekers who may refuse once and leave the round.

    Parameters
    ----------
    k
        Offers each vacancy needs (:func:`offers_needed`), in offer order.
    seekers
        Seeker indices in ranking order.

    Returns
    -------
    winners
        Seeker index per vacancy, ``-1`` where the list ran out.
    used
        The seekers who received an offer (winners and refusers), in order.
    first
        Position in ``seekers`` of the first seeker offered each vacancy
        (``len(seekers)`` where none was).

    Examples
    --------
    >>> w, used, first = offer_run(np.array([1, 2, 1, 5]), np.array([10, 11, 12, 13, 14]))
    >>> w.tolist(), used.tolist(), first.tolist()
    ([10, 12, 13, -1], [10, 11, 12, 13, 14], [0, 1, 3, 4])
    """
    m = len(seekers)
    cum = np.cumsum(k)
    ok = cum <= m
    winners = np.full(len(k), -1, dtype=np.int64)
    winners[ok] = seekers[cum[ok] - 1]
    n_used = int(min(cum[-1], m)) if len(k) else 0
    first = np.minimum(cum - k, m)
    return winners, seekers[:n_used], first


def rank_within(groups: NDArray[np.integer], n_groups: int) -> IntArray:
    """0-based rank of each element among the elements of its group, in array order.

    Examples
    --------
    >>> rank_within(np.array([1, 0, 1, 1, 0]), 2).tolist()
    [0, 0, 1, 2, 1]
    """
    # a stable sort of 16-bit keys is a radix sort: linear, several times faster
    keys = groups.astype(np.int16) if n_groups <= np.iinfo(np.int16).max else groups
    order = np.argsort(keys, kind="stable")
    counts = np.bincount(groups, minlength=n_groups)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    rank = np.empty(len(groups), dtype=np.int64)
    rank[order] = np.arange(len(groups)) - np.repeat(starts, counts)
    return rank


def take_with_quota(
    regions: NDArray[np.integer], quota: NDArray[np.int64], n: int
) -> tuple[IntArray, IntArray]:
    """Positions of the first ``n`` items whose region is still under its quota.

    Returns the chosen positions and the positions passed over *only* because their
    region was full (before the ``n``-th choice, or all of them if fewer were chosen).

    Examples
    --------
    >>> take_with_quota(np.array([0, 0, 1, 0, 1]), np.array([1, 5]), 3)[0].tolist()
    [0, 2, 4]
    """
    if n <= 0 or len(regions) == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    ok = rank_within(regions, len(quota)) < quota[regions]
    chosen = np.flatnonzero(ok)[:n]
    horizon = chosen[-1] if len(chosen) == n else len(regions)
    blocked = np.flatnonzero(~ok[:horizon])
    return chosen, blocked


def passed_over(
    ineligible_positions: IntArray, first_positions: IntArray
) -> tuple[IntArray, IntArray]:
    """Ineligible applicants ranked above a designated offer, and at which offer.

    Parameters
    ----------
    ineligible_positions
        Ranking positions of applicants who cannot get a permit.
    first_positions
        Ranking position of the first (eligible) applicant offered each designated
        vacancy, increasing.

    Returns
    -------
    which, at
        Indices into ``ineligible_positions`` of those passed over, and the index of
        the designated vacancy where each was refused a permit.

    Examples
    --------
    >>> passed_over(np.array([0, 3, 9]), np.array([1, 2, 5]))
    (array([0, 1]), array([0, 2]))
    """
    at = np.searchsorted(first_positions, ineligible_positions, side="left")
    which = np.flatnonzero(at < len(first_positions))
    return which, at[which]


def place_with_permits(
    regions: IntArray, designated: NDArray[np.bool_], quota: IntArray, eligible: NDArray[np.bool_]
) -> tuple[IntArray, int]:
    """Priority placement under art. 8: each vacancy to the first household it may take.

    Vacancies in priority order; households in queue order (first come first served).
    A designated vacancy goes to the first waiting household that can get a permit, any
    other vacancy to the first waiting household; a vacancy whose region reached its
    quota is passed over, and so is a designated vacancy once no household that can get
    a permit is left (without using the quota). Returns the queue position placed in
    each vacancy (``-1`` none) and the number of vacancies passed over only because of
    the quota while households were still waiting.

    Solved in two stretches, without a loop over vacancies. Until the last eligible
    household is placed (vacancy ``T``) no vacancy is passed over except for its quota,
    so vacancy ``t`` is taken iff its rank among its region's vacancies is below the
    quota, and the taken ones are :func:`permit_offers` with one offer each. After
    ``T`` only the other vacancies can be let: within each region those whose rank
    among the region's other vacancies after ``T``, plus the quota used up to ``T``,
    stays below the quota; they take the ineligible households left, in queue order.
    """
    n = len(regions)
    regions = np.asarray(regions, dtype=np.int64)
    quota = np.asarray(quota, dtype=np.int64)
    des = np.asarray(designated, dtype=bool)
    e_rank, i_rank = np.flatnonzero(eligible), np.flatnonzero(~np.asarray(eligible, bool))
    ne, ni = len(e_rank), len(i_rank)
    placed = np.full(n, -1, dtype=np.int64)
    if n == 0 or ne + ni == 0:
        return placed, 0
    under = rank_within(regions, len(quota)) < quota[regions]
    last_e, pi = -1, 0  # vacancy T that placed the last eligible household; I used by then
    if ne:
        taken = np.flatnonzero(under)
        w, *_ = permit_offers(np.ones(len(taken), dtype=np.int64), des[taken], e_rank, i_rank)
        got_e = np.flatnonzero(w >= 0)
        got_e = got_e[np.asarray(eligible, bool)[w[got_e]]]
        if len(got_e) < ne:  # households that can get a permit never run out
            placed[taken] = w
            return placed, int((~under).sum())
        t_e = int(got_e[ne - 1])  # index into taken
        last_e = int(taken[t_e])
        placed[taken[: t_e + 1]] = w[: t_e + 1]
        pi = t_e + 1 - ne
    blocked = int((~under[: last_e + 1]).sum())
    if pi == ni:  # nobody left after T
        return placed, blocked
    later = last_e + 1 + np.flatnonzero(~des[last_e + 1 :])
    used = np.bincount(regions[: last_e + 1][under[: last_e + 1]], minlength=len(quota))
    r = regions[later]
    ok = used[r] + rank_within(r, len(quota)) < quota[r]
    let = later[ok][: ni - pi]
    placed[let] = i_rank[pi : pi + len(let)]
    horizon = let[-1] if pi + len(let) == ni else n  # everyone placed after this vacancy
    return placed, blocked + int((~ok[later < horizon]).sum())


def permit_offers(
    k: IntArray, designated: NDArray[np.bool_], e_rank: IntArray, i_rank: IntArray
) -> tuple[IntArray, int, int, IntArray, IntArray]:
    """Offer runs when some vacancies need a permit (Wbmgp art. 8), exactly.

    Vacancy ``t`` (in offer order) needs ``k[t]`` offers; a designated one is offered
    only to eligible seekers (ranks ``e_rank``, ``E``), another one to the next seekers
    of either kind (ranks ``i_rank``, ``I``, merged with ``E``). Each kind is used up in
    rank order, so the state is two pointers ``(p_e, p_i)``.

    The vacancies fall into *runs* of equal kind, and a run is solved in closed form:

    * a run of designated vacancies takes ``E[p_e], E[p_e + 1], …``: the vacancy with
      cumulative need ``c`` within the run goes to ``E[p_e + c − 1]``;
    * every seeker ranked below ``E[p_e]`` is used except ``I[p_i:a]``,
      ``a = #{I < E[p_e]}`` (a designated run took eligible seekers ahead of them), and
      every seeker from rank ``E[p_e]`` on is still in the round; so a run of other
      vacancies goes down ``I[p_i:a]`` and then down the ranks ``E[p_e], E[p_e] + 1, …``.

    The states at the start of the runs come from :func:`run_states` (a running
    maximum, no loop); the winners and refused permits of all vacancies are array
    operations.

    Returns the winner rank per vacancy (``-1`` none), how many eligible and ineligible
    seekers were used (prefixes of ``e_rank`` and ``i_rank``), and for every ineligible
    seeker still in the round and ranked above the last seeker offered a designated
    dwelling (so refused a permit for it), its index in ``i_rank`` and the vacancy.
    """
    n, ne, ni = len(k), len(e_rank), len(i_rank)
    m = ne + ni
    none = np.empty(0, dtype=np.int64)
    if n == 0:
        return np.empty(0, dtype=np.int64), 0, 0, none, none
    des = np.asarray(designated, dtype=bool)
    k = np.asarray(k, dtype=np.int64)
    cum = np.cumsum(k)
    change = np.flatnonzero(des[1:] != des[:-1]) + 1
    starts = np.concatenate([[0], change])
    ends = np.concatenate([change, [n]])
    before = cum[starts] - k[starts]
    need = cum[ends - 1] - before
    pe_s, pi_s, skip_s, pe, pi = run_states(need, des[starts], e_rank, ni)
    run = np.repeat(np.arange(len(starts)), ends - starts)
    c = cum - before[run]  # cumulative need within the run
    pe_v, pi_v = pe_s[run], pi_s[run]
    winners = np.full(n, -1, dtype=np.int64)
    # other vacancies: I[p_i : p_i + skipped], then the ranks from E[p_e] on
    nd = np.flatnonzero(~des)
    c_nd, skip = c[nd], skip_s[run[nd]]
    from_i = c_nd <= skip
    winners[nd[from_i]] = i_rank[pi_v[nd[from_i]] + c_nd[from_i] - 1]
    rest, pe_rest = nd[~from_i], pe_v[nd[~from_i]]
    e0_rest = e_rank[np.minimum(pe_rest, ne - 1)] if ne else np.zeros(len(rest), np.int64)
    rank = np.where(pe_rest < ne, e0_rest, m) + c[rest] - skip[~from_i] - 1
    winners[rest] = np.where(rank < m, rank, -1)
    # designated vacancies: E[p_e + c − 1]; the ineligible seekers ranked above it and
    # still in the round are refused a permit, each once: those before
    # upto_t = max over designated t' ≤ t of max(p_i, #{I < E[last_t']})
    d = np.flatnonzero(des)
    last = pe_v[d] + c[d] - 1
    ok = last < ne
    winners[d[ok]] = e_rank[last[ok]]
    below = np.full(len(d), ni, dtype=np.int64)
    below[ok] = e_rank[last[ok]] - last[ok]
    upto = np.maximum.accumulate(np.maximum(pi_v[d], below)) if len(d) else below
    prev = np.maximum(pi_v[d], np.concatenate([[0], upto[:-1]]))
    count = upto - prev
    at = np.repeat(d, count)
    offset = np.repeat(np.cumsum(count) - count, count)
    passed = np.repeat(prev, count) + np.arange(int(count.sum())) - offset
    return winners, pe, pi, passed.astype(np.int64), at.astype(np.int64)


def run_states(
    need: IntArray, designated: NDArray[np.bool_], e_rank: IntArray, ni: int
) -> tuple[IntArray, IntArray, IntArray, int, int]:
    """The two pointers at the start of each run of :func:`permit_offers`, without a loop.

    Runs in offer order need ``need[r]`` offers; a designated run takes the next
    eligible seekers, another run the next seekers still in the round of either kind.
    With ``T`` the seekers used so far (``p_e + p_i``) and ``c_E(T) = #{E < T}`` (ranks
    ``0 … m − 1`` are split between ``E`` and ``I``), one run moves the state so:

    * designated: ``p_e ← min(p_e + n, |E|)``, ``p_i`` unchanged;
    * other: ``T ← min(T + n, m)``, ``p_e ← max(p_e, c_E(T))``, ``p_i = T − p_e``
      (it first takes the ineligible seekers a designated run passed over, ranked
      below ``E[p_e]``; once past ``E[p_e]`` every rank below ``T`` is used).

    Until a cap binds, ``T`` is the cumulative need ``C_r`` and ``q = p_e − D_r``
    (``D_r``: the designated need so far) changes only in other runs, to
    ``max(q, c_E(C_r) − D_r)``: a running maximum. From the first run where a cap binds
    every eligible seeker is used, and ``p_i`` grows by the other runs' needs up to
    ``|I|``.

    Returns the pointers ``p_e``, ``p_i`` at the start of each run, the ineligible
    seekers ranked below ``E[p_e]`` still in the round then (``skipped``, for the other
    runs; 0 for designated runs), and the pointers after the last run.

    Examples
    --------
    >>> e_rank = np.array([1, 3, 4])  # seekers 0 and 2 are ineligible
    >>> pe, pi, skip, pe_end, pi_end = run_states(
    ...     np.array([2, 1, 2]), np.array([True, False, True]), e_rank, 2)
    >>> pe.tolist(), pi.tolist(), skip.tolist(), pe_end, pi_end
    ([0, 2, 2], [0, 0, 1], [0, 2, 0], 3, 1)
    """
    need = np.asarray(need, dtype=np.int64)
    des = np.asarray(designated, dtype=bool)
    ne, runs = len(e_rank), len(need)
    m = ne + ni
    if runs == 0:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty, empty, 0, 0
    total = np.cumsum(need)
    forced = np.cumsum(np.where(des, need, 0))
    reach = np.where(des, 0, np.searchsorted(e_rank, np.minimum(total, m)) - forced)
    pe_after = forced + np.maximum.accumulate(np.maximum(reach, 0))
    pi_after = total - pe_after
    capped = np.flatnonzero(np.where(des, pe_after > ne, total > m))
    if len(capped):  # from here on every eligible seeker is used
        r0 = int(capped[0])
        pi0 = int(pi_after[r0 - 1]) if r0 > 0 else 0
        pe_after[r0:] = ne
        pi_after[r0:] = np.minimum(pi0 + np.cumsum(np.where(des[r0:], 0, need[r0:])), ni)
    pe = np.concatenate([[0], pe_after[:-1]])
    pi = np.concatenate([[0], pi_after[:-1]])
    below = np.where(pe < ne, e_rank[np.minimum(pe, ne - 1)] - pe if ne else 0, ni)
    skip = np.where(des, 0, below - pi)
    return pe, pi, skip, int(pe_after[-1]), int(pi_after[-1])
