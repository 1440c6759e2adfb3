# ruff: noqa: E501  (a table of messages)
"""Errors of allocation rules, housing scenarios and monitor targets in Dutch.

Part of the message table: merged into :data:`kloof.cli._messages_nl.MESSAGES`; same
keys and rules as there.
"""

from __future__ import annotations

__all__ = ["SPECS"]

SPECS: dict[str, tuple[str, str]] = {
    # -- allocation rules (allocation/rule.py)
    "give amount and/or per_capita": ("geef amount en/of per_capita", ""),
    "give at least one limit (e.g. max_change_pct: 5)": (
        "geef minstens één grens (bijvoorbeeld max_change_pct: 5)",
        "",
    ),
    "tier {name}: give amount or share, not both": (
        "schijf {name}: geef amount of share, niet allebei",
        "",
    ),
    "need: give exactly one of indicator and index": (
        "need: geef precies één van indicator en index",
        "",
    ),
    "need.transform: an index score is higher-is-better (NL = 100), so its raw value cannot be a need; use gap, ratio, percentile or decile": (
        "need.transform: bij een indexscore is hoger beter (NL = 100), dus de ruwe waarde kan geen behoefte zijn; gebruik gap, ratio, percentile of decile",
        "",
    ),
    "recipients source: give exactly one of areas and level": (
        "bron van ontvangers: geef precies één van areas en level",
        "",
    ),
    "give a key (e.g. key: {{kind: per_capita}}) or a list of tiers": (
        "geef een key (bijvoorbeeld key: {{kind: per_capita}}) of een lijst van schijven (tiers)",
        "",
    ),
    "budget: the schedule is empty": ("budget: het schema is leeg", ""),
    "tiers: names must be distinct, got {names}": (
        "tiers: de namen moeten verschillen, gekregen: {names}",
        "",
    ),
    "tiers: only one tier can take the rest, got {names}": (
        "tiers: maar één schijf kan de rest krijgen, gekregen: {names}",
        "",
    ),
    "no budget for year {year}; the rule has {years}": (
        "geen budget voor jaar {year}; de regel heeft {years}",
        "",
    ),
    "tiers: the pots add up to {known} euro, not the budget of {total} euro; leave out the amount of one tier to give it the rest": (
        "tiers: de potten tellen op tot {known} euro, niet tot het budget van {total} euro; laat het bedrag van één schijf weg om die de rest te geven",
        "",
    ),
    "allocation rule: expected a mapping with name, budget and key": (
        "verdeelregel: verwacht een mapping met name, budget en key",
        "",
    ),
    "tier {name}: the recipients list is empty": (
        "schijf {name}: de lijst van ontvangers is leeg",
        "",
    ),
    "tier {name}: recipients listed twice: {names}": (
        "schijf {name}: ontvangers dubbel genoemd: {names}",
        "",
    ),
    "give {names} inside a tier when the rule has tiers": (
        "geef {names} binnen een schijf als de regel schijven heeft",
        "",
    ),
    "{where}: {amount} is negative or not a number": (
        "{where}: {amount} is negatief of geen getal",
        "",
    ),
    "{where}: {amount} is not a whole number of {unit}s": (
        "{where}: {amount} is geen geheel aantal {unit}s",
        "",
    ),
    "allocation rule, {where}: {problem}": ("verdeelregel, {where}: {problem}", ""),
    "allocation rule is not valid YAML: {error}": (
        "de verdeelregel is geen geldige YAML: {error}",
        "",
    ),
    "tier {name}: cap.{form} ({cap}) is below floor.{form} ({floor}); raise the cap or lower the floor": (
        "schijf {name}: cap.{form} ({cap}) ligt onder floor.{form} ({floor}); verhoog het plafond of verlaag de bodem",
        "",
    ),
    # -- housing scenarios (housing/scenario.py)
    "no shipped scenario {name}; choose from {names}": (
        "geen meegeleverd scenario {name}; kies uit {names}",
        "",
    ),
    "scenario {name}: no value in the data and none in the scenario for {names}; add them under the region's `fallback:`": (
        "scenario {name}: geen waarde in de gegevens en geen in het scenario voor {names}; zet ze onder `fallback:` van het gebied",
        "",
    ),
    "social_rent_pct + owner_occupied_pct above 100 in {names}": (
        "social_rent_pct + owner_occupied_pct boven 100 in {names}",
        "",
    ),
    "social_rent_pct + owner_occupied_pct is above 100": (
        "social_rent_pct + owner_occupied_pct is meer dan 100",
        "",
    ),
    "vulnerable_split must be non-negative and sum to 1 (got {total})": (
        "vulnerable_split moet niet-negatief zijn en optellen tot 1 (gekregen: {total})",
        "",
    ),
    "initial_backlog counts must be non-negative": (
        "de aantallen in initial_backlog mogen niet negatief zijn",
        "",
    ),
    "regions listed twice: {names}": ("gebieden dubbel genoemd: {names}", ""),
    "stock.turnover_by_region: unknown regions {names}": (
        "stock.turnover_by_region: onbekende gebieden {names}",
        "",
    ),
    "pressure_indicator {name} must be one of {names}": (
        "pressure_indicator {name} moet een van {names} zijn",
        "",
    ),
    "a scenario must be a mapping of fields": ("een scenario moet een mapping van velden zijn", ""),
    "turnover_by_region[{key}] = {value} is not a share in [0, 1]": (
        "turnover_by_region[{key}] = {value} is geen aandeel in [0, 1]",
        "",
    ),
    "turnover_multiplier[{key}] = {value} is negative": (
        "turnover_multiplier[{key}] = {value} is negatief",
        "",
    ),
    "region {code} is not a {level} code": ("gebied {code} is geen code van niveau {level}", ""),
    "area name {name} is also a region code": ("gebiedsnaam {name} is ook een gebiedscode", ""),
    "area {name}: unknown regions {names}": ("gebied {name}: onbekende gebieden {names}", ""),
    "restructuring: {name} is not one of the regions": (
        "restructuring: {name} is niet een van de gebieden",
        "",
    ),
    "restructuring {name}: until {until} < {year}": (
        "restructuring {name}: until {until} < {year}",
        "",
    ),
    "restructuring {name}: years {first}-{last} outside the run {start}-{end}": (
        "restructuring {name}: jaren {first}-{last} buiten de looptijd {start}-{end}",
        "",
    ),
    "scenario is not valid YAML: {error}": ("het scenario is geen geldige YAML: {error}", ""),
    "policy {name}: unknown region or area {ref}; known areas: {names}": (
        "beleid {name}: onbekend gebied {ref}; bekende gebieden: {names}",
        "",
    ),
    # -- monitor targets (monitor/targets.py)
    "a targets file needs a 'targets' list": (
        "een doelenbestand heeft een lijst 'targets' nodig",
        "",
    ),
    "target ids must be unique": ("de id's van doelen moeten uniek zijn", ""),
    "target data needs columns {names}; got {columns}": (
        "doelgegevens hebben de kolommen {names} nodig; gekregen: {columns}",
        "",
    ),
    "target {name}: unknown kind {kind}; use {kinds}": (
        "doel {name}: onbekende soort {kind}; gebruik {kinds}",
        "",
    ),
    "target {name}: a {kind} target needs '{need}'": (
        "doel {name}: een doel van soort {kind} heeft '{need}' nodig",
        "",
    ),
    "target {name}: a gap target needs a 'reference'": (
        "doel {name}: een kloofdoel heeft een 'reference' nodig",
        "",
    ),
    "target {name}: a {kind} target needs 'baseline_year'": (
        "doel {name}: een doel van soort {kind} heeft 'baseline_year' nodig",
        "",
    ),
    "target {name}: target_year must be after baseline_year": (
        "doel {name}: target_year moet na baseline_year liggen",
        "",
    ),
    "targets YAML does not parse: {error}": ("de YAML van de doelen is niet te lezen: {error}", ""),
    "target {n} is not a mapping": ("doel {n} is geen mapping", ""),
    "target {name}: unknown keys {names}": ("doel {name}: onbekende sleutels {names}", ""),
    "target {name}: select is {{lowest: k}} or {{highest: k}}": (
        "doel {name}: select is {{lowest: k}} of {{highest: k}}",
        "",
    ),
    "target {name}: select needs 'baseline_year'": (
        "doel {name}: select heeft 'baseline_year' nodig",
        "",
    ),
    "target {name}: give a 'subject' or a 'select'": (
        "doel {name}: geef een 'subject' of een 'select'",
        "",
    ),
    "target {name}: {problem}": ("doel {name}: {problem}", ""),
}
