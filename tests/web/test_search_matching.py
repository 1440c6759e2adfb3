"""Unit tests of the search matching (:mod:`kloof.report.search`): no store needed."""

from __future__ import annotations

import pandas as pd
import pytest

from kloof.report.search import (
    fold,
    official_name,
    parse_postcode,
    postcode_matches,
    rank_regions,
)

REGIONS = pd.DataFrame(
    [
        ("GM0518", "'s-Gravenhage", "gemeente"),
        ("GM0796", "'s-Hertogenbosch", "gemeente"),
        ("GM1900", "Súdwest-Fryslân", "gemeente"),
        ("GM0599", "Rotterdam", "gemeente"),
        ("WK059901", "Rotterdam Centrum", "wijk"),
        ("WK059910", "Feijenoord", "wijk"),
        ("BU05991087", "Feijenoord", "buurt"),
        ("WK061307", "Wijk 07 Rotterdam-Albrandswaard", "wijk"),
        ("nplv:rotterdam-zuid", "Rotterdam-Zuid", "area"),
        ("BU05180000", "Oud Rotterdamsch", "buurt"),
        ("WK000001", None, "wijk"),
    ],
    columns=["code", "name", "level"],
)


def keys(text: str) -> list[str]:
    return [m.key for m in rank_regions(REGIONS, text)]


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Súdwest-Fryslân", "sudwest fryslan"),
        ("'s-Gravenhage", "s gravenhage"),
        ("  Den   HAAG ", "den haag"),
        ("Bergen (NH.)", "bergen nh"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize(
    ("text", "code"),
    [("3072", "PC3072"), ("3072AB", "PC3072"), ("3072 ab", "PC3072"), (" 1011 ", "PC1011")],
)
def test_postcodes(text: str, code: str) -> None:
    assert parse_postcode(text) == code


@pytest.mark.parametrize("text", ["0123", "307", "30721", "3072 ABC", "Rotterdam", "GM0599"])
def test_not_postcodes(text: str) -> None:
    assert parse_postcode(text) is None


def test_common_names_find_the_official_gemeente_first() -> None:
    assert official_name("Den Haag") == "'s-Gravenhage"
    assert keys("Den Haag")[0] == "GM0518"
    assert keys("den bosch") == ["GM0796"]
    assert keys("Gravenhage")[0] == "GM0518"
    assert official_name("Rotterdam") is None


def test_accents_are_ignored() -> None:
    assert keys("Sudwest") == ["GM1900"]
    assert keys("súdwest fryslân") == ["GM1900"]


def test_exact_gemeente_first_then_prefix_word_and_substring() -> None:
    found = keys("Rotterdam")
    assert found[0] == "GM0599"  # exact, gemeente
    # prefix matches (area before wijk), then a word inside, then a substring
    assert found[1:] == ["nplv:rotterdam-zuid", "WK059901", "WK061307", "BU05180000"]


def test_exact_name_wijk_before_buurt_and_codes() -> None:
    assert keys("Feijenoord") == ["WK059910", "BU05991087"]
    assert keys("wk059910") == ["WK059910"]
    assert keys("   ") == []
    assert keys("Nergenshuizen") == []
    assert len(rank_regions(REGIONS, "o", limit=3)) == 3


def test_postcode_matches_largest_share_first() -> None:
    crosswalk = pd.DataFrame(
        {
            "from_code": ["PC3072", "PC3072", "PC3071", "PC3072"],
            "to_code": ["WK059910", "WK059911", "WK059910", "WK059912"],
            "weight": [0.25, 0.75, 1.0, 0.0],
        }
    )
    names = pd.Series({"WK059910": "Feijenoord", "WK059911": "IJsselmonde"})
    found = postcode_matches(crosswalk, "PC3072", names, "wijk")
    assert [(m.key, m.name, m.share) for m in found] == [
        ("WK059911", "IJsselmonde", 0.75),
        ("WK059910", "Feijenoord", 0.25),
    ]
    assert {m.level for m in found} == {"wijk"}
    assert postcode_matches(crosswalk, "PC9999", names, "wijk") == []
