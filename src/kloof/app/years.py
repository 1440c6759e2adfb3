"""Which year: the one rule for data years, index years and the default year.

Every face (command line, reports, dashboard) asks the same questions, answered here
once and without computing an index:

* :func:`data_years`: the years with at least one value at a level;
* :func:`index_years`: the data years whose indicators meet what an index spec
  requires (:func:`kloof.index.missing_required`: required indicators present or
  derivable; a year with only population counts is left out);
* :func:`default_year`: the latest index year (with ``spec``), the latest year with a
  value in every one of ``columns`` (with ``columns``), else the latest data year;
* :func:`resolve_year`: a user's year checked against the data, or the default.

``store`` is a :class:`kloof.store.Store` or a :class:`kloof.app.FrameCache` (which
caches the store's answers).

Examples
--------
>>> from kloof.store import open_store
>>> data_years(open_store(":memory:"), "wijk")
[]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kloof.errors import SpecError, StoreError

__all__ = ["data_years", "default_year", "index_years", "resolve_year"]


def data_years(store: Any, level: str) -> list[int]:
    """Years with at least one value (not just regions or boundaries) at ``level``."""
    return [int(y) for y in store.years(level) if store.indicators(y, level)]


def index_years(store: Any, level: str, spec: Any = "kloof") -> list[int]:
    """Data years at ``level`` whose indicators meet what ``spec`` requires.

    ``spec`` is a preset name or an :class:`~kloof.index.IndexSpec`. Decided from the
    store's indicator lists; no index is built (and, for a preset through a
    :class:`~kloof.app.FrameCache`, decided once).
    """
    if isinstance(spec, str) and hasattr(store, "cached"):
        return list(
            store.cached(("index-years", level, spec), lambda: _index_years(store, level, spec))
        )
    return _index_years(store, level, spec)


def _index_years(store: Any, level: str, spec: Any) -> list[int]:
    from kloof import catalogue
    from kloof.index import presets
    from kloof.index.prepare import missing_required

    the_spec = presets.load(spec) if isinstance(spec, str) else spec
    cat = catalogue.load()
    return [
        y
        for y in data_years(store, level)
        if not missing_required(store.indicators(y, level), the_spec, cat)
    ]


def default_year(store: Any, level: str, *, spec: Any = None, columns: Sequence[str] = ()) -> int:
    """The year used when the user gives none.

    With ``columns``: the latest data year with a value in each of them; with ``spec``:
    the latest year the index can be built (else the latest data year: a gemeente panel
    of a later year may lack the index's indicators); else the latest data year.

    Raises
    ------
    StoreError
        When the store has no data at ``level`` (or no year with all ``columns``).
    """
    years = data_years(store, level)
    if not years:
        raise StoreError(f"the store has no {level} data; run `kloof data import`")
    if columns:
        complete = [y for y in years if all(_has_values(store, y, level, c) for c in columns)]
        if not complete:
            raise StoreError(f"the store has no {level} data for {', '.join(columns)}")
        return complete[-1]
    if spec is not None:
        usable = index_years(store, level, spec)
        if usable:
            return usable[-1]
    return years[-1]


def _has_values(store: Any, year: int, level: str, column: str) -> bool:
    """Whether ``column`` (stored or derived by the store's frame) has a value."""
    if column in store.indicators(year, level):
        return True
    frame = store.frame(year, level, [column])
    return column in frame.columns and bool(frame[column].notna().any())


def resolve_year(
    store: Any,
    level: str,
    year: int | None,
    *,
    spec: Any = None,
    columns: Sequence[str] = (),
) -> int:
    """``year`` when the store has data at ``level`` for it, else :func:`default_year`.

    Raises
    ------
    SpecError
        For a year without data at ``level`` (the message lists the years there are).
    StoreError
        Without any data at ``level``.
    """
    if year is None:
        return default_year(store, level, spec=spec, columns=columns)
    years = data_years(store, level)
    if not years:
        raise StoreError(f"the store has no {level} data; run `kloof data import`")
    if int(year) not in years:
        raise SpecError(
            f"no {level} data for {year}; years with data: {', '.join(map(str, years))}"
        )
    return int(year)
