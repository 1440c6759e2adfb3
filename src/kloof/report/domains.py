"""Names of domains for people: the catalogue's domains and an index's domains left out.

The index library writes ids (``safety``); every face shows the name in the reader's
language: the command line's tables and notes, and the server's log (``kloof serve``).
Light on purpose (no pandas): the command line's help imports it.

Examples
--------
>>> domain_text("population", "nl"), domain_text("GM0014", "nl")
('Bevolking en huishoudens', 'GM0014')
>>> domains_named("no data; domain(s) without data left out: safety", "en")
'no data; domain(s) without data left out: Safety'
"""

from __future__ import annotations

from typing import Any

from kloof.i18n import N_, translate

__all__ = ["DOMAINS", "domain_text", "domains_named"]

#: Domains of the indicator catalogue (``kloof data indicators --domain``) → their name.
DOMAINS: dict[str, str] = {
    "area": N_("Surface area"),
    "business": N_("Businesses"),
    "care": N_("Care"),
    "education": N_("Education"),
    "energy": N_("Energy"),
    "facilities": N_("Facilities"),
    "housing": N_("Housing"),
    "income": N_("Income"),
    "mobility": N_("Mobility"),
    "origin": N_("Origin"),
    "population": N_("Population and households"),
    "safety": N_("Safety"),
    "urbanity": N_("Urbanity"),
    "work": N_("Work and benefits"),
}


def domain_text(domain: object, lang: str) -> object:
    """A catalogue domain id (``population``) by its name in ``lang``; others as they are."""
    if isinstance(domain, str) and domain in DOMAINS:
        return translate(DOMAINS[domain], lang)
    return domain


#: Where the index library's warning lists the ids of domains left without data.
_EMPTY_DOMAINS = "; domain(s) without data left out: "


def domains_named(message: str, lang: str, spec: Any = None) -> str:
    """``message`` with the ids of domains left out replaced by their names in ``lang``.

    The index library names a domain left without data by its id (``safety``); people
    read its name: from the specification (``label``, ``label_en``; a preset's name is
    loaded), else the catalogue's domain names (:func:`domain_text`).
    """
    head, sep, ids = message.partition(_EMPTY_DOMAINS)
    if not sep:
        return message
    if isinstance(spec, str):
        from kloof.index import presets

        spec = presets.load(spec) if spec in presets.NAMES else None
    labels = {d.id: d.label_en if lang == "en" else d.label for d in getattr(spec, "domains", ())}
    names = [str(labels.get(d) or domain_text(d, lang)) for d in ids.split(", ")]
    return head + sep + ", ".join(names)
