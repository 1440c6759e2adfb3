"""``kloof data``: import, fetch, inspect and export the data in the store."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from kloof.cli._columns import domain_text, year_span
from kloof.cli._common import console, err_console, fail, guarded, state
from kloof.cli._output import FormatOpt, Rows, check_format, emit, format_number
from kloof.cli._texts import library_text, say, tr

if TYPE_CHECKING:
    from kloof.sources.cbs_odata import HttpOptions

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

    lang = state.lang
    for folder in (p for p in paths if p.is_dir()):
        for _path, why in discover(folder)[1]:
            err_console.print(
                f"[yellow]{say('skipped', lang)}[/] {escape(library_text(why, lang))}",
                soft_wrap=True,
            )
    plan = [(p, "mapping") for p in paths] if mapping else read_many(paths, year=year)
    if not plan:
        raise fail(say("nothing importable in {paths}", lang, paths=", ".join(map(str, paths))))
    batches = []
    with _progress() as progress:
        task = progress.add_task(say("reading", lang), total=len(plan))
        for path, kind in plan:
            reading = say("reading {name} ({kind})", lang, name=escape(path.name), kind=kind)
            progress.update(task, description=reading)
            batches.append(read(path, year=year, mapping=mapping))
            progress.advance(task)
    settings = state.settings()
    store = open_store(settings.store, create=True)
    try:
        with console.status(say("storing (one transaction)", lang)):
            reports = store.ingest_many(batches, partial=partial, replace=replace)
    finally:
        store.close()
    for (path, kind), batch, report in zip(plan, batches, reports, strict=True):
        _report_import(escape(path.name), kind, batch, report, lang)
    console.print(say("store: {path}", lang, path=escape(str(settings.store))))


def _report_import(name: str, kind: str, batch: Any, report: Any, lang: str) -> None:
    """What one file of ``kloof data import`` did, in the run's language."""
    if report.skipped:
        console.print(f"[yellow]=[/] {name}: {say('already imported', lang)}")
        return
    counts = say(
        "{regions} regions, {values} values, {geometries} geometries, {crosswalk} crosswalk rows",
        lang,
        regions=report.regions,
        values=report.observations,
        geometries=report.geometries,
        crosswalk=report.crosswalk,
    )
    console.print(f"[green]+[/] {name} \\[{kind}] {report.years}: {counts}")
    if report.changed:
        replaced = say(
            "{n} stored values replaced ({m} of them by missing)",
            lang,
            n=report.changed,
            m=report.blanked,
        )
        console.print(f"    [yellow]{replaced}[/]")
    if report.geometries_changed:
        reshaped = say(
            "{n} stored boundaries replaced by different shapes", lang, n=report.geometries_changed
        )
        console.print(f"    [yellow]{reshaped}[/]")
    if report.kept:
        kept = say(
            "{n} values already stored from a fuller publication kept (this file supplements them)",
            lang,
            n=report.kept,
        )
        console.print(f"    [dim]{kept}[/]")
    for note in batch.notes:
        console.print(f"    [dim]{escape(library_text(note, lang))}[/]")


@app.command()
@guarded
def fetch(
    table_ids: Annotated[
        list[str],
        typer.Argument(help="CBS table ids (85984NED), kwb or crime with --years, or cpi."),
    ],
    years: Annotated[
        str | None,
        typer.Option(help="With kwb or crime: the years, e.g. 2013-2024 (kwb: one table a year)."),
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
    from kloof.sources.cbs_odata import HttpOptions, fetch_table
    from kloof.store import open_store

    settings = state.settings()
    asked = [t.lower() for t in table_ids]
    http = HttpOptions(
        cache_dir=settings.cache_dir, timeout=settings.http_timeout, retries=settings.http_retries
    )
    if ("kwb" in asked or "crime" in asked) and years is None:
        raise typer.BadParameter(
            tr("kwb and crime need --years, e.g. --years 2013-2024"), param_hint="--years"
        )
    if "kwb" in asked:
        from kloof.sources.cbs_files import KWB_TABLES
        from kloof.sources.cbs_odata import kwb_years

        assert years is not None
        table_ids += [KWB_TABLES[y] for y in kwb_years(years)]
    table_ids = [t for t in table_ids if t.lower() not in ("kwb", "crime", "cpi")]
    labels = list(table_ids)
    batches = []
    with _progress() as progress:
        for table_id in table_ids:
            task = progress.add_task(tr("fetching {table}", table=escape(table_id)), total=None)

            def report(done: int, total: int | None, _task: TaskID = task) -> None:
                progress.update(_task, completed=done, total=total)

            batches.append(
                fetch_table(table_id, http=http, base_url=settings.odata_url, progress=report)
            )
        if "crime" in asked:
            from kloof.sources.police import CRIME_TABLE, fetch_crime

            assert years is not None
            chosen = _year_list(years)
            progress.add_task(tr("fetching {table}", table=f"{CRIME_TABLE} {years}"), total=None)
            batches += fetch_crime(chosen, http=http, base_url=settings.police_url)
            labels += [f"{CRIME_TABLE} {y}" for y in chosen]
    if "cpi" in asked:
        _fetch_cpi(settings, http, replace)
    if not batches:
        return
    store = open_store(settings.store, create=True)
    try:
        reports = store.ingest_many(batches, partial=partial, replace=replace)
    finally:
        store.close()
    for label, rep in zip(labels, reports, strict=True):
        lang = state.lang
        state_text = tr("already there") if rep.skipped else tr("{n} values", n=rep.observations)
        if rep.changed:
            state_text += ", " + say(
                "{n} stored values replaced ({m} of them by missing)",
                lang,
                n=rep.changed,
                m=rep.blanked,
            )
        console.print(f"{escape(label)}: {state_text}")
    for label, batch in zip(labels, batches, strict=True):
        for note in batch.notes:
            console.print(f"    [dim]{escape(label)}: {escape(library_text(note, state.lang))}[/]")


def _year_list(text: str) -> list[int]:
    """Years from ``2018-2024`` or ``2019,2021-2023``."""
    import re

    out: set[int] = set()
    for part in text.replace(" ", "").split(","):
        found = re.fullmatch(r"(\d{4})(?:-(\d{4}))?", part)
        if not found or int(found.group(2) or found.group(1)) < int(found.group(1)):
            raise typer.BadParameter(
                tr("{part!r} is not a year or a range such as 2018-2024", part=part)
            )
        out.update(range(int(found.group(1)), int(found.group(2) or found.group(1)) + 1))
    return sorted(out)


def _fetch_cpi(settings: Any, http: HttpOptions, replace: bool) -> None:
    from kloof.sources.cpi import fetch_cpi

    _store_cpi(fetch_cpi(http=http, base_url=settings.odata_url), replace)


def _store_cpi(index: Any, replace: bool) -> None:
    from kloof.store import open_store
    from kloof.store.prices import store_price_index

    settings = state.settings()
    store = open_store(settings.store, create=True)
    try:
        rep = store_price_index(store, index, replace=replace)
    finally:
        store.close()
    label = index.source.table_id or index.source.location
    if rep.skipped:
        console.print(f"{escape(label)}: {tr('already there')}")
    else:
        changed = tr(", {n} stored values replaced", n=rep.changed) if rep.changed else ""
        years = tr("CPI {base}, {n} years", base=index.base, n=len(rep.years))
        console.print(f"{escape(label)}: {years}{changed}")
    for note in index.notes:
        console.print(f"    [dim]{escape(library_text(note, state.lang))}[/]")


@app.command()
@guarded
def cpi(
    file: Annotated[
        Path | None, typer.Argument(help="CSV with year and cpi columns to import.")
    ] = None,
    base: Annotated[
        str | None, typer.Option(help="Index base when the header does not say (2015 = 100).")
    ] = None,
    replace: Annotated[
        bool, typer.Option(help="Allow stored values to be replaced (prints how many).")
    ] = False,
    fmt: FormatOpt = "table",
) -> None:
    """Consumentenprijsindex: importeer of toon (import or show the CPI)."""
    fmt = check_format(fmt)
    if file is not None:
        from kloof.sources.cpi import read_cpi_csv

        _store_cpi(read_cpi_csv(file, base=base), replace)
        return
    from kloof.store.prices import price_index

    with state.store(read_only=True) as store:
        index = price_index(store)
    if index is None:
        raise fail(tr("no CPI in the store: run `kloof data fetch cpi` or `kloof data cpi FILE`"))
    table = index.values.rename("cpi").reset_index()
    emit(table, fmt=fmt, title="CPI", language=state.lang)
    if fmt == "table":
        where = escape(index.source.location)
        console.print(f"[dim]{index.base}; {where}[/]", soft_wrap=True, highlight=False)


@app.command()
@guarded
def status(fmt: FormatOpt = "table") -> None:
    """Wat staat er in de store (years × levels × indicators, provenance)."""
    # plain rows from the store, printed without pandas: this command starts fast
    fmt = check_format(fmt)
    lang = state.lang
    with state.store(read_only=True) as store:
        summary = Rows(*store.status_rows())
        if not summary.rows:
            console.print(tr("the store is empty: run `kloof data import`."))
            return
        emit(summary, fmt=fmt, title=f"store {store.path}", language=lang)
        if fmt != "table":
            return
        sources = Rows(*store.sources_rows())
        shown = sources.select("source_id", "kind", "table_id", "years", "rows", "location")
        at = shown.columns.index("years")
        shown = Rows(
            shown.columns,
            [(*row[:at], year_span(row[at]), *row[at + 1 :]) for row in shown.rows],
        )
        # the kind is the first part of the source id: left out before the table id
        optional = ("location", "kind", "table_id")
        emit(shown, title=tr("sources"), language=lang, optional=optional)


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
    shown = _readable_units(
        obs.assign(
            value=[
                format_number(v, lang, decimals_for_unit(u))
                for v, u in zip(obs["value"], obs["unit"], strict=True)
            ]
        ),
        lang,
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

    fmt = check_format(fmt)
    table = catalogue.load().table(state.lang)
    if domain is not None:
        known = sorted({str(d) for d in table["domain"].dropna()})
        if domain not in known:
            raise typer.BadParameter(
                say(
                    "unknown domain {name}; use {choices}",
                    state.lang,
                    name=repr(domain)[:80],
                    choices=", ".join(known),
                ),
                param_hint="--domain",
            )
        table = table[table["domain"] == domain]
    if fmt == "table":  # units and directions in the run's language (data formats keep ids)
        words = [say(str(d).replace("_", " "), state.lang) for d in table["direction"]]
        kinds = [say(str(k), state.lang) for k in table["kind"]]
        domains = [domain_text(d, state.lang) for d in table["domain"]]
        table = _readable_units(table, state.lang).assign(
            direction=words, kind=kinds, domain=domains
        )
    emit(table, fmt=fmt, title=tr("catalogue"), language=state.lang)


def _readable_units(table: Any, lang: str) -> Any:
    """``table`` with its ``unit`` column in ``lang`` (the dashboard's unit texts)."""
    from kloof.report.i18n import unit_text

    return table.assign(unit=[unit_text(str(u), lang) for u in table["unit"]])


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
    console.print(tr("{n} rows → {path}", n=format_number(n, state.lang), path=output))
