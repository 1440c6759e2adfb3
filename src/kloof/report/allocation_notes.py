"""Notes on how an allocation's recipients were composed, in English and in Dutch.

When :func:`kloof.report.allocation_data.build_recipients` falls back on a proxy (an
area without known codes funded on its gemeente's rates), fills in a count some members
lack, or puts a gemeente on the wijk scale of an index, it says so. Each note is made
here once in both languages: the English text goes to the ``notes`` provenance entry and
the ``need_note`` column (the canonical, machine-facing form), the Dutch text to
``notes_nl`` and ``need_note_nl``; :func:`pick` chooses the reader's.

Examples
--------
>>> note = proxy_need("GM0599", 2023)
>>> note.en[:48]
'proxy: rates of the whole gemeente GM0599 (the a'
>>> note.text("nl")[:51]
'benadering: cijfers van de hele gemeente GM0599 (he'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "Note",
    "absent_codes",
    "imputed_count",
    "imputed_need",
    "join",
    "need_choice",
    "pick",
    "proxy_area",
    "proxy_need",
    "source",
    "unit",
    "wijk_scale",
]

#: English for the catalogue's (Dutch) units; other units read the same in both.
_UNITS_EN: dict[str, str] = {
    "aantal": "count",
    "aantal inwoners per km²": "inhabitants per km²",
    "per 1 000 inwoners": "per 1,000 inhabitants",
    "per huishouden": "per household",
    "x 1 000 euro": "× €1,000",
}


@dataclass(frozen=True)
class Note:
    """One note in both languages."""

    en: str
    nl: str

    def text(self, language: str = "nl") -> str:
        """The note in ``language`` (``en``; anything else is Dutch)."""
        return self.en if language == "en" else self.nl


def join(notes: Sequence[Note]) -> tuple[str, str]:
    """English and Dutch texts of ``notes``, each joined by ``; `` (as provenance keeps them)."""
    return "; ".join(n.en for n in notes), "; ".join(n.nl for n in notes)


def pick(values: Mapping[str, Any], key: str, language: str) -> str:
    """``values[key + "_nl"]`` for a Dutch reader when present, else ``values[key]``.

    Works on a provenance mapping and on a recipient row alike (``notes`` /
    ``notes_nl``, ``need_note`` / ``need_note_nl``, ``need_source`` / ``need_source_nl``).
    """
    if language != "en":
        dutch = values.get(f"{key}_nl")
        if isinstance(dutch, str) and dutch:
            return dutch
    value = values.get(key, "")
    return value if isinstance(value, str) else ""


def need_choice(chosen: str, skipped: Sequence[tuple[str, int, int]]) -> Note:
    """Which indicator of the rule's preference became the need, and why.

    ``skipped`` holds the indicators tried before it as ``(indicator, missing, total)``:
    how many of the ``total`` recipients had no value.

    Examples
    --------
    >>> need_choice("bijstand_per_1000", [("youth_suspects_per_1000", 28, 28)]).en[:58]
    'need: bijstand_per_1000 (fallback: youth_suspects_per_1000'
    >>> need_choice("bijstand_per_1000", [("youth_suspects_per_1000", 2, 28)]).en[58:]
    ' lacks a value for 2 of 28 recipients)'
    >>> need_choice("youth_suspects_per_1000", []).nl
    'behoefte: youth_suspects_per_1000 (eerste voorkeur, voor alle ontvangers in de store)'
    """
    if not skipped:
        return Note(
            f"need: {chosen} (first preference, in the store for all recipients)",
            f"behoefte: {chosen} (eerste voorkeur, voor alle ontvangers in de store)",
        )
    en, nl = [], []
    for ind, missing, total in skipped:
        if missing >= total:
            en.append(f"{ind} not in the store for all recipients")
            nl.append(f"{ind} staat niet voor alle ontvangers in de store")
        else:
            en.append(f"{ind} lacks a value for {missing} of {total} recipients")
            nl.append(f"{ind} ontbreekt voor {missing} van de {total} ontvangers")
    return Note(
        f"need: {chosen} (fallback: {', '.join(en)})",
        f"behoefte: {chosen} (terugval: {', '.join(nl)})",
    )


def absent_codes(area: str, year: int, codes: Sequence[str]) -> Note:
    """Some of an area's codes are not in the year's data."""
    shown = list(codes)[:6]
    return Note(
        f"{area}: codes not in the {year} data: {shown}",
        f"{area}: codes niet in de gegevens van {year}: {shown}",
    )


def proxy_area(area: str, gemeente: str, population: int | None) -> Note:
    """An area funded on its gemeente's rates (the provenance note)."""
    if population:
        en = f"counts scaled to {population:,} residents"
        nl = f"aantallen geschaald naar {population:,} inwoners".replace(",", ".")
    else:
        en, nl = "counts scaled to the gemeente's residents", "aantallen van de hele gemeente"
    return Note(
        f"{area}: proxy from gemeente {gemeente} (rates as is, {en})",
        f"{area}: benadering met gemeente {gemeente} (percentages zoals ze zijn, {nl})",
    )


def proxy_need(gemeente: str, year: int) -> Note:
    """The need of a proxied area (the recipient's note)."""
    return Note(
        f"proxy: rates of the whole gemeente {gemeente} (the area has no known CBS codes "
        f"or no data in {year})",
        f"benadering: cijfers van de hele gemeente {gemeente} (het gebied heeft geen "
        f"bekende CBS-codes of geen gegevens in {year})",
    )


def imputed_count(column: str, covered_pct: float) -> Note:
    """A count known for only part of an area's residents, scaled up to all."""
    return Note(
        f"imputed: {column} known for {covered_pct:.0f}% of the residents; scaled up to all",
        f"bijgeschat: {column} bekend voor {covered_pct:.0f}% van de inwoners; "
        "opgeschaald naar alle inwoners",
    )


def imputed_need(indicator: str, covered_pct: float) -> Note:
    """A need indicator known for part of an area's members; the rest at the area's mean."""
    return Note(
        f"imputed: {indicator} known for {covered_pct:.0f}% of the residents' members; the "
        "rest count at the area's mean",
        f"bijgeschat: {indicator} bekend voor delen met {covered_pct:.0f}% van de inwoners; "
        "de rest telt mee met het gemiddelde van het gebied",
    )


def wijk_scale(n: int, index: str) -> Note:
    """Gemeenten put on the wijk scale of an index when one need mixes the levels."""
    return Note(
        f"need on the wijk scale: {n} gemeente(n) get the inhabitant-weighted mean of their "
        f"wijken's {index} index (a gemeente index and wijk indices are not on one scale)",
        f"behoefte op wijkschaal: {n} gemeente(n) krijgen het naar inwoners gewogen "
        f"gemiddelde van de {index}-index van hun wijken (een gemeente-index en "
        "wijkindices liggen niet op één schaal)",
    )


def source(year: int, index: str | None = None) -> Note:
    """Where the need's values come from."""
    if index is not None:
        return Note(
            f"kloof index {index!r} on CBS KWB {year} (Bron: CBS)",
            f"kloof-index {index!r} op CBS KWB {year} (Bron: CBS)",
        )
    return Note(
        f"CBS Kerncijfers Wijken en Buurten {year} via the kloof store (Bron: CBS)",
        f"CBS Kerncijfers Wijken en Buurten {year} via de kloof-opslag (Bron: CBS)",
    )


def unit(text: str) -> Note:
    """A catalogue unit (Dutch) in both languages.

    Examples
    --------
    >>> unit("per 1 000 inwoners").en
    'per 1,000 inhabitants'
    >>> unit("%").en
    '%'
    """
    return Note(_UNITS_EN.get(text, text), text)
