# ruff: noqa: E501  (a table of interface texts)
"""Interface texts of reports and the dashboard: gettext catalogues managed with Babel.

The texts live in ``kloof/locale/{nl,en}/LC_MESSAGES/messages.po`` (compiled to
``messages.mo``), with the English text as message id; Dutch is the default language.
Templates reach them in two ways:

- ``{{ _("Text") }}`` (or ``{% trans %}``): Jinja2's i18n extension, installed by
  :func:`install_gettext` in the dashboard's and the reports' template environments; the
  page's ``lang`` picks the catalogue. New texts are written this way.
- ``{{ t.key }}``: the keyed table :data:`MESSAGES` (key → English message id, marked
  with :func:`N_` so ``pybabel extract`` finds it), translated by :func:`texts`.

Python code translates with :func:`translate`. The catalogues are read by
:mod:`kloof.i18n` (the one lookup, shared with the command line). The translator's workflow (extract,
update, compile) is in docs/translations.md; a test fails when a message has no
translation in either catalogue or a ``.mo`` file is older than its ``.po``.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from kloof.i18n import DOMAIN, LANGUAGES, LOCALE_DIR, N_, translate, translations
from kloof.i18n import language as lang_of

__all__ = [
    "DOMAIN",
    "LANGUAGES",
    "LOCALE_DIR",
    "MESSAGES",
    "N_",
    "install_gettext",
    "keyed",
    "level_label",
    "texts",
    "translate",
    "translations",
    "unit_text",
]

#: key → English message id of the texts templates read as ``t.key``.
MESSAGES: dict[str, str] = {
    "app": N_("kloof"),
    "tagline": N_("The gap between neighbourhoods, in numbers"),
    "skip": N_("Skip to content"),
    "nav": N_("Main menu"),
    "map": N_("Map"),
    "profile": N_("Area profile"),
    "areas": N_("Areas"),
    "compare": N_("Compare"),
    "api": N_("API"),
    "language": N_("Language"),
    "switch_language": N_("Nederlands"),
    "switch_language_name": N_("Naar het Nederlands"),
    "level": N_("Level"),
    "gemeente": N_("Municipality"),
    "gemeenten": N_("Municipalities"),
    "gemeente_name": N_("Municipality name"),
    "wijk": N_("District"),
    "wijken": N_("Districts"),
    "buurt": N_("Neighbourhood"),
    "buurten": N_("Neighbourhoods"),
    "land": N_("The Netherlands"),
    "area": N_("Area"),
    "layer": N_("Colour the map by"),
    "indicator": N_("Indicator"),
    "index": N_("Index"),
    "domain": N_("Domain"),
    "class": N_("Class"),
    "gap": N_("Gap (index − 100)"),
    "show": N_("Show"),
    "search": N_("Find an area"),
    "search_hint": N_("Name, CBS code or postcode, for example Den Haag, WK059910 or 3072 AB"),
    "search_results": N_("Search results"),
    "no_results": N_("Nothing found."),
    "legend": N_("Legend"),
    "map_label": N_("Map of {level} coloured by {layer}"),
    "map_table": N_("Table behind the map"),
    "no_boundaries": N_(
        "The map needs region boundaries, and this store has none. Import a CBS/PDOK boundary file with `kloof data import` (see docs/data.md); the table below works without them."
    ),
    "map_note": N_(
        "Boundaries {boundary_year}, data {data_year}: {matched} areas matched by code, {missing} without data."
    ),
    "drill_down": N_("show districts"),
    "back_national": N_("Back to the whole country"),
    "code": N_("Code"),
    "name": N_("Name"),
    "value": N_("Value"),
    "unit": N_("Unit"),
    "nl": N_("Netherlands"),
    "peers": N_("Peers"),
    "percentile": N_("Percentile"),
    "flag": N_("Flag"),
    "flag_yes": N_("among the 10% most vulnerable"),
    "inhabitants": N_("Inhabitants"),
    "year": N_("Year"),
    "members": N_("Member areas"),
    "score": N_("Score"),
    "rank": N_("Rank"),
    "decile": N_("Decile"),
    "interval": N_("Uncertainty interval (90%)"),
    "explanation": N_("What drives this score?"),
    "explanation_intro": N_(
        "Contribution of each indicator to the difference with the Netherlands (index points; negative = more vulnerable)."
    ),
    "median_level": N_("Median"),
    "estimate": N_("Estimate"),
    "observed": N_("Observed"),
    "reliability": N_("Reliability"),
    "estimate_intro": N_(
        "Rates of small areas are estimates: drawn towards their gemeente's rate as far as they are uncertain. Reliability 1 = the area's own figure only."
    ),
    "contribution": N_("Contribution"),
    "domains": N_("Domains"),
    "indicators": N_("Indicators"),
    "trend": N_("Trend"),
    "no_trend": N_("There is only one year of data; a trend follows when more years are loaded."),
    "downloads": N_("Downloads"),
    "download_csv": N_("CSV"),
    "download_xlsx": N_("Excel (XLSX)"),
    "download_pdf": N_("PDF"),
    "download_html": N_("HTML"),
    "notes": N_("Notes"),
    "sources": N_("Sources and method"),
    "method_text": N_(
        "Values from CBS Kerncijfers Wijken en Buurten. An area sums counts and recomputes rates and means from its members (weighted). Percentile: share of regions of the same level with a lower value. Flag: among the 10% most vulnerable in the Netherlands. The index (Netherlands = 100; 10 points = one standard deviation) follows the OECD/JRC handbook on composite indicators; the interval comes from a Monte Carlo analysis of the method choices."
    ),
    "source_cbs": N_("Source: CBS (CC BY 4.0)"),
    "plan_section": N_("Area plan: {title}"),
    "plan_partners": N_("Alliance"),
    "plan_measures": N_("Measures"),
    "plan_measure": N_("Measure"),
    "plan_task": N_("Task"),
    "plan_status": N_("Status"),
    "plan_budget": N_("Budget"),
    "plan_budget_year": N_("Budget per year"),
    "plan_survey": N_("Residents ({period}, n = {n}): biggest task"),
    "nplv_areas": N_("NPLV focus areas"),
    "dichtdekloof_areas": N_("Dicht de kloof areas"),
    "composition_unknown": N_("composition unknown"),
    "compare_intro": N_("Sort and filter areas and download the table."),
    "filter": N_("Filter"),
    "filter_name": N_("Name contains"),
    "all_gemeenten": N_("All municipalities"),
    "sort": N_("Sort by"),
    "ascending": N_("ascending"),
    "descending": N_("descending"),
    "rows": N_("{n} areas"),
    "page": N_("Page {page} of {pages}"),
    "previous": N_("Previous"),
    "next": N_("Next"),
    "error": N_("Error"),
    "not_found": N_("Not found"),
    "index_missing": N_("No index score"),
    "index_not_available": N_("The index is not available for this level."),
    "api_intro": N_(
        "The JSON API lives under /api/v1; the OpenAPI document describes every route."
    ),
    "more_capabilities": N_("More"),
    "chart_domains": N_("Domain scores of {name} against the Netherlands (100)"),
    "chart_indicator": N_("{label}: {name} against the Netherlands, municipality and peers"),
    "profile_of": N_("Profile of {name}"),
    "map_members": N_("Map: {name} within its municipality"),
    "generated": N_("Made with kloof"),
    "apply": N_("Apply"),
    # -- Focus areas, Allocation, Housing
    "focus": N_("Focus areas"),
    "focus_intro": N_(
        "Contiguous areas under pressure: areas whose index is in the worst share of the Netherlands, grouped when they touch, and kept when the group has enough residents. Then compared with the official areas."
    ),
    "criteria": N_("Criteria"),
    "min_residents": N_("Minimum residents"),
    "severity_share": N_("Severity: worst share on the index (0.1 = worst 10%)"),
    "compare_with": N_("Compare with"),
    "candidates": N_("Candidates"),
    "candidate": N_("Candidate"),
    "residents": N_("Residents"),
    "mean_index": N_("Mean index"),
    "official_areas": N_("Official areas"),
    "official_area": N_("Official area"),
    "overlap": N_("Overlap (residents)"),
    "covered": N_("Covered"),
    "status": N_("Status"),
    "missed_areas": N_("Missed official areas"),
    "not_official": N_("Candidates outside the official areas"),
    "summary": N_("Summary"),
    "jaccard_regions": N_("Jaccard (areas)"),
    "jaccard_residents": N_("Jaccard (residents)"),
    "none": N_("None."),
    "log": N_("Method"),
    "allocation": N_("Allocation"),
    "allocation_intro": N_(
        "Split a budget by a transparent key. Choose a scenario, edit the key and see every recipient's amount, its explanation and who wins or loses against the unedited scenario."
    ),
    "scenario": N_("Scenario"),
    "budget": N_("Total budget (€)"),
    "budget_year": N_("Budget year"),
    "need_alpha": N_("Weight of need (α)"),
    "base_amount": N_("Base amount per recipient (€)"),
    "floor": N_("Floor per recipient (€)"),
    "cap": N_("Cap per recipient (€)"),
    "key_hint": N_("Leave empty: as in the scenario."),
    "recipient": N_("Recipient"),
    "amount": N_("Amount"),
    "per_resident": N_("Per resident"),
    "share": N_("Share"),
    "amounts": N_("Amounts"),
    "total": N_("Total"),
    "why_amount": N_("Why {amount} for {name}?"),
    "explain": N_("explanation"),
    "explain_choose": N_("Explanation for"),
    "item": N_("Item"),
    "detail": N_("Detail"),
    "winners_losers": N_("Winners and losers against the unedited scenario"),
    "unedited": N_("Unedited"),
    "difference": N_("Difference"),
    "outcome": N_("Outcome"),
    "no_changes": N_("No difference from the unedited scenario."),
    "chart_allocation": N_("Amount per resident, {n} largest recipients"),
    "chart_table": N_("Table behind the chart"),
    "housing": N_("Housing allocation"),
    "housing_intro": N_(
        "Simulate who gets which social home under a policy, against a comparison scenario, over several runs with common random numbers. The simulation runs in the background; the page shows its progress."
    ),
    "comparison_scenario": N_("Comparison scenario"),
    "no_comparison": N_("none"),
    "runs": N_("Number of runs"),
    "start": N_("Start simulation"),
    "job": N_("Simulation"),
    "job_state": N_("State"),
    "queued": N_("queued"),
    "running": N_("running"),
    "done": N_("done"),
    "failed": N_("failed"),
    "progress": N_("Progress"),
    "runs_done": N_("{done} of {total} runs"),
    "refresh_note": N_("This page refreshes itself until the simulation is done."),
    "outcomes_final": N_("Outcomes in {year} (mean and 90% interval over {runs} runs)"),
    "vulnerable_stock": N_("Vulnerable share of stock (%)"),
    "vulnerable_inflow": N_("Vulnerable share of inflow (%)"),
    "key_workers": N_("Key workers housed"),
    "refused_permits": N_("Refused permits"),
    "concentration": N_("Concentration over time (dissimilarity index D and isolation)"),
    "dissimilarity": N_("Dissimilarity index D"),
    "isolation": N_("Isolation"),
    "displacement": N_("Waterbed effect: {name} against {baseline}"),
    "delta_priority": N_("Δ priority placements"),
    "delta_inflow": N_("Δ vulnerable inflow (households, summed over all years)"),
    "new_concentration": N_("New concentration under {name}"),
    "new_concentration_note": N_(
        "Wijken not concentrated in {baseline} (LQ < 1.5) that are under {name}: a vulnerable share of at least 1.5 × the average or at least {level}% (the lowest concentrated wijk in {baseline}), with the rise in 95 per cent of the runs."
    ),
    "no_new_concentration": N_(
        "No new concentration: no wijk rises above {baseline}'s concentration level under {name}."
    ),
    "baseline_share": N_("Vulnerable share in {baseline} (%)"),
    "policy_share": N_("Vulnerable share under {name} (%)"),
    "delta_share": N_("Δ vulnerable % (percentage points)"),
    "chart_concentration": N_("Dissimilarity index D per year: {name}"),
    "new_simulation": N_("New simulation"),
    "busy": N_("Too many simulations are running; try again in a minute."),
    # issue 19: charts, reflow, small fixes
    "chart_vulnerability": N_("Vulnerability percentile per indicator: {name}"),
    "vulnerability": N_("Vulnerability percentile"),
    "vulnerability_note": N_(
        "0–100, higher = more vulnerable than more regions of the same level; the line marks the flag at 90 (darker bars)."
    ),
    "flag_line": N_("flag ≥ 90"),
    "no_data": N_("no data"),
    "unknown_gemeente": N_("Unknown municipality code: {code}"),
    "method_not_allowed": N_("This address does not accept a {method} request."),
    "budget_year_ignored": N_(
        "Budget year {year} is ignored: this scenario has budgets for {years}."
    ),
    "budget_year_none": N_(
        "Budget year {year} is ignored: this scenario has one budget for every year."
    ),
    "unavailable_indicators": N_("Not available at {level} level, left out: {names}."),
    "choose_indicators": N_("Indicators"),
    "operation": N_("Operation"),
    "route": N_("Address"),
    "method": N_("Method"),
    "show_map": N_("map of {name}"),
    "chart_concentration_lines": N_("Dissimilarity D and isolation per year (90% band): {name}"),
    # issue 19: search, years, side by side
    "search_postcode": N_(
        "Postcode {postcode}: areas with addresses in this postcode area (addresses of {year}, largest share first)."
    ),
    "search_no_crosswalk": N_(
        "Searching by postcode needs the postcode table (PC4), and this store has none; import pc4_gemeente_wijk_address_crosswalk_2017_2024.csv with `kloof data import`."
    ),
    "search_share": N_("{share} of the addresses"),
    "side": N_("Side by side"),
    "side_add": N_("compare side by side"),
    "side_intro": N_(
        "Put two to four municipalities, districts, neighbourhoods or areas side by side. The address of this page holds the comparison: share or bookmark it."
    ),
    "side_area_n": N_("Area {n}"),
    "side_hint": N_(
        "Name, CBS code, postcode or area, for example Rotterdam, WK059910 or nplv:rotterdam-zuid"
    ),
    "side_share": N_("Address to share"),
    "side_caption": N_("{n} areas side by side: index, domains and indicators"),
    "side_scales": N_(
        "Note: a municipality's index is scored among municipalities, a district's, neighbourhood's or area's among districts; these indexes are on different scales. Compare the row ‘Index on the district scale’ and the indicators."
    ),
    "side_years": N_("Note: not all areas have data of the same year (see the column headings)."),
    "side_empty": N_("Fill in two to four areas above."),
    "year_latest": N_("latest year"),
    "year_choose": N_("Choose a year"),
    "trend_index": N_("Index over the years (each year the Netherlands = 100)"),
    "trend_intro": N_(
        "Each chart shows one indicator over the years with data; the table below it has the same numbers."
    ),
    "trend_table": N_("Numbers"),
    "layer_not_in_year": N_(
        "The chosen map layer does not exist for {year}; the map shows the first layer of that year."
    ),
    "map_keys": N_(
        "Keyboard: the arrow keys move the map, + and − zoom, Enter opens the area in the centre; the table below has the same data."
    ),
    "side_unknown": N_("Not found: {text}"),
    "source_kwb": N_("CBS Kerncijfers wijken en buurten"),
    "source_gemeente_boundaries": N_("CBS municipality boundaries"),
    "source_wijk_boundaries": N_("CBS/PDOK district boundaries"),
    "source_crosswalk": N_("CBS boundary changes (crosswalks to the latest boundaries)"),
    "source_pc4": N_("CBS statistics by 4-digit postcode"),
    "source_pc4_crosswalk": N_("Postcode-4 to municipality and district crosswalk (addresses)"),
    "source_reexpress": N_("Postcode-4 figures re-expressed onto districts and municipalities"),
    "map_of": N_("Map of {name}"),
    "trend_table_ref": N_("the numbers are in the table below the charts"),
    "side_link": N_("Or put two to four areas side by side."),
    "side_wijk_scale": N_(
        "Index on the district scale (municipality: mean of its districts, weighted by inhabitants)"
    ),
}


def keyed(table: Mapping[str, str], language: str) -> dict[str, str]:
    """A keyed table (key → English message id) translated into ``language``."""
    catalogue = translations(language)
    return {key: catalogue.gettext(message) for key, message in table.items()}


@functools.cache
def texts(language: str) -> Mapping[str, str]:
    """The interface texts of ``language`` by key (Dutch for anything but ``en``)."""
    return keyed(MESSAGES, lang_of(language))


#: Units of the indicator catalogue (written in Dutch there) → English message id.
UNITS: dict[str, str] = {
    "aantal": N_("count"),
    "per 1 000 inwoners": N_("per 1,000 inhabitants"),
    "x 1 000 euro": N_("x 1,000 euro"),
    "per km²": N_("per km²"),
    "aantal inwoners per km²": N_("inhabitants per km²"),
    "per huishouden": N_("per household"),
}


def unit_text(unit: str, language: str) -> str:
    """A catalogue unit in ``language`` (``per 1 000 inwoners`` → ``per 1,000 inhabitants``)."""
    return translations(language).gettext(UNITS[unit]) if unit in UNITS else unit


def level_label(level: str, language: str, plural: bool = False) -> str:
    """``gemeente`` → ``Gemeente``/``Municipality`` (plural: ``Gemeenten``/...)."""
    t = texts(language)
    key = {"gemeente": "gemeenten", "wijk": "wijken", "buurt": "buurten"}.get(level, level)
    return t.get(key if plural else level, level)


def install_gettext(env: Any) -> None:
    """Add Jinja2's i18n extension to ``env``; the render context's ``lang`` picks the catalogue.

    Templates write ``{{ _("Text") }}``, ``{{ _("%(n)s areas", n=3) }}`` or
    ``{% trans %}…{% endtrans %}`` (new-style gettext: autoescaped, ``%``-formatted).
    """
    from jinja2 import pass_context

    @pass_context
    def gettext(context: Any, message: str) -> str:
        return translations(str(context.get("lang", "nl"))).gettext(message)

    @pass_context
    def ngettext(context: Any, singular: str, plural: str, n: int) -> str:
        return translations(str(context.get("lang", "nl"))).ngettext(singular, plural, n)

    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(gettext, ngettext, newstyle=True)
