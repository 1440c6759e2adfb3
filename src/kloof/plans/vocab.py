"""Fixed vocabularies of area plans: tasks, partner types, statuses, roles, solutions.

Each vocabulary is an explicit registry (a dict from id to Dutch and English label) that
the services, exports, CLI, web and tests iterate. Area ids have one canonical form, see
:func:`area_id`.
"""

from __future__ import annotations

import re
from typing import Final

from kloof.plans.errors import PlansValidationError

__all__ = [
    "MEASURE_STATUSES",
    "OTHER_TASK",
    "PARTNER_TYPES",
    "ROLES",
    "SOLUTIONS",
    "TASKS",
    "area_id",
    "check_choice",
    "label",
]

#: The five tasks of the programme (id → Dutch, English label).
TASKS: Final[dict[str, dict[str, str]]] = {
    "onderwijsachterstanden": {
        "nl": "Onderwijsachterstanden terugdringen",
        "en": "Reduce educational disadvantage",
    },
    "toeleiding_werk": {"nl": "Toeleiding naar werk", "en": "Pathways into work"},
    "schuldhulp": {"nl": "Schuldhulpverlening", "en": "Debt assistance"},
    "kinderen_jeugd": {"nl": "Kansen voor kinderen en jeugd", "en": "Children and youth"},
    "ondermijning_leefbaarheid": {
        "nl": "Ondermijning aanpakken en leefbaarheid",
        "en": "Tackle organised crime and improve liveability",
    },
}

#: The extra answer "something else" for the questionnaire's biggest task.
OTHER_TASK: Final = "anders"

#: Kinds of alliance partners.
PARTNER_TYPES: Final[dict[str, dict[str, str]]] = {
    "gemeente": {"nl": "Gemeente", "en": "Municipality"},
    "corporatie": {"nl": "Woningcorporatie", "en": "Housing corporation"},
    "school": {"nl": "School", "en": "School"},
    "politie": {"nl": "Politie", "en": "Police"},
    "zorg": {"nl": "Zorg", "en": "Care"},
    "welzijn": {"nl": "Welzijn", "en": "Social welfare"},
    "werkgever": {"nl": "Werkgever", "en": "Employer"},
    "bewonersorganisatie": {"nl": "Bewonersorganisatie", "en": "Residents' organisation"},
    "rijk": {"nl": "Rijk", "en": "National government"},
}

#: Status of a measure.
MEASURE_STATUSES: Final[dict[str, dict[str, str]]] = {
    "gepland": {"nl": "Gepland", "en": "Planned"},
    "lopend": {"nl": "Lopend", "en": "Running"},
    "afgerond": {"nl": "Afgerond", "en": "Completed"},
    "gestopt": {"nl": "Gestopt", "en": "Stopped"},
}

#: Roles per area, from least to most rights.
ROLES: Final[dict[str, dict[str, str]]] = {
    "viewer": {"nl": "Lezer", "en": "Viewer"},
    "editor": {"nl": "Redacteur", "en": "Editor"},
    "area_admin": {"nl": "Gebiedsbeheerder", "en": "Area administrator"},
}

#: Solutions a resident would help with (multi-select in the questionnaire).
SOLUTIONS: Final[dict[str, dict[str, str]]] = {
    "huiswerkbegeleiding": {"nl": "Huiswerkbegeleiding", "en": "Homework support"},
    "taalmaatje": {"nl": "Taalmaatje", "en": "Language buddy"},
    "sport_en_spel": {"nl": "Sport en spel voor kinderen", "en": "Sports and play for children"},
    "buurtpreventie": {"nl": "Buurtpreventie", "en": "Neighbourhood watch"},
    "schoon_en_groen": {"nl": "Schoon en groen", "en": "Clean and green streets"},
    "hulp_bij_formulieren": {"nl": "Hulp bij formulieren", "en": "Help with forms"},
    "werkervaring": {"nl": "Werkervaringsplekken", "en": "Work-experience placements"},
    "ontmoeting": {"nl": "Ontmoeting in de buurt", "en": "Meeting places"},
}

_AREA = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SET = re.compile(r"^[a-z0-9]+$")


def area_id(text: str) -> str:
    """The canonical area id: the set-less, lower-case slug (``rotterdam-zuid``).

    A set prefix (``nplv:rotterdam-zuid``) is accepted and dropped: the built-in area
    sets share ids for the same area, and a plan belongs to the area, not to a programme.

    Parameters
    ----------
    text
        ``rotterdam-zuid``, ``NPLV:Rotterdam-Zuid`` or similar.

    Returns
    -------
    str
        The slug, e.g. ``"rotterdam-zuid"``.

    Examples
    --------
    >>> area_id("nplv:Rotterdam-Zuid")
    'rotterdam-zuid'
    """
    value = text.strip().lower()
    if ":" in value:
        prefix, _, value = value.partition(":")
        if not _SET.match(prefix):
            raise PlansValidationError(f"area id {text!r}: the set prefix must be like 'nplv:'")
    if not _AREA.match(value) or len(value) > 64:
        raise PlansValidationError(
            f"area id {text!r} is no slug: use lower-case letters, digits and dashes, "
            "e.g. 'rotterdam-zuid' or 'nplv:rotterdam-zuid'"
        )
    return value


def check_choice(value: str, choices: dict[str, dict[str, str]], what: str) -> str:
    """Return ``value`` if it is a key of ``choices``, else raise a clear error."""
    if value not in choices:
        raise PlansValidationError(f"{what} {value!r} is not one of {', '.join(choices)}")
    return value


def label(value: str, choices: dict[str, dict[str, str]], lang: str = "nl") -> str:
    """The Dutch (``lang="nl"``) or English label of ``value``, or ``value`` itself."""
    return choices.get(value, {}).get(lang, value)
