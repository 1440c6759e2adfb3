"""The initial state of a housing scenario, read from a store.

:func:`initial_from_store` takes the scenario's regions from the store
(``store.frame(data_year, level, codes=...)``) and hands them to
:func:`kloof.housing.initial_state`, which fills what the store lacks from the
scenario's own fallback values; :func:`origin_summary` says where the values came from.
The CLI (``kloof simulate``) and the dashboard (Woningtoewijzing) both start from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kloof.housing import InitialState, Scenario

__all__ = ["initial_from_store", "origin_summary", "scenario_frame"]


def initial_from_store(store: Any | None, scenario: Scenario) -> InitialState:
    """The scenario's initial state from ``store`` (a :class:`kloof.store.Store`).

    ``store=None`` uses the scenario's own values alone (e.g. the ``toy`` scenario, or
    no store at hand).
    """
    from kloof.housing import initial_state

    return initial_state(None if store is None else scenario_frame(store, scenario), scenario)


def scenario_frame(store: Any, scenario: Scenario) -> Any:
    """The store's values of the scenario's regions in its data year (wide frame)."""
    return store.frame(scenario.data_year, scenario.level, codes=list(scenario.codes))


#: Where an initial value came from, in Dutch (the sources' own names are English).
_ORIGINS_NL = {"store": "uit de opslag", "scenario": "uit het scenario", "override": "opgelegd"}


def origin_summary(initial: InitialState, language: str = "en") -> str:
    """``"120 from store, 8 from scenario"``: where the initial values came from.

    With ``language="nl"``: ``"120 uit de opslag, 8 uit het scenario"``.
    """
    counts = initial.sources.stack().value_counts()
    if language == "en":
        return ", ".join(f"{n} from {k}" for k, n in counts.items() if k)
    return ", ".join(f"{n} {_ORIGINS_NL.get(str(k), k)}" for k, n in counts.items() if k)
