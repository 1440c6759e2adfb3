"""``kloof simulate``: run housing-allocation scenarios against a baseline.

One command = one library call (:func:`kloof.housing.run_experiment`); this module only
reads the files, takes the initial state from the store, shows progress and tables and
writes the chart and workbook.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import pandas as pd
import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from kloof.cli._common import console, fail, frame_table, guarded, state
from kloof.errors import KloofError

if TYPE_CHECKING:
    from kloof.housing import ExperimentResult, InitialState, Scenario

__all__ = ["simulate"]


def _load(path: Path) -> Scenario:
    from kloof.housing import Scenario, list_shipped, shipped

    if not path.exists() and str(path) in list_shipped():
        return shipped(str(path))
    if not path.is_file():
        raise fail(f"{path}: no such scenario file (shipped: {', '.join(list_shipped())})")
    return Scenario.from_yaml(path.read_text(encoding="utf-8"))


def _initial(scenario: Scenario) -> InitialState:
    """The scenario's initial state from the store, or from its own values alone."""
    from kloof.housing import initial_state
    from kloof.report.housing_data import origin_summary, scenario_frame

    try:
        with state.store(read_only=True) as store:
            frame = scenario_frame(store, scenario)
    except KloofError as exc:
        console.print(f"[yellow]geen store / no store ({exc}); scenario values only[/]")
        frame = None
    initial = initial_state(frame, scenario)
    console.print(f"[dim]{scenario.name}: initial values {origin_summary(initial)}[/]")
    return initial


def _cell(frame: pd.DataFrame, outcome: str, pct: bool, digits: int | None = None) -> pd.Series:
    """``mean [p05–p95]`` as text; shares as percentages."""
    scale = 100 if pct else 1
    fmt = f"{{:.{1 if pct else 0 if digits is None else digits}f}}"
    m, lo, hi = (frame[(outcome, s)] * scale for s in ("mean", "p05", "p95"))
    cells = [
        f"{fmt.format(a)} [{fmt.format(b)}–{fmt.format(c)}]"
        for a, b, c in zip(m, lo, hi, strict=True)
    ]
    return pd.Series(cells, index=frame.index)


def _tables(result: ExperimentResult) -> None:
    base = result.initial[result.baseline]
    names = dict(zip(base.codes, base.names, strict=True))
    for name in result.names:
        regions = result.regions[name]
        last = regions.index.get_level_values("year").max()
        final = regions.xs(last, level="year")
        table = pd.DataFrame({"naam": [names[c] for c in final.index]}, index=final.index)
        cols = {
            "kwetsbaar % voorraad": ("vulnerable_share", True),
            "kwetsbaar % instroom": ("vulnerable_inflow_share", True),
            "voorrang % verhuringen": ("priority_share", True),
            "sleutelberoepen": ("key_workers_housed", False),
            "geweigerde vergunningen": ("refused_permits", False),
        }
        for label, (outcome, pct) in cols.items():
            table[label] = _cell(final, outcome, pct)
        title = f"{name} · {last} · gemiddelde [90%-interval] over {len(result.seeds)} runs"
        console.print(frame_table(table, title=title, max_rows=200))
    years = pd.DataFrame(
        {
            name: [f"{result.years[name][('dissimilarity', 'mean')].iloc[i]:.3f}" for i in (0, -1)]
            for name in result.names
        },
        index=["D begin", "D eind"],
    )
    console.print(frame_table(years.reset_index(), title="concentratie / dissimilarity"))
    for name, disp in result.displacement.items():
        table = pd.DataFrame({"naam": [names[c] for c in disp.index]}, index=disp.index)
        table["Δ voorrang (totaal)"] = _cell(disp, "delta_priority_placements", False)
        table["Δ kwetsbaar instroom"] = _cell(disp, "delta_vulnerable_inflow", False)
        table["Δ kwetsbaar % (pp)"] = _cell(disp, "delta_vulnerable_share_pp", False, 1)
        title = f"waterbed: {name} − {result.baseline}, {result.scenarios[name].years} jaar"
        console.print(frame_table(table, title=title, max_rows=200))
    for name in result.names:
        for note in result.notes[name][:10]:
            console.print(f"[yellow]{name}:[/] {note}")


@guarded
def simulate(
    scenario: Annotated[
        Path, typer.Argument(help="Scenario YAML, or a shipped name (zaanstad, ...).")
    ],
    compare: Annotated[
        list[Path] | None,
        typer.Option("--compare", "-c", help="Scenario(s) to compare with the baseline."),
    ] = None,
    runs: Annotated[int, typer.Option("--runs", "-n", min=1, help="Seeds per scenario.")] = 20,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="XLSX workbook; a PNG chart is written next to it."),
    ] = None,
    parallel: Annotated[
        bool, typer.Option("--parallel/--serial", help="Run on Dask (KLOOF_DASK_ADDRESS).")
    ] = True,
) -> None:
    """Simuleer woningtoewijzing (simulate who gets which home, against a baseline)."""
    from kloof.housing import run_experiment
    from kloof.report.housing_charts import save_concentration_chart
    from kloof.report.housing_xlsx import write_experiment_xlsx

    scenarios = [_load(p) for p in [scenario, *(compare or [])]]
    initial = {s.name: _initial(s) for s in scenarios}
    settings = state.settings()
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} runs"),
        TimeElapsedColumn(),
        console=console,
    ) as progress:
        task = progress.add_task("simuleren / simulating", total=runs * len(scenarios))

        def report(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        result = run_experiment(
            scenarios,
            initial,
            seeds=runs,
            parallel=parallel,
            address=settings.dask_address or None,
            progress=report,
        )
    _tables(result)
    if output is not None:
        chart = save_concentration_chart(
            result, output.with_suffix(".png"), language=settings.language
        )
        write_experiment_xlsx(result, output)
        console.print(f"→ {output} · {chart}")
