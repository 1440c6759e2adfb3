"""Area plans over HTTP: login, sessions, CSRF, roles on every write route, the
questionnaire's privacy and abuse protection, the lost-update case, the JSON API.

A real app (``create_app``) on the real-data store, with its own plans database
(migrated by ``open_plans``), driven by Starlette's TestClient. Every test runs twice:
on a SQLite file and on a throwaway PostgreSQL database (``pg_database``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher

from kloof.plans import (
    SYSTEM,
    add_line,
    add_partner,
    create_plan,
    create_user,
    grant_role,
    open_plans,
)
from kloof.settings import Settings

PASSWORD = "correct horse battery"
AREA = "rotterdam-zuid"
OTHER = "den-haag-zuidwest"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def plans_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The plans database of the module's app, on each backend in turn."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('plans') / 'plans.db'}"
    else:
        url = str(request.getfixturevalue("pg_database")("kloof_web"))
    db = open_plans(url, hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    with db.session() as s:
        admin = create_user(s, SYSTEM, "admin@example.org", PASSWORD, is_admin=True)
        for email, area, role in [
            ("editor@example.org", AREA, "editor"),
            ("viewer@example.org", AREA, "viewer"),
            ("other@example.org", OTHER, "editor"),
            ("areaadmin@example.org", AREA, "area_admin"),
        ]:
            user = create_user(s, SYSTEM, email, PASSWORD)
            grant_role(s, SYSTEM, user, area, role)
        create_plan(s, admin, f"nplv:{AREA}", title="Zuid werkt")
        add_partner(s, admin, AREA, "Woonstad Rotterdam", "corporatie")
        add_line(s, admin, AREA, "toeleiding_werk", "Werk in Zuid", targets=["work"])
        create_plan(s, admin, OTHER, title="Zuidwest aan zet")
    db.close()
    return url


@pytest.fixture(scope="module")
def plans_app(web_store: Path, plans_url: str) -> Any:
    from kloof.web import create_app

    return create_app(
        Settings(store=web_store, language="nl", plans_db=plans_url, secret_key="test-key")
    )


@pytest.fixture()
def anon(plans_app: Any) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    with TestClient(plans_app) as c:
        yield c


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "page has a CSRF field"
    return match.group(1)


def login(client: Any, email: str) -> str:
    """Log in through the form; returns the session's CSRF token (from the plan page)."""
    form = client.get("/inloggen")
    r = client.post(
        "/inloggen",
        data={"email": email, "password": PASSWORD, "csrf": _csrf(form.text), "next": "/plannen"},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    return _csrf(client.get(f"/plannen/{AREA}").text)


@pytest.fixture()
def as_user(plans_app: Any) -> Any:
    from fastapi.testclient import TestClient

    clients: list[Any] = []

    def make(email: str) -> tuple[Any, str]:
        c = TestClient(plans_app)
        c.__enter__()
        clients.append(c)
        return c, login(c, email)

    yield make
    for c in clients:
        c.__exit__(None, None, None)


def test_public_plan_page_shows_no_personal_data(anon: Any) -> None:
    r = anon.get(f"/plannen/{AREA}")
    assert r.status_code == 200
    assert "Zuid werkt" in r.text and "Woonstad Rotterdam" in r.text
    assert "@example.org" not in r.text
    assert 'action="/plannen/rotterdam-zuid/maatregelen"' not in r.text  # no editor
    api = anon.get(f"/api/v1/plans/{AREA}").json()
    assert api["title"] == "Zuid werkt" and "@" not in str(api)
    assert anon.get("/plannen/geen-gebied").status_code == 404


def test_login_sets_a_safe_session_cookie_and_logout_revokes_it(as_user: Any) -> None:
    client, csrf = as_user("editor@example.org")
    cookie = next(c for c in client.cookies.jar if c.name == "kloof_sessie")
    assert cookie.has_nonstandard_attr("HttpOnly")
    page = client.get(f"/plannen/{AREA}").text
    assert "editor@example.org" in page and "maatregelen" in page
    sid = cookie.value
    r = client.post("/uitloggen", data={"csrf": csrf}, follow_redirects=False)
    assert r.status_code == 303
    # the old session id no longer works, even if replayed
    client.cookies.set("kloof_sessie", sid)
    after = client.post(
        f"/plannen/{AREA}/partners", data={"name": "X", "type": "school", "csrf": csrf}
    )
    assert after.status_code == 401


def test_wrong_password_and_login_without_csrf_are_refused(anon: Any) -> None:
    form = anon.get("/inloggen")
    bad = anon.post(
        "/inloggen",
        data={
            "email": "editor@example.org",
            "password": "wrong password!",
            "csrf": _csrf(form.text),
        },
    )
    assert bad.status_code == 401 and "Onbekend e-mailadres" in bad.text
    no_csrf = anon.post("/inloggen", data={"email": "editor@example.org", "password": PASSWORD})
    assert no_csrf.status_code == 403


def test_csrf_is_required_on_every_session_write(as_user: Any) -> None:
    client, csrf = as_user("editor@example.org")
    data = {"name": "Basisschool De Klimop", "type": "school"}
    assert client.post(f"/plannen/{AREA}/partners", data=data).status_code == 403
    assert (
        client.post(f"/plannen/{AREA}/partners", data=data | {"csrf": "x" * 40}).status_code == 403
    )
    ok = client.post(
        f"/plannen/{AREA}/partners", data=data | {"csrf": csrf}, follow_redirects=False
    )
    assert ok.status_code == 303
    assert "Basisschool De Klimop" in client.get(f"/plannen/{AREA}").text


WRITES: list[tuple[str, dict[str, str]]] = [
    ("/plannen/{a}/plan", {"title": "T", "vision": "V", "version": "{plan_version}"}),
    ("/plannen/{a}/partners", {"name": "Politie", "type": "politie"}),
    ("/plannen/{a}/lijnen", {"task": "schuldhulp", "title": "Schulden"}),
    ("/plannen/{a}/maatregelen", {"title": "Schuldenpunt", "task": "schuldhulp"}),
    ("/plannen/{a}/maatregelen/{m}", {"title": "M", "status": "lopend", "version": "{mv}"}),
    ("/plannen/{a}/maatregelen/{m}/budget", {"budget": "2026; 100; Rijk", "version": "{mv}"}),
    ("/plannen/{a}/maatregelen/{m}/voortgang", {"date": "2026-11-01", "status": "lopend"}),
    ("/plannen/{a}/maatregelen/{m}/verwijderen", {"version": "{mv}"}),
    ("/plannen/{a}/rollen", {"email": "viewer@example.org", "role": "editor"}),
]


def _measure(plans_url: str, area: str) -> tuple[int, int, int]:
    """(plan version, a measure id, its version) of ``area``, making a measure if needed."""
    from kloof.plans import add_measure, find_plan

    db = open_plans(plans_url)
    try:
        with db.session() as s:
            plan = find_plan(s, area)
            assert plan is not None
            if not plan.measures:
                add_measure(s, SYSTEM, area, title="Buurtteam", task="kinderen_jeugd")
                s.flush()
            m = plan.measures[0]
            return plan.version, m.id, m.version
    finally:
        db.close()


@pytest.mark.parametrize("email", ["viewer@example.org", "other@example.org", None])
def test_no_write_route_is_open_to_viewers_other_areas_or_anonymous(
    email: str | None, as_user: Any, anon: Any, plans_url: str
) -> None:
    client, csrf = as_user(email) if email else (anon, _csrf(anon.get("/inloggen").text))
    pv, m, mv = _measure(plans_url, AREA)
    for path, data in WRITES:
        url = path.format(a=AREA, m=m)
        body = {k: v.format(plan_version=pv, mv=mv) for k, v in data.items()} | {"csrf": csrf}
        r = client.post(url, data=body, follow_redirects=False)
        expected = 401 if email is None else 403
        assert r.status_code == expected, (email, url, r.status_code, r.text[:300])
    assert _measure(plans_url, AREA) == (pv, m, mv)  # nothing changed


def test_editor_edits_own_area_and_every_change_is_in_the_audit_log(
    as_user: Any, plans_url: str
) -> None:
    from kloof.plans import history

    client, csrf = as_user("editor@example.org")
    r = client.post(
        f"/plannen/{AREA}/maatregelen",
        data={
            "title": "Taalhuis Zuid",
            "task": "onderwijsachterstanden",
            "status": "gepland",
            "start_date": "2026-01-01",
            "budget": "2026; 250.000; Rijk (NPLV)\n2027; 300000; gemeente",
            "csrf": csrf,
        },
        follow_redirects=False,
    )
    assert r.status_code == 303 and "#maatregel-" in r.headers["location"]
    page = client.get(f"/plannen/{AREA}").text
    assert "Taalhuis Zuid" in page and "250.000" in page
    db = open_plans(plans_url)
    with db.session() as s:
        from kloof.plans import get_user

        editor_id = str(get_user(s, "editor@example.org").id)
        rows = history(s, SYSTEM, area_id=AREA)
        created = [
            r
            for r in rows
            if r.action == "measure.create" and r.after and r.after.get("title") == "Taalhuis Zuid"
        ]
        assert created and created[0].actor == editor_id and created[0].before is None
    db.close()


def test_second_writer_is_told_and_nothing_is_overwritten(as_user: Any, plans_url: str) -> None:
    first, csrf1 = as_user("editor@example.org")
    second, csrf2 = as_user("areaadmin@example.org")
    _, m, version = _measure(plans_url, AREA)
    url = f"/plannen/{AREA}/maatregelen/{m}"
    a = first.post(
        url,
        data={"title": "Versie A", "status": "lopend", "version": version, "csrf": csrf1},
        follow_redirects=False,
    )
    assert a.status_code == 303
    b = second.post(
        url, data={"title": "Versie B", "status": "gestopt", "version": version, "csrf": csrf2}
    )
    assert b.status_code == 409 and "iemand anders" in b.text
    page = first.get(f"/plannen/{AREA}").text
    assert "Versie A" in page and "Versie B" not in page


def test_questionnaire_is_anonymous_once_per_device_and_shown_on_the_profile(
    plans_app: Any, plans_url: str
) -> None:
    from fastapi.testclient import TestClient

    from kloof.plans.models import SurveyResponse

    answers = [
        ("toeleiding_werk", ["taalmaatje"]),
        ("toeleiding_werk", []),
        ("schuldhulp", ["taalmaatje", "buurtpreventie"]),
    ]
    for task, solutions in answers:
        with TestClient(plans_app) as device:
            form = device.get(f"/bewoners/{AREA}")
            assert form.status_code == 200 and "anoniem" in form.text
            data = {
                "biggest_task": task,
                "solutions": solutions,
                "csrf": _csrf(form.text),
                "website": "",
            }
            r = device.post(f"/bewoners/{AREA}", data=data, headers={"x-forwarded-for": "10.1.2.3"})
            assert r.status_code == 200, r.text[:500]
            again = device.post(f"/bewoners/{AREA}", data=data)
            assert again.status_code == 409 and "al ingevuld" in again.text
    with TestClient(plans_app) as c:
        profile = c.get(f"/gebied/nplv:{AREA}").text
    assert "Wat bewoners zeggen" in profile
    # 2 of 3 chose work: 67 %; 2 of 3 would be a language buddy
    assert re.search(r"Toeleiding naar werk</td>\s*<td[^>]*>2</td><td[^>]*>67%", profile)
    assert re.search(r"Taalmaatje</td>\s*<td[^>]*>2</td><td[^>]*>67%", profile)
    db = open_plans(plans_url)
    with db.session() as s:
        stored = s.query(SurveyResponse).all()
        columns = set(SurveyResponse.__table__.columns.keys())
        assert not {"ip", "ip_address", "name", "email", "user_agent"} & columns
        assert all("10.1.2.3" not in str(vars(r)) for r in stored)
    db.close()


def test_questionnaire_rejects_bots_big_bodies_and_floods(plans_app: Any) -> None:
    from fastapi.testclient import TestClient

    with TestClient(plans_app) as c:
        csrf = _csrf(c.get(f"/bewoners/{AREA}").text)
        bot = c.post(
            f"/bewoners/{AREA}",
            data={"biggest_task": "schuldhulp", "csrf": csrf, "website": "http://spam"},
        )
        assert bot.status_code == 422
        huge = c.post(
            f"/bewoners/{AREA}",
            data={"biggest_task": "schuldhulp", "csrf": csrf, "free_text": "x" * 40_000},
        )
        assert huge.status_code == 413
        no_csrf = c.post(f"/bewoners/{AREA}", data={"biggest_task": "schuldhulp"})
        assert no_csrf.status_code == 403
        codes = [
            c.post(f"/bewoners/{AREA}", data={"biggest_task": "?", "csrf": csrf}).status_code
            for _ in range(25)
        ]
        assert 429 in codes  # the per-client limit (20 an hour) holds


def test_api_token_writes_and_conflicts(plans_app: Any, plans_url: str) -> None:
    from fastapi.testclient import TestClient

    from kloof.plans import create_api_token, get_user

    db = open_plans(plans_url)
    with db.session() as s:
        token = create_api_token(s, SYSTEM, get_user(s, "editor@example.org")).token
        other = create_api_token(s, SYSTEM, get_user(s, "other@example.org")).token
    db.close()
    auth = {"Authorization": f"Bearer {token}"}
    with TestClient(plans_app) as c:
        body = {
            "title": "Jongerenwerk",
            "task": "kinderen_jeugd",
            "budget": [{"year": 2026, "amount_eur": 80000, "source": "gemeente"}],
        }
        assert c.post(f"/api/v1/plans/{AREA}/measures", json=body).status_code == 401
        r = c.post(f"/api/v1/plans/{AREA}/measures", json=body, headers=auth)
        assert r.status_code == 201, r.text
        m = r.json()
        assert m["budget"][0]["amount_eur"] == 80000
        denied = c.post(
            f"/api/v1/plans/{AREA}/measures",
            json=body,
            headers={"Authorization": f"Bearer {other}"},
        )
        assert denied.status_code == 403 and "error" in denied.json()
        bad = c.post(
            f"/api/v1/plans/{AREA}/measures", json=body, headers={"Authorization": "Bearer nope"}
        )
        assert bad.status_code == 401
        url = f"/api/v1/plans/{AREA}/measures/{m['id']}"
        ok = c.patch(url, json={"version": m["version"], "status": "lopend"}, headers=auth)
        assert ok.status_code == 200 and ok.json()["version"] == m["version"] + 1
        stale = c.patch(url, json={"version": m["version"], "status": "gestopt"}, headers=auth)
        assert stale.status_code == 409 and "someone else" in stale.json()["error"]["message"]
        survey = c.get(f"/api/v1/plans/{AREA}/survey").json()
        assert survey["area_id"] == AREA
        assert c.get(f"/api/v1/plans/{AREA}/audit").status_code == 401


def test_exports_need_a_role_and_open_as_files(as_user: Any, anon: Any) -> None:
    import io

    import openpyxl

    assert anon.get(f"/plannen/{AREA}/export.xlsx").status_code == 403
    client, _ = as_user("viewer@example.org")
    xlsx = client.get(f"/plannen/{AREA}/export.xlsx")
    assert xlsx.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert "Maatregelen" in book.sheetnames and "Partners" in book.sheetnames
    csv = client.get(f"/plannen/{AREA}/export.csv")
    assert csv.status_code == 200 and csv.content.startswith(b"\xef\xbb\xbf")


def test_plan_texts_exist_in_both_languages() -> None:
    from kloof.web.plans_view import PLAN_TEXTS

    assert set(PLAN_TEXTS["nl"]) == set(PLAN_TEXTS["en"])


def test_printed_profile_contains_the_plan(anon: Any) -> None:
    import io

    from pypdf import PdfReader

    html = anon.get(f"/gebied/nplv:{AREA}/download/html")
    assert html.status_code == 200 and "Gebiedsplan: Zuid werkt" in html.text
    assert "Woonstad Rotterdam" in html.text
    pdf = anon.get(f"/gebied/nplv:{AREA}/download/pdf")
    assert pdf.status_code == 200
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Gebiedsplan: Zuid werkt" in text and "Rotterdam-Zuid" in text


def test_cli_report_includes_the_plan(
    web_store: Path, plans_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from kloof.cli.main import app

    monkeypatch.setenv("KLOOF_PLANS_DB", plans_url)
    out = tmp_path / "zuid.html"
    args = ["--store", str(web_store), "report", f"nplv:{AREA}", "--format", "html", "-o", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "Gebiedsplan: Zuid werkt" in out.read_text(encoding="utf-8")


def test_fuzzing_the_plans_api_as_an_editor_gives_no_server_error(
    plans_app: Any, plans_url: str
) -> None:
    import schemathesis
    from hypothesis import HealthCheck, given, settings

    from kloof.plans import create_api_token, get_user

    db = open_plans(plans_url)
    with db.session() as s:
        token = create_api_token(s, SYSTEM, get_user(s, "areaadmin@example.org"), "fuzz").token
    db.close()
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", plans_app)
    ops = [r.ok() for r in schema.get_all_operations()]
    ops = [op for op in ops if op.path.startswith("/api/v1/plans")]
    assert len(ops) >= 7
    failures: list[str] = []
    for op in ops:

        @settings(
            max_examples=25,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        @given(case=op.as_strategy())
        def run(case: Any) -> None:
            if case.path_parameters and "area" in case.path_parameters:
                case.path_parameters["area"] = AREA  # mostly the real area, so writes happen
            r = case.call(headers={"Authorization": f"Bearer {token}"})
            assert r.status_code < 500, f"{case.method} {case.formatted_path}: {r.text[:300]}"
            if r.status_code >= 400:
                assert r.json()["error"]["message"]

        try:
            run()
        except AssertionError as exc:
            failures.append(f"{op.method} {op.path}: {exc}")
    assert not failures, "\n".join(failures)
