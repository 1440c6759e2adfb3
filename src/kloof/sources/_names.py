"""The year a file's name gives (private): one rule for every reader.

CBS and PDOK files carry their year in the name (``kwb-2023.xlsx``,
``wijken_2024.geojson``, ``cbs_pc4_2020_v1.xlsx``); a download date glued to other
digits (``_11122025_``) is not a year. A name with two different years
(``kwb-2023-2019.csv``) does not say which one the data are for, and a year that has
not begun (``wijken_2099.geojson``: a counter, a typo) cannot be the year of published
figures; both are refused with the advice to pass the year (``--year``), which is then
taken as given.

Examples
--------
>>> year_in_name("kwb-2023-transformed.xlsx")
2023
>>> year_in_name("Kerncijfers_wijken_en_buurten_2024_11122025_141648.csv")
2024
>>> year_in_name("PC4.csv") is None
True
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from kloof.errors import DataFormatError

__all__ = ["latest_year", "year_in_name"]

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def latest_year() -> int:
    """The last year data can be for: next year (a table published ahead of its year)."""
    return date.today().year + 1


def year_in_name(path: str | Path) -> int | None:
    """The year (1900 to next year) in a file name, ``None`` when it names none.

    Raises
    ------
    DataFormatError
        When the name holds two different years, or a year after next year.
    """
    found = sorted({int(y) for y in _YEAR.findall(Path(path).name)})
    if len(found) > 1:
        raise DataFormatError(
            "the file name holds several years {years}, so the year of its data is "
            "unknown; pass it with --year",
            path=path,
            years=", ".join(map(str, found)),
        )
    if not found:
        return None
    last = latest_year()
    if found[0] > last:
        raise DataFormatError(
            "the file name says {year}, a year that has not begun (at most {last}); if "
            "that number is not the year of the data, pass the year with --year",
            path=path,
            year=found[0],
            last=last,
        )
    return found[0]
