"""``kloof spatial …`` and ``kloof map`` on a toy store (two gemeenten, 6 × 6 wijken)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import typer
from typer.testing import CliRunner

from kloof.batch import ImportBatch, SourceInfo
from kloof.cli import spatial
from kloof.cli._common import state
from kloof.store import open_store

pytestmark = pytest.mark.filterwarnings("ignore:The alternative hypothesis:DeprecationWarning")

root = typer.Typer()
root.add_typer(spatial.app, name="spatial")
root.command("map")(spatial.map_command)


@root.callback()
def _root(store: Annotated[Path, typer.Option("--store")]) -> None:
    state.store_path = store


runner = CliRunner()


def _build(path: Path, make_grid) -> Path:
    g = make_grid(6, 6, split=3)
    rng = np.random.default_rng(0)
    hot = (g["col"] >= 2) & (g["col"] <= 3) & (g["row"] >= 2)  # crosses the border
    inhabitants = np.full(len(g), 4000.0)
    rows, obs = [], []
    for year in (2022, 2023):
        bijstand = rng.integers(20, 60, len(g)) + np.where(hot, 300, 0)
        for code, inh, bij in zip(g["code"], inhabitants, bijstand, strict=True):
            rows.append((code, year, "wijk", f"wijk {code[-2:]}", "GM" + code[2:6], None))
            obs += [
                (code, year, "inhabitants", inh),
                (code, year, "bijstand_recipients", float(bij)),
            ]
        for gm in ("GM0001", "GM0002"):
            rows.append((gm, year, "gemeente", f"gemeente {gm[-1]}", None, None))
        rows.append(("NL00", year, "land", "Nederland", None, None))
    geoms = gpd.GeoDataFrame(
        {"code": g["code"], "year": 2023}, geometry=g.geometry.to_numpy(), crs="EPSG:28992"
    )
    batch = ImportBatch(
        source=SourceInfo.for_content("mapping", "toy", "0" * 64),
        regions=pd.DataFrame(
            rows, columns=["code", "year", "level", "name", "parent_gm", "parent_wk"]
        ),
        observations=pd.DataFrame(obs, columns=["code", "year", "indicator", "value"]),
        geometries=geoms,
    )
    store = open_store(path)
    store.ingest(batch)
    store.close()
    return path


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, grid) -> Path:
    return _build(tmp_path_factory.mktemp("spatial") / "toy.duckdb", grid)


def _run(store: Path, *args: str) -> str:
    result = runner.invoke(root, ["--store", str(store), *args])
    assert result.exit_code == 0, result.output + repr(result.exception)
    return result.output


def test_hotspots_command(store: Path, tmp_path: Path) -> None:
    out = _run(
        store,
        "spatial",
        "hotspots",
        "-i",
        "bijstand_per_1000",
        "--permutations",
        "199",
        "--correction",
        "none",
        "--output",
        str(tmp_path / "h.gpkg"),
        "--map",
        str(tmp_path / "h.png"),
    )
    assert "Moran's I" in out and "HH-1" in out and "GM0001; GM0002" in out
    assert "geen correctie bij alfa 0,05" in out  # not the id "none"
    layer = pyogrio.read_dataframe(tmp_path / "h.gpkg")
    assert {"code", "label", "status", "cluster"} <= set(layer.columns) and len(layer) == 36
    assert (tmp_path / "h.png").stat().st_size > 1000


def test_focus_command(store: Path, tmp_path: Path) -> None:
    out = _run(
        store,
        "spatial",
        "focus",
        "-s",
        "bijstand_per_1000>=50",
        "--min-residents",
        "10000",
        "--output",
        str(tmp_path / "f.csv"),
    )
    assert "F01" in out and "voldoet in minstens 2 van de jaren" in out  # Dutch by default
    regions = pd.read_csv(tmp_path / "f.csv", sep=";", decimal=",")
    assert set(regions.loc[regions["candidate"] == "F01", "gemeente"]) == {"GM0001", "GM0002"}


def test_segregation_and_gap_commands(store: Path, tmp_path: Path) -> None:
    out = _run(
        store,
        "spatial",
        "segregation",
        "--group",
        "bijstand_recipients",
        "--level",
        "wijk",
        "--permutations",
        "99",
        "--output",
        str(tmp_path / "s.xlsx"),
    )
    assert "Nederland" in out and "36 gebieden, 2 eenheden" in out  # Dutch by default
    assert len(pd.read_excel(tmp_path / "s.xlsx", engine="openpyxl")) == 2
    out = _run(
        store, "spatial", "gap", "-i", "bijstand_per_1000", "--output", str(tmp_path / "g.csv")
    )
    gap = pd.read_csv(tmp_path / "g.csv", sep=";", decimal=",")
    assert gap["year"].tolist() == [2022, 2023] and (gap["gap"] > 0).all()


def test_gap_command_gives_its_result_the_store_provenance(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kloof.spatial import inequality

    results: list[inequality.GapResult] = []
    real = inequality.national_gap

    def spy(*args: object, **kwargs: object) -> inequality.GapResult:
        results.append(real(*args, **kwargs))  # type: ignore[arg-type]
        return results[-1]

    monkeypatch.setattr(inequality, "national_gap", spy)
    _run(store, "spatial", "gap", "-i", "bijstand_per_1000", "--seed", "3", "--level", "wijk")
    (result,) = results
    prov = result.provenance
    assert prov["store"] == str(store) and prov["level"] == "wijk"
    assert prov["years"] == "2022, 2023" and len(prov["imports"]) == 16
    assert result.seed == 3 and result.params["columns"] == {"bijstand_per_1000": "higher_is_worse"}


def test_map_command(store: Path, tmp_path: Path) -> None:
    _run(store, "map", str(tmp_path / "m.svg"), "-i", "bijstand_per_1000", "--k", "4")
    assert b"<svg" in (tmp_path / "m.svg").read_bytes()[:500]
    _run(store, "map", str(tmp_path / "m.gpkg"), "-i", "bijstand_per_1000")
    assert len(pyogrio.read_dataframe(tmp_path / "m.gpkg")) == 36


def test_errors_are_clear(store: Path) -> None:
    result = runner.invoke(root, ["--store", str(store), "spatial", "hotspots"])
    assert result.exit_code == 1 and "geef --indicator of --index" in result.output
    result = runner.invoke(
        root,
        ["--store", str(store), "spatial", "hotspots", "-i", "bijstand_per_1000", "--year", "2019"],
    )
    assert result.exit_code == 1 and "2019" in result.output
