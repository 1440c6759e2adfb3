"""``--prices YEAR``: amounts in euro in constant prices with the CPI in the store (issue 15).

A toy store of four KWB years with mean income per inhabitant; a CPI file with made-up
test values (not CBS figures) imported with ``kloof data cpi``.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from kloof.cli.data import app as data_app
from kloof.cli.monitor import app
from kloof.sources.cbs_files import read_kwb
from kloof.store import open_store

runner = CliRunner()
GMS = [f"GM00{i:02d}" for i in range(1, 9)]
#: Test CPI (not CBS figures).
CPI = {2019: 100.0, 2020: 102.0, 2021: 105.0, 2022: 120.0}


def _run(target: object, store: Path, *args: str) -> tuple[int, str]:
    env = {"KLOOF_STORE": str(store), "COLUMNS": "80"}
    result = runner.invoke(target, list(args), env=env)  # type: ignore[arg-type]
    return result.exit_code, result.output + (str(result.exception) if result.exception else "")


@pytest.fixture(scope="module")
def toy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """GM0001-GM0008 in 2019-2022; income 30 + gemeente number + year offset (x 1 000)."""
    folder = tmp_path_factory.mktemp("prices")
    store = open_store(folder / "toy.duckdb")
    for k, year in enumerate(CPI):
        lines = ["gwb_code_10;regio;gm_naam;a_inw;g_ink_pi"]
        lines.append(f"NL00;Nederland;;{sum(1000 * (i + 1) for i in range(8))};35")
        lines += [f"{gm};{gm};Toy;{1000 * (i + 1)};{30 + i + k}" for i, gm in enumerate(GMS)]
        path = folder / f"kwb-{year}.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        store.ingest(read_kwb(path), partial=True)
    store.close()
    return folder / "toy.duckdb"


def _series(store: Path, *extra: str) -> pd.DataFrame:
    code, out = _run(
        app, store, "series", "GM0002", "--gemeente", "-i", "income_per_inhabitant",
        "--format", "csv", *extra,
    )  # fmt: skip
    assert code == 0, out
    # the CSV rows (the runner mixes in the console's notes after them)
    lines = [ln for ln in out.splitlines() if re.match(r"^(year,|\d{4},)", ln)]
    return pd.read_csv(io.StringIO("\n".join(lines))).set_index("year")


def test_prices_need_a_cpi_then_deflate(toy: Path, tmp_path: Path) -> None:
    store = tmp_path / "copy.duckdb"
    store.write_bytes(toy.read_bytes())
    code, out = _run(app, store, "series", "GM0002", "--gemeente", "--prices", "2022")
    assert code == 1 and "kloof data fetch cpi" in out
    code, out = _run(data_app, store, "cpi")
    assert code == 1 and "kloof data fetch cpi" in out
    cpi = tmp_path / "cpi.csv"
    cpi.write_text("year,cpi\n" + "".join(f"{y},{v}\n" for y, v in CPI.items()), encoding="utf-8")
    code, out = _run(data_app, store, "cpi", str(cpi))
    assert code == 1 and "basis" in out  # the header does not say 2015=100 (Dutch by default)
    code, out = _run(data_app, store, "cpi", str(cpi), "--base", "2015 = 100")
    assert code == 0 and "4 jaren" in out and "4 jaarwaarden 2019-2022" in out, out
    code, out = _run(data_app, store, "cpi")
    assert code == 0 and "2015 = 100" in out and "120" in out

    nominal = _series(store)
    real = _series(store, "--prices", "2022")
    # GM0002 income 31 + k; in prices of 2022: × 120 / CPI of the year
    for k, (year, value) in enumerate(CPI.items()):
        assert nominal.loc[year, "gm0002"] == pytest.approx(31 + k)
        assert real.loc[year, "gm0002"] == pytest.approx((31 + k) * 120 / value)
    code, out = _run(
        app, store, "series", "GM0002", "--gemeente", "-i", "income_per_inhabitant",
        "--prices", "2022",
    )  # fmt: skip
    assert code == 0 and "prijzen van 2022" in out and "nominale" not in out, out
    code, out = _run(app, store, "series", "GM0002", "--gemeente", "-i", "income_per_inhabitant")
    assert code == 0 and "nominale euro's" in out
    code, out = _run(app, store, "series", "GM0002", "--gemeente", "--prices", "2010")
    assert code == 1 and "no CPI for 2010" in out


def test_money_targets_judged_only_in_constant_prices(toy: Path, tmp_path: Path) -> None:
    """Nominal income of GM0002 rises 31 → 34; in prices of 2022 it falls (36.5 → 34)."""
    store = tmp_path / "copy.duckdb"
    store.write_bytes(toy.read_bytes())
    cpi = tmp_path / "cpi.csv"
    cpi.write_text(
        "year,CPI (2015=100)\n" + "".join(f"{y},{v}\n" for y, v in CPI.items()), encoding="utf-8"
    )
    assert _run(data_app, store, "cpi", str(cpi))[0] == 0
    targets = tmp_path / "t.yaml"
    targets.write_text(
        "name: toy\ntargets:\n"
        "- {id: rise, subject: gm0002, indicator: income_per_inhabitant, kind: change,"
        " delta: 2, baseline_year: 2019, target_year: 2022}\n",
        encoding="utf-8",
    )
    code, out = _run(app, store, "targets", str(targets), "--format", "csv")
    assert code == 0, out
    assert "not judged" in out and "on track" not in out.split("nominal on track")[0]
    code, out = _run(app, store, "targets", str(targets), "--prices", "2022", "--format", "csv")
    assert code == 0, out
    lines = [ln for ln in out.splitlines() if ln.startswith(("id,", "rise,"))]
    row = pd.read_csv(io.StringIO("\n".join(lines))).iloc[0]
    assert row["status"] == "off track"
    assert row["baseline"] == pytest.approx(31 * 120 / 100)


def test_evaluate_says_in_which_prices(toy: Path, tmp_path: Path) -> None:
    from kloof.monitor.areas import Area, AreaSet

    store = tmp_path / "copy.duckdb"
    store.write_bytes(toy.read_bytes())
    areas = tmp_path / "areas.yaml"
    area = Area("toy", "Toy", "test", "GM0002", 2022, ("GM0002",))
    areas.write_text(AreaSet("toy", (area,), version="t").to_yaml(), encoding="utf-8")
    args = ("evaluate", "toy", "--file", str(areas), "--level", "gemeente", "--start", "2021",
            "--placebos", "20", "--method", "did")  # fmt: skip
    code, out = _run(app, store, *args)
    assert code == 0, out
    assert "income_per_inhabitant: nominale euro's" in out
    cpi = tmp_path / "cpi.csv"
    cpi.write_text(
        "year,CPI (2015=100)\n" + "".join(f"{y},{v}\n" for y, v in CPI.items()), encoding="utf-8"
    )
    assert _run(data_app, store, "cpi", str(cpi))[0] == 0
    code, out = _run(app, store, *args, "--prices", "2022")
    assert code == 0, out
    assert "income_per_inhabitant: prijzen van 2022" in out
