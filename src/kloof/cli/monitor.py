"""``kloof monitor``: programme areas, series, targets and effect evaluation.

The only place of the monitor that reads the store: it builds per-year frames and
crosswalks and hands them to the pure functions of :mod:`kloof.monitor`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape

from kloof.cli._columns import value_text
from kloof.cli._common import console, guarded, state
from kloof.cli._monitor_data import (
    PricesOpt,
    deflated,
    index_observations,
    money_note,
    size_text,
    task_gaps,
)
from kloof.cli._monitor_data import crosswalks as _crosswalks
from kloof.cli._monitor_data import frames as _frames
from kloof.cli._monitor_data import label as _label
from kloof.cli._monitor_data import series_title as _series_title
from kloof.cli._output import FormatOpt, check_format, check_indicators, emit, emit_text
from kloof.cli._texts import note_text, tr
from kloof.errors import SpecError

if TYPE_CHECKING:
    import pandas as pd

app = typer.Typer(
    help="Programma monitoren: gebieden, reeksen, doelen, effect (monitor the programme).",
    no_args_is_help=True,
)

#: Indicators shown by ``series`` when none are asked for (those present are used).
DEFAULT_INDICATORS = (
    "inhabitants",
    "bijstand_per_1000",
    "households_bottom40_pct",
    "income_per_inhabitant",
    "wmo_per_1000",
    "youth_care_pct",
    "age_65_plus_pct",
)
_LEVEL_OF = {"NL": "land", "GM": "gemeente", "WK": "wijk", "BU": "buurt"}

SetOpt = Annotated[str, typer.Option("--set", help="Built-in area set: nplv or dichtdekloof.")]
FileOpt = Annotated[
    Path | None, typer.Option("--file", help="Your own area YAML (overrides --set).")
]


def _areas(set_name: str, file: Path | None) -> Any:
    from kloof.app.files import read_area_set
    from kloof.monitor import areas

    return read_area_set(file) if file is not None else areas.builtin(set_name)


def _area(area_id: str, set_name: str, file: Path | None) -> Any:
    """An area of the set, or an ad-hoc area from a region code (``GM0599``)."""
    from kloof.monitor.areas import Area
    from kloof.regions import parse

    s = _areas(set_name, file)
    if area_id in s:
        return s[area_id]
    try:
        rc = parse(area_id)
    except Exception:
        raise SpecError(f"{area_id!r} is no area of {s.name!r} nor a region code") from None
    gm = rc.code if rc.level == "gemeente" else rc.parent_gm
    if gm is None:
        raise SpecError(f"{area_id!r}: give an area id, a gemeente, wijk or buurt code")
    return Area(rc.code.lower(), rc.code, "ad hoc", gm, 2024, (rc.code,))


@app.command()
@guarded
def areas(
    set_name: SetOpt = "nplv",
    file: FileOpt = None,
    yaml_out: Annotated[bool, typer.Option("--yaml", help="Print the set as YAML.")] = False,
    check: Annotated[
        int | None, typer.Option(help="Report area codes absent from the store in this year.")
    ] = None,
    fmt: FormatOpt = "table",
) -> None:
    """Toon de programmagebieden (list the areas of a set, with confidence notes)."""
    fmt = check_format(fmt)
    s = _areas(set_name, file)
    if yaml_out:
        emit_text(s.to_yaml())
        return
    table = s.table().reset_index()
    if fmt == "table":  # shown to people: the mark in the run's language (csv, json: data)
        from kloof.report.confidence import confidence_text

        table["confidence"] = [confidence_text(str(c), state.lang) for c in table["confidence"]]
    emit(
        table,
        fmt=fmt,
        title=tr("{name} (version {version})", name=s.name, version=s.version),
        language=state.lang,
        optional=("confidence", "programme", "year", "gemeente"),  # the same in most rows
    )
    if check is not None:
        with state.store(read_only=True) as store:
            have = set(store.regions(check)["code"])
        for a in s:
            absent = [c for c in a.codes if c not in have]
            if absent:
                missing = tr("not in {year}: {codes}", year=check, codes=", ".join(absent))
                console.print(f"[yellow]{a.id}[/]: {missing}", highlight=False)


@app.command()
@guarded
def series(
    area: Annotated[str, typer.Argument(help="Area id (e.g. rotterdam-zuid) or region code.")],
    indicator: Annotated[
        list[str] | None, typer.Option("--indicator", "-i", help="Indicator id(s).")
    ] = None,
    reference: Annotated[
        list[str] | None,
        typer.Option("--reference", "-r", help="rest_of_gemeente, rest_of_nl, nl, gemeente, g4"),
    ] = None,
    baseline: Annotated[int | None, typer.Option(help="Show values with this year = 100.")] = None,
    gemeente: Annotated[
        bool, typer.Option("--gemeente", help="Series of the area's gemeente instead.")
    ] = False,
    prices: PricesOpt = None,
    set_name: SetOpt = "nplv",
    file: FileOpt = None,
    fmt: FormatOpt = "table",
) -> None:
    """Reeks van een gebied en zijn referenties (series of an area and its references)."""
    from dataclasses import replace

    import pandas as pd

    fmt = check_format(fmt)
    from kloof import catalogue
    from kloof.monitor.aggregate import comparison_groups
    from kloof.monitor.series import build_series, relative_gap_allowed

    check_indicators(indicator or [], {i.id for i in catalogue.load().indicators})

    a = _area(area, set_name, file)
    if gemeente:
        a = replace(a, id=a.gemeente.lower(), name=a.gemeente, codes=(a.gemeente,))
    refs = reference or (["nl", "g4"] if gemeente else ["rest_of_gemeente", "rest_of_nl"])
    groups = comparison_groups(a, refs)
    levels = {"land", "gemeente"} | {_LEVEL_OF[c[:2]] for c in a.codes}
    with state.store(read_only=True) as store:
        frames = _frames(store, levels)
        if not frames:
            raise SpecError("the store is empty: run `kloof data import` first")
        xws = _crosswalks(store, sorted(frames), levels, a.year)
        frames, price_notes = deflated(store, frames, prices)
        prov = _provenance(store, levels, frames, prices)
    present = {c for f in frames.values() for c in f.columns}
    wanted = indicator or [i for i in DEFAULT_INDICATORS if i in present]
    result = build_series(
        frames, groups, to_year=a.year, indicators=wanted, crosswalks=xws, provenance=prov
    )
    about = tr("{id}, {n} codes, boundaries {year}", id=a.id, n=len(a.codes), year=a.year)
    console.print(f"[bold]{a.name}[/] ({about})", highlight=False)
    tables = []
    for ind in wanted:
        try:
            table = result.table(ind)
        except SpecError:
            console.print(f"[yellow]{ind}: {tr('no values')}[/]")
            continue
        if baseline is not None:
            table = result.rebased(ind, baseline)
        gap = result.gaps(ind, baseline=baseline)
        relative = baseline is None and relative_gap_allowed(ind)
        shown = table.reset_index()
        if shown.empty:  # no year with a value: say so, not an empty table
            console.print(f"[yellow]{ind}: {tr('no values')}[/]")
            continue
        for ref in refs:
            g = gap[gap["reference"] == ref].set_index("year")
            shown[f"gap_{ref}"] = shown["year"].map(g["gap"])
            if relative:
                shown[f"gap_{ref}_pct"] = shown["year"].map(g["gap_pct"])
        if fmt != "table":
            tables.append(shown.assign(indicator=ind))
            continue
        emit(
            shown,
            title=_series_title(ind, baseline, prices),
            language=state.lang,
            optional=[c for c in shown.columns if c.startswith("gap_")][::-1],
        )
    if tables:
        emit(pd.concat(tables, ignore_index=True), fmt=fmt)
    own = result.absent[result.absent["group"] == a.id]
    for year, codes in own.groupby("year")["code"].apply(list).items():
        absent = tr("area codes not in the data: {codes}", codes=", ".join(codes))
        console.print(f"[yellow]{year}: {absent}[/]", highlight=False)
    for note in (*price_notes, *result.notes):
        console.print(f"[dim]{escape(note_text(note, state.lang))}[/]", highlight=False)


def _provenance(store: Any, levels: set[str], frames: Any, prices: int | None) -> dict[str, str]:
    """Store, levels, years and price basis of the frames a result is computed from."""
    from kloof.app.provenance import store_provenance

    level = ", ".join(sorted(levels))
    return store_provenance(store, level=level, years=frames, prices=prices or "nominal")


@app.command()
@guarded
def tasks(
    area: Annotated[str, typer.Argument(help="Area id (e.g. rotterdam-zuid) or region code.")],
    prices: PricesOpt = None,
    set_name: SetOpt = "nplv",
    file: FileOpt = None,
    fmt: FormatOpt = "table",
) -> None:
    """De vijf opgaven: wat gemeten wordt en wat nog ontbreekt (the five NPLV tasks)."""
    fmt = check_format(fmt)
    from kloof.monitor.aggregate import comparison_groups
    from kloof.monitor.series import build_series
    from kloof.monitor.tasks import TASKS, task_view

    a = _area(area, set_name, file)
    refs = ["rest_of_gemeente", "g4", "nl"]
    groups = comparison_groups(a, refs)
    levels = {"land", "gemeente"} | {_LEVEL_OF[c[:2]] for c in a.codes}
    with state.store(read_only=True) as store:
        frames = _frames(store, levels)
        if not frames:
            raise SpecError("the store is empty: run `kloof data import` first")
        xws = _crosswalks(store, sorted(frames), levels, a.year)
        frames, price_notes = deflated(store, frames, prices)
        prov = _provenance(store, levels, frames, prices)
    wanted = [i for t in TASKS.values() for i in t.indicators]
    result = build_series(
        frames, groups, to_year=a.year, indicators=wanted, crosswalks=xws, provenance=prov
    )
    view = task_view(result, a.id, refs, language=state.lang)
    about = tr("{id}, {n} codes, boundaries {year}", id=a.id, n=len(a.codes), year=a.year)
    console.print(f"[bold]{a.name}[/] ({about})", highlight=False)
    data = view["status"] == "data"  # CSV and JSON keep the rows of what is missing
    shown = view[data].drop(columns=["status", "source", "route"]) if fmt == "table" else view
    if fmt == "table":  # indicators by their names (they wrap; ids would not)
        shown = shown.assign(indicator=shown["indicator"].map(_label))
    emit(
        shown,
        fmt=fmt,
        language=state.lang,
        optional=("trend", "gap_g4", "first_year"),
    )
    money_note(view.loc[data, "indicator"], prices, price_notes)
    task_gaps(view)


@app.command()
@guarded
def targets(
    file: Annotated[Path, typer.Argument(help="Targets YAML.")],
    as_of: Annotated[int | None, typer.Option(help="Status as of this year.")] = None,
    data: Annotated[
        Path | None,
        typer.Option(help="CSV subject,indicator,year,value instead of the store."),
    ] = None,
    prices: PricesOpt = None,
    set_name: SetOpt = "nplv",
    area_file: Annotated[Path | None, typer.Option("--areas", help="Your own area YAML.")] = None,
    fmt: FormatOpt = "table",
) -> None:
    """Status van doelen: op koers / risico / uit koers (status of targets)."""
    import pandas as pd

    from kloof.app.files import read_targets
    from kloof.monitor import targets as tg
    from kloof.monitor.aggregate import Group
    from kloof.monitor.series import build_series

    tset = read_targets(file)
    price_notes: tuple[str, ...] = ()
    if data is not None:  # a CSV's amounts are taken as given: in prices of --prices
        obs = pd.read_csv(data)
    else:
        s = _areas(set_name, area_file)
        names = {t.subject for t in tset.targets if t.subject} | {
            t.reference for t in tset.targets if t.reference
        }
        names |= {x for t in tset.targets for x in t.subjects}
        groups = []
        for n in sorted(x for x in names if x):
            if n in s:
                groups.append(Group(n, s[n].codes))
            elif n == "g4":
                from kloof.monitor.aggregate import G4

                groups.append(Group(n, G4))
            else:
                groups.append(Group(n, ("NL00",) if n == "nl" else (n.upper(),)))
        levels = {"land", "gemeente"} | {
            _LEVEL_OF.get(c[:2], "gemeente") for g in groups for c in g.plus
        }
        to_year = max((s[n].year for n in names if n in s), default=2024)
        with state.store(read_only=True) as store:
            frames = _frames(store, levels)
            xws = _crosswalks(store, sorted(frames), levels, to_year)
            frames, price_notes = deflated(store, frames, prices)
        inds = sorted({t.indicator for t in tset.targets} - {"index"})
        obs = build_series(frames, groups, to_year=to_year, indicators=inds, crosswalks=xws).values
        if any(t.indicator == "index" for t in tset.targets):
            obs = pd.concat([obs, index_observations(tset, _areas(set_name, area_file))])
    from kloof.monitor.prices import money_indicators, price_label

    money = money_indicators({t.indicator for t in tset.targets})
    report = tg.assess(tset, obs, as_of=as_of, nominal=() if prices is not None else money)
    cols = ["id", "subject", "baseline", "target", "year", "value", "status", "rule"]
    title = tr("{name} (version {version})", name=tset.name, version=tset.version)
    title += tr(", as of {year}", year=as_of) if as_of else ""
    if fmt == "table":  # statuses and rules in the run's language (data formats keep them)
        words = {c: [note_text(str(v), state.lang) for v in report[c]] for c in ("status", "rule")}
        report = report.assign(**words)
    if money and prices is not None:
        title += f"; {', '.join(money)}: {price_label(prices, state.lang)}"
    emit(report[cols], fmt=fmt, title=title, language=state.lang, optional=("rule",))
    for ind in sorted(money if prices is None else ()):
        line = tr(
            "{indicator}: nominal euros, not judged without the CPI; run `kloof data fetch "
            "cpi` and use --prices YEAR",
            indicator=ind,
        )
        console.print(f"[yellow]{line}[/]", highlight=False)
    for note in price_notes:
        console.print(f"[dim]{escape(note_text(note, state.lang))}[/]", highlight=False)


def _evaluation_panel(
    chosen: list[Any], s: Any, level: str, indicator: str, prices: int | None = None
) -> tuple[pd.DataFrame, tuple[str, ...], list[str], list[str], dict[str, str]]:
    """Panel, notes, treated, donors and provenance at ``level`` (``wijk``: the areas
    from their own wijken against non-programme wijken; ``gemeente``: whole gemeenten)."""
    from kloof.monitor.aggregate import Group
    from kloof.monitor.series import build_panel

    if level != "gemeente":
        s = s.known()  # at gemeente level an area's composition does not matter
    programme = {c for a in s for c in (a.codes if level != "gemeente" else (a.gemeente,))}
    to_year = chosen[0].year
    with state.store(read_only=True) as store:
        levels = {level} | {_LEVEL_OF[c[:2]] for a in chosen for c in a.codes}
        if level == "gemeente":
            levels = {"gemeente"}
        frames = _frames(store, levels)
        frames, price_notes = deflated(store, frames, prices)
        xws = _crosswalks(store, sorted(frames), levels, to_year)
        units = list(store.regions(to_year, level)["code"])
        prov = _provenance(store, levels, frames, prices)
    if level == "gemeente":
        treated = sorted({a.gemeente for a in chosen})
        groups: list[Group] = []
    else:
        treated = [a.id for a in chosen]
        groups = [Group(a.id, a.codes) for a in chosen]
    donors = [u for u in units if u not in programme]
    panel, notes = build_panel(
        frames,
        indicator,
        to_year=to_year,
        units=donors + [t for t in treated if t in units],
        groups=groups,
        crosswalks=xws,
    )
    return panel, (*price_notes, *notes), treated, donors, {**prov, "indicator": indicator}


@app.command()
@guarded
def evaluate(
    area: Annotated[str, typer.Argument(help="Area id, or 'all' for every known area.")],
    start: Annotated[int, typer.Option(help="First programme year.")] = 2022,
    indicator: Annotated[str, typer.Option("--indicator", "-i")] = "income_per_inhabitant",
    method: Annotated[str, typer.Option(help="did, synthetic or both.")] = "both",
    level: Annotated[
        str, typer.Option(help="auto (wijk where the data allow, else gemeente), wijk or gemeente.")
    ] = "auto",
    placebos: Annotated[int, typer.Option(help="In-space placebo draws.")] = 500,
    demean: Annotated[bool, typer.Option(help="De-meaned synthetic control.")] = False,
    seed: Annotated[int, typer.Option()] = 0,
    prices: PricesOpt = None,
    set_name: SetOpt = "nplv",
    file: FileOpt = None,
    fmt: FormatOpt = "table",
) -> None:
    """Werkt het? DiD en synthetische controle met placebo's (does it work?)."""
    import pandas as pd

    fmt = check_format(fmt)
    from kloof.monitor.evaluate import evaluate as run
    from kloof.monitor.panel import prepare

    if level not in ("auto", "wijk", "gemeente"):
        raise SpecError(f"--level is auto, wijk or gemeente, not {level!r}")
    from kloof.monitor.series import relative_gap_allowed

    if not relative_gap_allowed(indicator):
        raise SpecError(
            f"{indicator!r} is no rate or mean: an area's count cannot be compared with "
            "single wijken or gemeenten; evaluate a rate or a mean (e.g. bijstand_per_1000)"
        )
    s = _areas(set_name, file)
    chosen = list(s) if area == "all" else [_area(area, set_name, file)]
    used = "gemeente" if level == "gemeente" else "wijk"
    try:
        panel, notes, treated, donors, prov = _evaluation_panel(chosen, s, used, indicator, prices)
        if level == "auto":  # the wijk panel must carry the estimators
            prepare(panel, treated, start, donors=donors)
    except SpecError as exc:
        if level != "auto":
            raise
        used = "gemeente"
        why = tr(
            "not possible at wijk level ({why}); whole gemeenten instead",
            why=note_text(str(exc), state.lang),
        )
        console.print(f"[yellow]{why}[/]", highlight=False)
        panel, notes, treated, donors, prov = _evaluation_panel(chosen, s, used, indicator, prices)
    methods = ["did", "synthetic"] if method == "both" else [method]
    rows = []
    for m in methods:
        res = run(
            panel,
            treated,
            start,
            method=m,
            donors=donors,
            n_placebo=placebos,
            demean=demean,
            seed=seed,
            provenance=prov,
        )
        rows.append(res.summary())
        lang = state.lang
        console.print(f"[bold]{value_text(m, lang)}[/]: {size_text(res.size)}", highlight=False)
        console.print(f"  [bold]{res.verdict_text(lang)}[/]", highlight=False)
        for a in res.assumptions:
            assumed = escape(note_text(a, lang))
            console.print(f"  [dim]{tr('assumes:')} {assumed}[/]", highlight=False)
        for n in res.notes:
            console.print(f"  [yellow]{escape(note_text(n, lang))}[/]", highlight=False)
        if fmt != "table":
            continue
        name = value_text(m, state.lang)
        eff = res.effects.rename_axis("year").reset_index()
        emit(eff, title=tr("{method}: effect by year", method=name), language=state.lang)
        pt = res.placebo_time.rename_axis("start").reset_index()
        emit(pt, title=tr("{method}: in-time placebos", method=name), language=state.lang)
    table = pd.DataFrame(rows).drop(columns=["data"])
    if fmt == "table":  # method and verdict in words of the run's language
        table = table.assign(
            **{c: table[c].map(lambda v: value_text(v, state.lang)) for c in ("method", "verdict")}
        )
    plural = {"gemeente": "gemeenten", "wijk": "wijken"}[used]
    units = ", ".join(treated) if len(treated) <= 4 else f"{len(treated)} {plural}"
    title = tr(
        "{indicator}: {units} (treated: {level}), start {start}",
        indicator=indicator,
        units=units,
        level=tr("whole gemeenten")
        if used == "gemeente"
        else tr("the areas from their own wijken"),
        start=start,
    )
    emit(table, fmt=fmt, title=title, language=state.lang)
    money_note([indicator], prices, notes)
