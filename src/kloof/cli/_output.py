"""What the CLI prints: numbers as people read them, tables that fit, pipes.

Data goes to standard output, as a table (default), CSV or JSON (``--format``); notes,
warnings and progress go to standard error, so ``kloof ... --format csv | head`` gives
clean CSV. A table never truncates a number or a code: when it is wider than the
terminal, text columns wrap, optional columns are dropped (with a note), and as a last
resort each row is printed as ``label: value`` lines.

The API, used by every command module:

- :func:`emit` a data frame, or plain rows (:class:`Rows`), as a table, CSV or JSON to
  standard output;
- :func:`emit_text` a text (an explanation, YAML) to standard output;
- :func:`note` a message to standard error;
- :func:`progress` a Rich progress bar on standard error (silent when not a terminal),
  :func:`working` a spinner for work without a known total;
- :func:`format_number`, :func:`format_money`, :func:`format_percent` for one value,
  :func:`display_frame` for a frame as table cells (from :mod:`kloof.cli._format`);
- :data:`FormatOpt` the ``--format`` option; :func:`check_format` validates it.

How a table is fitted to the terminal (column widths, dropped columns, the vertical
view) is :mod:`kloof.cli._table`; :func:`table_layout` is re-exported here.

Examples
--------
>>> format_number(17811291, "nl"), format_number(17811291, "en")
('17.811.291', '17,811,291')
>>> format_number(64.27, "nl", 1), format_money(9612345.4, "nl")
('64,3', '€ 9.612.345')
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Collection, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from kloof.cli._format import (
    Rows,
    auto_decimals,
    decimals_for_unit,
    display_frame,
    display_rows,
    format_money,
    format_number,
    format_percent,
)
from kloof.cli._table import fit, heading, keep_numbers, print_table, table_layout
from kloof.cli._texts import tr
from kloof.errors import one_line

if TYPE_CHECKING:  # pandas is imported when a frame is printed (kloof data status has none)
    import pandas as pd

__all__ = [
    "FORMATS",
    "FormatOpt",
    "Rows",
    "auto_decimals",
    "check_format",
    "decimals_for_unit",
    "display_frame",
    "display_rows",
    "emit",
    "emit_text",
    "format_money",
    "format_number",
    "format_percent",
    "note",
    "out_console",
    "progress",
    "table_layout",
    "working",
]

#: Output formats of ``--format``.
FORMATS: tuple[str, ...] = ("table", "csv", "json")

FormatOpt = Annotated[
    str, typer.Option("--format", "-F", help="Output: table, csv or json (data to stdout).")
]


def check_format(fmt: str) -> str:
    """The ``--format`` value in lower case; an unknown one is a usage error (exit 2)."""
    value = fmt.lower()
    if value not in FORMATS:
        raise typer.BadParameter(
            tr("unknown format {fmt!r}; use {choices}", fmt=fmt, choices=", ".join(FORMATS)),
            param_hint="--format",
        )
    return value


def check_output(path: Any, suffixes: Sequence[str], param_hint: str = "--output") -> Any:
    """An output file option checked before any work starts (usage error, exit 2).

    The suffix must be one of ``suffixes`` and the folder must exist and be writable,
    so a ten-second build never ends in "cannot save file". ``None`` passes through.
    """
    if path is None:
        return None
    from pathlib import Path

    p = Path(path)
    if p.suffix.lower() not in suffixes:
        raise typer.BadParameter(
            tr(
                "{path}: write one of {choices}",
                path=one_line(str(p)[:80]),
                choices=", ".join(suffixes),
            ),
            param_hint=param_hint,
        )
    folder = p.parent if str(p.parent) else Path(".")
    if not folder.is_dir():
        raise typer.BadParameter(
            tr("{folder}: no such folder", folder=one_line(str(folder)[:80])),
            param_hint=param_hint,
        )
    if not os.access(folder, os.W_OK):
        raise typer.BadParameter(
            tr("{folder}: not writable", folder=one_line(str(folder)[:80])),
            param_hint=param_hint,
        )
    return path


def check_indicators(
    names: Sequence[str], known: Collection[str], param_hint: str = "--indicator"
) -> None:
    """Every name must be a known indicator id (usage error with a suggestion)."""
    import difflib

    for name in names:
        if name in known:
            continue
        close = difflib.get_close_matches(name, list(known), n=1)
        hint = tr(" (did you mean {name}?)", name=close[0]) if close else ""
        raise typer.BadParameter(
            tr("unknown indicator {name!r}", name=str(name)[:80]) + hint, param_hint=param_hint
        )


# ----------------------------------------------------------------- consoles
def out_console() -> Console:
    """A console on standard output (made per call: the width follows ``COLUMNS``)."""
    return Console(soft_wrap=False, highlight=False)


def _err_console() -> Console:
    return Console(stderr=True, highlight=False)


def note(message: str, *, style: str | None = "dim", markup: bool = False) -> None:
    """A note, warning or file name for the user: standard error, never standard output."""
    text = message if markup else escape(message)
    _err_console().print(f"[{style}]{text}[/]" if style else text, soft_wrap=True)


def emit_text(text: str) -> None:
    """Data that is text (an explanation, YAML): standard output, as is."""
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    sys.stdout.flush()


@contextlib.contextmanager
def working(description: str) -> Iterator[None]:
    """A spinner with the elapsed time on standard error while long work runs.

    For work without a known total (a Monte Carlo run, permutations); silent when
    standard error is no terminal.
    """
    console = _err_console()
    bar = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )
    with bar:
        bar.add_task(description, total=None)
        yield


def progress(unit: str = "") -> Progress:
    """A Rich progress bar on standard error; silent when standard error is no terminal."""
    console = _err_console()
    columns: list[Any] = [TextColumn("[progress.description]{task.description}"), BarColumn()]
    columns.append(TextColumn("{task.completed}/{task.total}" + (f" {unit}" if unit else "")))
    columns.append(TimeElapsedColumn())
    return Progress(*columns, console=console, transient=True, disable=not console.is_terminal)


# ----------------------------------------------------------------- frames


def _width() -> int:
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit():
        return int(columns)
    return out_console().width


def emit(
    frame: pd.DataFrame | Rows,
    *,
    fmt: str = "table",
    title: str | None = None,
    language: str = "nl",
    decimals: Mapping[str, int | None] | None = None,
    money: Collection[str] = (),
    percent: Collection[str] = (),
    money_decimals: int = 0,
    optional: Collection[str] = (),
    headers: Mapping[str, str] | None = None,
    max_rows: int | None = None,
    record_key: str | None = None,
    record_fields: Sequence[str] = (),
) -> None:
    """Print a frame to standard output as a table, CSV or JSON.

    Parameters
    ----------
    frame
        The data, a frame or plain rows (:class:`Rows`: no pandas needed); CSV and JSON
        get every row and column with full precision.
    fmt
        ``table``, ``csv`` or ``json``.
    title
        Title above the table (tables only).
    language
        Separators and translated headers of the table.
    decimals, money, percent, money_decimals
        Number display (see :func:`display_frame`).
    optional
        Columns that may be dropped, in this order, when the table is too wide (a note
        on standard error says which).
    headers
        Column id → header text (else the dashboard's translation of common ids).
    max_rows
        Rows of the table (a note says how many were left out).
    record_key
        Column naming each row in the vertical view (``label: value`` lines); without
        it the vertical view prints ``header: value`` per field.
    record_fields
        Columns after the key in the vertical view, in this order (default: all).
    """
    fmt = check_format(fmt)
    if fmt != "table":
        _emit_data(frame, fmt)
        return
    shown = frame if max_rows is None else frame.head(max_rows)
    full, numeric = _cells(
        shown,
        language,
        decimals=decimals,
        money=money,
        percent=percent,
        money_decimals=money_decimals,
    )
    full = {  # "per 1 000 inwoners": a text column may wrap, but not inside a number
        c: v if numeric.get(c) else [keep_numbers(t, language) for t in v] for c, v in full.items()
    }
    title = keep_numbers(title, language) if title else title
    width = _width()
    cells, layout, dropped = fit(full, width, optional, lambda c: heading(c, language, headers))
    if dropped:
        note(
            tr(
                "columns left out to fit {width} columns: {cols}",
                width=width,
                cols=", ".join(heading(c, language, headers) for c in dropped),
            )
        )
    print_table(
        out_console(),
        cells,
        numeric,
        layout,
        rows=len(shown),
        title=title,
        language=language,
        headers=headers,
        record_key=record_key,
        record_fields=record_fields,
    )
    if max_rows is not None and len(frame) > max_rows:
        total = format_number(len(frame), language)
        note(tr("{shown} of {total} rows shown", shown=max_rows, total=total))


def _cells(
    table: pd.DataFrame | Rows,
    language: str,
    **display: Any,
) -> tuple[dict[Any, list[str]], dict[Any, bool]]:
    """Text cells by column, and which columns are numeric (right-aligned)."""
    if isinstance(table, Rows):
        return display_rows(table, language, **display)
    import pandas as pd

    frame = display_frame(table, language, **display)
    cells = {col: list(frame[col]) for col in frame.columns}
    numeric = {col: pd.api.types.is_numeric_dtype(table[col].dtype) for col in table.columns}
    return cells, numeric


def _emit_data(table: pd.DataFrame | Rows, fmt: str) -> None:
    """CSV or JSON to standard output: every row and column, numbers unformatted."""
    if not isinstance(table, Rows):
        if fmt == "csv":
            text = table.to_csv(index=False, lineterminator="\n")
        else:  # every digit of a float (pandas' to_json keeps 10 decimals: 1e-12 → 0.0)
            records = table.astype(object).where(table.notna(), None).to_dict("records")
            text = json.dumps(records, ensure_ascii=False, indent=1, default=_json_value) + "\n"
    elif fmt == "csv":
        import csv
        import io

        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(table.columns)
        writer.writerows([_plain(v) for v in row] for row in table.rows)
        text = buffer.getvalue()
    else:
        plain = [dict(zip(table.columns, map(_plain, row), strict=True)) for row in table.rows]
        text = json.dumps(plain, ensure_ascii=False, indent=1, default=str) + "\n"
    sys.stdout.write(text)
    sys.stdout.flush()


def _json_value(value: Any) -> Any:
    """A value ``json`` cannot write: a NumPy scalar as its Python value, a date as ISO text."""
    if hasattr(value, "item"):
        return value.item()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _plain(value: Any) -> Any:
    """A value of plain rows for CSV and JSON: missing (NaN) is empty, as pandas writes."""
    return None if isinstance(value, float) and value != value else value
