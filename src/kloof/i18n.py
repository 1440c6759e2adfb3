"""The one translation lookup of kloof: gettext catalogues managed with Babel.

Every interface text (the dashboard, the printed profiles and the command line) lives
in ``kloof/locale/{nl,en}/LC_MESSAGES/messages.po``, compiled to ``messages.mo``, with
the English text as message id; Dutch is the default language. This module reads the
compiled catalogues (cheaply: the command line's ``--help`` loads it) and is used by
:mod:`kloof.report.i18n` (templates, keyed tables) and :mod:`kloof.cli` alike. The
translator's workflow (extract, update, compile) is in docs/translations.md.

Examples
--------
>>> translate("Map", "nl")
'Kaart'
>>> translate("Map", "en")
'Map'
>>> language("fr")
'nl'
"""

from __future__ import annotations

import functools
import gettext as _gettext
from pathlib import Path
from typing import Any

__all__ = [
    "DOMAIN",
    "LANGUAGES",
    "LOCALE_DIR",
    "N_",
    "has",
    "language",
    "translate",
    "translations",
]

#: The languages of the catalogues; the first is the default.
LANGUAGES: tuple[str, ...] = ("nl", "en")
#: The gettext domain: ``locale/<lang>/LC_MESSAGES/messages.{po,mo}``.
DOMAIN = "messages"
#: Where the catalogues are (package data, next to this module).
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


def N_(message: str) -> str:  # noqa: N802 (gettext's name for it)
    """Mark ``message`` for extraction without translating it (gettext's ``N_``)."""
    return message


def language(name: str) -> str:
    """The catalogue for ``name``: one of :data:`LANGUAGES`, else Dutch (the default)."""
    return name if name in LANGUAGES else LANGUAGES[0]


@functools.cache
def translations(name: str) -> _gettext.GNUTranslations:
    """The compiled catalogue of ``name`` (Dutch for anything but ``en``).

    Raises
    ------
    FileNotFoundError
        If the ``.mo`` file is missing (run ``pybabel compile``, see docs/translations.md).
    """
    path = LOCALE_DIR / language(name) / "LC_MESSAGES" / f"{DOMAIN}.mo"
    with path.open("rb") as fp:
        return _gettext.GNUTranslations(fp)


def translate(message: str, language: str, /, **variables: Any) -> str:
    """``message`` (an English message id) in ``language``, formatted with ``variables``
    (any names: the first two parameters are positional only)."""
    text = translations(language).gettext(message)
    return text.format(**variables) if variables else text


def has(message: str) -> bool:
    """Whether the catalogues hold ``message`` (a message id)."""
    catalogue: dict[Any, str] = getattr(translations("nl"), "_catalog", {})
    return message in catalogue
