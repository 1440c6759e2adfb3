"""PC4 data re-expressed into the store: the shared full store and a small one."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from kloof.batch import ImportBatch, SourceInfo
from kloof.cli.main import app
from kloof.errors import StoreError
from kloof.sources.pc4 import read_pc4, read_pc4_crosswalk
from kloof.store import open_store
from kloof.store.reexpressed import reexpress_pc4_into

# WK001402 from PC4 9717 (2197 of 2202 addresses) and 9718 (2569 of 3192), see
# tests/test_reexpress_pc4.py
S17, S18 = 2197 / 2202, 2569 / 3192
SOCIAL_PCT = (S17 * 790 + S18 * 1065) / (S17 * 3655 + S18 * 4975) * 100


def test_full_store_wijk_frame_2023(full_store_path: Path) -> None:
    with open_store(full_store_path, read_only=True) as store:
        frame = store.frame(2023, "wijk")
        assert len(frame) == 3352
        for col in ("social_rent_pct", "owner_occupied_pct", "rent_pct"):
            values = frame[col].dropna()
            assert values.between(0, 100).all(), col
        assert frame["social_rent_pct"].notna().sum() >= 2990
        assert frame["owner_occupied_pct"].notna().sum() >= 3300
        assert frame.loc["WK001402", "social_rent_pct"] == pytest.approx(SOCIAL_PCT, abs=1e-6)
        obs = store.observations("WK001402", 2023).set_index("indicator")
        assert obs.loc["social_rent_pct", "source_id"].startswith("reexpress:")
        assert "PC4 1-1-2022" in obs.loc["social_rent_pct", "location"]
        assert "wijk 2023" in obs.loc["social_rent_pct", "location"]
        assert obs.loc["inhabitants", "source_id"].startswith("kwb:")  # KWB wins
        # a PC4 rate is stored from PC4 counts (never PC4 count / KWB total) unless the
        # numerator came from KWB: then KWB's rate is derived on the fly
        assert obs.loc["age_0_14_pct", "source_id"].startswith("reexpress:")
        assert obs.loc["one_person_households", "source_id"].startswith("kwb:")
        assert "one_person_households_pct" not in obs.index
        gm = store.frame(2023, "gemeente", ["social_rent_pct", "dwellings"])
        assert gm["social_rent_pct"].notna().sum() >= 330


def test_full_store_counts_conserved(full_store_path: Path) -> None:
    """Σ wijken of the stored dwellings = Σ of the PC4 dwellings they received."""
    with open_store(full_store_path, read_only=True) as store:
        pc4 = store.frame(2022, "pc4", ["dwellings"])["dwellings"]
        xw = store.crosswalk("wijk", 2023, 2023)
        wijk = store.frame(2023, "wijk", ["dwellings"])["dwellings"].dropna()
    xw = xw[xw["from_code"].isin(pc4.index) & xw["to_code"].isin(wijk.index)]
    received = (xw["weight"] * pc4.reindex(xw["from_code"]).to_numpy()).sum()
    assert wijk.sum() == pytest.approx(received, abs=0.5 * len(wijk))  # whole dwellings
    assert wijk.sum() > 0.99 * pc4.sum()


@pytest.fixture(scope="module")
def small_store(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """PC4 2022 and the crosswalk of 2023, no wijk regions; WK001402 has a KWB value."""
    path = tmp_path_factory.mktemp("pc4") / "pc4.duckdb"
    folder = shared_data / "postcode"
    kwb = ImportBatch(
        SourceInfo.for_content("kwb", "toy-kwb.csv", "0" * 64),
        regions=pd.DataFrame(
            {
                "code": ["WK001402"],
                "year": [2023],
                "level": ["wijk"],
                "name": ["Oude Wijken"],
                "parent_gm": ["GM0014"],
                "parent_wk": [None],
            }
        ),
        observations=pd.DataFrame(
            {
                "code": ["WK001402"],
                "year": [2023],
                "indicator": ["social_rent_pct"],
                "value": [33.0],
            }
        ),
    )
    with open_store(path) as store:
        store.ingest_many(
            [
                read_pc4(folder / "PC4.csv"),
                read_pc4_crosswalk(
                    folder / "pc4_gemeente_wijk_address_crosswalk_2017_2024.csv", years=(2023,)
                ),
            ]
        )
        with pytest.raises(StoreError, match="no PC4 data of 2021"):
            reexpress_pc4_into(store, pc4_year=2021)
        with pytest.raises(StoreError, match="no PC4 → wijk crosswalk of 2019"):
            reexpress_pc4_into(store, boundary_year=2019)
        first = reexpress_pc4_into(store, onto="gemeente")
        assert first.regions == 342 and first.kept == 0 and not first.skipped
        store.ingest(kwb)
    return path


def test_kwb_values_are_kept_and_reruns_change_nothing(small_store: Path) -> None:
    with open_store(small_store) as store:
        report = reexpress_pc4_into(store, onto="wijk")
        assert report.kept == 1 and report.kept_by_kind == {"kwb": 1}
        assert report.regions == 1  # only WK001402 is a 2023 wijk of this store
        assert report.not_in_store == 3341
        again = reexpress_pc4_into(store, onto="wijk")
        assert again.skipped
        assert store.frame(2023, "wijk").loc["WK001402", "social_rent_pct"] == 33.0
        gm = store.frame(2023, "gemeente")
        assert len(gm) == 342  # regions added: the store had no gemeenten of 2023
        assert gm.loc["GM0014", "dwellings"] > 100_000


def test_cli_reexpress_without_data(tmp_path: Path) -> None:
    path = tmp_path / "empty.duckdb"
    open_store(path).close()
    result = CliRunner().invoke(app, ["--store", str(path), "data", "reexpress", "--onto", "wijk"])
    assert result.exit_code == 1
    assert "geen PC4-gegevens van 2022" in result.output  # Dutch by default
    english = ["--store", str(path), "--lang", "en", "data", "reexpress", "--onto", "wijk"]
    assert "no PC4 data of 2022" in CliRunner().invoke(app, english).output
