"""Where a focus-area comparison loses: the residents behind a residents-Jaccard.

The residents-Jaccard of :func:`kloof.spatial.focus.compare` is

.. math:: J = \\frac{|A \\cap B|}{|A \\cup B|}
          = \\frac{|A \\cap B|}{|A \\cap B| + |A \\setminus B| + |B \\setminus A|}

with :math:`A` the candidates' residents and :math:`B` the official areas'. It falls
short of 1 by two kinds of residents, which :func:`breakdown` splits further:

* **outside** (:math:`A \\setminus B`): selected, but in no official area; per gemeente,
  and whether that gemeente holds an official area at all (the programmes chose
  municipalities first, then areas within them);
* **missed** (:math:`B \\setminus A`): official, not selected; per region with the first
  criterion it fails, in the order the selection applies them (:data:`REASONS`).

Both are read from the :class:`~kloof.spatial.focus.FocusResult` itself (its per-region
table says which regions qualified, in which years, and which are on the map), so the
breakdown explains the result it is given and nothing else.

Examples
--------
>>> sorted(REASONS)
['duration', 'no_geometry', 'no_value', 'severity', 'size']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from kloof.spatial._common import gemeente_of
from kloof.spatial.focus import AreaLike, FocusResult, area_regions

__all__ = ["REASONS", "Breakdown", "breakdown"]

#: Why an official region was not selected, in the order the selection decides it.
REASONS: dict[str, str] = {
    "no_value": "no score (missing value or region not analysed)",
    "severity": "does not meet the severity criteria",
    "duration": "severe in the latest year, not in enough years",
    "no_geometry": "qualifies but has no boundary (cannot be grouped)",
    "size": "qualifies, but its contiguous group is below the minimum residents",
}


@dataclass(frozen=True)
class Breakdown:
    """The residents a residents-Jaccard counts, split by where they are lost.

    Attributes
    ----------
    outside
        Selected residents in no official area, per gemeente: ``gemeente, regions,
        residents, mean_score`` (residents-weighted) and ``area_gemeente`` (whether the
        gemeente holds an official area); most residents first.
    missed
        Official regions not selected: ``code, area, residents, score, reason`` (a key
        of :data:`REASONS`); most residents first.
    summary
        ``residents_both``, ``residents_outside`` (of which
        ``outside_area_gemeenten`` and ``outside_elsewhere``), ``residents_missed``
        (of which ``missed_<reason>`` for every reason) and ``jaccard_residents``
        (the same figure as :func:`~kloof.spatial.focus.compare`'s).
    notes
        Code mapping caveats (as :func:`~kloof.spatial.focus.compare` gives them).
    """

    outside: pd.DataFrame
    missed: pd.DataFrame
    summary: dict[str, float]
    notes: tuple[str, ...] = ()


def _reason(row: pd.Series | None, latest: str) -> str:
    if row is None or pd.isna(row["score"]):
        return "no_value"
    if not row["qualifies"]:
        return "duration" if bool(row.get(latest, False)) else "severity"
    if not row["in_graph"]:
        return "no_geometry"
    return "size"


def breakdown(result: FocusResult, areas: Iterable[AreaLike], residents: pd.Series) -> Breakdown:
    """Split the residents of a comparison into overlap, outside and missed.

    Parameters
    ----------
    result
        Focus areas found by :func:`kloof.spatial.focus.detect`.
    areas
        Named areas (``id``, ``name``, ``codes``), mapped to the analysed level as
        :func:`~kloof.spatial.focus.compare` maps them.
    residents
        Residents per region of the analysed level (index = code).

    Returns
    -------
    Breakdown
    """
    res = residents.astype(float).fillna(0.0)
    notes: list[str] = []
    area_of: dict[str, str] = {}
    for area in areas:
        for code in sorted(area_regions(area.codes, res.index, notes, area.id)):
            area_of.setdefault(code, area.id)
    official = set(area_of)
    selected = {m for c in result.candidates for m in c.members}
    table = result.regions.set_index("code")
    area_gms = set(gemeente_of(sorted(official)).dropna())

    out_codes = sorted(selected - official)
    outside = pd.DataFrame(
        {
            "gemeente": gemeente_of(out_codes).to_numpy(),
            "residents": res.reindex(out_codes).fillna(0.0).to_numpy(),
            "score": table["score"].reindex(out_codes).to_numpy(),
        },
        index=pd.Index(out_codes, name="code"),
    )
    outside["weighted"] = outside["score"] * outside["residents"]
    per_gm = outside.groupby("gemeente", sort=True).agg(
        regions=("residents", "size"), residents=("residents", "sum"), w=("weighted", "sum")
    )
    per_gm["mean_score"] = per_gm["w"] / per_gm["residents"].where(per_gm["residents"] > 0)
    per_gm["area_gemeente"] = per_gm.index.isin(area_gms)
    per_gm = per_gm.drop(columns="w").reset_index()
    per_gm = per_gm.sort_values(["residents", "gemeente"], ascending=[False, True])

    latest = f"qualifies_{max(result.years)}" if result.years else ""
    missed_rows = []
    for code in sorted(official - selected):
        row = table.loc[code] if code in table.index else None
        missed_rows.append(
            {
                "code": code,
                "area": area_of[code],
                "residents": float(res.get(code, 0.0)),
                "score": float("nan") if row is None else float(row["score"]),
                "reason": _reason(row, latest),
            }
        )
    missed = pd.DataFrame(missed_rows, columns=["code", "area", "residents", "score", "reason"])
    missed = missed.sort_values(["residents", "code"], ascending=[False, True])

    both = float(res.reindex(sorted(selected & official)).fillna(0.0).sum())
    out_total = float(per_gm["residents"].sum())
    out_area = float(per_gm.loc[per_gm["area_gemeente"], "residents"].sum())
    missed_total = float(missed["residents"].sum())
    union = both + out_total + missed_total
    summary = {
        "residents_both": both,
        "residents_outside": out_total,
        "outside_area_gemeenten": out_area,
        "outside_elsewhere": out_total - out_area,
        "residents_missed": missed_total,
    }
    for reason in REASONS:
        summary[f"missed_{reason}"] = float(
            missed.loc[missed["reason"] == reason, "residents"].sum()
        )
    summary["jaccard_residents"] = both / union if union else float("nan")
    return Breakdown(
        per_gm.reset_index(drop=True),
        missed.reset_index(drop=True),
        summary,
        tuple(dict.fromkeys(notes)),
    )
