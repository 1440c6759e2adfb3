"""Texts a YAML file gives in Dutch and English, or as one text for both.

Scenario, rule and area-set files describe themselves for the dashboard. A description
may be one string (older files, and files written for one audience) or a mapping with
``nl`` and ``en``::

    description:
      nl: €143 mln. per jaar over de 20 NPLV-focusgebieden ...
      en: €143M a year over the 20 NPLV focus areas ...

:func:`split` turns either form into the text code and the command line use (English
when given, else the one text) and the texts per language; :func:`pick` chooses the
text of a language for a page.

Examples
--------
>>> split({"nl": "Vier wijken", "en": "Four wijken"})
('Four wijken', {'nl': 'Vier wijken', 'en': 'Four wijken'})
>>> split("One text")
('One text', {})
>>> pick({"nl": "Vier wijken", "en": "Four wijken"}, "nl", "Four wijken")
'Vier wijken'
>>> pick({}, "nl", "One text")
'One text'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, Field, model_validator

from kloof.errors import SpecError

__all__ = ["LANGUAGES", "Described", "pick", "split", "split_field"]

LANGUAGES: tuple[str, ...] = ("nl", "en")


def split(value: Any, where: str = "description", prefer: str = "en") -> tuple[str, dict[str, str]]:
    """``(text, per_language)`` of a one-string or ``{nl, en}`` value; ``text`` is the
    ``prefer`` language's when both are given.

    Raises
    ------
    SpecError
        For a mapping with other keys than ``nl`` and ``en`` or with non-text values.
    """
    if value is None:
        return "", {}
    if isinstance(value, str):
        return value, {}
    if not isinstance(value, Mapping):
        raise SpecError(f"{where}: give a text or a mapping with nl and en")
    unknown = sorted(set(map(str, value)) - set(LANGUAGES))
    if unknown or not value:
        raise SpecError(f"{where}: only the languages nl and en are known, not {unknown}")
    texts = {str(k): " ".join(str(v).split()) for k, v in value.items() if v is not None}
    other = "nl" if prefer == "en" else "en"
    return texts.get(prefer) or texts.get(other, ""), texts


def split_field(data: Any, name: str = "description", prefer: str = "en") -> Any:
    """``data`` (a mapping about to be validated) with ``name`` split into ``name`` and
    ``name + "s"`` (the per-language texts); anything else is returned as it is."""
    if not isinstance(data, Mapping) or not isinstance(data.get(name), Mapping):
        return data
    text, texts = split(data[name], name, prefer)
    return {**data, name: text, f"{name}s": texts}


def pick(texts: Mapping[str, str], language: str, default: str = "") -> str:
    """The text of ``language``, else ``default`` (the one text of the file)."""
    return texts.get(language) or default


class Described(BaseModel):
    """A model with a ``description`` given as one text or as ``{nl: …, en: …}``.

    ``description`` holds the one text (English when both are given), ``descriptions``
    the texts per language; :meth:`describe` picks one for a page.
    """

    description: str = ""
    descriptions: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _bilingual(cls, data: Any) -> Any:
        return split_field(data)

    def describe(self, language: str) -> str:
        """The description in ``language`` (``nl``/``en``), else the one given."""
        return pick(self.descriptions, language, self.description)
