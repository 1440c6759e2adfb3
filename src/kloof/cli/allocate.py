"""``kloof allocate``: split a budget by a rule, explain it, compare it.

``kloof allocate RULE.yaml`` runs a rule (a file or a shipped scenario name) on the
recipients its ``data`` section names, built from the store by
:func:`kloof.report.allocation_data.build_recipients` (the dashboard uses the same).
``kloof allocate explain RULE.yaml RECIPIENT`` says why a recipient gets what it gets.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from typer.core import TyperGroup

from kloof.cli._columns import value_text
from kloof.cli._common import console, guarded, state
from kloof.cli._output import FormatOpt, check_format, emit, emit_text, format_money
from kloof.cli._texts import header, note_text, say, tr
from kloof.errors import SpecError
from kloof.i18n import translate

if TYPE_CHECKING:
    import pandas as pd


class _RunByDefault(TyperGroup):
    """``kloof allocate RULE ...`` means ``kloof allocate run RULE ...``."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["run", *args]
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=_RunByDefault,
    help="Budget verdelen, uitleggen en vergelijken (allocate a budget, explain, compare). "
    "`kloof allocate RULE.yaml` runs a rule; RULE may be a file or a shipped scenario.",
    no_args_is_help=True,
)

RuleArg = Annotated[
    str, typer.Argument(help="Rule YAML file, or a scenario name (see `scenarios`).")
]
YearOpt = Annotated[
    int | None, typer.Option("--year", help="Data year (default: the rule's, else the latest).")
]
BudgetYearOpt = Annotated[
    int | None, typer.Option("--budget-year", help="Budget year of a schedule (default: first).")
]
PreviousOpt = Annotated[
    Path | None,
    typer.Option(
        "--previous", help="Previous allocation (CSV: recipient, amount) to dampen against."
    ),
]


# ------------------------------------------------------------------------ reading
def _rule(text: str) -> Any:
    from kloof.allocation import SCENARIOS, AllocationRule, scenario, scenario_key

    path = Path(text)
    if path.is_file():
        try:
            return AllocationRule.from_yaml(path.read_text(encoding="utf-8"))
        except SpecError as exc:
            raise SpecError(f"{path}: {exc}") from None
    key = scenario_key(text)
    if key is not None:
        return scenario(key)
    raise SpecError(
        tr(
            "no rule file {name} and no scenario of that name ({names})",
            name=repr(text),
            names=", ".join(SCENARIOS),
        )
    )


def _amounts_csv(path: Path) -> pd.Series:
    """A previous allocation: CSV with ``recipient`` and ``amount`` columns (euros)."""
    import pandas as pd

    try:
        frame = pd.read_csv(path, dtype={"recipient": str})
    except (OSError, ValueError) as exc:
        raise SpecError(f"{path}: cannot read: {exc}") from None
    lacking = {"recipient", "amount"} - set(frame.columns)
    if lacking:
        raise SpecError(f"{path}: needs the columns recipient and amount (lacks {sorted(lacking)})")
    return frame.set_index("recipient")["amount"].astype("float64")


# ------------------------------------------------------------------------ running
def _allocate(
    rule: Any,
    frame: pd.DataFrame,
    prov: dict[str, str],
    previous: pd.Series | None,
    budget_year: int | None,
) -> Any:
    from kloof.allocation import allocate_year

    try:
        return allocate_year(
            frame, rule, budget_year=budget_year, previous=previous, provenance=prov
        )
    except SpecError as exc:
        raise SpecError(f"--budget-year: {exc}") from None


def _run_rule(text: str, year: int | None, previous: Path | None, budget_year: int | None) -> Any:
    from kloof.report.allocation_data import build_recipients

    rule = _rule(text)
    prev = _amounts_csv(previous) if previous else None
    with state.store(read_only=True) as store:
        frame, prov = build_recipients(store, rule, year)
    return _allocate(rule, frame, prov, prev, budget_year)


_NOT_MONEY = {
    "population",
    "need",
    "share_pct",
    "difference_pct",
    "p_change",
    "p_change_pct",
    "width_pct",
}
_PER_RESIDENT = {"per_resident", "difference_per_resident"}


#: The winners-and-losers table (``--compare``) on a narrow terminal: these go first, so
#: that the two amounts and their difference stay.
_COMPARE_OPTIONAL = (
    "difference_per_resident",
    "population",
    "recipient",
    "difference_pct",
    "outcome",
)


def _emit(
    table: pd.DataFrame,
    title: str,
    cents: bool,
    fmt: str = "table",
    optional: list[str] | None = None,
) -> None:
    """A table of amounts: euros on screen (cents for per-resident columns), numbers in files.

    Numeric columns are money (tier pots, amounts, differences) unless listed in
    ``_NOT_MONEY``; per-resident columns get cents.
    """
    import pandas as pd

    money = [
        c
        for c in table.columns
        if pd.api.types.is_numeric_dtype(table[c].dtype) and c not in _NOT_MONEY
    ]
    lang = state.lang
    if any(c in _PER_RESIDENT for c in money) and not cents:
        table = table.copy()
        for col in _PER_RESIDENT & set(money):  # cents, as text: the other amounts are whole
            table[col] = [format_money(v, lang, 2) for v in table[col]]
        money = [c for c in money if c not in _PER_RESIDENT]
    if optional is None:
        optional = [c for c in table.columns if c not in ("recipient", "name", "amount")][::-1]
    emit(
        table,
        fmt=fmt,
        title=title,
        language=lang,
        money=money,
        money_decimals=2 if cents else 0,
        percent=[c for c in ("share_pct", "difference_pct") if c in table],
        decimals={"share_pct": 2, "difference_pct": 2},
        optional=optional,
        max_rows=100,
    )


def _print(result: Any, fmt: str) -> None:
    from kloof.report.allocation_notes import pick

    table = result.table()
    if fmt != "table":
        emit(table, fmt=fmt)
        return
    funded = table[table["amount"] > 0]
    lang = state.lang
    title = f"{result.rule.name}: {format_money(result.budget, lang)}"
    if result.year:
        title += f" ({result.year})"
    shown = funded if len(funded) < len(table) else table
    _emit(shown, title, result.rule.unit == "cent")
    if len(funded) < len(table):
        console.print(
            tr(
                "{n} of {total} recipients receive nothing",
                n=len(table) - len(funded),
                total=len(table),
            )
        )
    summary = _confidence_summary(table, lang)
    if summary:
        console.print(summary, markup=False, highlight=False)
    for line in result.log:
        console.print(f"[dim]{escape(note_text(line, lang))}[/]", markup=True, highlight=False)
    notes = pick(result.provenance, "notes", lang)
    if notes:
        for note in notes.split("; "):
            console.print(f"! {note}", markup=False, highlight=False)


def _confidence_summary(table: pd.DataFrame, lang: str) -> str:
    """One line: how many areas have each composition confidence; the low ones by name.

    The column can be dropped from a narrow table; this line always shows it.
    """
    from kloof.allocation.explain import LABELS

    if "confidence" not in table:
        return ""
    marks = table.loc[table["confidence"] != "", ["recipient", "confidence"]]
    if marks.empty:
        return ""
    parts = []
    for mark, rows in marks.groupby("confidence", sort=False):
        # high, medium, low, medium-high: the words of the dashboard's catalogue
        word = "-".join(translate(part, lang) for part in str(mark).split("-"))
        if str(mark).lower().startswith("low"):
            parts.append(f"{word}: {', '.join(rows['recipient'])}")
        else:
            parts.append(f"{word}: {len(rows)}")
    label = f"{LABELS['composition'][lang]}, {LABELS['confidence'][lang]}"
    return f"{label[0].upper()}{label[1:]}: " + " · ".join(parts)


@app.command("run")
@guarded
def run(
    rule: RuleArg,
    compare: Annotated[
        str | None,
        typer.Option(
            "--compare", help="Another rule (YAML/scenario) or a previous allocation (CSV)."
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write .csv or .xlsx.")
    ] = None,
    previous: PreviousOpt = None,
    year: YearOpt = None,
    budget_year: BudgetYearOpt = None,
    draws: Annotated[
        Path | None,
        typer.Option("--draws", help="Need draws (CSV: one column per recipient) for robustness."),
    ] = None,
    runs: Annotated[
        int | None,
        typer.Option(
            "--runs",
            help="Draw the need this many times: from its sampling error (Poisson) for an "
            "indicator, from the index uncertainty for an index.",
        ),
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of --runs.")] = 1,
    threshold: Annotated[
        float, typer.Option(help="Change (%) whose probability --draws/--runs reports.")
    ] = 10.0,
    fmt: FormatOpt = "table",
) -> None:
    """Verdeel het budget volgens RULE (allocate; CSV/XLSX by the extension of --output)."""
    import pandas as pd

    from kloof.allocation import compare as compare_fn
    from kloof.allocation import robustness
    from kloof.report.allocation_robustness import draws_text

    fmt = check_format(fmt)
    if output is not None and output.suffix.lower() not in (".csv", ".xlsx"):
        raise SpecError(f"--output {output}: use a .csv or .xlsx file")
    result, schedule = _run_rule(rule, year, previous, budget_year)
    other_table = None
    if compare:
        other: Any
        if compare.lower().endswith(".csv"):
            other, label = _amounts_csv(Path(compare)), Path(compare).stem
        else:
            other, _ = _run_rule(compare, year, None, budget_year)
            label = other.rule.name
        other_table = compare_fn(result, other, label=label)
    rob, how = None, ""
    if draws is not None and runs is not None:
        raise SpecError("give --draws or --runs, not both")
    if draws is not None or runs is not None:
        if draws is not None:
            try:
                sampled = pd.read_csv(draws)
            except (OSError, ValueError) as exc:
                raise SpecError(f"{draws}: cannot read: {exc}") from None
            how = str(draws)
        else:
            assert runs is not None
            year_ = int(result.provenance["data_year"])
            if runs < 2:
                raise SpecError(f"--runs {runs}: give at least 2 draws")
            with state.store(read_only=True) as store:
                sampled, _ = _need_draws(store, result, year_, runs, seed)
            how = draws_text(result, sampled, state.lang)
        rob = robustness(
            result.recipients,
            result.rule,
            sampled,
            threshold_pct=threshold,
            year=result.year,
            previous=result.previous,
        )
    _print(result, fmt)
    if rob is not None and fmt == "table":
        _print_robustness(rob, how)
    cents = result.rule.unit == "cent"
    if other_table is not None and fmt == "table":
        title = tr("winners and losers vs {other}", other=other_table.attrs.get("other"))
        shown = other_table.assign(
            outcome=[value_text(v, state.lang) for v in other_table["outcome"]]
        )
        _emit(shown, title, cents, optional=[c for c in _COMPARE_OPTIONAL if c in shown])
    if output is not None:
        _write(output, result, other_table, rob, schedule)
        console.print(f"→ {output}", highlight=False)


def _need_draws(store: Any, result: Any, year: int, runs: int, seed: int) -> Any:
    """Need draws for --runs (see :func:`kloof.report.allocation_data.need_draws`)."""
    from kloof.report.allocation_data import need_draws

    return need_draws(store, result.rule, result.recipients, year, runs=runs, seed=seed)


def _print_robustness(rob: Any, how: str) -> None:
    from kloof.report.allocation_robustness import robustness_table

    lang = state.lang
    table = robustness_table(rob)
    title = tr(
        "{level} interval of the amounts over {runs} need draws",
        level=f"{rob.level:.0%}",
        runs=len(rob.amounts),
    )
    emit(
        table,
        title=title,
        language=lang,
        money=["baseline", "low", "high"],
        percent=["width_pct", "p_change_pct"],
        decimals={"width_pct": 1, "p_change_pct": 0},
        optional=["name", "baseline", "width_pct"],
        headers={
            "baseline": header("amount"),
            "low": f"{50 * (1 - rob.level):g}%",
            "high": f"{100 - 50 * (1 - rob.level):g}%",
            "width_pct": tr("width"),
            "p_change_pct": f"P(>{rob.threshold_pct:g}%)",
        },
        max_rows=100,
    )
    console.print(f"[dim]{how}[/]", markup=True, highlight=False)
    if rob.infeasible:
        console.print(
            tr("{n} draws were infeasible and left out", n=rob.infeasible), highlight=False
        )


def _write(output: Path, result: Any, other: pd.DataFrame | None, rob: Any, schedule: Any) -> None:
    if output.suffix.lower() == ".xlsx":
        from kloof.report.allocation_xlsx import write_allocation_xlsx

        write_allocation_xlsx(
            output, result, compare=other, robustness=rob, schedule=schedule, language=state.lang
        )
        return
    table = result.table()
    if schedule is not None:
        years = schedule.table().add_prefix("amount_")
        table = table.join(years, on="recipient")
    if other is not None:
        extra = other.set_index("recipient")[
            ["other", "difference", "difference_pct", "difference_per_resident", "outcome"]
        ]
        table = table.join(extra, on="recipient")
    if rob is not None:
        table = table.join(rob.summary[["low", "high", "p_change"]], on="recipient")
    output.parent.mkdir(parents=True, exist_ok=True)
    from kloof.store.export import write_table

    write_table(table, output, language=state.lang)


@app.command("explain")
@guarded
def explain_cmd(
    rule: RuleArg,
    recipient: Annotated[str, typer.Argument(help="Recipient id or name.")],
    previous: PreviousOpt = None,
    year: YearOpt = None,
    budget_year: BudgetYearOpt = None,
) -> None:
    """Waarom krijgt RECIPIENT dit bedrag (why € X: the breakdown of one amount)."""
    from dataclasses import replace

    from kloof.allocation import explain
    from kloof.report.confidence import confidence_text, wrap_lines

    result, _ = _run_rule(rule, year, previous, budget_year)
    ex = explain(result, recipient, language=state.lang)
    ex = replace(ex, confidence=confidence_text(ex.confidence, state.lang))
    emit_text(wrap_lines(ex.text(), max(console.width, 40)))


@app.command("scenarios")
@guarded
def scenarios(fmt: FormatOpt = "table") -> None:
    """De meegeleverde scenario's (shipped scenarios)."""
    import pandas as pd

    from kloof.allocation import SCENARIOS, scenario

    rows = [(key, scenario(key).name, scenario(key).describe(state.lang)) for key in SCENARIOS]
    frame = pd.DataFrame(rows, columns=["scenario", "name", "description"])
    emit(frame, fmt=fmt, language=state.lang, record_key="scenario")


@app.command("show")
@guarded
def show(name: Annotated[str, typer.Argument(help="Scenario name.")]) -> None:
    """Print a scenario's YAML (copy it, edit it, run your own)."""
    from kloof.allocation.scenarios import scenario_text

    typer.echo(scenario_text(name), nl=False)


@app.command("keys")
@guarded
def keys(fmt: FormatOpt = "table") -> None:
    """De verdeelsleutels (the allocation keys of the registry)."""
    import pandas as pd

    from kloof.allocation import KEYS

    lang = state.lang
    rows = [(k, say(e.summary, lang), e.example.model_dump_json()) for k, e in KEYS.items()]
    frame = pd.DataFrame(rows, columns=["key", "summary", "example"])
    emit(frame, fmt=fmt, language=state.lang, optional=("example",))
