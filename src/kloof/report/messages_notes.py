# ruff: noqa: E501  (a list of message ids)
"""Message ids of notes, warnings, the commands' own messages and the specs' errors.

The English templates (gettext message ids, translated in ``kloof/locale``) of the
warnings and notes of the analysis and the readers, validation notes, the messages of
the commands themselves, and errors of allocation rules, housing scenarios and monitor
targets. Part of :data:`kloof.report.messages.TEMPLATES`; same rules as
:mod:`kloof.report.messages_library`.
"""

from __future__ import annotations

from kloof.i18n import N_

__all__ = ["NOTES"]

NOTES: tuple[str, ...] = (
    # -- allocation rules (allocation/rule.py)
    N_("give amount and/or per_capita"),
    N_("give at least one limit (e.g. max_change_pct: 5)"),
    N_("tier {name}: give amount or share, not both"),
    N_("need: give exactly one of indicator and index"),
    N_(
        "need.transform: an index score is higher-is-better (NL = 100), so its raw value cannot be a need; use gap, ratio, percentile or decile"
    ),
    N_("recipients source: give exactly one of areas and level"),
    N_("give a key (e.g. key: {{kind: per_capita}}) or a list of tiers"),
    N_("budget: the schedule is empty"),
    N_("tiers: names must be distinct, got {names}"),
    N_("tiers: only one tier can take the rest, got {names}"),
    N_("no budget for year {year}; the rule has {years}"),
    N_(
        "tiers: the pots add up to {known} euro, not the budget of {total} euro; leave out the amount of one tier to give it the rest"
    ),
    N_("allocation rule: expected a mapping with name, budget and key"),
    N_("tier {name}: the recipients list is empty"),
    N_("tier {name}: recipients listed twice: {names}"),
    N_("give {names} inside a tier when the rule has tiers"),
    N_("{where}: {amount} is negative or not a number"),
    N_("{where}: {amount} is not a whole number of {unit}s"),
    N_("allocation rule, {where}: {problem}"),
    N_("allocation rule is not valid YAML: {error}"),
    N_(
        "tier {name}: cap.{form} ({cap}) is below floor.{form} ({floor}); raise the cap or lower the floor"
    ),
    # -- housing scenarios (housing/scenario.py)
    N_("no shipped scenario {name}; choose from {names}"),
    N_(
        "scenario {name}: no value in the data and none in the scenario for {names}; add them under the region's `fallback:`"
    ),
    N_("social_rent_pct + owner_occupied_pct above 100 in {names}"),
    N_("social_rent_pct + owner_occupied_pct is above 100"),
    N_("vulnerable_split must be non-negative and sum to 1 (got {total})"),
    N_("initial_backlog counts must be non-negative"),
    N_("regions listed twice: {names}"),
    N_("stock.turnover_by_region: unknown regions {names}"),
    N_("pressure_indicator {name} must be one of {names}"),
    N_("a scenario must be a mapping of fields"),
    N_("turnover_by_region[{key}] = {value} is not a share in [0, 1]"),
    N_("turnover_multiplier[{key}] = {value} is negative"),
    N_("region {code} is not a {level} code"),
    N_("area name {name} is also a region code"),
    N_("area {name}: unknown regions {names}"),
    N_("restructuring: {name} is not one of the regions"),
    N_("restructuring {name}: until {until} < {year}"),
    N_("restructuring {name}: years {first}-{last} outside the run {start}-{end}"),
    N_("scenario is not valid YAML: {error}"),
    N_("policy {name}: unknown region or area {ref}; known areas: {names}"),
    # -- monitor targets (monitor/targets.py)
    N_("a targets file needs a 'targets' list"),
    N_("target ids must be unique"),
    N_("target data needs columns {names}; got {columns}"),
    N_("target {name}: unknown kind {kind}; use {kinds}"),
    N_("target {name}: a {kind} target needs '{need}'"),
    N_("target {name}: a gap target needs a 'reference'"),
    N_("target {name}: a {kind} target needs 'baseline_year'"),
    N_("target {name}: target_year must be after baseline_year"),
    N_("targets YAML does not parse: {error}"),
    N_("target {n} is not a mapping"),
    N_("target {name}: unknown keys {names}"),
    N_("target {name}: select is {{lowest: k}} or {{highest: k}}"),
    N_("target {name}: select needs 'baseline_year'"),
    N_("target {name}: give a 'subject' or a 'select'"),
    N_("target {name}: {problem}"),
    # -- warnings and notes of the analysis (index/prepare.py, spatial, reexpress)
    N_(
        "domains[{d}].indicators[{i}].id: the frame has no data for {name}; import it, or mark the indicator required: false"
    ),
    N_("no data for optional indicator(s) {names}: left out, weights re-normalised"),
    N_(
        "no data for optional indicator(s) {names}: left out, weights re-normalised; domain(s) without data left out: {domains}"
    ),
    N_(
        "no region is significant: with {n} permutations the smallest pseudo p-value is {p}; {correction} over {m} regions needs about {need} regions at that level; use more permutations (e.g. 9999)"
    ),
    N_(
        "no weight count for {names}: parts of old regions are weighted by their address share only; pass weights= (see catalogue_plan) for exact rates"
    ),
    # -- validation notes (report/validation.py)
    N_("{code}: no residents known, counted as its whole wijk {wijk}"),
    N_("{code}: not found among the {n} analysed regions"),
    N_("{code}: composition unknown, not counted"),
    N_("reference: {n} regions"),
    N_(
        "reference: {n} postcode areas re-expressed onto {m} {level} regions of {year} by address shares"
    ),
    # -- notes of the readers (batch.notes)
    N_("{n} invalid geometries repaired (make_valid)"),
    N_("{n} regions, {m} indicators, {k} missing values"),
    N_("columns not in the catalogue, ignored: {names}"),
    N_("{n} column(s) are not in the catalogue for {year} and were skipped: {names}"),
    N_("column(s) repeating an indicator were skipped: {names}"),
    N_("{n} of {m} values are missing or suppressed"),
    N_("region codes taken by row position from {source} (names match)"),
    N_("read as {encoding} text (not UTF-8)"),
    N_("column {name} repeats column {n}; skipped"),
    N_("no CRS in the file; coordinates are degrees, read as WGS84"),
    N_("no CRS in the file; coordinates fit RD New, read as EPSG:28992"),
    N_("the file says WGS84 but holds RD New metres; read as EPSG:28992"),
    N_("{n} empty geometries, regions kept without shape: {codes}"),
    N_("{n} codes occur in several features, their shapes merged: {codes}"),
    N_("matrix {name}"),
    N_(
        "{n} {level} regions of {first} changed; they map onto {m} regions of {last} ({k} split over several); all other regions map one-to-one onto the same code"
    ),
    N_(
        "{n} regions over {m} years ({first}-{last}), {k} missing values; values already stored from a fuller publication are kept"
    ),
    N_("mapped columns absent from this file, skipped: {names}"),
    N_("excluded by the mapping: {codes}"),
    N_("CBS PC4 workbook, short names in row {row}"),
    N_("reference date 1 January {year} (title row)"),
    N_(
        "the file names no year: taken as 1 January 2022, the year of this CBS layout (herkomst born in/outside the Netherlands); pass --year if it is another year"
    ),
    N_("CBS PC4 layout of 1 January 2022, columns read by position"),
    # -- commands and their inputs (cli/*, monitor/areas.py, monitor/targets.py, plans)
    N_("{name} is no e-mail address"),
    N_("no plan for area {area}: create it with `kloof plans init`"),
    N_("no plan for area {area}"),
    N_("{area} is no area of {set} nor a region code"),
    N_("{area} is no area of {sets}: see `kloof monitor areas --set {first}`"),
    N_("unknown format {name}; use pdf, html or xlsx"),
    N_("{path}: no such scenario file (shipped: {names})"),
    N_("--role {value}: give AREA:ROLE with ROLE one of {roles}"),
    N_("{path}: cannot read the spec ({error})"),
    N_("give either --indicator or --index"),
    N_("give --indicator and/or --index"),
    N_("severity {value}: write COLUMN, COLUMN>=VALUE or COLUMN<=VALUE"),
    N_("cannot read area file {path}: {error}"),
    N_("no built-in area set {name}; known: {names}"),
    N_("cannot read targets file {path}: {error}"),
    N_("{where}.id: unknown indicator {name}; `kloof data indicators` lists them"),
    N_("{where}.denominator: unknown indicator {name}"),
    # -- index specifications (index/_checks.py)
    N_("{field}: unknown method {value}; choose from {choices}"),
    N_("{name}.params: only 'offset' is known, got {names}"),
    N_("imputation.params: imputers take no parameters"),
    N_("domains[{d}].id: {name} is a result column name; rename it"),
    N_("domains[{d}].id: domain {name} appears twice"),
    N_("{where}.id: indicator {name} appears twice"),
    N_(
        "{where}.direction: {name} is neutral in the catalogue; give higher_is_worse or higher_is_better"
    ),
    N_(
        "{where}.id: {name} is a sensitive (origin) indicator; it belongs in the fairness audit, not in an index (set allow_sensitive to override)"
    ),
    N_("{where}.weight: negative weight {value}"),
    N_("domains[{d}].weight: negative weight {value}"),
    N_("{name}.weights.{key}: no {what} {key2} in this spec (known: {names})"),
    N_("{name}.weights.{key}: negative weight {value}"),
    N_("domain_level.weights: weighting 'explicit' needs weights for {names}"),
    N_("index_level.weights.{name}: weighting 'explicit' needs a weight"),
    N_(
        "index_level.weighting: domain {name} has no IMD counterpart; set its imd_domain or give it a weight"
    ),
    N_("domain_level.weighting: 'imd' weights domains, use it at index_level"),
    N_("screening.min_coverage: {value} is not in [0, 1]"),
    N_("screening.min_population: {value} is negative"),
    N_("points: {value} must be positive"),
    N_("flag_percentile: {value} is not in (0, 1]"),
    N_("class_breaks: give 8 increasing upper bounds of classes 1-8"),
    N_("reference: empty; use NL, G4 or region codes"),
    # -- usage (cli/_usage.py, cli/data.py, cli/plans.py)
    N_("unknown domain {name}; use {choices}"),
    N_("no plans database at {path}: start one with `kloof plans init` or `kloof users add`"),
    N_("{value} is not a finite number"),
    # -- kloof data import / fetch (cli/data.py)
    N_("skipped"),
    N_("nothing importable in {paths}"),
    N_("reading"),
    N_("reading {name} ({kind})"),
    N_("storing (one transaction)"),
    N_("already imported"),
    N_("{regions} regions, {values} values, {geometries} geometries, {crosswalk} crosswalk rows"),
    N_("{n} stored values replaced ({m} of them by missing)"),
    N_("{n} stored boundaries replaced by different shapes"),
    N_("{n} values already stored from a fuller publication kept (this file supplements them)"),
    N_("store: {path}"),
    N_("fetching {table}"),
    N_("already there"),
    N_("{n} values"),
    # -- kloof monitor tasks (cli/monitor.py)
    N_("{task}: no data yet ({missing}); would be filled by {source}"),
    N_("{task}, still missing: {missing} ({source})"),
    # -- hot spots (spatial/hotspots.py): log lines and errors
    N_("{n} regions: {ok} ok, {missing} missing, {no_geometry} no_geometry, {island} island"),
    N_("{n} islands linked to their nearest region: {codes}"),
    N_(
        "with {n} permutations the smallest pseudo p-value is {p}; {correction} over {m} regions needs about {need} regions at that level"
    ),
    N_(
        "{method}: {n} conditional permutations, seed {seed}; {correction} at alpha {alpha} → p < {cutoff}; {k} of {m} significant"
    ),
    N_("no correction"),
    N_("global Moran's I {I}, pseudo p {p}"),
    N_("Gi*: values shifted by {shift} (z-scores are shift-invariant)"),
    N_("{n} usable regions with constant values: spatial autocorrelation is undefined"),
    N_("{n} usable regions with too few values: spatial autocorrelation is undefined"),
    # -- allocation keys (allocation/keys.py): their summaries in kloof allocate keys
    N_("equal shares"),
    N_("proportional to population"),
    N_("proportional to households"),
    N_("population × need^α"),
    N_("Σ measure × amount per unit × uitkeringsfactor, with drempels"),
    N_("a fixed base per recipient plus a variable part by another key"),
    N_("recipient {name!r} is not in this allocation; e.g. {names}"),
    # -- series of areas (monitor/series.py, monitor/aggregate.py): notes per year
    N_(
        "{year}: no {level} crosswalk to {to_year}; {level} codes matched as they are (a code whose boundary changed is compared as if it had not)"
    ),
    N_("{year}: {level} regions re-expressed on {to_year} boundaries"),
    N_("{year}: not in the data: {names}"),
    N_("{year}: no weight count for {names}; left out"),
    N_("{year}: none of the indicators is in the data"),
    N_("{year}: no {gm} row; {gm} is the sum of its {n} wijken (all of {to_year})"),
    N_("{year}: no {code} row: Nederland is the sum of the {n} gemeenten"),
    # -- columns of the analysis frames (spatial/focus.py, segregation.py, inequality.py)
    N_("column {name!r} is not in the {year} frame"),
    N_("column {name!r} is not in the frame"),
    N_("severity column {name!r} is not in the frame"),
    N_("weights column {name!r} is not in the {year} frame"),
    # -- kinds of indicators (data/catalogue.yaml), in kloof data indicators
    N_("category"),
    N_("mean"),
    N_("rate"),
    # -- segregation and the national gap (spatial/segregation.py, inequality.py): logs
    N_("{group} among {total}: {n} regions, {m} areas"),
    N_("{n} regions missing: left out of their area's indices, counted"),
    N_("{n} regions inconsistent: left out of their area's indices, counted"),
    N_("evenness null: {n} draws, seed {seed}"),
    N_("{n} areas with < 2 regions or no variation: indices undefined"),
    N_("{year}: {column} not present, skipped"),
    N_(
        "{year} {column}: {n} regions missing, {zero} zero (left out of Theil L), {negative} negative (left out of T and L)"
    ),
    # -- targets (monitor/targets.py): statuses and the deciding rule
    N_("on track"),
    N_("at risk"),
    N_("off track"),
    N_("no data"),
    N_("not judged"),
    N_("no baseline value in {year}"),
    N_("no observation after the baseline year {year}"),
    N_("select {how} {k}: no subject has a value in the baseline year {year}"),
    N_("deadline: {year} value {value} meets {sign} {target}"),
    N_("deadline: {year} value {value} misses {sign} {target}"),
    N_(
        "trend ({method}, {n} years {first}-{last}): projection {value} in {year} meets {sign} {target}"
    ),
    N_(
        "trend ({method}, {n} years {first}-{last}): projection {value} in {year} misses, its band reaches {sign} {target}"
    ),
    N_(
        "trend ({method}, {n} years {first}-{last}): projection {value} in {year} misses, even its band misses {sign} {target}"
    ),
    N_("glide path: {p}% of the way after {t}% of the time (on track ≥ {t}%, at risk ≥ {r}%)"),
    N_(
        "nominal euros, not judged without the CPI (kloof data fetch cpi; --prices YEAR); nominal {problem}: {reason}"
    ),
    # -- the CPI (sources/cpi.py): its note
    N_("{n} annual values {first}-{last}"),
    # -- years of the store (app/years.py)
    N_("no {level} data for {year}; years with data: {years}"),
    # -- specifications of hot spots and neighbour graphs (spatial/hotspots.py, graph.py)
    N_("method {name!r} unknown; choose from {names}"),
    N_("use at least 99 permutations (999 recommended)"),
    N_("graph kind {name!r} unknown; choose from {names}"),
    N_("a distance-band graph needs a positive threshold in metres"),
    N_("k and island_k must be at least 1"),
    N_("islands policy {name!r} unknown; use 'knn' or 'drop'"),
    N_("no {name!r} column in the boundaries"),
    N_("the boundaries have no CRS; set it (EPSG:28992 = RD New)"),
    N_("{n} duplicate codes in the boundaries (first {code}); dissolve them first"),
    # -- programme evaluation (monitor/panel.py, monitor/evaluate.py): reasons, notes and
    # the assumptions each estimator states
    N_("need at least 2 pre years and 1 post year around {year}; have pre {pre}, post {post}"),
    N_("need at least 2 donors with complete data; have {n}"),
    N_("only {n} pre years: pre-trends can hardly be checked"),
    N_(
        "in-space placebos are not centred on zero (mean {mean}): the estimator is biased for this donor pool; estimate, interval and p-value are corrected by the placebo median ({shift}; uncorrected {value})"
    ),
    N_(
        "parallel trends: without the programme, treated and donor units would have changed alike (check the pre-period event-study values and in-time placebos)"
    ),
    N_("no anticipation: nothing changed because of the programme before the start year"),
    N_("no spill-overs: donors are not affected by the programme (SUTVA)"),
    N_("composition: units keep their boundaries (series re-expressed on one year's regions)"),
    N_(
        "the treated unit's untreated path is a weighted mix of donor paths, fitted on the pre-period (a good pre-period fit is required: see pre-RMSPE)"
    ),
    N_("the treated unit lies within the donors' range (else use demean=True)"),
    N_("no anticipation and no spill-overs to donors"),
    N_("few pre years make the fit fragile: a good pre-fit on 4 years can be chance"),
    # -- allocation rules (allocation/allocate.py)
    N_("budget year {year}: the rule's schedule has {years}"),
    # -- area plans (plans/plan.py)
    N_("area {area} has a plan already"),
    N_("partner {name} is in the plan already"),
)
