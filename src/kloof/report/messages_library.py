# ruff: noqa: E501  (a list of message ids)
"""Message ids of the library's errors: import checks, limits, the store, the readers.

The English templates (gettext message ids, translated in ``kloof/locale``) of the
messages the library writes, exactly as it formats them (``{name}`` for a value that
varies, with the same conversions, ``{value!r}`` or ``{n:,}``, as the source); see
:mod:`kloof.report.messages` for how a message finds its template. Part of
:data:`kloof.report.messages.TEMPLATES` (with :mod:`kloof.report.messages_notes`). Keep a
template in step with its source: ``tests/cli/test_messages.py`` checks that the
messages of the import corpus, the index and the CLI find theirs.
"""

from __future__ import annotations

from kloof.i18n import N_

__all__ = ["LIBRARY"]

LIBRARY: tuple[str, ...] = (
    # -- where (DataFormatError's prefix)
    N_("row {row}"),
    N_("column {column!r}"),
    # -- values in a file (sources/_values.py, store/checks.py)
    N_("value {value} is not a number or a CBS missing marker ({n} such cells in this column)"),
    N_(
        "value {value} may be {whole} with a thousands separator or a number with decimals, and the other values in this column do not say which ({n} such cells in this column); save the file without thousands separators"
    ),
    # -- reading any file (sources/_text.py, sources/_names.py)
    N_("the file is empty; download or export it again"),
    N_(
        "the file is UTF-8 text with a damaged byte at offset {n}; read as Windows-1252 its names would be garbled (Ã«): download or export it again"
    ),
    N_(
        "columns {first} and {second} are both named {name} but hold different values; remove the one that is wrong"
    ),
    N_(
        "the export has no region code column, Regioaanduiding/Codering (code); export the table from StatLine as CSV with the topic 'Regioaanduiding/Codering' selected, or pass codes_from= (CLI: --codes-from) an export of the same selection that has it"
    ),
    N_(
        "the header is not on the first line: a title above it? Remove the lines above the header and import again"
    ),
    N_(
        "the file is neither UTF-8 nor Windows-1252 text (bad byte at offset {n}); it may be corrupt or not a CSV: download or export it again"
    ),
    N_("the file starts as UTF-16 text but is not; it may be corrupt"),
    N_(
        "the file name holds several years {years}, so the year of its data is unknown; pass it with --year"
    ),
    N_(
        "the file name says {year}, a year that has not begun (at most {last}); if that number is not the year of the data, pass the year with --year"
    ),
    N_(
        "value {value} is not a finite number of a plausible size (at most {limit}; {n} such cells in this column)"
    ),
    N_("{n} implausible value, nothing imported: {items}"),
    N_("{n} implausible values, nothing imported: {items}"),
    N_("{code} {field} = {value} ({reason})"),
    N_("{code} {part} = {value} exceeds its total {total} = {stated}"),
    N_("… and {n} more"),
    N_("not a finite number"),
    N_("a count must be whole, within {low}-{high}"),
    N_("a category code must be whole, within {low}-{high}"),
    N_("must lie within {low}-{high} {unit}"),
    N_("must lie within {low}-{high}"),
    # -- completeness (store/checks.py)
    N_(
        "the file looks cut off or partial ({year}): {problems}; import a complete file, or pass --partial (partial=True) if it is a selection on purpose"
    ),
    N_("{code} states {total} = {stated} but its {n} {child} rows add up to {sum}"),
    N_("{n} of {m} {parents} have no {child} rows (e.g. {codes})"),
    # -- geometries (store/checks.py, sources/boundaries.py)
    N_(
        "{n} of {m} geometries are {kinds}, not polygons; region boundaries must be (multi)polygons"
    ),
    N_(
        "{n} of {m} geometries lie outside the Netherlands (RD New box {box}, expected within {expected}); is the CRS right, or are x and y (longitude and latitude) swapped?"
    ),
    N_(
        "the coordinates have {axes} swapped (box {box} fits the Netherlands only with the axes exchanged); write the file with the axes in the right order (GeoJSON: longitude first)"
    ),
    N_("latitude and longitude"),
    N_("x and y"),
    N_(
        "in the CRS the file states ({crs}) its coordinates {box} lie outside the Netherlands; the file's CRS is wrong: write it with the CRS its coordinates are in"
    ),
    N_(
        "the file has no CRS and its coordinates {box} fit neither WGS84 degrees nor RD New metres around the Netherlands; write the file with a CRS (e.g. ogr2ogr -a_srs)"
    ),
    N_(
        "cannot read this file as GeoJSON/GeoPackage/shapefile ({error}); is it truncated or of another format?"
    ),
    N_("the file holds no features"),
    N_("the file holds no geometries"),
    N_("cannot tell the boundary year from the file name; pass year= (--year)"),
    N_("a name holds {n} characters, more than the limit of {limit}: {value}"),
    N_(
        "region code {value} does not parse as a CBS code ({n} bad codes in all); pass level= if codes lack their prefix"
    ),
    N_("region code {value} does not parse as a CBS code ({n} bad codes in all)"),
    # -- crosswalks (store/checks.py, sources/crosswalk.py)
    N_(
        "the row names are not {level} codes, e.g. {value} ({n} characters, a bare {level} code has {width}); is this a matrix of another level than the file name says?"
    ),
    N_(
        "the column names are not {level} codes, e.g. {value} ({n} characters, a bare {level} code has {width}); is this a matrix of another level than the file name says?"
    ),
    N_(
        "crosswalk years {first} → {last} are implausible: both must lie within {low}-{high} and the first before the second"
    ),
    N_(
        "{n} {column} values are not {level} codes, e.g. {value}; is the matrix of another level than the file name says?"
    ),
    N_("crosswalk weights must lie in (0, 1]"),
    N_("the weights of {n} source regions do not sum to 1, e.g. {code} sums to {sum}"),
    N_("cannot read this file as R data ({error})"),
    N_("expected one matrix in the file, found {n}"),
    N_(
        "cannot tell level and years from the file name (expected ..._{{gemeente|wijk|buurt}}_van_YYYY_naar_YYYY.rda); pass them"
    ),
    N_("no {level} boundary changed between {first} and {last}"),
    # -- resource limits (sources/_limits.py, sources/_sheets.py)
    N_(
        "the last line has no line break, so the file looks cut off (a number in it may be cut short); download or export it again, or add the line break if the file is complete"
    ),
    N_(
        "the row has {n} fields but the header has {width}; the file looks cut off: download or export it again"
    ),
    N_(
        "the row has {n} fields but the header has {width}; the file looks damaged or mixes delimiters: download or export it again"
    ),
    N_(
        "broken CSV ({error}); the file may be damaged, or a cell is longer than {limit} characters"
    ),
    N_("a cell holds {n} characters, more than the limit of {limit}: {value}"),
    N_(
        "the file has {rows} rows and {columns} columns; kloof reads at most {max_rows} rows and {max_columns} columns"
    ),
    N_(
        "{sheet} reaches row {rows:,} and column {columns:,}; kloof reads at most {max_rows:,} rows, {max_columns:,} columns and {max_cells:,} cells (is there a stray cell far from the table? delete it and save again)"
    ),
    N_("the sheet"),
    N_("no compound-file header"),
    N_("a broken sector chain"),
    N_("no Workbook stream"),
    N_("no directory"),
    N_("a record cut short"),
    N_("the Workbook stream does not start with a BOF record"),
    N_("sheet {name}"),
    N_("not a readable workbook ({error}); is it truncated or of another format?"),
    N_("the workbook unpacks to {n} bytes, more than the limit of {limit}"),
    N_("the workbook is damaged ({error}); is it truncated?"),
    N_("the workbook has {n} bytes, more than the limit of {limit}"),
    N_("not a readable Excel 97-2003 workbook ({reason}); is it truncated or of another format?"),
    N_("not a readable OpenDocument spreadsheet ({error}); is it truncated or of another format?"),
    N_("not an OpenDocument spreadsheet (no content.xml)"),
    N_("the spreadsheet is damaged ({error}); is it truncated?"),
    N_(
        "the file expands to more than {limit} bytes when unpacked; it is not a data file kloof reads (a decompression bomb?)"
    ),
    N_("the compressed file is damaged ({error}); is it truncated?"),
    N_("cannot read this file as a KWB table ({error}); is it truncated or of another format?"),
    N_("no such file"),
    # -- the store (store/store.py, store/ingest.py, store/replacing.py)
    N_(
        "{location}: would change {n} stored value(s), {m} of them to missing, e.g. {items}; nothing imported. Pass --replace (replace=True) to replace them"
    ),
    N_("{code} {indicator} ({year}) {old} → {new}"),
    N_("missing"),
    N_(
        "{location}: would replace {n} stored boundaries of {years} by different shapes (e.g. {codes}); nothing imported. Pass --replace (replace=True) to replace them"
    ),
    N_(
        "{location}: the store already holds the {level} crosswalk {first} → {last} ({n} rows from {source}); nothing imported. Pass --replace (replace=True) to replace it"
    ),
    N_(
        "{location}: {other} in the same import holds the {level} crosswalk {first} → {last} too; import one of them"
    ),
    N_("{path}: no store here; run `kloof data import` first"),
    N_("{path}: no store here to open read-only"),
    N_(
        "{path}: the store is busy: {holder} holds it open for writing (another `kloof data import`, or `kloof serve`); wait until it is done or stop it, then try again"
    ),
    N_(
        "{path}: not a kloof store (DuckDB cannot open it: {error}); point --store / KLOOF_STORE at a kloof store or at a new file"
    ),
    N_("{path}: this DuckDB file is not a kloof store (no meta table); use another --store path"),
    N_(
        "{path}: this is {what}, not a kloof store; point --store / KLOOF_STORE at a kloof store (a DuckDB file made by `kloof data import`) or at a new file"
    ),
    N_("{location}: indicators not in the catalogue: {names}"),
    N_("{location}: invalid region code {code}"),
    N_("{location}: region {code} appears twice for the same year"),
    N_("{location}: {indicator} of {code} ({year}) appears twice"),
    N_("{path}: not a kloof store (app={app})"),
    N_("{path}: unknown export format {suffix}; use one of {formats}"),
    N_("no {level} regions for {year} in the store; see `kloof data status`"),
    N_("no boundaries for {level} {year}; import boundaries first"),
    N_(
        "{path}: no PC4 → {onto} crosswalk of {year}; import pc4_gemeente_wijk_address_crosswalk_2017_2024.csv first"
    ),
    N_("PC4 data can be re-expressed onto wijk or gemeente, not {onto}"),
    N_(
        "{path}: no PC4 data of {year}; import it first (`kloof data import ../shared/data/postcode`)"
    ),
    # -- StatLine exports (sources/statline.py)
    N_("the file is empty; export the table from StatLine again"),
    N_(
        "the header has a single column: the file is not ';' or ',' separated. Export the table from StatLine as CSV (semicolon-separated), or import other files with a mapping (kloof data import FILE --mapping MAPPING.yaml)"
    ),
    N_("the file has a header but no data rows; it may be truncated: export it again"),
    N_(
        "year {year} is not a KWB year the catalogue describes ({first}-{last}); pass the year of the table this export comes from with year= (CLI: --year)"
    ),
    N_(
        "{value} is not a CBS region code (NL00, GM0363, WK036301, BU03630101); {n} invalid codes in this column: correct the file or export it from StatLine again"
    ),
    N_(
        "region code {code} appears in rows {first} and {last}; each region may appear once per file: remove the duplicate row"
    ),
    N_(
        "cannot join by row position with {path}: neither a 'Wijken en buurten' nor a gemeente name column appears in both files to check the rows against"
    ),
    N_(
        "the file is neither UTF-8 nor Windows-1252 text (bad byte at offset {n}); it may be corrupt or not a CSV: export it from StatLine again"
    ),
    N_("cannot read the file: {error}"),
    N_("broken CSV ({error}); the file may be truncated or corrupt: export it again"),
    N_(
        "{value} differs from {other} in the same row of {path}; the two exports do not list the same regions in the same order: export both from the same StatLine selection"
    ),
    # -- mappings (sources/mapping_spec.py)
    N_("{path}: a mapping file must be a YAML mapping of keys to values"),
    N_("no built-in mapping {name}; there are {names}"),
    N_("give exactly one of code_column and code_template"),
    N_("give exactly one of year, year_column and year_from_filename"),
    N_("code_template {name} names no column"),
    N_("decimal and thousands separators must differ"),
    N_("scale names columns that are not mapped: {names}"),
    N_("columns {first} and {second} both map to {name}"),
    N_("{path}: cannot read the mapping file ({error})"),
    N_("{path}: not valid YAML: {error}"),
    # -- detecting files (sources/detect.py)
    N_(
        "unknown file type {suffix}; kloof reads KWB .xlsx/.xls/.csv, StatLine .csv, boundaries .geojson/.gpkg/.shp and crosswalk .rda files"
    ),
    N_(
        'this CSV is neither a KWB file (gwb_code_10 column), a StatLine export ("Wijken en buurten" column) nor a CBS PC4 table or PC4 crosswalk; import it with a mapping: `kloof data import FILE --mapping MAPPING.yaml`'
    ),
    N_("no file in this folder can be imported ({n} skipped: {items})"),
    N_("no file in this folder can be imported ({n} skipped)"),
    N_(
        "PC4 polygons are not imported (kloof keeps PC4 data as a table and re-expresses it onto wijken by addresses: `kloof data reexpress`)"
    ),
    # -- region codes and the catalogue
    N_(
        "{code} is not a CBS region code; expected NL00, GM + 4 digits (GM0363), WK + 6 characters (WK036301), BU + 8 characters (BU03630101) or PC + a 4-digit postcode (PC1011)"
    ),
    N_("{code} is not a 4-digit postcode (1000-9999)"),
    N_("unknown indicator {name}; `kloof data indicators` lists them"),
    # -- KWB files and panels (sources/cbs_files.py, sources/kwb_panel.py)
    N_("region code {code} appears more than once (rows {rows})"),
    N_("cannot tell the KWB year from the file name; pass it with --year"),
    N_(
        "year {year} is not a KWB year the catalogue knows ({first}-{last}); check --year or extend the catalogue"
    ),
    N_("the file has a header but no rows"),
    N_("columns not in the catalogue for {year}: {names}; drop strict or extend the catalogue"),
    N_("no column of this file is a known KWB indicator; is it a KWB file?"),
    N_("two columns map to indicator {name}"),
    N_(
        "columns {first} and {second} are both indicator {name} but differ; remove the one that is wrong"
    ),
    N_("cannot read this workbook ({error}); it may be corrupt"),
    N_("cannot read this workbook ({error})"),
    N_(
        "no region code column found (expected gwb_code_10, or gwb_code_8 with recs); columns are {names}...; is this a KWB file, and is the delimiter right?"
    ),
    N_("a KWB panel needs a gwb_code and a year column"),
    N_("region code {code} does not parse as a CBS code"),
    N_("year {year} is not a KWB year ({first}-{last})"),
    N_("region {code} appears twice in {year}"),
    N_("no column of this panel is a known KWB indicator"),
    # -- mappings (sources/mapping.py)
    N_(
        "{path}: cannot tell the format from the extension {suffix}; set `format:` to one of csv, xlsx, geojson, gpkg, shp"
    ),
    N_("{path}: `geometry: true` needs a GeoJSON/GeoPackage/shapefile"),
    N_("year {value} is not a year"),
    N_("year {value} has not begun (at most {last}); correct the year column"),
    N_(
        "the mapping names indicators that are not in the catalogue: {names}; `kloof data indicators` lists them"
    ),
    N_("the file holds no rows"),
    N_(
        "region code {code} does not parse as a CBS code such as GM0363, WK036301, BU03630101 ({n} bad codes in all)"
    ),
    N_("region {code} occurs more than once in {year} (rows {rows})"),
    N_("the mapping says level {level} but {code} is a {other}"),
    N_(
        "cannot read this file as {fmt} ({error}); check `delimiter`, `encoding`, `sheet` and `skip_rows` in the mapping"
    ),
    N_(
        "value {value} is not a number or a missing marker ({n} such cells in this column); add it to `missing:` or check `decimal:`/`thousands:` in the mapping"
    ),
    N_(
        "the mapping takes the year from the file name, but the name holds no year; rename the file or set `year:`"
    ),
    N_("{value} is not a whole number, needed by code_template {template}"),
    # -- code-value files (sources/code_values.py)
    N_("cannot tell indicator and year from the name; known names: {names}"),
    N_("indicator {name} is not in the catalogue"),
    N_("file larger than {n} bytes"),
    N_("expected a non-empty list of [code, value] pairs"),
    N_("region {code} appears twice"),
    N_("not valid JSON ({error})"),
    N_("expected [code, value], found {value}"),
    N_("value {value} is not a number"),
    # -- boundaries (sources/boundaries.py)
    N_("no region code column found (known: {names}); columns are {columns}; pass code_column="),
    N_("the file name holds several years {years}; give the year explicitly"),
    N_("expected only {level} codes but found {n} others, e.g. {code}"),
    N_("code column {name} not found; columns are {columns}"),
    N_("name column {name} not found; columns are {columns}"),
    # -- crosswalk matrices (sources/crosswalk.py)
    N_("expected an R matrix with row and column names, got {kind}"),
    N_("the matrix has shape {shape} but {n} row and {m} column names"),
    N_("the matrix holds negative or missing address counts"),
    N_(
        "old region {code} has no addresses in any new region, so its transfer weights are undefined"
    ),
    N_("row name {value} is not a {level} code"),
    N_("column name {value} is not a {level} code"),
    N_("row name {value} occurs twice"),
    N_("column name {value} occurs twice"),
    # -- CBS OData and downloads (sources/cbs_odata.py, sources/_http.py)
    N_(
        "{url}: {problem} (tried {n} times); check the internet connection, or try again later with a larger timeout or more retries"
    ),
    N_(
        "cannot write the download cache in {path}: {error}; choose a writable cache folder (KLOOF_CACHE_DIR) or turn the cache off"
    ),
    N_(
        "{url} did not answer with JSON (starts with {value}); the service may be down or the URL wrong: check base_url and try again later"
    ),
    N_("{url}: not an http(s) URL; check base_url"),
    N_("{url}: request failed ({error})"),
    N_("table {table} has no region dimension: it is not a regional table"),
    N_("table {table} answered with no data records"),
    N_("table {table} holds no gemeente, wijk or buurt records"),
    N_("{table} is not a CBS table id; ids look like 85984NED (letters and digits)"),
    N_("{value} is not a year or a range of years such as 2013-2024"),
    N_("{value}: the range runs backwards"),
    N_(
        "CBS has no table {table} at {url} (HTTP 404). Check the table id on https://opendata.cbs.nl/statline (KWB 2024 is 85984NED, 2023 is 85618NED) or pass the right base URL (KLOOF_ODATA_URL)"
    ),
    # -- PC4 tables and reference tables (sources/pc4.py, sources/reference.py)
    N_("expected two header rows (titles, units) and data rows; the file is empty or truncated"),
    N_(
        "no row with the CBS short names (first cell 'PC4') in the first sheet; is this a CBS PC4 workbook?"
    ),
    N_("postcode {code} occurs twice"),
    N_("{value} is not a 4-digit postcode"),
    N_("unknown PC4 file type {suffix}; expected the CBS PC4 .csv or .xlsx"),
    N_(
        "this row has {n} fields, expected {width}; the file may be truncated or a value holds an unquoted comma"
    ),
    N_("this row has {n} fields, expected {width}; the file may be truncated"),
    N_("a crosswalk needs a value in every cell"),
    N_("a negative address count"),
    N_("the year is not a whole number"),
    N_(
        "no key column: name one column 'code' (CBS region codes) or 'pc4' (postcodes); found {names}"
    ),
    N_("cannot read the reference table: {error}"),
    N_("no column {name}; found {names}"),
    N_("{n} numeric columns {names}: choose one with --column"),
    # -- limits (sources/_limits.py, sources/_sheets.py)
    N_("sheet {name} unpacks to more than {limit} bytes"),
    N_("content.xml unpacks to more than {limit} bytes"),
    # -- CPI, police, more OData (sources/cpi.py, sources/police.py, sources/cbs_odata.py)
    N_(
        "table {table} has dimension(s) {names} besides region and period; kloof stores one value per region, year and indicator: use a KWB table (such as 85984NED) or import a filtered export with a mapping"
    ),
    N_("table {table} has region {code} twice in one year; kloof cannot tell which record to keep"),
    N_("no Kerncijfers Wijken en Buurten table known for {years}; known years: {first}-{last}"),
    N_(
        "{url}: unexpected answer (no 'value' list); is the base URL an OData v3 service such as https://opendata.cbs.nl/ODataApi/odata?"
    ),
    N_("table {table}: cannot tell the year (TableInfos Period is {value}, no Perioden dimension)"),
    N_("table {table} has no CPI topic (found {names})"),
    N_("table {table} has no period dimension"),
    N_("table {table}: cannot tell the index base (no 'YYYY=100')"),
    N_("table {table} answered with no annual CPI value"),
    N_("a CPI file needs a 'year' and a 'cpi' column; found {names}"),
    N_("the CPI base is unknown: name the column 'CPI (2015=100)'"),
    N_("no annual row (years such as 2023 or 2023JJ00)"),
    N_("year {year} twice"),
    N_("a CPI value is not a positive number"),
    N_("table {table} has no expenditure-category dimension"),
    N_("table {table}: no category '000000 Alle bestedingen'"),
    N_("cannot read the CPI file: {error}"),
    N_("table {table}: year {year} twice; filter one expenditure category"),
    N_(
        "not a table of registered crime by offence, region and period (expected SoortMisdrijf, WijkenEnBuurten, Perioden, GeregistreerdeMisdrijven)"
    ),
    N_("table {table} answered with no usable records"),
    N_("table {table}: expected one year per batch, got {years}"),
    N_("table {table} {year}: no record of a known offence and region"),
    N_("table {table} {year}: a region and offence appear twice"),
    N_("{table} has no year(s) {years}; its years: {span}"),
    N_("no offence of {table} is in the catalogue ('misdrijf' names)"),
    # -- more PC4 and StatLine
    N_(
        "expected {n} columns (the CBS PC4 layout of 1 January 2022), the header has {m}; import other PC4 layouts with a mapping (`kloof data import FILE --mapping MAPPING.yaml`)"
    ),
    N_("expected the header {names}, got {got}"),
    N_("level {level} is not gemeente or wijk"),
    N_("{code} has no addresses in any region of {year}, so its weights are undefined"),
    N_("share {value} disagrees with the address counts ({weight} of the PC4's addresses)"),
    N_(
        "the file name holds several years {years}, so the KWB year of this export is unknown; pass it: read_statline(path, year=2024) or `kloof data import FILE --year 2024`"
    ),
    N_(
        "the file name has no year, so the KWB year of this export is unknown; pass it: read_statline(path, year=2024) or `kloof data import FILE --year 2024`"
    ),
    N_("code {code} is a {level} but the row says {value}; the code column looks shifted"),
    N_(
        "the row has {n} fields but the header has {width}; the file looks {hint}: export it from StatLine again"
    ),
    N_(
        "the row is empty but the header has {width}; the file looks {hint}: export it from StatLine again"
    ),
    N_("cut off"),
    N_("damaged or mixes delimiters"),
    # -- the store's contract with the readers and price indices (store/ingest.py, store/prices.py)
    N_("unknown crosswalk level {level}"),
    N_("{location}: reader produced regions without columns {names}"),
    N_("{location}: reader produced geometries without a CRS"),
    N_("{location}: reader produced a crosswalk without columns {names}"),
    N_("{location}: geometry for {code} without a region row"),
    N_("price index {name}: no values, or a value that is not > 0"),
    # -- boundary files with several layers (sources/boundaries.py)
    N_("none of the layers {names} holds {level} codes"),
    N_("layer {name!r}: {reason}"),
    N_("layers without region codes left out: {names}"),
)
