"""Texts of the command line in Dutch (default) and English: one language per run.

Messages are keyed by their English text (as gettext does, so the later move to
gettext/Babel keeps the keys); :data:`CATALOGUE` maps a key to its ``(nl, en)`` texts,
``""`` meaning "the key itself". Help texts of commands and options are keyed by the text
in the source and translated when the command tree is built (:func:`localise`); a test
checks that every help text has an entry and that no help line mixes the languages.
The tables are in :mod:`kloof.cli._texts_interface` (click's and typer's texts, table
headers, kloof's own messages), :mod:`kloof.cli._texts_help_data` and
:mod:`kloof.cli._texts_help_analysis` (help texts, by command group). Labels shared
with the dashboard come from :mod:`kloof.report.i18n`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kloof.cli._texts_help_analysis import HELP_ANALYSIS
from kloof.cli._texts_help_data import HELP_DATA
from kloof.cli._texts_interface import INTERFACE

__all__ = ["CATALOGUE", "LANGUAGES", "language", "localise", "missing", "normalise", "tr"]

#: The languages of this catalogue, in the order of its ``(nl, en)`` pairs: the same as
#: :data:`kloof.report.i18n.LANGUAGES` (a test checks), kept here so that the command
#: line starts without importing the report package.
LANGUAGES: tuple[str, ...] = ("nl", "en")

#: key (the English text, or the help text as written in the source) → (nl, en): the
#: interface texts and the help texts of the commands, each in its own module.
CATALOGUE: dict[str, tuple[str, str]] = {**INTERFACE, **HELP_DATA, **HELP_ANALYSIS}


#: Click's own error messages (English in the code) as patterns with their Dutch text.
ERRORS_NL: tuple[tuple[str, str], ...] = (
    (r"^Invalid value for (.+?): ", r"Ongeldige waarde voor \1: "),
    (r"^Invalid value: ", "Ongeldige waarde: "),
    (r"^No such option: (\S+)", r"Onbekende optie: \1"),
    (r"^No such command (.+)\.", r"Onbekende opdracht \1."),
    (r"^Missing argument (.+)\.", r"Argument \1 ontbreekt."),
    (r"^Missing option (.+)\.", r"Optie \1 ontbreekt."),
    (r"^Missing command\.", "Opdracht ontbreekt."),
    (r"Did you mean (.+)\?", r"Bedoel je \1?"),
    (r"\(Possible options: ", "(Mogelijke opties: "),
    (r"^Got unexpected extra arguments? \((.+)\)", r"Onverwacht extra argument (\1)"),
    (r"^Option (.+) requires an argument\.", r"Optie \1 vraagt een waarde."),
    (r"(.+) is not a valid integer\.", r"\1 is geen geldig geheel getal."),
    (r"(.+) is not a valid float\.", r"\1 is geen geldig getal."),
    (r"(.+) is not one of (.+)\.", r"\1 is niet een van \2."),
    # typer converts values with pydantic, whose messages are English
    (
        r"Input should be a valid integer, unable to parse string as an integer",
        "geef een geheel getal",
    ),
    (
        r"Input should be a valid integer, got a number with a fractional part",
        "geef een geheel getal",
    ),
    (r"Input should be a valid number, unable to parse string as a number", "geef een getal"),
    (r"Input should be a valid integer", "geef een geheel getal"),
    (r"Input should be a valid number", "geef een getal"),
    (r"Input should be greater than or equal to (\S+)", r"geef een waarde van minstens \1"),
    (r"Input should be less than or equal to (\S+)", r"geef een waarde van hoogstens \1"),
    (r"Input should be greater than (\S+)", r"geef een waarde groter dan \1"),
    (r"Input should be less than (\S+)", r"geef een waarde kleiner dan \1"),
)


def error_text(message: str, lang: str) -> str:
    """A usage error of click in ``lang`` (the patterns of :data:`ERRORS_NL`)."""
    import re

    if lang == "en":
        return message
    for pattern, replacement in ERRORS_NL:
        message = re.sub(pattern, replacement, message)
    return message


def normalise(text: str) -> str:
    """A help text as one line (docstrings and wrapped strings compare equal)."""
    return " ".join(text.split())


_KEYS = {normalise(k): v for k, v in CATALOGUE.items()}


def language() -> str:
    """The language of this run: ``--lang``, else ``KLOOF_LANGUAGE``, else ``nl``."""
    from kloof.cli._common import state

    return state.lang


def text(key: str, lang: str) -> str:
    """``key`` in ``lang`` (the key itself when the catalogue has no entry)."""
    entry = _KEYS.get(normalise(key))
    if entry is None:
        return key
    nl, en = entry
    return (en or key) if lang == "en" else (nl or key)


def tr(key: str, lang: str | None = None, **values: Any) -> str:
    """The text of ``key`` in the language of this run, filled with ``values``."""
    out = text(key, lang or language())
    return out.format(**values) if values else out


def missing(key: str) -> bool:
    """Whether a help text lacks an entry in the catalogue."""
    return normalise(key) not in _KEYS


def _walk(command: Any, visit: Callable[[Any], None], seen: set[int]) -> None:
    if id(command) in seen:
        return
    seen.add(id(command))
    visit(command)
    for sub in getattr(command, "commands", {}).values():
        _walk(sub, visit, seen)


def localise(command: Any, lang: str) -> None:
    """Translate the help of a command tree and typer's/click's own texts to ``lang``.

    Run once per invocation, before any help is printed. Click and typer look their
    texts up through ``gettext`` (English only); here their lookup is pointed at this
    catalogue for the run.
    """
    import importlib

    def translate(value: str) -> str:
        return text(value, lang)

    for name in ("_click.core", "_click.formatting", "_click.exceptions", "_click.parser", "core"):
        try:
            module = importlib.import_module(f"typer.{name}")
        except ImportError:  # pragma: no cover - another typer layout
            continue
        if hasattr(module, "_"):
            module._ = translate  # type: ignore[attr-defined]
    from typer import rich_utils

    for attr, key in (
        ("ARGUMENTS_PANEL_TITLE", "Arguments"),
        ("OPTIONS_PANEL_TITLE", "Options"),
        ("COMMANDS_PANEL_TITLE", "Commands"),
        ("ERRORS_PANEL_TITLE", "Error"),
        ("ABORTED_TEXT", "Aborted."),
        ("DEFAULT_STRING", "[default: {}]"),
        ("REQUIRED_LONG_STRING", "[required]"),
        ("ENVVAR_STRING", "[env var: {}]"),
        ("DEPRECATED_STRING", "(deprecated) "),
        ("RICH_HELP", "Try [blue]'{command_path} {help_option}'[/] for help."),
    ):
        setattr(rich_utils, attr, text(key, lang))
    original = getattr(rich_utils, "_kloof_format_help", rich_utils.rich_format_help)
    rich_utils._kloof_format_help = original  # type: ignore[attr-defined]

    def format_help(*, obj: Any, ctx: Any, markup_mode: Any) -> Any:
        for param in obj.get_params(ctx):  # the --help option is made late
            if getattr(param, "help", None):
                param.help = translate(param.help)
        return original(obj=obj, ctx=ctx, markup_mode=markup_mode)

    rich_utils.rich_format_help = format_help

    original_error = getattr(rich_utils, "_kloof_format_error", rich_utils.rich_format_error)
    rich_utils._kloof_format_error = original_error  # type: ignore[attr-defined]

    def format_error(error: Any) -> None:
        message = error_text(error.format_message(), lang)
        error.format_message = lambda: message
        original_error(error)

    rich_utils.rich_format_error = format_error  # type: ignore[assignment]
    from typer._click.formatting import HelpFormatter

    write_usage = getattr(HelpFormatter, "_kloof_write_usage", HelpFormatter.write_usage)
    HelpFormatter._kloof_write_usage = write_usage  # type: ignore[attr-defined]

    def usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        write_usage(self, prog, args, text("Usage: ", lang) if prefix is None else prefix)

    HelpFormatter.write_usage = usage  # type: ignore[method-assign]

    def visit(cmd: Any) -> None:
        if cmd.help:
            cmd.help = translate(cmd.help)
        if getattr(cmd, "short_help", None):
            cmd.short_help = translate(cmd.short_help)
        for param in cmd.params:
            if getattr(param, "help", None):
                param.help = translate(param.help)

    _walk(command, visit, set())
