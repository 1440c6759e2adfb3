"""``kloof allocate``: split a budget by a rule, explain it, compare it.

``kloof allocate RULE.yaml`` runs a rule (a file or a shipped scenario name) on the
recipients its ``data`` section names, built from the store: region levels straight
from :meth:`Store.frame`, areas aggregated from their wijken and buurten with
:func:`kloof.monitor.aggregate.aggregate` (counts summed, rates weighted). The need is
an indicator or an index score (``kloof.index``), transformed as the rule says.
``kloof allocate explain RULE.yaml RECIPIENT`` says why a recipient gets what it gets.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer
from typer.core import TyperGroup

from kloof.cli._common import console, frame_table, guarded, state
from kloof.errors import SpecError


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
    from kloof.allocation import SCENARIOS, AllocationRule, scenario

    path = Path(text)
    if path.is_file():
        try:
            return AllocationRule.from_yaml(path.read_text(encoding="utf-8"))
        except SpecError as exc:
            raise SpecError(f"{path}: {exc}") from None
    key = text.lower().replace("-", "").replace("_", "")
    if key in SCENARIOS:
        return scenario(key)
    raise SpecError(f"no rule file {text!r} and no scenario of that name ({', '.join(SCENARIOS)})")


def _amounts_csv(path: Path) -> pd.Series:
    """A previous allocation: CSV with ``recipient`` and ``amount`` columns (euros)."""
    try:
        frame = pd.read_csv(path, dtype={"recipient": str})
    except (OSError, ValueError) as exc:
        raise SpecError(f"{path}: cannot read: {exc}") from None
    lacking = {"recipient", "amount"} - set(frame.columns)
    if lacking:
        raise SpecError(f"{path}: needs the columns recipient and amount (lacks {sorted(lacking)})")
    return frame.set_index("recipient")["amount"].astype("float64")


# ---------------------------------------------------------------------- recipients
def _columns(rule: Any) -> list[str]:
    """Catalogue columns the rule needs from the store (besides population/households)."""
    from kloof.allocation.keys import CONSTANT, BasePlusVariableKey, GemeentefondsKey

    cols: list[str] = []
    for tier in rule.tiers:
        key = tier.key.variable if isinstance(tier.key, BasePlusVariableKey) else tier.key
        if isinstance(key, GemeentefondsKey):
            for m in key.measures:
                cols += [
                    c
                    for c in (m.column, m.base)
                    if c not in (CONSTANT, "population", "households", "need")
                ]
    if rule.need is not None and rule.need.indicator:
        cols.append(rule.need.indicator)
    return list(dict.fromkeys(cols))


def _store_columns(cols: list[str]) -> list[str]:
    """The columns plus the weights their aggregation needs."""
    from kloof import catalogue

    cat = catalogue.load()
    out = ["inhabitants", "households", *cols]
    for c in cols:
        if c in cat and cat[c].weight:
            out.append(str(cat[c].weight))
    return list(dict.fromkeys(out))


def _names(store: Any, year: int, level: str) -> pd.Series:
    regions = store.regions(year, level)
    return regions.set_index("code")["name"]


class _Levels:
    """Frames of one data year per level, with the need index column when the rule asks."""

    def __init__(self, store: Any, year: int, cols: list[str], index: str | None) -> None:
        self.store, self.year, self.cols, self.index = store, year, cols, index
        self._frames: dict[str, pd.DataFrame] = {}

    @property
    def columns(self) -> list[str]:
        return [*self.cols, "index"] if self.index else list(self.cols)

    def frame(self, level: str) -> pd.DataFrame:
        if level not in self._frames:
            frame = self.store.frame(self.year, level, self.cols)
            if self.index:
                frame["index"] = self._index(level).reindex(frame.index)
            self._frames[level] = frame
        return self._frames[level]

    def _index(self, level: str) -> pd.Series:
        from kloof import index

        full = self.store.frame(self.year, level)
        land = self.store.frame(self.year, "land")
        ref = land.iloc[0] if len(land) else None
        assert self.index is not None
        result = index.build(full, self.index, reference=ref, year=self.year)
        return result.scores["index"]


def _level_rows(levels: _Levels, src: Any) -> pd.DataFrame:
    from kloof.regions import parse

    year = levels.year
    frame = levels.frame(src.level).copy()
    if src.codes is not None:
        unknown = sorted(set(src.codes) - set(frame.index))
        if unknown:
            raise SpecError(f"recipients: {unknown[:8]} are no {src.level} of {year} in the store")
        frame = frame.loc[list(src.codes)]
    if src.exclude_gemeenten:
        gms = set(src.exclude_gemeenten)
        keep = [parse(c).parent_gm not in gms and c not in gms for c in frame.index]
        frame = frame[keep]
    names = _names(levels.store, year, src.level)
    frame.insert(0, "name", [names.get(c) or c for c in frame.index])
    frame.insert(1, "gemeente", [parse(c).parent_gm or c for c in frame.index])
    frame.insert(2, "codes", list(frame.index))
    return frame


def _area_rows(levels: _Levels, src: Any, notes: list[str]) -> pd.DataFrame:
    from kloof.monitor import areas as _areas
    from kloof.monitor.aggregate import Group, aggregate, score_rule

    year, cols = levels.year, levels.columns
    aset = (
        _areas.builtin(src.areas) if src.areas in _areas.list_builtin() else _areas.load(src.areas)
    )
    chosen = [aset[a] for a in src.codes] if src.codes is not None else list(aset)
    level_of = {"WK": "wijk", "BU": "buurt", "GM": "gemeente"}
    wanted = {level_of[c[:2]] for a in chosen for c in a.codes} or {"wijk"}
    parts = [levels.frame(lvl) for lvl in sorted(wanted)]
    frame = pd.concat([p for p in parts if len(p)])
    known = [a for a in chosen if a.codes]
    rules = {"index": score_rule()} if levels.index else None
    agg = aggregate(frame, [Group(a.id, a.codes) for a in known], columns=cols, rules=rules)
    out = agg.values.reindex([a.id for a in chosen])
    for a in known:
        if agg.absent.get(a.id):
            notes.append(f"{a.id}: codes not in the {year} data: {list(agg.absent[a.id])[:6]}")
    gm = levels.frame("gemeente")
    for a in chosen:
        row = out.loc[a.id]
        if a.codes and row.notna().all():
            continue
        if src.unknown_areas != "gemeente":
            raise SpecError(
                f"area {a.id!r} has no known CBS codes or no data in {year}; define it in your "
                "own area file, or set `unknown_areas: gemeente` to use its gemeente as a proxy"
            )
        out.loc[a.id] = _proxy(gm, a, cols)
        scaled = f"{a.population:,} residents" if a.population else "the gemeente's residents"
        notes.append(
            f"{a.id}: proxy from gemeente {a.gemeente} (rates as is, counts scaled to {scaled})"
        )
    out.insert(0, "name", [a.name for a in chosen])
    out.insert(1, "gemeente", [a.gemeente for a in chosen])
    proxied = {n.split(":")[0] for n in notes if ": proxy from gemeente" in n}
    out.insert(
        2, "codes", ["|".join(a.codes) if a.id not in proxied else a.gemeente for a in chosen]
    )
    return out


def _proxy(gm: pd.DataFrame, area: Any, cols: list[str]) -> pd.Series:
    from kloof import catalogue

    cat = catalogue.load()
    if area.gemeente not in gm.index:
        raise SpecError(f"area {area.id!r}: gemeente {area.gemeente} not in the store")
    row = gm.loc[area.gemeente, cols].astype("float64").copy()
    total = row.get("inhabitants")
    if area.population and total and total > 0:
        factor = area.population / total
        for c in cols:
            if c in cat and cat[c].kind == "count":
                row[c] = round(row[c] * factor)
    return row


def _need(store: Any, year: int, rule: Any, frame: pd.DataFrame) -> pd.Series:
    """The need column: an indicator or an index score, transformed as the rule says.

    Index scores are higher-is-better with NL = 100 (:mod:`kloof.index`): ``gap`` is
    :math:`\\max(0, 100 - s)`, ``ratio`` :math:`100 / s`; the raw score is refused.
    """
    from kloof import catalogue
    from kloof.allocation import transform_need

    spec = rule.need
    if spec.index is not None:
        direction: Any = spec.direction or "higher_is_better"
        reference = 100.0 if spec.reference is None else spec.reference
        values = frame["index"].to_numpy()
        out = transform_need(values, spec.transform, reference=reference, direction=direction)
        return pd.Series(out, index=frame.index, name="need")
    ind = spec.indicator
    cat = catalogue.load()
    direction = spec.direction or (cat[ind].direction if ind in cat else "higher_is_worse")
    if direction == "neutral":
        raise SpecError(f"need.indicator {ind!r} is neutral; give need.direction")
    reference = spec.reference
    if reference is None and spec.transform in ("gap", "ratio"):
        land = store.frame(year, "land", [ind])
        if land.empty or land[ind].isna().all():
            raise SpecError(f"no national value of {ind} in {year}; give need.reference")
        reference = float(land[ind].iloc[0])
    return pd.Series(
        transform_need(
            frame[ind].to_numpy(), spec.transform, reference=reference, direction=direction
        ),
        index=frame.index,
        name="need",
    )


def _latest_year(store: Any, cols: list[str]) -> int | None:
    """The latest year whose gemeente data has a value in every column the rule needs."""
    years = store.years()
    for year in reversed(years):
        frame = store.frame(year, "gemeente", cols) if cols else store.frame(year, "gemeente")
        if len(frame) and frame.notna().any().all():
            return int(year)
    return years[-1] if years else None


def build_recipients(
    store: Any, rule: Any, year: int | None = None
) -> tuple[pd.DataFrame, dict[str, str]]:
    """The recipients frame of a rule and its provenance (``notes`` joined by ``; ``)."""
    if rule.data is None:
        raise SpecError(f"rule {rule.name!r} has no data section saying where recipients come from")
    cols = _store_columns(_columns(rule))
    year = year or rule.data.year or _latest_year(store, cols)
    if year is None:
        raise SpecError("the store is empty: run `kloof data import` first")
    index = None if rule.need is None else rule.need.index
    levels = _Levels(store, year, cols, index)
    return _recipients(levels, rule)


def _recipients(levels: _Levels, rule: Any) -> tuple[pd.DataFrame, dict[str, str]]:
    store, year = levels.store, levels.year
    notes: list[str] = []
    parts = [
        _area_rows(levels, src, notes) if src.areas else _level_rows(levels, src)
        for src in rule.data.recipients
    ]
    frame = pd.concat(parts)
    if frame.index.has_duplicates:
        dup = sorted(set(frame.index[frame.index.duplicated()]))[:5]
        raise SpecError(f"recipients appear in two groups: {dup}")
    frame = frame.rename(columns={"inhabitants": "population"})
    if rule.need is not None:
        frame["need"] = _need(store, year, rule, frame)
    frame.index.name = "recipient"
    provenance = {
        "store": str(store.path),
        "data_year": str(year),
        "recipients": "; ".join(
            src.model_dump_json(exclude_defaults=True) for src in rule.data.recipients
        ),
        "need": "" if rule.need is None else rule.need.model_dump_json(exclude_defaults=True),
        "notes": "; ".join(notes),
        "source": "CBS Kerncijfers Wijken en Buurten via the kloof store (Bron: CBS)",
    }
    return frame, provenance


def index_draws(
    store: Any, rule: Any, frame: pd.DataFrame, year: int, *, runs: int, seed: int
) -> pd.DataFrame:
    """Monte Carlo draws of the need from the index engine's uncertainty analysis.

    For every level the recipients' codes use, :func:`kloof.index.uncertainty` draws
    ``runs`` index scores per region (method choices varied); an area's draw is the
    inhabitant-weighted mean of its members' draws; every draw is then transformed like
    the need column. Returns draws × recipients.
    """
    import numpy as np

    from kloof import index
    from kloof.allocation import transform_need

    spec = rule.need
    if spec is None or spec.index is None:
        raise SpecError("--runs needs a rule whose need is an index; for an indicator give --draws")
    level_of = {"GM": "gemeente", "WK": "wijk", "BU": "buurt"}
    members = {rid: str(codes).split("|") for rid, codes in frame["codes"].items()}
    land = store.frame(year, "land")
    ref = land.iloc[0] if len(land) else None
    scores: dict[str, pd.DataFrame] = {}
    weights: dict[str, pd.Series] = {}
    for level in sorted({level_of[c[:2]] for codes in members.values() for c in codes}):
        full = store.frame(year, level)
        unc = index.uncertainty(
            full, spec.index, runs=runs, seed=seed, reference=ref, keep_draws=True
        )
        assert unc.scores is not None
        scores[level] = pd.DataFrame(unc.scores, index=unc.table.index)
        weights[level] = full["inhabitants"]
    out = np.full((runs, len(frame)), np.nan)
    for j, rid in enumerate(frame.index):
        rows, w = [], []
        for code in members[rid]:
            level = level_of[code[:2]]
            if code in scores[level].index:
                rows.append(scores[level].loc[code].to_numpy(dtype="float64"))
                w.append(float(weights[level].get(code, np.nan)))
        if rows:
            x, ww = np.vstack(rows), np.nan_to_num(np.asarray(w), nan=0.0)
            ww = ww if ww.sum() > 0 else np.ones_like(ww)
            ok = np.isfinite(x)
            num = (np.where(ok, x, 0.0) * ww[:, None]).sum(axis=0)
            den = (ok * ww[:, None]).sum(axis=0)
            out[:, j] = np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)
    direction: Any = spec.direction or "higher_is_better"
    reference = 100.0 if spec.reference is None else spec.reference
    need = transform_need(out, spec.transform, reference=reference, direction=direction)
    return pd.DataFrame(need, columns=frame.index)


# ------------------------------------------------------------------------ running
def _allocate(
    rule: Any,
    frame: pd.DataFrame,
    prov: dict[str, str],
    previous: pd.Series | None,
    budget_year: int | None,
) -> Any:
    from kloof.allocation import allocate, allocate_schedule

    if not rule.is_schedule:
        return allocate(rule, frame, previous=previous, provenance=prov), None
    schedule = allocate_schedule(rule, frame, previous=previous, provenance=prov)
    years = list(rule.budgets)
    pick = years[0] if budget_year is None else budget_year
    if pick not in years:
        raise SpecError(f"--budget-year {pick}: the rule's schedule has {years}")
    return schedule.allocations[years.index(pick)], schedule


def _run_rule(text: str, year: int | None, previous: Path | None, budget_year: int | None) -> Any:
    rule = _rule(text)
    prev = _amounts_csv(previous) if previous else None
    with state.store(read_only=True) as store:
        frame, prov = build_recipients(store, rule, year)
    return _allocate(rule, frame, prov, prev, budget_year)


_NOT_MONEY = {"population", "need", "share_pct", "difference_pct", "p_change"}
_PER_RESIDENT = {"per_resident", "difference_per_resident"}


def _display(table: pd.DataFrame, cents: bool) -> pd.DataFrame:
    """Amounts as euro text for the console (the files keep the numbers).

    Numeric columns are money (tier pots, amounts, differences) unless listed in
    ``_NOT_MONEY``; per-resident columns get cents.
    """
    out = table.copy()
    for col in out.columns:
        if not pd.api.types.is_numeric_dtype(out[col].dtype) or col in _NOT_MONEY:
            continue
        decimals = 2 if cents or col in _PER_RESIDENT else 0
        out[col] = ["" if pd.isna(v) else f"€ {v:,.{decimals}f}" for v in out[col]]
    for col in ("share_pct", "difference_pct"):
        if col in out:
            out[col] = ["" if pd.isna(v) else f"{v:.2f}%" for v in out[col]]
    return out


def _print(result: Any) -> None:
    table = result.table()
    funded = table[table["amount"] > 0]
    title = f"{result.rule.name}: € {result.budget:,.0f}"
    if result.year:
        title += f" ({result.year})"
    shown = _display(funded if len(funded) < len(table) else table, result.rule.unit == "cent")
    console.print(frame_table(shown, title=title, max_rows=100))
    if len(funded) < len(table):
        console.print(f"{len(table) - len(funded)} of {len(table)} recipients receive nothing")
    for line in result.log:
        console.print(f"[dim]{line}[/]", markup=True, highlight=False)
    notes = result.provenance.get("notes")
    if notes:
        for note in notes.split("; "):
            console.print(f"! {note}", markup=False, highlight=False)


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
        typer.Option("--runs", help="Draw the need this many times from the index uncertainty."),
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of --runs.")] = 1,
    threshold: Annotated[
        float, typer.Option(help="Change (%) whose probability --draws/--runs reports.")
    ] = 10.0,
) -> None:
    """Verdeel het budget volgens RULE (allocate; CSV/XLSX by the extension of --output)."""
    from kloof.allocation import compare as compare_fn
    from kloof.allocation import robustness

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
    rob = None
    if draws is not None and runs is not None:
        raise SpecError("give --draws or --runs, not both")
    if draws is not None or runs is not None:
        if draws is not None:
            try:
                need_draws = pd.read_csv(draws)
            except (OSError, ValueError) as exc:
                raise SpecError(f"{draws}: cannot read: {exc}") from None
        else:
            assert runs is not None
            year_ = int(result.provenance["data_year"])
            with state.store(read_only=True) as store:
                need_draws = index_draws(
                    store, result.rule, result.recipients, year_, runs=runs, seed=seed
                )
        rob = robustness(
            result.rule,
            result.recipients,
            need_draws,
            threshold_pct=threshold,
            year=result.year,
            previous=result.previous,
        )
    _print(result)
    cents = result.rule.unit == "cent"
    if other_table is not None:
        title = f"winnaars en verliezers / winners and losers vs {other_table.attrs.get('other')}"
        console.print(frame_table(_display(other_table, cents), title=title, max_rows=100))
    if output is not None:
        _write(output, result, other_table, rob, schedule)
        console.print(f"→ {output}")


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
    table.to_csv(output, index=False)


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
    from kloof.allocation import explain

    result, _ = _run_rule(rule, year, previous, budget_year)
    text = explain(result, recipient, language=state.lang).text()
    console.print(text, markup=False, highlight=False)


@app.command("scenarios")
@guarded
def scenarios() -> None:
    """De meegeleverde scenario's (shipped scenarios)."""
    from kloof.allocation import SCENARIOS, scenario

    for key in SCENARIOS:
        rule = scenario(key)
        console.print(f"[bold]{key}[/]: {rule.name}", highlight=False)
        console.print(f"  {rule.description}", markup=False, highlight=False)


@app.command("show")
@guarded
def show(name: Annotated[str, typer.Argument(help="Scenario name.")]) -> None:
    """Print a scenario's YAML (copy it, edit it, run your own)."""
    from kloof.allocation.scenarios import scenario_text

    typer.echo(scenario_text(name), nl=False)


@app.command("keys")
@guarded
def keys() -> None:
    """De verdeelsleutels (the allocation keys of the registry)."""
    from kloof.allocation import KEYS

    rows = [(k, e.summary, e.example.model_dump_json()) for k, e in KEYS.items()]
    console.print(frame_table(pd.DataFrame(rows, columns=["key", "summary", "example"])))
