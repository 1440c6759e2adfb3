"""Values of named areas: member regions combined into one row.

A named area (an NPLV focus area, a user's programme area) is a set of wijken and/or
buurten. :func:`combine` adds them up the way CBS would publish the area:

* counts are summed (:math:`\\sum_i x_i`, missing members skipped);
* derived rates are recomputed from summed numerator and denominator over the members
  where both are known, :math:`r = s \\sum_i n_i / \\sum_i d_i`;
* other rates and means are weighted means :math:`\\sum_i w_i x_i / \\sum_i w_i` with
  the catalogue weight (inhabitants when that weight is not in the frame);
* categories (urbanity class) have no area value.

Examples
--------
>>> import pandas as pd
>>> f = pd.DataFrame({"inhabitants": [100.0, 300.0], "bijstand_recipients": [5.0, 3.0]},
...                  index=["WK000101", "WK000102"])
>>> f = load().derive(f)
>>> float(combine(f, ["WK000101", "WK000102"])["bijstand_per_1000"])
20.0
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from kloof.catalogue import Catalogue, load

if TYPE_CHECKING:
    from kloof.app.cache import StoreLike

__all__ = ["combine", "member_frame", "set_values"]


def combine(frame: pd.DataFrame, codes: Sequence[str], cat: Catalogue | None = None) -> pd.Series:
    """Values of an area made of ``codes`` (rows of ``frame``); see the module docstring.

    A derived rate uses only members where numerator and denominator are both known:
    :math:`r = s \\sum_i n_i / \\sum_i d_i`.
    """
    cat = cat or load()
    sub = frame.reindex([c for c in codes if c in frame.index])
    out: dict[str, float] = {}
    for col in frame.columns:
        entry = cat[col] if col in cat else None  # noqa: SIM401 (no Catalogue.get)
        x = sub[col].astype("float64")
        if entry is None or entry.kind == "category":
            out[col] = np.nan
        elif entry.derived is not None and {
            entry.derived.numerator,
            entry.derived.denominator,
        } <= set(sub.columns):
            num = sub[entry.derived.numerator].astype("float64")
            den = sub[entry.derived.denominator].astype("float64")
            ok = num.notna() & den.notna()
            total = den[ok].sum()
            out[col] = float(num[ok].sum() / total * entry.derived.scale) if total > 0 else np.nan
        elif entry.kind == "count":
            out[col] = float(x.sum(min_count=1))
        else:
            weight = entry.weight if entry.weight in sub.columns else "inhabitants"
            w = (
                sub[weight].astype("float64")
                if weight in sub.columns
                else pd.Series(1.0, sub.index)
            )
            ok = x.notna() & w.notna() & (w > 0)
            out[col] = float((x[ok] * w[ok]).sum() / w[ok].sum()) if ok.any() else np.nan
    return pd.Series(out, dtype="float64")


def member_frame(store: StoreLike, year: int, codes: Sequence[str]) -> pd.DataFrame:
    """Rows of ``codes`` from the frames of their levels (areas mix wijken and buurten)."""
    from kloof.regions import level_of

    levels = sorted({level_of(c) for c in codes}) or ["wijk"]
    parts = [store.frame(year, lv) for lv in levels]
    frame = pd.concat(parts) if len(parts) > 1 else parts[0]
    return frame[frame.index.isin(codes)] if codes else frame.iloc[:0]


def set_values(store: StoreLike, set_name: str, year: int) -> dict[str, pd.Series]:
    """Combined values of every area with known codes in a built-in set, by area id."""
    from kloof.monitor.areas import builtin

    cat = load()
    out: dict[str, pd.Series] = {}
    for area in builtin(set_name).known():
        frame = member_frame(store, year, area.codes)
        if len(frame):
            out[area.id] = combine(frame, list(frame.index), cat)
    return out
