"""`kloof monitor tasks` says plainly which tasks have no data and what would fill them.

A toy store (issue 15): KWB 2019-2022 of eight gemeenten with inhabitants, households
and bijstand recipients, and the wijken WK000101/02 of GM0001; the area is WK000101.
Only work and income is measured; the other four tasks have no data and each names its
source (CBS table id and name where one exists) and the route a user runs to fill it.
Then the documented route for debts (`kloof data import FILE --mapping MAP.yaml` onto
``households_problematic_debts``) fills the debts task.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from kloof.cli.main import app as main_app
from kloof.monitor.areas import Area, AreaSet
from kloof.monitor.series import AreaSeries
from kloof.monitor.tasks import TASKS, task_view
from kloof.sources.cbs_files import read_kwb
from kloof.store import open_store

runner = CliRunner()
GMS = [f"GM00{i:02d}" for i in range(1, 9)]


def _kloof(store: Path, *args: str) -> tuple[int, str]:
    env = {"KLOOF_STORE": str(store), "COLUMNS": "80"}
    result = runner.invoke(main_app, list(args), env=env)
    out = result.output + (str(result.exception) if result.exception else "")
    return result.exit_code, re.sub(r"\s+", " ", out)  # prose compared across wrapped lines


def _toy(folder: Path) -> tuple[Path, Path]:
    store = open_store(folder / "toy.duckdb")
    for k, year in enumerate((2019, 2020, 2021, 2022)):
        lines = ["gwb_code_10;regio;gm_naam;a_inw;a_hh;a_soz_wb"]
        rows = [(gm, 1000 * (i + 1), 450 * (i + 1), 20 + 2 * i + k) for i, gm in enumerate(GMS)]
        rows += [("WK000101", 600, 300, 15 + k), ("WK000102", 400, 150, 5)]
        inh, hh, bijstand = (sum(col) for col in list(zip(*rows[: len(GMS)], strict=True))[1:])
        lines.append(f"NL00;Nederland;;{inh};{hh};{bijstand}")
        lines += [f"{c};{c};Toy;{inh};{hh};{b}" for c, inh, hh, b in rows]
        path = folder / f"kwb-{year}.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        store.ingest(read_kwb(path), partial=True)  # wijken of GM0001 only
    store.close()
    area = Area("toy-area", "Toy area", "test", "GM0001", 2022, ("WK000101",))
    area_file = folder / "areas.yaml"
    area_file.write_text(AreaSet("toy", (area,), version="t1").to_yaml(), encoding="utf-8")
    return folder / "toy.duckdb", area_file


@pytest.fixture
def toy(tmp_path: Path) -> tuple[Path, Path]:
    return _toy(tmp_path)


def test_tasks_without_data_name_their_source_in_dutch(toy: tuple[Path, Path]) -> None:
    store, areas = toy
    code, out = _kloof(store, "monitor", "tasks", "toy-area", "--file", str(areas))
    assert code == 0, out
    # the measured indicator by its name (the table wraps "Werk en inkomen" and
    # "Bijstand per 1.000 inwoners" over two lines at 80 columns)
    assert "│ Werk en │ Bijstand per │ 4 │ 2022 │ 30 │" in out
    assert "inkomen │ 1.000 │" in out and "bijstand_per_1000" not in out
    # work and income is measured in part: the indicators without a value are named
    assert "Werk en inkomen, ontbreekt nog: ww_per_1000, ao_per_1000," in out
    for label in ("Onderwijs", "Schulden", "Jeugd", "Veiligheid en ondermijning"):
        assert out.count(f"{label}: nog geen gegevens (") == 1, label
    assert (
        "Schulden: nog geen gegevens (households_problematic_debts_pct; aanmeldingen voor "
        "schuldhulpverlening per wijk); aan te vullen uit CBS Schuldenproblematiek in beeld"
    ) in out
    assert "geen CBS-tabel per wijk bekend" in out
    assert (
        "→ eigen cijfers per wijk of gemeente: kloof data import BESTAND.csv --mapping "
        "MAP.yaml met een kolom op households_problematic_debts"
    ) in out
    assert "84780NED Voortijdig schoolverlaters; geslacht, woonregio" in out
    assert "early_school_leavers_pct" in out
    assert "→ kloof data fetch crime --years 2018-2024" in out
    assert "82975NED Jeugdbeschermingstrajecten" in out
    assert "no data yet" not in out and "would be filled" not in out


def test_tasks_without_data_name_their_source_in_english(toy: tuple[Path, Path]) -> None:
    store, areas = toy
    code, out = _kloof(store, "--lang", "en", "monitor", "tasks", "toy-area", "--file", str(areas))
    assert code == 0, out
    for label in ("Education", "Debts", "Youth", "Safety and undermining"):
        assert out.count(f"{label}: no data yet (") == 1, label
    assert "Work and income, still missing: ww_per_1000" in out
    assert (
        "Debts: no data yet (households_problematic_debts_pct; registrations for municipal "
        "debt counselling per wijk); would be filled by CBS Schuldenproblematiek in beeld"
    ) in out
    assert "no CBS table per wijk is known" in out
    assert "→ own figures per wijk or gemeente: kloof data import FILE.csv --mapping" in out
    assert "nog geen gegevens" not in out and "aan te vullen" not in out


def test_the_documented_debts_route_fills_the_task(toy: tuple[Path, Path]) -> None:
    """WK000101: 30 of 300 households with registered problematic debts = 10 %."""
    store, areas = toy
    folder = store.parent
    (folder / "schulden.csv").write_text(
        "wijkcode;jaar;huishoudens_problematische_schulden\nWK000101;2022;30\nWK000102;2022;12\n",
        encoding="utf-8",
    )
    (folder / "schulden.yaml").write_text(
        "code_column: wijkcode\nyear_column: jaar\nlevel: wijk\n"
        "columns: {huishoudens_problematische_schulden: households_problematic_debts}\n",
        encoding="utf-8",
    )
    code, out = _kloof(
        store,
        "data",
        "import",
        str(folder / "schulden.csv"),
        "--mapping",
        str(folder / "schulden.yaml"),
    )
    assert code == 0, out
    code, out = _kloof(
        store, "monitor", "tasks", "toy-area", "--file", str(areas), "--format", "csv"
    )
    assert code == 0, out
    row = next(line for line in out.split(" ") if line.startswith("Schulden,"))
    assert row.startswith("Schulden,households_problematic_debts_pct,1,2022,2022,10")
    code, out = _kloof(store, "monitor", "tasks", "toy-area", "--file", str(areas))
    assert "Schulden: nog geen gegevens" not in out
    assert "Schulden, ontbreekt nog: aanmeldingen voor schuldhulpverlening per wijk" in out


def test_view_lists_the_indicators_without_a_value_and_the_route() -> None:
    rows = [
        (2021, "area", "education_low_pct", 30.0, 1.0),
        (2021, "ref", "education_low_pct", 20.0, 1.0),
    ]
    values = pd.DataFrame(rows, columns=["year", "group", "indicator", "value", "coverage"])
    view = task_view(AreaSeries(values, pd.DataFrame(), 2024), "area", ["ref"], language="nl")
    edu = view[(view["task"] == "Onderwijs") & (view["status"] == "still missing")].iloc[0]
    assert edu["indicator"] == "education_high_pct, early_school_leavers_pct; schooladvies per wijk"
    assert edu["route"].startswith("kloof data fetch kwb --years 2013-2024")
    assert set(view.loc[view["status"] == "data", "route"]) == {""}
    for task in TASKS.values():
        assert task.route_text("nl") != task.route_text("en") or "kloof data fetch" in task.route[0]


def test_json_keeps_what_is_missing_with_its_source_and_route(toy: tuple[Path, Path]) -> None:
    store, areas = toy
    args = ["--lang", "en", "monitor", "tasks", "toy-area", "--file", str(areas), "-F", "json"]
    result = runner.invoke(main_app, args, env={"KLOOF_STORE": str(store)})
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    by_task = {r["task"]: r for r in rows if r["status"] != "data"}
    assert set(by_task) == {
        "Education",
        "Work and income",
        "Debts",
        "Youth",
        "Safety and undermining",
    }
    assert by_task["Debts"]["status"] == "no data yet"
    assert by_task["Debts"]["route"].startswith("own figures per wijk or gemeente")
    assert "47018NED" in by_task["Safety and undermining"]["source"]
    measured = [r for r in rows if r["status"] == "data"]
    assert [r["indicator"] for r in measured] == ["bijstand_per_1000"]
    assert measured[0]["year"] == 2022 and measured[0]["points"] == 4
