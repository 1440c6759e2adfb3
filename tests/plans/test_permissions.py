"""Role checks of every write service, and the audit row each change leaves behind."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kloof.plans import (
    SYSTEM,
    BudgetRow,
    PermissionDeniedError,
    PlansDB,
    User,
    add_line,
    add_measure,
    add_partner,
    add_update,
    can,
    create_api_token,
    create_plan,
    create_user,
    get_plan,
    get_user,
    grant_role,
    history,
    redact_free_text,
    remove_line,
    remove_measure,
    remove_partner,
    revoke_role,
    set_active,
    set_budget,
    submit_response,
    update_line,
    update_measure,
    update_partner,
    update_plan,
)
from kloof.plans.models import AuditLog, Role

A = "rotterdam-zuid"


def _seed(db: PlansDB) -> dict[str, int]:
    """A partner, a line, a measure and an answer with text in area A; their ids."""
    with db.session() as s:
        partner = add_partner(s, SYSTEM, A, "Woonstad Rotterdam", "corporatie")
        line = add_line(s, SYSTEM, A, "schuldhulp", "Vroeg eropaf", ["bijstand_per_1000"])
        measure = add_measure(
            s,
            SYSTEM,
            A,
            title="Budgetcoach",
            task="schuldhulp",
            line_id=line.id,
            budget=[BudgetRow(2026, 100_000, "Rijk")],
        )
        answer = submit_response(
            s, A, "2026", device_id="dev", biggest_task="schuldhulp", free_text="Meer hulp"
        )
        return {"partner": partner.id, "line": line.id, "measure": measure.id, "answer": answer.id}


def _version(s: Session, measure_id: int) -> int:
    from kloof.plans.models import Measure

    m = s.get(Measure, measure_id)
    assert m is not None
    return m.version


Service = Callable[[Session, Any, dict[str, int]], object]

#: name, least role in area A that may do it ("admin": global admins only), the call.
WRITES: list[tuple[str, str, Service]] = [
    (
        "update_plan",
        "editor",
        lambda s, a, ids: update_plan(
            s, a, A, expected_version=get_plan(s, SYSTEM, A).version, title="Nieuw"
        ),
    ),
    ("add_partner", "editor", lambda s, a, ids: add_partner(s, a, A, "GGD", "zorg")),
    (
        "update_partner",
        "editor",
        lambda s, a, ids: update_partner(s, a, ids["partner"], name="Woonstad"),
    ),
    ("remove_partner", "editor", lambda s, a, ids: remove_partner(s, a, ids["partner"])),
    ("add_line", "editor", lambda s, a, ids: add_line(s, a, A, "kinderen_jeugd", "Kansrijk")),
    ("update_line", "editor", lambda s, a, ids: update_line(s, a, ids["line"], title="Vroeg")),
    ("remove_line", "editor", lambda s, a, ids: remove_line(s, a, ids["line"])),
    (
        "add_measure",
        "editor",
        lambda s, a, ids: add_measure(s, a, A, title="Taalles", task="onderwijsachterstanden"),
    ),
    (
        "update_measure",
        "editor",
        lambda s, a, ids: update_measure(
            s,
            a,
            ids["measure"],
            expected_version=_version(s, ids["measure"]),
            changes={"status": "lopend"},
        ),
    ),
    (
        "set_budget",
        "editor",
        lambda s, a, ids: set_budget(
            s,
            a,
            ids["measure"],
            [BudgetRow(2027, 5, "Gemeente")],
            expected_version=_version(s, ids["measure"]),
        ),
    ),
    (
        "remove_measure",
        "editor",
        lambda s, a, ids: remove_measure(
            s, a, ids["measure"], expected_version=_version(s, ids["measure"])
        ),
    ),
    (
        "add_update",
        "editor",
        lambda s, a, ids: add_update(
            s, a, ids["measure"], date=dt.date(2026, 3, 1), status="lopend", note="Gestart"
        ),
    ),
    ("redact_free_text", "editor", lambda s, a, ids: redact_free_text(s, a, ids["answer"])),
    (
        "grant_role",
        "area_admin",
        lambda s, a, ids: grant_role(s, a, get_user(s, "redactie@zuidoost.nl"), A, "viewer"),
    ),
    (
        "revoke_role",
        "area_admin",
        lambda s, a, ids: revoke_role(s, a, get_user(s, "lezer@zuid.nl"), A),
    ),
    (
        "create_plan",
        "area_admin",
        lambda s, a, ids: (
            s.delete(get_plan(s, SYSTEM, A)),
            s.flush(),
            create_plan(s, a, A, title="Opnieuw"),
        ),
    ),
    ("create_user", "admin", lambda s, a, ids: create_user(s, a, "nieuw@kloof.nl", "x" * 12)),
    (
        "set_active",
        "admin",
        lambda s, a, ids: set_active(s, a, get_user(s, "lezer@zuid.nl"), False),
    ),
    (
        "create_api_token",
        "admin",
        lambda s, a, ids: create_api_token(s, a, get_user(s, "admin@kloof.nl")),
    ),
]

#: Who acts (an e-mail of the world, or None for anonymous) and their role in area A.
ACTORS = [
    ("anonymous", None),
    ("viewer", "lezer@zuid.nl"),
    ("editor_b", "redactie@zuidoost.nl"),
    ("editor", "redactie@zuid.nl"),
    ("area_admin", "beheer@zuid.nl"),
    ("admin", "admin@kloof.nl"),
]
_RANK = {"anonymous": 0, "viewer": 1, "editor_b": 1, "editor": 2, "area_admin": 3, "admin": 4}
_NEED = {"editor": 2, "area_admin": 3, "admin": 4}


def _allowed(actor: str, need: str) -> bool:
    return _RANK[actor] >= _NEED[need]


@pytest.mark.parametrize("name,need,call", WRITES, ids=[w[0] for w in WRITES])
def test_write_services_check_roles_and_audit(
    db: PlansDB, world: Any, name: str, need: str, call: Service
) -> None:
    ids = _seed(db)
    for actor_name, email in ACTORS:
        with db.session() as s:
            before = s.scalar(select(func.count()).select_from(AuditLog))
            actor: User | None = get_user(s, email) if email else None
            if not _allowed(actor_name, need):
                with pytest.raises(PermissionDeniedError):
                    call(s, actor, ids)
                s.rollback()
                assert s.scalar(select(func.count()).select_from(AuditLog)) == before
                continue
            savepoint = s.begin_nested()
            call(s, actor, ids)
            s.flush()
            rows = s.scalars(select(AuditLog).where(AuditLog.id > 0).order_by(AuditLog.id)).all()
            new = rows[before:]
            assert new, f"{name} by {actor_name} wrote no audit row"
            assert all(r.actor == str(actor.id) for r in new if actor is not None)
            assert any(r.before is not None or r.after is not None for r in new)
            savepoint.rollback()  # leave the seed as it was for the next actor


@pytest.mark.parametrize("name,need,call", WRITES, ids=[w[0] for w in WRITES])
def test_audit_row_has_before_and_after(
    db: PlansDB, world: Any, name: str, need: str, call: Service
) -> None:
    ids = _seed(db)
    with db.session() as s:
        last = s.scalar(select(func.max(AuditLog.id))) or 0
        call(s, SYSTEM, ids)
    with db.session() as s:
        rows = s.scalars(select(AuditLog).where(AuditLog.id > last)).all()
    assert rows and all(r.actor == "system" for r in rows)
    main = rows[-1]
    assert main.at.tzinfo is not None
    if name.startswith(("add_", "create_", "grant_")):
        assert main.before is None and main.after is not None
        assert main.after.get("id") is not None  # snapshot taken after the insert
    elif name.startswith("remove_") or name == "revoke_role":
        assert main.before is not None and main.after is None
    else:
        assert main.before is not None and main.after is not None
        assert main.before != main.after
    for r in rows:
        text = repr(r.before) + repr(r.after)
        assert "password_hash" not in text and "token_hash" not in text


def test_anonymous_only_submits_the_questionnaire(db: PlansDB, world: Any) -> None:
    assert can(None, "submit_survey", A)
    for action in ("read", "edit", "manage", "admin"):
        assert not can(None, action, A)  # type: ignore[arg-type]
    with db.session() as s:
        submit_response(s, A, "2026", device_id="x", biggest_task="anders")
        with pytest.raises(PermissionDeniedError):
            get_plan(s, None, A)
        rows = history(s, SYSTEM, area_id=A)
        assert rows[0].action == "survey.submit" and rows[0].actor == "anonymous"
        assert "device_hash" not in repr(rows[0].after)


def test_can_matrix(db: PlansDB, world: Any) -> None:
    b = "amsterdam-zuidoost"
    with db.session() as s:
        viewer, editor, area_admin, editor_b, admin = (
            get_user(s, e)
            for e in (
                "lezer@zuid.nl",
                "redactie@zuid.nl",
                "beheer@zuid.nl",
                "redactie@zuidoost.nl",
                "admin@kloof.nl",
            )
        )
        assert can(viewer, "read", A) and not can(viewer, "edit", A)
        assert can(editor, "edit", A) and not can(editor, "manage", A)
        assert not can(editor, "read", b) and not can(editor_b, "edit", A)
        assert can(area_admin, "manage", A) and not can(area_admin, "manage", b)
        assert not can(area_admin, "admin")
        assert can(admin, "manage", b) and can(admin, "admin") and can(SYSTEM, "admin")
        set_active(s, SYSTEM, editor, False)
        assert not can(editor, "edit", A)


def test_roles_are_unique_per_user_and_area(db: PlansDB, world: Any) -> None:
    with db.session() as s:
        viewer = get_user(s, "lezer@zuid.nl")
        grant_role(s, SYSTEM, viewer, A, "editor")
        roles = s.scalars(select(Role).where(Role.user_id == viewer.id)).all()
        assert [(r.area_id, r.role) for r in roles] == [(A, "editor")]
        grant_role(s, SYSTEM, viewer, "nplv:amsterdam-zuidoost", "viewer")
        assert {r.area_id for r in viewer.roles} == {A, "amsterdam-zuidoost"}


@pytest.mark.parametrize("bad", ["Taal\x00huis", "Taal\x1bhuis", "Taal\x7fhuis"])
def test_control_characters_are_refused_before_they_are_stored(
    db: PlansDB, world: Any, bad: str
) -> None:
    """A NUL byte would be stored by SQLite (and break the XLSX export) and fail inside
    PostgreSQL; both backends refuse it, and other control characters, with a 422 error."""
    from kloof.plans import PlansValidationError, add_measure, add_partner

    with pytest.raises(PlansValidationError, match="control characters"), db.session() as s:
        add_measure(s, get_user(s, world.editor), A, title=bad, task="schuldhulp")
    with pytest.raises(PlansValidationError) as err, db.session() as s:
        add_partner(s, get_user(s, world.editor), A, bad, "school")
    assert err.value.http_status == 422
    with db.session() as s:
        assert not get_plan(s, SYSTEM, A).measures


@pytest.mark.parametrize(
    "targets", [["work\x00"], ["<script>"], ["Work Domain"], ["x" * 101], ["a"] * 51]
)
def test_programme_line_targets_are_validated(db: PlansDB, world: Any, targets: list[str]) -> None:
    from kloof.plans import PlansValidationError, add_line

    with db.session() as s, pytest.raises(PlansValidationError, match="target"):
        add_line(s, get_user(s, world.editor), A, "schuldhulp", "Schulden", targets)
    with db.session() as s:
        line = add_line(s, get_user(s, world.editor), A, "schuldhulp", "Schulden", ["work_domain"])
        assert line.targets == ["work_domain"]


def test_refusals_name_no_user_id(db: PlansDB, world: Any) -> None:
    from kloof.plans import PermissionDeniedError, update_plan

    with db.session() as s:
        viewer = get_user(s, world.viewer)
        with pytest.raises(PermissionDeniedError) as err:
            update_plan(s, viewer, A, expected_version=1, title="X")
        assert str(viewer.id) not in str(err.value) and "this account" in str(err.value)
