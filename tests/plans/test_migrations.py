"""Migrations: empty to head, the previous schema with data to head, and back down."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from kloof.plans import HEAD, SYSTEM, get_plan, get_user, open_plans, summarise
from kloof.plans.db import current_revision, downgrade, make_engine, upgrade

TABLES_0001 = {
    "plans_meta",
    "users",
    "roles",
    "api_tokens",
    "sessions",
    "plans",
    "partners",
    "programme_lines",
    "measures",
    "budget_lines",
    "measure_updates",
    "audit_log",
}
TABLES_0002 = {"survey_responses", "survey_solutions"}
TABLES_0003 = {"survey_clients"}


def _tables(engine: sa.Engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names()) - {"alembic_version"}


def test_empty_database_to_head(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        assert current_revision(engine) is None
        upgrade(engine)
        assert current_revision(engine) == HEAD == "0003"
        assert _tables(engine) == TABLES_0001 | TABLES_0002 | TABLES_0003
        columns = {c["name"] for c in sa.inspect(engine).get_columns("plans")}
        assert "vision" in columns and "version" in columns
    finally:
        engine.dispose()


def test_previous_schema_with_data_to_head(db_url: str) -> None:
    engine = make_engine(db_url)
    now = dt.datetime(2025, 6, 1, 12, 0)
    try:
        upgrade(engine, "0001")
        assert _tables(engine) == TABLES_0001
        with engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO users (id, email, password_hash, is_admin, active, created_at)"
                    " VALUES (1, 'oud@kloof.nl', 'x', false, true, :now)"
                ),
                {"now": now},
            )
            conn.execute(
                sa.text(
                    "INSERT INTO plans (id, area_id, title, version, created_at, updated_at)"
                    " VALUES (1, 'rotterdam-zuid', 'Oud plan', 3, :now, :now)"
                ),
                {"now": now},
            )
            conn.execute(
                sa.text(
                    "INSERT INTO measures (id, plan_id, title, task, status, version,"
                    " created_at, updated_at) VALUES (1, 1, 'Oude maatregel', 'schuldhulp',"
                    " 'lopend', 1, :now, :now)"
                ),
                {"now": now},
            )
            conn.execute(
                sa.text(
                    "INSERT INTO budget_lines (id, measure_id, year, amount_eur, source)"
                    " VALUES (1, 1, 2025, 1234567, 'Rijk')"
                )
            )
    finally:
        engine.dispose()
    db = open_plans(db_url)  # migrates 0001 -> head on open
    try:
        assert current_revision(db.engine) == HEAD
        with db.session() as s:
            plan = get_plan(s, SYSTEM, "rotterdam-zuid")
            assert (plan.title, plan.vision, plan.version) == ("Oud plan", "", 3)
            assert plan.created_at == now.replace(tzinfo=dt.UTC)
            (m,) = plan.measures
            assert (m.title, m.status, m.budget[0].amount_eur) == (
                "Oude maatregel",
                "lopend",
                1234567,
            )
            assert get_user(s, "oud@kloof.nl").id == 1
            assert summarise(s, "rotterdam-zuid", "2026").n == 0
    finally:
        db.close()


def test_downgrade_keeps_old_data_and_reaches_base(db_url: str) -> None:
    db = open_plans(db_url)
    try:
        with db.session() as s:
            from kloof.plans import create_plan, submit_response

            create_plan(s, SYSTEM, "rotterdam-zuid", title="Zuid", vision="Visie")
            submit_response(s, "rotterdam-zuid", "2026", device_id="d", biggest_task="anders")
        downgrade(db.engine, "0001")
        assert current_revision(db.engine) == "0001"
        assert _tables(db.engine) == TABLES_0001
        with db.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT title FROM plans")).scalar_one() == "Zuid"
        columns = {c["name"] for c in sa.inspect(db.engine).get_columns("plans")}
        assert "vision" not in columns
        upgrade(db.engine)
        assert current_revision(db.engine) == HEAD
        downgrade(db.engine, "base")
        assert current_revision(db.engine) is None
        assert _tables(db.engine) == set()
    finally:
        db.close()


def test_secret_key_is_generated_once_and_kept(db_url: str) -> None:
    first = open_plans(db_url)
    key = first.secret_key
    first.close()
    second = open_plans(db_url)
    try:
        assert len(key) == 64 and second.secret_key == key
    finally:
        second.close()
    third = open_plans(db_url, secret_key="from-settings")
    assert third.secret_key == "from-settings"
    third.close()
