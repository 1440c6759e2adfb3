"""What ``kloof monitor`` reads from the store: frames per year, crosswalks, the CPI,
the kloof index of the areas that targets name.

The monitor's analysis is pure (:mod:`kloof.monitor`); these helpers build its inputs.
``--prices YEAR`` deflates amounts in euro with the CPI stored by ``kloof data fetch
cpi`` (:func:`deflated`); without a CPI in the store it fails with what to run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape

from kloof.cli._columns import indicator_name
from kloof.cli._common import console, state
from kloof.cli._texts import note_text, tr
from kloof.errors import SpecError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "PricesOpt",
    "crosswalks",
    "deflated",
    "frames",
    "index_observations",
    "label",
    "money_note",
    "series_title",
    "size_text",
    "task_gaps",
]

PricesOpt = Annotated[
    int | None,
    typer.Option(
        "--prices",
        help="Amounts in euro in constant prices of this year (CBS CPI in the store).",
    ),
]


def frames(store: Any, levels: set[str]) -> dict[int, pd.DataFrame]:
    """Per year, one frame of all wanted levels present in the store."""
    import pandas as pd

    out: dict[int, pd.DataFrame] = {}
    for year in store.years():
        parts = [store.frame(year, lvl) for lvl in sorted(levels) if year in store.years(lvl)]
        parts = [p for p in parts if len(p)]
        if parts:
            out[year] = pd.concat(parts)
    return out


def crosswalks(store: Any, years: list[int], levels: set[str], to_year: int) -> dict[Any, Any]:
    """``(level, year)`` → crosswalk to ``to_year`` for every year that has one."""
    out = {}
    for year in years:
        for lvl in levels - {"land"}:
            xw = store.crosswalk(lvl, year, to_year)
            if year != to_year and (len(xw) or _has_crosswalk(store, lvl, year, to_year)):
                out[(lvl, year)] = xw
    return out


def _has_crosswalk(store: Any, level: str, year: int, to_year: int) -> bool:
    """An empty crosswalk counts as "nothing changed" only if one was imported.

    The store keeps changed regions only, so an imported but empty crosswalk (gemeenten
    2023 → 2024) is recognised by its source file name.
    """
    src = store.sources()
    if not {"kind", "location"} <= set(src.columns):
        return False
    xw = src[src["kind"] == "crosswalk"]["location"].astype(str)
    return bool(xw.str.contains(f"{level}_van_{year}_naar_{to_year}", regex=False).any())


def deflated(
    store: Any, data: dict[int, pd.DataFrame], prices: int | None
) -> tuple[dict[int, pd.DataFrame], tuple[str, ...]]:
    """``data`` with amounts in euro in prices of ``prices`` (unchanged when ``None``).

    Raises
    ------
    SpecError
        The store has no CPI (with the command that fetches it), or none for ``prices``.
    """
    if prices is None:
        return data, ()
    from kloof.monitor.prices import deflate
    from kloof.store.prices import price_index

    index = price_index(store)
    if index is None:
        raise SpecError(
            tr(
                "--prices needs the CBS consumer price index in the store: run "
                "`kloof data fetch cpi` (83131NED) or `kloof data cpi FILE`"
            )
        )
    return deflate(data, index.values, prices)


def money_note(indicators: Any, prices: int | None, notes: tuple[str, ...] = ()) -> None:
    """Say in which prices the amounts in euro are (nominal, or prices of a year)."""
    from kloof.monitor.prices import money_indicators, price_label

    money = money_indicators(dict.fromkeys(indicators))
    if money:
        what = (
            price_label(prices, state.lang)
            if prices is not None
            else tr("nominal euros, not corrected for inflation")
        )
        console.print(f"[dim]{', '.join(money)}: {what}[/]", highlight=False)
    for note in notes:
        console.print(f"[dim]{escape(note_text(note, state.lang))}[/]", highlight=False)


def task_gaps(view: pd.DataFrame) -> None:
    """Say per task without data, or measured in part, what is missing and what fills it.

    ``view`` is :func:`kloof.monitor.tasks.task_view`: each row whose ``status`` is not
    ``data`` gives one line (the indicators without a value, what else the task lacks,
    the source that would fill it) and, below it, what a user runs (``route``).
    """
    for _, row in view[view["status"] != "data"].iterrows():
        key = (
            "{task}: no data yet ({missing}); would be filled by {source}"
            if row["status"] == "no data yet"
            else "{task}, still missing: {missing} ({source})"
        )
        line = tr(key, task=row["task"], missing=row["indicator"], source=row["source"])
        style = "yellow" if row["status"] == "no data yet" else "dim"
        console.print(f"[{style}]{escape(line)}[/]", highlight=False)
        console.print(f"[dim]    → {escape(str(row['route']))}[/]", highlight=False)


def index_observations(tset: Any, s: Any) -> pd.DataFrame:
    """``subject, indicator, year, value`` of the kloof index for targets on ``index``.

    Areas are scored on the wijk model of each year, regions at their own level, in
    every year whose data carry the index (``kloof index build``); ``s`` is the area
    set the targets' subjects are looked up in.
    """
    import pandas as pd

    from kloof.report.frames import FrameCache
    from kloof.report.indexing import index_score
    from kloof.report.targets import resolve_target

    subjects = {t.subject for t in tset.targets if t.indicator == "index" and t.subject}
    rows = []
    with state.store(read_only=True) as store:
        cache = FrameCache(store)
        regions = store.regions()
        for subject in sorted(subjects):
            text = f"{s.name}:{subject}" if subject in s else subject
            target = resolve_target(text, regions)
            for year in store.years():
                value = index_score(cache, target, year)
                if value is not None:
                    rows.append((subject, "index", year, value))
    return pd.DataFrame(rows, columns=["group", "indicator", "year", "value"])


def label(indicator: str) -> str:
    """An indicator's name in the run's language (its id when the catalogue lacks it)."""
    return indicator_name(indicator, state.lang)


def series_title(indicator: str, baseline: int | None, prices: int | None = None) -> str:
    """Indicator, its unit, and what the numbers are: rebased, gaps in which unit, nominal."""
    from kloof import catalogue
    from kloof.monitor.series import nominal, relative_gap_allowed

    cat = catalogue.load()
    from kloof.report.i18n import unit_text

    unit = unit_text(cat[indicator].unit, state.lang) if indicator in cat else ""
    parts = [label(indicator) + (f" ({unit})" if unit else "")]
    if baseline is not None:
        parts.append(tr("{year} = 100 for levels and gaps (gaps in index points)", year=baseline))
    elif not relative_gap_allowed(indicator, cat):
        parts.append(tr("a count: gaps in units, not in percent"))
    if nominal(indicator, cat):
        from kloof.monitor.prices import price_label

        parts.append(
            price_label(prices, state.lang)
            if prices is not None
            else tr("nominal euros, not corrected for inflation")
        )
    return "; ".join(parts)


def size_text(size: Any) -> str:
    """The data of an evaluation (:class:`kloof.monitor.panel.DataSize`) as one sentence."""
    pre, post = (", ".join(map(str, years)) for years in (size.pre_years, size.post_years))
    parts = [
        tr("{n} treated unit(s) against {m} donor(s)", n=size.treated, m=size.donors),
        tr(
            "{n} pre year(s) ({pre}) and {m} post year(s) ({post})",
            n=len(size.pre_years),
            pre=pre,
            m=len(size.post_years),
            post=post,
        ),
    ]
    if size.dropped_units:
        parts.append(tr("{n} donor(s) dropped for missing values", n=len(size.dropped_units)))
    if size.dropped_years:
        years = ", ".join(map(str, size.dropped_years))
        parts.append(tr("years {years} dropped (treated value missing)", years=years))
    return "; ".join(parts)
