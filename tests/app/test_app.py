"""The application layer on the real data: one year rule, one boundary rule, one build.

The cheap year rule (indicator lists, no index built) must agree with what building
the index says on every year and level of the demo store, and a command builds each
index it needs once.
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kloof import index
from kloof.app import FrameCache, geometry, years
from kloof.app.indexing import index_inputs
from kloof.errors import KloofError, SpecError, StoreError
from kloof.store import Store, open_store

pytestmark = pytest.mark.realdata


@pytest.fixture(scope="module")
def session(full_store_path: Path) -> Iterator[FrameCache]:
    store = open_store(full_store_path, read_only=True)
    yield FrameCache(store)
    store.close()


def _buildable(cache: FrameCache, level: str, year: int) -> bool:
    frame, reference, parents = index_inputs(cache, level, year)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            index.build(frame, "kloof", reference=reference, parents=parents)
        except KloofError:
            return False
    return True


@pytest.mark.parametrize("level", ["gemeente", "wijk"])
def test_index_years_agree_with_building_the_index(session: FrameCache, level: str) -> None:
    found = years.index_years(session, level)
    built = [y for y in years.data_years(session, level) if _buildable(session, level, y)]
    assert found == built
    assert 2023 in found  # the national KWB 2023 year has every required indicator


def test_default_year_rules(session: FrameCache) -> None:
    gm = years.data_years(session, "gemeente")
    assert gm[0] <= 2013 and gm[-1] >= 2024  # the gemeente panel and KWB 2024
    usable = years.index_years(session, "gemeente")
    assert years.default_year(session, "gemeente", spec="kloof") == usable[-1]
    assert years.default_year(session, "gemeente") == gm[-1]
    # a column decides: the latest year with a value in it
    latest_bijstand = years.default_year(session, "wijk", columns=["bijstand_per_1000"])
    frame = session.frame(latest_bijstand, "wijk")
    assert frame["bijstand_per_1000"].notna().any()
    assert years.resolve_year(session, "wijk", 2023) == 2023
    with pytest.raises(SpecError, match="years with data"):
        years.resolve_year(session, "wijk", 1999)
    with pytest.raises(StoreError):
        years.default_year(session, "wijk", columns=["no_such_indicator"])


def test_boundary_year_is_one_rule(session: FrameCache) -> None:
    have = geometry.boundary_years(session, "wijk")
    assert have == sorted(have) and 2024 in have
    assert geometry.boundary_year(session, "wijk", 2023) == min(
        have, key=lambda y: (abs(y - 2023), -y)
    )
    assert geometry.boundary_year(session, "wijk", 2023, wanted=have[0]) == have[0]
    with pytest.raises(SpecError, match="boundaries for 1850"):
        geometry.boundary_year(session, "wijk", 2023, wanted=1850)
    # gemeente shapes dissolve from wijken: wijk years count when there are no others
    assert geometry.boundary_year(session, "gemeente", 2023) is not None


def test_empty_store(tmp_path: Path) -> None:
    store: Store = open_store(tmp_path / "empty.duckdb")
    try:
        assert years.data_years(store, "wijk") == []
        with pytest.raises(StoreError, match="kloof data import"):
            years.default_year(store, "wijk", spec="kloof")
        assert geometry.boundary_year(store, "wijk", 2023) is None
    finally:
        store.close()


def test_named_area_is_scored_under_its_own_key(session: FrameCache) -> None:
    from kloof.app.indexing import area_result
    from kloof.app.targets import resolve_target

    target = resolve_target("nplv:rotterdam-zuid", session.regions())
    result = area_result(session, target, 2023)
    assert list(result.scores.index) == ["nplv:rotterdam-zuid"]
    explained = result.explain("nplv:rotterdam-zuid")
    assert len(explained) > 0 and explained["contribution"].notna().all()
    assert 0 < float(result.scores["index"].iloc[0]) < 100  # Rotterdam-Zuid: below NL


@pytest.mark.parametrize(
    "args",
    [
        ["spatial", "focus", "-s", "index", "--index", "kloof", "--min-residents", "20000"],
        ["map", "{tmp}/kaart.png", "--index", "kloof", "--level", "wijk"],
    ],
)
def test_a_command_builds_each_index_once(
    full_store_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    from kloof.cli.main import app

    calls: Counter[tuple[Any, Any]] = Counter()
    real = index.build

    def counting(frame: Any, spec: Any = "kloof", **kw: Any) -> Any:
        calls[(kw.get("year"), len(frame))] += 1
        return real(frame, spec, **kw)

    monkeypatch.setattr(index, "build", counting)
    argv = ["--store", str(full_store_path), *(a.format(tmp=tmp_path) for a in args)]
    result = CliRunner().invoke(app, argv)
    assert result.exit_code == 0, result.output + repr(result.exception)
    assert calls, "the command built no index"
    assert max(calls.values()) == 1, calls
