"""Index validation (kloof.index.validate): hand-checked AUC, worst-decile shares."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kloof.index.validate import agreement, auc, detection, worst_share


def test_auc_by_hand_with_ties() -> None:
    # members score 4 and 2; others 3, 2, 1. Pairs (member > other): 4>3, 4>2, 4>1,
    # 2>1, and 2 = 2 counts a half: (3 + 1 + 0.5) / (2 · 3) = 0.75
    s = pd.Series([4.0, 2.0, 3.0, 2.0, 1.0], index=list("abcde"))
    m = pd.Series([True, True, False, False, False], index=s.index)
    assert auc(s, m) == pytest.approx(0.75)
    assert auc(-s, m) == pytest.approx(0.25)
    assert np.isnan(auc(s, pd.Series(False, index=s.index)))


def test_worst_decile_share_by_hand() -> None:
    # 20 regions, the worst 2 (scores 20, 19) hold 300 of the set's 400 residents
    s = pd.Series(np.arange(1.0, 21.0), index=[f"r{i}" for i in range(20)])
    res = pd.Series(0.0, index=s.index)
    res[["r19", "r18", "r0"]] = [200.0, 100.0, 100.0]
    assert worst_share(s, res, among=s.index) == pytest.approx(0.75)


def test_detection_counts_partial_areas_by_residents() -> None:
    idx = pd.Index(["WK000101", "WK000102", "WK000201", "WK000202"])
    scores = pd.DataFrame({"index": [4.0, 3.0, 2.0, 1.0]}, index=idx)
    share = pd.Series([1.0, 0.4, 0.0, 0.0], index=idx)
    residents = pd.Series([100.0, 1000.0, 500.0, 500.0], index=idx)
    gm = pd.Series(["GM0001", "GM0001", "GM0002", "GM0002"], index=idx)
    t = detection(scores, share, residents, gm)
    row = t.loc["index"]
    assert row["n_members"] == 1  # 40 % is not a member for the AUC
    assert row["auc"] == pytest.approx(1.0)
    # within GM0001: member WK000101 (4) against non-member WK000102 (3)
    assert row["auc_within"] == pytest.approx(1.0)
    # worst decile = 1 region (WK000101): 100 of the set's 100 + 400 residents
    assert row["worst_decile_share"] == pytest.approx(0.2)


def test_agreement_is_rank_based() -> None:
    s = pd.Series([1.0, 2.0, 3.0, 4.0], index=list("abcd"))
    out = agreement(s, s**3)
    assert out["spearman"] == pytest.approx(1.0) and out["kendall"] == pytest.approx(1.0)
    assert out["n"] == 4
    assert np.isnan(agreement(s.iloc[:2], s.iloc[:2])["spearman"])
