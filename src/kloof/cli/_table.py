"""Tables that fit the terminal: column widths, dropped columns, the vertical view.

A table never truncates a number or a code. Fixed columns (numbers, amounts, codes, ids)
keep their full width; text columns share the rest and wrap, first without breaking a
word and then folding long ones. When that is still too wide, optional columns are
dropped one by one (:func:`fit`), and as a last resort each row is printed as
``label: value`` lines (:func:`print_table` falls back to the vertical view).

Used by :func:`kloof.cli._output.emit`, which turns data into text cells and says on
standard error which columns were left out; this module only lays those cells out.

Examples
--------
>>> table_layout({"code": ["WK001"], "name": ["Oud Zuid"]}, ["Code", "Naam"], 40)
[(5, False), (8, True)]
>>> table_layout({"code": ["WK001"], "name": ["Oud Zuid"]}, ["Code", "Naam"], 10) is None
True
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from rich.markup import escape
from rich.table import Table

from kloof.cli._texts import header as column_header

if TYPE_CHECKING:  # pandas is imported when a frame is printed (kloof data status has none)
    import pandas as pd
    from rich.console import Console

__all__ = ["NUMBERISH", "fit", "heading", "keep_numbers", "print_table", "table_layout"]

#: Cells a table may not break: numbers, amounts, percentages.
NUMBERISH = re.compile(r"^[−+\-]?(€ )?[\d.,]+\s?%?$")
_BOX_OVERHEAD = 3  # padding 1 + 1 and one border per column (plus one edge)

#: Column ids that are shown under the dashboard's translated name.
_TRANSLATED_HEADERS = {
    "code",
    "name",
    "value",
    "unit",
    "year",
    "rank",
    "decile",
    "score",
    "level",
    "status",
    "indicator",
    "residents",
    "inhabitants",
    "domain",
    "candidate",
    "budget",
}

#: A number written with a space between its thousands (``1 000``, as CBS labels do):
#: a table could wrap it into two numbers (``per 1`` / ``000 inwoners``).
_SPACED = re.compile(r"(?<![\d.,])(\d{1,3})((?: \d{3})+)(?![\d.,])")


def keep_numbers(text: str, language: str) -> str:
    """``text`` with ``1 000`` written ``1.000`` (``1,000`` in English): never wrapped apart.

    >>> keep_numbers("Bijstand per 1 000 inwoners", "nl")
    'Bijstand per 1.000 inwoners'
    >>> keep_numbers("2016, 2017 en Wijk 12", "nl")
    '2016, 2017 en Wijk 12'
    """
    mark = "," if language == "en" else "."
    return _SPACED.sub(lambda m: m.group(1) + m.group(2).replace(" ", mark), text)


#: The cells of a table by column, as :func:`kloof.cli._output.emit` makes them.
Cells = Mapping[Any, Sequence[str]]
#: Column widths and whether a column may wrap (what :func:`table_layout` gives).
Layout = list[tuple[int, bool]]


def heading(column: Any, language: str, headers: Mapping[str, str] | None) -> str:
    """The header of ``column``: from ``headers``, else the dashboard's or the CLI's text."""
    from kloof.report.i18n import texts

    name = str(column)
    if headers and name in headers:
        return headers[name]
    if name in _TRANSLATED_HEADERS:
        return str(texts(language).get(name, name))
    return column_header(name, language)


def _fixed(cells: Sequence[str]) -> bool:
    """A column whose cells may not break: codes, ids, numbers, amounts."""
    return all(not c or " " not in c or bool(NUMBERISH.match(c)) for c in cells)


def table_layout(
    cells: Cells | pd.DataFrame,
    headers: list[str],
    width: int,
    *,
    whole_words: bool = False,
) -> Layout | None:
    """Column widths (and whether a column may wrap) for a table of ``width``; ``None``.

    ``cells`` holds the text cells by column (a mapping or a frame of strings). Fixed
    columns (numbers, codes) get their full width; text columns share the rest and
    wrap. ``None`` means even the narrowest layout does not fit.
    """
    need, want, wrap = [], [], []
    for col, header in zip(list(cells), headers, strict=True):
        values = cells[col]
        longest = max((len(c) for c in values), default=0)
        fixed = _fixed(values)
        head = len(header)
        if fixed:
            # whole words: no word of the header broken either ("Genormaliseerd")
            word = max((len(w) for w in header.split()), default=0) if whole_words else 0
            lo = max(longest, min(head, 10), min(word, 16), 1)
            need.append(lo)
            want.append(max(lo, head))
        else:
            words = max((len(w) for c in values for w in c.split()), default=0)
            lo = max(min(words, 24 if whole_words else 12), min(head, 8), 1)
            need.append(lo)
            want.append(max(longest, head, lo))
        wrap.append(not fixed)
    overhead = _BOX_OVERHEAD * len(need) + 1
    room = width - overhead - sum(need)
    if room < 0:
        return None
    widths = list(need)
    # share what is left, fairly (short columns get all they want first): wrapping text
    # first, then the headers of fixed columns
    for pass_wrap in (True, False):
        extra = {
            i: want[i] - widths[i]
            for i in range(len(widths))
            if wrap[i] == pass_wrap and want[i] > widths[i]
        }
        for i in sorted(extra, key=extra.__getitem__):
            if room <= 0:
                break
            give = min(extra[i], room // len(extra))
            widths[i] += give
            room -= give
            del extra[i]
    return list(zip(widths, wrap, strict=True))


def fit(
    cells: Cells, width: int, optional: Collection[str], head: Callable[[Any], str]
) -> tuple[Cells, Layout | None, list[str]]:
    """The cells that fit ``width``, their layout (``None``: none fits) and the dropped ids.

    First without breaking words, then folding them; each time the ``optional`` columns
    are dropped in their order until the table fits. ``head`` gives a column's header.
    """
    dropped: list[str] = []
    layout = None
    full = cells
    for whole_words in (True, False):  # first without breaking words, then folding them
        cells, dropped = full, []
        heads = [head(c) for c in cells]
        layout = table_layout(cells, heads, width, whole_words=whole_words)
        for col in optional:
            if layout is not None:
                break
            if col in cells:
                cells = {c: v for c, v in cells.items() if c != col}
                dropped.append(str(col))
                heads = [head(c) for c in cells]
                layout = table_layout(cells, heads, width, whole_words=whole_words)
        if layout is not None:
            break
    return cells, layout, dropped


def print_table(
    console: Console,
    cells: Cells,
    numeric: Mapping[Any, bool],
    layout: Layout | None,
    *,
    rows: int,
    title: str | None,
    language: str,
    headers: Mapping[str, str] | None,
    record_key: str | None,
    record_fields: Sequence[str] = (),
) -> None:
    """A Rich table of ``cells`` in ``layout``; without a layout the vertical view.

    Numeric columns (``numeric``, or every cell a number) are right-aligned.
    """
    heads = {c: heading(c, language, headers) for c in cells}
    if layout is None:
        _vertical(console, cells, heads, rows, title, record_key, record_fields)
        return
    # a narrow table is as wide as its title: the title on one line, not folded to the table
    room = min(len(title) + 2, console.width) if title else None
    table = Table(title=title, expand=False, min_width=room)
    for col, (w, _wrap) in zip(list(cells), layout, strict=True):
        right = numeric[col] or (rows > 0 and all(not c or NUMBERISH.match(c) for c in cells[col]))
        table.add_column(
            escape(heads[col]),
            justify="right" if right else "left",
            width=w,
            overflow="fold",  # fixed columns are as wide as their longest cell
        )
    for row in zip(*cells.values(), strict=True):
        table.add_row(*(escape(str(c)) for c in row))
    console.print(table)


def _vertical(
    console: Console,
    cells: Cells,
    heads: Mapping[Any, str],
    rows: int,
    title: str | None,
    record_key: str | None,
    record_fields: Sequence[str],
) -> None:
    """Each row as lines: ``label: value ...`` (with a key) or ``header: value``."""
    fields = [c for c in record_fields if c in cells] or [c for c in cells if c != record_key]
    if title:
        console.print(escape(title), style="bold", soft_wrap=True)
    for i in range(rows):
        row = {c: cells[c][i] for c in cells}
        if record_key is not None and record_key in cells:
            rest = " ".join(str(row[c]) for c in fields if row[c])
            console.print(f"{escape(str(row[record_key]))}: {escape(rest)}", soft_wrap=True)
            continue
        for col in cells:
            console.print(f"{escape(heads[col])}: {escape(str(row[col]))}", soft_wrap=True)
        console.print("")
