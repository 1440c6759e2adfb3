"""Sheet names and column headers of the housing workbook in the reader's language.

:func:`readable_sheets` turns the sheets of :func:`kloof.report.housing_xlsx.experiment_sheets`
(ids such as ``regio_jaar`` and ``vulnerable_share (p95)``) into the workbook a person
reads: ``Regio per jaar`` and ``Aandeel kwetsbaar in voorraad (0–1) (p95)`` in Dutch,
``Region by year`` and ``Vulnerable share of stock (0–1) (p95)`` in English. Columns of
the store's catalogue (``social_rent_pct``) get their label through
:func:`kloof.report.readable.header`; ``True``/``False`` become ja/nee (yes/no).
Numbers, codes and scenario names stay as they are.

Examples
--------
>>> outcome_header("vulnerable_share (p95)", "en")
'Vulnerable share of stock (0–1) (p95)'
>>> outcome_header("mean_wait (mean)", "nl")
'Gemiddelde wachttijd (jaar) (gemiddelde)'
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

from kloof.report.i18n import N_, translate
from kloof.report.readable import header

__all__ = ["COLUMNS", "SHEETS", "outcome_header", "readable_sheets"]

#: Sheet id → sheet name (``scenario_<n>`` sheets are numbered, see :func:`readable_sheets`).
SHEETS: dict[str, str] = {
    "overzicht": N_("Overview"),
    "regio_jaar": N_("Region by year"),
    "jaren": N_("Years"),
    "groepen": N_("Applicant groups"),
    "verschil": N_("Difference from baseline"),
    "verschil_jaar": N_("Difference by year"),
    "nieuwe_concentraties": N_("New concentrations"),
    "beginstand": N_("Initial state"),
}

#: Column (or outcome) id → header, as a message id; shares are fractions 0–1.
COLUMNS: dict[str, str] = {
    # overview
    "scenario": N_("Scenario"),
    "baseline": N_("Baseline scenario"),
    "description": N_("Description"),
    "runs": N_("Runs"),
    "seeds": N_("Seeds"),
    "years": N_("Years"),
    "rules": N_("Rules applied"),
    "notes": N_("Notes"),
    "group": N_("Applicant group"),
    # stock and households
    "social_dwellings": N_("Social rental dwellings"),
    "social_occupied": N_("Occupied social rental dwellings"),
    "households": N_("Households"),
    "dwellings": N_("Dwellings"),
    "vulnerable": N_("Vulnerable households"),
    "vulnerable_share": N_("Vulnerable share of stock (0–1)"),
    "vulnerable_social_share": N_("Vulnerable share of social rental stock (0–1)"),
    "vulnerable_social": N_("Vulnerable households in social rent"),
    "nonsocial_households": N_("Households outside social rent"),
    "location_quotient": N_("Location quotient"),
    "pressure_z": N_("Pressure (z-score)"),
    "index_projected": N_("Projected index"),
    # flows
    "vacancies": N_("Vacancies"),
    "departures": N_("Departures"),
    "lettings": N_("Lettings"),
    "unlet": N_("Unlet vacancies"),
    "vulnerable_inflow": N_("Vulnerable inflow (households)"),
    "vulnerable_inflow_share": N_("Vulnerable share of inflow (0–1)"),
    "priority_placements": N_("Priority placements"),
    "priority_share": N_("Priority share of lettings (0–1)"),
    "key_workers_housed": N_("Key workers housed"),
    "no_own_income_inflow": N_("Inflow without own income (households)"),
    "refused_permits": N_("Refused permits"),
    "status_holder_inflow": N_("Inflow of status holders (households)"),
    "shelter_outflow_inflow": N_("Inflow from shelters (households)"),
    "urgent_inflow": N_("Inflow with urgency (households)"),
    "priority_unplaced": N_("Priority applicants not placed"),
    "blocked_by_cap": N_("Lettings blocked by a cap"),
    # concentration
    "dissimilarity": N_("Dissimilarity index D (stock)"),
    "isolation": N_("Isolation (stock)"),
    "dissimilarity_inflow": N_("Dissimilarity index D (inflow)"),
    "isolation_inflow": N_("Isolation (inflow)"),
    # applicant groups
    "arrived": N_("Applicants arrived"),
    "housed": N_("Applicants housed"),
    "mean_wait": N_("Mean waiting time (years)"),
    "backlog": N_("Waiting at year end"),
    # differences and new concentrations
    "delta_vulnerable_inflow": N_("Δ vulnerable inflow (households)"),
    "delta_no_own_income_inflow": N_("Δ inflow without own income (households)"),
    "delta_priority_placements": N_("Δ priority placements"),
    "delta_vulnerable_share_pp": N_("Δ vulnerable share of stock (percentage points)"),
    "baseline_share": N_("Vulnerable share in the baseline (0–1)"),
    "share": N_("Vulnerable share under the policy (0–1)"),
    "share_p05": N_("Vulnerable share under the policy (0–1) (p05)"),
    "share_p95": N_("Vulnerable share under the policy (0–1) (p95)"),
    "delta_pp": N_("Δ vulnerable share (percentage points)"),
    "level": N_("Concentration level (0–1)"),
    "reason": N_("Reason"),
}

#: Statistics over runs, as in ``vulnerable_share (mean)``.
_STATS: dict[str, str] = {"mean": N_("mean"), "p05": "p05", "p95": "p95"}

_WITH_STAT = re.compile(r"^(?P<id>.+) \((?P<stat>mean|p05|p95)\)$")
_SOURCE = re.compile(r"^(?P<id>.+) \(bron\)$")


def _column(column: str, language: str) -> str:
    """One id's header: :data:`COLUMNS`, else the catalogue's label, else as it is."""
    if column in COLUMNS:
        return translate(COLUMNS[column], language)
    return header(column, language)


def outcome_header(column: object, language: str = "nl") -> str:
    """The header of a column of the housing workbook in ``language``.

    ``<id> (mean|p05|p95)`` becomes the outcome's header with the statistic,
    ``<id> (bron)`` its header with "(bron)"/"(source)"; other ids their header."""
    key = str(column)
    if match := _WITH_STAT.match(key):
        stat = translate(_STATS[match["stat"]], language)
        return f"{_column(match['id'], language)} ({stat})"
    if match := _SOURCE.match(key):
        return translate(N_("{column} (source)"), language).format(
            column=_column(match["id"], language)
        )
    return _column(key, language)


def _sheet(name: str, language: str) -> str:
    if name in SHEETS:
        return translate(SHEETS[name], language)
    if (number := name.removeprefix("scenario_")).isdigit():
        return translate(N_("Scenario {n}"), language).format(n=number)
    return name


def readable_sheets(
    sheets: Mapping[str, pd.DataFrame], language: str = "nl"
) -> dict[str, pd.DataFrame]:
    """``sheets`` for people: sheet names and headers in ``language``, ``True``/``False``
    as ja/nee (yes/no). A ``scenario_<n>`` sheet keeps its one column, the scenario's
    name, and its YAML lines."""
    yes, no = translate(N_("yes"), language), translate(N_("no"), language)
    out: dict[str, pd.DataFrame] = {}
    for name, frame in sheets.items():
        table = frame.copy()
        for col in table.columns:
            if table[col].dtype == bool:
                table[col] = table[col].map({True: yes, False: no})
        if not name.startswith("scenario_"):
            table = table.rename(columns=lambda c: outcome_header(c, language))
        out[_sheet(name, language)] = table
    return out
