"""Budget allocation on the dashboard (:mod:`kloof.allocation`).

Page ``/verdeling``: choose a shipped scenario (:data:`kloof.allocation.SCENARIOS`),
edit its key in a GET form (total budget, need weight α, base amount, floor, cap; see
:func:`kloof.report.allocation_data.edit_rule`), and see the amounts, why one recipient
gets what it gets (:func:`kloof.allocation.explain`), the winners and losers against the
unedited scenario (:func:`kloof.allocation.compare`), a chart with its table, and the
robustness of the amounts: a 90% interval per recipient and the probability of a change
above 10% over draws of the need
(:func:`kloof.report.allocation_robustness.need_robustness`, the ``--runs`` intervals of
``kloof allocate``; a bounded number of draws, the draws cached per scenario and year,
the result cached for the unedited key). Recipients come from the store through
:func:`kloof.report.allocation_data.build_recipients`, exactly as ``kloof allocate``
builds them.

API ``/api/v1/allocations`` (the scenarios) and ``/api/v1/allocations/{scenario}``
(the amounts, with the same edits as query parameters; ``format=csv|xlsx`` for the
downloads, the workbook of :func:`kloof.report.allocation_xlsx.write_allocation_xlsx`).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any, Literal

import pandas as pd
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, Response

from kloof.allocation.explain import line_label
from kloof.errors import SpecError
from kloof.report.charts import format_money
from kloof.report.figures import responsive_bar_chart
from kloof.report.frames import FrameCache
from kloof.report.i18n import texts
from kloof.web.context import cache_of, cached_json, lang_of, page
from kloof.web.tables import to_csv

__all__ = ["PAGES", "allocation", "router"]

router = APIRouter(tags=["allocation"])
#: Dashboard pages of this capability (shown in the main menu).
PAGES: list[dict[str, str]] = [
    {"path": "/verdeling", "nav": "allocation", "nl": "Verdeling", "en": "Allocation"}
]
#: Recipients shown in the chart.
CHART_TOP = 20
#: Recipients shown in the robustness table (the largest amounts; the XLSX has all).
ROBUST_TOP = 40
#: Labels of the robustness section (page-local, so the shared texts stay untouched).
ROBUST_TEXT: dict[str, dict[str, str]] = {
    "nl": {
        "title": "Robuustheid",
        "caption": "{level} interval van de bedragen ({shown} van {n} ontvangers, grootste "
        "bedragen eerst)",
        "width": "breedte interval",
        "none": "Geen robuustheid berekend: {reason}",
        "infeasible": "{n} trekkingen waren onhaalbaar en zijn weggelaten.",
    },
    "en": {
        "title": "Robustness",
        "caption": "{level} interval of the amounts ({shown} of {n} recipients, largest "
        "amounts first)",
        "width": "interval width",
        "none": "No robustness computed: {reason}",
        "infeasible": "{n} draws were infeasible and left out.",
    },
}

Budget = Annotated[float | None, Query(gt=0, le=1e12, description="Total budget (euros).")]
BudgetYear = Annotated[
    int | None, Query(ge=1900, le=2200, description="Budget year of a schedule (default: first).")
]
Alpha = Annotated[float | None, Query(ge=0, le=10, description="Need exponent α.")]
Base = Annotated[float | None, Query(ge=0, le=1e11, description="Base amount per recipient.")]
Floor = Annotated[float | None, Query(ge=0, le=1e11, description="Floor per recipient (euros).")]
Cap = Annotated[float | None, Query(ge=0, le=1e12, description="Cap per recipient (euros).")]
#: A number typed in the page's form: empty means "as in the scenario".
FormNumber = Annotated[str | None, Query(max_length=40)]
Recipient = Annotated[str | None, Query(max_length=200, description="Recipient to explain.")]


def _scenario(name: str) -> tuple[str, Any]:
    from kloof.allocation import SCENARIOS, scenario, scenario_key

    key = scenario_key(name)
    if key is None:
        known = ", ".join(SCENARIOS)
        raise HTTPException(404, f"no allocation scenario {name!r}; known: {known}")
    return key, scenario(key)


def _recipients(cache: FrameCache, key: str, rule: Any) -> tuple[pd.DataFrame, dict[str, str]]:
    from kloof.report.allocation_data import build_recipients

    # the lock of cached() also guards the store connection build_recipients uses
    return cache.cached(("allocation-recipients", key), lambda: build_recipients(cache, rule))


def _allocate(rule: Any, frame: pd.DataFrame, prov: dict[str, str], year: int | None) -> Any:
    from kloof.allocation import allocate_year

    return allocate_year(frame, rule, budget_year=year, provenance=prov)[0]


def allocation(
    cache: FrameCache, name: str, edits: dict[str, Any], budget_year: int | None = None
) -> dict[str, Any]:
    """The unedited (cached) and the edited allocation of scenario ``name``.

    Returns ``key, rule, original, result`` (:class:`~kloof.allocation.Allocation`),
    ``edited`` (whether any edit was given), ``editable`` (the rule's current values) and
    ``budget_year`` (``None`` for a one-year rule).
    """
    from kloof.report.allocation_data import edit_rule, editable

    key, rule = _scenario(name)
    given = {k: v for k, v in edits.items() if v is not None}
    if not rule.is_schedule:
        budget_year = None  # a one-year rule has one budget

    def compute() -> dict[str, Any]:
        frame, prov = _recipients(cache, key, rule)
        original = cache.cached(
            ("allocation", key, budget_year), lambda: _allocate(rule, frame, prov, budget_year)
        )
        if given:
            changed = edit_rule(rule, budget_year=budget_year, **given)
            result = _allocate(changed, frame, prov, budget_year)
        else:
            changed, result = rule, original
        return {
            "key": key,
            "rule": changed,
            "original": original,
            "result": result,
            "edited": bool(given),
            "editable": editable(rule),
            "budget_year": budget_year,
        }

    return compute()  # edits are not cached: any number of them can be asked for


def _winners(found: dict[str, Any], label: str) -> pd.DataFrame:
    from kloof.allocation import compare

    if not found["edited"]:
        return pd.DataFrame()
    table = compare(found["result"], found["original"], label=label)
    return table[table["outcome"] != "unchanged"]


def _robustness(cache: FrameCache, found: dict[str, Any]) -> dict[str, Any]:
    """The shown allocation's robustness (:func:`~kloof.report.allocation_robustness.cached`)."""
    from kloof.report.allocation_robustness import cached

    key, year = found["key"], found["budget_year"]
    return cached(cache, (key, year), found["original"], found["result"], found["edited"])


def _notes(result: Any, lang: str) -> list[str]:
    """The composition notes (proxy, imputed counts) in the reader's language."""
    from kloof.report.allocation_notes import pick

    return [n for n in pick(result.provenance, "notes", lang).split("; ") if n]


def _explanation(result: Any, recipient: str | None, lang: str) -> Any:
    from kloof.allocation import explain

    table = result.table()
    if recipient is None:
        recipient = str(table.sort_values("amount", ascending=False)["recipient"].iloc[0])
    return explain(result, recipient, language=lang)


def _page_year(name: str, year: int | None, lang: str) -> tuple[int | None, str]:
    """The budget year the page shows and why an asked year is ignored (``""`` if not).

    A one-year rule has one budget, so any year is ignored (with a note); a schedule
    shows the asked year when it has one, else its first year (with a note). The API
    keeps refusing an unknown year (400): a program should not get another year silently.
    """
    _, rule = _scenario(name)
    t = texts(lang)
    if not rule.is_schedule:
        note = "" if year is None else t["budget_year_none"].format(year=year)
        return None, note
    years = [y for y in rule.budgets if y is not None]
    if year in years:
        return year, ""
    note = (
        ""
        if year is None
        else t["budget_year_ignored"].format(year=year, years=", ".join(map(str, years)))
    )
    return years[0], note


def _number(name: str, text: str | None, high: float, *, positive: bool = False) -> float | None:
    """A form field as a number (``None`` when empty); ``1.234.567`` and ``1,5`` are read
    the Dutch way when unambiguous."""
    if text is None or not text.strip():
        return None
    raw = text.strip().replace(" ", "").replace("€", "")
    if raw.count(".") > 1 or ("," in raw and "." in raw and raw.index(".") < raw.index(",")):
        raw = raw.replace(".", "")
    raw = raw.replace(",", ".")
    try:
        value = float(raw)
    except ValueError:
        raise SpecError(f"{name}: {text!r} is not a number") from None
    if not (value > 0 if positive else value >= 0) or not value <= high:
        raise SpecError(f"{name}: {text!r} must lie between 0 and {high:,.0f}")
    return value


def _edits(
    budget: float | None,
    alpha: float | None,
    base: float | None,
    floor: float | None,
    cap: float | None,
) -> dict[str, Any]:
    return {"budget": budget, "alpha": alpha, "base": base, "floor": floor, "cap": cap}


@router.get("/verdeling", response_class=HTMLResponse, include_in_schema=False)
def verdeling(
    request: Request,
    scenario: Annotated[str, Query(max_length=60)] = "pmg2025",
    budget: FormNumber = None,
    budget_year: FormNumber = None,
    alpha: FormNumber = None,
    base: FormNumber = None,
    floor: FormNumber = None,
    cap: FormNumber = None,
    recipient: Recipient = None,
) -> Response:
    """Amounts, one explanation, winners and losers and a chart of one scenario."""
    from kloof.allocation import SCENARIOS
    from kloof.allocation import scenario as load

    cache = cache_of(request)
    lang = lang_of(request)
    edits = _edits(
        _number("budget", budget, 1e12, positive=True),
        _number("alpha", alpha, 10),
        _number("base", base, 1e11),
        _number("floor", floor, 1e11),
        _number("cap", cap, 1e12),
    )
    number = _number("budget_year", budget_year, 2200)
    year, year_note = _page_year(scenario, None if number is None else int(number), lang)
    found = allocation(cache, scenario, edits, year)
    result = found["result"]
    table = result.table()
    funded = table[table["amount"] > 0].sort_values("amount", ascending=False)
    explanation = _explanation(result, recipient, lang)
    top = funded.dropna(subset=["per_resident"]).head(CHART_TOP)
    chart_title = texts(lang)["chart_allocation"].format(n=len(top))
    chart = responsive_bar_chart(
        [str(n) for n in top["name"]],
        list(top["per_resident"]),
        title=chart_title,
        highlight=None,
        language=lang,
        formatter=lambda v: format_money(v, lang, 2),
    )
    robust = _robustness(cache, found)
    if robust["rob"] is not None:
        from kloof.report.allocation_robustness import draws_text

        order = funded["recipient"].astype(str).tolist()
        ranged = robust["table"].set_index("recipient").reindex(order).dropna(subset=["low"])
        robust["rows"] = ranged.reset_index().head(ROBUST_TOP)
        robust["n"] = len(ranged)
        robust["how"] = draws_text(result, robust["draws"], lang)
    query = {k: v for k, v in {**edits, "budget_year": year}.items() if v is not None}
    download = f"/api/v1/allocations/{found['key']}?" + "&".join(
        f"{k}={v:.15g}" if isinstance(v, float) else f"{k}={v}" for k, v in query.items()
    )
    return page(
        request,
        "allocation.html",
        nav="allocation",
        scenarios=[(k, load(k).name) for k in SCENARIOS],
        key=found["key"],
        rule=found["rule"],
        result=result,
        editable=found["editable"],
        edits=edits,
        budget_year=year,
        budget_years=[y for y in found["rule"].budgets if y is not None],
        amounts=funded,
        unfunded=len(table) - len(funded),
        total=float(table["amount"].sum()),
        explanation=explanation,
        line_label=lambda item: line_label(item, lang),
        money=lambda value, decimals=0: format_money(value, lang, decimals),
        winners=_winners(found, texts(lang)["unedited"]),
        chart=chart,
        chart_rows=top,
        chart_title=chart_title,
        notes=_notes(result, lang),
        year_note=year_note,
        log=result.log,
        download=download.rstrip("?"),
        robust=robust,
        robust_text=ROBUST_TEXT["en" if lang == "en" else "nl"],
    )


@router.get("/api/v1/allocations", summary="Shipped allocation scenarios")
def allocations_api(request: Request) -> Response:
    """Per scenario: id, name, description, budget(s), recipients' sources and what the
    dashboard can edit (with the current values)."""
    from kloof.allocation import SCENARIOS, scenario
    from kloof.report.allocation_data import editable

    def compute() -> dict[str, Any]:
        rows = []
        for key in SCENARIOS:
            rule = scenario(key)
            rows.append(
                {
                    "id": key,
                    "name": rule.name,
                    "description": rule.description,
                    "budgets": {str(y): v for y, v in rule.budgets.items()},
                    "unit": rule.unit,
                    "tiers": [t.name for t in rule.tiers],
                    "editable": editable(rule),
                }
            )
        return {"scenarios": rows, "total": len(rows)}

    return cached_json(request, compute)


@router.get(
    "/api/v1/allocations/{scenario}",
    summary="Amounts of an allocation scenario, optionally edited",
    responses={
        200: {
            "content": {
                "text/csv": {},
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {},
            }
        }
    },
)
def allocation_api(
    request: Request,
    scenario: Annotated[str, PathParam(max_length=60)],
    budget: Budget = None,
    budget_year: BudgetYear = None,
    alpha: Alpha = None,
    base: Base = None,
    floor: Floor = None,
    cap: Cap = None,
    recipient: Recipient = None,
    format: Literal["json", "csv", "xlsx"] = "json",
    robustness: Annotated[
        bool, Query(description="Add the 90% interval and P(change > 10%) per recipient.")
    ] = False,
) -> Response:
    """Recipients with name, population, need, amount, per resident and share; the
    explanation of ``recipient``; winners and losers against the unedited scenario when
    an edit is given; with ``robustness=true`` each funded recipient's interval over
    draws of the need (as on the page). ``format=csv`` or ``xlsx`` downloads the amounts
    (the workbook also has the explanations, the winners and losers, the robustness and
    the rule)."""
    lang = lang_of(request)
    cache = cache_of(request)
    found = allocation(cache, scenario, _edits(budget, alpha, base, floor, cap), budget_year)
    result = found["result"]
    winners = _winners(found, "unedited")
    if format == "csv":
        body = to_csv(result.table(), lang)
        return Response(
            body,
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="verdeling-{found["key"]}.csv"'},
        )
    if format == "xlsx":
        from kloof.report.allocation_xlsx import write_allocation_xlsx

        robust = _robustness(cache, found)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "verdeling.xlsx"
            write_allocation_xlsx(
                path,
                result,
                compare=winners if found["edited"] else None,
                robustness=robust["rob"],
                language=lang,
            )
            body = path.read_bytes()
        return Response(
            body,
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={
                "Content-Disposition": f'attachment; filename="verdeling-{found["key"]}.xlsx"'
            },
        )
    explanation = _explanation(result, recipient, lang) if recipient else None
    from kloof.report.allocation_robustness import robustness_json

    asked = _robustness(cache, found) if robustness else None

    def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
        return frame.astype(object).where(frame.notna(), None).to_dict(orient="records")

    def compute() -> dict[str, Any]:
        table = result.table()
        return {
            "scenario": found["key"],
            "name": found["rule"].name,
            "year": result.year,
            "budget": result.budget,
            "unit": found["rule"].unit,
            "data_year": result.provenance.get("data_year"),
            "edits": {k: v for k, v in _edits(budget, alpha, base, floor, cap).items() if v},
            "total": float(table["amount"].sum()),
            "recipients": records(table),
            "explanation": None
            if explanation is None
            else {
                "recipient": explanation.recipient,
                "name": explanation.name,
                "amount": explanation.amount,
                "per_resident": explanation.per_resident,
                "lines": [line.__dict__ for line in explanation.lines],
                "text": explanation.text(),
            },
            "compare": records(winners) if found["edited"] else None,
            "notes": _notes(result, lang),
            "log": list(result.log),
            **({} if asked is None else {"robustness": robustness_json(asked, records)}),
        }

    return cached_json(request, compute, extra=lang)
