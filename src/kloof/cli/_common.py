"""Shared CLI plumbing: settings, console, store access and error reporting.

``console`` writes to standard error: it is for notes, warnings and progress. Data goes
to standard output through :mod:`kloof.cli._output` (``emit``, ``emit_text``).
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from kloof.errors import KloofError, one_line

if TYPE_CHECKING:  # pandas and pydantic are imported by the commands that use them
    import pandas as pd
    from rich.table import Table

    from kloof.settings import Settings

__all__ = ["State", "console", "err_console", "fail", "frame_table", "guarded", "state"]

#: Notes, warnings and progress: standard error (standard output is for data only).
console = Console(stderr=True)
err_console = console

F = TypeVar("F", bound=Callable[..., Any])


class State:
    """Options of the top-level ``kloof`` command, shared by sub-commands."""

    def __init__(self) -> None:
        self.store_path: Path | None = None
        self.language: str | None = None

    def settings(self) -> Settings:
        """Settings from the environment, overridden by command-line options."""
        from kloof.settings import Settings

        overrides: dict[str, Any] = {}
        if self.store_path is not None:
            overrides["store"] = self.store_path
        if self.language is not None:
            overrides["language"] = self.language
        return Settings(**overrides)

    @property
    def lang(self) -> str:
        return self.settings().language

    @contextlib.contextmanager
    def store(self, *, create: bool = False, read_only: bool = False) -> Iterator[Any]:
        from kloof.store import open_store

        path = self.settings().store
        store = open_store(path, create=create, read_only=read_only)
        try:
            yield store
        finally:
            store.close()


state = State()


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print an error in red (standard error) and return the exit to raise.

    An English message of the library or a command is shown in the run's language when
    :mod:`kloof.report.messages` knows it.
    """
    from kloof.cli._texts import tr
    from kloof.report.messages import note_text

    try:
        lang = state.lang
    except Exception:  # settings that do not validate: the message as it is
        lang = "en"
    text = one_line(note_text(message, lang))
    err_console.print(f"[bold red]{tr('error:')}[/] {escape(text)}", soft_wrap=True)
    return typer.Exit(code)


def guarded(func: F) -> F:
    """Turn kloof errors into a clear message in the run's language and exit code 1.

    No traceback; the library's English message is translated at this boundary
    (:func:`kloof.report.messages.error_message`).
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KloofError as exc:
            from kloof.report.messages import error_message

            raise fail(error_message(exc, state.lang)) from None

    return wrapper  # type: ignore[return-value]


def frame_table(frame: pd.DataFrame, title: str | None = None, *, max_rows: int = 60) -> Table:
    """A rich table of a data frame (first ``max_rows`` rows) that truncates nothing.

    Numbers get the separators of the run's language; cells fold instead of being cut.
    Prefer :func:`kloof.cli._output.emit`, which also fits the table to the terminal
    and honours ``--format``.
    """
    import pandas as pd
    from rich.table import Table

    from kloof.cli._output import display_frame

    cells = display_frame(frame.head(max_rows), state.lang)
    table = Table(title=title, show_lines=False)
    for col in frame.columns:
        numeric = pd.api.types.is_numeric_dtype(frame[col].dtype)
        table.add_column(str(col), justify="right" if numeric else "left", overflow="fold")
    for row in cells.itertuples(index=False):
        table.add_row(*(escape(str(c)) for c in row))
    if len(frame) > max_rows:
        table.caption = f"{max_rows} / {len(frame)}"
    return table
