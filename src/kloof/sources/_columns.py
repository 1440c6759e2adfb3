"""Which column of a file is which indicator: one rule for every reader (private).

Every reader (KWB files, StatLine CSV, CBS OData, the Amsterdam panel) asks the
catalogue which indicator a column is (:meth:`kloof.catalogue.Catalogue.find`) and
must decide what to do when two columns are the same indicator. :func:`indicator_columns`
is that decision, once: a repeated column with the same values is skipped with a note
(exports sometimes repeat a topic); with other values the file is refused, naming both
columns, because nothing says which one is true.

Examples
--------
>>> import numpy as np
>>> from kloof import catalogue
>>> cols = {"a_inw": np.array([1.0, 2]), "bev_dich": np.array([3.0, 4]), "x": np.array([0.0])}
>>> found = indicator_columns(catalogue.load(), "kwb", list(cols), 2023, cols.__getitem__)
>>> [(h, ind.id) for h, ind in found.columns], found.unknown
([('a_inw', 'inhabitants'), ('bev_dich', 'population_density')], ['x'])
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from kloof.errors import DataFormatError, quote

if TYPE_CHECKING:
    from kloof.catalogue import Catalogue, Indicator

__all__ = ["ColumnMap", "indicator_columns", "repeated_headers", "unmangled"]


@dataclass(frozen=True)
class ColumnMap:
    """The columns a reader imports: ``(header, indicator)``, unknown headers, notes."""

    columns: tuple[tuple[str, Indicator], ...]
    unknown: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def indicator_columns(
    catalogue: Catalogue,
    source: str,
    headers: Sequence[str],
    year: int | None,
    values: Callable[[str], np.ndarray],
    *,
    path: str | Path | None = None,
) -> ColumnMap:
    """Map ``headers`` to catalogue indicators of ``source`` in ``year`` (see module).

    ``values(header)`` gives a column's numbers (only called for a repeated indicator).

    Raises
    ------
    DataFormatError
        When two columns are the same indicator with different values.
    """
    first: dict[str, str] = {}
    columns: list[tuple[str, Indicator]] = []
    unknown: list[str] = []
    notes: list[str] = []
    for header in headers:
        found = catalogue.find(source, header, year)
        if found is None:
            unknown.append(header)
            continue
        if found.id not in first:
            first[found.id] = header
            columns.append((header, found))
            continue
        earlier = first[found.id]
        a = np.asarray(values(earlier), dtype="float64")
        b = np.asarray(values(header), dtype="float64")
        if a.shape != b.shape or not np.array_equal(a, b, equal_nan=True):
            raise DataFormatError(
                f"columns {quote(earlier)} and {quote(header)} are both indicator "
                f"{found.id!r} but differ; remove the one that is wrong",
                path=path,
                column=header,
            )
        notes.append(f"column {quote(header)} repeats {quote(earlier)} ({found.id}); skipped")
    return ColumnMap(tuple(columns), unknown, notes)


def repeated_headers(
    names: Sequence[object], frame: pd.DataFrame, *, path: str | Path | None = None
) -> tuple[pd.DataFrame, list[str]]:
    """``frame`` without the columns whose header repeats an earlier one, and notes.

    ``names`` are the headers as the file writes them, one per column of ``frame`` (a
    table reader renames a repeated ``a_inw`` to ``a_inw.1``, which no catalogue knows,
    so the second column would be skipped as unknown whatever it holds). The same rule
    as for two columns of one indicator: a repeat with the same values is dropped with
    a note, one with other values is refused.

    Raises
    ------
    DataFormatError
        When two columns of the same name hold different values.
    """
    first: dict[str, int] = {}
    keep: list[int] = []
    notes: list[str] = []
    for position in range(frame.shape[1]):
        name = names[position] if position < len(names) else ""
        key = str(name).strip()
        if key not in first or not key:
            first.setdefault(key, position)
            keep.append(position)
            continue
        earlier = first[key]
        a = frame.iloc[:, earlier].astype("string").str.strip()
        b = frame.iloc[:, position].astype("string").str.strip()
        if not a.equals(b):
            raise DataFormatError(
                "columns {first} and {second} are both named {name} but hold different "
                "values; remove the one that is wrong",
                path=path,
                first=earlier + 1,
                second=position + 1,
                name=quote(str(name).strip()),
            )
        notes.append(f"column {quote(str(name).strip())} repeats column {earlier + 1}; skipped")
    if len(keep) == frame.shape[1]:
        return frame, notes
    return frame.iloc[:, keep], notes


def unmangled(columns: Sequence[object]) -> list[str]:
    """Headers as a workbook writes them: pandas renames a repeated ``a_inw`` ``a_inw.1``.

    >>> unmangled(["a_inw", "a_inw.1", "g_hhgro"])
    ['a_inw', 'a_inw', 'g_hhgro']
    """
    names = [str(c) for c in columns]
    seen = set(names)
    out = []
    for name in names:
        base, dot, number = name.rpartition(".")
        out.append(base if dot and number.isdigit() and base in seen else name)
    return out
