# ruff: noqa: E501  (a table of interface texts)
"""Texts of the command line in Dutch (default) and English: one language per run.

Messages are keyed by their English text (as gettext does, so the later move to
gettext/Babel keeps the keys); :data:`CATALOGUE` maps a key to its ``(nl, en)`` texts,
``""`` meaning "the key itself". Help texts of commands and options are keyed by the text
in the source and translated when the command tree is built (:func:`localise`); a test
checks that every help text has an entry and that no help line mixes the languages.
Labels shared with the dashboard come from :mod:`kloof.report.i18n`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["CATALOGUE", "LANGUAGES", "language", "localise", "missing", "normalise", "tr"]

#: The languages of this catalogue, in the order of its ``(nl, en)`` pairs: the same as
#: :data:`kloof.report.i18n.LANGUAGES` (a test checks), kept here so that the command
#: line starts without importing the report package.
LANGUAGES: tuple[str, ...] = ("nl", "en")

#: key (the English text, or the help text as written in the source) → (nl, en).
CATALOGUE: dict[str, tuple[str, str]] = {
    # -- click and typer's own texts
    "Usage:": ("Gebruik:", ""),
    "Usage: ": ("Gebruik: ", ""),
    "Options": ("Opties", ""),
    "Arguments": ("Argumenten", ""),
    "Commands": ("Opdrachten", ""),
    "Error": ("Fout", ""),
    "Aborted.": ("Afgebroken.", ""),
    "Aborted!": ("Afgebroken!", ""),
    "[default: {}]": ("[standaard: {}]", ""),
    "[required]": ("[verplicht]", ""),
    "[env var: {}]": ("[omgevingsvariabele: {}]", ""),
    "(deprecated) ": ("(verouderd) ", ""),
    "Try [blue]'{command_path} {help_option}'[/] for help.": (
        "Zie [blue]'{command_path} {help_option}'[/] voor hulp.",
        "",
    ),
    # -- table headers (column ids that are not in the dashboard's table)
    "column:label": ("Omschrijving", "Label"),
    "column:source_id": ("Bron", "Source"),
    "column:kind": ("Soort", "Kind"),
    "column:table_id": ("Tabel", "Table"),
    "column:years": ("Jaren", "Years"),
    "column:rows": ("Rijen", "Rows"),
    "column:location": ("Locatie", "Location"),
    "column:levels": ("Niveaus", "Levels"),
    "column:regions": ("Gebieden", "Regions"),
    "column:indicators": ("Indicatoren", "Indicators"),
    "column:observations": ("Waarden", "Values"),
    "column:class_label": ("Klasse", "Class"),
    "column:gap": ("Kloof", "Gap"),
    "column:recipient": ("Ontvanger", "Recipient"),
    "column:amount": ("Bedrag", "Amount"),
    "column:population": ("Inwoners", "Population"),
    "column:need": ("Behoefte", "Need"),
    "column:share_pct": ("Aandeel", "Share"),
    "column:per_resident": ("Per inwoner", "Per resident"),
    "column:values": ("Waarden", "Values"),
    "column:missing": ("Ontbrekend", "Missing"),
    "column:geometries": ("Grenzen", "Boundaries"),
    "column:title": ("Titel", "Title"),
    "column:preset": ("Preset", "Preset"),
    "column:contribution": ("Bijdrage", "Contribution"),
    "column:measure": ("Maat", "Measure"),
    "column:auc": ("AUC", "AUC"),
    "column:auc_within": ("AUC binnen gemeenten", "AUC within municipalities"),
    "column:worst_decile_pct": ("% in slechtste deciel", "% in worst decile"),
    "column:n": ("Gebieden", "Regions"),
    "column:n_members": ("In de set", "In the set"),
    "column:cohort": ("Groep", "Cohort"),
    "column:spearman": ("Spearman", "Spearman"),
    "column:kendall": ("Kendall", "Kendall"),
    "validation {preset} {level} {year} against {against} ({cohort})": (
        "validatie {preset} {level} {year} tegen {against} ({cohort})",
        "",
    ),
    "{cohort}: the index beats every single indicator on {k} of 3 figures ({which})": (
        "{cohort}: de index is beter dan elke afzonderlijke indicator op {k} van de 3 maten ({which})",
        "",
    ),
    "agreement with {file}": ("overeenkomst met {file}", ""),
    "no {level} region lies for at least half in the areas of {against}; validate at a finer level (--level wijk)": (
        "geen {level} ligt voor minstens de helft in de gebieden van {against}; valideer op een fijner niveau (--level wijk)",
        "",
    ),
    "{path}: write one of {choices}": ("{path}: schrijf een van {choices}", ""),
    "{folder}: no such folder": ("{folder}: deze map bestaat niet", ""),
    "{folder}: not writable": ("{folder}: niet schrijfbaar", ""),
    " (did you mean {name}?)": (" (bedoelt u {name}?)", ""),
    "unknown indicator {name!r}": ("onbekende indicator {name!r}", ""),
    "unknown level {level!r}; use {choices}": ("onbekend niveau {level!r}; kies {choices}", ""),
    "unknown preset {name!r}; use {choices}": ("onbekende preset {name!r}; kies {choices}", ""),
    "cohort:all": ("alle gebieden", "all areas"),
    "cohort:before": ("in het programma voor", "in the programme before"),
    "cohort:joined": ("toegetreden in", "joined in"),
    "domain": ("domein", ""),
    "index {level} {year}": ("index {level} {year}", ""),
    "uncertainty {level} {year}": ("onzekerheid {level} {year}", ""),
    "audit {level} {year}": ("audit {level} {year}", ""),
    "rank {rank}, decile {decile}, class {cls} {label}": (
        "rang {rank}, deciel {decile}, klasse {cls} {label}",
        "",
    ),
    # -- kloof's own messages
    "error:": ("fout:", ""),
    "note:": ("let op:", ""),
    "unknown language {name!r}; use {choices}": (
        "onbekende taal {name!r}; kies {choices}",
        "",
    ),
    "unknown format {fmt!r}; use {choices}": ("onbekend formaat {fmt!r}; kies {choices}", ""),
    "invalid settings: {error}": ("ongeldige instellingen: {error}", ""),
    "columns left out to fit {width} columns: {cols}": (
        "kolommen weggelaten om in {width} tekens te passen: {cols}",
        "",
    ),
    "{shown} of {total} rows shown": ("{shown} van {total} rijen getoond", ""),
    "reading": ("lezen", ""),
    "fetching {table}": ("ophalen {table}", ""),
    "storing (one transaction)": ("opslaan (één transactie)", ""),
    "already imported": ("al geïmporteerd", ""),
    "already there": ("al aanwezig", ""),
    "{n} values": ("{n} waarden", ""),
    "the store is empty: run `kloof data import`.": (
        "de store is leeg: gebruik `kloof data import`.",
        "",
    ),
    "sources": ("bronnen", ""),
    "catalogue": ("catalogus", ""),
    "no values for {code}": ("geen waarden voor {code}", ""),
    "no values for {code} in {year}": ("geen waarden voor {code} in {year}", ""),
    "{n} rows → {path}": ("{n} rijen → {path}", ""),
    "{scored} regions scored, {screened} screened out (see column 'screened'); reference = 100, gap = index − 100": (
        "{scored} gebieden met een score, {screened} uitgezonderd (zie kolom 'screened'); referentie = 100, kloof = index − 100",
        "",
    ),
    "contributions": ("bijdragen", ""),
    "{n} replications, {level} {year}": ("{n} herhalingen, {level} {year}", ""),
    "{n} strong correlations (|r| ≥ 0.5) with origin": (
        "{n} sterke samenhangen (|r| ≥ 0,5) met herkomst",
        "",
    ),
    "{n} of {total} recipients receive nothing": ("{n} van {total} ontvangers krijgen niets", ""),
    "winners and losers vs {other}": ("winnaars en verliezers tegenover {other}", ""),
    "{level} interval of the amounts over {runs} need draws": (
        "{level}-interval van de bedragen over {runs} trekkingen van de behoefte",
        "",
    ),
    "interval width": ("breedte", "width"),
    "{n} draws were infeasible and left out": (
        "{n} trekkingen waren onuitvoerbaar en zijn weggelaten",
        "",
    ),
    "permutations": ("permutaties", ""),
    "simulating": ("simuleren", ""),
    "candidates": ("kandidaten", ""),
    "{name}: official areas": ("{name}: officiële gebieden", ""),
    "the gap": ("de kloof", ""),
    "segregation {group} {year}": ("segregatie {group} {year}", ""),
    "map → {path}": ("kaart → {path}", ""),
    "layer → {path}": ("laag → {path}", ""),
    "neighbours: {summary}": ("buren: {summary}", ""),
    "data {year} on boundaries {geo_year}: {report}": (
        "gegevens {year} op grenzen {geo_year}: {report}",
        "",
    ),
    "not in {year}: {codes}": ("niet in {year}: {codes}", ""),
    "{id}, {n} codes, boundaries {year}": ("{id}, {n} codes, grenzen {year}", ""),
    "no values": ("geen waarden", ""),
    "{year} = 100 for levels and gaps (gaps in index points)": (
        "{year} = 100 voor niveaus en kloven (kloven in indexpunten)",
        "",
    ),
    "a count: gaps in units, not in percent": (
        "een aantal: kloven in eenheden, niet in procenten",
        "",
    ),
    "not possible at wijk level ({why}); whole gemeenten instead": (
        "niet mogelijk op wijkniveau ({why}); hele gemeenten in plaats daarvan",
        "",
    ),
    "{indicator}: {units} (treated: {level}), start {start}": (
        "{indicator}: {units} (behandeld: {level}), start {start}",
        "",
    ),
    "the areas from their own wijken": ("de gebieden uit hun eigen wijken", ""),
    "whole gemeenten": ("hele gemeenten", ""),
    "{indicator}: nominal euros, not judged without the CPI; run `kloof data fetch cpi` and use --prices YEAR": (
        "{indicator}: nominale euro's, zonder CPI niet beoordeeld; draai `kloof data fetch cpi` "
        "en gebruik --prices JAAR",
        "",
    ),
    "no CPI in the store: run `kloof data fetch cpi` or `kloof data cpi FILE`": (
        "geen CPI in de store: draai `kloof data fetch cpi` of `kloof data cpi BESTAND`",
        "",
    ),
    "auto (wijk where the data allow, else gemeente), wijk or gemeente.": (
        "auto (wijk waar de gegevens het toelaten, anders gemeente), wijk of gemeente.",
        "",
    ),
    "nominal euros, not corrected for inflation": (
        "nominale euro's, niet gecorrigeerd voor inflatie",
        "",
    ),
    "area codes not in the data: {codes}": ("gebiedscodes zonder gegevens: {codes}", ""),
    "assumes:": ("veronderstelt:", ""),
    "Ctrl+C stops": ("Ctrl+C stopt", ""),
    "{n} worker processes": ("{n} werkprocessen", ""),
    "Worker processes (default: the number of cores).": (
        "Werkprocessen (standaard: het aantal kernen).",
        "",
    ),
    "{n} profiles → {folder}": ("{n} profielen → {folder}", ""),
    "profiles → {folder}": ("profielen → {folder}", ""),
    "profile {target}": ("profiel {target}", ""),
    "no store ({error}); scenario values only": (
        "geen store ({error}); alleen de waarden van het scenario",
        "",
    ),
    "dissimilarity": ("concentratie (dissimilariteit)", ""),
    "keep this token: it is not shown again": (
        "bewaar dit token: het wordt niet nog eens getoond",
        "",
    ),
    "area plans": ("gebiedsplannen", ""),
    "users": ("gebruikers", ""),
    "indices, runs": ("index, herhalingen", ""),
    "runs": ("runs", ""),
    "{year}: only {n} regions (not national); left out of the default years, pass --year to include it": (
        "{year}: maar {n} gebieden (niet landelijk); niet bij de standaardjaren, geef --year om het mee te nemen",
        "",
    ),
    # -- help texts of commands and options (keys: the source text)
    # -- kloof
    "kloof: meet, selecteer, financier, simuleer en monitor de kloof tussen wijken. (Measure, select, fund, simulate and monitor the gap between neighbourhoods.)": (
        "kloof: meet, selecteer, financier, simuleer en monitor de kloof tussen wijken.",
        "kloof: measure, select, fund, simulate and monitor the gap between neighbourhoods.",
    ),
    "Store file (default: KLOOF_STORE or ./kloof.duckdb).": (
        "Store-bestand (standaard: KLOOF_STORE of ./kloof.duckdb).",
        "",
    ),
    "Language: nl (default) or en.": ("Taal: nl (standaard) of en.", ""),
    "Show version.": ("Toon de versie.", ""),
    "Install completion for the current shell.": (
        "Installeer tab-aanvulling voor de huidige shell.",
        "",
    ),
    "Show completion for the current shell, to copy it or customize the installation.": (
        "Toon de tab-aanvulling voor de huidige shell, om te kopiëren of aan te passen.",
        "",
    ),
    "Show this message and exit.": ("Toon deze hulp en stop.", ""),
    "Output: table, csv or json (data to stdout).": (
        "Uitvoer: table, csv of json (gegevens naar stdout).",
        "",
    ),
    # -- map, simulate, serve, report
    "Kaart van een indicator of index (choropleth, Dutch legend; or a QGIS layer).": (
        "Kaart van een indicator of index (choropleet of een QGIS-laag).",
        "Map of an indicator or index (choropleth with a Dutch legend, or a QGIS layer).",
    ),
    "Map file: .png, .svg, .gpkg or .geojson.": (
        "Kaartbestand: .png, .svg, .gpkg of .geojson.",
        "",
    ),
    "Indicator id (e.g. bijstand_per_1000).": (
        "Indicator-id (bijvoorbeeld bijstand_per_1000).",
        "",
    ),
    "Analyse an index preset (kloof, imd, svi).": (
        "Analyseer een index-preset (kloof, imd, svi).",
        "",
    ),
    "Data year (default: the latest).": ("Gegevensjaar (standaard: het laatste).", ""),
    "gemeente, wijk or buurt.": ("gemeente, wijk of buurt.", ""),
    "Boundary year (default: the closest with boundaries).": (
        "Grensjaar (standaard: het dichtstbijzijnde jaar met grenzen).",
        "",
    ),
    "quantiles, natural_breaks, equal_interval, ...": (
        "quantiles, natural_breaks, equal_interval, ...",
        "",
    ),
    "Number of classes.": ("Aantal klassen.", ""),
    "Outline an area set: nplv, dichtdekloof.": (
        "Omlijn een gebiedenset: nplv, dichtdekloof.",
        "",
    ),
    "Title above the map.": ("Titel boven de kaart.", ""),
    "Simuleer woningtoewijzing (simulate who gets which home, against a baseline).": (
        "Simuleer woningtoewijzing: wie krijgt welke woning, tegenover een basisscenario.",
        "Simulate housing allocation: who gets which home, against a baseline.",
    ),
    "Scenario YAML, or a shipped name (zaanstad, ...).": (
        "Scenario-YAML, of een meegeleverde naam (zaanstad, ...).",
        "",
    ),
    "Scenario(s) to compare with the baseline.": (
        "Scenario('s) om met het basisscenario te vergelijken.",
        "",
    ),
    "Seeds per scenario.": ("Seeds per scenario.", ""),
    "XLSX workbook; a PNG chart is written next to it.": (
        "XLSX-werkmap; een PNG-grafiek komt ernaast.",
        "",
    ),
    "Run on Dask (KLOOF_DASK_ADDRESS).": ("Reken op Dask (KLOOF_DASK_ADDRESS).", ""),
    "Start het dashboard (serve the dashboard; OpenAPI at /api/v1/openapi.json).": (
        "Start het dashboard (OpenAPI op /api/v1/openapi.json).",
        "Serve the dashboard (OpenAPI at /api/v1/openapi.json).",
    ),
    "Address to listen on.": ("Adres om op te luisteren.", ""),
    "Port.": ("Poort.", ""),
    "Maak een gebiedsprofiel (area profile as PDF, HTML or XLSX).": (
        "Maak een gebiedsprofiel als PDF, HTML of XLSX.",
        "Make an area profile as PDF, HTML or XLSX.",
    ),
    "CBS code (WK059910), area (nplv:rotterdam-zuid) or exact name.": (
        "CBS-code (WK059910), gebied (nplv:rotterdam-zuid) of exacte naam.",
        "",
    ),
    "pdf, html or xlsx.": ("pdf, html of xlsx.", ""),
    "Profiles of every NPLV area into one folder.": (
        "Profielen van alle NPLV-gebieden in één map.",
        "",
    ),
    "File (one target) or folder (--all-nplv).": (
        "Bestand (één doel) of map (--all-nplv).",
        "",
    ),
    # -- data
    "Gegevens importeren en bekijken (import and inspect data).": (
        "Gegevens importeren en bekijken.",
        "Import and inspect data.",
    ),
    "Importeer bestanden in de store (import files; all or nothing).": (
        "Importeer bestanden in de store (alles of niets).",
        "Import files into the store (all or nothing).",
    ),
    "Importeer bestanden in de store (import files; all or nothing). Every value is checked before anything is written (plausible ranges, whole counts, parts within totals, complete files, geometry inside the Netherlands); a stored value is only replaced with --replace.": (
        "Importeer bestanden in de store (alles of niets). Elke waarde wordt gecontroleerd "
        "voordat er iets wordt geschreven (aannemelijke bereiken, hele aantallen, delen "
        "binnen totalen, volledige bestanden, geometrie binnen Nederland); een opgeslagen "
        "waarde wordt alleen vervangen met --replace.",
        "Import files into the store (all or nothing). Every value is checked before "
        "anything is written (plausible ranges, whole counts, parts within totals, complete "
        "files, geometry inside the Netherlands); a stored value is only replaced with "
        "--replace.",
    ),
    "Accept a file whose own totals say that regions are missing.": (
        "Accepteer een bestand waarvan de eigen totalen zeggen dat er gebieden ontbreken.",
        "",
    ),
    "Accept a table whose own totals say that regions are missing.": (
        "Accepteer een tabel waarvan de eigen totalen zeggen dat er gebieden ontbreken.",
        "",
    ),
    "Allow stored values to be replaced (prints how many).": (
        "Sta toe dat opgeslagen waarden worden vervangen (meldt hoeveel).",
        "",
    ),
    "Valideer de index tegen officiële gebieden (validate against official areas).": (
        "Valideer de index tegen officiële gebieden.",
        "Validate the index against official areas.",
    ),
    "Area set: nplv, dichtdekloof or an areas YAML file.": (
        "Gebiedenset: nplv, dichtdekloof of een gebieden-YAML.",
        "",
    ),
    "Reference table (CSV/XLSX) keyed by 'code' or 'pc4'.": (
        "Referentietabel (CSV/XLSX) met de sleutel 'code' of 'pc4'.",
        "",
    ),
    "Value column of the reference table.": ("Waardekolom van de referentietabel.", ""),
    "Reference: 'worse' or 'better' (what a higher value means).": (
        "Referentie: 'worse' of 'better' (wat een hogere waarde betekent).",
        "",
    ),
    ".csv or .xlsx.": (".csv of .xlsx.", ""),
    "Files to import (format detected).": (
        "Bestanden om te importeren (formaat wordt herkend).",
        "",
    ),
    "Year, when the file name does not say.": (
        "Jaar, als de bestandsnaam het niet zegt.",
        "",
    ),
    "YAML mapping for your own CSV/XLSX/GeoJSON.": (
        "YAML-mapping voor je eigen CSV/XLSX/GeoJSON.",
        "",
    ),
    "Haal tabellen op bij de CBS OData API (fetch CBS tables; cached on disk).": (
        "Haal tabellen op bij de CBS OData-API (met een cache op schijf).",
        "Fetch tables from the CBS OData API (cached on disk).",
    ),
    "CBS table ids, e.g. 85984NED.": ("CBS-tabel-id's, bijvoorbeeld 85984NED.", ""),
    "CBS table ids (85984NED), kwb or crime with --years, or cpi.": (
        "CBS-tabel-id's (85984NED), kwb of crime met --years, of cpi.",
        "",
    ),
    "With kwb or crime: the years, e.g. 2013-2024 (kwb: one table a year).": (
        "Met kwb of crime: de jaren, bijvoorbeeld 2013-2024 (kwb: één tabel per jaar).",
        "",
    ),
    "CSV with year and cpi columns to import.": (
        "CSV met kolommen `year` en `cpi` om te importeren.",
        "",
    ),
    "Index base when the header does not say (2015 = 100).": (
        "Basis van de index als de kop die niet noemt (2015 = 100).",
        "",
    ),
    "Consumentenprijsindex: importeer of toon (import or show the CPI).": (
        "Consumentenprijsindex: importeer of toon.",
        "Consumer price index: import or show.",
    ),
    "Amounts in euro in constant prices of this year (CBS CPI in the store).": (
        "Bedragen in euro in constante prijzen van dit jaar (CBS-CPI in de store).",
        "",
    ),
    "Wat staat er in de store (years × levels × indicators, provenance).": (
        "Wat staat er in de store (jaren × niveaus × indicatoren, herkomst).",
        "What the store holds (years × levels × indicators, provenance).",
    ),
    "Toon alle waarden van één gebied (all values of one region).": (
        "Toon alle waarden van één gebied.",
        "Show all values of one region.",
    ),
    "CBS code, e.g. GM0363 or WK036301.": ("CBS-code, bijvoorbeeld GM0363 of WK036301.", ""),
    "Only this year.": ("Alleen dit jaar.", ""),
    "Lijst van indicatoren in de catalogus (the indicator catalogue).": (
        "Lijst van indicatoren in de catalogus.",
        "The indicators of the catalogue.",
    ),
    "Only this domain.": ("Alleen dit domein.", ""),
    "Exporteer een tabel (export a region × indicator table for Excel or QGIS).": (
        "Exporteer een tabel gebied × indicator voor Excel of QGIS.",
        "Export a region × indicator table for Excel or QGIS.",
    ),
    "File: .csv, .parquet, .xlsx or .gpkg.": ("Bestand: .csv, .parquet, .xlsx of .gpkg.", ""),
    "Year.": ("Jaar.", ""),
    "land, gemeente, wijk or buurt.": ("land, gemeente, wijk of buurt.", ""),
    "Only these indicators.": ("Alleen deze indicatoren.", ""),
    "Herbereken PC4-gegevens naar wijken en gemeenten (re-express PC4 data by addresses).": (
        "Herbereken PC4-gegevens naar wijken en gemeenten (naar adressen).",
        "Re-express PC4 data onto wijken and gemeenten (by addresses).",
    ),
    "Level of the data to move (pc4).": ("Niveau van de gegevens (pc4).", ""),
    "Reference year of the PC4 data (1 January).": (
        "Peiljaar van de PC4-gegevens (1 januari).",
        "",
    ),
    "wijk and/or gemeente (default: both).": ("wijk en/of gemeente (standaard: beide).", ""),
    "Boundary year of the target regions and the crosswalk.": (
        "Indelingsjaar van de doelgebieden en de koppeltabel.",
        "",
    ),
    "Rates and means: least share of a region with known PC4 values.": (
        "Percentages en gemiddelden: minimaal deel van een gebied met bekende PC4-waarden.",
        "",
    ),
    # -- index
    "Samengestelde index: bouwen, uitleggen, onzekerheid (the composite index).": (
        "Samengestelde index: bouwen, uitleggen, onzekerheid.",
        "The composite index: build, explain, uncertainty.",
    ),
    "Lijst van meegeleverde index-specificaties (shipped presets).": (
        "Lijst van meegeleverde index-specificaties.",
        "The shipped index specifications (presets).",
    ),
    "Bouw de index voor elk gebied (build the index for every region of a level).": (
        "Bouw de index voor elk gebied van een niveau.",
        "Build the index for every region of a level.",
    ),
    "Year (default: latest with data).": ("Jaar (standaard: het laatste met gegevens).", ""),
    "IndexSpec YAML file.": ("IndexSpec-YAML-bestand.", ""),
    "Preset: kloof, imd or svi.": ("Preset: kloof, imd of svi.", ""),
    "Write .csv, .parquet or .xlsx instead of a table.": (
        "Schrijf .csv, .parquet of .xlsx in plaats van een tabel.",
        "",
    ),
    "Rows shown on screen (most vulnerable first).": (
        "Rijen in de tabel (kwetsbaarste eerst).",
        "",
    ),
    "Waarom scoort dit gebied zo? (each indicator's contribution to the score).": (
        "Waarom scoort dit gebied zo? De bijdrage van elke indicator aan de score.",
        "Why does this region score so? Each indicator's contribution to the score.",
    ),
    "CBS code of a gemeente, wijk or buurt.": ("CBS-code van een gemeente, wijk of buurt.", ""),
    "Onzekerheid: 90%-intervallen van score en rang (Monte Carlo over method choices).": (
        "Onzekerheid: 90%-intervallen van score en rang (Monte Carlo over methodekeuzes).",
        "Uncertainty: 90% intervals of score and rank (Monte Carlo over method choices).",
    ),
    "Monte Carlo replications.": ("Aantal Monte-Carloherhalingen.", ""),
    "Random seed (same seed, same result).": (
        "Seed van het toeval (zelfde seed, zelfde uitkomst).",
        "",
    ),
    "Size of the focus set for P(in focus set).": (
        "Grootte van de focusset voor P(in focusset).",
        "",
    ),
    ".csv, .parquet or .xlsx.": (".csv, .parquet of .xlsx.", ""),
    "Fairness-audit: hangt de index samen met herkomst? (correlation with origin).": (
        "Fairness-audit: hangt de index samen met herkomst?",
        "Fairness audit: does the index correlate with origin?",
    ),
    # -- allocate
    "Budget verdelen, uitleggen en vergelijken (allocate a budget, explain, compare). `kloof allocate RULE.yaml` runs a rule; RULE may be a file or a shipped scenario.": (
        "Budget verdelen, uitleggen en vergelijken. `kloof allocate RULE.yaml` past een "
        "regel toe; RULE is een bestand of een meegeleverd scenario.",
        "Allocate a budget, explain, compare. `kloof allocate RULE.yaml` runs a rule; "
        "RULE may be a file or a shipped scenario.",
    ),
    "Verdeel het budget volgens RULE (allocate; CSV/XLSX by the extension of --output).": (
        "Verdeel het budget volgens RULE (CSV of XLSX naar de extensie van --output).",
        "Allocate the budget by RULE (CSV or XLSX by the extension of --output).",
    ),
    "Rule YAML file, or a scenario name (see `scenarios`).": (
        "Regel-YAML, of de naam van een scenario (zie `scenarios`).",
        "",
    ),
    "Another rule (YAML/scenario) or a previous allocation (CSV).": (
        "Een andere regel (YAML/scenario) of een eerdere verdeling (CSV).",
        "",
    ),
    "Write .csv or .xlsx.": ("Schrijf .csv of .xlsx.", ""),
    "Previous allocation (CSV: recipient, amount) to dampen against.": (
        "Eerdere verdeling (CSV: recipient, amount) om tegen te dempen.",
        "",
    ),
    "Data year (default: the rule's, else the latest).": (
        "Gegevensjaar (standaard: dat van de regel, anders het laatste).",
        "",
    ),
    "Budget year of a schedule (default: first).": (
        "Begrotingsjaar van een meerjarenreeks (standaard: het eerste).",
        "",
    ),
    "Need draws (CSV: one column per recipient) for robustness.": (
        "Trekkingen van de behoefte (CSV: een kolom per ontvanger) voor robuustheid.",
        "",
    ),
    "Draw the need this many times: from its sampling error (Poisson) for an indicator, from the index uncertainty for an index.": (
        "Trek de behoefte zo vaak: uit de steekproeffout (Poisson) voor een indicator, uit de onzekerheid van de index voor een index.",
        "",
    ),
    "Comma-separated addresses of reverse proxies whose X-Forwarded-For is believed (default: none, the header is ignored).": (
        "Adressen van reverse proxy's, gescheiden door komma's, waarvan X-Forwarded-For geloofd wordt (standaard: geen, de kop wordt genegeerd).",
        "",
    ),
    "Draw the need this many times from the index uncertainty.": (
        "Trek de behoefte zo vaak uit de onzekerheid van de index.",
        "",
    ),
    "Seed of --runs.": ("Seed van --runs.", ""),
    "Change (%) whose probability --draws/--runs reports.": (
        "Verandering (%) waarvan --draws/--runs de kans geeft.",
        "",
    ),
    "Waarom krijgt RECIPIENT dit bedrag (why € X: the breakdown of one amount).": (
        "Waarom krijgt RECIPIENT dit bedrag? De opbouw van één bedrag.",
        "Why does RECIPIENT get this amount? The breakdown of one amount.",
    ),
    "Recipient id or name.": ("Id of naam van de ontvanger.", ""),
    "De meegeleverde scenario's (shipped scenarios).": (
        "De meegeleverde scenario's.",
        "The shipped scenarios.",
    ),
    "Print a scenario's YAML (copy it, edit it, run your own).": (
        "Toon de YAML van een scenario (kopieer, pas aan, draai je eigen).",
        "",
    ),
    "Scenario name.": ("Naam van het scenario.", ""),
    "De verdeelsleutels (the allocation keys of the registry).": (
        "De verdeelsleutels van het register.",
        "The allocation keys of the registry.",
    ),
    # -- spatial
    "Ruimtelijke analyse: hot spots, focusgebieden, segregatie, de kloof (where the pressure is).": (
        "Ruimtelijke analyse: hotspots, focusgebieden, segregatie, de kloof.",
        "Spatial analysis: hot spots, focus areas, segregation, the gap.",
    ),
    "Hot spots en cold spots (LISA / Gi*) met FDR-correctie en Moran's I.": (
        "Hotspots en coldspots (LISA / Gi*) met FDR-correctie en Moran's I.",
        "Hot spots and cold spots (LISA / Gi*) with FDR correction and Moran's I.",
    ),
    "lisa (local Moran) or gi_star.": ("lisa (lokale Moran) of gi_star.", ""),
    "Permutations for pseudo p-values.": ("Permutaties voor pseudo-p-waarden.", ""),
    "Seed of all random draws.": ("Seed van alle toevalstrekkingen.", ""),
    "Significance level.": ("Significantieniveau.", ""),
    "fdr, bonferroni or none.": ("fdr, bonferroni of none.", ""),
    "queen, rook, distance or knn.": ("queen, rook, distance of knn.", ""),
    "Distance band (m).": ("Afstandsgrens (m).", ""),
    "Neighbours for --graph knn.": ("Buren bij --graph knn.", ""),
    "knn (link) or drop.": ("knn (verbinden) of drop.", ""),
    ".csv, .xlsx or .gpkg": (".csv, .xlsx of .gpkg", ""),
    "Also draw a map (.png or .svg).": ("Teken ook een kaart (.png of .svg).", ""),
    "Focusgebieden: aaneengesloten wijken onder druk (size, severity, duration).": (
        "Focusgebieden: aaneengesloten wijken onder druk (omvang, ernst, duur).",
        "Focus areas: contiguous wijken under pressure (size, severity, duration).",
    ),
    "COLUMN (worst share) or COLUMN>=X / <=X.": (
        "COLUMN (slechtste aandeel) of COLUMN>=X / <=X.",
        "",
    ),
    "Years (default: all).": ("Jaren (standaard: alle).", ""),
    "Worst share of regions.": ("Slechtste aandeel van de gebieden.", ""),
    "Criteria that must hold.": ("Aantal criteria waaraan voldaan moet zijn.", ""),
    "Minimum residents.": ("Minimaal aantal inwoners.", ""),
    "Years a region must qualify.": ("Jaren dat een gebied moet voldoen.", ""),
    "Area set: nplv, dichtdekloof.": ("Gebiedenset: nplv, dichtdekloof.", ""),
    "Segregatie en concentratie per gemeente (D, isolatie, blootstelling, H, LQ).": (
        "Segregatie en concentratie per gemeente (D, isolatie, blootstelling, H, LQ).",
        "Segregation and concentration per gemeente (D, isolation, exposure, H, LQ).",
    ),
    "Group count, e.g. bijstand_recipients.": (
        "Aantal in de groep, bijvoorbeeld bijstand_recipients.",
        "",
    ),
    "Population, e.g. inhabitants.": ("Bevolking, bijvoorbeeld inhabitants.", ""),
    "The group column is a percentage of --total.": (
        "De groepskolom is een percentage van --total.",
        "",
    ),
    "Evenness-null draws (0: none).": ("Trekkingen onder gelijke spreiding (0: geen).", ""),
    "Rows to show.": ("Aantal rijen in de tabel.", ""),
    "De landelijke kloof: Theil T/L (tussen/binnen gemeenten), Gini, slechtste decielkloof.": (
        "De landelijke kloof: Theil T/L (tussen/binnen gemeenten), Gini, slechtste decielkloof.",
        "The national gap: Theil T/L (between/within gemeenten), Gini, worst-decile gap.",
    ),
    "Indicator id(s).": ("Indicator-id('s).", ""),
    "Worst share of residents.": ("Slechtste aandeel van de inwoners.", ""),
    "Also the spatial Gini (needs boundaries).": (
        "Ook de ruimtelijke Gini (vraagt grenzen).",
        "",
    ),
    # -- monitor
    "Programma monitoren: gebieden, reeksen, doelen, effect (monitor the programme).": (
        "Programma monitoren: gebieden, reeksen, doelen, effect.",
        "Monitor the programme: areas, series, targets, effect.",
    ),
    "Toon de programmagebieden (list the areas of a set, with confidence notes).": (
        "Toon de programmagebieden van een set, met opmerkingen over de zekerheid.",
        "List the areas of a set, with confidence notes.",
    ),
    "Built-in area set: nplv or dichtdekloof.": (
        "Meegeleverde gebiedenset: nplv of dichtdekloof.",
        "",
    ),
    "Your own area YAML (overrides --set).": (
        "Je eigen gebieden-YAML (gaat voor --set).",
        "",
    ),
    "Print the set as YAML.": ("Toon de set als YAML.", ""),
    "Report area codes absent from the store in this year.": (
        "Meld gebiedscodes die in dit jaar niet in de store staan.",
        "",
    ),
    "Reeks van een gebied en zijn referenties (series of an area and its references).": (
        "Reeks van een gebied en zijn referenties.",
        "Series of an area and its references.",
    ),
    "Area id (e.g. rotterdam-zuid) or region code.": (
        "Gebieds-id (bijvoorbeeld rotterdam-zuid) of CBS-code.",
        "",
    ),
    "rest_of_gemeente, rest_of_nl, nl, gemeente, g4": (
        "rest_of_gemeente, rest_of_nl, nl, gemeente, g4",
        "",
    ),
    "Show values with this year = 100.": ("Toon waarden met dit jaar = 100.", ""),
    "Series of the area's gemeente instead.": ("Reeks van de gemeente van het gebied.", ""),
    "Status van doelen: op koers / risico / uit koers (status of targets).": (
        "Status van doelen: op koers / risico / uit koers.",
        "Status of targets: on track / at risk / off track.",
    ),
    "Targets YAML.": ("Doelen-YAML.", ""),
    "Status as of this year.": ("Status in dit jaar.", ""),
    "CSV subject,indicator,year,value instead of the store.": (
        "CSV subject,indicator,year,value in plaats van de store.",
        "",
    ),
    "Your own area YAML.": ("Je eigen gebieden-YAML.", ""),
    "Werkt het? DiD en synthetische controle met placebo's (does it work?).": (
        "Werkt het? DiD en synthetische controle met placebo's.",
        "Does it work? DiD and synthetic control with placebos.",
    ),
    "Area id, or 'all' for every known area.": (
        "Gebieds-id, of 'all' voor alle bekende gebieden.",
        "",
    ),
    "First programme year.": ("Eerste programmajaar.", ""),
    "did, synthetic or both.": ("did, synthetic of both.", ""),
    "gemeente or wijk.": ("gemeente of wijk.", ""),
    "In-space placebo draws.": ("Placebotrekkingen over gebieden.", ""),
    "De-meaned synthetic control.": (
        "Synthetische controle op afwijkingen van het gemiddelde.",
        "",
    ),
    "De vijf opgaven: wat gemeten wordt en wat nog ontbreekt (the five NPLV tasks).": (
        "De vijf opgaven: wat gemeten wordt en wat nog ontbreekt.",
        "The five tasks: what is measured and what is still missing.",
    ),
    "{task}: no data yet ({missing}); would be filled by {source}": (
        "{task}: nog geen gegevens ({missing}); aan te vullen uit {source}",
        "",
    ),
    "{task}, still missing: {missing} ({source})": (
        "{task}, ontbreekt nog: {missing} ({source})",
        "",
    ),
    # -- plans, users
    "Gebiedsplannen: plan, allianties, maatregelen, bewonersstem (area plans).": (
        "Gebiedsplannen: plan, allianties, maatregelen, bewonersstem.",
        "Area plans: plan, alliances, measures, residents' voice.",
    ),
    "Database URL (default: KLOOF_PLANS_DB or sqlite:///kloof-plans.db).": (
        "Database-URL (standaard: KLOOF_PLANS_DB of sqlite:///kloof-plans.db).",
        "",
    ),
    "Maak het gebiedsplan van een gebied aan (create the plan of an area).": (
        "Maak het gebiedsplan van een gebied aan.",
        "Create the plan of an area.",
    ),
    "Area id: nplv:rotterdam-zuid or rotterdam-zuid.": (
        "Gebieds-id: nplv:rotterdam-zuid of rotterdam-zuid.",
        "",
    ),
    "Title (default: the area's name).": ("Titel (standaard: de naam van het gebied).", ""),
    "Toon alle gebiedsplannen (list the plans).": ("Toon alle gebiedsplannen.", "List the plans."),
    "Exporteer een gebiedsplan naar XLSX of CSV (export a plan).": (
        "Exporteer een gebiedsplan naar XLSX of CSV.",
        "Export a plan to XLSX or CSV.",
    ),
    "FILE.xlsx (whole plan) or FILE.csv (measures).": (
        "FILE.xlsx (heel het plan) of FILE.csv (maatregelen).",
        "",
    ),
    "Gebruikers en rollen van de gebiedsplannen (users and roles of area plans).": (
        "Gebruikers en rollen van de gebiedsplannen.",
        "Users and roles of the area plans.",
    ),
    "Voeg een gebruiker toe (add a user; password from a hidden prompt or KLOOF_NEW_PASSWORD).": (
        "Voeg een gebruiker toe (wachtwoord via een verborgen prompt of KLOOF_NEW_PASSWORD).",
        "Add a user (password from a hidden prompt or KLOOF_NEW_PASSWORD).",
    ),
    "E-mail address (the login name).": ("E-mailadres (de inlognaam).", ""),
    "Global administrator.": ("Beheerder van alles.", ""),
    "AREA:ROLE, e.g. rotterdam-zuid:editor (repeatable).": (
        "AREA:ROLE, bijvoorbeeld rotterdam-zuid:editor (herhaalbaar).",
        "",
    ),
    "Toon alle gebruikers en hun rollen (list users).": (
        "Toon alle gebruikers en hun rollen.",
        "List the users and their roles.",
    ),
    "Maak een API-token (create an API token; it is shown only this once).": (
        "Maak een API-token (het wordt maar één keer getoond).",
        "Create an API token (it is shown only this once).",
    ),
    "E-mail address of the user.": ("E-mailadres van de gebruiker.", ""),
    "Name of the token.": ("Naam van het token.", ""),
}


#: Click's own error messages (English in the code) as patterns with their Dutch text.
ERRORS_NL: tuple[tuple[str, str], ...] = (
    (r"^Invalid value for (.+?): ", r"Ongeldige waarde voor \1: "),
    (r"^Invalid value: ", "Ongeldige waarde: "),
    (r"^No such option: (\S+)", r"Onbekende optie: \1"),
    (r"^No such command (.+)\.", r"Onbekende opdracht \1."),
    (r"^Missing argument (.+)\.", r"Argument \1 ontbreekt."),
    (r"^Missing option (.+)\.", r"Optie \1 ontbreekt."),
    (r"^Missing command\.", "Opdracht ontbreekt."),
    (r"Did you mean (.+)\?", r"Bedoel je \1?"),
    (r"\(Possible options: ", "(Mogelijke opties: "),
    (r"^Got unexpected extra arguments? \((.+)\)", r"Onverwacht extra argument (\1)"),
    (r"^Option (.+) requires an argument\.", r"Optie \1 vraagt een waarde."),
    (r"(.+) is not a valid integer\.", r"\1 is geen geldig geheel getal."),
    (r"(.+) is not a valid float\.", r"\1 is geen geldig getal."),
    (r"(.+) is not one of (.+)\.", r"\1 is niet een van \2."),
    # typer converts values with pydantic, whose messages are English
    (
        r"Input should be a valid integer, unable to parse string as an integer",
        "geef een geheel getal",
    ),
    (
        r"Input should be a valid integer, got a number with a fractional part",
        "geef een geheel getal",
    ),
    (r"Input should be a valid number, unable to parse string as a number", "geef een getal"),
    (r"Input should be a valid integer", "geef een geheel getal"),
    (r"Input should be a valid number", "geef een getal"),
    (r"Input should be greater than or equal to (\S+)", r"geef een waarde van minstens \1"),
    (r"Input should be less than or equal to (\S+)", r"geef een waarde van hoogstens \1"),
    (r"Input should be greater than (\S+)", r"geef een waarde groter dan \1"),
    (r"Input should be less than (\S+)", r"geef een waarde kleiner dan \1"),
)


def error_text(message: str, lang: str) -> str:
    """A usage error of click in ``lang`` (the patterns of :data:`ERRORS_NL`)."""
    import re

    if lang == "en":
        return message
    for pattern, replacement in ERRORS_NL:
        message = re.sub(pattern, replacement, message)
    return message


def normalise(text: str) -> str:
    """A help text as one line (docstrings and wrapped strings compare equal)."""
    return " ".join(text.split())


_KEYS = {normalise(k): v for k, v in CATALOGUE.items()}


def language() -> str:
    """The language of this run: ``--lang``, else ``KLOOF_LANGUAGE``, else ``nl``."""
    from kloof.cli._common import state

    return state.lang


def text(key: str, lang: str) -> str:
    """``key`` in ``lang`` (the key itself when the catalogue has no entry)."""
    entry = _KEYS.get(normalise(key))
    if entry is None:
        return key
    nl, en = entry
    return (en or key) if lang == "en" else (nl or key)


def tr(key: str, lang: str | None = None, **values: Any) -> str:
    """The text of ``key`` in the language of this run, filled with ``values``."""
    out = text(key, lang or language())
    return out.format(**values) if values else out


def missing(key: str) -> bool:
    """Whether a help text lacks an entry in the catalogue."""
    return normalise(key) not in _KEYS


def _walk(command: Any, visit: Callable[[Any], None], seen: set[int]) -> None:
    if id(command) in seen:
        return
    seen.add(id(command))
    visit(command)
    for sub in getattr(command, "commands", {}).values():
        _walk(sub, visit, seen)


def localise(command: Any, lang: str) -> None:
    """Translate the help of a command tree and typer's/click's own texts to ``lang``.

    Run once per invocation, before any help is printed. Click and typer look their
    texts up through ``gettext`` (English only); here their lookup is pointed at this
    catalogue for the run.
    """
    import importlib

    def translate(value: str) -> str:
        return text(value, lang)

    for name in ("_click.core", "_click.formatting", "_click.exceptions", "_click.parser", "core"):
        try:
            module = importlib.import_module(f"typer.{name}")
        except ImportError:  # pragma: no cover - another typer layout
            continue
        if hasattr(module, "_"):
            module._ = translate  # type: ignore[attr-defined]
    from typer import rich_utils

    for attr, key in (
        ("ARGUMENTS_PANEL_TITLE", "Arguments"),
        ("OPTIONS_PANEL_TITLE", "Options"),
        ("COMMANDS_PANEL_TITLE", "Commands"),
        ("ERRORS_PANEL_TITLE", "Error"),
        ("ABORTED_TEXT", "Aborted."),
        ("DEFAULT_STRING", "[default: {}]"),
        ("REQUIRED_LONG_STRING", "[required]"),
        ("ENVVAR_STRING", "[env var: {}]"),
        ("DEPRECATED_STRING", "(deprecated) "),
        ("RICH_HELP", "Try [blue]'{command_path} {help_option}'[/] for help."),
    ):
        setattr(rich_utils, attr, text(key, lang))
    original = getattr(rich_utils, "_kloof_format_help", rich_utils.rich_format_help)
    rich_utils._kloof_format_help = original  # type: ignore[attr-defined]

    def format_help(*, obj: Any, ctx: Any, markup_mode: Any) -> Any:
        for param in obj.get_params(ctx):  # the --help option is made late
            if getattr(param, "help", None):
                param.help = translate(param.help)
        return original(obj=obj, ctx=ctx, markup_mode=markup_mode)

    rich_utils.rich_format_help = format_help

    original_error = getattr(rich_utils, "_kloof_format_error", rich_utils.rich_format_error)
    rich_utils._kloof_format_error = original_error  # type: ignore[attr-defined]

    def format_error(error: Any) -> None:
        message = error_text(error.format_message(), lang)
        error.format_message = lambda: message
        original_error(error)

    rich_utils.rich_format_error = format_error  # type: ignore[assignment]
    from typer._click.formatting import HelpFormatter

    write_usage = getattr(HelpFormatter, "_kloof_write_usage", HelpFormatter.write_usage)
    HelpFormatter._kloof_write_usage = write_usage  # type: ignore[attr-defined]

    def usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        write_usage(self, prog, args, text("Usage: ", lang) if prefix is None else prefix)

    HelpFormatter.write_usage = usage  # type: ignore[method-assign]

    def visit(cmd: Any) -> None:
        if cmd.help:
            cmd.help = translate(cmd.help)
        if getattr(cmd, "short_help", None):
            cmd.short_help = translate(cmd.short_help)
        for param in cmd.params:
            if getattr(param, "help", None):
                param.help = translate(param.help)

    _walk(command, visit, set())
