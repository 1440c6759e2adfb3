"""Housing-allocation microsimulation: who gets which social home, under which rules.

A scenario (:class:`Scenario`, YAML) states the regions, stock, applicant streams and
policies (:data:`POLICIES`); :func:`initial_state` starts it from real data;
:class:`HousingModel` (or :func:`run`) simulates it; :func:`run_experiment` compares
scenarios against a baseline over many seeds with common random numbers, optionally on
Dask. Pure analysis: no files, network or settings (the CLI does those).
"""

from kloof.housing.batch import ExperimentResult, new_concentrations, run_experiment
from kloof.housing.model import HousingModel, run
from kloof.housing.outcomes import RunResult, displacement
from kloof.housing.policies import POLICIES
from kloof.housing.scenario import InitialState, Scenario, initial_state, list_shipped, shipped

__all__ = [
    "POLICIES",
    "ExperimentResult",
    "HousingModel",
    "InitialState",
    "RunResult",
    "Scenario",
    "displacement",
    "initial_state",
    "list_shipped",
    "new_concentrations",
    "run",
    "run_experiment",
    "shipped",
]
