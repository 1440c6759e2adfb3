"""Messages of the library (errors, warnings, notes) in the run's language.

The library speaks English (:mod:`kloof.errors`); the command line speaks Dutch by
default. Messages are translated here, at the boundary, through the project's gettext
catalogues (:mod:`kloof.i18n`, ``kloof/locale``): the English templates the library
writes are message ids, listed in :data:`TEMPLATES` (:mod:`kloof.report.messages_library`,
:mod:`kloof.report.messages_notes`, and the command line's own ``say``/``tr`` texts) so
that ``pybabel extract`` finds them:

* an error raised with a template and parameters
  (``DataFormatError("... {n} ...", n=3)``, see :class:`kloof.errors.KloofError`) is
  filled into the Dutch template;
* any other message (an f-string in the library, a warning, a note) is matched against
  the English templates: ``{name}`` stands for any text, and what it stood for is put
  into the Dutch template. Lists in a message (parameters named in
  :data:`LIST_PARAMS`, joined by ``"; "``) and nested messages (:data:`NESTED_PARAMS`)
  are translated item by item.

A message without a template stays English (a test lists the messages that the import
corpus, the index and the CLI produce and requires a template for each).
"""

from __future__ import annotations

import functools
import re
from typing import Any

from kloof.i18n import N_, has, translate
from kloof.report.messages_library import LIBRARY
from kloof.report.messages_notes import NOTES

__all__ = [
    "COUNT_PARAMS",
    "DECIMAL_PARAMS",
    "LIST_PARAMS",
    "TEMPLATES",
    "error_message",
    "library_text",
    "note_text",
    "readable",
    "say",
    "translated",
]

#: The English templates (message ids) a message of the library is matched against.
TEMPLATES: tuple[str, ...] = tuple(dict.fromkeys(LIBRARY + NOTES))

#: Parameters that hold a ``"; "``-joined list of messages (translated one by one).
LIST_PARAMS = frozenset({"items", "problems"})
#: Parameters that hold one message (translated when it matches a template).
NESTED_PARAMS = frozenset({"reason", "problem", "sheet", "axes", "new", "hint", "correction"})

#: Parameters that may hold any text, ``"; "`` included (others stop at a ``"; "``,
#: which separates the items of a list).
FREE_PARAMS = LIST_PARAMS | {
    "error",
    "value",
    "names",
    "domains",
    "paths",
    "path",
    "location",
    "codes",
}
#: Parameters that are numbers (``1,234``, ``-5``, ``1e+08``) or codes (no spaces).
_NUMBER = r"[-+]?[\d.,]+(?:e[-+]?\d+)?"
_SHAPES = {
    **dict.fromkeys(("n", "m", "k", "row", "year", "width", "first", "last", "need"), _NUMBER),
    **dict.fromkeys(("low", "high", "limit", "rows", "columns", "sum"), _NUMBER),
    **dict.fromkeys(("max_rows", "max_columns", "max_cells", "stated"), _NUMBER),
    "code": r"\S+?",
}

_THOUSANDS = re.compile(r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
#: Parameters that count things: a bare whole number of them gets the thousands
#: separator of the language (``14421`` → ``14.421``), as tables write it; years, seeds,
#: rows and codes never do.
COUNT_PARAMS = frozenset(
    {"n", "m", "k", "need", "ok", "missing", "no_geometry", "island", "zero", "negative"}
    | {"regions", "geometries", "rows", "total", "stated", "sum"}
)
_BARE = re.compile(r"-?\d{4,}")
#: Parameters that are decimal numbers (``0.01``, ``1.5e-05``): a decimal comma in Dutch.
DECIMAL_PARAMS = frozenset({"p", "alpha", "cutoff", "I", "shift", "mean", "value", "target"})
_DECIMAL = re.compile(r"-?\d+\.\d+(?:e[-+]?\d+)?")
#: A Python tuple or list of strings as ``repr`` writes it (``('WK0034', 'WK0035')``).
_SEQUENCE = re.compile(r"[(\[]'[^']*'(?:, '[^']*')*,?[)\]]")
#: A Python list of numbers as ``repr`` writes it (``[2012, 2017]``, ``[]``).
_NUMBERS = re.compile(r"\[(?:-?\d+(?:\.\d+)?(?:, -?\d+(?:\.\d+)?)*)?\]")
_FIELD = re.compile(r"(?<!\{)\{(\w+)(![rsa])?(:[^{}]*)?\}(?!\})")  # not {{escaped}}


def _literal(key: str) -> int:
    """Characters of ``key`` outside its fields: more means more specific."""
    return len(_FIELD.sub("", key))


@functools.cache
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    """English templates as patterns, the most specific (most fixed text) first."""
    out = []
    for key in sorted(TEMPLATES, key=_literal, reverse=True):
        regex, seen, last = [], set(), 0
        for match in _FIELD.finditer(key):
            regex.append(re.escape(key[last : match.start()].replace("{{", "{").replace("}}", "}")))
            name = match.group(1)
            shape = _SHAPES.get(name, ".+?" if name in FREE_PARAMS else r"(?:(?!; ).)+?")
            regex.append(f"(?P={name})" if name in seen else f"(?P<{name}>{shape})")
            seen.add(name)
            last = match.end()
        regex.append(re.escape(key[last:].replace("{{", "{").replace("}}", "}")))
        out.append((re.compile("".join(regex), re.DOTALL), key))
    return out


def _fill(template: str, values: dict[str, str]) -> str:
    """``template`` with each ``{name...}`` replaced by the text ``values[name]``."""
    parts = re.split(r"(\{\{|\}\})", template)  # escaped braces stay literal
    return "".join(
        part[0]
        if part in ("{{", "}}")
        else _FIELD.sub(lambda m: values.get(m.group(1), m.group(0)), part)
        for part in parts
    )


def _entry(key: str, lang: str) -> str:
    return translate(key, lang)


def _render(found: re.Match[str], key: str, lang: str) -> str:
    """The entry ``key`` in ``lang`` filled with what its fields matched."""
    values = found.groupdict()
    for name, value in values.items():
        if lang == "nl" and _THOUSANDS.fullmatch(value):  # any parameter: -143,000.5
            whole, _, decimals = value.partition(".")
            values[name] = whole.replace(",", ".") + (f",{decimals}" if decimals else "")
        elif lang == "nl" and name in COUNT_PARAMS and _BARE.fullmatch(value):
            values[name] = f"{int(value):,}".replace(",", ".")  # 14421 → 14.421
        elif lang == "nl" and name in DECIMAL_PARAMS and _DECIMAL.fullmatch(value):
            values[name] = value.replace(".", ",")  # 0.01 → 0,01
        elif name in LIST_PARAMS:
            values[name] = "; ".join(library_text(item, lang) for item in value.split("; "))
        elif name in NESTED_PARAMS:
            values[name] = library_text(value, lang)
    return _fill(_entry(key, lang), values)


def translated(message: str, lang: str, key: str | None = None) -> str | None:
    """``message`` in ``lang`` if a template (``key``, else any) matches it, else ``None``."""
    for pattern, candidate in _patterns():
        if key is not None and candidate != key:
            continue
        found = pattern.fullmatch(message)
        if found is not None:
            return _render(found, candidate, lang)
    return None


def library_text(message: str, lang: str) -> str:
    """A message of the library (error, warning or note) in ``lang``.

    English messages pass unchanged; a message no template matches stays English.

    Examples
    --------
    >>> library_text("a count must be whole, within 0-1e+08", "nl")
    'een aantal moet een geheel getal zijn, van 0 tot en met 1e+08'
    """
    if lang == "en":
        return message
    found = translated(message, lang)
    if found is None:  # "<file>: <message>", as readers and the store write it
        prefix, sep, rest = message.partition(": ")
        if sep and rest and ("/" in prefix or "." in prefix):
            inner = translated(rest, lang)
            found = None if inner is None else f"{prefix}: {inner}"
    return message if found is None else found


def _where(error: Any, lang: str) -> str:
    """File, row and column of a :class:`~kloof.errors.DataFormatError` in ``lang``."""
    where = []
    if error.path:
        where.append(error.path)
    if error.row is not None:
        where.append(say("row {row}", lang, row=error.row))
    if error.column is not None:
        where.append(say("column {column!r}", lang, column=error.column))
    return ", ".join(where)


def error_message(error: BaseException, lang: str) -> str:
    """A kloof error as one line in ``lang`` (the template's translation if known)."""
    if lang == "en":
        return readable(str(error), lang)
    from kloof.errors import DataFormatError

    template = getattr(error, "template", "")
    params = getattr(error, "params", {})
    detail = readable(error.detail if isinstance(error, DataFormatError) else str(error), lang)
    # a template error names its entry; its English text then fills the Dutch one the
    # same way as a matched message (numbers as written, lists item by item)
    by_key = translated(detail, lang, key=template) if params and template in TEMPLATES else None
    detail = by_key if by_key is not None else note_text(detail, lang)
    if isinstance(error, DataFormatError):
        prefix = _where(error, lang)
        return f"{prefix}: {detail}" if prefix else detail
    return detail


def say(key: str, lang: str, **values: Any) -> str:
    """The command line's own text ``key`` (a message id) in ``lang``, filled in."""
    text = translate(key, lang) if has(key) else key
    return text.format(**values) if values else text


def readable(message: str, lang: str, limit: int = 5) -> str:
    """``message`` with Python tuples and lists of names written as a list for people.

    Examples
    --------
    >>> readable("2 islands: ('WK0034', 'WK0035')", "en")
    '2 islands: WK0034, WK0035'
    >>> readable("codes ['A', 'B', 'C', 'D']", "nl", limit=2)
    'codes A, B … en nog 2'
    >>> readable("have pre [2012, 2017], post []", "en")
    'have pre 2012, 2017, post none'
    >>> readable("no code column ('Regioaanduiding/Codering (code)')", "en")
    "no code column ('Regioaanduiding/Codering (code)')"
    """

    def listed(found: re.Match[str]) -> str:
        import ast

        value = ast.literal_eval(found.group(0))
        if isinstance(value, str):  # ('Regioaanduiding/Codering (code)'): a name, not a list
            return found.group(0)
        items = [str(item) for item in value]
        shown = ", ".join(items[:limit])
        more = len(items) - limit
        return f"{shown} {say('… and {n} more', lang, n=more)}" if more > 0 else shown

    def numbers(found: re.Match[str]) -> str:  # [2012, 2017] → 2012, 2017; [] → none
        inner = found.group(0)[1:-1]
        return inner if inner else translate(N_("none"), lang)

    return _NUMBERS.sub(numbers, _SEQUENCE.sub(listed, message))


def note_text(message: str, lang: str) -> str:
    """A note or log line of the library for people: lists readable, in ``lang``.

    The templates of this module first, then the sentences the dashboard shows
    (:func:`kloof.report.phrases.localise`: focus areas, allocations), from the same
    catalogue.
    """
    text = readable(message, lang)
    if lang == "en":
        return text
    out = library_text(text, lang)
    if out != text:  # a template's numbers are written in Dutch already: 0,001 stays
        return out
    from kloof.report.phrases import localise

    out = localise(text, lang)
    prefix, sep, rest = text.partition(": ")
    if out == text and sep and rest and " " not in prefix:  # "heerlen-noord: <note>"
        inner = note_text(rest, lang)
        if inner != rest:  # translated, its numbers in Dutch already
            return f"{prefix}: {inner}"
    # 143,000,000.00 → 143.000.000,00, except inside a quoted value of a file ('1,284 x'),
    # which is shown as the file writes it
    parts = _QUOTED.split(out)
    return "".join(
        part if number % 2 else _GROUPED.sub(_dutch_number, part)
        for number, part in enumerate(parts)
    )


#: A number written the English way with thousands separators (``143,000,000.00``).
_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])")
#: A value quoted as :func:`kloof.errors.quote` writes it (``'1,284 x'``), kept as one
#: part when a message is split on it.
_QUOTED = re.compile(r"""((?<!\w)'[^'\n]*'(?!\w)|(?<!\w)"[^"\n]*"(?!\w))""")


def _dutch_number(found: re.Match[str]) -> str:
    whole, _, decimals = found.group(0).partition(".")
    return whole.replace(",", ".") + (f",{decimals}" if decimals else "")
