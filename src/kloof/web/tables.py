"""The comparison table behind the Vergelijken page, the map table and the downloads.

:func:`compare_table` selects regions of one level and year (optionally of one
gemeente, optionally by name), adds the chosen indicators (and the index when it
exists) and sorts; :func:`to_csv` and :func:`to_xlsx` write it for Excel users
(CSV with ``;`` and a decimal comma in Dutch, as Dutch Excel expects).
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import numpy as np
import pandas as pd

from kloof import catalogue as _catalogue
from kloof.app import years
from kloof.app.cache import FrameCache
from kloof.errors import RegionCodeError, SpecError
from kloof.report import indexing
from kloof.report.i18n import N_, texts, translate
from kloof.report.profile import profile_indicators

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


#: Column → header of a download, as a message id (indicator ids get their catalogue label).
HEADERS: dict[str, str] = {
    "code": N_("Code"),
    "name": N_("Name"),
    "gemeente": N_("Municipality"),  # its code (Vergelijken) or its value (a profile)
    "gemeente_name": N_("Municipality name"),
    "index": N_("Index"),
    "class": N_("Class"),
    "indicator": N_("Indicator"),
    "label": N_("Description"),
    "unit": N_("Unit"),
    "domain": N_("Domain"),
    "direction": N_("Direction"),
    "value": N_("Value"),
    "nl": N_("Netherlands"),
    "peers": N_("Peers"),
    "percentile": N_("Percentile"),
    "vulnerability": N_("Vulnerability (percentile)"),
    "flag": N_("Among the 10% most vulnerable"),
    "estimate": N_("Estimate"),
    "observed": N_("Observed"),
    "reliability": N_("Reliability"),
    "year": N_("Year"),
    "recipient": N_("Recipient (id)"),
    "population": N_("Population"),
    "need": N_("Need"),
    "confidence": N_("Confidence of the composition"),
    "amount": N_("Amount (€)"),
    "per_resident": N_("Per resident (€)"),
    "share_pct": N_("Share (%)"),
    "binding": N_("Binding bound"),
    "kind": N_("Kind"),
    "key": N_("Key"),
}
#: Values of text columns that are words, not data (directions, confidence, bounds).
WORDS: dict[str, str] = {
    "higher_is_better": N_("higher is better"),
    "higher_is_worse": N_("higher is worse"),
    "neutral": N_("neutral"),
    "high": N_("high"),
    "medium": N_("medium"),
    "low": N_("low"),
    "floor": N_("floor"),
    "cap": N_("cap"),
}


def readable(table: pd.DataFrame, language: str = "nl") -> pd.DataFrame:
    """``table`` for people: headers and words in ``language``, ``True``/``False`` as
    ja/nee (yes/no); codes, ids and numbers stay as they are."""
    cat = _catalogue.load()
    out = table.copy()
    words = {True: translate(N_("yes"), language), False: translate(N_("no"), language)}
    for col in out.columns:
        values = out[col]
        if values.dtype == bool or (
            values.dtype == object
            and values.notna().any()
            and values.dropna().map(type).isin([bool, np.bool_]).all()
        ):
            out[col] = values.map(lambda v: v if pd.isna(v) else words[bool(v)])
        elif col in ("direction", "confidence", "binding"):
            out[col] = values.map(
                lambda v: translate(WORDS[v], language) if isinstance(v, str) and v in WORDS else v
            )

    def header(col: object) -> str:
        key = str(col)
        if key in HEADERS:
            return translate(HEADERS[key], language)
        return cat[key].text(language) if key in cat else key

    return out.rename(columns=header)


def to_csv(table: pd.DataFrame, language: str = "nl") -> bytes:
    """CSV bytes (UTF-8 with BOM) for people (:func:`readable`): ``;`` and decimal comma
    in Dutch, ``,`` and point in English."""
    table = readable(table, language)
    if language == "en":
        text = table.to_csv(index=False)
    else:
        text = table.to_csv(index=False, sep=";", decimal=",")
    return ("\ufeff" + text).encode("utf-8")


def to_xlsx(table: pd.DataFrame, sheet: str = "kloof") -> bytes:
    """XLSX bytes with one sheet."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as xl:
        table.to_excel(xl, sheet_name=sheet[:31], index=False)
    return buffer.getvalue()
