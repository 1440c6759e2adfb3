"""The gettext catalogues (kloof/locale): complete, consistent with the sources, compiled.

A translator's workflow is ``make translations`` (extract, update, compile; see
docs/translations.md). These tests fail when a message has no Dutch or English
translation, when a text in the code is missing from the catalogues, when a translation
drops or invents a placeholder, or when a ``.mo`` file was not compiled after its ``.po``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from kloof.report.i18n import DOMAIN, LANGUAGES, LOCALE_DIR, MESSAGES, translations

ROOT = Path(__file__).resolve().parents[1]
BRACES = re.compile(r"\{(\w*)[^{}]*\}")
PERCENT = re.compile(r"%\((\w+)\)s")


def _catalogue(lang: str) -> Catalog:
    with (LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as fp:
        return read_po(fp, locale=lang)


def _extracted() -> set[str]:
    """Message ids in the sources, extracted as ``make translations`` does."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as fp:
        method_map, options_map = parse_mapping_cfg(fp)
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "translate": (1,)}
    found = extract_from_dir(
        str(ROOT / "src" / "kloof"), method_map, options_map, keywords=keywords
    )
    ids: set[str] = set()
    for _file, _line, message, _comments, _context in found:
        ids.update([message] if isinstance(message, str) else [m for m in message if m])
    return ids


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_is_translated(lang: str) -> None:
    catalogue = _catalogue(lang)
    empty = [m.id for m in catalogue if m.id and not m.string]
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    assert not empty, f"{lang}: {len(empty)} messages without translation, e.g. {empty[:5]}"
    assert not fuzzy, f"{lang}: {len(fuzzy)} fuzzy translations to check, e.g. {fuzzy[:5]}"
    problems = [(m.id, m.check(catalogue)) for m in catalogue if m.id and m.check(catalogue)]
    assert not problems, problems[:5]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translations_keep_their_placeholders(lang: str) -> None:
    for message in _catalogue(lang):
        if not message.id or not isinstance(message.id, str):
            continue
        for pattern in (BRACES, PERCENT):
            expected = sorted(set(pattern.findall(message.id)))
            assert sorted(set(pattern.findall(str(message.string)))) == expected, message.id


def test_catalogues_hold_every_text_of_the_code() -> None:
    ids = _extracted()
    assert set(MESSAGES.values()) <= ids  # the keyed table is found by the extractor
    for lang in LANGUAGES:
        held = {m.id for m in _catalogue(lang) if m.id}
        missing = sorted(ids - held)
        assert not missing, (
            f"{lang}: {len(missing)} texts not in the catalogue (run `make translations`), "
            f"e.g. {missing[:5]}"
        )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_compiled_catalogue_matches_the_po_file(lang: str) -> None:
    compiled = translations(lang)
    for message in _catalogue(lang):
        if message.id and isinstance(message.id, str):
            assert compiled.gettext(message.id) == message.string, (
                f"{lang}: {message.id!r} differs in messages.mo: run `pybabel compile -d "
                "src/kloof/locale` (or `make translations`)"
            )


def test_dutch_is_dutch_and_english_is_english() -> None:
    assert translations("nl").gettext("Map") == "Kaart"
    assert translations("en").gettext("Map") == "Map"
    assert translations("de").gettext("Map") == "Kaart"  # Dutch is the default


def test_shipped_descriptions_are_given_in_both_languages() -> None:
    from kloof.allocation.scenarios import SCENARIOS, scenario
    from kloof.housing import list_shipped, shipped
    from kloof.monitor.areas import builtin

    described = [scenario(k) for k in SCENARIOS] + [shipped(k) for k in list_shipped()]
    described += [builtin(name) for name in ("nplv", "dichtdekloof")]
    for item in described:
        nl, en = item.describe("nl"), item.describe("en")
        assert nl and en and nl != en, item.name
        assert item.description == en  # code, the CLI and the API keep the English text


def test_a_plain_description_serves_both_languages() -> None:
    from kloof.bilingual import split
    from kloof.errors import SpecError
    from kloof.monitor.areas import AreaSet

    plain = AreaSet.from_dict({"name": "x", "description": "Eén tekst", "areas": []})
    assert plain.describe("nl") == plain.describe("en") == "Eén tekst"
    with pytest.raises(SpecError, match="nl and en"):
        split({"de": "Text"})


def test_templates_do_not_hide_gettext() -> None:
    """``{% set a, _, b = … %}`` or ``{% for _ in … %}`` would hide ``_()`` (gettext)."""
    hiding = re.compile(r"{%-?\s*(?:set|for)\s+(?:[\w\s,]*,\s*)?_\s*(?:,|=|in\b)")
    templates = [*ROOT.glob("src/kloof/web/templates/*.html")]
    templates += ROOT.glob("src/kloof/report/templates/*.j2")
    found = [p.name for p in templates if hiding.search(p.read_text(encoding="utf-8"))]
    assert not found, f"templates that assign _ (use another name): {found}"
