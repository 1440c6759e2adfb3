"""Reader of boundary crosswalks: address-weighted matrices between region years.

CBS re-draws gemeente, wijk and buurt boundaries every year, so a value of region
``WK036301`` in 2016 cannot be compared with ``WK036301`` in 2024. The *grenswijziging*
matrices (``grenswijziging_{gemeente,wijk}_van_YYYY_naar_2024.rda``, an R package of
address-based conversion matrices) hold, for every region touched by a change, how many
addresses (PC6 + house number) of an old region lie in each new region. In the shared
files the matrix is **new × old** (checked against the 2016 and 2024 wijk boundaries and
the gemeente panels: every row name is a 2024 code, every column name an old code):

=======  =====================================================================
rows     new (target-year) codes without prefix (``0014``, ``001401``, ``0363AA``)
columns  old (source-year) codes without prefix
cells    address counts :math:`a_{ts}` of old region *s* inside new region *t*
=======  =====================================================================

:func:`read_crosswalk` normalises each old region's counts into transfer weights

.. math:: w_{s \\to t} = \\frac{a_{ts}}{\\sum_{t'} a_{t's}}, \\qquad \\sum_t w_{s \\to t} = 1,

(the share of *s*'s addresses that lie in *t*), adds the ``GM``/``WK``/``BU`` prefixes
and returns them in :attr:`~kloof.batch.ImportBatch.crosswalk`, plus the raw counts in an
extra ``addresses`` column (used to weight rates when no better weight is known).
**Only changed regions appear**: every region that is not in the matrix maps one-to-one
onto the region with the same code in the target year (:func:`kloof.reexpress.reexpress`
applies that rule). An empty matrix (gemeenten 2023 → 2024) means nothing changed.
Matrices stored the other way round (old × new) are read with ``orientation="old_by_new"``.

Source: address-weighted conversion matrices built from CBS/Kadaster BAG addresses,
licence CC BY-NC-SA 4.0.
"""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from kloof import regions as _regions
from kloof.batch import CROSSWALK_COLUMNS, ImportBatch, SourceInfo, file_sha256
from kloof.errors import DataFormatError, quote
from kloof.sources._limits import read_decompressed

Orientation = Literal["new_by_old", "old_by_new"]

__all__ = ["crosswalk_key", "matrix_to_weights", "read_crosswalk"]

_NAME = re.compile(
    r"(?:toevoeging_)?(?P<level>gemeente|wijk|buurt)_van_(?P<from>\d{4})_naar_(?P<to>\d{4})"
)
_PREFIX = {"gemeente": ("GM", 4), "wijk": ("WK", 6), "buurt": ("BU", 8)}
#: Plausible years of a boundary crosswalk.
_FIRST_YEAR, _LAST_YEAR = 2000, date.today().year + 1


def crosswalk_key(path: str | Path) -> tuple[str, int, int] | None:
    """``(level, from_year, to_year)`` from a file name, or ``None``.

    >>> crosswalk_key("grenswijziging_wijk_van_2016_naar_2024.rda")
    ('wijk', 2016, 2024)
    """
    match = _NAME.search(Path(path).name.lower())
    if match is None:
        return None
    return match["level"], int(match["from"]), int(match["to"])


def _prefixed(labels: Any, level: str, *, what: str = "label", path: object = None) -> pd.Series:
    """Codes of ``level`` from matrix labels with or without prefix.

    Bare labels may not be longer than the level's code (gemeente 4 digits, wijk 6,
    buurt 8), and the longest must have exactly that width (R may drop leading zeros of
    some): a gemeente matrix is not silently read as a wijk matrix.
    """
    prefix, width = _PREFIX[level]
    text = pd.Series([str(x) for x in labels], dtype="string").str.strip().str.upper()
    bare = ~text.str.match(r"^(GM|WK|BU)").fillna(False)
    lengths = text[bare].str.len()
    wrong = bare & (text.str.len() > width)
    if wrong.any() or (len(lengths) and int(lengths.max()) != width):
        sample = text[wrong].iloc[0] if wrong.any() else text[bare].iloc[0]
        raise DataFormatError(
            f"the {what}s are not {level} codes, e.g. {quote(sample, 20)} "
            f"({len(sample)} characters, a bare {level} code has {width}); is this a matrix "
            "of another level than the file name says?",
            path=path,
        )
    return text.mask(bare, prefix + text.str.zfill(width))


def matrix_to_weights(
    counts: np.ndarray,
    rows: Any,
    columns: Any,
    *,
    level: str,
    from_year: int,
    to_year: int,
    orientation: Orientation = "new_by_old",
    path: object = None,
) -> pd.DataFrame:
    """Normalise an address-count matrix into long transfer weights.

    Parameters
    ----------
    counts
        Non-negative address counts, ``(n_new, n_old)`` for ``new_by_old`` (the shared
        files) or ``(n_old, n_new)`` for ``old_by_new``.
    rows, columns
        Row and column codes, with or without prefix.
    level, from_year, to_year
        What the matrix converts.
    orientation
        Which axis holds the old (``from_year``) regions.

    Returns
    -------
    pandas.DataFrame
        :data:`~kloof.batch.CROSSWALK_COLUMNS` plus ``addresses``, one row per non-zero
        cell; the weights of each ``from_code`` sum to 1.

    Raises
    ------
    DataFormatError
        Negative or missing counts, an old region without addresses, codes that do not
        parse or repeat.

    Examples
    --------
    >>> w = matrix_to_weights(np.array([[30, 0], [10, 20]]), ["0001", "0002"], ["0001", "0002"],
    ...                       level="gemeente", from_year=2020, to_year=2021)
    >>> w[["from_code", "to_code", "weight"]].values.tolist()
    [['GM0001', 'GM0001', 0.75], ['GM0001', 'GM0002', 0.25], ['GM0002', 'GM0002', 1.0]]
    """
    values = np.asarray(counts, dtype="float64")
    if values.ndim != 2 or values.shape != (len(rows), len(columns)):
        raise DataFormatError(
            f"the matrix has shape {values.shape} but {len(rows)} row and "
            f"{len(columns)} column names",
            path=path,
        )
    if not np.isfinite(values).all() or (values < 0).any():
        raise DataFormatError("the matrix holds negative or missing address counts", path=path)
    if not (_FIRST_YEAR <= from_year < to_year <= _LAST_YEAR):
        raise DataFormatError(
            f"crosswalk years {from_year} → {to_year} are implausible: both must lie within "
            f"{_FIRST_YEAR}-{_LAST_YEAR} and the first before the second",
            path=path,
        )
    row_codes = _prefixed(rows, level, what="row name", path=path)
    col_codes = _prefixed(columns, level, what="column name", path=path)
    for codes, what in ((row_codes, "row"), (col_codes, "column")):
        bad = _regions.invalid_codes(codes).to_numpy()
        if bad.any():
            pos = int(np.flatnonzero(bad)[0])
            raise DataFormatError(
                f"{what} name {quote(codes.iloc[pos])} is not a {level} code", path=path
            )
        if codes.duplicated().any():
            raise DataFormatError(
                f"{what} name {quote(codes[codes.duplicated()].iloc[0])} occurs twice", path=path
            )
    if orientation == "new_by_old":
        values, old, new = values.T, col_codes, row_codes
    else:
        old, new = row_codes, col_codes
    totals = values.sum(axis=1)
    if (totals <= 0).any():
        pos = int(np.flatnonzero(totals <= 0)[0])
        raise DataFormatError(
            f"old region {old.iloc[pos]!r} has no addresses in any new region, so its "
            "transfer weights are undefined",
            path=path,
        )
    i, j = np.nonzero(values)
    return pd.DataFrame(
        {
            "level": pd.Series(level, index=range(len(i)), dtype="string"),
            "from_year": int(from_year),
            "to_year": int(to_year),
            "from_code": pd.array(old.to_numpy()[i], dtype="string"),
            "to_code": pd.array(new.to_numpy()[j], dtype="string"),
            "weight": values[i, j] / totals[i],
            "addresses": values[i, j],
        }
    )


def _matrix(obj: Any, path: Path) -> tuple[np.ndarray, list[str], list[str]]:
    """Values and dimension names of an R matrix converted by ``rdata``."""
    if isinstance(obj, pd.DataFrame):
        return obj.to_numpy(), [str(x) for x in obj.index], [str(x) for x in obj.columns]
    if hasattr(obj, "coords") and hasattr(obj, "dims") and len(obj.dims) == 2:
        dim0, dim1 = obj.dims
        return (
            np.asarray(obj.values),
            [str(x) for x in obj.coords[dim0].values],
            [str(x) for x in obj.coords[dim1].values],
        )
    arr = np.asarray(obj)
    if arr.size == 0:
        return np.zeros((0, 0)), [], []
    raise DataFormatError(
        f"expected an R matrix with row and column names, got {type(obj).__name__}",
        path=path,
    )


def read_crosswalk(
    path: str | Path,
    *,
    level: str | None = None,
    from_year: int | None = None,
    to_year: int | None = None,
    orientation: Orientation = "new_by_old",
) -> ImportBatch:
    """Read an address-count crosswalk matrix (``.rda``) into transfer weights.

    Parameters
    ----------
    path
        ``grenswijziging_{level}_van_{from}_naar_{to}.rda`` holding one R matrix.
    level, from_year, to_year
        Override what the file name says.
    orientation
        ``new_by_old`` (rows are target-year codes; the shared files) or
        ``old_by_new``.

    Returns
    -------
    ImportBatch
        ``crosswalk`` with :data:`~kloof.batch.CROSSWALK_COLUMNS` (changed regions
        only; others map one-to-one), no regions or observations.

    Raises
    ------
    DataFormatError
        Unreadable file, no matrix, an unknown level or year, bad counts or codes.
    """
    p = Path(path)
    if not p.is_file():
        raise DataFormatError("no such file", path=p)
    key = crosswalk_key(p)
    level = level or (key[0] if key else None)
    from_year = from_year or (key[1] if key else None)
    to_year = to_year or (key[2] if key else None)
    if level not in _PREFIX or from_year is None or to_year is None:
        raise DataFormatError(
            "cannot tell level and years from the file name "
            "(expected ..._{gemeente|wijk|buurt}_van_YYYY_naar_YYYY.rda); pass them",
            path=p,
        )
    import rdata

    raw = read_decompressed(p)
    try:
        objects = rdata.read_rda(io.BytesIO(raw))
    except Exception as exc:  # rdata raises plain exceptions on corrupt files
        raise DataFormatError(
            f"cannot read this file as R data ({type(exc).__name__}: {str(exc)[:200]})", path=p
        ) from None
    if len(objects) != 1:
        raise DataFormatError(f"expected one matrix in the file, found {len(objects)}", path=p)
    ((name, obj),) = objects.items()
    counts, rows, columns = _matrix(obj, p)
    if counts.size == 0:
        columns_out = (*CROSSWALK_COLUMNS, "addresses")
        weights = pd.DataFrame({c: pd.Series(dtype="object") for c in columns_out})
        notes = [f"no {level} boundary changed between {from_year} and {to_year}"]
    else:
        weights = matrix_to_weights(
            counts,
            rows,
            columns,
            level=level,
            from_year=from_year,
            to_year=to_year,
            orientation=orientation,
            path=p,
        )
        split = int((weights.groupby("from_code").size() > 1).sum())
        notes = [
            f"{weights['from_code'].nunique()} {level} regions of {from_year} changed; "
            f"they map onto {weights['to_code'].nunique()} regions of {to_year} ({split} "
            "split over several); all other regions map one-to-one onto the same code",
        ]
    source = SourceInfo.for_content("crosswalk", str(p), file_sha256(p))
    return ImportBatch(source=source, crosswalk=weights, notes=(f"matrix {name!r}", *notes))
