# ruff: noqa: E501  (a table of interface texts)
"""Texts of the command line's interface in Dutch and English: click's and typer's own
texts, table headers and kloof's own messages.

Part of the catalogue of :mod:`kloof.cli._texts` (which merges it with the help texts
of :mod:`kloof.cli._texts_help_data` and :mod:`kloof.cli._texts_help_analysis`); keyed
by the English text, ``""`` meaning "the key itself".
"""

from __future__ import annotations

__all__ = ["INTERFACE"]

#: key (the English text) → (nl, en).
INTERFACE: dict[str, tuple[str, str]] = {
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
}
