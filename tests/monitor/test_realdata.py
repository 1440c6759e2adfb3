"""The monitor on real data: NPLV areas on KWB 2023/2024, the gemeente panel 2012-2024."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kloof.monitor import areas
from kloof.monitor.aggregate import comparison_groups
from kloof.monitor.evaluate import evaluate
from kloof.monitor.peers import area_peers
from kloof.monitor.series import build_panel, build_series
from kloof.store import Store, open_store

pytestmark = pytest.mark.realdata

NPLV = areas.builtin("nplv")
NPLV_GM = sorted({a.gemeente for a in NPLV})
LEVELS = ("land", "gemeente", "wijk", "buurt")


@pytest.fixture(scope="module")
def store(monitor_store_path: Path) -> Iterator[Store]:
    s = open_store(monitor_store_path, read_only=True)
    yield s
    s.close()


def _frame(store: Store, year: int, levels: tuple[str, ...] = LEVELS) -> pd.DataFrame:
    return pd.concat([store.frame(year, lvl) for lvl in levels if year in store.years(lvl)])


def _crosswalks(store: Store, years: list[int], levels: tuple[str, ...]) -> dict:
    return {
        (lvl, y): store.crosswalk(lvl, y, 2024) for y in years for lvl in levels if 2016 <= y < 2024
    }


def test_area_codes_exist_in_2023_and_2024(store: Store) -> None:
    """Codes in areas.csv are 2024 codes; all of them also exist in 2023 (by code)."""
    for year in (2023, 2024):
        have = set(store.regions(year)["code"])
        unmatched = {a.id: [c for c in a.codes if c not in have] for a in NPLV}
        assert {k: v for k, v in unmatched.items() if v} == {}, year
    # ... but four areas contain wijken whose boundary changed from 2023 to 2024
    changed = set(store.crosswalk("wijk", 2023, 2024)["to_code"])
    touched = sorted(a.id for a in NPLV if set(a.codes) & changed)
    assert touched == [
        "amsterdam-nieuw-west",
        "amsterdam-zuidoost",
        "nieuwegein-centrale-as",
        "zaandam-oost",
    ]


def test_series_and_gap_for_every_known_nplv_area(store: Store) -> None:
    frames = {2023: _frame(store, 2023), 2024: _frame(store, 2024)}
    xws = _crosswalks(store, [2023], ("gemeente", "wijk"))
    known = NPLV.known()
    assert len(known) == 20
    for area in known:
        groups = comparison_groups(area, ("rest_of_gemeente", "rest_of_nl"))
        s = build_series(
            frames,
            groups,
            to_year=2024,
            indicators=["inhabitants", "bijstand_per_1000", "age_65_plus_pct"],
            crosswalks=xws,
        )
        assert s.absent.empty, (area.id, s.absent)
        inh = s.table("inhabitants")[area.id]
        assert area.population is not None
        if not area.confidence.startswith("low"):
            # low-confidence compositions say how far their codes are from the CBS figure
            # (Nieuwegein Centrale As: the core only, 14,810 of 23k)
            assert inh[2024] == pytest.approx(area.population, rel=0.12), area.id
        assert inh[2023] == pytest.approx(inh[2024], rel=0.06), area.id
        # every NPLV area has more social assistance than the rest of NL (2023)
        gap = s.gap("bijstand_per_1000", "rest_of_nl")
        assert gap[2023] > 0, area.id
        assert s.gap("bijstand_per_1000", "rest_of_nl", relative=True)[2023] > 0
        rest = s.table("bijstand_per_1000")["rest_of_gemeente"]
        assert np.isfinite(rest[2023]), area.id
        assert np.isfinite(s.table("age_65_plus_pct").loc[2024, area.id])


def test_gemeente_series_2012_2024_for_the_19_municipalities(store: Store) -> None:
    years = store.years("gemeente")
    assert years == [2012, 2017, 2018, 2019, 2022, 2023, 2024]
    frames = {y: _frame(store, y, ("land", "gemeente")) for y in years}
    xws = _crosswalks(store, years, ("gemeente",))
    assert len(NPLV_GM) == 19
    for gm in NPLV_GM:
        area = areas.Area(gm.lower(), gm, "gemeente", gm, 2024, (gm,))
        s = build_series(
            frames,
            comparison_groups(area, ("nl", "g4")),
            to_year=2024,
            indicators=["inhabitants", "income_per_inhabitant"],
            crosswalks=xws,
        )
        inh = s.table("inhabitants")
        assert list(inh.index) == years and inh[area.id].notna().all(), gm
        assert inh["nl"].between(16e6, 18.5e6).all()
        income = s.table("income_per_inhabitant")
        assert list(income.index) == [2012, 2017, 2018, 2019, 2022, 2023]
        assert income[area.id].notna().all(), gm
        rebased = s.rebased("income_per_inhabitant", 2012)
        assert (rebased.loc[2023] > 100).all()  # nominal incomes rose everywhere
    assert any("2012: no gemeente crosswalk" in n for n in s.notes)


def test_evaluate_on_the_gemeente_panel(store: Store) -> None:
    years = store.years("gemeente")
    frames = {y: store.frame(y, "gemeente") for y in years}
    units = list(store.regions(2024, "gemeente")["code"])
    panel, _ = build_panel(
        frames,
        "income_per_inhabitant",
        to_year=2024,
        units=units,
        crosswalks=_crosswalks(store, years, ("gemeente",)),
    )
    for method in ("did", "synthetic"):
        res = evaluate(panel, NPLV_GM, 2022, method=method, n_placebo=200, demean=True)
        assert res.size.treated == 19
        assert res.size.pre_years == (2012, 2017, 2018, 2019)
        assert res.size.post_years == (2022, 2023)
        assert res.size.donors > 250
        assert np.isfinite([res.estimate, res.low, res.high]).all()
        assert res.low <= res.high
        # placebo (non-programme) gemeenten scatter around zero
        assert abs(res.placebo_space.mean()) < 0.5
        assert len(res.placebo_time) >= 1


def test_peers_of_overvecht(store: Store) -> None:
    wijken = store.frame(2023, "wijk")
    overvecht = NPLV["utrecht-overvecht"]
    programme = [c for a in NPLV for c in a.codes]
    p = area_peers(wijken, overvecht, k=10, exclude=programme)
    assert len(p.codes) == 10
    assert not set(p.codes) & set(programme)
    assert p.table["distance"].is_monotonic_increasing
    assert p.profile["inhabitants"] == pytest.approx(34910)
