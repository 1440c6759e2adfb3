# ruff: noqa: E501  (a table of messages)
"""Messages of the library in Dutch (and the English text where it differs).

Errors of the import checks, limits and the store are here; the readers' own errors in
:mod:`kloof.cli._messages_nl_sources`, notes, warnings and the commands' own messages in
:mod:`kloof.cli._messages_nl_notes`, errors of allocation rules, housing scenarios and
monitor targets in :mod:`kloof.cli._messages_nl_specs` (all merged into
:data:`MESSAGES`).

Keyed by the English template as the library writes it (``{name}`` for a value that
varies, with the same conversions, ``{value!r}`` or ``{n:,}``, as the source); see
:mod:`kloof.cli._messages` for how a message finds its entry. ``""`` means "the key
itself". Keep an entry in step with its source: ``tests/cli/test_messages.py`` checks
that the messages of the import corpus, the index and the CLI find their entry.
"""

from __future__ import annotations

from kloof.cli._messages_nl_notes import NOTES
from kloof.cli._messages_nl_sources import SOURCES
from kloof.cli._messages_nl_specs import SPECS

__all__ = ["MESSAGES"]

MESSAGES: dict[str, tuple[str, str]] = {
    # -- where (DataFormatError's prefix)
    "row {row}": ("rij {row}", ""),
    "column {column!r}": ("kolom {column!r}", ""),
    # -- values in a file (sources/_values.py, store/checks.py)
    "value {value} is not a number or a CBS missing marker ({n} such cells in this column)": (
        "waarde {value} is geen getal en geen CBS-teken voor ontbrekend ({n} zulke cellen in deze kolom)",
        "",
    ),
    "value {value} is not a finite number of a plausible size (at most {limit}; {n} such cells in this column)": (
        "waarde {value} is geen eindig getal van aannemelijke grootte (hoogstens {limit}; {n} zulke cellen in deze kolom)",
        "",
    ),
    "{n} implausible value, nothing imported: {items}": (
        "{n} onmogelijke waarde, niets geïmporteerd: {items}",
        "",
    ),
    "{n} implausible values, nothing imported: {items}": (
        "{n} onmogelijke waarden, niets geïmporteerd: {items}",
        "",
    ),
    "{code} {field} = {value} ({reason})": ("{code} {field} = {value} ({reason})", ""),
    "{code} {part} = {value} exceeds its total {total} = {stated}": (
        "{code} {part} = {value} is groter dan het totaal {total} = {stated}",
        "",
    ),
    "… and {n} more": ("… en nog {n}", ""),
    "not a finite number": ("geen eindig getal", ""),
    "a count must be whole, within {low}-{high}": (
        "een aantal moet een geheel getal zijn, van {low} tot en met {high}",
        "",
    ),
    "a category code must be whole, within {low}-{high}": (
        "een categoriecode moet een geheel getal zijn, van {low} tot en met {high}",
        "",
    ),
    "must lie within {low}-{high} {unit}": ("moet liggen tussen {low} en {high} {unit}", ""),
    "must lie within {low}-{high}": ("moet liggen tussen {low} en {high}", ""),
    # -- completeness (store/checks.py)
    "the file looks cut off or partial ({year}): {problems}; import a complete file, or pass --partial (partial=True) if it is a selection on purpose": (
        "het bestand lijkt afgebroken of onvolledig ({year}): {problems}; importeer een volledig bestand, of geef --partial als het bewust een selectie is",
        "",
    ),
    "{code} states {total} = {stated} but its {n} {child} rows add up to {sum}": (
        "{code} vermeldt {total} = {stated}, maar de {n} rijen van niveau {child} tellen op tot {sum}",
        "",
    ),
    "{n} of {m} {parents} have no {child} rows (e.g. {codes})": (
        "{n} van de {m} {parents} hebben geen rijen van niveau {child} (bijvoorbeeld {codes})",
        "",
    ),
    # -- geometries (store/checks.py, sources/boundaries.py)
    "{n} of {m} geometries are {kinds}, not polygons; region boundaries must be (multi)polygons": (
        "{n} van de {m} geometrieën zijn {kinds}, geen polygonen; gebiedsgrenzen moeten (multi)polygonen zijn",
        "",
    ),
    "{n} of {m} geometries lie outside the Netherlands (RD New box {box}, expected within {expected}); is the CRS right, or are x and y (longitude and latitude) swapped?": (
        "{n} van de {m} geometrieën liggen buiten Nederland (RD New-kader {box}, verwacht binnen {expected}); klopt het CRS, of zijn x en y (lengte- en breedtegraad) verwisseld?",
        "",
    ),
    "the coordinates have {axes} swapped (box {box} fits the Netherlands only with the axes exchanged); write the file with the axes in the right order (GeoJSON: longitude first)": (
        "de coördinaten hebben {axes} verwisseld (kader {box} past alleen met verwisselde assen op Nederland); schrijf het bestand met de assen in de goede volgorde (GeoJSON: lengtegraad eerst)",
        "",
    ),
    "latitude and longitude": ("breedte- en lengtegraad", ""),
    "x and y": ("x en y", ""),
    "in the CRS the file states ({crs}) its coordinates {box} lie outside the Netherlands; the file's CRS is wrong: write it with the CRS its coordinates are in": (
        "in het CRS dat het bestand opgeeft ({crs}) liggen de coördinaten {box} buiten Nederland; het CRS van het bestand klopt niet: schrijf het met het CRS van de coördinaten",
        "",
    ),
    "the file has no CRS and its coordinates {box} fit neither WGS84 degrees nor RD New metres around the Netherlands; write the file with a CRS (e.g. ogr2ogr -a_srs)": (
        "het bestand heeft geen CRS en de coördinaten {box} passen noch als WGS84-graden noch als RD New-meters op Nederland; schrijf het bestand met een CRS (bijvoorbeeld ogr2ogr -a_srs)",
        "",
    ),
    "cannot read this file as GeoJSON/GeoPackage/shapefile ({error}); is it truncated or of another format?": (
        "dit bestand is niet te lezen als GeoJSON/GeoPackage/shapefile ({error}); is het afgebroken of van een ander formaat?",
        "",
    ),
    "the file holds no features": ("het bestand bevat geen objecten", ""),
    "the file holds no geometries": ("het bestand bevat geen geometrieën", ""),
    "cannot tell the boundary year from the file name; pass year= (--year)": (
        "het jaar van de grenzen staat niet in de bestandsnaam; geef het op met --year",
        "",
    ),
    "a name holds {n} characters, more than the limit of {limit}: {value}": (
        "een naam heeft {n} tekens, meer dan de grens van {limit}: {value}",
        "",
    ),
    "region code {value} does not parse as a CBS code ({n} bad codes in all); pass level= if codes lack their prefix": (
        "gebiedscode {value} is geen CBS-code ({n} foute codes in totaal); geef level= op als de codes hun voorvoegsel missen",
        "",
    ),
    "region code {value} does not parse as a CBS code ({n} bad codes in all)": (
        "gebiedscode {value} is geen CBS-code ({n} foute codes in totaal)",
        "",
    ),
    # -- crosswalks (store/checks.py, sources/crosswalk.py)
    "the row names are not {level} codes, e.g. {value} ({n} characters, a bare {level} code has {width}); is this a matrix of another level than the file name says?": (
        "de rijnamen zijn geen codes van niveau {level}, bijvoorbeeld {value} ({n} tekens, een kale code van niveau {level} heeft er {width}); is dit een matrix van een ander niveau dan de bestandsnaam zegt?",
        "",
    ),
    "the column names are not {level} codes, e.g. {value} ({n} characters, a bare {level} code has {width}); is this a matrix of another level than the file name says?": (
        "de kolomnamen zijn geen codes van niveau {level}, bijvoorbeeld {value} ({n} tekens, een kale code van niveau {level} heeft er {width}); is dit een matrix van een ander niveau dan de bestandsnaam zegt?",
        "",
    ),
    "crosswalk years {first} → {last} are implausible: both must lie within {low}-{high} and the first before the second": (
        "de jaren {first} → {last} van de omzettingstabel kunnen niet: beide moeten tussen {low} en {high} liggen en het eerste vóór het tweede",
        "",
    ),
    "{n} {column} values are not {level} codes, e.g. {value}; is the matrix of another level than the file name says?": (
        "{n} waarden in {column} zijn geen codes van niveau {level}, bijvoorbeeld {value}; is de matrix van een ander niveau dan de bestandsnaam zegt?",
        "",
    ),
    "crosswalk weights must lie in (0, 1]": (
        "gewichten van een omzettingstabel moeten in (0, 1] liggen",
        "",
    ),
    "the weights of {n} source regions do not sum to 1, e.g. {code} sums to {sum}": (
        "de gewichten van {n} brongebieden tellen niet op tot 1, bijvoorbeeld {code} telt op tot {sum}",
        "",
    ),
    "cannot read this file as R data ({error})": (
        "dit bestand is niet te lezen als R-gegevens ({error})",
        "",
    ),
    "expected one matrix in the file, found {n}": (
        "verwacht: één matrix in het bestand, gevonden: {n}",
        "",
    ),
    "cannot tell level and years from the file name (expected ..._{{gemeente|wijk|buurt}}_van_YYYY_naar_YYYY.rda); pass them": (
        "niveau en jaren staan niet in de bestandsnaam (verwacht ..._{{gemeente|wijk|buurt}}_van_YYYY_naar_YYYY.rda); geef ze op",
        "",
    ),
    "no {level} boundary changed between {first} and {last}": (
        "geen grens van niveau {level} veranderd tussen {first} en {last}",
        "",
    ),
    # -- resource limits (sources/_limits.py, sources/_sheets.py)
    "the last line has no line break, so the file looks cut off (a number in it may be cut short); download or export it again, or add the line break if the file is complete": (
        "de laatste regel eindigt niet op een regeleinde, dus het bestand lijkt afgebroken (een getal erin kan ingekort zijn); download of exporteer het opnieuw, of voeg het regeleinde toe als het bestand volledig is",
        "",
    ),
    "the row has {n} fields but the header has {width}; the file looks cut off: download or export it again": (
        "de rij heeft {n} velden maar de kopregel {width}; het bestand lijkt afgebroken: download of exporteer het opnieuw",
        "",
    ),
    "the row has {n} fields but the header has {width}; the file looks damaged or mixes delimiters: download or export it again": (
        "de rij heeft {n} velden maar de kopregel {width}; het bestand lijkt beschadigd of mengt scheidingstekens: download of exporteer het opnieuw",
        "",
    ),
    "broken CSV ({error}); the file may be damaged, or a cell is longer than {limit} characters": (
        "kapotte CSV ({error}); het bestand is misschien beschadigd, of een cel is langer dan {limit} tekens",
        "",
    ),
    "a cell holds {n} characters, more than the limit of {limit}: {value}": (
        "een cel heeft {n} tekens, meer dan de grens van {limit}: {value}",
        "",
    ),
    "the file has {rows} rows and {columns} columns; kloof reads at most {max_rows} rows and {max_columns} columns": (
        "het bestand heeft {rows} rijen en {columns} kolommen; kloof leest hoogstens {max_rows} rijen en {max_columns} kolommen",
        "",
    ),
    "{sheet} reaches row {rows:,} and column {columns:,}; kloof reads at most {max_rows:,} rows, {max_columns:,} columns and {max_cells:,} cells (is there a stray cell far from the table? delete it and save again)": (
        "{sheet} reikt tot rij {rows} en kolom {columns}; kloof leest hoogstens {max_rows} rijen, {max_columns} kolommen en {max_cells} cellen (staat er een verdwaalde cel ver van de tabel? verwijder die en sla opnieuw op)",
        "",
    ),
    "the sheet": ("het werkblad", ""),
    "no compound-file header": ("geen kop van een samengesteld bestand", ""),
    "a broken sector chain": ("een kapotte sectorketen", ""),
    "no Workbook stream": ("geen Workbook-stroom", ""),
    "no directory": ("geen inhoudsopgave", ""),
    "a record cut short": ("een afgebroken record", ""),
    "the Workbook stream does not start with a BOF record": (
        "de Workbook-stroom begint niet met een BOF-record",
        "",
    ),
    "sheet {name}": ("werkblad {name}", ""),
    "not a readable workbook ({error}); is it truncated or of another format?": (
        "geen leesbare werkmap ({error}); is het bestand afgebroken of van een ander formaat?",
        "",
    ),
    "the workbook unpacks to {n} bytes, more than the limit of {limit}": (
        "de werkmap pakt uit tot {n} bytes, meer dan de grens van {limit}",
        "",
    ),
    "the workbook is damaged ({error}); is it truncated?": (
        "de werkmap is beschadigd ({error}); is ze afgebroken?",
        "",
    ),
    "the workbook has {n} bytes, more than the limit of {limit}": (
        "de werkmap heeft {n} bytes, meer dan de grens van {limit}",
        "",
    ),
    "not a readable Excel 97-2003 workbook ({reason}); is it truncated or of another format?": (
        "geen leesbare Excel 97-2003-werkmap ({reason}); is het bestand afgebroken of van een ander formaat?",
        "",
    ),
    "not a readable OpenDocument spreadsheet ({error}); is it truncated or of another format?": (
        "geen leesbaar OpenDocument-rekenblad ({error}); is het bestand afgebroken of van een ander formaat?",
        "",
    ),
    "not an OpenDocument spreadsheet (no content.xml)": (
        "geen OpenDocument-rekenblad (geen content.xml)",
        "",
    ),
    "the spreadsheet is damaged ({error}); is it truncated?": (
        "het rekenblad is beschadigd ({error}); is het afgebroken?",
        "",
    ),
    "the file expands to more than {limit} bytes when unpacked; it is not a data file kloof reads (a decompression bomb?)": (
        "het bestand pakt uit tot meer dan {limit} bytes; het is geen gegevensbestand dat kloof leest (een decompressiebom?)",
        "",
    ),
    "the compressed file is damaged ({error}); is it truncated?": (
        "het gecomprimeerde bestand is beschadigd ({error}); is het afgebroken?",
        "",
    ),
    "cannot read this file as a KWB table ({error}); is it truncated or of another format?": (
        "dit bestand is niet te lezen als KWB-tabel ({error}); is het afgebroken of van een ander formaat?",
        "",
    ),
    "no such file": ("bestand bestaat niet", ""),
    # -- the store (store/store.py, store/ingest.py, store/replacing.py)
    "{location}: would change {n} stored value(s), {m} of them to missing, e.g. {items}; nothing imported. Pass --replace (replace=True) to replace them": (
        "{location}: zou {n} opgeslagen waarde(n) wijzigen, waarvan {m} in ontbrekend, bijvoorbeeld {items}; niets geïmporteerd. Geef --replace om ze te vervangen",
        "",
    ),
    "{code} {indicator} ({year}) {old} → {new}": ("{code} {indicator} ({year}) {old} → {new}", ""),
    "missing": ("ontbrekend", ""),
    "{location}: would replace {n} stored boundaries of {years} by different shapes (e.g. {codes}); nothing imported. Pass --replace (replace=True) to replace them": (
        "{location}: zou {n} opgeslagen grenzen van {years} door andere vormen vervangen (bijvoorbeeld {codes}); niets geïmporteerd. Geef --replace om ze te vervangen",
        "",
    ),
    "{location}: the store already holds the {level} crosswalk {first} → {last} ({n} rows from {source}); nothing imported. Pass --replace (replace=True) to replace it": (
        "{location}: de store bevat al de omzettingstabel {first} → {last} van niveau {level} ({n} rijen uit {source}); niets geïmporteerd. Geef --replace om die te vervangen",
        "",
    ),
    "{location}: {other} in the same import holds the {level} crosswalk {first} → {last} too; import one of them": (
        "{location}: {other} in dezelfde import bevat ook de omzettingstabel {first} → {last} van niveau {level}; importeer er één",
        "",
    ),
    "{path}: no store here; run `kloof data import` first": (
        "{path}: hier is geen store; voer eerst `kloof data import` uit",
        "",
    ),
    "{path}: no store here to open read-only": ("{path}: hier is geen store om te lezen", ""),
    "{path}: the store is busy: {holder} holds it open for writing (another `kloof data import`, or `kloof serve`); wait until it is done or stop it, then try again": (
        "{path}: de store is bezet: {holder} houdt hem open om te schrijven (een andere `kloof data import`, of `kloof serve`); wacht tot die klaar is of stop die, en probeer het opnieuw",
        "",
    ),
    "{path}: not a kloof store (DuckDB cannot open it: {error}); point --store / KLOOF_STORE at a kloof store or at a new file": (
        "{path}: geen kloof-store (DuckDB kan het niet openen: {error}); wijs met --store / KLOOF_STORE naar een kloof-store of naar een nieuw bestand",
        "",
    ),
    "{path}: this DuckDB file is not a kloof store (no meta table); use another --store path": (
        "{path}: dit DuckDB-bestand is geen kloof-store (geen meta-tabel); kies een ander --store-pad",
        "",
    ),
    "{path}: this is {what}, not a kloof store; point --store / KLOOF_STORE at a kloof store (a DuckDB file made by `kloof data import`) or at a new file": (
        "{path}: dit is {what}, geen kloof-store; wijs met --store / KLOOF_STORE naar een kloof-store (een DuckDB-bestand gemaakt door `kloof data import`) of naar een nieuw bestand",
        "",
    ),
    "{location}: indicators not in the catalogue: {names}": (
        "{location}: indicatoren die niet in de catalogus staan: {names}",
        "",
    ),
    "{location}: invalid region code {code}": ("{location}: ongeldige gebiedscode {code}", ""),
    "{location}: region {code} appears twice for the same year": (
        "{location}: gebied {code} komt twee keer voor in hetzelfde jaar",
        "",
    ),
    "{location}: {indicator} of {code} ({year}) appears twice": (
        "{location}: {indicator} van {code} ({year}) komt twee keer voor",
        "",
    ),
    "{path}: not a kloof store (app={app})": ("{path}: geen kloof-store (app={app})", ""),
    "{path}: unknown export format {suffix}; use one of {formats}": (
        "{path}: onbekend exportformaat {suffix}; kies uit {formats}",
        "",
    ),
    "no {level} regions for {year} in the store; see `kloof data status`": (
        "geen gebieden van niveau {level} voor {year} in de store; zie `kloof data status`",
        "",
    ),
    "no boundaries for {level} {year}; import boundaries first": (
        "geen grenzen voor {level} {year}; importeer eerst grenzen",
        "",
    ),
    "{path}: no PC4 → {onto} crosswalk of {year}; import pc4_gemeente_wijk_address_crosswalk_2017_2024.csv first": (
        "{path}: geen omzettingstabel PC4 → {onto} van {year}; importeer eerst pc4_gemeente_wijk_address_crosswalk_2017_2024.csv",
        "",
    ),
    "PC4 data can be re-expressed onto wijk or gemeente, not {onto}": (
        "PC4-gegevens zijn om te rekenen naar wijk of gemeente, niet naar {onto}",
        "",
    ),
    "{path}: no PC4 data of {year}; import it first (`kloof data import ../shared/data/postcode`)": (
        "{path}: geen PC4-gegevens van {year}; importeer die eerst (`kloof data import ../shared/data/postcode`)",
        "",
    ),
    # -- StatLine exports (sources/statline.py)
    "the file is empty; export the table from StatLine again": (
        "het bestand is leeg; exporteer de tabel opnieuw uit StatLine",
        "",
    ),
    "the header has a single column: the file is not ';' or ',' separated. Export the table from StatLine as CSV (semicolon-separated), or import other files with a mapping (kloof data import FILE --mapping MAPPING.yaml)": (
        "de kopregel heeft één kolom: het bestand is niet met ';' of ',' gescheiden. Exporteer de tabel uit StatLine als CSV (puntkomma-gescheiden), of importeer andere bestanden met een mapping (kloof data import FILE --mapping MAPPING.yaml)",
        "",
    ),
    "the file has a header but no data rows; it may be truncated: export it again": (
        "het bestand heeft een kopregel maar geen gegevensrijen; het is misschien afgebroken: exporteer het opnieuw",
        "",
    ),
    "year {year} is not a KWB year the catalogue describes ({first}-{last}); pass the year of the table this export comes from with year= (CLI: --year)": (
        "jaar {year} is geen KWB-jaar dat de catalogus beschrijft ({first}-{last}); geef het jaar van de tabel waar deze export uit komt met --year",
        "",
    ),
    "{value} is not a CBS region code (NL00, GM0363, WK036301, BU03630101); {n} invalid codes in this column: correct the file or export it from StatLine again": (
        "{value} is geen CBS-gebiedscode (NL00, GM0363, WK036301, BU03630101); {n} ongeldige codes in deze kolom: verbeter het bestand of exporteer het opnieuw uit StatLine",
        "",
    ),
    "region code {code} appears in rows {first} and {last}; each region may appear once per file: remove the duplicate row": (
        "gebiedscode {code} staat in rij {first} en {last}; elk gebied mag één keer per bestand voorkomen: verwijder de dubbele rij",
        "",
    ),
    "cannot join by row position with {path}: neither a 'Wijken en buurten' nor a gemeente name column appears in both files to check the rows against": (
        "koppelen op rijpositie met {path} kan niet: geen van beide bestanden heeft een kolom 'Wijken en buurten' of gemeentenaam om de rijen aan te controleren",
        "",
    ),
    "the file is neither UTF-8 nor Windows-1252 text (bad byte at offset {n}); it may be corrupt or not a CSV: export it from StatLine again": (
        "het bestand is geen UTF-8- of Windows-1252-tekst (fout byte op positie {n}); het is misschien beschadigd of geen CSV: exporteer het opnieuw uit StatLine",
        "",
    ),
    "cannot read the file: {error}": ("het bestand is niet te lezen: {error}", ""),
    "broken CSV ({error}); the file may be truncated or corrupt: export it again": (
        "kapotte CSV ({error}); het bestand is misschien afgebroken of beschadigd: exporteer het opnieuw",
        "",
    ),
    "{value} differs from {other} in the same row of {path}; the two exports do not list the same regions in the same order: export both from the same StatLine selection": (
        "{value} verschilt van {other} in dezelfde rij van {path}; de twee exports noemen niet dezelfde gebieden in dezelfde volgorde: exporteer beide uit dezelfde StatLine-selectie",
        "",
    ),
    # -- mappings (sources/mapping_spec.py)
    "{path}: a mapping file must be a YAML mapping of keys to values": (
        "{path}: een mappingbestand moet een YAML-mapping van sleutels naar waarden zijn",
        "",
    ),
    "no built-in mapping {name}; there are {names}": (
        "geen meegeleverde mapping {name}; er zijn {names}",
        "",
    ),
    "give exactly one of code_column and code_template": (
        "geef precies één van code_column en code_template",
        "",
    ),
    "give exactly one of year, year_column and year_from_filename": (
        "geef precies één van year, year_column en year_from_filename",
        "",
    ),
    "code_template {name} names no column": ("code_template {name} noemt geen kolom", ""),
    "decimal and thousands separators must differ": (
        "het decimaalteken en het scheidingsteken voor duizendtallen moeten verschillen",
        "",
    ),
    "scale names columns that are not mapped: {names}": (
        "scale noemt kolommen die niet gekoppeld zijn: {names}",
        "",
    ),
    "columns {first} and {second} both map to {name}": (
        "kolommen {first} en {second} zijn allebei gekoppeld aan {name}",
        "",
    ),
    "{path}: cannot read the mapping file ({error})": (
        "{path}: het mappingbestand is niet te lezen ({error})",
        "",
    ),
    "{path}: not valid YAML: {error}": ("{path}: geen geldige YAML: {error}", ""),
    # -- detecting files (sources/detect.py)
    "unknown file type {suffix}; kloof reads KWB .xlsx/.xls/.csv, StatLine .csv, boundaries .geojson/.gpkg/.shp and crosswalk .rda files": (
        "onbekend bestandstype {suffix}; kloof leest KWB .xlsx/.xls/.csv, StatLine .csv, grenzen .geojson/.gpkg/.shp en omzettingstabellen .rda",
        "",
    ),
    'this CSV is neither a KWB file (gwb_code_10 column), a StatLine export ("Wijken en buurten" column) nor a CBS PC4 table or PC4 crosswalk; import it with a mapping: `kloof data import FILE --mapping MAPPING.yaml`': (
        'deze CSV is geen KWB-bestand (kolom gwb_code_10), geen StatLine-export (kolom "Wijken en buurten") en geen CBS PC4-tabel of PC4-omzettingstabel; importeer hem met een mapping: `kloof data import FILE --mapping MAPPING.yaml`',
        "",
    ),
    "no file in this folder can be imported ({n} skipped: {items})": (
        "geen bestand in deze map is te importeren ({n} overgeslagen: {items})",
        "",
    ),
    "no file in this folder can be imported ({n} skipped)": (
        "geen bestand in deze map is te importeren ({n} overgeslagen)",
        "",
    ),
    "PC4 polygons are not imported (kloof keeps PC4 data as a table and re-expresses it onto wijken by addresses: `kloof data reexpress`)": (
        "PC4-vlakken worden niet geïmporteerd (kloof bewaart PC4-gegevens als tabel en rekent ze via adressen om naar wijken: `kloof data reexpress`)",
        "",
    ),
    # -- region codes and the catalogue
    "{code} is not a CBS region code; expected NL00, GM + 4 digits (GM0363), WK + 6 characters (WK036301), BU + 8 characters (BU03630101) or PC + a 4-digit postcode (PC1011)": (
        "{code} is geen CBS-gebiedscode; verwacht NL00, GM + 4 cijfers (GM0363), WK + 6 tekens (WK036301), BU + 8 tekens (BU03630101) of PC + een postcode van 4 cijfers (PC1011)",
        "",
    ),
    "{code} is not a 4-digit postcode (1000-9999)": (
        "{code} is geen postcode van 4 cijfers (1000-9999)",
        "",
    ),
    "unknown indicator {name}; `kloof data indicators` lists them": (
        "onbekende indicator {name}; `kloof data indicators` geeft de lijst",
        "",
    ),
}

MESSAGES.update(SOURCES)
MESSAGES.update(SPECS)
MESSAGES.update(NOTES)
