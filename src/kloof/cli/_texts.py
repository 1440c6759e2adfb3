"""Texts of the command line in Dutch (default) and English: one language per run.

The texts are in the project's gettext catalogues (``kloof/locale``, shared with the
dashboard and read by :mod:`kloof.i18n`), keyed by their English text. Help texts of
commands and options are keyed by the text in the source (as one line: :func:`normalise`)
and translated when the command tree is built (:func:`localise`); ``pybabel extract``
finds them with the command line's extractor (:mod:`kloof.cli._extract`). Tests check
that every help text is in the catalogues and that no help line mixes the languages.
This module holds what the extractor cannot see in kloof's code: click's and typer's
own texts (:data:`FOREIGN`), the headers of table columns (:data:`COLUMNS`) and click's
usage errors (:data:`ERRORS`), each marked with ``N_`` for the extractor.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections.abc import Callable
from typing import Any

from kloof.i18n import LANGUAGES, N_, has, translate

__all__ = [
    "COLUMNS",
    "ERRORS",
    "FOREIGN",
    "LANGUAGES",
    "TYPES",
    "error_text",
    "header",
    "language",
    "library_text",
    "localise",
    "missing",
    "normalise",
    "note_text",
    "say",
    "text",
    "tr",
    "type_word",
]

#: Texts of click and typer (their help options, panels and messages), which the
#: command line translates through this catalogue (:func:`localise`).
FOREIGN: tuple[str, ...] = (
    N_("Usage:"),
    N_("Usage: "),
    N_("Options"),
    N_("Arguments"),
    N_("Commands"),
    N_("Error"),
    N_("Aborted."),
    N_("Aborted!"),
    N_("[default: {}]"),
    N_("[required]"),
    N_("[env var: {}]"),
    N_("(deprecated) "),
    N_("[OPTIONS]"),
    N_("COMMAND [ARGS]..."),
    N_("Try [blue]'{command_path} {help_option}'[/] for help."),
    N_("Install completion for the current shell."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
    N_("Show this message and exit."),
)

#: typer's placeholders of an option's type (``<int>``, ``<path>``) → the word shown in
#: the help's type column, in the run's language; a list type shows its element's word
#: followed by ``...``, a flag shows none, any other type (a choice) is shown as typer
#: shows it.
TYPES: dict[str, str] = {
    "int": N_("integer"),
    "int range": N_("integer"),
    "float": N_("number"),
    "float range": N_("number"),
    "str": N_("text"),
    "path": N_("path"),
    "Path": N_("path"),
    "file": N_("file"),
    "directory": N_("folder"),
    "datetime": N_("date"),
}

#: Column ids of the command line's tables (those not shown under the dashboard's name)
#: → their header (English message id).
COLUMNS: dict[str, str] = {
    "label": N_("Label"),
    "source_id": N_("Source"),
    "kind": N_("Kind"),
    "table_id": N_("Table"),
    "years": N_("Years"),
    "rows": N_("Rows"),
    "location": N_("Location"),
    "levels": N_("Levels"),
    "regions": N_("Regions"),
    "indicators": N_("Indicators"),
    "observations": N_("Values"),
    "class_label": N_("Class"),
    "gap": N_("Gap"),
    "recipient": N_("Recipient"),
    "amount": N_("Amount"),
    "population": N_("Population"),
    "need": N_("Need"),
    "share_pct": N_("Share"),
    "per_resident": N_("Per resident"),
    "values": N_("Values"),
    "missing": N_("Missing"),
    "geometries": N_("Boundaries"),
    "title": N_("Title"),
    "preset": N_("Preset"),
    "contribution": N_("Contribution"),
    "measure": N_("Measured by"),
    "auc": N_("AUC"),
    "auc_within": N_("AUC within municipalities"),
    "worst_decile_pct": N_("% in worst decile"),
    "n": N_("Regions"),
    "n_members": N_("In the set"),
    "cohort": N_("Cohort"),
    "spearman": N_("Spearman"),
    "kendall": N_("Kendall"),
    "cluster": N_("Cluster"),
    "gemeenten": N_("Municipalities"),
    "crosses_border": N_("Crosses a border"),
    "mean_score": N_("Mean score"),
    "covered": N_("Covered"),
    "jaccard": N_("Jaccard"),
    "candidates": N_("Candidates"),
    "key": N_("Key"),
    "summary": N_("Summary"),
    "example": N_("Example"),
    "scenario": N_("Scenario"),
    "description": N_("Description"),
    "direction": N_("Direction"),
    "sensitive": N_("Sensitive"),
    "derived": N_("Derived"),
    "kwb": N_("KWB column"),
    "raw": N_("Raw value"),
    "reliability": N_("Reliability"),
    "filled": N_("Filled in"),
    "imputed": N_("Imputed"),
    "flag": N_("Flag"),
    "normalised": N_("Normalised"),
    "reference_normalised": N_("Reference (normalised)"),
    "weight": N_("Weight"),
    "domain_contribution": N_("Domain contribution"),
    "gemeente": N_("Municipality"),
    "units": N_("Regions"),
    "units_missing": N_("Regions without a value"),
    "share": N_("Share"),
    "dissimilarity": N_("Dissimilarity"),
    "isolation": N_("Isolation"),
    "exposure": N_("Exposure"),
    "entropy": N_("Entropy"),
    "p_dissimilarity": N_("p (dissimilarity)"),
    "column": N_("Indicator"),
    "t": N_("Theil T"),
    "t_between": N_("Theil T between"),
    "t_within": N_("Theil T within"),
    "l": N_("Theil L"),
    "gini": N_("Gini"),
    "worst_mean": N_("Mean of the worst decile"),
    "rest_mean": N_("Mean of the rest"),
    "subject": N_("Subject"),
    "baseline": N_("Baseline"),
    "target": N_("Target"),
    "rule": N_("Rule"),
    "binding": N_("Binding bound"),
    "confidence": N_("Confidence"),
}

#: Click's own error messages (English in the code) as patterns and message ids; a
#: pattern's groups fill the id's ``{0}``, ``{1}``.
ERRORS: tuple[tuple[str, str], ...] = (
    (r"^Invalid value for (.+?): ", N_("Invalid value for {0}: ")),
    (r"^Invalid value: ", N_("Invalid value: ")),
    (r"^No such option: (\S+)", N_("No such option: {0}")),
    (r"^No such command (.+)\.", N_("No such command {0}.")),
    (r"^Missing argument (.+)\.", N_("Missing argument {0}.")),
    (r"^Missing option (.+)\.", N_("Missing option {0}.")),
    (r"^Missing command\.", N_("Missing command.")),
    (r"Did you mean (.+)\?", N_("Did you mean {0}?")),
    (r"\(Possible options: ", N_("(Possible options: ")),
    (
        r"^Got unexpected extra arguments?(?:\(s\))? \((.+)\)",
        N_("Got unexpected extra argument ({0})"),
    ),
    (r"^Option (.+) requires an argument\.", N_("Option {0} requires an argument.")),
    (r"(.+) is not a valid integer\.", N_("{0} is not a valid integer.")),
    (r"(.+) is not a valid float\.", N_("{0} is not a valid float.")),
    (r"(.+) is not one of (.+)\.", N_("{0} is not one of {1}.")),
    # typer converts values with pydantic, whose messages are English
    (
        r"Input should be a valid integer, unable to parse string as an integer",
        N_("Input should be a valid integer"),
    ),
    (
        r"Input should be a valid integer, got a number with a fractional part",
        N_("Input should be a valid integer"),
    ),
    (
        r"Input should be a valid number, unable to parse string as a number",
        N_("Input should be a valid number"),
    ),
    (r"Input should be a valid integer", N_("Input should be a valid integer")),
    (r"Input should be a valid number", N_("Input should be a valid number")),
    (
        r"Input should be greater than or equal to (\S+)",
        N_("Input should be greater than or equal to {0}"),
    ),
    (
        r"Input should be less than or equal to (\S+)",
        N_("Input should be less than or equal to {0}"),
    ),
    (r"Input should be greater than (\S+)", N_("Input should be greater than {0}")),
    (r"Input should be less than (\S+)", N_("Input should be less than {0}")),
)


def error_text(message: str, lang: str) -> str:
    """A usage error of click in ``lang`` (the patterns of :data:`ERRORS`)."""
    if lang == "en":
        return message
    for pattern, key in ERRORS:
        found = re.search(pattern, message)
        if found is not None:
            filled = translate(key, lang).format(*found.groups())
            message = message[: found.start()] + filled + message[found.end() :]
    return message


def normalise(text: str) -> str:
    """A help text as one line (docstrings and wrapped strings compare equal)."""
    return " ".join(text.split())


def language() -> str:
    """The language of this run: ``--lang``, else ``KLOOF_LANGUAGE``, else ``nl``."""
    from kloof.cli._common import state

    return state.lang


def text(key: str, lang: str) -> str:
    """``key`` in ``lang``: as written, else as one line (a help text); else ``key``."""
    if has(key):
        return translate(key, lang)
    line = normalise(key)
    return translate(line, lang) if has(line) else key


def tr(key: str, lang: str | None = None, **values: Any) -> str:
    """The text of ``key`` in the language of this run, filled with ``values``."""
    out = text(key, lang or language())
    return out.format(**values) if values else out


def header(name: str, lang: str | None = None) -> str:
    """The header of the column ``name`` in ``lang`` (the id when it has no entry)."""
    from kloof.cli._columns import more_header

    lang = lang or language()
    if name in COLUMNS:
        return translate(COLUMNS[name], lang)
    return more_header(name, lang) or name


def missing(key: str) -> bool:
    """Whether a help text lacks an entry in the catalogue."""
    return not has(key) and not has(normalise(key))


def _walk(command: Any, visit: Callable[[Any], None], seen: set[int]) -> None:
    if id(command) in seen:
        return
    seen.add(id(command))
    visit(command)
    for sub in getattr(command, "commands", {}).values():
        _walk(sub, visit, seen)


#: The usage line's placeholders by every form they take (English and translated), so
#: that a command localised again (another language in the same process) starts over.
_USAGE_WORDS: dict[str, str] = {}


def localise(command: Any, lang: str) -> None:
    """Translate the help of a command tree and typer's/click's own texts to ``lang``.

    Run once per invocation, before any help is printed. Click and typer look their
    texts up through ``gettext`` (English only); here their lookup is pointed at the
    project's catalogues (:func:`text`) for the run. Typer's rich panels are localised
    when typer loads them (:class:`_RichTexts`).
    """

    def translate(value: str) -> str:
        return text(value, lang)

    for name in ("_click.core", "_click.formatting", "_click.exceptions", "_click.parser", "core"):
        try:
            module = importlib.import_module(f"typer.{name}")
        except ImportError:  # pragma: no cover - another typer layout
            continue
        if hasattr(module, "_"):
            module._ = translate  # type: ignore[attr-defined]
    _RICH.localise(lang)
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
        # the usage line's placeholders ("[OPTIONS]", "COMMAND [ARGS]...") are plain
        # attributes in click, not gettext lookups
        for attr in ("options_metavar", "subcommand_metavar"):
            if getattr(cmd, attr, None) in _USAGE_WORDS:
                setattr(cmd, attr, translate(_USAGE_WORDS[getattr(cmd, attr)]))

    for key in ("[OPTIONS]", "COMMAND [ARGS]..."):
        _USAGE_WORDS.update({key: key, **{text(key, other): key for other in LANGUAGES}})
    _walk(command, visit, set())


def _localise_rich(rich_utils: Any, lang: str) -> None:
    """Point typer's rich help and error panels at the texts of ``lang``."""
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
                param.help = text(param.help, lang)
            if hasattr(type(param), "display_type_rich"):
                param.display_type_rich = _type_column(param, lang)
        return original(obj=obj, ctx=ctx, markup_mode=markup_mode)

    rich_utils.rich_format_help = format_help

    original_error = getattr(rich_utils, "_kloof_format_error", rich_utils.rich_format_error)
    rich_utils._kloof_format_error = original_error  # type: ignore[attr-defined]

    def format_error(error: Any) -> None:
        message = error_text(error.format_message(), lang)
        error.format_message = lambda: message
        original_error(error)

    rich_utils.rich_format_error = format_error  # type: ignore[assignment]


def type_word(shown: str | None, lang: str) -> str | None:
    """The type column of typer's help for ``shown`` (typer's ``<int>``) in ``lang``.

    >>> type_word("<int>", "nl"), type_word("<list[Path]>", "nl"), type_word("<a|b>", "nl")
    ('<getal>', '<pad>...', '<a|b>')
    """
    if shown is None or not (shown.startswith("<") and shown.endswith(">")):
        return shown
    inner, many = shown[1:-1], ""
    if inner.startswith("list[") and inner.endswith("]"):
        inner, many = inner[5:-1], "..."
    if inner not in TYPES:
        return shown
    return f"<{text(TYPES[inner], lang)}>{many}"


def _type_column(param: Any, lang: str) -> Callable[[Any], str | None]:
    """``param.display_type_rich`` in ``lang``: nothing for a flag (its name says it)."""
    typer_column = type(param).display_type_rich

    def column(ctx: Any) -> str | None:
        if getattr(param, "is_flag", False):
            return None
        return type_word(typer_column(param, ctx), lang)

    return column


class _RichTexts:
    """Localises ``typer.rich_utils`` when it is loaded, or now if it already is.

    Typer loads its rich help and error panels (and markdown with them) only to print
    help or an error; a command that does neither (``kloof data status``) never loads
    them. While they are not loaded, this finder waits in ``sys.meta_path`` and
    localises the module right after typer imports it (a meta path finder: the
    protocol of :class:`importlib.abc.MetaPathFinder`, without importing that module).
    """

    name = "typer.rich_utils"

    def __init__(self) -> None:
        self.lang = "nl"

    def localise(self, lang: str) -> None:
        self.lang = lang
        module = sys.modules.get(self.name)
        if module is not None:
            _localise_rich(module, lang)
        elif self not in sys.meta_path:
            sys.meta_path.insert(0, self)

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
        if fullname != self.name:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        if spec is not None and spec.loader is not None:
            # a loader by protocol (importlib.abc.Loader is not imported)
            spec.loader = _ThenLocalise(spec.loader, self)  # type: ignore[assignment]
        return spec


class _ThenLocalise:
    """A module's own loader, then :func:`_localise_rich` in the run's language."""

    def __init__(self, loader: Any, texts: _RichTexts) -> None:
        self.loader, self.texts = loader, texts

    def create_module(self, spec: Any) -> Any:
        return self.loader.create_module(spec)

    def exec_module(self, module: Any) -> None:
        self.loader.exec_module(module)
        _localise_rich(module, self.texts.lang)

    def __getattr__(self, name: str) -> Any:  # get_source, is_package, ...
        if name in ("loader", "texts"):  # not set yet (copies): no recursion
            raise AttributeError(name)
        return getattr(self.loader, name)


_RICH = _RichTexts()


# The library's messages (kloof.report.messages: its template tables) are loaded on first
# use, so that ``kloof <group> --help`` does not load them.


def say(key: str, lang: str, **values: Any) -> str:
    """:func:`kloof.report.messages.say`, imported when first needed."""
    from kloof.report.messages import say as _say

    return _say(key, lang, **values)


def library_text(message: str, lang: str) -> str:
    """:func:`kloof.report.messages.library_text`, imported when first needed."""
    from kloof.report.messages import library_text as _library_text

    return _library_text(message, lang)


def note_text(message: str, lang: str) -> str:
    """:func:`kloof.report.messages.note_text`, imported when first needed."""
    from kloof.report.messages import note_text as _note_text

    return _note_text(message, lang)
