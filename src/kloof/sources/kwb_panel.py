"""Reader of multi-year KWB panels: KWB short names with a ``year`` column.

A panel such as ``amsterdam-extra/wijken_info.csv`` (the 99 Amsterdam wijken of
2016-2021: ``gwb_code, year, a_inw, a_man, a_vrouw, a_hh, a_1p_hh, a_hh_z_k,
a_hh_m_k, bev_dich, a_lan_ha``) holds one row per region and year. Each row is stored
as region ``(code, year)`` with the code *of that year* (Amsterdam's numeric wijk codes
``WK036300``-``WK036398`` were valid until 2021; from 2022 the wijken carry letter codes
``WK0363AA``...). The monitor carries the years onto one boundary year with the CBS
wijk crosswalks (``grenswijziging_wijk_van_YYYY_naar_2024.rda``), which map every old
numeric wijk onto the letter-coded wijken by address counts; see
``docs/methods-monitor.md`` for the mapping and its confidence.

The panel repeats values that fuller publications also hold (its 2017 row equals the
StatLine export of 83765NED; its 2019 row differs by CBS' rounding to fives from the
export of 84583NED), so its batch is a *supplement*
(:attr:`kloof.batch.ImportBatch.supplement`): a value already stored is kept, never
replaced.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from kloof import catalogue as _catalogue
from kloof import regions as _regions
from kloof.batch import ImportBatch, SourceInfo, file_sha256
from kloof.errors import DataFormatError, quote
from kloof.sources._columns import indicator_columns
from kloof.sources._values import to_numbers
from kloof.sources.cbs_files import ID_COLUMNS, KWB_TABLES, _read_table

__all__ = ["looks_like_kwb_panel", "read_kwb_panel"]


def looks_like_kwb_panel(columns: list[str]) -> bool:
    """Whether a header is a KWB panel: a ``gwb_code*`` column and a ``year`` column."""
    lowered = {str(c).strip().lower() for c in columns}
    return bool(lowered & {"gwb_code", "gwb_code_10"}) and "year" in lowered


def read_kwb_panel(
    path: str | Path, *, catalogue: _catalogue.Catalogue | None = None
) -> ImportBatch:
    """Read a multi-year KWB panel into one supplement batch.

    Parameters
    ----------
    path
        CSV with a code column (``gwb_code`` or ``gwb_code_10``, CBS codes with their
        prefix), a ``year`` column and KWB short names (resolved per year through the
        catalogue).
    catalogue
        Catalogue to resolve column names (default: the built-in one).

    Returns
    -------
    ImportBatch
        Regions per year (no names: the panel has none), long observations, notes listing
        ignored columns and missing values; ``supplement`` is true.

    Raises
    ------
    DataFormatError
        No code or year column, bad codes, a year outside the KWB years, a region twice
        in one year, non-numeric values.

    Examples
    --------
    >>> batch = read_kwb_panel("../shared/data/amsterdam-extra/wijken_info.csv")
    ... # doctest: +SKIP
    >>> batch.years  # doctest: +SKIP
    (2016, 2017, 2018, 2019, 2020, 2021)
    """
    path = Path(path)
    cat = catalogue or _catalogue.load()
    frame, read_notes = _read_table(path)
    if frame.empty:
        raise DataFormatError("the file has a header but no rows", path=path)
    frame.columns = [str(c).strip() for c in frame.columns]
    lower = {c.lower(): c for c in frame.columns}
    code_col = lower.get("gwb_code_10") or lower.get("gwb_code")
    if code_col is None or "year" not in lower:
        raise DataFormatError("a KWB panel needs a gwb_code and a year column", path=path)
    codes = _regions.normalise_series(frame[code_col])
    bad = _regions.invalid_codes(codes)
    if bad.any():
        pos = int(bad.to_numpy().nonzero()[0][0])
        raise DataFormatError(
            f"region code {quote(codes.iloc[pos])} does not parse as a CBS code",
            path=path,
            row=pos + 1,
            column=code_col,
        )
    years = pd.to_numeric(frame[lower["year"]].str.strip(), errors="coerce")
    wrong = years.isna() | ~years.isin(list(_catalogue.KWB_YEARS))
    if wrong.any():
        pos = int(wrong.to_numpy().nonzero()[0][0])
        raise DataFormatError(
            f"year {quote(frame[lower['year']].iloc[pos])} is not a KWB year "
            f"({_catalogue.KWB_YEARS.start}-{_catalogue.KWB_YEARS.stop - 1})",
            path=path,
            row=pos + 1,
            column="year",
        )
    years = years.astype(int)
    dup = pd.DataFrame({"code": codes, "year": years}).duplicated(keep=False)
    if dup.any():
        pos = int(dup.to_numpy().nonzero()[0][0])
        raise DataFormatError(
            f"region {quote(codes.iloc[pos])} appears twice in {int(years.iloc[pos])}",
            path=path,
            row=pos + 1,
        )
    regions = _regions.hierarchy(codes).assign(year=years.to_numpy(), name=pd.NA)
    obs: list[pd.DataFrame] = []
    unknown: set[str] = set()
    missing_total = 0
    for year in sorted(set(years)):
        rows = (years == year).to_numpy()

        def numbers(c: str, rows: np.ndarray = rows) -> np.ndarray:
            return to_numbers(frame.loc[rows, c], path=path, name=c)[0].to_numpy()

        mapped = indicator_columns(
            cat,
            "kwb",
            [c for c in frame.columns if c.lower() not in ID_COLUMNS and c.lower() != "year"],
            int(year),
            numbers,
            path=path,
        )
        unknown.update(mapped.unknown)
        for col, ind in mapped.columns:
            values, missing = to_numbers(frame.loc[rows, col], path=path, name=col)
            missing_total += missing
            obs.append(
                pd.DataFrame(
                    {
                        "code": codes[rows].to_numpy(),
                        "year": int(year),
                        "indicator": ind.id,
                        "value": values.to_numpy(),
                    }
                )
            )
    if not obs:
        raise DataFormatError("no column of this panel is a known KWB indicator", path=path)
    notes = [
        f"{codes.nunique()} regions over {len(set(years))} years "
        f"({min(years)}-{max(years)}), {missing_total} missing values; values already "
        "stored from a fuller publication are kept",
        *read_notes,
    ]
    if unknown:
        notes.append(f"columns not in the catalogue, ignored: {', '.join(sorted(unknown))}")
    table = KWB_TABLES.get(int(min(years))) if len(set(years)) == 1 else None
    source = SourceInfo.for_content("kwb-panel", str(path), file_sha256(path), table)
    return ImportBatch(
        source=source,
        regions=regions.loc[:, ["code", "year", "level", "name", "parent_gm", "parent_wk"]],
        observations=pd.concat(obs, ignore_index=True),
        notes=tuple(notes),
        supplement=True,
    )
