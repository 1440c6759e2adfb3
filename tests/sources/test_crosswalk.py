"""Tests of the crosswalk reader (kloof.sources.crosswalk)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from kloof.batch import CROSSWALK_COLUMNS
from kloof.errors import DataFormatError
from kloof.reexpress import reexpress
from kloof.sources.crosswalk import crosswalk_key, matrix_to_weights, read_crosswalk

SHARED = Path(__file__).parents[2] / ".." / "shared" / "data"
CROSSWALKS = SHARED / "crosswalks"


@dataclass
class _RMatrix:
    values: np.ndarray
    rows: list[str]
    cols: list[str]


def _write_rda(path: Path, name: str, matrix: _RMatrix) -> Path:
    """Write an R integer matrix with dimnames, as the grenswijziging files hold."""
    import rdata
    from rdata.conversion import to_r
    from rdata.parser import RObjectType

    def build(m: _RMatrix, conv: Any) -> Any:
        attrs = conv.convert_to_r_attributes(
            {
                "dim": np.array(m.values.shape, dtype=np.int32),
                "dimnames": [np.array(m.rows, dtype="U"), np.array(m.cols, dtype="U")],
            }
        )
        flat = np.ravel(m.values.astype(np.int32), order="F")
        return to_r.build_r_object(RObjectType.INT, value=flat, attributes=attrs)

    rdata.write_rda(path, {name: matrix}, constructor_dict={_RMatrix: build})
    return path


# -- toy data, checked by hand ----------------------------------------------------------
# new x old address counts: new GM0001 holds 30 addresses of old GM0001; new GM0002 holds
# 10 of old GM0001 and 20 of old GM0003.  Old GM0001 (40 addresses) -> 0.75 / 0.25.
TOY = _RMatrix(np.array([[30, 0], [10, 20]]), ["0001", "0002"], ["0001", "0003"])


def test_toy_file_weights_by_hand(tmp_path: Path) -> None:
    name = "grenswijziging_gemeente_van_2020_naar_2021"
    path = _write_rda(tmp_path / f"{name}.rda", name, TOY)
    batch = read_crosswalk(path)
    xw = batch.crosswalk
    assert xw is not None
    assert set(CROSSWALK_COLUMNS) <= set(xw.columns)
    rows = {(r.from_code, r.to_code): r.weight for r in xw.itertuples()}
    assert rows == {
        ("GM0001", "GM0001"): 0.75,
        ("GM0001", "GM0002"): 0.25,
        ("GM0003", "GM0002"): 1.0,
    }
    assert set(xw["level"]) == {"gemeente"}
    assert set(xw["from_year"]) == {2020} and set(xw["to_year"]) == {2021}
    assert xw["addresses"].sum() == 60
    assert any("one-to-one" in n for n in batch.notes)
    assert len(batch.regions) == 0 and len(batch.observations) == 0


def test_toy_old_by_new_orientation(tmp_path: Path) -> None:
    name = "grenswijziging_gemeente_van_2020_naar_2021"
    path = _write_rda(tmp_path / f"{name}.rda", name, TOY)
    xw = read_crosswalk(path, orientation="old_by_new").crosswalk
    assert xw is not None
    rows = {(r.from_code, r.to_code): r.weight for r in xw.itertuples()}
    # now rows are old: old GM0002 -> new GM0001 (10/30) and new GM0003 (20/30)
    assert rows[("GM0002", "GM0003")] == pytest.approx(2 / 3)
    assert rows[("GM0001", "GM0001")] == 1.0


def test_toy_reexpress_two_regions() -> None:
    """Old GM0001 (100 inhabitants) splits 75/25; GM0003 (50) moves into new GM0002."""
    xw = matrix_to_weights(
        TOY.values, TOY.rows, TOY.cols, level="gemeente", from_year=2020, to_year=2021
    )
    frame = pd.DataFrame({"inhabitants": [100.0, 50.0]}, index=["GM0001", "GM0003"])
    out = reexpress(frame, xw, kinds={"inhabitants": "count"})
    assert out["inhabitants"].to_dict() == {"GM0001": 75.0, "GM0002": 75.0}


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (np.array([[1, -1], [0, 2]]), "negative"),
        (np.array([[0, 1], [0, 2]]), "no addresses"),
    ],
)
def test_bad_matrices(values: np.ndarray, message: str) -> None:
    with pytest.raises(DataFormatError, match=message):
        matrix_to_weights(values, ["0001", "02"], ["0001", "02"], level="gemeente",
                          from_year=2020, to_year=2021)  # fmt: skip


def test_bad_codes_and_shape() -> None:
    with pytest.raises(DataFormatError, match="not gemeente codes"):
        matrix_to_weights(np.eye(2), ["01", "ABCDE"], ["01", "02"], level="gemeente",
                          from_year=2020, to_year=2021)  # fmt: skip
    with pytest.raises(DataFormatError, match="not a gemeente code"):
        matrix_to_weights(np.eye(2), ["0001", "00X1"], ["0001", "02"], level="gemeente",
                          from_year=2020, to_year=2021)  # fmt: skip
    with pytest.raises(DataFormatError, match="occurs twice"):
        matrix_to_weights(np.eye(2), ["0001", "1"], ["0001", "02"], level="gemeente",
                          from_year=2020, to_year=2021)  # fmt: skip
    with pytest.raises(DataFormatError, match="not wijk codes"):  # a gemeente matrix
        matrix_to_weights(np.eye(2), ["0001", "0002"], ["0001", "0002"], level="wijk",
                          from_year=2020, to_year=2021)  # fmt: skip
    with pytest.raises(DataFormatError, match="implausible"):
        matrix_to_weights(np.eye(2), ["0001", "0002"], ["0001", "0002"], level="gemeente",
                          from_year=2024, to_year=2016)  # fmt: skip
    with pytest.raises(DataFormatError, match="shape"):
        matrix_to_weights(np.eye(3), ["0001", "02"], ["0001", "02"], level="gemeente",
                          from_year=2020, to_year=2021)  # fmt: skip


def test_file_name_and_corrupt_files(tmp_path: Path) -> None:
    assert crosswalk_key("grenswijziging_wijk_van_2016_naar_2024.rda") == ("wijk", 2016, 2024)
    assert crosswalk_key("matrix.rda") is None
    junk = tmp_path / "grenswijziging_wijk_van_2016_naar_2024.rda"
    junk.write_bytes(b"RDX3\nnot really R data")
    with pytest.raises(DataFormatError, match="cannot read this file as R data"):
        read_crosswalk(junk)
    unnamed = tmp_path / "matrix.rda"
    unnamed.write_bytes(b"")
    with pytest.raises(DataFormatError, match="cannot tell level and years"):
        read_crosswalk(unnamed)
    with pytest.raises(DataFormatError, match="no such file"):
        read_crosswalk(tmp_path / "missing.rda")


# -- real data ----------------------------------------------------------------------------
ALL_FILES = sorted(CROSSWALKS.glob("grenswijziging_*.rda"))


@pytest.mark.realdata
def test_real_files_present() -> None:
    assert len(ALL_FILES) == 16


@pytest.mark.realdata
@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.stem.replace("grenswijziging_", ""))
def test_real_weights_sum_to_one(path: Path) -> None:
    batch = read_crosswalk(path)
    xw = batch.crosswalk
    assert xw is not None
    if "gemeente_van_2023" in path.name:
        assert len(xw) == 0
        assert "no gemeente boundary changed" in batch.notes[-1]
        return
    sums = xw.groupby("from_code")["weight"].sum()
    assert np.allclose(sums, 1.0, atol=1e-12)
    assert (xw["weight"] > 0).all() and (xw["weight"] <= 1).all()
    assert not xw.duplicated(["from_code", "to_code"]).any()
    prefix = "GM" if "gemeente" in path.name else "WK"
    assert xw["from_code"].str.startswith(prefix).all()


def _panel_codes(year: int) -> set[str]:
    data = json.loads((SHARED / "gemeente-panel" / f"gemeenten_{year}.geojson").read_text())
    return {f["properties"]["gemeentecode"] for f in data["features"]}


@pytest.mark.realdata
@pytest.mark.parametrize("year", [2017, 2018, 2019, 2022])
def test_real_gemeente_orientation_matches_panels(year: int) -> None:
    """Old codes are gemeenten of the source year, new codes gemeenten of 2024, and the
    unchanged gemeenten plus the new codes are exactly the 2024 gemeenten."""
    xw = read_crosswalk(CROSSWALKS / f"grenswijziging_gemeente_van_{year}_naar_2024.rda")
    assert xw.crosswalk is not None
    old, new = set(xw.crosswalk["from_code"]), set(xw.crosswalk["to_code"])
    before, after = _panel_codes(year), _panel_codes(2024)
    assert old <= before
    assert new <= after
    assert (before - old) | new == after


@pytest.mark.realdata
def test_real_wijk_orientation_matches_boundaries() -> None:
    from kloof.sources.boundaries import read_boundaries

    xw = read_crosswalk(CROSSWALKS / "grenswijziging_wijk_van_2016_naar_2024.rda").crosswalk
    assert xw is not None
    w16 = set(read_boundaries(SHARED / "boundaries" / "wijk_2016_6.geojson").regions["code"])
    w24 = set(read_boundaries(SHARED / "boundaries" / "wijken_2024.geojson").regions["code"])
    assert set(xw["from_code"]) <= w16
    assert set(xw["to_code"]) <= w24
    # Amsterdam's 2022 letter codes are targets
    assert "WK0363AA" in set(xw["to_code"])
