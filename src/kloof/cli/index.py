"""``kloof index``: build, explain, test and audit the composite index."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kloof.cli._columns import domain_labels, value_text
from kloof.cli._common import (
    console,
    fail,
    guarded,
    state,
)
from kloof.cli._index_data import LEVELS as LEVELS
from kloof.cli._index_data import inputs as _inputs
from kloof.cli._index_data import run_build as _run_build
from kloof.cli._index_data import spec as _spec
from kloof.cli._output import (
    FormatOpt,
    check_format,
    check_output,
    emit,
    emit_text,
    format_number,
    note,
    working,
)
from kloof.cli._texts import header, note_text, tr
from kloof.errors import KloofWarning
from kloof.i18n import N_

if TYPE_CHECKING:
    pass

app = typer.Typer(
    help="Samengestelde index: bouwen, uitleggen, onzekerheid (the composite index).",
    no_args_is_help=True,
)

SpecOpt = Annotated[Path | None, typer.Option("--spec", help="IndexSpec YAML file.")]
PresetOpt = Annotated[str, typer.Option("--preset", help="Preset: kloof, imd or svi.")]
YearOpt = Annotated[int | None, typer.Option(help="Year (default: latest with data).")]
LevelOpt = Annotated[str, typer.Option(help="gemeente, wijk or buurt.")]


@app.command()
@guarded
def presets(fmt: FormatOpt = "table") -> None:
    """Lijst van meegeleverde index-specificaties (shipped presets)."""
    import pandas as pd

    from kloof.index import presets as p

    lang = state.lang
    rows = [{"preset": k, "title": p.load(k).title_in(lang)} for k in p.names()]
    emit(pd.DataFrame(rows), fmt=fmt, title=tr("presets"), language=lang)


@app.command()
@guarded
def build(
    year: YearOpt = None,
    level: LevelOpt = "wijk",
    spec: SpecOpt = None,
    preset: PresetOpt = "kloof",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write .csv, .parquet or .xlsx instead of a table."),
    ] = None,
    top: Annotated[
        int, typer.Option(min=1, help="Rows shown on screen (most vulnerable first).")
    ] = 25,
    fmt: FormatOpt = "table",
) -> None:
    """Bouw de index voor elk gebied (build the index for every region of a level)."""
    import pandas as pd

    from kloof.store.export import provenance, write_table

    fmt = check_format(fmt)
    check_output(output, (".csv", ".parquet", ".xlsx"))
    lang = state.lang
    the_spec = _spec(spec, preset)
    with state.store(read_only=True) as store:
        year, kwargs, names = _inputs(store, year, level, the_spec)
        with working(tr("index {level} {year}", level=level, year=year)):
            result = _run_build(the_spec, year, kwargs)
        words = ("Index", "Year", "Level") if lang == "en" else ("Index", "Jaar", "Niveau")
        fields = dict(zip(words, (result.spec.name, year, level), strict=True))
        about = provenance(store, year, lang, **fields) if output is not None else []
    table = result.to_frame(names=names, include_screened=True, language=lang)
    scored = table[table["index"].notna()]
    console.print(
        tr(
            "{scored} regions scored, {screened} screened out (the reason is in column "
            "'screened' of --format csv and --output); reference = 100, gap = index − 100",
            scored=format_number(len(scored), lang),
            screened=format_number(len(result.screened), lang),
        ),
        highlight=False,
    )
    if output is not None:
        extra = {
            "screened": result.screened,
            "log": pd.DataFrame([{"step": e.step, "message": e.message} for e in result.log]),
            "spec": pd.DataFrame({"yaml": result.spec.to_yaml().splitlines()}),
        }
        write_table(table, output, sheet="index", extra_sheets=extra, language=lang, about=about)
        console.print(
            tr("{n} rows → {path}", n=format_number(len(table), state.lang), path=output),
            highlight=False,
        )
        return
    if fmt != "table":
        emit(table, fmt=fmt)
        return
    cols = ["code", "name", "index", *result.domains, "rank", "decile", "class_label", "gap"]
    shown = scored.sort_values("rank")[[c for c in cols if c in scored]]
    emit(
        shown,
        title=tr("index {level} {year}", level=level, year=year),
        language=lang,
        decimals={c: 1 for c in ["index", "gap", *result.domains]},
        optional=["gap", *reversed(result.domains), "decile"],
        max_rows=top,
        headers=domain_labels(result.spec, lang),
    )


@app.command()
@guarded
def explain(
    code: Annotated[str, typer.Argument(help="CBS code of a gemeente, wijk or buurt.")],
    year: YearOpt = None,
    spec: SpecOpt = None,
    preset: PresetOpt = "kloof",
    fmt: FormatOpt = "table",
) -> None:
    """Waarom scoort dit gebied zo? (each indicator's contribution to the score)."""
    from kloof import regions

    fmt = check_format(fmt)
    parsed = regions.parse(code)
    the_spec = _spec(spec, preset)
    with state.store(read_only=True) as store:
        year, kwargs, names = _inputs(store, year, parsed.level, the_spec)
        result = _run_build(the_spec, year, kwargs)
    row = result.to_frame(names=names, include_screened=True, language=state.lang)
    row = row[row["code"] == parsed.code]
    if row.empty:
        raise fail(
            tr(
                "{code} is not in the {level} data of {year}",
                code=parsed.code,
                level=parsed.level,
                year=year,
            )
        )
    if row["index"].isna().all():
        why = note_text(str(row["screened"].iloc[0]), state.lang)
        raise fail(tr("{code} was screened out: {reason}", code=parsed.code, reason=why))
    r = row.iloc[0]
    lang = state.lang
    contributions = result.explain(parsed.code)
    if fmt != "table":
        emit(contributions, fmt=fmt)
        return
    gap = format_number(r["gap"], lang, 1)
    emit_text(
        f"{r['code']} {r.get('name') or ''} {year}: index {format_number(r['index'], lang, 1)} "
        f"({'+' if r['gap'] > 0 else ''}{gap}), "
        + tr(
            "rank {rank}, decile {decile}, class {cls} {label}",
            rank=format_number(int(r["rank"]), lang),
            decile=int(r["decile"]),
            cls=int(r["class"]),
            label=r["class_label"],
        )
    )
    if "domain" in contributions:  # the names of domains and indicators, not their ids
        from kloof import catalogue

        cat, names = catalogue.load(), domain_labels(result.spec, lang)
        contributions = contributions.assign(
            domain=contributions["domain"].map(names.get),
            indicator=[cat[i].text(lang) if i in cat else i for i in contributions["indicator"]],
        )
    if "direction" in contributions:  # higher_is_worse: the dashboard's words
        words = [tr(str(d).replace("_", " ")) for d in contributions["direction"]]
        contributions = contributions.assign(direction=words)
    emit(
        contributions,
        title=tr("contributions"),
        language=lang,
        decimals={"weight": 3},
        optional=(
            "reference_normalised",
            "direction",
            "filled",
            "reliability",
            "imputed",
            "flag",
            "domain_contribution",
            "raw",
            "weight",
            "normalised",
        ),
    )


@app.command()
@guarded
def uncertainty(
    runs: Annotated[int, typer.Option(min=1, max=100_000, help="Monte Carlo replications.")] = 1000,
    year: YearOpt = None,
    level: LevelOpt = "wijk",
    spec: SpecOpt = None,
    preset: PresetOpt = "kloof",
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same result).")] = 1,
    focus: Annotated[
        int | None, typer.Option(min=1, help="Size of the focus set for P(in focus set).")
    ] = None,
    output: Annotated[Path | None, typer.Option(help=".csv, .parquet or .xlsx.")] = None,
    fmt: FormatOpt = "table",
) -> None:
    """Onzekerheid: 90%-intervallen van score en rang (Monte Carlo over method choices)."""
    from kloof import index
    from kloof.store.export import write_table

    fmt = check_format(fmt)
    check_output(output, (".csv", ".parquet", ".xlsx"))
    the_spec = _spec(spec, preset)
    address = state.settings().dask_address or None
    with state.store(read_only=True) as store:
        year, kwargs, names = _inputs(store, year, level, the_spec)
    label = tr("{n} replications, {level} {year}", n=runs, level=level, year=year)
    with working(label), warnings.catch_warnings():
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
        write_table(
            table,
            output,
            sheet="uncertainty",
            extra_sheets={"design": result.design},
            language=state.lang,
        )
        console.print(
            tr("{n} rows → {path}", n=format_number(len(table), state.lang), path=output),
            highlight=False,
        )
        return
    emit(
        table.sort_values("rank"),
        fmt=fmt,
        title=tr("uncertainty {level} {year}", level=level, year=year),
        language=state.lang,
        optional=[c for c in _UNCERTAIN if c in table] + [c for c in table if c not in _KEPT],
        max_rows=60,
    )


#: Columns of ``index uncertainty`` left out first on a narrow terminal: the interval of
#: the score (p5, p95) stays longest, never one bound without the other's column before it.
_UNCERTAIN = (
    "mean_rank_shift",
    "index_median",
    "rank_median",
    "rank_width",
    "p_bottom_decile",
    "p_focus",
    "rank_p95",
    "rank_p05",
    "index_p95",
    "index_p05",
)
_KEPT = ("code", "name", "index", "rank", *_UNCERTAIN)


@app.command()
@guarded
def audit(
    year: YearOpt = None,
    level: LevelOpt = "wijk",
    spec: SpecOpt = None,
    preset: PresetOpt = "kloof",
    fmt: FormatOpt = "table",
) -> None:
    """Fairness-audit: hangt de index samen met herkomst? (correlation with origin)."""
    from kloof import index

    fmt = check_format(fmt)
    the_spec = _spec(spec, preset)
    with state.store(read_only=True) as store:
        year, kwargs, _ = _inputs(store, year, level, the_spec)
        result = _run_build(the_spec, year, kwargs)
    report = index.audit(result, kwargs["frame"])
    table = report.table
    if fmt == "table":  # the score's and the strength's words, not their ids
        from kloof import catalogue

        cat = catalogue.load()
        names = {"index": tr("Index"), **domain_labels(result.spec, state.lang)}
        table = table.assign(
            score=[names.get(str(v), v) for v in table["score"]],
            indicator=[cat[i].text(state.lang) if i in cat else i for i in table["indicator"]],
            strength=[value_text(v, state.lang) for v in table["strength"]],
        )
    emit(
        table,
        fmt=fmt,
        title=tr("audit {level} {year}", level=level, year=year),
        language=state.lang,
        optional=("weighted_pearson", "pearson"),
    )
    proxies = report.proxies()
    if len(proxies):
        console.print(
            f"[yellow]{tr('{n} strong correlations (|r| ≥ 0.5) with origin', n=len(proxies))}[/]"
        )


@app.command()
@guarded
def validate(
    against: Annotated[
        str | None,
        typer.Option(help="Area set: nplv, dichtdekloof or an areas YAML file."),
    ] = "nplv",
    reference: Annotated[
        Path | None,
        typer.Option(help="Reference table (CSV/XLSX) keyed by 'code' or 'pc4'."),
    ] = None,
    column: Annotated[str | None, typer.Option(help="Value column of the reference table.")] = None,
    reference_higher: Annotated[
        str, typer.Option(help="Reference: 'worse' or 'better' (what a higher value means).")
    ] = "better",
    year: YearOpt = None,
    level: LevelOpt = "wijk",
    spec: SpecOpt = None,
    preset: PresetOpt = "kloof",
    output: Annotated[Path | None, typer.Option(help=".csv or .xlsx.")] = None,
    fmt: FormatOpt = "table",
) -> None:
    """Valideer de index tegen officiële gebieden (validate against official areas)."""
    import pandas as pd

    from kloof.report.validation import reference_on, validate_result
    from kloof.sources.reference import read_reference
    from kloof.store.export import write_table

    fmt = check_format(fmt)
    if reference_higher not in ("worse", "better"):
        raise typer.BadParameter("choose 'worse' or 'better'", param_hint="--reference-higher")
    check_output(output, (".csv", ".xlsx"))
    ref_values = None
    if reference is not None:
        ref_values, ref_key = read_reference(reference, column)
    the_spec = _spec(spec, preset)
    notes: list[str] = []
    with state.store(read_only=True) as store:
        year, kwargs, _ = _inputs(store, year, level, the_spec)
        buurt = store.frame(year, "buurt") if level == "wijk" else None
        if ref_values is not None:
            ref_values, ref_note = reference_on(store, ref_values, ref_key, level, year)
            notes.append(ref_note)
            if reference_higher == "better":
                ref_values = -ref_values
        with working(tr("index {level} {year}", level=level, year=year)):
            result = _run_build(the_spec, year, kwargs)
    residents = pd.to_numeric(kwargs["frame"]["inhabitants"], errors="coerce")
    buurt_res = None
    if buurt is not None and "inhabitants" in buurt:
        buurt_res = pd.to_numeric(buurt["inhabitants"], errors="coerce")
    check = validate_result(
        result, residents, buurt_residents=buurt_res, against=against, reference=ref_values
    )
    for n in [*notes, *check.notes]:
        note(note_text(n, state.lang))
    if len(check.table) and not check.table["n_members"].any() and ref_values is None:
        raise fail(
            tr(
                "no {level} region lies for at least half in the areas of {against}; "
                "validate at a finer level (--level wijk)",
                level=level,
                against=check.against,
            )
        )
    table = check.table.reset_index() if len(check.table) else pd.DataFrame()
    ref = check.reference.reset_index() if len(check.reference) else pd.DataFrame()
    if output is not None:
        extra = {"reference": ref} if len(ref) else {}
        write_table(
            table if len(table) else ref,
            output,
            sheet="validation",
            extra_sheets=extra,
            language=state.lang,
        )
        note(tr("{n} rows → {path}", n=format_number(len(table), state.lang), path=output))
        return
    lang = state.lang
    if len(table):
        table["worst_decile_share"] = 100.0 * table["worst_decile_share"]
        table = table.rename(columns={"worst_decile_share": "worst_decile_pct"})
    if len(table) and fmt != "table":
        emit(table, fmt=fmt)
    elif len(table):
        from kloof import catalogue

        cat = catalogue.load()
        domains = domain_labels(result.spec, lang)

        def measure_label(m: str) -> str:
            kind, _, key = m.partition(":")
            if kind == "domain":
                return f"{tr('domain')}: {domains.get(key, key)}"
            if kind == "indicator":
                return cat[key].text(lang) if key in cat else key
            return f"{result.spec.name}-index"

        for cohort in dict.fromkeys(table["cohort"]):
            part = table[table["cohort"] == cohort].drop(columns="cohort")
            part = part.assign(measure=part["measure"].map(measure_label))
            emit(
                part,
                title=tr(
                    "validation {preset} {level} {year} against {against} ({cohort})",
                    preset=result.spec.name,
                    level=level,
                    year=year,
                    against=check.against,
                    cohort=_cohort(cohort),
                ),
                language=lang,
                decimals={"auc": 3, "auc_within": 3, "worst_decile_pct": 1},
                optional=["n_members", "n"],
            )
            s = check.summary(cohort)
            beats = [k for k in ("auc", "auc_within", "worst_decile_share") if s[f"beats_{k}"]]
            shown = {"worst_decile_share": "worst_decile_pct"}
            note(
                tr(
                    "{cohort}: the index beats every single indicator on {k} of 3 "
                    "figures ({which})",
                    cohort=_cohort(cohort),
                    k=len(beats),
                    which=", ".join(header(shown.get(b, b)) for b in beats) or "-",
                ),
                style=None,
            )
    if len(ref):
        emit(
            ref,
            fmt=fmt,
            title=tr("agreement with {file}", file=reference.name if reference else ""),
            language=lang,
            decimals={"spearman": 3, "kendall": 3},
        )


#: Validation cohorts (``all``, ``before 2022``, ``joined 2022``) → English message id.
_COHORTS = {
    "all": N_("all areas"),
    "before": N_("in the programme before"),
    "joined": N_("joined in"),
}


def _cohort(name: str) -> str:
    """A validation cohort (``all``, ``before 2022``, ``joined 2022``) in the run's language."""
    word, _, year = name.partition(" ")
    return (tr(_COHORTS.get(word, word)) + (f" {year}" if year else "")).strip()
