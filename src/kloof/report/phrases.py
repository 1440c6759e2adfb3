"""Sentences the analysis layers write in English, shown in the reader's language.

The analysis code is pure and writes its logs, notes, statuses and error messages in
English (the command line and the JSON API show them as they are). A page shows them
through :func:`localise`, which recognises a sentence by its English template (a gettext
message id with ``{named}`` fields), translates the template from the catalogues and
fills in the fields, themselves localised in turn (a criterion inside a log line, a
direction inside a criterion). A sentence no template matches is shown as written; the
language test of the dashboard (tests/web/test_languages.py) finds those. Indicator ids
(``bijstand_recipients``) become their catalogue label in either language.

Adding a sentence: write its template here exactly as the code formats it, then
``make translations`` and translate it in the ``.po`` files (docs/translations.md).

Examples
--------
>>> localise("region GM9999 is not in the store", "nl")
'Gebied GM9999 staat niet in de gegevens'
>>> localise("severity: index in the worst 10% of regions (higher is better)", "nl")
'ernst: index bij de slechtste 10% van de gebieden (hoger is beter)'
>>> localise("something else", "nl")
'something else'
>>> localise("teller bijstand_recipients: 13.780", "nl")
'teller Personen met bijstand: 13.780'
"""

from __future__ import annotations

import functools
import re

from kloof.report.i18n import N_, translate

__all__ = ["TEMPLATES", "localise"]

#: English templates (message ids) of the sentences pages show.
TEMPLATES: tuple[str, ...] = (
    # -- focus areas (kloof.spatial.focus): log, notes and statuses
    N_("severity: {criterion}"),
    N_("{column} >= {threshold} ({direction})"),
    N_("{column} <= {threshold} ({direction})"),
    N_("{column} in the worst {share} of regions ({direction})"),
    N_("{column} in the worst {share} of residents ({direction})"),
    N_("higher is better"),
    N_("higher is worse"),
    N_("at least {need} of {total} criteria; residents >= {residents}"),
    N_("duration not assessed: one year of data ({year})"),
    N_("duration: qualifying in >= {years} of the years {listed}"),
    N_("{year}: {n} regions miss a severity value (cannot qualify)"),
    N_("{n} qualifying regions without geometry (not grouped): {codes}"),
    N_("{n} regions qualify; {candidates} candidates"),
    N_("group {members}…: residents missing for {n} regions"),
    N_("{n} qualifying groups below {residents} residents"),
    N_("{name}: code {code} not found among the analysed regions"),
    N_("{name}: buurten {buurten} counted as their whole wijk {wijk}"),
    N_("missed"),
    N_("covered"),
    N_("partly"),
    N_("undefined"),
    N_("official"),
    N_("not official"),
    # -- allocations (kloof.allocation): log, notes and winners and losers
    N_("tier {tier}: {n} recipient(s), key {key}, {budget} euro; {bound}; scale {scale}"),
    N_("no bound binding"),
    N_("{n} at floor"),
    N_("{n} at cap"),
    N_("tier {tier}: left out {what}"),
    N_("{n} below {residents} residents"),
    N_("{n} without a need value"),
    N_("{n} with need below {need}"),
    N_("{n} outside the top {top} by need"),
    N_("no previous allocation: dampening not applied this year"),
    N_("winner"),
    N_("loser"),
    N_("unchanged"),
    N_("new"),
    N_("gone"),
    N_("base_plus_variable"),
    N_("need_weighted"),
    N_("per_capita"),
    N_("equal"),
    N_("gemeentefonds"),
    N_("high"),
    N_("medium"),
    N_("low"),
    N_("CBS Kerncijfers Wijken en Buurten {year} via the kloof store (Bron: CBS)"),
    N_("CBS Kerncijfers Wijken en Buurten via the kloof store (Bron: CBS)"),
    # -- column keys an error message lists
    N_("code"),
    N_("name"),
    N_("class"),
    # -- errors a page shows (kloof.app.targets, kloof.app.years, kloof.web.tables, ...)
    N_("region {code} is not in the store"),
    N_("no plan for area {area}"),
    N_("no plan for area {area}: create it with `kloof plans init`"),
    N_("no area set {name}; known: {known}"),
    N_("no area {key} in set {name}"),
    N_(
        "no region, area or name {text}; use a CBS code (GM0363), an area "
        "(nplv:rotterdam-zuid) or an exact name"
    ),
    N_("{text} matches several regions: {listed}; use a code"),
    N_("the store has no {level} data; run `kloof data import`"),
    N_("the store has no {level} data for {columns}"),
    N_("no {level} data for {year}; years with data: {years}"),
    N_("indicator(s) {indicators} not available at {level} level in {year}"),
    N_("cannot sort by {column}; columns: {columns}"),
    N_("unknown indicator {indicator}; `kloof data indicators` lists them"),
    N_(
        "{code} is not a CBS region code; expected NL00, GM + 4 digits (GM0363), WK + 6 "
        "characters (WK036301), BU + 8 characters (BU03630101) or PC + a 4-digit postcode "
        "(PC1011)"
    ),
    N_("{code} is a {level}, not a {expected}"),
    N_("no map at level {level}"),
    N_("the store has no {level} boundaries for a neighbour graph"),
    N_("no shipped scenario {name}; known: {known}"),
    N_("choose a comparison scenario other than the scenario itself"),
    N_("{name}: {text} is not a number"),
    N_("{name}: {text} must lie between 0 and {high}"),
)

_FIELD = re.compile(r"\{(\w+)\}")


def _pattern(template: str) -> re.Pattern[str]:
    parts: list[str] = []
    seen: set[str] = set()
    last = 0
    for match in _FIELD.finditer(template):
        parts.append(re.escape(template[last : match.start()]))
        name = match.group(1)
        parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>.+?)")
        seen.add(name)
        last = match.end()
    parts.append(re.escape(template[last:]))
    return re.compile("".join(parts), re.DOTALL)


@functools.cache
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((_pattern(t), t) for t in TEMPLATES)


def localise(text: object, language: str, _depth: int = 0) -> str:
    """``text`` in ``language`` when a template matches it, else ``text`` as written
    (with indicator ids as their labels).

    Parameters
    ----------
    text
        A sentence from the analysis code (any object: shown as ``str(text)``).
    language
        ``nl`` or ``en`` (English: the English catalogue's wording of the template).
    """
    sentence = str(text)
    if _depth > 3:
        return sentence
    matched = _match(sentence, language, _depth)
    if matched is not None:
        return matched
    if _WHOLE_ID.fullmatch(sentence):
        return _label(sentence, language)
    return _IDS.sub(lambda m: _label(m.group(0), language), sentence)


def _match(sentence: str, language: str, depth: int) -> str | None:
    for pattern, template in _patterns():
        match = pattern.fullmatch(sentence)
        if match is not None:
            found = match.groupdict().items()
            fields = {k: _listed(v, language, depth + 1) for k, v in found}
            return translate(template, language, **fields)
    return None


def _listed(field: str, language: str, depth: int) -> str:
    """A field localised as a whole, or item by item when it is a list (``a, b, c``)."""
    if ", " in field and _match(field, language, depth) is None:
        return ", ".join(localise(part, language, depth) for part in field.split(", "))
    return localise(field, language, depth)


#: An indicator id in a sentence: with an underscore, or before a colon (``inhabitants:``).
_IDS = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b|\b[a-z][a-z0-9]*(?=: )")
_WHOLE_ID = re.compile(r"[a-z][a-z0-9_]*")


def _label(indicator: str, language: str) -> str:
    """The catalogue label of an indicator id (other words with ``_`` stay)."""
    from kloof import catalogue

    cat = catalogue.load()
    return cat[indicator].text(language) if indicator in cat else indicator
