"""The exception and warning tree of kloof.

Every error a user can cause derives from :class:`KloofError`. Messages name the file,
row, column or field involved and say what to do. Statistical caveats are warnings of
class :class:`KloofWarning`, never silenced inside the library.
"""

from __future__ import annotations

__all__ = [
    "QUOTE_LIMIT",
    "CatalogueError",
    "DataFormatError",
    "KloofError",
    "KloofWarning",
    "PreparingError",
    "RegionCodeError",
    "SourceError",
    "SpecError",
    "StoreError",
    "one_line",
    "quote",
]

#: Characters of a user-supplied value quoted in a message at most.
QUOTE_LIMIT = 80


def one_line(text: str) -> str:
    r"""``text`` with every control or line-break character written as its escape.

    A message quoting a user's value (a path with a newline, a control character) stays
    on one line and shows what was typed.

    >>> one_line("a" + chr(10) + "b" + chr(28))
    'a\\nb\\x1c'
    """
    import unicodedata

    return "".join(
        repr(ch)[1:-1] if unicodedata.category(ch) in ("Cc", "Zl", "Zp") and ch != "\t" else ch
        for ch in text
    )


def quote(value: object, limit: int = QUOTE_LIMIT) -> str:
    """``repr`` of a user-supplied value, cut to ``limit`` characters for messages.

    A 100 MB cell must not become a 100 MB error message.

    Examples
    --------
    >>> quote("x" * 100)[-12:]
    "x… (100 ch)'"
    """
    text = str(value)
    if len(text) <= limit:
        return repr(text)
    return repr(f"{text[:limit]}… ({len(text)} ch)")


class KloofError(Exception):
    """Base class of every error kloof raises on purpose.

    A message may be a template with its parameters as keywords,
    ``KloofError("no {level} data for {year}", level="wijk", year=2023)``: the text is
    the filled-in English template; :attr:`template` and :attr:`params` let the command
    line show it in the user's language (:mod:`kloof.report.messages`). A plain message
    is kept as it is (its own template, no parameters).

    Examples
    --------
    >>> error = KloofError("no {level} data for {year}", level="wijk", year=2023)
    >>> str(error), error.template, error.params["year"]
    ('no wijk data for 2023', 'no {level} data for {year}', 2023)
    """

    def __init__(self, *args: object, **params: object) -> None:
        first = args[0] if args else ""
        self.template = first if isinstance(first, str) else str(first)
        self.params: dict[str, object] = dict(params)
        if params and isinstance(first, str):
            args = (first.format(**params), *args[1:])
        super().__init__(*args)


class RegionCodeError(KloofError, ValueError):
    """A region code does not parse as a CBS code (``NL00``, ``GM0363``, ...)."""


class CatalogueError(KloofError, KeyError):
    """An indicator, source name or year is not in the catalogue."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class DataFormatError(KloofError, ValueError):
    """An input file is unreadable, truncated or has unexpected content.

    Parameters
    ----------
    message
        What is wrong and what to do.
    path
        The file involved, if any.
    row
        1-based data row (after the header), if the problem is in one row.
    column
        The column involved, if any.
    **params
        Parameters of ``message`` as a template (see :class:`KloofError`).

    Attributes
    ----------
    detail
        The message without the file, row and column in front.
    """

    def __init__(
        self,
        message: str,
        *,
        path: object | None = None,
        row: int | None = None,
        column: str | None = None,
        **params: object,
    ) -> None:
        self.path = None if path is None else str(path)
        self.row = row
        self.column = column
        self.detail = message.format(**params) if params else message
        where = []
        if self.path:
            where.append(self.path)
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column {column!r}")
        prefix = ", ".join(where)
        super().__init__(f"{prefix}: {self.detail}" if prefix else self.detail)
        self.template = message
        self.params = dict(params)


class SourceError(KloofError):
    """An external source (CBS API, download) failed or answered unexpectedly."""


class StoreError(KloofError):
    """The store file is missing, not a kloof store, or of another schema version."""


class PreparingError(KloofError):
    """A result is still being computed for another request: ask again in a moment.

    The dashboard answers ``503`` with ``Retry-After`` instead of holding the request.
    """

    http_status = 503


class SpecError(KloofError, ValueError):
    """A method specification (index spec, rule, scenario, mapping) is invalid."""


class KloofWarning(UserWarning):
    """A statistical or data caveat the user should see."""
