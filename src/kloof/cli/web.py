"""``kloof serve`` and ``kloof report``: the dashboard and printable area profiles."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from kloof.cli._common import console, fail, guarded, state
from kloof.cli._output import check_output
from kloof.cli._texts import tr

__all__ = ["report", "serve"]

FORMATS = ("pdf", "html", "xlsx")


@guarded
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.", min=1, max=65535)] = 8000,
    forwarded_allow_ips: Annotated[
        str,
        typer.Option(
            help="Comma-separated addresses of reverse proxies whose X-Forwarded-For is "
            "believed (default: none, the header is ignored)."
        ),
    ] = "",
    workers: Annotated[
        int | None,
        typer.Option(help="Worker processes (default: the number of cores).", min=1, max=64),
    ] = None,
) -> None:
    """Start het dashboard (serve the dashboard; OpenAPI at /api/v1/openapi.json)."""
    import os

    import uvicorn

    settings = state.settings()
    if not Path(settings.store).exists():
        raise fail(f"{settings.store}: no store here; run `kloof data import` first")
    if forwarded_allow_ips:  # checked before anything is started or exported
        from pydantic import ValidationError

        from kloof.settings import Settings

        try:
            Settings(forwarded_allow_ips=forwarded_allow_ips)
        except ValidationError as exc:
            raise fail(f"--forwarded-allow-ips: {exc.errors()[0]['msg']}") from None
    # The app factory reads its settings from the environment (KLOOF_*): pass the
    # command-line options on that way (cli and web are sibling layers: no import).
    os.environ["KLOOF_STORE"] = str(Path(settings.store).resolve())
    os.environ["KLOOF_LANGUAGE"] = settings.language
    if forwarded_allow_ips:
        os.environ["KLOOF_FORWARDED_ALLOW_IPS"] = forwarded_allow_ips
    workers = workers or os.cpu_count() or 1
    if workers > 1 and settings.jobs_dir is None:
        # simulation jobs are asked for by any worker: they keep their state in a folder
        import tempfile

        os.environ["KLOOF_JOBS_DIR"] = tempfile.mkdtemp(prefix="kloof-jobs-")
    stops = tr("Ctrl+C stops")
    console.print(
        f"kloof dashboard: http://{host}:{port}/  (store {settings.store}; "
        f"{tr('{n} worker processes', n=workers)}; {stops})"
    )
    # proxy headers are handled by the app itself, and only from --forwarded-allow-ips
    # (uvicorn's default would believe X-Forwarded-For on any connection from 127.0.0.1)
    uvicorn.run(
        "kloof.web:serve_app",  # create_app with the library notes as log lines
        factory=True,
        host=host,
        port=port,
        log_level="warning",
        proxy_headers=False,
        workers=workers,
    )


def _plans_lookup(lang: str) -> Callable[[str], dict[str, Any] | None] | None:
    """target key → public view of its area's plan, when a plans database exists.

    A missing SQLite file (``KLOOF_PLANS_DB``) means no plans: it is not created here.
    """
    from kloof.plans import database_exists, find_public_view, open_plans

    settings = state.settings()
    if not database_exists(settings.plans_db):
        return None
    db = open_plans(settings.plans_db, secret_key=settings.secret_key)

    def lookup(key: str) -> dict[str, Any] | None:
        if ":" not in key:
            return None
        with db.session() as s:
            return find_public_view(s, key, lang=lang)

    return lookup


@guarded
def report(
    target: Annotated[
        str | None,
        typer.Argument(help="CBS code (WK059910), area (nplv:rotterdam-zuid) or exact name."),
    ] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="pdf, html or xlsx.")] = "pdf",
    all_nplv: Annotated[
        bool, typer.Option("--all-nplv", help="Profiles of every NPLV area into one folder.")
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File (one target) or folder (--all-nplv)."),
    ] = None,
) -> None:
    """Maak een gebiedsprofiel (area profile as PDF, HTML or XLSX)."""
    from kloof.report import FrameCache, render_profile_file, render_set

    fmt = format.lower()
    if fmt not in FORMATS:
        raise fail(f"unknown format {format!r}; use pdf, html or xlsx")
    if (target is None) == (not all_nplv):
        raise fail("give one TARGET or --all-nplv")
    if not all_nplv:  # a file of the format, as every --output: rep → a usage error
        check_output(output, (f".{fmt}",))
    plans = _plans_lookup(state.lang)
    with state.store(read_only=True) as store:
        cache = FrameCache(store)
        lang = state.lang
        if all_nplv:
            folder = output or Path("profiles-nplv")
            with console.status(tr("profiles → {folder}", folder=folder)):
                written = render_set(
                    cache, "nplv", folder, formats=(fmt,), language=lang, plans=plans
                )
            for path in written:
                console.print(f"[green]+[/] {path}")
            console.print(tr("{n} profiles → {folder}", n=len(written), folder=folder))
            return
        assert target is not None
        out = output or Path(f"kloof-{target.replace(':', '-').replace('/', '-')}.{fmt}")
        with console.status(tr("profile {target}", target=target)):
            path = render_profile_file(cache, target, out, format=fmt, language=lang, plans=plans)
        console.print(f"[green]+[/] {path}")
