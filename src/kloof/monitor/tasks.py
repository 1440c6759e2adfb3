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
    """One NPLV task: its labels, the indicators that measure it and what is missing.

    ``missing``, ``source`` and ``route`` are ``(nl, en)`` pairs: what the task lacks
    beyond its indicators, the published source that would fill it (CBS table id and
    name where one exists, and where to get it), and what a user runs to fill it (a
    ``kloof data fetch`` or the ``kloof data import --mapping`` route for an own CSV).
    """

    id: str
    label_nl: str
    label_en: str
    indicators: tuple[str, ...]
    missing: tuple[str, str]
    source: tuple[str, str]
    route: tuple[str, str]

    def label(self, language: str = "nl") -> str:
        """The label in ``language``."""
        return self.label_en if language == "en" else self.label_nl

    def missing_text(self, language: str = "nl") -> str:
        """What the task lacks, in ``language`` (``missing`` is ``(nl, en)``)."""
        return self.missing[1] if language == "en" else self.missing[0]

    def source_text(self, language: str = "nl") -> str:
        """The source that would fill it, in ``language`` (``source`` is ``(nl, en)``)."""
        return self.source[1] if language == "en" else self.source[0]

    def route_text(self, language: str = "nl") -> str:
        """What a user runs to fill it, in ``language`` (``route`` is ``(nl, en)``)."""
        return self.route[1] if language == "en" else self.route[0]


_MAPPING_NL = "eigen cijfers per wijk of gemeente: kloof data import BESTAND.csv --mapping MAP.yaml"
_MAPPING_EN = "own figures per wijk or gemeente: kloof data import FILE.csv --mapping MAP.yaml"

#: The five tasks, in the programme's order. Table ids are the ones confirmed in public
#: material (docs/methods-monitor.md, "The five tasks", says where); no CBS table per wijk
#: was found for problematic debts, early school leaving or school advice.
TASKS: dict[str, Task] = {
    t.id: t
    for t in (
        Task(
            "education",
            "Onderwijs",
            "Education",
            ("education_low_pct", "education_high_pct", "early_school_leavers_pct"),
            ("schooladvies per wijk", "school advice per wijk"),
            (
                "onderwijsniveau: CBS Kerncijfers Wijken en Buurten; voortijdig schoolverlaten: "
                "CBS 84780NED Voortijdig schoolverlaters; geslacht, woonregio (opendata.cbs.nl, "
                "per gemeente, niet per wijk); schooladvies: DUO Open Onderwijsdata, per "
                "schoolvestiging",
                "education level: CBS Kerncijfers Wijken en Buurten; early school leaving: CBS "
                "84780NED Voortijdig schoolverlaters; geslacht, woonregio (opendata.cbs.nl, per "
                "gemeente, not per wijk); school advice: DUO Open Onderwijsdata, per school "
                "location",
            ),
            (
                "kloof data fetch kwb --years 2013-2024; "
                + _MAPPING_NL
                + " met kolommen op early_school_leavers en early_school_leaving_pupils",
                "kloof data fetch kwb --years 2013-2024; "
                + _MAPPING_EN
                + " with columns onto early_school_leavers and early_school_leaving_pupils",
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
                "CBS Kerncijfers Wijken en Buurten 2013-2024 (één tabel per jaar, opendata.cbs.nl)",
                "CBS Kerncijfers Wijken en Buurten 2013-2024 (one table a year, opendata.cbs.nl)",
            ),
            ("kloof data fetch kwb --years 2013-2024", "kloof data fetch kwb --years 2013-2024"),
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
                "CBS Schuldenproblematiek in beeld, huishoudens met geregistreerde "
                "problematische schulden (dashboards.cbs.nl/v2/SchuldenproblematiekInBeeld, per "
                "gemeente; geen CBS-tabel per wijk bekend); per gemeente ook CBS 84926NED "
                "Personen in de schuldsanering op 31 december; regio; per wijk: de eigen "
                "registratie van de gemeente",
                "CBS Schuldenproblematiek in beeld, households with registered problematic "
                "debts (dashboards.cbs.nl/v2/SchuldenproblematiekInBeeld, per gemeente; no CBS "
                "table per wijk is known); per gemeente also CBS 84926NED Personen in de "
                "schuldsanering op 31 december; regio; per wijk: the gemeente's own records",
            ),
            (
                _MAPPING_NL + " met een kolom op households_problematic_debts (huishoudens; "
                "het aandeel volgt uit households)",
                _MAPPING_EN + " with a column onto households_problematic_debts (households; "
                "the share follows from households)",
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
                "jeugdzorg: CBS Kerncijfers Wijken en Buurten; CBS 82975NED "
                "Jeugdbeschermingstrajecten; regio en 82977NED Jeugdreclasseringstrajecten; "
                "regio; CBS 86223NED Arbeidsmarktsituatie jongeren (15 tot 27 jaar); regio "
                "(opendata.cbs.nl, per gemeente)",
                "youth care: CBS Kerncijfers Wijken en Buurten; CBS 82975NED "
                "Jeugdbeschermingstrajecten; regio and 82977NED Jeugdreclasseringstrajecten; "
                "regio; CBS 86223NED Arbeidsmarktsituatie jongeren (15 tot 27 jaar); regio "
                "(opendata.cbs.nl, per gemeente)",
            ),
            (
                "kloof data fetch kwb --years 2013-2024 (jeugdzorg); voor jeugdbescherming, "
                "jeugdreclassering en jeugdwerkloosheid heeft de catalogus nog geen indicator",
                "kloof data fetch kwb --years 2013-2024 (youth care); the catalogue has no "
                "indicator yet for youth protection, probation and youth unemployment",
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
            ("ondermijning", "undermining"),
            (
                "Politie/CBS 47018NED Geregistreerde misdrijven; soort misdrijf, wijk en buurt "
                "(dataderden.cbs.nl); offline alleen gemeenten 2012-2024 en de Amsterdamse "
                "wijken 2025",
                "Police/CBS 47018NED Geregistreerde misdrijven; soort misdrijf, wijk en buurt "
                "(dataderden.cbs.nl); offline only gemeenten 2012-2024 and the Amsterdam "
                "wijken 2025",
            ),
            (
                "kloof data fetch crime --years 2018-2024",
                "kloof data fetch crime --years 2018-2024",
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
        status, source, route``: ``value`` is the latest (of ``year``), ``trend`` the
        Theil–Sen slope per year (three or more points), ``status`` ``data``, ``no data
        yet`` (the task has no indicator with a value) or ``still missing`` (measured in
        part). On those two rows ``indicator`` names the task's indicators without a
        value and what the task lacks beyond them, ``source`` the source that would fill
        it and ``route`` what a user runs to fill it.

    Examples
    --------
    >>> sorted(TASKS)
    ['debts', 'education', 'safety', 'work_income', 'youth']
    """
    rows: list[dict[str, object]] = []
    have = set(series.values["indicator"]) if len(series.values) else set()
    for task in TASKS.values():
        shown = 0
        absent: list[str] = []
        for ind in task.indicators:
            if ind not in have:
                absent.append(ind)
                continue
            try:
                table = series.table(ind)
            except SpecError:
                absent.append(ind)
                continue
            if area not in table.columns or table[area].dropna().empty:
                absent.append(ind)
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
            row["source"] = row["route"] = ""
            rows.append(row)
            shown += 1
        lacking = "; ".join(p for p in (", ".join(absent), task.missing_text(language)) if p)
        if not shown or lacking:
            rows.append(
                {
                    "task": task.label(language),
                    "indicator": lacking,
                    "points": 0,
                    "status": "still missing" if shown else "no data yet",
                    "source": task.source_text(language),
                    "route": task.route_text(language),
                }
            )
    columns = ["task", "indicator", "points", "first_year", "year", "value", "trend"]
    columns += [f"gap_{r}" for r in references] + ["status", "source", "route"]
    view = pd.DataFrame(rows).reindex(columns=columns)
    years = ["points", "first_year", "year"]  # whole numbers, also in CSV and JSON
    view[years] = view[years].astype("Int64")
    return view


def _slope(values: pd.Series) -> float:
    if len(values) < 3:
        return float("nan")
    try:
        return fit(values.index.to_numpy(), values.to_numpy()).slope
    except SpecError:
        return float("nan")
