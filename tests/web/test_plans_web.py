"""Area plans over HTTP: login, sessions, CSRF, roles on every write route, the
questionnaire's privacy and abuse protection, the lost-update case, the JSON API.

A real app (``create_app``) on the real-data store, with its own plans database
(migrated by ``open_plans``), driven by Starlette's TestClient. Every test runs twice:
on a SQLite file and on a throwaway PostgreSQL database (``pg_database``).
"""

from __future__ import annotations

import itertools
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


_ADDRESSES = itertools.count()


@pytest.fixture()
def anon(plans_app: Any) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    # an own address per test: the per-address limits of one test do not spill over
    with TestClient(plans_app, client=(f"203.0.113.{next(_ADDRESSES) % 250 + 1}", 50000)) as c:
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
        # each user on an own address, as people are: the login limit counts per address
        c = TestClient(plans_app, client=(f"198.51.100.{next(_ADDRESSES) % 250 + 1}", 50000))
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
    from kloof.web.plans_view import plan_texts

    assert set(plan_texts("nl")) == set(plan_texts("en"))
    assert (plan_texts("nl")["save"], plan_texts("en")["save"]) == ("Opslaan", "Save")


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
    monkeypatch.delenv("KLOOF_LANGUAGE", raising=False)  # the default (Dutch), whatever ran before
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


# ------------------------------------------------------------------ issue 13: hardening
def _app(web_store: Path, plans_url: str, **settings: Any) -> Any:
    """A new app (own rate limits) on the module's plans database."""
    from kloof.web import create_app

    return create_app(
        Settings(
            store=web_store, language="nl", plans_db=plans_url, secret_key="test-key", **settings
        )
    )


def test_security_headers_and_no_store_for_logged_in_pages(as_user: Any, anon: Any) -> None:
    public = anon.get(f"/plannen/{AREA}")
    h = public.headers
    csp = h["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "script-src 'self' 'nonce-" in csp and "unsafe-eval" not in csp
    assert "object-src 'none'" in csp and "worker-src 'self' blob:" in csp  # MapLibre
    assert h["x-frame-options"] == "DENY" and h["x-content-type-options"] == "nosniff"
    assert h["referrer-policy"] == "same-origin"
    assert h["cache-control"] == "no-store"  # plan pages carry CSRF tokens
    again = anon.get(f"/plannen/{AREA}").headers["content-security-policy"]
    assert again != csp  # a new nonce per response
    home = anon.get("/api/v1/plans")
    assert home.headers["x-frame-options"] == "DENY"
    css = anon.get("/assets/kloof.css").headers
    assert css["cache-control"].startswith("public") and css["x-content-type-options"] == "nosniff"
    client, _ = as_user("editor@example.org")
    for path in ("/", "/api/v1/plans", f"/plannen/{AREA}"):
        r = client.get(path)
        assert r.headers["cache-control"] == "no-store", path
        assert r.headers["x-frame-options"] == "DENY", path
    assert client.get("/assets/kloof.css").headers["cache-control"].startswith("public")


def test_large_and_chunked_bodies_are_refused_before_the_login(anon: Any) -> None:
    """413 with a Dutch message for an anonymous client (before the 401 of the login
    check), whether the size is declared or the body comes in chunks without a length."""
    api = f"/api/v1/plans/{AREA}/measures"
    declared = anon.post(api, content=b" " * 40_000, headers={"content-type": "application/json"})
    assert declared.status_code == 413
    assert "te groot" in declared.json()["error"]["message"]

    def chunks() -> Iterator[bytes]:
        for _ in range(10):
            yield b" " * 8192

    chunked = anon.post(api, content=chunks(), headers={"content-type": "application/json"})
    assert chunked.status_code == 413, chunked.text[:200]
    assert "te groot" in chunked.json()["error"]["message"]
    form = anon.post(
        f"/plannen/{AREA}/partners",
        content=chunks(),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert form.status_code == 413 and "te groot" in form.text
    small = anon.post(api, json={"title": "x", "task": "schuldhulp"})
    assert small.status_code == 401  # the limit does not get in the way of normal writes


def test_a_streamed_body_is_cut_off_while_it_is_read(
    web_store: Path, plans_url: str, serve_app: Any
) -> None:
    """On a real server, a chunked 100 MB body is answered with 413 after about 32 KB:
    the server does not read (let alone keep) the rest."""
    import select
    import socket

    with serve_app(_app(web_store, plans_url)) as url:
        host, port = url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            sock.sendall(
                f"POST /api/v1/plans/{AREA}/measures HTTP/1.1\r\nHost: {host}\r\n"
                "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n".encode()
            )
            chunk = b"%x\r\n%s\r\n" % (65536, b" " * 65536)
            sent = 0
            answer = b""
            try:
                while sent < 100_000_000:
                    readable, _, _ = select.select([sock], [], [], 0)
                    if readable:
                        break
                    sock.sendall(chunk)
                    sent += 65536
            except OSError:  # the server closed the connection: fine
                pass
            sock.settimeout(10)
            try:
                while b"\r\n\r\n" not in answer:
                    part = sock.recv(4096)
                    if not part:
                        break
                    answer += part
            except OSError:
                pass
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert sent < 50_000_000, sent  # answered long before the body was sent


def test_forwarded_for_counts_only_from_configured_proxies(web_store: Path, plans_url: str) -> None:
    """Rotating X-Forwarded-For headers do not dodge the login limit (10 per 10 minutes)
    unless the connection comes from a proxy named in --forwarded-allow-ips."""
    from fastapi.testclient import TestClient

    def attempts(app: Any) -> list[int]:
        with TestClient(app, client=("127.0.0.1", 50000)) as c:
            csrf = _csrf(c.get("/inloggen").text)
            return [
                c.post(
                    "/inloggen",
                    data={"email": f"n{n}@example.org", "password": "wrong!", "csrf": csrf},
                    headers={"x-forwarded-for": f"10.0.0.{n}"},
                ).status_code
                for n in range(12)
            ]

    assert attempts(_app(web_store, plans_url))[-2:] == [429, 429]
    trusted = attempts(_app(web_store, plans_url, forwarded_allow_ips="127.0.0.1"))
    assert set(trusted) == {401}  # each forwarded client has its own count
    with pytest.raises(ValueError, match="no IP address"):
        Settings(forwarded_allow_ips="proxy.example.org")


def test_failed_logins_back_off_per_account(web_store: Path, plans_url: str) -> None:
    """After 5 wrong passwords an account is refused for a while, from every address and
    even with the right password; other accounts are not affected."""
    from fastapi.testclient import TestClient

    app = _app(web_store, plans_url, forwarded_allow_ips="127.0.0.1")
    with TestClient(app, client=("127.0.0.1", 50000)) as c:
        csrf = _csrf(c.get("/inloggen").text)

        def attempt(email: str, password: str, address: str) -> int:
            return int(
                c.post(
                    "/inloggen",
                    data={"email": email, "password": password, "csrf": csrf},
                    headers={"x-forwarded-for": address},
                    follow_redirects=False,
                ).status_code
            )

        wrong = [attempt("Editor@example.org", "wrong!", f"10.1.0.{n}") for n in range(6)]
        assert wrong == [401] * 5 + [429]
        locked = c.post(
            "/inloggen",
            data={"email": "editor@example.org", "password": PASSWORD, "csrf": csrf},
            headers={"x-forwarded-for": "10.2.0.1"},
            follow_redirects=False,
        )
        assert locked.status_code == 429 and "Te veel pogingen" in locked.text
        assert attempt("viewer@example.org", PASSWORD, "10.3.0.1") == 303


def test_logging_in_again_while_logged_in(as_user: Any, plans_url: str) -> None:
    client, _ = as_user("editor@example.org")
    old = client.cookies.get("kloof_sessie")
    form = client.get("/inloggen")
    r = client.post(
        "/inloggen",
        data={"email": "areaadmin@example.org", "password": PASSWORD, "csrf": _csrf(form.text)},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text[:300]
    new = r.cookies.get("kloof_sessie")
    assert new and new != old
    assert "areaadmin@example.org" in client.get(f"/plannen/{AREA}").text
    client.cookies.set("kloof_sessie", old)  # the old session was revoked
    assert "editor@example.org" not in client.get(f"/plannen/{AREA}").text


def test_bad_input_is_refused_at_the_door(as_user: Any, anon: Any, plans_url: str) -> None:
    """NUL and other control characters, ids beyond 2^63, odd digits and bad targets give
    404/422 on both backends, and nothing is stored (the exports keep working)."""
    client, csrf = as_user("editor@example.org")
    pv, m, mv = _measure(plans_url, AREA)
    measure = {"task": "schuldhulp", "csrf": csrf}
    huge = 2**70
    cases: list[tuple[str, dict[str, Any], set[int]]] = [
        (f"/plannen/{AREA}/maatregelen", measure | {"title": "Taal\x00huis"}, {422}),
        (f"/plannen/{AREA}/maatregelen", measure | {"title": "Taal\x1bhuis"}, {422}),
        (f"/plannen/{AREA}/partners", {"name": "A\x00", "type": "school", "csrf": csrf}, {422}),
        (
            f"/plannen/{AREA}/maatregelen",
            measure | {"title": "Taalhuis", "budget": "2026; ²³; Rijk"},
            {422},
        ),
        (f"/plannen/{AREA}/maatregelen", measure | {"title": "T", "line_id": str(huge)}, {422}),
        (
            f"/plannen/{AREA}/maatregelen/{huge}",
            {"title": "X", "status": "lopend", "version": "1", "csrf": csrf},
            {404, 422},
        ),
        (
            f"/plannen/{AREA}/maatregelen/{huge}/verwijderen",
            {"version": "1", "csrf": csrf},
            {404, 422},
        ),
        (f"/plannen/{AREA}/partners/{huge}/verwijderen", {"csrf": csrf}, {404, 422}),
        (
            f"/plannen/{AREA}/maatregelen/{m}",
            {"title": "X", "status": "lopend", "version": str(huge), "csrf": csrf},
            {422},
        ),
        (
            f"/plannen/{AREA}/lijnen",
            {"task": "schuldhulp", "title": "S", "targets": "work, <script>", "csrf": csrf},
            {422},
        ),
        (
            f"/plannen/{AREA}/maatregelen/{m}/voortgang",
            {"date": "2026-01-01", "status": "lopend", "note": "a\x00b", "csrf": csrf},
            {422},
        ),
    ]
    for url, data, expected in cases:
        r = client.post(url, data=data, follow_redirects=False)
        assert r.status_code in expected, (url, data, r.status_code, r.text[:300])
    api = client.post(
        f"/api/v1/plans/{AREA}/measures",
        json={"title": "Taal\x00huis", "task": "schuldhulp"},
        headers={"x-csrf-token": csrf},
    )
    assert api.status_code == 422 and "error" in api.json()
    form = anon.get(f"/bewoners/{AREA}")
    answer = anon.post(
        f"/bewoners/{AREA}",
        data={"biggest_task": "schuldhulp", "free_text": "a\x00b", "csrf": _csrf(form.text)},
    )
    assert answer.status_code == 422
    assert _measure(plans_url, AREA) == (pv, m, mv)
    assert client.get(f"/plannen/{AREA}/export.xlsx").status_code == 200
    assert client.get(f"/plannen/{AREA}/export.csv").status_code == 200


def test_refusals_do_not_show_user_ids(as_user: Any, plans_url: str) -> None:
    from kloof.plans import get_user

    client, csrf = as_user("viewer@example.org")
    r = client.post(f"/plannen/{AREA}/partners", data={"name": "X", "type": "school", "csrf": csrf})
    assert r.status_code == 403 and "this account may not" in r.text
    db = open_plans(plans_url)
    with db.session() as s:
        viewer_id = get_user(s, "viewer@example.org").id
    db.close()
    assert f"user {viewer_id}" not in r.text


def test_store_trouble_shows_a_generic_dutch_message(
    plans_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """503 pages name neither the store's path nor a process: those go to the log."""
    from fastapi.testclient import TestClient

    missing = tmp_path / "geheim" / "kloof.duckdb"
    with TestClient(_app(missing, plans_url)) as c, caplog.at_level("WARNING", "kloof.web"):
        page = c.get("/")
        api = c.get("/api/v1/regions", params={"year": 2023, "level": "gemeente"})
    assert page.status_code == 503 and api.status_code == 503
    for r in (page, api):
        assert "geheim" not in r.text and "niet beschikbaar" in r.text
    assert "geheim" in caplog.text


def test_formula_like_titles_stay_text_in_the_web_exports(as_user: Any) -> None:
    import csv
    import io

    import openpyxl

    client, csrf = as_user("editor@example.org")
    attack = "=cmd|' /C calc'!A0"
    r = client.post(
        f"/plannen/{AREA}/maatregelen",
        data={"title": attack, "task": "schuldhulp", "budget": f"2026; 5; {attack}", "csrf": csrf},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text[:300]
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"/plannen/{AREA}/export.xlsx").content))
    cells = [c for ws in book for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert attack in [c.value for c in book["Maatregelen"]["B"]]
    text = client.get(f"/plannen/{AREA}/export.csv").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    mine = [row for row in rows if row["maatregel"].endswith(attack)]
    assert mine and mine[0]["maatregel"] == "'" + attack
    assert mine[0]["financieringsbron"] == "'" + attack


def test_questionnaire_audit_keeps_the_date_only_and_flags_repeats(
    plans_app: Any, plans_url: str
) -> None:
    """Clearing the device cookie allows another answer, but it is flagged as a repeat of
    the same client; the audit log has no time of day and no row id of an answer."""
    from fastapi.testclient import TestClient
    from sqlalchemy import select

    from kloof.plans.models import AuditLog, SurveyClient, SurveyResponse

    for _ in range(3):
        with TestClient(plans_app, client=("192.0.2.7", 40000)) as device:  # fresh cookies
            form = device.get(f"/bewoners/{OTHER}")
            r = device.post(
                f"/bewoners/{OTHER}",
                data={"biggest_task": "schuldhulp", "csrf": _csrf(form.text), "website": ""},
            )
            assert r.status_code == 200, r.text[:300]
    db = open_plans(plans_url)
    with db.session() as s:
        answers = s.scalars(select(SurveyResponse).where(SurveyResponse.area_id == OTHER)).all()
        assert sorted(a.repeat_client for a in answers) == [False, True, True]
        audit = s.scalars(
            select(AuditLog).where(AuditLog.action == "survey.submit", AuditLog.area_id == OTHER)
        ).all()
        assert len(audit) == 3
        assert all(
            a.entity_id == "-" and (a.at.hour, a.at.minute, a.at.second) == (0, 0, 0) for a in audit
        )
        clients = s.scalars(select(SurveyClient).where(SurveyClient.area_id == OTHER)).all()
        assert [c.answers for c in clients] == [3]
        assert "192.0.2.7" not in str([vars(c) for c in clients])
    db.close()
    summary = TestClient(plans_app).get(f"/api/v1/plans/{OTHER}/survey").json()
    assert summary["periods"][0]["repeats"] == 2


def test_serve_refuses_a_proxy_that_is_no_address(
    web_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`kloof serve --forwarded-allow-ips` takes addresses or networks; anything else is a
    clear error before a server starts or the environment changes."""
    import os

    from typer.testing import CliRunner

    from kloof.cli.main import app

    for name in ("KLOOF_FORWARDED_ALLOW_IPS", "KLOOF_STORE", "KLOOF_LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    args = ["--store", str(web_store), "serve", "--forwarded-allow-ips", "proxy.example.org"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1 and "no IP address" in result.output
    assert "Traceback" not in result.output
    assert not {"KLOOF_FORWARDED_ALLOW_IPS", "KLOOF_STORE", "KLOOF_LANGUAGE"} & set(os.environ)
