"""Allocation scenarios shipped with kloof (YAML files next to this module).

=======================  ===========================================================
``dichtdekloof2021``     "Dicht de kloof!" (2021): €400M over the 16 areas, €100M
                         over vulnerable wijken in other municipalities, by need
``pmg2025``              "Preventie met Gezag" (2025): €143M a year over the 20 NPLV
                         focus areas and the 8 further municipalities
``gemeentefonds``        a Gemeentefonds-style example: measures × amounts per unit,
                         a drempel measure, an uitkeringsfactor and an ingroeipad
=======================  ===========================================================

Copy a file (``kloof allocate show NAME > my.yaml``), edit it and run your own.
"""

from __future__ import annotations

from importlib import resources

from kloof.allocation.rule import AllocationRule
from kloof.errors import SpecError

__all__ = ["SCENARIOS", "scenario", "scenario_key", "scenario_text"]

#: Scenario name → YAML file in this package.
SCENARIOS: dict[str, str] = {
    "dichtdekloof2021": "dicht_de_kloof_2021.yaml",
    "pmg2025": "preventie_met_gezag_2025.yaml",
    "gemeentefonds": "gemeentefonds_voorbeeld.yaml",
}


def scenario_key(name: str) -> str | None:
    """The key of a shipped scenario written any way (``PMG-2025`` → ``pmg2025``), or
    ``None`` when no shipped scenario has that name."""
    key = name.lower().replace("-", "").replace("_", "").replace(" ", "")
    return key if key in SCENARIOS else None


def scenario_text(name: str) -> str:
    """The YAML text of a shipped scenario."""
    key = scenario_key(name)
    if key is None:
        raise SpecError(f"no scenario {name!r}; known: {', '.join(SCENARIOS)}")
    files = resources.files("kloof.allocation.scenarios")
    return files.joinpath(SCENARIOS[key]).read_text(encoding="utf-8")


def scenario(name: str) -> AllocationRule:
    """A shipped scenario as a rule (see the module docstring for the names)."""
    return AllocationRule.from_yaml(scenario_text(name))
