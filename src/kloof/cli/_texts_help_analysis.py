# ruff: noqa: E501  (a table of help texts)
"""Help texts of ``index``, ``allocate``, ``spatial``, ``monitor``, ``plans`` and
``users`` in Dutch and English.

Part of the catalogue of :mod:`kloof.cli._texts`; keyed by the help text as written in
the source, ``""`` meaning "the key itself". A test checks that every help text has
an entry (here or in :mod:`kloof.cli._texts_help_data`).
"""

from __future__ import annotations

__all__ = ["HELP_ANALYSIS"]

#: key (the help text as written in the source) → (nl, en).
HELP_ANALYSIS: dict[str, tuple[str, str]] = {
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
