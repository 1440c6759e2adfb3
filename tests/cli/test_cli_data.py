"""The ``kloof data`` commands, run in-process through Typer's runner."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from kloof.cli.main import app
from kloof.store import open_store

TOY = (
    "gwb_code_10;regio;gm_naam;a_inw;a_soz_wb\n"
    "NL00;Nederland;Nederland;1000;10\n"
    "GM9999;Toy;Toy;1000;10\n"
    "WK999901;Wijk 01;Toy;1000;10\n"
    "BU99990101;Buurt A;Toy;1000;10\n"
)
runner = CliRunner()


def _kloof(store: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--store", str(store), *args])
    return result.exit_code, result.output


@pytest.fixture
def toy_file(tmp_path: Path) -> Path:
    path = tmp_path / "kwb-2023.csv"
    path.write_text(TOY)
    return path


def test_import_status_show_export(tmp_path: Path, toy_file: Path) -> None:
    store = tmp_path / "s.duckdb"
    code, out = _kloof(store, "data", "import", str(toy_file))
    assert code == 0, out
    assert "4 gebieden" in out and "regions" not in out  # Dutch by default
    code, out = _kloof(store, "--lang", "en", "data", "import", str(toy_file))
    assert code == 0 and "already imported" in out
    code, out = _kloof(store, "data", "status")
    assert code == 0 and "gemeente" in out and "kwb" in out
    code, out = _kloof(store, "data", "show", "GM9999")
    assert code == 0 and "Aantal inwoners" in out and "Toy" in out
    code, out = _kloof(store, "--lang", "en", "data", "show", "GM9999")
    assert "Inhabitants" in out
    csv = tmp_path / "out.csv"
    code, out = _kloof(store, "data", "export", str(csv), "--year", "2023", "--level", "wijk")
    assert code == 0, out
    table = pd.read_csv(csv, encoding="utf-8-sig", sep=";", decimal=",")  # Dutch Excel
    assert table.loc[0, "code"] == "WK999901"
    assert table.loc[0, "bijstand_per_1000"] == pytest.approx(10.0)
    xlsx = tmp_path / "out.xlsx"
    code, out = _kloof(store, "data", "export", str(xlsx), "--year", "2023")
    assert code == 0, out
    sheets = pd.read_excel(xlsx, sheet_name=None, engine="calamine")
    assert set(sheets) == {"data", "indicatoren", "Over deze export"}


def test_bad_file_exits_nonzero_and_store_unchanged(tmp_path: Path, toy_file: Path) -> None:
    store = tmp_path / "s.duckdb"
    assert _kloof(store, "data", "import", str(toy_file))[0] == 0
    before = open_store(store).counts()
    good = tmp_path / "kwb-2022.csv"
    good.write_text(TOY)
    bad = tmp_path / "kwb-2024.csv"
    bad.write_text(TOY.replace("WK999901;", "WK99;"))
    code, out = _kloof(store, "data", "import", str(good), str(bad))
    assert code == 1
    assert "kwb-2024.csv" in out and "rij 3" in out  # the run's language: Dutch
    assert "Traceback" not in out
    assert open_store(store).counts() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["data", "show", "XX01"], "geen CBS-gebiedscode"),  # Dutch by default
        (["data", "import", "missing.csv"], "bestand bestaat niet"),
        (["data", "export", "out.txt", "--year", "2023"], "onbekend exportformaat"),
    ],
)
def test_errors_are_messages(tmp_path: Path, toy_file: Path, args: list[str], message: str) -> None:
    store = tmp_path / "s.duckdb"
    _kloof(store, "data", "import", str(toy_file))
    code, out = _kloof(store, *args)
    assert code == 1
    assert message in out


def test_not_a_store(tmp_path: Path) -> None:
    fake = tmp_path / "fake.duckdb"
    fake.write_text("not a database")
    code, out = _kloof(fake, "data", "status")
    assert code == 1 and "geen kloof-store" in out
    code, out = _kloof(fake, "--lang", "en", "data", "status")
    assert code == 1 and "not a kloof store" in out
