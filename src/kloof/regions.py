"""CBS region codes, the gemeente → wijk → buurt hierarchy and 4-digit postcode areas.

A region is identified by ``(code, year)``: CBS re-issues codes yearly, so never join
years on code alone (use :mod:`kloof.sources.crosswalk`).

Code formats (CBS *Kerncijfers Wijken en Buurten*, "Toelichting codering"):

========  ===================  ===========================================
level     example              pattern
========  ===================  ===========================================
land      ``NL00``             ``NL00``
gemeente  ``GM0363``           ``GM`` + 4 digits
wijk      ``WK036301``         ``WK`` + gemeente digits + 2 characters
buurt     ``BU03630101``       ``BU`` + wijk characters + 2 characters
pc4       ``PC1011``           ``PC`` + a 4-digit postcode (1000-9999)
========  ===================  ===========================================

Since 2022 Amsterdam uses letters in wijk and buurt codes (``WK0363AA``,
``BU0363AA01``); the characters after the gemeente digits are therefore ``[0-9A-Z]``.

A **4-digit postcode area** (PC4, CBS *statistieken per postcode*) is a region level of its
own, ``pc4``: it is not part of the gemeente → wijk → buurt hierarchy (a PC4 may cross
wijk and, rarely, gemeente borders), so :data:`LEVELS` leaves it out and a PC4 has no
parent. :data:`ALL_LEVELS` lists every level a store can hold. PC4 values reach wijken
and gemeenten through an address crosswalk (:func:`kloof.reexpress.reexpress_pc4`).

Examples
--------
>>> parse("bu03630101 ").parent_wk
'WK036301'
>>> level_of("GM0599")
'gemeente'
>>> pc4_code(1011), level_of("PC1011")
('PC1011', 'pc4')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from kloof.errors import RegionCodeError

__all__ = [
    "ALL_LEVELS",
    "HIERARCHY_LEVELS",
    "LEVELS",
    "Level",
    "RegionCode",
    "hierarchy",
    "level_of",
    "normalise",
    "normalise_series",
    "parse",
    "pc4_code",
]

Level = Literal["land", "gemeente", "wijk", "buurt", "pc4"]

#: Levels of the CBS hierarchy from coarse to fine (``pc4`` is not one of them).
LEVELS: tuple[Level, ...] = ("land", "gemeente", "wijk", "buurt")
#: Alias of :data:`LEVELS` that says what it is.
HIERARCHY_LEVELS = LEVELS
#: Every level a store can hold: the hierarchy plus 4-digit postcode areas.
ALL_LEVELS: tuple[Level, ...] = (*LEVELS, "pc4")

_PATTERN = re.compile(
    r"^(?:(?P<nl>NL00)|GM(?P<gm>[0-9]{4})|WK(?P<wk>[0-9]{4}[0-9A-Z]{2})"
    r"|BU(?P<bu>[0-9]{4}[0-9A-Z]{4})|PC(?P<pc>[1-9][0-9]{3}))$"
)
_LEVEL_BY_PREFIX: dict[str, Level] = {
    "NL": "land",
    "GM": "gemeente",
    "WK": "wijk",
    "BU": "buurt",
    "PC": "pc4",
}


@dataclass(frozen=True, slots=True)
class RegionCode:
    """A parsed CBS region code.

    Attributes
    ----------
    code
        The canonical code, upper case, no padding (``WK036301``).
    level
        ``land``, ``gemeente``, ``wijk``, ``buurt`` or ``pc4``.
    parent_gm
        The gemeente code the region lies in (``None`` for ``NL00``, gemeenten and PC4
        areas, which may cross gemeente borders).
    parent_wk
        The wijk code of a buurt (``None`` otherwise).
    """

    code: str
    level: Level
    parent_gm: str | None
    parent_wk: str | None


def normalise(code: object) -> str:
    """Strip padding and upper-case a code; do not validate it.

    CBS exports pad codes with spaces (``"GM1680    "``); some files use lower case.
    Codes with missing leading zeros are *not* repaired here (that would be a guess);
    readers that know their layout repair them. See :func:`parse` for validation.
    """
    return str(code).strip().upper()


def parse(code: object) -> RegionCode:
    """Parse and validate a CBS region code.

    Parameters
    ----------
    code
        A code such as ``"NL00"``, ``"GM0363"``, ``"WK036301"`` or ``"BU03630101"``;
        surrounding spaces and lower case are accepted.

    Returns
    -------
    RegionCode

    Raises
    ------
    RegionCodeError
        If the code does not follow the CBS pattern.
    """
    text = normalise(code)
    match = _PATTERN.match(text)
    if match is None:
        raise RegionCodeError(
            f"{code!r} is not a CBS region code; expected NL00, GM + 4 digits "
            "(GM0363), WK + 6 characters (WK036301), BU + 8 characters (BU03630101) "
            "or PC + a 4-digit postcode (PC1011)"
        )
    level = _LEVEL_BY_PREFIX[text[:2]]
    parent_gm = None if level in ("land", "gemeente", "pc4") else "GM" + text[2:6]
    parent_wk = "WK" + text[2:8] if level == "buurt" else None
    return RegionCode(text, level, parent_gm, parent_wk)


def level_of(code: object) -> Level:
    """Return the level of a CBS code (see :func:`parse`)."""
    return parse(code).level


def pc4_code(postcode: object) -> str:
    """The region code of a 4-digit postcode area: ``1011``, ``"1011"``, ``"PC1011"`` → ``PC1011``.

    Raises
    ------
    RegionCodeError
        If ``postcode`` is not a 4-digit postcode 1000-9999.
    """
    text = normalise(postcode)
    if text.endswith(".0"):  # numbers read as floats
        text = text[:-2]
    if not text.startswith("PC"):
        text = "PC" + text
    if not re.fullmatch(r"PC[1-9][0-9]{3}", text):
        raise RegionCodeError(f"{postcode!r} is not a 4-digit postcode (1000-9999)")
    return text


def normalise_series(codes: pd.Series) -> pd.Series:
    """Normalise a column of codes (strip, upper-case) without validating."""
    return codes.astype("string").str.strip().str.upper()


def hierarchy(codes: pd.Series | list[str]) -> pd.DataFrame:
    """The hierarchy of a set of codes as a table.

    Parameters
    ----------
    codes
        Valid CBS codes; invalid ones raise :class:`~kloof.errors.RegionCodeError`.
        Use :func:`invalid_codes` first to report them all at once.

    Returns
    -------
    pandas.DataFrame
        Columns ``code``, ``level``, ``parent_gm``, ``parent_wk``, vectorised.
    """
    series = normalise_series(pd.Series(codes, dtype="string")).reset_index(drop=True)
    ok = series.str.fullmatch(_PATTERN.pattern).fillna(False)
    if not bool(ok.all()):
        bad = series[~ok].iloc[0]
        raise RegionCodeError(
            f"{bad!r} is not a CBS region code ({int((~ok).sum())} invalid codes in all)"
        )
    prefix = series.str.slice(0, 2)
    level = prefix.map(_LEVEL_BY_PREFIX)
    sub = level.isin(["wijk", "buurt"])
    parent_gm = ("GM" + series.str.slice(2, 6)).where(sub)
    parent_wk = ("WK" + series.str.slice(2, 8)).where(level == "buurt")
    return pd.DataFrame(
        {"code": series, "level": level, "parent_gm": parent_gm, "parent_wk": parent_wk}
    ).astype("string")


def invalid_codes(codes: pd.Series) -> pd.Series:
    """Boolean mask of the entries that are not valid CBS codes."""
    series = normalise_series(codes)
    return ~series.str.fullmatch(_PATTERN.pattern).fillna(False).astype(bool)


__all__ += ["invalid_codes"]
