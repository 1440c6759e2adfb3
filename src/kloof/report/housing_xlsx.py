"""XLSX workbook of a housing experiment: every outcome, its interval, and every assumption.

Sheets:

``overzicht``
    scenarios, baseline, runs and seeds, the rules each scenario applied, run notes;
``regio_jaar``
    per scenario, year and region: every outcome as mean, p05 and p95 over runs;
``jaren``, ``groepen``
    per year, and per year and applicant group (waiting times, backlog);
``verschil``
    per compared scenario and region: the change against the baseline (waterbed), and
    ``verschil_jaar`` per year;
``beginstand``
    the initial state of each region with the origin of each value (store or scenario);
``scenario_<n>``
    each scenario's YAML, line by line: all assumptions in the workbook.

These are the ids of :func:`experiment_sheets`; the file :func:`write_experiment_xlsx`
writes has sheet names and headers in the run's language
(:func:`kloof.report.housing_words.readable_sheets`: ``Regio per jaar``,
``Aandeel kwetsbaar in voorraad (0–1) (p95)`` in Dutch, ``Region by year`` and
``Vulnerable share of stock (0–1) (p95)`` in English).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from kloof.housing.batch import ExperimentResult

__all__ = ["experiment_sheets", "write_experiment_xlsx"]


def _flat(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out.columns = [f"{outcome} ({stat})" for outcome, stat in frame.columns]
    return out.reset_index()


def _stack(frames: dict[str, pd.DataFrame], names: dict[str, str] | None = None) -> pd.DataFrame:
    parts = []
    for name, frame in frames.items():
        flat = _flat(frame)
        if names is not None and "code" in flat.columns:
            flat.insert(flat.columns.get_loc("code") + 1, "name", flat["code"].map(names))
        flat.insert(0, "scenario", name)
        parts.append(flat)
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


#: Outcome columns that repeat another one when vulnerable households enter only through
#: priority (then priority placements = vulnerable inflow): left out when identical.
_SAME_AS: dict[str, str] = {
    "priority_share": "vulnerable_inflow_share",
    "priority_placements": "vulnerable_inflow",
    "delta_priority_placements": "delta_vulnerable_inflow",
}


def _without_repeats(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Frames without the columns of :data:`_SAME_AS` that equal their twin everywhere."""
    import numpy as np

    out = {}
    for name, frame in frames.items():
        outcomes = frame.columns.get_level_values(0)
        drop = [
            col
            for col, twin in _SAME_AS.items()
            if col in outcomes
            and twin in outcomes
            and np.allclose(frame[col].to_numpy(float), frame[twin].to_numpy(float), equal_nan=True)
        ]
        out[name] = frame.drop(columns=drop, level=0) if drop else frame
    return out


def _concentration_sheet(result: ExperimentResult, names: dict[str, str]) -> pd.DataFrame:
    """The regions where a policy creates a new concentration (empty: none)."""
    from kloof.housing import new_concentrations

    parts = []
    for name, flagged in new_concentrations(result).items():
        table = flagged.reset_index()
        table.insert(1, "name", table["code"].map(names))
        table.insert(0, "scenario", name)
        parts.append(table)
    cols = ["scenario", "code", "name", "baseline_share", "share", "share_p05", "share_p95",
            "delta_pp", "location_quotient", "level", "reason"]  # fmt: skip
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=cols)


def experiment_sheets(result: ExperimentResult) -> dict[str, pd.DataFrame]:
    """The workbook's sheets as frames (sheet name → frame).

    ``nieuwe_concentraties`` lists the regions where a policy creates a new
    concentration (:func:`kloof.housing.new_concentrations`); priority columns that
    repeat the vulnerable-inflow ones are left out.
    """
    base = result.initial[result.baseline]
    names = dict(zip(base.codes, base.names, strict=True))
    rows = []
    for name, scenario in result.scenarios.items():
        rows.append(
            {
                "scenario": name,
                "baseline": name == result.baseline,
                "description": scenario.description.strip(),
                "runs": len(result.seeds),
                "seeds": f"{min(result.seeds)}–{max(result.seeds)}",
                "years": f"{scenario.start_year}–{scenario.start_year + scenario.years - 1}",
                "rules": "; ".join(result.rules_log[name]),
                "notes": "\n".join(result.notes[name]),
            }
        )
    sheets = {
        "overzicht": pd.DataFrame(rows),
        "regio_jaar": _stack(_without_repeats(dict(result.regions)), names),
        "jaren": _stack(dict(result.years)),
        "groepen": _stack(dict(result.groups)),
        "verschil": _stack(_without_repeats(dict(result.displacement)), names),
        "verschil_jaar": _stack(dict(result.delta_years)),
        "nieuwe_concentraties": _concentration_sheet(result, names),
    }
    initial = []
    for name, state in result.initial.items():
        table = state.table().reset_index()
        sources = state.sources.add_suffix(" (bron)").reset_index(drop=True)
        table = pd.concat([table, sources], axis=1)
        table.insert(0, "scenario", name)
        initial.append(table)
    sheets["beginstand"] = pd.concat(initial, ignore_index=True)
    for i, (name, scenario) in enumerate(result.scenarios.items(), start=1):
        lines = scenario.to_yaml().splitlines()
        sheets[f"scenario_{i}"] = pd.DataFrame({name: lines})
    return sheets


def write_experiment_xlsx(result: ExperimentResult, path: str | Path, language: str = "nl") -> Path:
    """Write :func:`experiment_sheets` to an XLSX file with sheet names and headers in
    ``language`` (``nl``, the default, or ``en``; :func:`readable_sheets`), through
    :func:`kloof.spreadsheet.write_xlsx` (valid sheet names, bold frozen headers,
    widths, formula-like texts kept text)."""
    from kloof.report.housing_words import readable_sheets
    from kloof.spreadsheet import write_xlsx

    path = Path(path)
    write_xlsx(path, readable_sheets(experiment_sheets(result), language))
    return path
