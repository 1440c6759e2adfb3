"""``kloof simulate``: run housing-allocation scenarios against a baseline.

One command = one library call (:func:`kloof.housing.run_experiment`); this module only
reads the files, takes the initial state from the store, shows progress and tables and
writes the chart and workbook.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kloof.cli._common import console, fail, guarded, state
from kloof.cli._output import FormatOpt, check_format, emit, format_number, progress
from kloof.cli._texts import tr
from kloof.errors import KloofError

if TYPE_CHECKING:
    import pandas as pd

    from kloof.housing import ExperimentResult, InitialState, Scenario

__all__ = ["simulate"]

#: The tables' words in Dutch and English (one language per run; issue 16).
_WORDS: dict[str, dict[str, str]] = {
    "nl": {
        "name": "Naam",
        "stock": "kwetsbaar % voorraad",
        "inflow_same": "kwetsbaar (= voorrang) % instroom",
        "inflow": "kwetsbaar % instroom",
        "priority": "voorrang % verhuringen",
        "key_workers": "sleutelberoepen {year} (hh)",
        "refused": "geweigerde vergunningen {year} (hh)",
        "title": "{name} · {year} · gemiddelde [90%-interval] over {runs} runs",
        "d_start": "D begin",
        "d_end": "D eind",
        "restructuring": "{name}: herstructurering over {years} jaar: {demolished} woningen "
        "gesloopt ({displaced} huishoudens moesten verhuizen), {built} nieuw gebouwd, "
        "{sold} verkocht; sociale voorraad {first} → {last}",
        "delta_inflow": "Δ kwetsbare instroom (hh, som {years} jaar)",
        "delta_stock": "Δ kwetsbaar % voorraad {year} (pp)",
        "waterbed": "waterbed: {name} − {baseline}, {years} jaar",
        "gemeente": "gemeente",
        "delta_inflow_mean": "Δ kwetsbare instroom (hh, som {years} jaar, gemiddelde)",
        "waterbed_gemeente": "waterbed per gemeente: {name} − {baseline}",
        "none": "{name}: geen nieuwe concentratie (geen {level} komt boven het "
        "concentratieniveau van {baseline})",
        "new": "! nieuwe concentratie door {name}: kwetsbaar % voorraad boven LQ 1,5 of "
        "{threshold}% (laagste geconcentreerde {level} in {baseline})",
        "initial": "{name}: beginwaarden {origin}",
    },
    "en": {
        "name": "Name",
        "stock": "vulnerable % of stock",
        "inflow_same": "vulnerable (= priority) % of inflow",
        "inflow": "vulnerable % of inflow",
        "priority": "priority % of lettings",
        "key_workers": "key workers {year} (hh)",
        "refused": "refused permits {year} (hh)",
        "title": "{name} · {year} · mean [90% interval] over {runs} runs",
        "d_start": "D start",
        "d_end": "D end",
        "restructuring": "{name}: restructuring over {years} years: {demolished} dwellings "
        "demolished ({displaced} households had to move), {built} built, {sold} sold; "
        "social stock {first} → {last}",
        "delta_inflow": "Δ vulnerable inflow (hh, sum of {years} years)",
        "delta_stock": "Δ vulnerable % of stock {year} (pp)",
        "waterbed": "waterbed: {name} − {baseline}, {years} years",
        "gemeente": "gemeente",
        "delta_inflow_mean": "Δ vulnerable inflow (hh, sum of {years} years, mean)",
        "waterbed_gemeente": "waterbed per gemeente: {name} − {baseline}",
        "none": "{name}: no new concentration (no {level} rises above the concentration "
        "level of {baseline})",
        "new": "! new concentration under {name}: vulnerable % of stock above LQ 1.5 or "
        "{threshold}% (the lowest concentrated {level} in {baseline})",
        "initial": "{name}: initial values {origin}",
    },
}


def _w(key: str, lang: str, **values: object) -> str:
    """A table word or line in the run's language (Dutch unless English)."""
    return _WORDS["en" if lang == "en" else "nl"][key].format(**values)


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
        console.print(f"[yellow]{tr('no store ({error}); scenario values only', error=exc)}[/]")
        frame = None
    initial = initial_state(frame, scenario)
    origin = origin_summary(initial, state.lang)
    line = _w("initial", state.lang, name=scenario.name, origin=origin)
    console.print(f"[dim]{line}[/]")
    return initial


def _cell(frame: pd.DataFrame, outcome: str, pct: bool, digits: int | None = None) -> pd.Series:
    """``mean [p05–p95]`` as text; shares as percentages."""
    import pandas as pd

    scale = 100 if pct else 1
    decimals = 1 if pct else 0 if digits is None else digits
    lang = state.settings().language
    m, lo, hi = (frame[(outcome, s)] * scale for s in ("mean", "p05", "p95"))

    def fmt(x: float) -> str:
        return format_number(x, lang, decimals)

    cells = [f"{fmt(a)} [{fmt(b)}–{fmt(c)}]" for a, b, c in zip(m, lo, hi, strict=True)]
    return pd.Series(cells, index=frame.index)


def _flat(result: ExperimentResult) -> pd.DataFrame:
    """The last year of every scenario as one numeric frame (for CSV and JSON)."""
    import pandas as pd

    base = result.initial[result.baseline]
    names = dict(zip(base.codes, base.names, strict=True))
    parts = []
    for name in result.names:
        regions = result.regions[name]
        last = regions.index.get_level_values("year").max()
        final = regions.xs(last, level="year").copy()
        final.columns = ["_".join(map(str, c)) if isinstance(c, tuple) else str(c) for c in final]
        final.insert(0, "name", [names.get(c, "") for c in final.index])
        final.insert(0, "year", last)
        final.insert(0, "scenario", name)
        parts.append(final.rename_axis("code").reset_index())
    return pd.concat(parts, ignore_index=True)


def _tables(result: ExperimentResult) -> None:
    import numpy as np
    import pandas as pd

    base = result.initial[result.baseline]
    names = dict(zip(base.codes, base.names, strict=True))
    lang = state.settings().language
    for name in result.names:
        regions = result.regions[name]
        last = regions.index.get_level_values("year").max()
        final = regions.xs(last, level="year")
        table = pd.DataFrame({_w("name", lang): [names[c] for c in final.index]}, index=final.index)
        # vulnerable households enter only through priority, so "vulnerable % of inflow"
        # and "priority % of lettings" are one number: shown once (issue 16)
        same = np.allclose(
            final[("priority_share", "mean")].to_numpy(float),
            final[("vulnerable_inflow_share", "mean")].to_numpy(float),
            equal_nan=True,
        )
        cols = {_w("stock", lang): ("vulnerable_share", True)}
        if same:
            cols[_w("inflow_same", lang)] = ("vulnerable_inflow_share", True)
        else:  # e.g. status holders without priority: they enter through the queue
            cols[_w("inflow", lang)] = ("vulnerable_inflow_share", True)
            cols[_w("priority", lang)] = ("priority_share", True)
        cols[_w("key_workers", lang, year=last)] = ("key_workers_housed", False)
        cols[_w("refused", lang, year=last)] = ("refused_permits", False)
        for label, (outcome, pct) in cols.items():
            table[label] = _cell(final, outcome, pct)
        title = _w("title", lang, name=name, year=last, runs=len(result.seeds))
        optional = (
            _w("refused", lang, year=last),
            _w("key_workers", lang, year=last),
            _w("priority", lang),
        )
        emit(table.rename_axis("code").reset_index(), title=title, language=lang, optional=optional)
    years = pd.DataFrame(
        {
            name: [f"{result.years[name][('dissimilarity', 'mean')].iloc[i]:.3f}" for i in (0, -1)]
            for name in result.names
        },
        index=[_w("d_start", lang), _w("d_end", lang)],
    )
    emit(years.reset_index(), title=tr("dissimilarity"), language=lang)
    for name in result.names:  # restructuring: what changed in the stock
        regions = result.regions[name]
        if ("demolished", "mean") not in regions.columns:
            continue
        done = {k: regions[(k, "mean")].sum() for k in ("demolished", "displaced", "built", "sold")}
        first = regions.index.get_level_values("year").min()
        stock = regions[("social_dwellings", "mean")].groupby(level="year").sum()
        counts = {k: format_number(v, lang, 0) for k, v in done.items()}
        line = _w(
            "restructuring",
            lang,
            name=name,
            years=result.scenarios[name].years,
            first=format_number(stock.loc[first], lang, 0),
            last=format_number(stock.iloc[-1], lang, 0),
            **counts,
        )
        console.print(line, highlight=False)
    years_run = {n: result.scenarios[n].years for n in result.names}
    for name, disp in result.displacement.items():
        table = pd.DataFrame({_w("name", lang): [names[c] for c in disp.index]}, index=disp.index)
        total = _w("delta_inflow", lang, years=years_run[name])
        table[total] = _cell(disp, "delta_vulnerable_inflow", False)
        table[_w("delta_stock", lang, year=last)] = _cell(
            disp, "delta_vulnerable_share_pp", False, 1
        )
        title = _w("waterbed", lang, name=name, baseline=result.baseline, years=years_run[name])
        emit(table.rename_axis("code").reset_index(), title=title, language=lang)
        _per_gemeente(disp, name, result.baseline, years_run[name], lang)
    _concentrations(result, names, lang)
    for name in result.names:
        for note in result.notes[name][:10]:
            console.print(f"[yellow]{name}:[/] {note}", highlight=False)


def _per_gemeente(disp: pd.DataFrame, name: str, baseline: str, years: int, lang: str) -> None:
    """The waterbed summed per gemeente, when the regions span more than one."""
    import pandas as pd

    from kloof.regions import parse

    gm = pd.Series([parse(c).parent_gm or c for c in disp.index], index=disp.index)
    if gm.nunique() < 2:
        return
    inflow = disp[("delta_vulnerable_inflow", "mean")].groupby(gm).sum()
    table = pd.DataFrame(
        {
            _w("gemeente", lang): inflow.index,
            _w("delta_inflow_mean", lang, years=years): [format_number(v, lang, 0) for v in inflow],
        }
    )
    title = _w("waterbed_gemeente", lang, name=name, baseline=baseline)
    emit(table, title=title, language=lang)


def _concentrations(result: ExperimentResult, names: dict[str, str], lang: str) -> None:
    """The wijken where a policy creates a new concentration (or a line saying none)."""
    import pandas as pd

    from kloof.housing import new_concentrations

    unit = result.scenarios[result.baseline].level  # wijk or buurt: what a region is
    for name, flagged in new_concentrations(result).items():
        if flagged.empty:
            line = _w("none", lang, name=name, level=unit, baseline=result.baseline)
            console.print(line, highlight=False)
            continue
        level = format_number(100 * float(flagged["level"].iloc[0]), lang, 1)
        table = pd.DataFrame(
            {
                _w("name", lang): [names.get(c, c) for c in flagged.index],
                f"{result.baseline} %": [
                    format_number(100 * v, lang, 1) for v in flagged["baseline_share"]
                ],
                f"{name} %": [
                    f"{format_number(100 * m, lang, 1)} [{format_number(100 * a, lang, 1)}–"
                    f"{format_number(100 * b, lang, 1)}]"
                    for m, a, b in flagged[["share", "share_p05", "share_p95"]].to_numpy()
                ],
                "LQ": [format_number(v, lang, 2) for v in flagged["location_quotient"]],
            },
            index=flagged.index,
        )
        title = _w("new", lang, name=name, threshold=level, level=unit, baseline=result.baseline)
        emit(table.rename_axis("code").reset_index(), title=title, language=lang)


@guarded
def simulate(
    scenario: Annotated[
        Path, typer.Argument(help="Scenario YAML, or a shipped name (zaanstad, ...).")
    ],
    compare: Annotated[
        list[Path] | None,
        typer.Option("--compare", "-c", help="Scenario(s) to compare with the baseline."),
    ] = None,
    runs: Annotated[
        int, typer.Option("--runs", "-n", min=1, max=10_000, help="Seeds per scenario.")
    ] = 20,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="XLSX workbook; a PNG chart is written next to it."),
    ] = None,
    parallel: Annotated[
        bool, typer.Option("--parallel/--serial", help="Run on Dask (KLOOF_DASK_ADDRESS).")
    ] = True,
    fmt: FormatOpt = "table",
) -> None:
    """Simuleer woningtoewijzing (simulate who gets which home, against a baseline)."""
    from kloof.housing import run_experiment
    from kloof.report.housing_charts import save_concentration_chart
    from kloof.report.housing_xlsx import write_experiment_xlsx

    fmt = check_format(fmt)
    scenarios = [_load(p) for p in [scenario, *(compare or [])]]
    initial = {s.name: _initial(s) for s in scenarios}
    settings = state.settings()
    with progress(tr("runs")) as bar:
        task = bar.add_task(tr("simulating"), total=runs * len(scenarios))

        def report(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        result = run_experiment(
            initial,
            scenarios,
            seeds=runs,
            parallel=parallel,
            address=settings.dask_address or None,
            progress=report,
        )
    if fmt == "table":
        _tables(result)
    else:
        emit(_flat(result), fmt=fmt)
    if output is not None:
        chart = save_concentration_chart(
            result, output.with_suffix(".png"), language=settings.language
        )
        write_experiment_xlsx(result, output, language=settings.language)
        console.print(f"→ {output} · {chart}", highlight=False)
