"""Optimistic locking: a lost update is refused with ConflictError, nothing overwritten."""

from __future__ import annotations

from typing import Any

import pytest

from kloof.plans import (
    SYSTEM,
    BudgetRow,
    ConflictError,
    PlansDB,
    add_measure,
    get_measure,
    get_plan,
    get_user,
    set_budget,
    update_measure,
    update_plan,
)

A = "rotterdam-zuid"


def _measure(db: PlansDB) -> int:
    with db.session() as s:
        return add_measure(s, SYSTEM, A, title="Taalhuis", task="onderwijsachterstanden").id


def test_two_editors_same_measure_second_gets_conflict(db: PlansDB, world: Any) -> None:
    mid = _measure(db)
    first, second = db.new_session(), db.new_session()
    try:
        # both open the edit form and see version 1
        m1 = get_measure(first, get_user(first, world.editor), mid)
        m2 = get_measure(second, get_user(second, world.area_admin), mid)
        assert m1.version == m2.version == 1
        update_measure(
            first,
            get_user(first, world.editor),
            mid,
            expected_version=1,
            changes={"title": "Taalhuis Zuid"},
        )
        first.commit()
        # the second still holds the stale object in its session: the UPDATE misses
        with pytest.raises(ConflictError, match="iemand anders"):
            update_measure(
                second,
                get_user(second, world.area_admin),
                mid,
                expected_version=1,
                changes={"title": "Taalhuis IJsselmonde"},
            )
        second.rollback()
    finally:
        first.close()
        second.close()
    with db.session() as s:
        m = get_measure(s, SYSTEM, mid)
        assert (m.title, m.version) == ("Taalhuis Zuid", 2)


def test_stale_version_after_reload_is_refused(db: PlansDB, world: Any) -> None:
    mid = _measure(db)
    with db.session() as s:
        update_measure(s, SYSTEM, mid, expected_version=1, changes={"status": "lopend"})
    with db.session() as s, pytest.raises(ConflictError):
        set_budget(s, SYSTEM, mid, [BudgetRow(2026, 1, "Rijk")], expected_version=1)
    with db.session() as s:
        m = get_measure(s, SYSTEM, mid)
        assert m.budget == [] and m.status == "lopend" and m.version == 2
        set_budget(s, SYSTEM, mid, [BudgetRow(2026, 1, "Rijk")], expected_version=2)
        assert m.version == 3


def test_plan_lost_update(db: PlansDB, world: Any) -> None:
    first, second = db.new_session(), db.new_session()
    try:
        v1 = get_plan(first, SYSTEM, A).version
        v2 = get_plan(second, SYSTEM, A).version
        update_plan(first, SYSTEM, A, expected_version=v1, vision="Eerste")
        first.commit()
        with pytest.raises(ConflictError):
            update_plan(second, SYSTEM, A, expected_version=v2, vision="Tweede")
        second.rollback()
    finally:
        first.close()
        second.close()
    with db.session() as s:
        assert get_plan(s, SYSTEM, A).vision == "Eerste"
