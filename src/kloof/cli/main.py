"""Entry point of the ``kloof`` command.

Exit codes: 0 ok, 1 the command failed (a clear message on standard error), 2 bad usage
(unknown option, language or format). One language per run: ``--lang`` or
``KLOOF_LANGUAGE`` (``nl`` by default) decides help, notes, headers and errors.
"""

from __future__ import annotations

import contextlib
import os
import sys
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from kloof import __version__
from kloof.cli import allocate as allocate_cmd
from kloof.cli import data as data_cmd
from kloof.cli import data_reexpress as _data_reexpress  # noqa: F401  (kloof data reexpress)
from kloof.cli import index as index_cmd
from kloof.cli import monitor as monitor_cmd
from kloof.cli import plans as plans_cmd
from kloof.cli import simulate as simulate_cmd
from kloof.cli import spatial as spatial_cmd
from kloof.cli import web as web_cmd
from kloof.cli._common import state
from kloof.cli._texts import localise, tr
from kloof.report.i18n import LANGUAGES


def _language_of(args: Sequence[str]) -> str:
    """The language asked for on the command line or in the environment (for help)."""
    lang = os.environ.get("KLOOF_LANGUAGE", "nl")
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            lang = args[i + 1]
        elif arg.startswith("--lang="):
            lang = arg.partition("=")[2]
    return lang if lang in LANGUAGES else "nl"


class _KloofGroup(TyperGroup):
    """The root command: translates the whole tree to the run's language first."""

    def main(self, args: Sequence[str] | None = None, *rest: Any, **kwargs: Any) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        localise(self, _language_of(argv))
        try:
            return super().main(argv, *rest, **kwargs)
        finally:  # in-process runs (tests) must not inherit this run's options
            state.store_path = None
            state.language = None


@contextlib.contextmanager
def _warnings_to_stderr() -> Iterator[None]:
    """Warnings of kloof as one short note on standard error (no source line)."""
    from kloof.cli._output import note
    from kloof.errors import KloofWarning

    with warnings.catch_warnings():
        show = warnings.showwarning

        def showwarning(message: Any, category: Any, *args: Any, **kwargs: Any) -> None:
            if issubclass(category, KloofWarning):
                note(f"{tr('note:')} {message}", style="yellow")
            else:
                show(message, category, *args, **kwargs)

        warnings.showwarning = showwarning
        yield


app = typer.Typer(
    cls=_KloofGroup,
    name="kloof",
    help="kloof: meet, selecteer, financier, simuleer en monitor de kloof tussen wijken. "
    "(Measure, select, fund, simulate and monitor the gap between neighbourhoods.)",
    no_args_is_help=True,
    rich_markup_mode="rich",
)
app.add_typer(data_cmd.app, name="data")
app.add_typer(index_cmd.app, name="index")
app.add_typer(allocate_cmd.app, name="allocate")
app.add_typer(spatial_cmd.app, name="spatial")
app.command("map")(spatial_cmd.map_command)
app.command("simulate")(simulate_cmd.simulate)
app.command("serve")(web_cmd.serve)
app.command("report")(web_cmd.report)
app.add_typer(monitor_cmd.app, name="monitor")
app.add_typer(plans_cmd.app, name="plans")
app.add_typer(plans_cmd.users_app, name="users")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kloof {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    store: Annotated[
        Path | None,
        typer.Option("--store", help="Store file (default: KLOOF_STORE or ./kloof.duckdb)."),
    ] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", help="Language: nl (default) or en.")
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show version.")
    ] = False,
) -> None:
    """Global options."""
    from pydantic import ValidationError

    if lang is not None and lang not in LANGUAGES:
        raise typer.BadParameter(
            tr("unknown language {name!r}; use {choices}", name=lang, choices=", ".join(LANGUAGES)),
            param_hint="--lang",
        )
    env_lang = os.environ.get("KLOOF_LANGUAGE")
    if lang is None and env_lang is not None and env_lang not in LANGUAGES:
        state.language = "nl"
        raise typer.BadParameter(
            tr(
                "unknown language {name!r}; use {choices}",
                name=env_lang,
                choices=", ".join(LANGUAGES),
            ),
            param_hint="KLOOF_LANGUAGE",
        )
    state.store_path = store
    state.language = lang
    try:
        state.settings()
    except ValidationError as exc:
        state.language = "nl" if lang is None else lang
        error = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise typer.BadParameter(tr("invalid settings: {error}", error=error)) from None
    ctx.with_resource(_warnings_to_stderr())


def main() -> None:
    """Run the CLI (``kloof ... | head`` ends quietly when the reader stops)."""
    try:
        app()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # no second error when Python flushes
        sys.exit(0)
