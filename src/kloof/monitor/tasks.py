"""The five tasks of the NPLV programmes as monitor domains.

The Nationaal Programma Leefbaarheid en Veiligheid works on five tasks (opgaven):
education, work and income, debts, youth, and safety (including undermining). Each task
is an entry of :data:`TASKS`, an explicit registry: the catalogue indicators (rates and
means) that measure it, and the source that would fill what kloof cannot measure yet.
:func:`task_view` turns an :class:`~kloof.monitor.series.AreaSeries` into one row per
task and indicator (years with a value, the latest value, the trend, the gaps to the
references) and one row per task without data, naming the source that would fill it.
A task is never shown as measured when it is not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kloof.errors import SpecError
from kloof.monitor.series import AreaSeries
from kloof.monitor.trends import fit

__all__ = ["TASKS", "Task", "task_view"]


@dataclass(frozen=True)
class Task:
    """One NPLV task: its labels, the indicators that measure it and what is missing."""

    id: str
    label_nl: str
    label_en: str
    indicators: tuple[str, ...]
    missing: tuple[str, str]
    source: tuple[str, str]

    def label(self, language: str = "nl") -> str:
        """The label in ``language``."""
        return self.label_en if language == "en" else self.label_nl

    def missing_text(self, language: str = "nl") -> str:
        """What the task lacks, in ``language`` (``missing`` is ``(nl, en)``)."""
        return self.missing[1] if language == "en" else self.missing[0]

    def source_text(self, language: str = "nl") -> str:
        """The source that would fill it, in ``language`` (``source`` is ``(nl, en)``)."""
        return self.source[1] if language == "en" else self.source[0]


#: The five tasks, in the programme's order.
TASKS: dict[str, Task] = {
    t.id: t
    for t in (
        Task(
            "education",
            "Onderwijs",
            "Education",
            ("education_low_pct", "education_high_pct"),
            (
                "schooladvies; voortijdig schoolverlaten",
                "school advice; early school leavers",
            ),
            (
                "CBS Kerncijfers Wijken en Buurten, hoogst behaald onderwijsniveau per wijk en "
                "buurt (kloof data fetch kwb --years 2019-2024); DUO/CBS voortijdig "
                "schoolverlaten",
                "CBS Kerncijfers Wijken en Buurten, highest education level per wijk and buurt "
                "(kloof data fetch kwb --years 2019-2024); DUO/CBS early school leavers",
            ),
        ),
        Task(
            "work_income",
            "Werk en inkomen",
            "Work and income",
            (
                "bijstand_per_1000",
                "ww_per_1000",
                "ao_per_1000",
                "labour_participation_pct",
                "income_per_inhabitant",
                "households_bottom40_pct",
                "households_low_income_pct",
                "households_social_minimum_pct",
            ),
            ("jaarreeksen per wijk vóór 2023", "yearly series per wijk before 2023"),
            (
                "CBS Kerncijfers Wijken en Buurten 2013-2024 (kloof data fetch kwb --years "
                "2013-2024)",
                "CBS Kerncijfers Wijken en Buurten 2013-2024 (kloof data fetch kwb --years "
                "2013-2024)",
            ),
        ),
        Task(
            "debts",
            "Schulden",
            "Debts",
            ("households_problematic_debts_pct",),
            (
                "aanmeldingen voor schuldhulpverlening per wijk",
                "registrations for municipal debt counselling per wijk",
            ),
            (
                "CBS Schuldenproblematiek in beeld per gemeente, wijk en buurt (import met een "
                "mapping op households_problematic_debts)",
                "CBS problematic debts (Schuldenproblematiek in beeld) per gemeente, wijk and "
                "buurt (import with a mapping onto households_problematic_debts)",
            ),
        ),
        Task(
            "youth",
            "Jeugd",
            "Youth",
            ("youth_care_pct", "age_0_14_pct", "households_with_children_pct"),
            (
                "jeugdbescherming en jeugdreclassering; jeugdwerkloosheid",
                "youth protection and probation; youth unemployment",
            ),
            (
                "CBS Jeugdmonitor (jeugdbescherming, jeugdreclassering) per gemeente en wijk",
                "CBS Jeugdmonitor (youth protection, youth probation) per gemeente and wijk",
            ),
        ),
        Task(
            "safety",
            "Veiligheid en ondermijning",
            "Safety and undermining",
            (
                "crimes_total_per_1000",
                "burglary_home_per_1000",
                "violent_sexual_crime_per_1000",
                "vandalism_per_1000",
                "drug_alcohol_nuisance_per_1000",
            ),
            (
                "geregistreerde misdrijven per wijk voor elk jaar en gebied (offline: gemeenten "
                "2012-2024, Amsterdamse wijken 2025); ondermijning",
                "registered crime per wijk for every year and area (offline: gemeenten "
                "2012-2024, Amsterdam wijken 2025); undermining",
            ),
            (
                "Politie/CBS 47018NED geregistreerde misdrijven per wijk en buurt (kloof data "
                "fetch crime --years 2018-2024)",
                "Police/CBS 47018NED registered crime per wijk and buurt (kloof data fetch "
                "crime --years 2018-2024)",
            ),
        ),
    )
}


def task_view(
    series: AreaSeries,
    area: str,
    references: Sequence[str] = (),
    *,
    language: str = "nl",
) -> pd.DataFrame:
    """One row per task and indicator with data, and one per task lacking data.

    Parameters
    ----------
    series
        Built for the area and its references with (at least) the tasks' indicators.
    area
        The area's group name in ``series``.
    references
        Group names to show gaps to (``gap_<ref>``: latest area value minus reference
        value of the same year, in the indicator's unit).
    language
        Language of the task labels.

    Returns
    -------
    pandas.DataFrame
        ``task, indicator, points, first_year, year, value, trend, gap_<ref>...,
        status, source``: ``value`` is the latest (of ``year``), ``trend`` the Theil–Sen
        slope per year (three or more points), ``status`` ``data``, ``no data yet`` (the
        task has no indicator with a value: ``indicator`` says what is missing and
        ``source`` what would fill it) or ``still missing`` (measured in part).

    Examples
    --------
    >>> sorted(TASKS)
    ['debts', 'education', 'safety', 'work_income', 'youth']
    """
    rows: list[dict[str, object]] = []
    have = set(series.values["indicator"]) if len(series.values) else set()
    for task in TASKS.values():
        shown = 0
        for ind in task.indicators:
            if ind not in have:
                continue
            try:
                table = series.table(ind)
            except SpecError:
                continue
            if area not in table.columns or table[area].dropna().empty:
                continue
            own = table[area].dropna()
            last = int(own.index.max())
            row: dict[str, object] = {
                "task": task.label(language),
                "indicator": ind,
                "points": len(own),
                "first_year": int(own.index.min()),
                "year": last,
                "value": float(own[last]),
                "trend": _slope(own),
            }
            for ref in references:
                ref_value = table[ref].get(last, np.nan) if ref in table.columns else np.nan
                row[f"gap_{ref}"] = float(own[last] - ref_value)
            row["status"] = "data"
            row["source"] = ""
            rows.append(row)
            shown += 1
        if not shown or task.missing:
            what = task.missing_text(language)
            if not shown and task.indicators:  # the indicators it has, then the rest
                what = f"{', '.join(task.indicators)}; {what}"
            rows.append(
                {
                    "task": task.label(language),
                    "indicator": what,
                    "points": 0,
                    "status": "still missing" if shown else "no data yet",
                    "source": task.source_text(language),
                }
            )
    columns = ["task", "indicator", "points", "first_year", "year", "value", "trend"]
    columns += [f"gap_{r}" for r in references] + ["status", "source"]
    return pd.DataFrame(rows).reindex(columns=columns)


def _slope(values: pd.Series) -> float:
    if len(values) < 3:
        return float("nan")
    try:
        return fit(values.index.to_numpy(), values.to_numpy()).slope
    except SpecError:
        return float("nan")
