"""The comparison table behind the Vergelijken page, the map table and the downloads.

:func:`compare_table` selects regions of one level and year (optionally of one
gemeente, optionally by name), adds the chosen indicators (and the index when it
exists) and sorts; :func:`to_csv` and :func:`to_xlsx` write it for Excel users through
:mod:`kloof.spreadsheet`, the writer the CLI uses too (CSV with ``;`` and a decimal
comma in Dutch, as Dutch Excel expects; headers and words by
:func:`kloof.report.readable.readable`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from kloof import catalogue as _catalogue
from kloof.app import years
from kloof.app.cache import FrameCache
from kloof.errors import RegionCodeError, SpecError
from kloof.report import indexing
from kloof.report.i18n import N_, texts, translate
from kloof.report.profile import profile_indicators
from kloof.report.readable import readable
from kloof.spreadsheet import csv_bytes, xlsx_bytes

__all__ = [
    "DEFAULT_INDICATORS",
    "check_gemeente",
    "compare_table",
    "readable",
    "resolve_year",
    "to_csv",
    "to_xlsx",
]

#: Indicators shown when none are chosen (those present in the store).
DEFAULT_INDICATORS: tuple[str, ...] = (
    "inhabitants",
    "income_per_inhabitant",
    "persons_bottom40_pct",
    "bijstand_per_1000",
    "youth_care_pct",
    "woz_mean",
)


def resolve_year(cache: FrameCache, level: str, year: int | None) -> int:
    """``year``, or the default year at ``level`` (:func:`kloof.app.years.resolve_year`)."""
    return years.resolve_year(cache, level, year, spec=indexing.PRESET)


def check_gemeente(cache: FrameCache, year: int, code: str, language: str = "nl") -> str:
    """``code`` (upper case) if the store knows that gemeente in ``year``.

    Raises
    ------
    RegionCodeError
        For an unknown gemeente (shown as 404 with the message, not an empty page).
    """
    code = code.upper()
    known = set(cache.regions(year, "gemeente")["code"])
    known |= set(cache.regions(year, "wijk")["parent_gm"].dropna())
    if code not in known:
        raise RegionCodeError(texts(language)["unknown_gemeente"].format(code=code))
    return code


def compare_table(
    cache: FrameCache,
    level: str,
    year: int,
    *,
    indicators: Sequence[str] = (),
    gemeente: str | None = None,
    q: str | None = None,
    sort: str | None = None,
    descending: bool = False,
    language: str = "nl",
) -> pd.DataFrame:
    """Regions × (code, name, gemeente, [index, class], indicators), filtered and sorted.

    Raises
    ------
    SpecError
        For an indicator that is not in the store or a sort column not in the table.
    """
    cat = _catalogue.load()
    frame = cache.frame(year, level)
    chosen = list(indicators) or [i for i in DEFAULT_INDICATORS if i in frame.columns]
    allowed = set(profile_indicators(cat, frame.columns)) | {"inhabitants", "households"}
    unknown = [i for i in chosen if i not in allowed]
    if unknown:
        raise SpecError(
            f"indicator(s) {', '.join(unknown)} not available at {level} level in {year}"
        )
    names = cache.names()
    regions = cache.regions(year, level).set_index("code")
    table = pd.DataFrame(index=frame.index)
    table["name"] = table.index.map(names)
    if level in ("wijk", "buurt"):
        table["gemeente"] = regions["parent_gm"].reindex(table.index)
        table["gemeente_name"] = table["gemeente"].map(names)
    if indexing.index_ok(cache, level, year):
        scores = indexing.index_result(cache, level, year).scores
        table["index"] = scores["index"].reindex(table.index)
        table["class"] = scores["class"].reindex(table.index)
    for ind in chosen:
        table[ind] = frame[ind]
    if gemeente and "gemeente" in table:
        table = table[table["gemeente"] == gemeente.upper()]
    if q:
        needle = q.strip().casefold()
        hit = table["name"].fillna("").str.casefold().str.contains(needle, regex=False)
        table = table[hit | table.index.str.casefold().str.contains(needle, regex=False)]
    if sort:
        if sort != "code" and sort not in table.columns:
            raise SpecError(f"cannot sort by {sort!r}; columns: {', '.join(table.columns)}")
        key = table.index.to_series() if sort == "code" else table[sort]
        order = key.sort_values(ascending=not descending, na_position="last", kind="stable")
        table = table.loc[order.index]
    return table.rename_axis("code").reset_index()


def to_csv(table: pd.DataFrame, language: str = "nl") -> bytes:
    """CSV bytes for people (:func:`readable` headers and words), written by
    :func:`kloof.spreadsheet.csv_bytes`: UTF-8 with BOM, ``;`` and decimal comma in
    Dutch, ``,`` and point in English, as ``kloof ... --output FILE.csv``."""
    return csv_bytes(readable(table, language), language)


def to_xlsx(
    table: pd.DataFrame,
    sheet: str = "kloof",
    *,
    language: str = "nl",
    indicators: Sequence[str] = (),
    about: Sequence[tuple[str, Any]] = (),
) -> bytes:
    """XLSX bytes (:func:`kloof.spreadsheet.write_xlsx`): the table with :func:`readable`
    headers, a sheet describing ``indicators`` and the provenance rows ``about``."""
    from kloof.store.export import about_sheet, indicator_sheet

    sheets = {sheet: readable(table, language)}
    if indicators:
        sheets[translate(N_("Indicators"), language)] = readable(
            indicator_sheet(indicators, language), language
        )
    title, head = about_sheet(language)
    return xlsx_bytes(sheets, about=about, about_title=title, about_header=head)
