"""Tables for people: headers, units and words in the reader's language.

:func:`readable` turns a table of ids (``income_per_inhabitant``, ``higher_is_worse``,
``True``) into the table a download shows (``Gemiddeld inkomen per inwoner (x 1 000
euro)``, ``hoger is slechter``, ``ja``); :func:`header` is one column's header. Numbers,
codes and ids stay as they are. The dashboard's downloads (:mod:`kloof.web.tables`) and
the profile workbook (:func:`kloof.report.render.write_xlsx`) use it; the files are
written by :mod:`kloof.spreadsheet`.

Examples
--------
>>> header("persons_bottom40_pct", "nl")
'40% personen met laagste inkomen (%)'
>>> header("bijstand_per_1000", "en")
'Bijstand recipients per 1,000 inhabitants'
>>> header("share_pct", "nl")
'Aandeel (%)'
>>> word("medium-low", "nl"), word("higher_is_worse", "nl"), word("GM0014", "nl")
('middel-laag', 'hoger is slechter', 'GM0014')
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kloof import catalogue as _catalogue
from kloof.report.i18n import N_, translate, unit_text

__all__ = ["HEADERS", "KINDS", "WORDS", "header", "readable", "word"]

#: Units that need no mention in a header (a count, an id).
_SILENT_UNITS = frozenset({"aantal", "code"})

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
#: Values of a ``kind`` column (the rows of the side-by-side table).
KINDS: dict[str, str] = {
    "index": N_("Index"),
    "domain": N_("Domain"),
    "indicator": N_("Indicator"),
}


def readable(table: pd.DataFrame, language: str = "nl") -> pd.DataFrame:
    """``table`` for people: headers and words in ``language``, ``True``/``False`` as
    ja/nee (yes/no); codes, ids and numbers stay as they are."""
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
            out[col] = values.map(lambda v: word(v, language))
        elif col == "kind":
            out[col] = values.map(
                lambda v: translate(KINDS[v], language) if isinstance(v, str) and v in KINDS else v
            )

    return out.rename(columns=lambda col: header(col, language))


def word(value: object, language: str = "nl") -> object:
    """A word of :data:`WORDS` in ``language``, also joined ones (``medium-low`` →
    ``middel-laag``); any other value as it is."""
    if not isinstance(value, str):
        return value
    parts = value.split("-")
    if not all(part in WORDS for part in parts):
        return value
    return "-".join(translate(WORDS[part], language) for part in parts)


def header(column: object, language: str = "nl") -> str:
    """The header of ``column``: a known column's name, an indicator's label with its
    unit in brackets (``(%)``, ``(x 1 000 euro)``) unless the label already says it or
    it is a count; any other column as it is."""
    key = str(column)
    if key in HEADERS:
        return translate(HEADERS[key], language)
    cat = _catalogue.load()
    if key not in cat:
        return key
    label, unit = cat[key].text(language), cat[key].unit
    if unit in _SILENT_UNITS:
        return label
    shown = unit_text(unit, language)
    # "40% personen ..." does not say the unit: only a label ending in % does
    in_label = shown.casefold() in label.casefold()
    said = label.rstrip(")").endswith("%") if unit == "%" else in_label
    return label if said else f"{label} ({shown})"
