# ruff: noqa: E501  (a table of messages)
"""Notes, warnings and the commands' own messages in Dutch (part of the message table).

The second half of :data:`kloof.cli._messages_nl.MESSAGES`: warnings and notes of the
analysis and the readers, validation notes, and the messages of the commands
themselves (usage, ``kloof data import``). Same keys and rules as there.
"""

from __future__ import annotations

__all__ = ["NOTES"]

NOTES: dict[str, tuple[str, str]] = {
    # -- warnings and notes of the analysis (index/prepare.py, spatial, reexpress)
    "domains[{d}].indicators[{i}].id: the frame has no data for {name}; import it, or mark the indicator required: false": (
        "domains[{d}].indicators[{i}].id: er zijn geen gegevens voor {name}; importeer die, of maak de indicator optioneel (required: false)",
        "",
    ),
    "no data for optional indicator(s) {names}: left out, weights re-normalised": (
        "geen gegevens voor de optionele indicator(en) {names}: weggelaten, gewichten opnieuw genormaliseerd",
        "",
    ),
    "no data for optional indicator(s) {names}: left out, weights re-normalised; domain(s) without data left out: {domains}": (
        "geen gegevens voor de optionele indicator(en) {names}: weggelaten, gewichten opnieuw genormaliseerd; domein(en) zonder gegevens weggelaten: {domains}",
        "",
    ),
    "no region is significant: with {n} permutations the smallest pseudo p-value is {p}; {correction} over {m} regions needs about {need} regions at that level; use more permutations (e.g. 9999)": (
        "geen gebied is significant: met {n} permutaties is de kleinste pseudo-p-waarde {p}; {correction} over {m} gebieden vraagt ongeveer {need} gebieden op dat niveau; gebruik meer permutaties (bijvoorbeeld 9999)",
        "",
    ),
    "no weight count for {names}: parts of old regions are weighted by their address share only; pass weights= (see catalogue_plan) for exact rates": (
        "geen weegaantal voor {names}: delen van oude gebieden wegen alleen naar hun aandeel adressen; geef weights= op (zie catalogue_plan) voor exacte verhoudingen",
        "",
    ),
    # -- validation notes (report/validation.py)
    "{code}: no residents known, counted as its whole wijk {wijk}": (
        "{code}: geen inwoners bekend, geteld als de hele wijk {wijk}",
        "",
    ),
    "{code}: not found among the {n} analysed regions": (
        "{code}: niet gevonden onder de {n} geanalyseerde gebieden",
        "",
    ),
    "{code}: composition unknown, not counted": (
        "{code}: samenstelling onbekend, niet meegeteld",
        "",
    ),
    "reference: {n} regions": ("referentie: {n} gebieden", ""),
    "reference: {n} postcode areas re-expressed onto {m} {level} regions of {year} by address shares": (
        "referentie: {n} postcodegebieden omgerekend naar {m} gebieden van niveau {level} van {year} naar aandeel adressen",
        "",
    ),
    # -- notes of the readers (batch.notes)
    "{n} invalid geometries repaired (make_valid)": (
        "{n} ongeldige geometrieën hersteld (make_valid)",
        "",
    ),
    "{n} regions, {m} indicators, {k} missing values": (
        "{n} gebieden, {m} indicatoren, {k} ontbrekende waarden",
        "",
    ),
    "columns not in the catalogue, ignored: {names}": (
        "kolommen die niet in de catalogus staan, genegeerd: {names}",
        "",
    ),
    "{n} column(s) are not in the catalogue for {year} and were skipped: {names}": (
        "{n} kolom(men) staan niet in de catalogus voor {year} en zijn overgeslagen: {names}",
        "",
    ),
    "column(s) repeating an indicator were skipped: {names}": (
        "kolom(men) die een indicator herhalen zijn overgeslagen: {names}",
        "",
    ),
    "{n} of {m} values are missing or suppressed": (
        "{n} van de {m} waarden ontbreken of zijn afgeschermd",
        "",
    ),
    "region codes taken by row position from {source} (names match)": (
        "gebiedscodes op rijpositie overgenomen uit {source} (de namen komen overeen)",
        "",
    ),
    "read as {encoding} text (not UTF-8)": ("gelezen als {encoding}-tekst (geen UTF-8)", ""),
    "no CRS in the file; coordinates are degrees, read as WGS84": (
        "geen CRS in het bestand; de coördinaten zijn graden, gelezen als WGS84",
        "",
    ),
    "no CRS in the file; coordinates fit RD New, read as EPSG:28992": (
        "geen CRS in het bestand; de coördinaten passen in RD New, gelezen als EPSG:28992",
        "",
    ),
    "the file says WGS84 but holds RD New metres; read as EPSG:28992": (
        "het bestand zegt WGS84 maar bevat RD New-meters; gelezen als EPSG:28992",
        "",
    ),
    "{n} empty geometries, regions kept without shape: {codes}": (
        "{n} lege geometrieën, gebieden behouden zonder vorm: {codes}",
        "",
    ),
    "{n} codes occur in several features, their shapes merged: {codes}": (
        "{n} codes komen in meerdere objecten voor, hun vormen zijn samengevoegd: {codes}",
        "",
    ),
    "matrix {name}": ("matrix {name}", ""),
    "{n} {level} regions of {first} changed; they map onto {m} regions of {last} ({k} split over several); all other regions map one-to-one onto the same code": (
        "{n} gebieden van niveau {level} uit {first} zijn veranderd; ze vallen op {m} gebieden van {last} ({k} verdeeld over meerdere); alle andere gebieden gaan één op één naar dezelfde code",
        "",
    ),
    "{n} regions over {m} years ({first}-{last}), {k} missing values; values already stored from a fuller publication are kept": (
        "{n} gebieden over {m} jaren ({first}-{last}), {k} ontbrekende waarden; waarden die al uit een vollediger publicatie zijn opgeslagen blijven staan",
        "",
    ),
    "mapped columns absent from this file, skipped: {names}": (
        "gekoppelde kolommen die in dit bestand ontbreken, overgeslagen: {names}",
        "",
    ),
    "excluded by the mapping: {codes}": ("uitgesloten door de mapping: {codes}", ""),
    "CBS PC4 workbook, short names in row {row}": (
        "CBS PC4-werkmap, korte namen in rij {row}",
        "",
    ),
    "reference date 1 January {year} (title row)": (
        "peildatum 1 januari {year} (titelrij)",
        "",
    ),
    "the file names no year: taken as 1 January 2022, the year of this CBS layout (herkomst born in/outside the Netherlands); pass --year if it is another year": (
        "de bestandsnaam noemt geen jaar: 1 januari 2022 aangenomen, het jaar van deze CBS-indeling (herkomst geboren in/buiten Nederland); geef --year als het een ander jaar is",
        "",
    ),
    "CBS PC4 layout of 1 January 2022, columns read by position": (
        "CBS PC4-indeling van 1 januari 2022, kolommen gelezen op positie",
        "",
    ),
    # -- commands and their inputs (cli/*, monitor/areas.py, monitor/targets.py, plans)
    "{name} is no e-mail address": ("{name} is geen e-mailadres", ""),
    "no plan for area {area}: create it with `kloof plans init`": (
        "geen plan voor gebied {area}: maak het met `kloof plans init`",
        "",
    ),
    "no plan for area {area}": ("geen plan voor gebied {area}", ""),
    "{area} is no area of {set} nor a region code": (
        "{area} is geen gebied van {set} en geen gebiedscode",
        "",
    ),
    "{area} is no area of {sets}: see `kloof monitor areas --set {first}`": (
        "{area} is geen gebied van {sets}: zie `kloof monitor areas --set {first}`",
        "",
    ),
    "unknown format {name}; use pdf, html or xlsx": (
        "onbekend formaat {name}; kies pdf, html of xlsx",
        "",
    ),
    "{path}: no such scenario file (shipped: {names})": (
        "{path}: dit scenariobestand bestaat niet (meegeleverd: {names})",
        "",
    ),
    "--role {value}: give AREA:ROLE with ROLE one of {roles}": (
        "--role {value}: geef AREA:ROLE met ROLE een van {roles}",
        "",
    ),
    "{path}: cannot read the spec ({error})": (
        "{path}: de specificatie is niet te lezen ({error})",
        "",
    ),
    "give either --indicator or --index": ("geef --indicator of --index", ""),
    "give --indicator and/or --index": ("geef --indicator en/of --index", ""),
    "severity {value}: write COLUMN, COLUMN>=VALUE or COLUMN<=VALUE": (
        "ernst {value}: schrijf KOLOM, KOLOM>=WAARDE of KOLOM<=WAARDE",
        "",
    ),
    "cannot read area file {path}: {error}": (
        "het gebiedenbestand {path} is niet te lezen: {error}",
        "",
    ),
    "no built-in area set {name}; known: {names}": (
        "geen meegeleverde gebiedenset {name}; bekend: {names}",
        "",
    ),
    "cannot read targets file {path}: {error}": (
        "het doelenbestand {path} is niet te lezen: {error}",
        "",
    ),
    "{where}.id: unknown indicator {name}; `kloof data indicators` lists them": (
        "{where}.id: onbekende indicator {name}; `kloof data indicators` geeft de lijst",
        "",
    ),
    "{where}.denominator: unknown indicator {name}": (
        "{where}.denominator: onbekende indicator {name}",
        "",
    ),
    # -- index specifications (index/_checks.py)
    "{field}: unknown method {value}; choose from {choices}": (
        "{field}: onbekende methode {value}; kies uit {choices}",
        "",
    ),
    "{name}.params: only 'offset' is known, got {names}": (
        "{name}.params: alleen 'offset' is bekend, gekregen: {names}",
        "",
    ),
    "imputation.params: imputers take no parameters": (
        "imputation.params: imputatiemethoden hebben geen parameters",
        "",
    ),
    "domains[{d}].id: {name} is a result column name; rename it": (
        "domains[{d}].id: {name} is de naam van een resultaatkolom; geef het een andere naam",
        "",
    ),
    "domains[{d}].id: domain {name} appears twice": (
        "domains[{d}].id: domein {name} komt twee keer voor",
        "",
    ),
    "{where}.id: indicator {name} appears twice": (
        "{where}.id: indicator {name} komt twee keer voor",
        "",
    ),
    "{where}.direction: {name} is neutral in the catalogue; give higher_is_worse or higher_is_better": (
        "{where}.direction: {name} is neutraal in de catalogus; geef higher_is_worse of higher_is_better",
        "",
    ),
    "{where}.id: {name} is a sensitive (origin) indicator; it belongs in the fairness audit, not in an index (set allow_sensitive to override)": (
        "{where}.id: {name} is een gevoelige (herkomst)indicator; die hoort in de eerlijkheidstoets, niet in een index (zet allow_sensitive om dat toch te doen)",
        "",
    ),
    "{where}.weight: negative weight {value}": ("{where}.weight: negatief gewicht {value}", ""),
    "domains[{d}].weight: negative weight {value}": (
        "domains[{d}].weight: negatief gewicht {value}",
        "",
    ),
    "{name}.weights.{key}: no {what} {key2} in this spec (known: {names})": (
        "{name}.weights.{key}: geen {what} {key2} in deze specificatie (bekend: {names})",
        "",
    ),
    "{name}.weights.{key}: negative weight {value}": (
        "{name}.weights.{key}: negatief gewicht {value}",
        "",
    ),
    "domain_level.weights: weighting 'explicit' needs weights for {names}": (
        "domain_level.weights: weging 'explicit' vraagt gewichten voor {names}",
        "",
    ),
    "index_level.weights.{name}: weighting 'explicit' needs a weight": (
        "index_level.weights.{name}: weging 'explicit' vraagt een gewicht",
        "",
    ),
    "index_level.weighting: domain {name} has no IMD counterpart; set its imd_domain or give it a weight": (
        "index_level.weighting: domein {name} heeft geen IMD-tegenhanger; zet imd_domain of geef het een gewicht",
        "",
    ),
    "domain_level.weighting: 'imd' weights domains, use it at index_level": (
        "domain_level.weighting: 'imd' weegt domeinen, gebruik het op index_level",
        "",
    ),
    "screening.min_coverage: {value} is not in [0, 1]": (
        "screening.min_coverage: {value} ligt niet in [0, 1]",
        "",
    ),
    "screening.min_population: {value} is negative": (
        "screening.min_population: {value} is negatief",
        "",
    ),
    "points: {value} must be positive": ("points: {value} moet positief zijn", ""),
    "flag_percentile: {value} is not in (0, 1]": (
        "flag_percentile: {value} ligt niet in (0, 1]",
        "",
    ),
    "class_breaks: give 8 increasing upper bounds of classes 1-8": (
        "class_breaks: geef 8 oplopende bovengrenzen van de klassen 1-8",
        "",
    ),
    "reference: empty; use NL, G4 or region codes": (
        "reference: leeg; gebruik NL, G4 of gebiedscodes",
        "",
    ),
    # -- usage (cli/_usage.py, cli/data.py, cli/plans.py)
    "unknown domain {name}; use {choices}": ("onbekend domein {name}; kies uit {choices}", ""),
    "no plans database at {path}: start one with `kloof plans init` or `kloof users add`": (
        "geen plannendatabase in {path}: begin er een met `kloof plans init` of `kloof users add`",
        "",
    ),
    "{value} is not a finite number": ("{value} is geen eindig getal", ""),
    # -- kloof data import / fetch (cli/data.py)
    "skipped": ("overgeslagen", ""),
    "nothing importable in {paths}": ("niets te importeren in {paths}", ""),
    "reading": ("lezen", ""),
    "reading {name} ({kind})": ("lezen {name} ({kind})", ""),
    "storing (one transaction)": ("opslaan (één transactie)", ""),
    "already imported": ("al geïmporteerd", ""),
    "{regions} regions, {values} values, {geometries} geometries, {crosswalk} crosswalk rows": (
        "{regions} gebieden, {values} waarden, {geometries} grenzen, {crosswalk} rijen omzettingstabel",
        "",
    ),
    "{n} stored values replaced ({m} of them by missing)": (
        "{n} opgeslagen waarden vervangen (waarvan {m} door ontbrekend)",
        "",
    ),
    "{n} stored boundaries replaced by different shapes": (
        "{n} opgeslagen grenzen vervangen door andere vormen",
        "",
    ),
    "{n} values already stored from a fuller publication kept (this file supplements them)": (
        "{n} al opgeslagen waarden uit een vollediger publicatie behouden (dit bestand vult ze aan)",
        "",
    ),
    "store: {path}": ("store: {path}", ""),
    "fetching {table}": ("ophalen {table}", ""),
    "already there": ("al aanwezig", ""),
    "{n} values": ("{n} waarden", ""),
}
