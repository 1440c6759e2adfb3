"""``kloof monitor`` commands on a toy store (and on the real store)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kloof.cli.monitor import app
from kloof.monitor.areas import Area, AreaSet
from kloof.sources.cbs_files import read_kwb
from kloof.store import open_store

runner = CliRunner()
GMS = [f"GM00{i:02d}" for i in range(1, 9)]


def _kloof(store: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"KLOOF_STORE": str(store), "COLUMNS": "80"})
    return result.exit_code, result.output + (str(result.exception) if result.exception else "")


@pytest.fixture(scope="module")
def toy(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Four KWB years of eight gemeenten; GM0001 (wijken WK000101/02) improves from 2021."""
    folder = tmp_path_factory.mktemp("toy")
    store = open_store(folder / "toy.duckdb")
    for k, year in enumerate((2019, 2020, 2021, 2022)):
        lines = ["gwb_code_10;regio;gm_naam;a_inw;a_soz_wb"]
        rows = []
        for i, gm in enumerate(GMS):
            inh = 1000 * (i + 1)
            bijstand = inh * (0.02 + 0.002 * i + 0.001 * k)
            if gm == "GM0001" and year >= 2021:
                bijstand -= 5
            rows.append((gm, inh, round(bijstand)))
        rows += [("WK000101", 600, 20 + k), ("WK000102", 400, max(rows[0][2] - 20 - k, 0))]
        total = sum(r[1] for r in rows[: len(GMS)])
        recipients = sum(r[2] for r in rows[: len(GMS)])
        lines.append(f"NL00;Nederland;;{total};{recipients}")
        lines += [f"{c};{c};Toy;{inh};{b}" for c, inh, b in rows]
        path = folder / f"kwb-{year}.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        store.ingest(read_kwb(path), partial=True)  # wijken of GM0001 only
    store.close()
    area_file = folder / "areas.yaml"
    toy_area = Area("toy-area", "Toy area", "test", "GM0001", 2022, ("WK000101",))
    area_file.write_text(AreaSet("toy", (toy_area,), version="t1").to_yaml(), encoding="utf-8")
    return folder / "toy.duckdb", area_file


def test_areas(toy: tuple[Path, Path]) -> None:
    store, area_file = toy
    code, out = _kloof(store, "areas")
    assert code == 0, out
    assert "rotterdam-zuid" in out and "heerlen-noord" in out
    code, out = _kloof(store, "areas", "--set", "dichtdekloof", "--yaml")
    assert code == 0 and "name: dichtdekloof" in out
    code, out = _kloof(store, "areas", "--file", str(area_file), "--check", "2022")
    assert code == 0 and "toy-area" in out and "versie t1" in out
    code, out = _kloof(store, "areas", "--set", "g4")
    assert code == 1 and "geen meegeleverde gebiedenset" in out  # Dutch by default


def test_series(toy: tuple[Path, Path]) -> None:
    store, area_file = toy
    code, out = _kloof(
        store,
        "series",
        "toy-area",
        "--file",
        str(area_file),
        "-i",
        "bijstand_per_1000",
        "--baseline",
        "2019",
    )
    assert code == 0, out
    assert "2019 = 100" in out
    args = ["series", "toy-area", "--file", str(area_file), "-i", "bijstand_per_1000"]
    code, out = _kloof(store, *args, "--baseline", "2019", "--format", "csv")
    header = next(line for line in out.splitlines() if line.startswith("year,"))
    assert code == 0 and "gap_rest_of_gemeente" in header.split(","), out
    code, out = _kloof(store, "series", "GM0002", "--gemeente", "-i", "inhabitants", "-F", "csv")
    assert code == 0, out
    assert "gap_g4" in next(line for line in out.splitlines() if line.startswith("year,"))
    code, out = _kloof(store, "series", "nowhere")
    assert code == 1 and "en geen gebiedscode" in out


def test_targets(toy: tuple[Path, Path], tmp_path: Path) -> None:
    store, area_file = toy
    targets = tmp_path / "t.yaml"
    targets.write_text(
        "name: toy\ntargets:\n"
        "- {id: lower, subject: toy-area, indicator: bijstand_per_1000, kind: change,"
        " delta: -5, baseline_year: 2019, target_year: 2030}\n"
        "- {id: halve, subject: toy-area, reference: nl, indicator: bijstand_per_1000,"
        " kind: gap, share: 0.5, baseline_year: 2019, target_year: 2030}\n",
        encoding="utf-8",
    )
    code, out = _kloof(store, "targets", str(targets), "--areas", str(area_file))
    assert code == 0, out
    assert "lower" in out and "halve" in out and "trend" in out
    data = tmp_path / "d.csv"
    data.write_text(
        "subject,indicator,year,value\ntoy-area,bijstand_per_1000,2019,40\n"
        "toy-area,bijstand_per_1000,2020,30\n",
        encoding="utf-8",
    )
    code, out = _kloof(store, "targets", str(targets), "--data", str(data), "--as-of", "2020")
    assert code == 0, out
    assert "op koers" in out  # Dutch by default


def test_evaluate(toy: tuple[Path, Path]) -> None:
    store, area_file = toy
    code, out = _kloof(
        store,
        "evaluate",
        "toy-area",
        "--file",
        str(area_file),
        "--start",
        "2021",
        "-i",
        "bijstand_per_1000",
        "--placebos",
        "20",
    )
    assert code == 0, out
    assert "1 behandelde eenhe(i)d(en) tegen 7 donor(en)" in out
    assert "parallelle trends" in out and "placebo's in de tijd" in out
    code, out = _kloof(
        store,
        "evaluate",
        "toy-area",
        "--file",
        str(area_file),
        "--start",
        "2020",
        "-i",
        "bijstand_per_1000",
        "--method",
        "did",
    )
    assert code == 1 and "jaren vóór" in out


@pytest.mark.realdata
def test_real_store(monitor_store_path: Path) -> None:
    code, out = _kloof(monitor_store_path, "series", "rotterdam-zuid", "-i", "bijstand_per_1000")
    assert code == 0, out
    assert "rotterdam-zuid" in out and "2023" in out
    code, out = _kloof(
        monitor_store_path, "evaluate", "all", "--start", "2022", "--placebos", "100"
    )
    assert code == 0, out
    assert "19 behandelde eenhe(i)d(en)" in out
