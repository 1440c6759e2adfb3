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
from typer.core import TyperCommand, TyperGroup

from kloof import __version__
from kloof.cli._common import state
from kloof.cli._texts import LANGUAGES, localise, text, tr
from kloof.i18n import N_


def _language_of(args: Sequence[str]) -> str:
    """The language asked for on the command line or in the environment (for help)."""
    lang = os.environ.get("KLOOF_LANGUAGE", "nl")
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            lang = args[i + 1]
        elif arg.startswith("--lang="):
            lang = arg.partition("=")[2]
    return lang if lang in LANGUAGES else "nl"


#: Commands by name: (module in kloof.cli, attribute, a group of subcommands?). A
#: module is imported only when its command runs, so ``kloof --help`` and ``kloof data
#: status`` do not pay for pandas-heavy modules such as ``allocate``.
_COMMANDS: dict[str, tuple[str, str, bool]] = {
    "data": ("data", "app", True),
    "index": ("index", "app", True),
    "allocate": ("allocate", "app", True),
    "spatial": ("spatial", "app", True),
    "map": ("spatial", "map_command", False),
    "simulate": ("simulate", "simulate", False),
    "serve": ("web", "serve", False),
    "report": ("web", "report", False),
    "monitor": ("monitor", "app", True),
    "plans": ("plans", "app", True),
    "users": ("plans", "users_app", True),
}

#: The help text of each command as written in its module (``typer.Typer(help=...)`` or
#: the docstring; a test checks they agree), for ``kloof --help`` without the imports.
_HELP: dict[str, str] = {
    "data": N_("Gegevens importeren en bekijken (import and inspect data)."),
    "index": N_("Samengestelde index: bouwen, uitleggen, onzekerheid (the composite index)."),
    "allocate": N_(
        "Budget verdelen, uitleggen en vergelijken (allocate a budget, explain, "
        "compare). `kloof allocate RULE.yaml` runs a rule; RULE may be a file or a shipped "
        "scenario."
    ),
    "spatial": N_(
        "Ruimtelijke analyse: hot spots, focusgebieden, segregatie, de kloof "
        "(where the pressure is)."
    ),
    "map": N_("Kaart van een indicator of index (choropleth, Dutch legend; or a QGIS layer)."),
    "simulate": N_("Simuleer woningtoewijzing (simulate who gets which home, against a baseline)."),
    "serve": N_("Start het dashboard (serve the dashboard; OpenAPI at /api/v1/openapi.json)."),
    "report": N_("Maak een gebiedsprofiel (area profile as PDF, HTML or XLSX)."),
    "monitor": N_(
        "Programma monitoren: gebieden, reeksen, doelen, effect (monitor the programme)."
    ),
    "plans": N_("Gebiedsplannen: plan, allianties, maatregelen, bewonersstem (area plans)."),
    "users": N_("Gebruikers en rollen van de gebiedsplannen (users and roles of area plans)."),
}


_COMPLETION = ("install_completion", "show_completion")


def _load(name: str) -> Any:
    """The click command ``name``, importing its module."""
    import importlib

    module_name, attr, group = _COMMANDS[name]
    module = importlib.import_module(f"kloof.cli.{module_name}")
    if name == "data":  # kloof data reexpress registers itself on the data group
        importlib.import_module("kloof.cli.data_reexpress")
    target = getattr(module, attr)
    if group:
        command = typer.main.get_command(target)
    else:
        single = typer.Typer(rich_markup_mode="rich")
        single.command(name)(target)
        command = typer.main.get_command(single)
    command.name = name
    # a command of kloof, not a program: shell completion is an option of `kloof` only
    command.params = [p for p in command.params if p.name not in _COMPLETION]
    from kloof.cli._usage import finite_floats

    finite_floats(command)  # nan and inf are usage errors for every float option
    return command


def command_tree() -> Any:
    """The root command with every command loaded, help untranslated (for tests and
    reference documents that walk the whole tree)."""
    root: Any = typer.main.get_command(app)
    for name in _COMMANDS:
        root.add_command(_load(name), name)
    return root


class _KloofGroup(TyperGroup):
    """The root command: translates the whole tree to the run's language first;
    loads a command's module only when that command runs (the lazy-group pattern).

    Help of the root lists stand-ins that carry the command's help text only.
    """

    _lang = "nl"

    def list_commands(self, ctx: Any) -> list[str]:
        return list(_COMMANDS)

    def command(self, cmd_name: str) -> Any:
        """The real command ``cmd_name``, translated (imports its module once)."""
        if cmd_name not in self.commands:
            command = _load(cmd_name)
            localise(command, self._lang)
            self.add_command(command, cmd_name)
        return self.commands[cmd_name]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name in _COMMANDS and cmd_name not in self.commands:
            return TyperCommand(cmd_name, help=text(_HELP[cmd_name], self._lang))
        return super().get_command(ctx, cmd_name)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and args[0] in _COMMANDS:
            self.command(args[0])
        return super().resolve_command(ctx, args)

    def main(self, args: Sequence[str] | None = None, *rest: Any, **kwargs: Any) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        self._lang = _language_of(argv)
        localise(self, self._lang)
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
                from kloof.cli._columns import domains_named
                from kloof.report.messages import note_text

                text = note_text(domains_named(str(message), state.lang), state.lang)
                note(f"{tr('note:')} {text}", style="yellow")
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
