# ruff: noqa: E501  (a table of messages)
"""Readers' errors in Dutch (part of the message table).

The readers of KWB files, panels, mappings, code-value files, boundaries, crosswalks,
CBS OData, PC4 tables and reference tables: merged into
:data:`kloof.cli._messages_nl.MESSAGES`; same keys and rules as there.
"""

from __future__ import annotations

__all__ = ["SOURCES"]

SOURCES: dict[str, tuple[str, str]] = {
    # -- KWB files and panels (sources/cbs_files.py, sources/kwb_panel.py)
    "region code {code} appears more than once (rows {rows})": (
        "gebiedscode {code} komt meer dan eens voor (rijen {rows})",
        "",
    ),
    "cannot tell the KWB year from the file name; pass it with --year": (
        "het KWB-jaar staat niet in de bestandsnaam; geef het op met --year",
        "",
    ),
    "year {year} is not a KWB year the catalogue knows ({first}-{last}); check --year or extend the catalogue": (
        "jaar {year} is geen KWB-jaar dat de catalogus kent ({first}-{last}); controleer --year of vul de catalogus aan",
        "",
    ),
    "the file has a header but no rows": ("het bestand heeft een kopregel maar geen rijen", ""),
    "columns not in the catalogue for {year}: {names}; drop strict or extend the catalogue": (
        "kolommen die niet in de catalogus staan voor {year}: {names}; laat strict weg of vul de catalogus aan",
        "",
    ),
    "no column of this file is a known KWB indicator; is it a KWB file?": (
        "geen kolom van dit bestand is een bekende KWB-indicator; is het een KWB-bestand?",
        "",
    ),
    "two columns map to indicator {name}": ("twee kolommen horen bij indicator {name}", ""),
    "columns {first} and {second} are both indicator {name} but differ; remove the one that is wrong": (
        "kolommen {first} en {second} zijn allebei indicator {name} maar verschillen; verwijder de verkeerde",
        "",
    ),
    "cannot read this workbook ({error}); it may be corrupt": (
        "deze werkmap is niet te lezen ({error}); ze is misschien beschadigd",
        "",
    ),
    "cannot read this workbook ({error})": ("deze werkmap is niet te lezen ({error})", ""),
    "no region code column found (expected gwb_code_10, or gwb_code_8 with recs); columns are {names}...; is this a KWB file, and is the delimiter right?": (
        "geen kolom met gebiedscodes gevonden (verwacht gwb_code_10, of gwb_code_8 met recs); de kolommen zijn {names}...; is dit een KWB-bestand, en klopt het scheidingsteken?",
        "",
    ),
    "a KWB panel needs a gwb_code and a year column": (
        "een KWB-panel heeft een kolom gwb_code en een kolom jaar nodig",
        "",
    ),
    "region code {code} does not parse as a CBS code": ("gebiedscode {code} is geen CBS-code", ""),
    "year {year} is not a KWB year ({first}-{last})": (
        "jaar {year} is geen KWB-jaar ({first}-{last})",
        "",
    ),
    "region {code} appears twice in {year}": ("gebied {code} komt twee keer voor in {year}", ""),
    "no column of this panel is a known KWB indicator": (
        "geen kolom van dit panel is een bekende KWB-indicator",
        "",
    ),
    # -- mappings (sources/mapping.py)
    "{path}: cannot tell the format from the extension {suffix}; set `format:` to one of csv, xlsx, geojson, gpkg, shp": (
        "{path}: het formaat blijkt niet uit de extensie {suffix}; zet `format:` op csv, xlsx, geojson, gpkg of shp",
        "",
    ),
    "{path}: `geometry: true` needs a GeoJSON/GeoPackage/shapefile": (
        "{path}: `geometry: true` vraagt een GeoJSON/GeoPackage/shapefile",
        "",
    ),
    "year {value} is not a year": ("jaar {value} is geen jaartal", ""),
    "the mapping names indicators that are not in the catalogue: {names}; `kloof data indicators` lists them": (
        "de mapping noemt indicatoren die niet in de catalogus staan: {names}; `kloof data indicators` geeft de lijst",
        "",
    ),
    "the file holds no rows": ("het bestand bevat geen rijen", ""),
    "region code {code} does not parse as a CBS code such as GM0363, WK036301, BU03630101 ({n} bad codes in all)": (
        "gebiedscode {code} is geen CBS-code zoals GM0363, WK036301, BU03630101 ({n} foute codes in totaal)",
        "",
    ),
    "region {code} occurs more than once in {year} (rows {rows})": (
        "gebied {code} komt meer dan eens voor in {year} (rijen {rows})",
        "",
    ),
    "the mapping says level {level} but {code} is a {other}": (
        "de mapping zegt niveau {level}, maar {code} is een {other}",
        "",
    ),
    "cannot read this file as {fmt} ({error}); check `delimiter`, `encoding`, `sheet` and `skip_rows` in the mapping": (
        "dit bestand is niet te lezen als {fmt} ({error}); controleer `delimiter`, `encoding`, `sheet` en `skip_rows` in de mapping",
        "",
    ),
    "value {value} is not a number or a missing marker ({n} such cells in this column); add it to `missing:` or check `decimal:`/`thousands:` in the mapping": (
        "waarde {value} is geen getal en geen teken voor ontbrekend ({n} zulke cellen in deze kolom); zet het bij `missing:` of controleer `decimal:`/`thousands:` in de mapping",
        "",
    ),
    "the mapping takes the year from the file name, but the name holds no year; rename the file or set `year:`": (
        "de mapping haalt het jaar uit de bestandsnaam, maar die noemt geen jaar; hernoem het bestand of zet `year:`",
        "",
    ),
    "{value} is not a whole number, needed by code_template {template}": (
        "{value} is geen geheel getal, en code_template {template} heeft dat nodig",
        "",
    ),
    # -- code-value files (sources/code_values.py)
    "cannot tell indicator and year from the name; known names: {names}": (
        "indicator en jaar blijken niet uit de naam; bekende namen: {names}",
        "",
    ),
    "indicator {name} is not in the catalogue": ("indicator {name} staat niet in de catalogus", ""),
    "file larger than {n} bytes": ("bestand groter dan {n} bytes", ""),
    "expected a non-empty list of [code, value] pairs": (
        "verwacht: een niet-lege lijst van paren [code, waarde]",
        "",
    ),
    "region {code} appears twice": ("gebied {code} komt twee keer voor", ""),
    "not valid JSON ({error})": ("geen geldige JSON ({error})", ""),
    "expected [code, value], found {value}": ("verwacht: [code, waarde], gevonden: {value}", ""),
    "value {value} is not a number": ("waarde {value} is geen getal", ""),
    # -- boundaries (sources/boundaries.py)
    "no region code column found (known: {names}); columns are {columns}; pass code_column=": (
        "geen kolom met gebiedscodes gevonden (bekend: {names}); de kolommen zijn {columns}; geef code_column= op",
        "",
    ),
    "the file name holds several years {years}; give the year explicitly": (
        "de bestandsnaam noemt meerdere jaren {years}; geef het jaar op",
        "",
    ),
    "expected only {level} codes but found {n} others, e.g. {code}": (
        "verwacht: alleen codes van niveau {level}, maar {n} andere gevonden, bijvoorbeeld {code}",
        "",
    ),
    "code column {name} not found; columns are {columns}": (
        "codekolom {name} niet gevonden; de kolommen zijn {columns}",
        "",
    ),
    "name column {name} not found; columns are {columns}": (
        "naamkolom {name} niet gevonden; de kolommen zijn {columns}",
        "",
    ),
    # -- crosswalk matrices (sources/crosswalk.py)
    "expected an R matrix with row and column names, got {kind}": (
        "verwacht: een R-matrix met rij- en kolomnamen, gekregen: {kind}",
        "",
    ),
    "the matrix has shape {shape} but {n} row and {m} column names": (
        "de matrix heeft vorm {shape} maar {n} rij- en {m} kolomnamen",
        "",
    ),
    "the matrix holds negative or missing address counts": (
        "de matrix bevat negatieve of ontbrekende aantallen adressen",
        "",
    ),
    "old region {code} has no addresses in any new region, so its transfer weights are undefined": (
        "oud gebied {code} heeft in geen enkel nieuw gebied adressen, dus de overdrachtsgewichten zijn onbepaald",
        "",
    ),
    "row name {value} is not a {level} code": (
        "rijnaam {value} is geen code van niveau {level}",
        "",
    ),
    "column name {value} is not a {level} code": (
        "kolomnaam {value} is geen code van niveau {level}",
        "",
    ),
    "row name {value} occurs twice": ("rijnaam {value} komt twee keer voor", ""),
    "column name {value} occurs twice": ("kolomnaam {value} komt twee keer voor", ""),
    # -- CBS OData and downloads (sources/cbs_odata.py, sources/_http.py)
    "{url}: {problem} (tried {n} times); check the internet connection, or try again later with a larger timeout or more retries": (
        "{url}: {problem} ({n} keer geprobeerd); controleer de internetverbinding, of probeer het later opnieuw met een grotere timeout of meer pogingen",
        "",
    ),
    "cannot write the download cache in {path}: {error}; choose a writable cache folder (KLOOF_CACHE_DIR) or turn the cache off": (
        "de downloadcache in {path} is niet te schrijven: {error}; kies een beschrijfbare cachemap (KLOOF_CACHE_DIR) of zet de cache uit",
        "",
    ),
    "{url} did not answer with JSON (starts with {value}); the service may be down or the URL wrong: check base_url and try again later": (
        "{url} antwoordde niet met JSON (begint met {value}); de dienst is misschien uit de lucht of de URL klopt niet: controleer base_url en probeer het later opnieuw",
        "",
    ),
    "{url}: not an http(s) URL; check base_url": (
        "{url}: geen http(s)-URL; controleer base_url",
        "",
    ),
    "{url}: request failed ({error})": ("{url}: verzoek mislukt ({error})", ""),
    "table {table} has no region dimension: it is not a regional table": (
        "tabel {table} heeft geen regiodimensie: het is geen regionale tabel",
        "",
    ),
    "table {table} answered with no data records": ("tabel {table} gaf geen gegevensrecords", ""),
    "table {table} holds no gemeente, wijk or buurt records": (
        "tabel {table} bevat geen records van gemeenten, wijken of buurten",
        "",
    ),
    "{table} is not a CBS table id; ids look like 85984NED (letters and digits)": (
        "{table} is geen CBS-tabelnummer; die zien eruit als 85984NED (letters en cijfers)",
        "",
    ),
    "{value} is not a year or a range of years such as 2013-2024": (
        "{value} is geen jaar en geen reeks jaren zoals 2013-2024",
        "",
    ),
    "{value}: the range runs backwards": ("{value}: de reeks loopt achteruit", ""),
    "CBS has no table {table} at {url} (HTTP 404). Check the table id on https://opendata.cbs.nl/statline (KWB 2024 is 85984NED, 2023 is 85618NED) or pass the right base URL (KLOOF_ODATA_URL)": (
        "CBS heeft geen tabel {table} op {url} (HTTP 404). Controleer het tabelnummer op https://opendata.cbs.nl/statline (KWB 2024 is 85984NED, 2023 is 85618NED) of geef de juiste basis-URL (KLOOF_ODATA_URL)",
        "",
    ),
    # -- PC4 tables and reference tables (sources/pc4.py, sources/reference.py)
    "expected two header rows (titles, units) and data rows; the file is empty or truncated": (
        "verwacht: twee kopregels (titels, eenheden) en gegevensrijen; het bestand is leeg of afgebroken",
        "",
    ),
    "no row with the CBS short names (first cell 'PC4') in the first sheet; is this a CBS PC4 workbook?": (
        "geen rij met de korte CBS-namen (eerste cel 'PC4') in het eerste werkblad; is dit een CBS PC4-werkmap?",
        "",
    ),
    "postcode {code} occurs twice": ("postcode {code} komt twee keer voor", ""),
    "{value} is not a 4-digit postcode": ("{value} is geen postcode van 4 cijfers", ""),
    "unknown PC4 file type {suffix}; expected the CBS PC4 .csv or .xlsx": (
        "onbekend PC4-bestandstype {suffix}; verwacht de CBS PC4 .csv of .xlsx",
        "",
    ),
    "this row has {n} fields, expected {width}; the file may be truncated or a value holds an unquoted comma": (
        "deze rij heeft {n} velden, verwacht {width}; het bestand is misschien afgebroken of een waarde bevat een komma zonder aanhalingstekens",
        "",
    ),
    "this row has {n} fields, expected {width}; the file may be truncated": (
        "deze rij heeft {n} velden, verwacht {width}; het bestand is misschien afgebroken",
        "",
    ),
    "a crosswalk needs a value in every cell": (
        "een omzettingstabel heeft in elke cel een waarde nodig",
        "",
    ),
    "a negative address count": ("een negatief aantal adressen", ""),
    "the year is not a whole number": ("het jaar is geen geheel getal", ""),
    "no key column: name one column 'code' (CBS region codes) or 'pc4' (postcodes); found {names}": (
        "geen sleutelkolom: noem één kolom 'code' (CBS-gebiedscodes) of 'pc4' (postcodes); gevonden: {names}",
        "",
    ),
    "cannot read the reference table: {error}": (
        "de referentietabel is niet te lezen: {error}",
        "",
    ),
    "no column {name}; found {names}": ("geen kolom {name}; gevonden: {names}", ""),
    "{n} numeric columns {names}: choose one with --column": (
        "{n} numerieke kolommen {names}: kies er één met --column",
        "",
    ),
    # -- limits (sources/_limits.py, sources/_sheets.py)
    "sheet {name} unpacks to more than {limit} bytes": (
        "werkblad {name} pakt uit tot meer dan {limit} bytes",
        "",
    ),
    "content.xml unpacks to more than {limit} bytes": (
        "content.xml pakt uit tot meer dan {limit} bytes",
        "",
    ),
    # -- CPI, police, more OData (sources/cpi.py, sources/police.py, sources/cbs_odata.py)
    "table {table} has dimension(s) {names} besides region and period; kloof stores one value per region, year and indicator: use a KWB table (such as 85984NED) or import a filtered export with a mapping": (
        "tabel {table} heeft naast regio en periode de dimensie(s) {names}; kloof bewaart één waarde per gebied, jaar en indicator: gebruik een KWB-tabel (zoals 85984NED) of importeer een gefilterde export met een mapping",
        "",
    ),
    "table {table} has region {code} twice in one year; kloof cannot tell which record to keep": (
        "tabel {table} heeft gebied {code} twee keer in één jaar; kloof kan niet kiezen welk record het houdt",
        "",
    ),
    "no Kerncijfers Wijken en Buurten table known for {years}; known years: {first}-{last}": (
        "geen tabel Kerncijfers Wijken en Buurten bekend voor {years}; bekende jaren: {first}-{last}",
        "",
    ),
    "{url}: unexpected answer (no 'value' list); is the base URL an OData v3 service such as https://opendata.cbs.nl/ODataApi/odata?": (
        "{url}: onverwacht antwoord (geen lijst 'value'); is de basis-URL een OData v3-dienst zoals https://opendata.cbs.nl/ODataApi/odata?",
        "",
    ),
    "table {table}: cannot tell the year (TableInfos Period is {value}, no Perioden dimension)": (
        "tabel {table}: het jaar is onbekend (TableInfos Period is {value}, geen dimensie Perioden)",
        "",
    ),
    "table {table} has no CPI topic (found {names})": (
        "tabel {table} heeft geen CPI-onderwerp (gevonden: {names})",
        "",
    ),
    "table {table} has no period dimension": ("tabel {table} heeft geen periodedimensie", ""),
    "table {table}: cannot tell the index base (no 'YYYY=100')": (
        "tabel {table}: de basis van de index is onbekend (geen 'YYYY=100')",
        "",
    ),
    "table {table} answered with no annual CPI value": (
        "tabel {table} gaf geen jaargemiddelde van de CPI",
        "",
    ),
    "a CPI file needs a 'year' and a 'cpi' column; found {names}": (
        "een CPI-bestand heeft een kolom 'year' en een kolom 'cpi' nodig; gevonden: {names}",
        "",
    ),
    "the CPI base is unknown: name the column 'CPI (2015=100)'": (
        "de basis van de CPI is onbekend: noem de kolom 'CPI (2015=100)'",
        "",
    ),
    "no annual row (years such as 2023 or 2023JJ00)": (
        "geen jaarrij (jaren zoals 2023 of 2023JJ00)",
        "",
    ),
    "year {year} twice": ("jaar {year} komt twee keer voor", ""),
    "a CPI value is not a positive number": ("een CPI-waarde is geen positief getal", ""),
    "table {table} has no expenditure-category dimension": (
        "tabel {table} heeft geen dimensie bestedingscategorie",
        "",
    ),
    "table {table}: no category '000000 Alle bestedingen'": (
        "tabel {table}: geen categorie '000000 Alle bestedingen'",
        "",
    ),
    "cannot read the CPI file: {error}": ("het CPI-bestand is niet te lezen: {error}", ""),
    "table {table}: year {year} twice; filter one expenditure category": (
        "tabel {table}: jaar {year} komt twee keer voor; filter één bestedingscategorie",
        "",
    ),
    "not a table of registered crime by offence, region and period (expected SoortMisdrijf, WijkenEnBuurten, Perioden, GeregistreerdeMisdrijven)": (
        "geen tabel van geregistreerde misdrijven naar soort, gebied en periode (verwacht SoortMisdrijf, WijkenEnBuurten, Perioden, GeregistreerdeMisdrijven)",
        "",
    ),
    "table {table} answered with no usable records": (
        "tabel {table} gaf geen bruikbare records",
        "",
    ),
    "table {table}: expected one year per batch, got {years}": (
        "tabel {table}: verwacht één jaar per partij, gekregen: {years}",
        "",
    ),
    "table {table} {year}: no record of a known offence and region": (
        "tabel {table} {year}: geen record van een bekend misdrijf en gebied",
        "",
    ),
    "table {table} {year}: a region and offence appear twice": (
        "tabel {table} {year}: een gebied en misdrijf komen twee keer voor",
        "",
    ),
    "{table} has no year(s) {years}; its years: {span}": (
        "{table} heeft geen jaar/jaren {years}; de jaren zijn: {span}",
        "",
    ),
    "no offence of {table} is in the catalogue ('misdrijf' names)": (
        "geen misdrijf van {table} staat in de catalogus (namen 'misdrijf')",
        "",
    ),
    # -- more PC4 and StatLine
    "expected {n} columns (the CBS PC4 layout of 1 January 2022), the header has {m}; import other PC4 layouts with a mapping (`kloof data import FILE --mapping MAPPING.yaml`)": (
        "verwacht: {n} kolommen (de CBS PC4-indeling van 1 januari 2022), de kopregel heeft er {m}; importeer andere PC4-indelingen met een mapping (`kloof data import FILE --mapping MAPPING.yaml`)",
        "",
    ),
    "expected the header {names}, got {got}": ("verwacht: kopregel {names}, gekregen: {got}", ""),
    "level {level} is not gemeente or wijk": ("niveau {level} is geen gemeente of wijk", ""),
    "{code} has no addresses in any region of {year}, so its weights are undefined": (
        "{code} heeft in geen enkel gebied van {year} adressen, dus de gewichten zijn onbepaald",
        "",
    ),
    "share {value} disagrees with the address counts ({weight} of the PC4's addresses)": (
        "aandeel {value} klopt niet met de aantallen adressen ({weight} van de adressen van de PC4)",
        "",
    ),
    "the file name holds several years {years}, so the KWB year of this export is unknown; pass it: read_statline(path, year=2024) or `kloof data import FILE --year 2024`": (
        "de bestandsnaam noemt meerdere jaren {years}, dus het KWB-jaar van deze export is onbekend; geef het op: `kloof data import FILE --year 2024`",
        "",
    ),
    "the file name has no year, so the KWB year of this export is unknown; pass it: read_statline(path, year=2024) or `kloof data import FILE --year 2024`": (
        "de bestandsnaam noemt geen jaar, dus het KWB-jaar van deze export is onbekend; geef het op: `kloof data import FILE --year 2024`",
        "",
    ),
    "code {code} is a {level} but the row says {value}; the code column looks shifted": (
        "code {code} is een {level}, maar de rij zegt {value}; de codekolom lijkt verschoven",
        "",
    ),
    "the row has {n} fields but the header has {width}; the file looks {hint}: export it from StatLine again": (
        "de rij heeft {n} velden maar de kopregel {width}; het bestand lijkt {hint}: exporteer het opnieuw uit StatLine",
        "",
    ),
    "the row is empty but the header has {width}; the file looks {hint}: export it from StatLine again": (
        "de rij is leeg maar de kopregel heeft er {width}; het bestand lijkt {hint}: exporteer het opnieuw uit StatLine",
        "",
    ),
    "cut off": ("afgebroken", ""),
    "damaged or mixes delimiters": ("beschadigd of mengt scheidingstekens", ""),
    # -- the store's contract with the readers and price indices (store/ingest.py, store/prices.py)
    "unknown crosswalk level {level}": ("onbekend niveau {level} voor een omzettingstabel", ""),
    "{location}: reader produced regions without columns {names}": (
        "{location}: de lezer gaf gebieden zonder de kolommen {names}",
        "",
    ),
    "{location}: reader produced geometries without a CRS": (
        "{location}: de lezer gaf geometrieën zonder CRS",
        "",
    ),
    "{location}: reader produced a crosswalk without columns {names}": (
        "{location}: de lezer gaf een omzettingstabel zonder de kolommen {names}",
        "",
    ),
    "{location}: geometry for {code} without a region row": (
        "{location}: geometrie voor {code} zonder rij in gebieden",
        "",
    ),
    "price index {name}: no values, or a value that is not > 0": (
        "prijsindex {name}: geen waarden, of een waarde die niet > 0 is",
        "",
    ),
}
