"""The Amsterdam wijk panel 2016-2021 and the 2025 crime/population files (issue 15).

Hand-checkable: WK036300 (Burgwallen-Oude Zijde) has 4,280 inhabitants in 2016 and
4,245 in 2017 in the panel; the 2017 value equals the StatLine export of 83765NED.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kloof.errors import DataFormatError
from kloof.sources import read, read_many
from kloof.sources.code_values import read_code_values
from kloof.sources.crosswalk import read_crosswalk
from kloof.sources.detect import detect
from kloof.sources.kwb_panel import read_kwb_panel
from kloof.sources.statline import read_statline
from kloof.store import open_store

PANEL = "amsterdam-extra/wijken_info.csv"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_toy_panel_is_read_per_year(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "panel.csv",
        "gwb_code,year,a_inw,a_hh,bev_dich,unknown_col\n"
        "WK036300,2016,100,50,.,1\nWK036300,2017,110,55,12,1\nWK036301,2017,200,90,3,1\n",
    )
    assert detect(path) == "kwb-panel"
    batch = read_kwb_panel(path)
    assert batch.supplement
    assert batch.years == (2016, 2017)
    assert len(batch.regions) == 3
    obs = batch.observations.set_index(["code", "year", "indicator"])["value"]
    assert obs[("WK036300", 2017, "inhabitants")] == 110
    assert np.isnan(obs[("WK036300", 2016, "population_density")])
    assert "unknown_col" in " ".join(batch.notes)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("gwb_code,year,a_inw\nWK036300,1999,1\n", "not a KWB year"),
        ("gwb_code,year,a_inw\nWK036300,2016,1\nWK036300,2016,2\n", "twice"),
        ("gwb_code,year,a_inw\nXX1,2016,1\n", "does not parse"),
    ],
)
def test_bad_panels_are_refused(tmp_path: Path, text: str, why: str) -> None:
    with pytest.raises(DataFormatError, match=why):
        read_kwb_panel(_write(tmp_path, "panel.csv", text))


def test_code_values_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "crime_totaal_2025.json", '[["WK0363AA", 985], ["WK0363AB", null]]')
    assert detect(path) == "code-values"
    batch = read_code_values(path)
    assert batch.years == (2025,)
    assert batch.source.table_id == "47018NED"
    assert batch.observations["indicator"].unique().tolist() == ["crimes_total"]
    assert batch.observations["value"].iloc[0] == 985
    assert np.isnan(batch.observations["value"].iloc[1])
    assert set(batch.regions["parent_gm"]) == {"GM0363"}


@pytest.mark.parametrize(
    ("name", "text", "why"),
    [
        ("mystery_2025.json", '[["WK0363AA", 1]]', "cannot tell"),
        ("population_2025.json", '[["WK0363AA", "many"]]', "not a number"),
        ("population_2025.json", '[["WK0363AA", 1], ["WK0363AA", 2]]', "twice"),
        ("population_2025.json", '[["WK0363AA"]]', "expected"),
    ],
)
def test_bad_code_values_are_refused(tmp_path: Path, name: str, text: str, why: str) -> None:
    with pytest.raises(DataFormatError, match=why):
        read_code_values(_write(tmp_path, name, text))


def test_a_supplement_keeps_stored_values(tmp_path: Path) -> None:
    """The panel never replaces a value a fuller publication stored; new years are added."""
    full = _write(tmp_path, "kwb-2017.csv", "gwb_code_10,a_inw\nWK036300,4245\n")
    panel = _write(
        tmp_path,
        "panel.csv",
        "gwb_code,year,a_inw\nWK036300,2017,4250\nWK036300,2018,4300\n",
    )
    store = open_store(tmp_path / "s.duckdb", create=True)
    try:
        store.ingest(read(full))
        report = store.ingest(read(panel))
        assert report.kept == 1 and report.changed == 0
        assert store.frame(2017, "wijk").loc["WK036300", "inhabitants"] == 4245
        assert store.frame(2018, "wijk").loc["WK036300", "inhabitants"] == 4300
    finally:
        store.close()


# ------------------------------------------------------------------ real data


@pytest.mark.realdata
def test_real_panel(shared_data: Path) -> None:
    batch = read(shared_data / PANEL)
    assert batch.source.kind == "kwb-panel"
    assert batch.years == (2016, 2017, 2018, 2019, 2020, 2021)
    assert len(batch.regions) == 6 * 99
    obs = batch.observations.set_index(["code", "year", "indicator"])["value"]
    assert obs[("WK036300", 2016, "inhabitants")] == 4280
    assert obs[("WK036300", 2017, "inhabitants")] == 4245


@pytest.mark.realdata
def test_real_2025_files(shared_data: Path) -> None:
    plan = read_many(
        [
            shared_data / "amsterdam-extra/crime_totaal_2025.json",
            shared_data / "amsterdam-extra/population_2025.json",
        ]
    )
    assert [k for _, k in plan] == ["code-values", "code-values"]
    crime, pop = (read(p) for p, _ in plan)
    assert len(crime.observations) == len(pop.observations) == 110
    raw = dict(json.loads((shared_data / "amsterdam-extra/crime_totaal_2025.json").read_text()))
    assert crime.observations.set_index("code")["value"]["WK0363AA"] == raw["WK0363AA"] == 985


@pytest.mark.realdata
def test_old_numeric_wijk_codes_map_onto_the_letter_codes(shared_data: Path) -> None:
    """The CBS address crosswalk 2021 → 2024 agrees with the wijk names (2019 export vs
    2024 boundaries): the mapping documented in docs/methods-monitor.md."""
    xw = read_crosswalk(shared_data / "crosswalks/grenswijziging_wijk_van_2021_naar_2024.rda")
    cw = xw.crosswalk
    assert cw is not None
    ams = cw[cw["from_code"].str.startswith("WK0363")]
    assert ams["from_code"].nunique() == 99
    top = ams.sort_values("weight").groupby("from_code").tail(1).set_index("from_code")
    assert top.loc["WK036300", "to_code"] == "WK0363AE"
    assert top.loc["WK036300", "weight"] == pytest.approx(1.0)
    assert (top["weight"] >= 0.9).sum() == 94
    old = read_statline(shared_data / "cbs-kwb-amsterdam/Kerncijfers_wijken_en_buurten_2019.csv")
    old_names = old.regions.set_index("code")["name"]
    import geopandas as gpd

    new = gpd.read_file(shared_data / "boundaries/wijken_2024.geojson")
    new_names = new.set_index("wijkcode")["wijknaam"]

    def norm(name: object) -> str:
        return str(name).lower().replace("-", " ").replace("  ", " ").strip()

    same = [
        norm(old_names[c]) == norm(new_names.get(t))
        for c, t in top["to_code"].items()
        if top.loc[c, "weight"] >= 0.9
    ]
    assert sum(same) >= 80, sum(same)


@pytest.mark.realdata
def test_nieuw_west_has_yearly_points(full_store_path: Path) -> None:
    from kloof.monitor import areas
    from kloof.monitor.aggregate import comparison_groups
    from kloof.monitor.series import build_series

    area = areas.builtin("nplv")["amsterdam-nieuw-west"]
    store = open_store(full_store_path, read_only=True)
    try:
        frames = {
            y: pd.concat(
                [store.frame(y, lvl) for lvl in ("gemeente", "wijk") if y in store.years(lvl)]
            )
            for y in store.years()
        }
        xws = {("wijk", y): store.crosswalk("wijk", y, 2024) for y in range(2016, 2024)}
    finally:
        store.close()
    groups = comparison_groups(area, ["rest_of_gemeente"])
    result = build_series(frames, groups, to_year=2024, indicators=["inhabitants"], crosswalks=xws)
    table = result.table("inhabitants")[area.id].dropna()
    assert [y for y in table.index if y <= 2024] == [2016, 2017, 2018, 2019, 2020, 2021, 2023, 2024]
    # 2017 equals the StatLine export re-expressed; the panel adds 2016, 2018, 2020, 2021
    assert 140_000 < table[2016] < table[2019] < table[2024] < 180_000
