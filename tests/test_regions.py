from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kloof import regions
from kloof.errors import RegionCodeError


@pytest.mark.parametrize(
    ("code", "level", "gm", "wk"),
    [
        ("NL00", "land", None, None),
        ("GM0363", "gemeente", None, None),
        ("gm0363  ", "gemeente", None, None),
        ("WK036301", "wijk", "GM0363", None),
        ("WK0363AA", "wijk", "GM0363", None),
        ("BU03630101", "buurt", "GM0363", "WK036301"),
        ("BU0363AA01", "buurt", "GM0363", "WK0363AA"),
    ],
)
def test_parse(code: str, level: str, gm: str | None, wk: str | None) -> None:
    parsed = regions.parse(code)
    assert parsed.level == level
    assert parsed.parent_gm == gm
    assert parsed.parent_wk == wk
    assert parsed.code == code.strip().upper()


@pytest.mark.parametrize("bad", ["", "NL01", "GM363", "WK03630", "BU036301011", "XX0363", "GM03a3"])
def test_parse_rejects(bad: str) -> None:
    with pytest.raises(RegionCodeError, match="not a CBS region code"):
        regions.parse(bad)


def test_hierarchy_table_matches_parse() -> None:
    codes = ["NL00", "GM0014", "WK001400", "BU00140000", "WK0363AA", "BU0363AA01"]
    table = regions.hierarchy(codes)
    for row in table.itertuples():
        parsed = regions.parse(row.code)
        assert row.level == parsed.level
        assert (None if pd.isna(row.parent_gm) else row.parent_gm) == parsed.parent_gm
        assert (None if pd.isna(row.parent_wk) else row.parent_wk) == parsed.parent_wk


def test_hierarchy_rejects_invalid_and_mask() -> None:
    with pytest.raises(RegionCodeError, match="1 invalid"):
        regions.hierarchy(["GM0014", "GM14"])
    mask = regions.invalid_codes(pd.Series(["GM0014", "GM14", None]))
    assert mask.tolist() == [False, True, True]


@given(st.from_regex(r"\A(GM[0-9]{4}|WK[0-9]{6}|BU[0-9]{8})\Z"))
def test_parent_prefix_property(code: str) -> None:
    parsed = regions.parse(code)
    if parsed.parent_gm:
        assert code[2:6] == parsed.parent_gm[2:]
    if parsed.parent_wk:
        assert code.startswith("BU" + parsed.parent_wk[2:])


def test_pc4_is_a_level_outside_the_hierarchy() -> None:
    parsed = regions.parse("pc1011")
    assert (parsed.code, parsed.level, parsed.parent_gm, parsed.parent_wk) == (
        "PC1011",
        "pc4",
        None,
        None,
    )
    assert "pc4" not in regions.LEVELS
    assert regions.ALL_LEVELS[:-1] == regions.LEVELS
    assert regions.ALL_LEVELS[-1] == "pc4"
    table = regions.hierarchy(["PC9999", "WK036301"])
    assert table["level"].tolist() == ["pc4", "wijk"]
    assert table["parent_gm"].isna().tolist() == [True, False]
    assert [regions.pc4_code(c) for c in (1011, "1011", "PC1011", 1011.0)] == ["PC1011"] * 4
    for bad in ("0999", "101", "PC10111", "AB12"):
        with pytest.raises(RegionCodeError):
            regions.pc4_code(bad)
    assert regions.invalid_codes(pd.Series(["PC0999", "PC1011"])).tolist() == [True, False]
