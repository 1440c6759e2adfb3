"""Reader of the PC4 → gemeente/wijk address crosswalk: transfer weights by addresses.

PC4 areas (level ``pc4``, :mod:`kloof.sources.pc4`) lie outside the gemeente → wijk →
buurt hierarchy; their values reach wijken and gemeenten through the addresses each PC4
area has in each region (:func:`kloof.reexpress.reexpress_pc4`). The crosswalk CSV
(``year, level, pc4, region_code, n_addresses, share_of_pc4_addresses``, 2017-2024)
gives those counts; :func:`read_pc4_crosswalk` checks every cell and turns the counts
into weights that sum to 1 per PC4 area, stored as a crosswalk of the target level
from and to the boundary year.

The file is recognised by its header (:func:`kloof.sources.pc4.looks_like_pc4_crosswalk`).

Source: built from CBS postcode-huisnummer files (CC BY-NC-SA 4.0).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd

from kloof import regions as _regions
from kloof.batch import CROSSWALK_COLUMNS, ImportBatch, SourceInfo, file_sha256
from kloof.errors import DataFormatError
from kloof.sources._text import csv_delimiter, decode_text
from kloof.sources._values import to_numbers

__all__ = ["PC4_CROSSWALK_HEADER", "read_pc4_crosswalk"]

#: Header of the PC4 address crosswalk CSV.
PC4_CROSSWALK_HEADER = (
    "year",
    "level",
    "pc4",
    "region_code",
    "n_addresses",
    "share_of_pc4_addresses",
)
#: Target levels of the crosswalk and the prefix of their codes.
_CROSSWALK_LEVELS = {"gemeente": "GM", "wijk": "WK"}


def read_pc4_crosswalk(path: str | Path, *, years: tuple[int, ...] | None = None) -> ImportBatch:
    """Read the PC4 → gemeente/wijk address crosswalk into transfer weights.

    Each row says how many addresses ``n_addresses`` of PC4 area ``pc4`` lie in gemeente
    or wijk ``region_code`` of ``year``. The transfer weight of a PC4 onto a region is
    its address share,

    .. math:: w_{p \\to r} = \\frac{n_{pr}}{\\sum_{r'} n_{pr'}}, \\qquad \\sum_r w_{p \\to r} = 1,

    recomputed from the counts (the file's rounded ``share_of_pc4_addresses`` must agree
    within 0.001).

    Parameters
    ----------
    path
        ``pc4_gemeente_wijk_address_crosswalk_2017_2024.csv`` or the same layout.
    years
        Keep only these years (default: all).

    Returns
    -------
    ImportBatch
        ``crosswalk`` rows with ``level`` = the target level (``gemeente``/``wijk``),
        ``from_year`` = ``to_year`` = the boundary year, ``from_code`` ``PC1011``,
        ``to_code`` the region; :meth:`kloof.store.Store.crosswalk` returns them with
        ``store.crosswalk("wijk", 2023, 2023)``. No regions, no observations.

    Raises
    ------
    DataFormatError
        Another header, a truncated row, a non-numeric count or year, an unknown level,
        an invalid postcode or region code (or one of the wrong level), a repeated row,
        a PC4 without addresses, a share that disagrees with the counts; each names the
        row and column.
    """
    p = Path(path)
    if not p.is_file():
        raise DataFormatError("no such file", path=p)
    text, _ = decode_text(p, p.read_bytes())
    delimiter = csv_delimiter(text.split("\n", 1)[0])
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not rows or tuple(c.strip() for c in rows[0]) != PC4_CROSSWALK_HEADER:
        got = rows[0] if rows else []
        raise DataFormatError(
            f"expected the header {','.join(PC4_CROSSWALK_HEADER)}, got {','.join(got)!r}",
            path=p,
        )
    data = [r for r in rows[1:] if any(c.strip() for c in r)]
    width = len(PC4_CROSSWALK_HEADER)
    for number, row in enumerate(data, start=1):
        if len(row) != width:
            raise DataFormatError(
                f"this row has {len(row)} fields, expected {width}; the file may be truncated",
                path=p,
                row=number,
            )
    raw = pd.DataFrame(data, columns=list(PC4_CROSSWALK_HEADER), dtype="string")
    numbers = {}
    for name in ("year", "n_addresses", "share_of_pc4_addresses"):
        values, missing = to_numbers(raw[name], path=p, name=name, first_row=1)
        if missing:
            pos = int(np.flatnonzero(values.isna().to_numpy())[0])
            raise DataFormatError(
                "a crosswalk needs a value in every cell", path=p, row=pos + 1, column=name
            )
        numbers[name] = values
    level = raw["level"].str.strip().str.lower()
    bad_level = ~level.isin(list(_CROSSWALK_LEVELS))
    if bad_level.any():
        pos = int(np.flatnonzero(bad_level.to_numpy())[0])
        raise DataFormatError(
            f"level {raw['level'].iloc[pos]!r} is not gemeente or wijk",
            path=p,
            row=pos + 1,
            column="level",
        )
    pc4 = _pc4_column(raw["pc4"], p)
    target = _regions.normalise_series(raw["region_code"])
    prefix_ok = target.str.slice(0, 2).eq(level.map(_CROSSWALK_LEVELS)).fillna(False)
    bad_target = _regions.invalid_codes(target) | ~prefix_ok
    if bad_target.any():
        pos = int(np.flatnonzero(bad_target.to_numpy())[0])
        raise DataFormatError(
            f"{raw['region_code'].iloc[pos]!r} is not a {level.iloc[pos]} code",
            path=p,
            row=pos + 1,
            column="region_code",
        )
    n = numbers["n_addresses"]
    if (n < 0).any():
        pos = int(np.flatnonzero((n < 0).to_numpy())[0])
        raise DataFormatError("a negative address count", path=p, row=pos + 1, column="n_addresses")
    year = numbers["year"]
    if (year != year.round()).any():
        pos = int(np.flatnonzero((year != year.round()).to_numpy())[0])
        raise DataFormatError("the year is not a whole number", path=p, row=pos + 1, column="year")
    frame = pd.DataFrame(
        {
            "level": level.astype("string"),
            "year": year.astype("int64"),
            "from_code": pc4,
            "to_code": target,
            "addresses": n,
            "share": numbers["share_of_pc4_addresses"],
        }
    )
    dup = frame.duplicated(["level", "year", "from_code", "to_code"])
    if dup.any():
        pos = int(np.flatnonzero(dup.to_numpy())[0])
        raise DataFormatError(
            f"{frame['from_code'].iloc[pos]} → {frame['to_code'].iloc[pos]} "
            f"({frame['level'].iloc[pos]} {frame['year'].iloc[pos]}) occurs twice",
            path=p,
            row=pos + 1,
        )
    totals = frame.groupby(["level", "year", "from_code"])["addresses"].transform("sum")
    empty = totals <= 0
    if empty.any():
        pos = int(np.flatnonzero(empty.to_numpy())[0])
        raise DataFormatError(
            f"{frame['from_code'].iloc[pos]} has no addresses in any region of "
            f"{frame['year'].iloc[pos]}, so its weights are undefined",
            path=p,
            row=pos + 1,
            column="n_addresses",
        )
    frame["weight"] = frame["addresses"] / totals
    off = (frame["weight"] - frame["share"]).abs() > 1e-3
    if off.any():
        pos = int(np.flatnonzero(off.to_numpy())[0])
        raise DataFormatError(
            f"share {frame['share'].iloc[pos]:g} disagrees with the address counts "
            f"({frame['weight'].iloc[pos]:.4f} of the PC4's addresses)",
            path=p,
            row=pos + 1,
            column="share_of_pc4_addresses",
        )
    frame = frame[frame["addresses"] > 0]  # rows without addresses carry no weight
    if years is not None:
        frame = frame[frame["year"].isin(list(years))]
    weights = pd.DataFrame(
        {
            "level": frame["level"].to_numpy(),
            "from_year": frame["year"].to_numpy(),
            "to_year": frame["year"].to_numpy(),
            "from_code": frame["from_code"].to_numpy(),
            "to_code": frame["to_code"].to_numpy(),
            "weight": frame["weight"].to_numpy(),
            "addresses": frame["addresses"].to_numpy(),
        }
    ).reset_index(drop=True)
    summary = (
        weights.groupby(["level", "from_year"])
        .agg(pc4=("from_code", "nunique"), regions=("to_code", "nunique"))
        .reset_index()
    )
    split = weights.groupby(["level", "from_year", "from_code"]).size()
    n_split = int((split > 1).sum())
    notes = [
        "PC4 → gemeente/wijk address crosswalk, stored as level = target level and "
        "from_year = to_year = the boundary year (store.crosswalk('wijk', 2023, 2023))",
        "; ".join(
            f"{r.level} {r.from_year}: {r.pc4} PC4 → {r.regions} regions"
            for r in summary.itertuples()
        ),
        f"{n_split} PC4 × year × level combinations are split over several regions",
    ]
    assert set(CROSSWALK_COLUMNS) <= set(weights.columns)
    source = SourceInfo.for_content("pc4-crosswalk", str(p), file_sha256(p))
    return ImportBatch(source=source, crosswalk=weights, notes=tuple(notes))


def _pc4_column(column: pd.Series, path: Path) -> pd.Series:
    """PC4 codes of a column that may repeat (crosswalk rows)."""
    text = column.astype("string").str.strip()
    codes = "PC" + text
    bad = ~codes.str.fullmatch(r"PC[1-9][0-9]{3}").fillna(False)
    if bad.any():
        pos = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataFormatError(
            f"{column.iloc[pos]!r} is not a 4-digit postcode", path=path, row=pos + 1, column="pc4"
        )
    return codes.astype("string")
