"""The inputs of ``kloof index`` commands: the spec, the frames of a level, a build.

Shared by :mod:`kloof.cli.index` (every command builds the index first); warnings of
the build are shown as notes in the run's language.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.markup import escape

from kloof.cli._columns import domains_named
from kloof.cli._common import console, fail, state
from kloof.cli._texts import note_text, tr
from kloof.errors import KloofWarning

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["LEVELS", "inputs", "run_build", "spec"]

LEVELS = ("gemeente", "wijk", "buurt")


def spec(spec: Path | None, preset: str) -> Any:
    """The ``--spec`` file read as an :class:`~kloof.index.IndexSpec`, else the preset name."""
    from kloof.index import IndexSpec

    if spec is None:
        return preset
    try:
        text = spec.read_text("utf-8")
    except OSError as exc:
        raise fail(
            tr("{path}: cannot read the spec ({why})", path=spec, why=exc.strerror)
        ) from None
    return IndexSpec.from_yaml(text)


def inputs(
    store: Any, year: int | None, level: str, spec: Any = "kloof"
) -> tuple[int, dict[str, Any], pd.Series]:
    """Frame, NL reference, parent frames and names of one level, as build() wants them."""
    if level not in LEVELS:
        raise typer.BadParameter(
            tr("unknown level {level!r}; use {choices}", level=level, choices=", ".join(LEVELS)),
            param_hint="--level",
        )
    from kloof.app.indexing import index_inputs
    from kloof.app.provenance import store_provenance
    from kloof.app.years import data_years, resolve_year

    if not data_years(store, level):
        raise fail(tr("no {level} data in the store; run `kloof data import` first", level=level))
    year = resolve_year(store, level, year, spec=spec)
    frame, reference, parents = index_inputs(store, level, year)
    names = store.regions(year, level).set_index("code")["name"]
    prov = store_provenance(store, level=level, years=[year])
    kwargs = {"frame": frame, "reference": reference, "parents": parents, "provenance": prov}
    return year, kwargs, names


def run_build(spec: Any, year: int, kwargs: dict[str, Any]) -> Any:
    """:func:`kloof.index.build` on :func:`inputs`; its warnings as notes for people."""
    from kloof import index

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", KloofWarning)
        result = index.build(
            kwargs["frame"],
            spec,
            reference=kwargs["reference"],
            parents=kwargs["parents"],
            year=year,
            provenance=kwargs["provenance"],
        )
    for w in caught:
        if issubclass(w.category, KloofWarning):
            text = note_text(domains_named(str(w.message), state.lang, spec), state.lang)
            console.print(f"[yellow]{tr('note:')}[/] {escape(text)}", highlight=False)
    return result
