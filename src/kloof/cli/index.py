"""``kloof index``: build, explain, test and audit the composite index."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer

from kloof.cli._common import (
    console,
    data_years,
    fail,
    frame_table,
    guarded,
    index_years,
    state,
)
from kloof.errors import KloofWarning

app = typer.Typer(
    help="Samengestelde index: bouwen, uitleggen, onzekerheid (the composite index).",
    no_args_is_help=True,
)

SpecOpt = Annotated[Path | None, typer.Option("--spec", help="IndexSpec YAML file.")]
PresetOpt = Annotated[str, typer.Option("--preset", help="Preset: kloof, imd or svi.")]
YearOpt = Annotated[int | None, typer.Option(help="Year (default: latest with data).")]
LevelOpt = Annotated[str, typer.Option(help="gemeente, wijk or buurt.")]


def _spec(spec: Path | None, preset: str) -> Any:
    from kloof.index import IndexSpec

    if spec is None:
        return preset
    try:
        text = spec.read_text("utf-8")
    except OSError as exc:
        raise fail(f"{spec}: cannot read the spec ({exc.strerror})") from None
    return IndexSpec.from_yaml(text)


def _inputs(
    store: Any, year: int | None, level: str, spec: Any = "kloof"
) -> tuple[int, dict[str, Any], pd.Series]:
    """Frame, NL reference, parent frames and names of one level, as build() wants them."""
    years = data_years(store, level)
    if not years:
        raise fail(f"no {level} data in the store; run `kloof data import` first")
    if year is None:
        usable = index_years(store, level, spec)
        year = usable[-1] if usable else years[-1]
    if year not in years:
        raise fail(f"no {level} data for {year}; years with data: {years}")
    frame = store.frame(year, level)
    nl = store.frame(year, "land")
    parents = {"land": nl}
    if level in ("wijk", "buurt"):
        parents["gemeente"] = store.frame(year, "gemeente")
    if level == "buurt":
        parents["wijk"] = store.frame(year, "wijk")
    names = store.regions(year, level).set_index("code")["name"]
    kwargs = {
        "frame": frame,
        "reference": nl.iloc[0] if len(nl) else None,
        "parents": parents,
    }
    return year, kwargs, names


def _run_build(spec: Any, year: int, kwargs: dict[str, Any]) -> Any:
    from kloof import index

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", KloofWarning)
        result = index.build(
            kwargs["frame"],
            spec,
            reference=kwargs["reference"],
            parents=kwargs["parents"],
            year=year,
        )
    for w in caught:
        if issubclass(w.category, KloofWarning):
            console.print(f"[yellow]let op / note:[/] {w.message}")
    return result


@app.command()
@guarded
def presets() -> None:
    """Lijst van meegeleverde index-specificaties (shipped presets)."""
    from kloof.index import presets as p

    table = pd.DataFrame([{"preset": k, "title": v} for k, v in p.names().items()])
    console.print(frame_table(table, title="presets"))


@app.command()
@guarded
def build(
    year: YearOpt = None,
    level: LevelOpt = "wijk",
    spec: SpecOpt = None,
    preset: PresetOpt = "kloof",
    output: Annotated[
        Path | None, typer.Option(help="Write .csv, .parquet or .xlsx instead of a table.")
    ] = None,
    top: Annotated[int, typer.Option(help="Rows shown on screen (most vulnerable first).")] = 25,
) -> None:
    """Bouw de index voor elk gebied (build the index for every region of a level)."""
    from kloof.store.export import write_table

    the_spec = _spec(spec, preset)
    with state.store(read_only=True) as store:
        year, kwargs, names = _inputs(store, year, level, the_spec)
        with console.status(f"index {level} {year}"):
            result = _run_build(the_spec, year, kwargs)
    table = result.to_frame(names=names, include_screened=True, language=state.lang)
    scored = table[table["index"].notna()]
    console.print(
        f"{len(scored)} {level}en/regions scored, {len(result.screened)} screened out "
        f"(see column 'screened'); reference = 100, gap = index − 100"
    )
    if output is not None:
        extra = {
            "screened": result.screened,
            "log": pd.DataFrame([{"step": e.step, "message": e.message} for e in result.log]),
            "spec": pd.DataFrame({"yaml": result.spec.to_yaml().splitlines()}),
        }
        write_table(table, output, sheet="index", extra_sheets=extra)
        console.print(f"{len(table)} rijen / rows → {output}")
        return
    cols = ["code", "name", "index", *result.domains, "rank", "decile", "class_label", "gap"]
    shown = scored.sort_values("rank")[[c for c in cols if c in scored]]
    console.print(frame_table(shown, title=f"index {level} {year}", max_rows=top))


@app.command()
@guarded
def explain(
    code: Annotated[str, typer.Argument(help="CBS code of a gemeente, wijk or buurt.")],
    year: YearOpt = None,
    spec: SpecOpt = None,
    preset: PresetOpt = "kloof",
) -> None:
    """Waarom scoort dit gebied zo? (each indicator's contribution to the score)."""
    from kloof import regions

    parsed = regions.parse(code)
    the_spec = _spec(spec, preset)
    with state.store(read_only=True) as store:
        year, kwargs, names = _inputs(store, year, parsed.level, the_spec)
        result = _run_build(the_spec, year, kwargs)
    row = result.to_frame(names=names, include_screened=True, language=state.lang)
    row = row[row["code"] == parsed.code]
    if row.empty:
        raise fail(f"{parsed.code} is not in the {parsed.level} data of {year}")
    if row["index"].isna().all():
        raise fail(f"{parsed.code} was screened out: {row['screened'].iloc[0]}")
    r = row.iloc[0]
    console.print(
        f"[bold]{r['code']} {r.get('name') or ''}[/] {year}: index {r['index']:.1f} "
        f"(gap {r['gap']:+.1f}), rank {int(r['rank'])}, decile {int(r['decile'])}, "
        f"klasse {int(r['class'])} {r['class_label']}"
    )
    console.print(frame_table(result.explain(parsed.code), title="bijdragen / contributions"))


@app.command()
@guarded
def uncertainty(
    runs: Annotated[int, typer.Option(help="Monte Carlo replications.")] = 1000,
    year: YearOpt = None,
    level: LevelOpt = "wijk",
    spec: SpecOpt = None,
    preset: PresetOpt = "kloof",
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same result).")] = 1,
    focus: Annotated[
        int | None, typer.Option(help="Size of the focus set for P(in focus set).")
    ] = None,
    output: Annotated[Path | None, typer.Option(help=".csv, .parquet or .xlsx.")] = None,
) -> None:
    """Onzekerheid: 90%-intervallen van score en rang (Monte Carlo over method choices)."""
    from kloof import index
    from kloof.store.export import write_table

    the_spec = _spec(spec, preset)
    address = state.settings().dask_address or None
    with state.store(read_only=True) as store:
        year, kwargs, names = _inputs(store, year, level, the_spec)
    with console.status(f"{runs} replications, {level} {year}"), warnings.catch_warnings():
        warnings.simplefilter("ignore", KloofWarning)
        result = index.uncertainty(
            kwargs["frame"],
            the_spec,
            runs=runs,
            seed=seed,
            focus=focus,
            reference=kwargs["reference"],
            parents=kwargs["parents"],
            client=address,
        )
    table = result.to_frame()
    table.insert(1, "name", table["code"].map(names))
    if output is not None:
        write_table(table, output, sheet="uncertainty", extra_sheets={"design": result.design})
        console.print(f"{len(table)} rijen / rows → {output}")
        return
    console.print(frame_table(table.sort_values("rank"), title=f"uncertainty {level} {year}"))


@app.command()
@guarded
def audit(
    year: YearOpt = None,
    level: LevelOpt = "wijk",
    spec: SpecOpt = None,
    preset: PresetOpt = "kloof",
) -> None:
    """Fairness-audit: hangt de index samen met herkomst? (correlation with origin)."""
    from kloof import index

    the_spec = _spec(spec, preset)
    with state.store(read_only=True) as store:
        year, kwargs, _ = _inputs(store, year, level, the_spec)
        result = _run_build(the_spec, year, kwargs)
    report = index.audit(result, kwargs["frame"])
    console.print(frame_table(report.table, title=f"audit {level} {year}", max_rows=200))
    proxies = report.proxies()
    if len(proxies):
        console.print(f"[yellow]{len(proxies)} strong correlations (|r| ≥ 0.5) with origin[/]")
