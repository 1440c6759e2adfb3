"""Housing-allocation simulations on the dashboard (:mod:`kloof.housing`).

Page ``/woningtoewijzing``: choose a shipped scenario, a comparison scenario (same
regions) and a number of runs (at most :data:`MAX_RUNS`) and start the experiment with
a POST form. It changes no stored data, so it needs no CSRF token, but it costs CPU:
the app's :class:`~kloof.web.jobs.JobRegistry` runs at most two at once, queues two
more and refuses the rest (``429``). The experiment
(:func:`kloof.housing.run_experiment`, serial, common random numbers) runs in a
background thread from the initial state the store gives
(:func:`kloof.report.housing_data.initial_from_store`, as ``kloof simulate`` does).
The job page ``/woningtoewijzing/{job}`` shows its progress (a ``<progress>`` element;
it refreshes itself without JavaScript and polls the JSON job with it) and, when done,
the outcome tables and a chart with its table.

API: ``GET /api/v1/simulations`` (shipped scenarios), ``POST /api/v1/simulations``
(start: ``202`` with the job id and a ``Location``), ``GET /api/v1/simulations/{job}``
(status, progress and, when done, the results).
"""

from __future__ import annotations

from typing import Annotated, Any

import pandas as pd
from fastapi import APIRouter, Form, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from kloof.errors import SpecError
from kloof.report.charts import format_number
from kloof.report.figures import line_chart_svg
from kloof.report.frames import FrameCache
from kloof.report.i18n import texts
from kloof.web.context import cache_of, clean, error_json, lang_of, page
from kloof.web.jobs import Job, JobLimitError, JobRegistry

__all__ = ["MAX_RUNS", "PAGES", "SimulationRequest", "outcomes", "router"]

router = APIRouter(tags=["housing"])
#: Dashboard pages of this capability (shown in the main menu).
PAGES: list[dict[str, str]] = [
    {"path": "/woningtoewijzing", "nav": "housing", "nl": "Woningtoewijzing", "en": "Housing"}
]
#: Most runs (seeds per scenario) one web simulation may ask for.
MAX_RUNS = 50
#: Outcomes per region in the last year: column → i18n key, percentage?
REGION_OUTCOMES: dict[str, tuple[str, bool]] = {
    "vulnerable_inflow_share": ("vulnerable_inflow", True),
    "vulnerable_share": ("vulnerable_stock", True),
    "key_workers_housed": ("key_workers", False),
    "refused_permits": ("refused_permits", False),
}
#: Concentration indices per year.
YEAR_OUTCOMES: dict[str, tuple[str, bool]] = {
    "dissimilarity": ("dissimilarity", False),
    "isolation": ("isolation", False),
}
#: Displacement (scenario − baseline) per region.
DISPLACEMENT: dict[str, tuple[str, bool]] = {
    # delta_priority_placements is left out: vulnerable households enter only through
    # priority, so it equals delta_vulnerable_inflow (issue 16)
    "delta_vulnerable_inflow": ("delta_inflow", False),
    "delta_vulnerable_share_pp": ("delta_share", False),
}
STATS = ("mean", "p05", "p95")


class SimulationRequest(BaseModel):
    """What to simulate: a shipped scenario, optionally against another, over ``runs``."""

    model_config = ConfigDict(extra="forbid")

    scenario: str = Field(max_length=60, examples=["toy"])
    compare: str | None = Field(default=None, max_length=60, examples=["zaanstad-spread"])
    runs: int = Field(default=10, ge=1, le=MAX_RUNS)


def _jobs(request: Request) -> JobRegistry:
    return request.app.state.kloof_jobs  # type: ignore[no-any-return]


def _shipped(name: str) -> Any:
    from kloof.housing import list_shipped, shipped

    if name not in list_shipped():
        raise SpecError(f"no shipped scenario {name!r}; known: {', '.join(list_shipped())}")
    return shipped(name)


def _initial(cache: FrameCache, scenario: Any) -> Any:
    from kloof.report.housing_data import initial_from_store

    # the lock of cached() also guards the store connection
    return cache.cached(
        ("housing-initial", scenario.name),
        lambda: cache.read(lambda: initial_from_store(cache.store, scenario)),
    )


def start(request: Request, spec: SimulationRequest) -> Job:
    """Validate ``spec``, read the initial states and queue the experiment.

    Raises
    ------
    SpecError
        Unknown scenarios, scenarios of other regions, or rules the data cannot carry.
    JobLimitError
        When the registry is full.
    """
    from kloof.housing import HousingModel, run_experiment

    names = [spec.scenario] + ([spec.compare] if spec.compare else [])
    if len(set(names)) != len(names):
        raise SpecError("choose a comparison scenario other than the scenario itself")
    scenarios = [_shipped(n) for n in names]
    if len(scenarios) == 2 and scenarios[0].codes != scenarios[1].codes:
        raise SpecError(
            f"{names[1]!r} has other regions than {names[0]!r}; compare scenarios of one place"
        )
    cache = cache_of(request)
    initial = {s.name: _initial(cache, s) for s in scenarios}
    for s in scenarios:
        HousingModel(s, initial[s.name])  # rules against the data: SpecError before queuing

    def work(progress: Any) -> Any:
        return run_experiment(
            initial, scenarios, seeds=spec.runs, parallel=False, chunk=1, progress=progress
        )

    params = {"scenario": spec.scenario, "compare": spec.compare, "runs": spec.runs}
    return _jobs(request).submit("simulation", params, spec.runs * len(scenarios), work)


def _cells(frame: pd.DataFrame, columns: dict[str, tuple[str, bool]]) -> pd.DataFrame:
    """Columns ``{outcome}_{stat}`` (shares as percentages)."""
    out = pd.DataFrame(index=frame.index)
    for col, (_, pct) in columns.items():
        for stat in STATS:
            if (col, stat) in frame.columns:
                out[f"{col}_{stat}"] = frame[(col, stat)] * (100.0 if pct else 1.0)
    return out


def outcomes(result: Any) -> dict[str, Any]:
    """The result as flat tables: per scenario the last year per region, the
    concentration per year and (not for the baseline) the displacement per region."""
    base = result.initial[result.baseline]
    names = dict(zip(base.codes, base.names, strict=True))
    from kloof.housing import new_concentrations

    out: dict[str, Any] = {"baseline": result.baseline, "runs": len(result.seeds), "scenarios": []}
    flagged = new_concentrations(result)
    for name in result.names:
        regions = result.regions[name]
        last = int(regions.index.get_level_values("year").max())
        final = _cells(regions.xs(last, level="year"), REGION_OUTCOMES)
        final.insert(0, "name", [names.get(c, c) for c in final.index])
        years = _cells(result.years[name], YEAR_OUTCOMES)
        item: dict[str, Any] = {
            "name": name,
            "year": last,
            "regions": final.rename_axis("code").reset_index(),
            "years": years.rename_axis("year").reset_index(),
            "displacement": None,
            "concentrations": None,
            "concentration_level": None,
            "notes": list(result.notes[name][:10]),
        }
        if name in flagged:
            rows = flagged[name].copy()
            shares = ["baseline_share", "share", "share_p05", "share_p95"]
            rows[shares] = 100 * rows[shares]  # percent, as the other tables
            level = float(rows["level"].iloc[0]) * 100 if len(rows) else None
            rows = rows.drop(columns=["level"])
            rows.insert(0, "name", [names.get(c, c) for c in rows.index])
            item["concentrations"] = rows.rename_axis("code").reset_index()
            item["concentration_level"] = level
        if name in result.displacement:
            disp = _cells(result.displacement[name], DISPLACEMENT)
            disp.insert(0, "name", [names.get(c, c) for c in disp.index])
            item["displacement"] = disp.rename_axis("code").reset_index()
        out["scenarios"].append(item)
    return out


def _records(frame: pd.DataFrame | None) -> list[dict[str, Any]] | None:
    if frame is None:
        return None
    return frame.astype(object).where(frame.notna(), None).to_dict(orient="records")


def _job_json(job: Job) -> dict[str, Any]:
    body = job.status()
    body["status_url"] = f"/api/v1/simulations/{job.id}"
    body["page_url"] = f"/woningtoewijzing/{job.id}"
    body["results"] = None
    if job.state == "done":
        found = outcomes(job.result)
        found["scenarios"] = [
            {
                **s,
                "regions": _records(s["regions"]),
                "years": _records(s["years"]),
                "displacement": _records(s["displacement"]),
                "concentrations": _records(s["concentrations"]),
            }
            for s in found["scenarios"]
        ]
        body["results"] = found
    return clean(body)  # type: ignore[no-any-return]


def _scenario_list() -> list[dict[str, Any]]:
    from kloof.housing import list_shipped, shipped

    rows = []
    for key in list_shipped():
        s = shipped(key)
        rows.append(
            {
                "id": key,
                "name": s.name,
                "description": " ".join(s.description.split()),
                "descriptions": {lang: s.describe(lang) for lang in ("nl", "en")},
                "level": s.level,
                "regions": len(s.codes),
                "years": s.years,
                "start_year": s.start_year,
                "comparable": [
                    k for k in list_shipped() if k != key and shipped(k).codes == s.codes
                ],
            }
        )
    return rows


# ----------------------------------------------------------------------------- pages
@router.get("/woningtoewijzing", response_class=HTMLResponse, include_in_schema=False)
def woningtoewijzing(request: Request) -> Response:
    """The form: scenario, comparison scenario, runs."""
    return page(
        request,
        "simulation.html",
        nav="housing",
        scenarios=_scenario_list(),
        max_runs=MAX_RUNS,
        chosen={"scenario": "zaanstad", "compare": "zaanstad-spread", "runs": 10},
        message=None,
    )


@router.post("/woningtoewijzing", response_class=HTMLResponse, include_in_schema=False)
def woningtoewijzing_start(
    request: Request,
    scenario: Annotated[str, Form(max_length=60)],
    compare: Annotated[str, Form(max_length=60)] = "",
    runs: Annotated[int, Form(ge=1, le=MAX_RUNS)] = 10,
) -> Response:
    """Start a simulation and go to its job page (``303``); the form again when full."""
    spec = SimulationRequest(scenario=scenario, compare=compare or None, runs=runs)
    try:
        job = start(request, spec)
    except JobLimitError:
        return page(
            request,
            "simulation.html",
            status_code=429,
            nav="housing",
            scenarios=_scenario_list(),
            max_runs=MAX_RUNS,
            chosen=spec.model_dump(),
            message=texts(lang_of(request))["busy"],
        )
    lang = lang_of(request)
    return RedirectResponse(f"/woningtoewijzing/{job.id}?lang={lang}", status_code=303)


@router.get("/woningtoewijzing/{job_id}", response_class=HTMLResponse, include_in_schema=False)
def woningtoewijzing_job(
    request: Request, job_id: Annotated[str, PathParam(max_length=40)]
) -> Response:
    """Progress of a simulation and, when done, its outcomes."""
    job = _jobs(request).get(job_id)
    if job is None:
        return page(
            request, "error.html", status_code=404, status=404, message=f"no job {job_id!r}"
        )
    lang = lang_of(request)
    t = texts(lang)
    found = outcomes(job.result) if job.state == "done" else None
    charts = {}
    if found is not None:
        for s in found["scenarios"]:
            years = s["years"]
            charts[s["name"]] = line_chart_svg(
                list(years["year"]),
                {t[key]: list(years[f"{col}_mean"]) for col, (key, _) in YEAR_OUTCOMES.items()},
                bands={
                    t[key]: (list(years[f"{col}_p05"]), list(years[f"{col}_p95"]))
                    for col, (key, _) in YEAR_OUTCOMES.items()
                },
                title=t["chart_concentration_lines"].format(name=s["name"]),
                xlabel=t["year"],
                language=lang,
                formatter=lambda v: format_number(v, lang),
            )
    return page(
        request,
        "simulation_job.html",
        nav="housing",
        job=job,
        found=found,
        charts=charts,
        columns=REGION_OUTCOMES,
        year_columns=YEAR_OUTCOMES,
        displacement_columns=DISPLACEMENT,
    )


# ------------------------------------------------------------------------------- API
@router.get("/api/v1/simulations", summary="Shipped housing scenarios")
def simulations_api(request: Request) -> Response:
    """Per scenario: id, name, description, level, number of regions, years and the
    scenarios it can be compared with (same regions); the limits of a web simulation."""
    return JSONResponse(
        {
            "scenarios": _scenario_list(),
            "limits": {
                "max_runs": MAX_RUNS,
                "running": _jobs(request).max_running,
                "waiting": _jobs(request).max_waiting,
            },
        }
    )


@router.post(
    "/api/v1/simulations",
    status_code=202,
    summary="Start a housing simulation",
    responses={429: {"description": "Too many simulations running or waiting"}},
)
def simulation_start_api(request: Request, spec: SimulationRequest) -> Response:
    """Queue an experiment; answers ``202`` with the job and its ``Location``."""
    try:
        job = start(request, spec)
    except JobLimitError as exc:
        response = error_json(429, str(exc))
        response.headers["Retry-After"] = "30"
        return response
    url = f"/api/v1/simulations/{job.id}"
    return JSONResponse(_job_json(job), status_code=202, headers={"Location": url})


@router.get("/api/v1/simulations/{job_id}", summary="Status and results of a simulation")
def simulation_api(job_id: Annotated[str, PathParam(max_length=40)], request: Request) -> Response:
    """State (``queued``, ``running``, ``done``, ``failed``), progress and, when done,
    the outcomes (mean, 5th and 95th percentile over the runs)."""
    job = _jobs(request).get(job_id)
    if job is None:
        return error_json(404, f"no simulation job {job_id!r}")
    headers = {"Cache-Control": "no-store"}
    return JSONResponse(_job_json(job), headers=headers)
