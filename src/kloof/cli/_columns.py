"""Words for the ids a command-line table would otherwise show: headers, values, years.

* headers that :data:`kloof.cli._texts.COLUMNS` lacks: the ids of the audit, the
  uncertainty run, the monitor (series, tasks, areas, the evaluation), the comparison of
  allocations and the plans, plus the columns named after a reference group
  (``rest_of_gemeente``, ``gap_rest_of_nl_pct``), shown by :func:`kloof.cli._texts.header`;
* values that are ids or English words in the library: the catalogue's domains
  (:func:`domain_text`), an index specification's domains (:func:`domain_labels`),
  indicators (:func:`indicator_name`), an audit's strength, an evaluation's method and
  verdict, an allocation's outcome (:func:`value_text`), the domains an index left out
  for lack of data in its warning (:func:`domains_named`);
* a source's years, stored as a JSON list (:func:`year_span`).

Each text is an English message id marked with ``N_`` for the extractor and shown in the
run's language: a table of a Dutch run shows no English id.

Examples
--------
>>> more_header("gap_rest_of_gemeente_pct", "nl")
'Kloof t.o.v. rest gemeente (%)'
>>> more_header("index_p05", "en")
'Index p5'
>>> more_header("no_such_column", "nl") is None
True
>>> year_span("[2016, 2017, 2018, 2019, 2020, 2021]"), year_span("[2017, 2019]"), year_span("[]")
('2016–2021', '2017, 2019', '')
"""

from __future__ import annotations

import json
from typing import Any

from kloof.i18n import N_, translate

__all__ = [
    "MORE_COLUMNS",
    "REFERENCES",
    "VALUES",
    "domain_labels",
    "domain_text",
    "domains_named",
    "indicator_name",
    "more_header",
    "value_text",
    "year_span",
]

#: Column id → header (English message id).
MORE_COLUMNS: dict[str, str] = {
    "index": N_("Index"),
    # index audit
    "pearson": N_("Pearson"),
    "weighted_pearson": N_("Pearson (weighted)"),
    "strength": N_("Strength"),
    # index uncertainty
    "index_p05": N_("Index p5"),
    "index_median": N_("Index (median)"),
    "index_p95": N_("Index p95"),
    "rank_p05": N_("Rank p5"),
    "rank_median": N_("Rank (median)"),
    "rank_p95": N_("Rank p95"),
    "rank_width": N_("Rank width"),
    "p_bottom_decile": N_("P(worst decile)"),
    "p_focus": N_("P(in focus set)"),
    "mean_rank_shift": N_("Mean rank shift"),
    # monitor: areas, tasks, evaluation
    "id": N_("Id"),
    "programme": N_("Programme"),
    "n_codes": N_("Codes"),
    "task": N_("Task"),
    "points": N_("Points"),
    "first_year": N_("First year"),
    "trend": N_("Trend"),
    "effect": N_("Effect"),
    "placebo_time": N_("Placebo effect"),
    "start": N_("Start"),
    "method": N_("Method"),
    "estimate": N_("Estimate"),
    "low": N_("Lower bound"),
    "high": N_("Upper bound"),
    "p_value": N_("p-value"),
    "verdict": N_("Verdict"),
    "raw_estimate": N_("Raw estimate"),
    "placebo_median": N_("Placebo median"),
    "placebos": N_("Placebos"),
    # spatial gap --spatial-gini: the pseudo p-value of the spatial Gini
    "spatial_gini_p": N_("p (spatial Gini)"),
    # spatial focus: the comparison with official areas
    "jaccard_residents": N_("Jaccard (residents)"),
    "jaccard_residents_within": N_("Jaccard (residents, within gemeenten)"),
    "residents_candidates": N_("Residents of the candidates"),
    "residents_official": N_("Residents of the official areas"),
    "residents_both": N_("Residents in both"),
    "areas_missed": N_("Official areas missed"),
    "areas_undefined": N_("Official areas without data"),
    "candidates_not_official": N_("Candidates outside the official areas"),
    # allocate --compare: winners and losers
    "other": N_("Compared with"),
    "difference": N_("Difference"),
    "difference_pct": N_("Difference (%)"),
    "difference_per_resident": N_("Difference per resident"),
    "outcome": N_("Outcome"),
    # plans and users
    "area": N_("Area"),
    "partners": N_("Partners"),
    "lines": N_("Lines"),
    "measures": N_("Measures"),
    "version": N_("Version"),
    "email": N_("E-mail"),
    "admin": N_("Administrator"),
    "active": N_("Active"),
    "roles": N_("Roles"),
    "created": N_("Created"),
}

#: Reference groups of the monitor (``kloof monitor series --reference``) → their name.
REFERENCES: dict[str, str] = {
    "rest_of_gemeente": N_("rest of gemeente"),
    "rest_of_nl": N_("rest of NL"),
    "nl": N_("Netherlands"),
    "gemeente": N_("gemeente"),
    "g4": N_("G4"),
}

#: Cell values that are English words in the library (an audit's strength, an
#: evaluation's verdict) → the message id they are shown under.
VALUES: dict[str, str] = {
    "weak": N_("weak"),
    "moderate": N_("moderate"),
    "strong": N_("strong"),
    "effect": N_("effect"),
    "no_evidence": N_("no evidence"),
    "no evidence": N_("no evidence"),
    "insufficient": N_("insufficient"),
    "did": N_("difference in differences"),
    "synthetic": N_("synthetic control"),
    "winner": N_("winner"),
    "loser": N_("loser"),
    "new": N_("new"),
    "gone": N_("gone"),
    "unchanged": N_("unchanged"),
    "high": N_("high"),
    "medium": N_("medium"),
    "low": N_("low"),
}


def domain_text(domain: object, lang: str) -> object:
    """:func:`kloof.report.domains.domain_text`, imported when first needed (help stays light)."""
    from kloof.report.domains import domain_text as named

    return named(domain, lang)


def domains_named(message: str, lang: str, spec: Any = None) -> str:
    """:func:`kloof.report.domains.domains_named`, imported when first needed."""
    from kloof.report.domains import domains_named as named

    return named(message, lang, spec)


def domain_labels(spec: Any, lang: str) -> dict[str, str]:
    """The domains of an index specification by their name in ``lang`` (id → name)."""
    return {d.id: (d.label_en if lang == "en" else d.label) or d.id for d in spec.domains}


def indicator_name(indicator: str, lang: str) -> str:
    """An indicator's name in ``lang`` (its id when the catalogue lacks it)."""
    from kloof import catalogue

    cat = catalogue.load()
    return cat[indicator].text(lang) if indicator in cat else indicator


def more_header(name: str, lang: str) -> str | None:
    """The header of column ``name`` in ``lang``, ``None`` when it has none here."""
    if name in MORE_COLUMNS:
        return translate(MORE_COLUMNS[name], lang)
    if name in REFERENCES:
        reference = translate(REFERENCES[name], lang)
        return reference[:1].upper() + reference[1:]
    if name.startswith("gap_"):
        ref, pct = name[4:], False
        if ref.endswith("_pct"):
            ref, pct = ref[:-4], True
        if ref in REFERENCES:
            key = N_("Gap to {reference} (%)") if pct else N_("Gap to {reference}")
            return translate(key, lang).format(reference=translate(REFERENCES[ref], lang))
    return None


def value_text(value: object, lang: str) -> object:
    """A cell of :data:`VALUES` in ``lang``; any other value as it is."""
    if isinstance(value, str) and value in VALUES:
        return translate(VALUES[value], lang)
    return value


def year_span(years: object) -> str:
    """The years of a source (stored as a JSON list) for people: ``2016–2021``, ``2017, 2019``.

    A run of consecutive years is written as its first and last; no years is empty.
    Anything that is no list of years is returned as text.
    """
    try:
        values = sorted({int(y) for y in json.loads(str(years))})
    except (TypeError, ValueError):
        return "" if years is None else str(years)
    if len(values) > 2 and values[-1] - values[0] == len(values) - 1:
        return f"{values[0]}–{values[-1]}"
    return ", ".join(map(str, values))
