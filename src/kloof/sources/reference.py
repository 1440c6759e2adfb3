"""Reading an external reference table: one score per region or per postcode area.

A reference table is what a user validates an index against (``kloof index validate
--reference FILE``): a Leefbaarometer score, a municipal wijk monitor, a research
institute's deprivation score. It has a key column and a value column:

* key ``code`` (or ``gwb_code``, ``regiocode``, ``gwb_code_10``): CBS region codes;
* key ``pc4`` (or ``postcode``): 4-digit postcode areas, re-expressed onto the index's
  regions by the caller with the address-weighted PC4 crosswalk;
* value: the column named by ``column``, else the only numeric column besides the key.

CSV (``,`` or ``;``) and XLSX are read; values are parsed as the importers parse CBS
files (missing markers, decimal commas, no ``inf``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from kloof import regions
from kloof.errors import DataFormatError, RegionCodeError
from kloof.sources._values import to_numbers

__all__ = ["read_reference"]

_CODE_KEYS = ("code", "gwb_code", "gwb_code_10", "regiocode", "region_code")
_PC4_KEYS = ("pc4", "postcode", "postcode4", "pc")


def _read(path: Path) -> pd.DataFrame:
    from kloof.sources._limits import check_workbook

    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        check_workbook(path)
    try:
        if suffix in (".xlsx", ".xlsm"):
            return pd.read_excel(path, dtype=str)
        return pd.read_csv(path, sep=None, engine="python", dtype=str, encoding="utf-8-sig")
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise DataFormatError(f"cannot read the reference table: {exc}", path=path) from None


def _numbers(frame: pd.DataFrame, column: object, path: Path) -> pd.Series | None:
    """The column as floats (the importers' CBS parsing), or ``None`` when it is text."""
    try:
        return to_numbers(frame[column], path=path, name=str(column))[0]
    except DataFormatError:
        return None


def read_reference(path: str | Path, column: str | None = None) -> tuple[pd.Series, str]:
    """Read a reference table.

    Returns
    -------
    values, key
        The values indexed by region code (``WK036301``) or postcode (``PC1011``), and
        the kind of key: ``"region"`` or ``"pc4"``.

    Raises
    ------
    DataFormatError
        Naming the file and column: no key column, no (or several) value columns, a
        key that is not a code, duplicate keys, values that are not numbers.
    """
    p = Path(path)
    frame = _read(p)
    lower = {str(c).strip().lower(): c for c in frame.columns}
    key_col = next((lower[k] for k in _CODE_KEYS if k in lower), None)
    kind = "region"
    if key_col is None:
        key_col = next((lower[k] for k in _PC4_KEYS if k in lower), None)
        kind = "pc4"
    if key_col is None:
        raise DataFormatError(
            f"no key column: name one column 'code' (CBS region codes) or 'pc4' "
            f"(postcodes); found {list(frame.columns)[:8]}",
            path=p,
        )
    others = [c for c in frame.columns if c != key_col]
    if column is not None:
        if column not in frame.columns:
            raise DataFormatError(f"no column {column!r}; found {others[:8]}", path=p)
        value_col = column
    else:
        parsed = {c: _numbers(frame, c, p) for c in others}
        numeric = [c for c, v in parsed.items() if v is not None and v.notna().mean() > 0.5]
        if len(numeric) != 1:
            raise DataFormatError(
                f"{len(numeric)} numeric columns {numeric[:8]}: choose one with --column",
                path=p,
            )
        value_col = numeric[0]
    keys = frame[key_col].astype("string").str.strip()
    if kind == "pc4":
        ok = keys.str.fullmatch(r"(?:PC)?\d{4}", na=False)
        if not ok.all():
            bad = keys[~ok].iloc[0]
            raise DataFormatError(
                f"{key_col}: {str(bad)[:80]!r} is not a 4-digit postcode", path=p, column=key_col
            )
        index = pd.Index("PC" + keys.str.removeprefix("PC"), name="code")
    else:
        try:
            index = pd.Index([regions.normalise(str(k)) for k in keys], name="code")
        except RegionCodeError as exc:
            raise DataFormatError(f"{key_col}: {exc}", path=p, column=key_col) from None
    if index.has_duplicates:
        dup = index[index.duplicated()][0]
        raise DataFormatError(f"{key_col}: {dup} occurs more than once", path=p, column=key_col)
    values, _ = to_numbers(frame[value_col], path=p, name=str(value_col))
    return pd.Series(values.to_numpy(dtype="float64"), index=index, name=str(value_col)), kind
