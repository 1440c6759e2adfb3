# ruff: noqa: E501  (a table of help texts)
"""Help texts of ``kloof`` itself, ``map``, ``simulate``, ``serve``, ``report`` and
``data`` in Dutch and English.

Part of the catalogue of :mod:`kloof.cli._texts`; keyed by the help text as written in
the source, ``""`` meaning "the key itself". A test checks that every help text has
an entry (here or in :mod:`kloof.cli._texts_help_analysis`).
"""

from __future__ import annotations

__all__ = ["HELP_DATA"]

#: key (the help text as written in the source) → (nl, en).
HELP_DATA: dict[str, tuple[str, str]] = {
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
}
