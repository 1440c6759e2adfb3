"""``kloof plans`` and ``kloof users`` through Typer's runner."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from kloof.cli.main import app
from kloof.plans import SYSTEM, authenticate, get_plan, history, open_plans, verify_api_token

from .conftest import FAST_HASHER

runner = CliRunner()


def _kloof(
    db_url: str, group: str, *args: str, env: dict[str, str] | None = None
) -> tuple[int, str]:
    result = runner.invoke(app, [group, "--db", db_url, *args], env=env)
    return result.exit_code, result.output


def test_plans_init_list_export(db_url: str, tmp_path: Path) -> None:
    code, out = _kloof(db_url, "plans", "init", "nplv:rotterdam-zuid")
    assert code == 0, out
    assert "rotterdam-zuid" in out and "Rotterdam-Zuid" in out
    code, out = _kloof(db_url, "plans", "init", "utrecht-overvecht", "--title", "Overvecht")
    assert code == 0, out
    code, out = _kloof(db_url, "plans", "init", "rotterdam-zuid")
    assert code == 1 and "heeft al een plan" in out
    code, out = _kloof(db_url, "plans", "init", "nplv:atlantis")
    assert code == 1 and "geen gebied van nplv" in out
    code, out = _kloof(db_url, "plans", "init", "foo:rotterdam-zuid")
    assert code == 1 and "onbekende gebiedenset" in out
    code, out = _kloof(db_url, "plans", "list")
    assert code == 0 and "utrecht-overvecht" in out and "Overvecht" in out
    xlsx = tmp_path / "zuid.xlsx"
    code, out = _kloof(db_url, "plans", "export", "rotterdam-zuid", "--output", str(xlsx))
    assert code == 0, out
    assert openpyxl.load_workbook(xlsx)["Plan"]["B2"].value == "rotterdam-zuid"
    csv = tmp_path / "zuid.csv"
    code, out = _kloof(db_url, "plans", "export", "rotterdam-zuid", "-o", str(csv))
    assert code == 0 and csv.read_bytes().startswith(b"\xef\xbb\xbfmaatregel_id;")
    db = open_plans(db_url)
    with db.session() as s:
        assert get_plan(s, SYSTEM, "rotterdam-zuid").title == "Gebiedsplan Rotterdam-Zuid"
        assert {r.actor for r in history(s, SYSTEM)} == {"system"}
    db.close()


def test_users_add_list_token(db_url: str) -> None:
    env = {"KLOOF_NEW_PASSWORD": "een goed wachtwoord"}
    code, out = _kloof(
        db_url,
        "users",
        "add",
        "Jan@Zuid.nl",
        "--role",
        "rotterdam-zuid:editor",
        "--role",
        "nplv:amsterdam-zuidoost:viewer",
        env=env,
    )
    assert code == 0, out
    assert "jan@zuid.nl" in out and "rotterdam-zuid:editor" in out
    code, out = _kloof(db_url, "users", "add", "baas@kloof.nl", "--admin", env=env)
    assert code == 0, out
    code, out = _kloof(db_url, "users", "add", "x@kloof.nl", "--role", "zuid:owner", env=env)
    assert code == 1 and "AREA:ROLE" in out
    code, out = _kloof(db_url, "users", "list")
    assert code == 0 and "baas@kloof.nl" in out and "amsterdam-zuidoost:viewer" in out
    code, out = _kloof(db_url, "users", "token", "jan@zuid.nl")
    assert code == 0, out
    token = out.splitlines()[0].strip()
    db = open_plans(db_url, hasher=FAST_HASHER)
    with db.session() as s:
        assert verify_api_token(s, token).email == "jan@zuid.nl"
        assert authenticate(s, "jan@zuid.nl", "een goed wachtwoord").email == "jan@zuid.nl"
    db.close()


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_users_add_prompts_for_a_hidden_password(db_url: str) -> None:
    result = runner.invoke(
        app,
        ["users", "--db", db_url, "add", "p@kloof.nl"],
        input="een goed wachtwoord\neen goed wachtwoord\n",
        env={"KLOOF_NEW_PASSWORD": ""},
    )
    assert result.exit_code == 0, result.output
    assert "een goed wachtwoord" not in result.output
    code, out = _kloof(db_url, "users", "add", "q@kloof.nl", env={"KLOOF_NEW_PASSWORD": "kort"})
    assert code == 1 and "too short" in out
