"""The vectorised matching kernels equal their plain sequential definitions."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from kloof.housing.matching import (
    offer_run,
    offers_needed,
    passed_over,
    permit_offers,
    place_with_permits,
    rank_within,
    run_states,
    take_with_quota,
)


def _offer_run_loop(k: list[int], seekers: list[int]) -> tuple[list[int], list[int]]:
    winners, used, pos = [], [], 0
    for need in k:
        winner = -1
        for _ in range(need):
            if pos == len(seekers):
                break
            used.append(seekers[pos])
            pos += 1
            winner = seekers[pos - 1]
        else:
            winners.append(winner)
            continue
        winners.append(-1)
    return winners, used


@given(st.lists(st.integers(1, 4), max_size=30), st.integers(0, 40))
def test_offer_run_is_the_sequential_process(k: list[int], n: int) -> None:
    seekers = np.arange(100, 100 + n)
    winners, used, first = offer_run(np.array(k, dtype=np.int64), seekers)
    w_loop, used_loop = _offer_run_loop(k, seekers.tolist())
    assert winners.tolist() == w_loop
    assert used.tolist() == used_loop
    assert first.tolist() == [min(sum(k[:t]), n) for t in range(len(k))]
    assert len(set(winners[winners >= 0].tolist())) == int((winners >= 0).sum())


def test_offers_needed_is_geometric() -> None:
    rng = np.random.default_rng(0)
    p = np.full(200_000, 0.3)
    k = offers_needed(rng.random(len(p)), p)
    assert abs(k.mean() - 1 / 0.7) < 0.01  # E[K] = 1 / (1 - p)
    assert abs((k > 1).mean() - 0.3) < 0.005  # the first offer is refused with p


@given(st.lists(st.integers(0, 3), max_size=40), st.lists(st.integers(0, 5), min_size=4,
       max_size=4), st.integers(0, 40))  # fmt: skip
def test_take_with_quota_is_the_sequential_rule(
    regions: list[int], quota: list[int], n: int
) -> None:
    chosen, blocked = take_with_quota(np.array(regions, dtype=np.int64), np.array(quota), n)
    left, c_loop, b_loop = list(quota), [], []
    for i, r in enumerate(regions):
        if len(c_loop) == n:
            break
        if left[r] > 0:
            left[r] -= 1
            c_loop.append(i)
        else:
            b_loop.append(i)
    assert chosen.tolist() == c_loop
    assert blocked.tolist() == b_loop
    assert rank_within(np.array(regions, dtype=np.int64), 4).tolist() == [
        regions[:i].count(r) for i, r in enumerate(regions)
    ]


@given(st.lists(st.booleans(), max_size=30), st.lists(st.integers(0, 3), max_size=30))
@settings(max_examples=200)
def test_two_class_greedy_is_single_class_without_designation(
    eligible: list[bool], regions: list[int]
) -> None:
    r = np.array(regions, dtype=np.int64)
    quota = np.array([2, 1, 3, 0])
    placed, blocked = place_with_permits(r, np.zeros(len(r), bool), quota, np.array(eligible, bool))
    chosen, block = take_with_quota(r, quota, len(eligible))
    assert np.flatnonzero(placed >= 0).tolist() == chosen.tolist()
    assert placed[placed >= 0].tolist() == list(range(len(chosen)))  # first come first served
    assert blocked == len(block)


def test_two_class_greedy_by_hand() -> None:
    # vacancies: D, N, D, N ; households in queue order: I, E, I, E
    placed, _ = place_with_permits(
        np.zeros(4, dtype=np.int64),
        np.array([True, False, True, False]),
        np.array([10]),
        np.array([False, True, False, True]),
    )
    # D→first eligible (1); N→first waiting (0); D→next eligible (3); N→next waiting (2)
    assert placed.tolist() == [1, 0, 3, 2]


def test_passed_over_by_hand() -> None:
    which, at = passed_over(np.array([0, 3, 9]), np.array([1, 2, 5]))
    assert which.tolist() == [0, 1] and at.tolist() == [0, 2]


def _permit_loop(
    k: list[int], des: list[bool], eligible: list[bool]
) -> tuple[list[int], set[int], list[tuple[int, int]]]:
    """Plain definition: each vacancy down the list of seekers still in the round.

    Refused permits are (seeker, vacancy) pairs: each seeker once, at the first
    designated vacancy that passed over it."""
    in_round = list(range(len(eligible)))
    winners, used, refused, counted = [], set(), [], set()
    for t, (need, d) in enumerate(zip(k, des, strict=True)):
        winner, offers = -1, 0
        for seeker in list(in_round):
            if d and not eligible[seeker]:
                if seeker not in counted:
                    counted.add(seeker)
                    refused.append((seeker, t))
                continue
            in_round.remove(seeker)
            used.add(seeker)
            offers += 1
            if offers == need:
                winner = seeker
                break
        winners.append(winner)
    return winners, used, refused


@given(
    st.lists(st.tuples(st.integers(1, 3), st.booleans()), max_size=25),
    st.lists(st.booleans(), max_size=30),
)
@settings(max_examples=600)
def test_permit_offers_is_the_sequential_process(
    vacancies: list[tuple[int, bool]], eligible: list[bool]
) -> None:
    k = [v[0] for v in vacancies]
    des = [v[1] for v in vacancies]
    elig = np.array(eligible, dtype=bool)
    w, n_e, n_i, passed, at = permit_offers(
        np.array(k, dtype=np.int64), np.array(des, dtype=bool),
        np.flatnonzero(elig), np.flatnonzero(~elig),
    )  # fmt: skip
    w_loop, used_loop, refused_loop = _permit_loop(k, des, eligible)
    assert w.tolist() == w_loop
    used = set(np.flatnonzero(elig)[:n_e].tolist()) | set(np.flatnonzero(~elig)[:n_i].tolist())
    assert used == used_loop
    # refused permits: ineligible seekers passed over while still in the round
    pairs = zip(np.flatnonzero(~elig)[passed].tolist(), at.tolist(), strict=True)
    assert sorted(pairs) == sorted(refused_loop)


def _place_loop(
    regs: list[int], des: list[bool], quota: list[int], eligible: list[bool]
) -> tuple[list[int], int]:
    """Plain definition of the priority placement under art. 8 (vacancy by vacancy)."""
    elig = [i for i, e in enumerate(eligible) if e]
    inel = [i for i, e in enumerate(eligible) if not e]
    q, placed = list(quota), [-1] * len(regs)
    pe = pi = blocked = 0
    for j, r in enumerate(regs):
        if pe == len(elig) and pi == len(inel):
            break
        if des[j] and pe == len(elig):
            continue
        if q[r] <= 0:
            blocked += 1
            continue
        if des[j] or pi == len(inel) or (pe < len(elig) and elig[pe] < inel[pi]):
            placed[j], pe = elig[pe], pe + 1
        else:
            placed[j], pi = inel[pi], pi + 1
        q[r] -= 1
    return placed, blocked


@given(
    st.lists(st.tuples(st.integers(0, 3), st.booleans()), max_size=40),
    st.lists(st.integers(0, 6), min_size=4, max_size=4),
    st.lists(st.booleans(), max_size=30),
)
@settings(max_examples=600)
def test_place_with_permits_is_the_sequential_process(
    vacancies: list[tuple[int, bool]], quota: list[int], eligible: list[bool]
) -> None:
    # designation per vacancy (mixed within a region too), quotas that bind
    regs, des = [r for r, _ in vacancies], [d for _, d in vacancies]
    placed, blocked = place_with_permits(
        np.array(regs, dtype=np.int64),
        np.array(des, dtype=bool),
        np.array(quota),
        np.array(eligible, dtype=bool),
    )
    assert (placed.tolist(), blocked) == _place_loop(regs, des, quota, eligible)


def _run_states_loop(
    need: list[int], des: list[bool], e_rank: list[int], ni: int
) -> tuple[list[int], list[int], list[int], int, int]:
    """Plain definition: the two pointers moved run by run."""
    ne = len(e_rank)
    m, pe, pi = ne + ni, 0, 0
    pe_s, pi_s, skip_s = [], [], []
    for n, d in zip(need, des, strict=True):
        pe_s.append(pe)
        pi_s.append(pi)
        if d:
            skip_s.append(0)
            pe = min(pe + n, ne)
            continue
        e0 = e_rank[pe] if pe < ne else m
        skipped = (e0 - pe if pe < ne else ni) - pi
        skip_s.append(skipped)
        used = min(n, skipped + m - e0)
        if used <= skipped:
            pi += used
        else:
            end = e0 + used - skipped
            pe = sum(e < end for e in e_rank)
            pi = end - pe
    return pe_s, pi_s, skip_s, pe, pi


@given(
    st.lists(st.tuples(st.integers(1, 4), st.booleans()), max_size=30),
    st.lists(st.booleans(), max_size=40),
)
@settings(max_examples=600)
def test_run_states_is_the_run_by_run_recurrence(
    runs: list[tuple[int, bool]], eligible: list[bool]
) -> None:
    need, des = [n for n, _ in runs], [d for _, d in runs]
    e_rank = [i for i, e in enumerate(eligible) if e]
    ni = len(eligible) - len(e_rank)
    pe, pi, skip, pe_end, pi_end = run_states(
        np.array(need, dtype=np.int64),
        np.array(des, dtype=bool),
        np.array(e_rank, dtype=np.int64),
        ni,
    )
    expected = _run_states_loop(need, des, e_rank, ni)
    assert (pe.tolist(), pi.tolist(), skip.tolist(), pe_end, pi_end) == expected
