"""``kloof plans`` and ``kloof users``: area plans and the accounts that edit them.

Thin adapters over :mod:`kloof.plans`. The database is ``--db URL``, else
``KLOOF_PLANS_DB``, default ``sqlite:///kloof-plans.db``; it is created or migrated to the
newest schema on open. The CLI acts as the ``system`` user: whoever can run it on the
server may do everything, and the audit log records ``system`` as the actor.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kloof.cli._common import console, fail, guarded, state
from kloof.cli._output import FormatOpt, check_format, check_output, emit
from kloof.cli._texts import say, tr
from kloof.errors import SpecError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

app = typer.Typer(
    help="Gebiedsplannen: plan, allianties, maatregelen, bewonersstem (area plans).",
    no_args_is_help=True,
)
users_app = typer.Typer(
    help="Gebruikers en rollen van de gebiedsplannen (users and roles of area plans).",
    no_args_is_help=True,
)

#: Environment variable with the password of ``kloof users add`` (for scripts).
PASSWORD_ENV = "KLOOF_NEW_PASSWORD"

DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db", help="Database URL (default: KLOOF_PLANS_DB or sqlite:///kloof-plans.db)."
    ),
]


class _Options:
    db_url: str | None = None


_options = _Options()


@app.callback()
def plans_root(db: DbOpt = None) -> None:
    """Options of ``kloof plans``."""
    _options.db_url = db


@users_app.callback()
def users_root(db: DbOpt = None) -> None:
    """Options of ``kloof users``."""
    _options.db_url = db


@contextlib.contextmanager
def _session(*, create: bool = True) -> Iterator[Session]:
    """One transaction on the plans database of the settings (or ``--db``).

    With ``create=False`` a SQLite database that does not exist yet is not made: the
    command needs records that only an existing database can hold.
    """
    try:
        from kloof.plans import open_plans
    except ImportError:  # pragma: no cover - depends on the install
        raise fail('the plans extra is not installed: pip install "kloof[plans]"') from None
    settings = state.settings()
    url = _options.db_url or settings.plans_db
    prefix = "sqlite:///"
    file = url[len(prefix) :] if url.startswith(prefix) else ""
    if not create and file not in ("", ":memory:") and not Path(file).exists():
        raise fail(
            say(
                "no plans database at {path}: start one with `kloof plans init` or "
                "`kloof users add`",
                state.lang,
                path=file,
            )
        )
    db = open_plans(url, secret_key=settings.secret_key)
    try:
        with db.session() as session:
            yield session
    finally:
        db.close()


def _area(text: str) -> tuple[str, Any]:
    """The canonical id and the built-in area of ``nplv:rotterdam-zuid`` or ``rotterdam-zuid``."""
    from kloof.monitor import areas
    from kloof.plans import area_id

    canonical = area_id(text)
    set_name = text.strip().lower().partition(":")[0] if ":" in text else None
    names = areas.list_builtin()
    if set_name is not None and set_name not in names:
        raise SpecError(
            tr(
                "{text}: unknown area set {name}, use one of {names}",
                text=repr(text),
                name=repr(set_name),
                names=", ".join(names),
            )
        )
    for name in [set_name] if set_name else names:
        s = areas.builtin(name)
        if canonical in s:
            return canonical, s[canonical]
    where = set_name or f" {tr('or')} ".join(names)
    raise SpecError(
        tr(
            "{area} is no area of {sets}: see `kloof monitor areas --set {first}`",
            area=repr(text),
            sets=where,
            first=names[0],
        )
    )


@app.command("init")
@guarded
def init(
    area: Annotated[str, typer.Argument(help="Area id: nplv:rotterdam-zuid or rotterdam-zuid.")],
    title: Annotated[str | None, typer.Option(help="Title (default: the area's name).")] = None,
) -> None:
    """Maak het gebiedsplan van een gebied aan (create the plan of an area)."""
    from kloof.plans import SYSTEM, create_plan

    canonical, known = _area(area)
    with _session() as s:
        plan = create_plan(s, SYSTEM, canonical, title=title or f"Gebiedsplan {known.name}")
        console.print(f"plan [bold]{plan.area_id}[/]: {plan.title}")


@app.command("list")
@guarded
def list_(fmt: FormatOpt = "table") -> None:
    """Toon alle gebiedsplannen (list the plans)."""
    import pandas as pd

    from kloof.plans import list_plans

    fmt = check_format(fmt)
    with _session() as s:
        rows = [
            {
                "area": p.area_id,
                "title": p.title,
                "partners": len(p.partners),
                "lines": len(p.lines),
                "measures": len(p.measures),
                "version": p.version,
            }
            for p in list_plans(s)
        ]
    columns = ["area", "title", "partners", "lines", "measures", "version"]
    emit(pd.DataFrame(rows, columns=columns), fmt=fmt, title=tr("area plans"), language=state.lang)


@app.command("export")
@guarded
def export(
    area: Annotated[str, typer.Argument(help="Area id: nplv:rotterdam-zuid or rotterdam-zuid.")],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="FILE.xlsx (whole plan) or FILE.csv (measures)."),
    ] = None,
) -> None:
    """Exporteer een gebiedsplan naar XLSX of CSV (export a plan)."""
    from kloof.plans import SYSTEM, area_id, export_plan

    check_output(output, (".xlsx", ".csv"))
    canonical = area_id(area)
    path = output or Path(f"plan-{canonical}.xlsx")
    with _session(create=False) as s:
        out = export_plan(s, SYSTEM, canonical, path)
    console.print(tr("written {path}", path=out), highlight=False)


def _password() -> str:
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env:
        return from_env
    return str(typer.prompt("Wachtwoord / password", hide_input=True, confirmation_prompt=True))


@users_app.command("add")
@guarded
def add(
    email: Annotated[str, typer.Argument(help="E-mail address (the login name).")],
    admin: Annotated[bool, typer.Option("--admin", help="Global administrator.")] = False,
    role: Annotated[
        list[str] | None,
        typer.Option("--role", help="AREA:ROLE, e.g. rotterdam-zuid:editor (repeatable)."),
    ] = None,
) -> None:
    """Voeg een gebruiker toe (add a user; password from a hidden prompt or KLOOF_NEW_PASSWORD)."""
    from kloof.plans import ROLES, SYSTEM, create_user, grant_role

    grants = []
    for item in role or []:
        area, sep, name = item.rpartition(":")
        if not sep or not area or name not in ROLES:
            raise SpecError(f"--role {item!r}: give AREA:ROLE with ROLE one of {', '.join(ROLES)}")
        grants.append((area, name))
    password = _password()
    with _session() as s:
        user = create_user(s, SYSTEM, email, password, is_admin=admin)
        for area, name in grants:
            grant_role(s, SYSTEM, user, area, name)
        roles = ", ".join(f"{r.area_id}:{r.role}" for r in user.roles) or "-"
        console.print(f"user [bold]{user.email}[/] (admin: {user.is_admin}; roles: {roles})")


@users_app.command("list")
@guarded
def list_users_command(fmt: FormatOpt = "table") -> None:
    """Toon alle gebruikers en hun rollen (list users)."""
    import pandas as pd

    from kloof.plans import SYSTEM, list_users

    fmt = check_format(fmt)
    with _session() as s:
        rows = [
            {
                "email": u.email,
                "admin": u.is_admin,
                "active": u.active,
                "roles": ", ".join(f"{r.area_id}:{r.role}" for r in u.roles),
                "created": u.created_at.date().isoformat(),
            }
            for u in list_users(s, SYSTEM)
        ]
    columns = ["email", "admin", "active", "roles", "created"]
    emit(pd.DataFrame(rows, columns=columns), fmt=fmt, title=tr("users"), language=state.lang)


@users_app.command("token")
@guarded
def token(
    email: Annotated[str, typer.Argument(help="E-mail address of the user.")],
    name: Annotated[str, typer.Option(help="Name of the token.")] = "cli",
) -> None:
    """Maak een API-token (create an API token; it is shown only this once)."""
    from kloof.plans import SYSTEM, create_api_token, get_user

    with _session(create=False) as s:
        new = create_api_token(s, SYSTEM, get_user(s, email), name)
    typer.echo(new.token)
    console.print(f"[dim]{tr('keep this token: it is not shown again')}[/]")
