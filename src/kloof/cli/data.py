"""``kloof data``: import, fetch, inspect and export the data in the store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from kloof.cli._common import console, err_console, fail, guarded, state
from kloof.cli._output import FormatOpt, check_format, emit, format_number
from kloof.cli._texts import tr

app = typer.Typer(
    help="Gegevens importeren en bekijken (import and inspect data).", no_args_is_help=True
)


def _progress() -> Progress:
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=console,
        transient=False,
        disable=not console.is_terminal,  # silent in pipes and CI (issue 17)
    )


@app.command("import")
@guarded
def import_(
    paths: Annotated[list[Path], typer.Argument(help="Files to import (format detected).")],
    year: Annotated[int | None, typer.Option(help="Year, when the file name does not say.")] = None,
    mapping: Annotated[
        Path | None, typer.Option(help="YAML mapping for your own CSV/XLSX/GeoJSON.")
    ] = None,
    partial: Annotated[
        bool,
        typer.Option(help="Accept a file whose own totals say that regions are missing."),
    ] = False,
    replace: Annotated[
        bool, typer.Option(help="Allow stored values to be replaced (prints how many).")
    ] = False,
) -> None:
    """Importeer bestanden in de store (import files; all or nothing).

    Every value is checked before anything is written (plausible ranges, whole counts,
    parts within totals, complete files, geometry inside the Netherlands); a stored
    value is only replaced with --replace.
    """
    from kloof.sources.detect import discover, read, read_many
    from kloof.store import open_store

    for folder in (p for p in paths if p.is_dir()):
        for _path, why in discover(folder)[1]:
            err_console.print(
                f"[yellow]overgeslagen / skipped[/] {escape(why)}",
                soft_wrap=True,
            )
    plan = [(p, "mapping") for p in paths] if mapping else read_many(paths, year=year)
    if not plan:
        raise fail("niets te importeren / nothing importable in " + ", ".join(map(str, paths)))
    batches = []
    with _progress() as progress:
        task = progress.add_task("lezen / reading", total=len(plan))
        for path, kind in plan:
            progress.update(task, description=f"lezen {escape(path.name)} ({kind})")
            batches.append(read(path, year=year, mapping=mapping))
            progress.advance(task)
    settings = state.settings()
    store = open_store(settings.store, create=True)
    try:
        with console.status("opslaan / storing (one transaction)"):
            reports = store.ingest_many(batches, partial=partial, replace=replace)
    finally:
        store.close()
    for (path, kind), batch, report in zip(plan, batches, reports, strict=True):
        name = escape(path.name)
        if report.skipped:
            console.print(f"[yellow]=[/] {name}: al geïmporteerd / already imported")
            continue
        console.print(
            f"[green]+[/] {name} \\[{kind}] {report.years}: {report.regions} regions, "
            f"{report.observations} values, {report.geometries} geometries, "
            f"{report.crosswalk} crosswalk rows"
        )
        if report.changed:
            console.print(
                f"    [yellow]{report.changed} stored values replaced "
                f"({report.blanked} of them by missing)[/]"
            )
        if report.kept:
            console.print(
                f"    [dim]{report.kept} values already stored from a fuller publication "
                "kept (this file supplements them)[/]"
            )
        for note in batch.notes:
            console.print(f"    [dim]{escape(note)}[/]")
    console.print(f"store: {escape(str(settings.store))}")


@app.command()
@guarded
def fetch(
    table_ids: Annotated[
        list[str], typer.Argument(help="CBS table ids, e.g. 85984NED, or kwb with --years.")
    ],
    years: Annotated[
        str | None,
        typer.Option(help="With kwb: the KWB years, e.g. 2013-2024 (one CBS table per year)."),
    ] = None,
    partial: Annotated[
        bool,
        typer.Option(help="Accept a table whose own totals say that regions are missing."),
    ] = False,
    replace: Annotated[
        bool, typer.Option(help="Allow stored values to be replaced (prints how many).")
    ] = False,
) -> None:
    """Haal tabellen op bij de CBS OData API (fetch CBS tables; cached on disk)."""
    from kloof.sources.cbs_odata import fetch_table
    from kloof.store import open_store

    settings = state.settings()
    if "kwb" in [t.lower() for t in table_ids]:
        from kloof.sources.cbs_files import KWB_TABLES
        from kloof.sources.cbs_odata import kwb_years

        if years is None:
            raise typer.BadParameter(
                "kwb needs --years, e.g. --years 2013-2024", param_hint="--years"
            )
        table_ids = [t for t in table_ids if t.lower() != "kwb"]
        table_ids += [KWB_TABLES[y] for y in kwb_years(years)]
    batches = []
    with _progress() as progress:
        for table_id in table_ids:
            task = progress.add_task(f"ophalen {escape(table_id)}", total=None)

            def report(done: int, total: int | None, _task: TaskID = task) -> None:
                progress.update(_task, completed=done, total=total)

            batches.append(
                fetch_table(
                    table_id,
                    base_url=settings.odata_url,
                    cache_dir=settings.cache_dir,
                    timeout=settings.http_timeout,
                    retries=settings.http_retries,
                    progress=report,
                )
            )
    store = open_store(settings.store, create=True)
    try:
        reports = store.ingest_many(batches, partial=partial, replace=replace)
    finally:
        store.close()
    for table_id, rep in zip(table_ids, reports, strict=True):
        state_text = "al aanwezig / already there" if rep.skipped else f"{rep.observations} values"
        if rep.changed:
            state_text += f", {rep.changed} stored values replaced ({rep.blanked} by missing)"
        console.print(f"{escape(table_id)}: {state_text}")
    for table_id, batch in zip(table_ids, batches, strict=True):
        for note in batch.notes:
            console.print(f"    [dim]{escape(table_id)}: {escape(note)}[/]")


@app.command()
@guarded
def status(fmt: FormatOpt = "table") -> None:
    """Wat staat er in de store (years × levels × indicators, provenance)."""
    fmt = check_format(fmt)
    lang = state.lang
    with state.store(read_only=True) as store:
        summary = store.status()
        if summary.empty:
            console.print(tr("the store is empty: run `kloof data import`."))
            return
        emit(summary, fmt=fmt, title=f"store {store.path}", language=lang)
        if fmt != "table":
            return
        sources = store.sources()[["source_id", "kind", "table_id", "years", "rows", "location"]]
        emit(sources, title=tr("sources"), language=lang, optional=("location", "table_id"))


@app.command()
@guarded
def show(
    code: Annotated[str, typer.Argument(help="CBS code, e.g. GM0363 or WK036301.")],
    year: Annotated[int | None, typer.Option(help="Only this year.")] = None,
    fmt: FormatOpt = "table",
) -> None:
    """Toon alle waarden van één gebied (all values of one region)."""
    from kloof import catalogue, regions
    from kloof.cli._output import decimals_for_unit

    fmt = check_format(fmt)
    cat = catalogue.load()
    parsed = regions.parse(code)
    with state.store(read_only=True) as store:
        obs = store.observations(parsed.code, year)
        if obs.empty:
            if year:
                raise fail(tr("no values for {code} in {year}", code=parsed.code, year=year))
            raise fail(tr("no values for {code}", code=parsed.code))
        names = store.regions(level=parsed.level)
        names = names[names["code"] == parsed.code]
    lang = state.lang
    title = parsed.code
    if len(names) and names["name"].notna().any():
        title += f" {names['name'].dropna().iloc[-1]} ({parsed.level})"
    obs = obs.assign(
        label=[cat[i].text(lang) if i in cat else i for i in obs["indicator"]],
        unit=[cat[i].unit if i in cat else "" for i in obs["indicator"]],
    )[["year", "indicator", "label", "value", "unit", "source_id"]]
    if fmt != "table":
        emit(obs, fmt=fmt)
        return
    shown = obs.assign(
        value=[
            format_number(v, lang, decimals_for_unit(u))
            for v, u in zip(obs["value"], obs["unit"], strict=True)
        ]
    )
    emit(
        shown,
        title=title,
        language=lang,
        optional=("source_id", "indicator"),
        record_key="label",
        record_fields=("value", "unit") if year else ("value", "unit", "year"),
    )


@app.command()
@guarded
def indicators(
    domain: Annotated[str | None, typer.Option(help="Only this domain.")] = None,
    fmt: FormatOpt = "table",
) -> None:
    """Lijst van indicatoren in de catalogus (the indicator catalogue)."""
    from kloof import catalogue

    table = catalogue.load().table(state.lang)
    if domain:
        table = table[table["domain"] == domain]
    emit(table, fmt=fmt, title=tr("catalogue"), language=state.lang)


@app.command()
@guarded
def export(
    output: Annotated[Path, typer.Argument(help="File: .csv, .parquet, .xlsx or .gpkg.")],
    year: Annotated[int, typer.Option(help="Year.")],
    level: Annotated[str, typer.Option(help="land, gemeente, wijk or buurt.")] = "gemeente",
    indicator: Annotated[
        list[str] | None, typer.Option("--indicator", "-i", help="Only these indicators.")
    ] = None,
) -> None:
    """Exporteer een tabel (export a region × indicator table for Excel or QGIS)."""
    from kloof.store.export import export_frame

    with state.store(read_only=True) as store:
        n = export_frame(
            store, output, year=year, level=level, indicators=indicator, language=state.lang
        )
    console.print(tr("{n} rows → {path}", n=n, path=output))
