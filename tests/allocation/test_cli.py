"""``kloof allocate`` on a toy store: run, compare, explain, outputs, errors."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from kloof.cli import allocate as allocate_cmd
from kloof.cli._common import state
from kloof.sources.detect import read
from kloof.store import open_store

# NL, two gemeenten, four wijken: bijstand per 1,000 = 10 (NL), 20/30/10/5 in the wijken
TOY = (
    "gwb_code_10;regio;gm_naam;a_inw;a_hh;a_soz_wb\n"
    "NL00;Nederland;Nederland;10000;5000;100\n"
    "GM9998;Oost;Oost;4000;2000;60\n"
    "GM9999;West;West;6000;3000;40\n"
    "WK999801;Oost 1;Oost;1000;500;20\n"
    "WK999802;Oost 2;Oost;3000;1500;90\n"
    "WK999901;West 1;West;2000;1000;20\n"
    "WK999902;West 2;West;4000;2000;20\n"
)
AREAS = """
name: toy
version: '1'
year: 2023
areas:
  - {id: oost, name: Oost-gebied, gemeente: GM9998, codes: [WK999801, WK999802]}
  - {id: west-1, name: West 1, gemeente: GM9999, codes: [WK999901]}
  - {id: leeg, name: Onbekend, gemeente: GM9999, population: 3000}
"""

runner = CliRunner()


@pytest.fixture
def toy_store(tmp_path: Path) -> Path:
    csv = tmp_path / "kwb-2023.csv"
    csv.write_text(TOY)
    path = tmp_path / "toy.duckdb"
    store = open_store(path)
    store.ingest(read(csv, year=2023))
    store.close()
    return path


@pytest.fixture
def areas_file(tmp_path: Path) -> Path:
    path = tmp_path / "areas.yaml"
    path.write_text(AREAS)
    return path


def _app() -> typer.Typer:
    root = typer.Typer()

    @root.callback()
    def main() -> None:
        """Root, as in ``kloof``."""

    root.add_typer(allocate_cmd.app, name="allocate")
    return root


def _kloof(store: Path, *args: str) -> tuple[int, str]:
    old = state.store_path
    state.store_path = store
    try:
        result = runner.invoke(_app(), ["allocate", *args])
    finally:
        state.store_path = old
    return result.exit_code, result.output


def _rule(tmp_path: Path, text: str, name: str = "rule.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_run_by_default_and_csv(tmp_path: Path, toy_store: Path) -> None:
    rule = _rule(
        tmp_path,
        "name: wijken\nbudget: 1000\ndata: {recipients: [{level: wijk}]}\n"
        "need: {indicator: bijstand_per_1000, transform: ratio}\n"
        "key: {kind: need_weighted}\n",
    )
    out_csv = tmp_path / "out.csv"
    code, out = _kloof(toy_store, str(rule), "--output", str(out_csv))
    assert code == 0, out
    table = pd.read_csv(out_csv, sep=";", decimal=",")
    assert list(table.columns[:3]) == ["recipient", "name", "population"]
    assert "amount" in table.columns
    # weights population × need ∝ bijstand recipients: 20, 90, 20, 20 of 150; three equal
    # remainders of 1/3: the odd euro goes to the neediest (WK999801, 20 per 1,000)
    assert table.set_index("recipient")["amount"].to_dict() == {
        "WK999801": 134,
        "WK999802": 600,
        "WK999901": 133,
        "WK999902": 133,
    }
    assert table["amount"].sum() == 1000
    assert table.loc[0, "need"] == pytest.approx(2.0)  # 20 per 1,000 against NL 10
    # the explicit `run` sub-command is the same
    code, out2 = _kloof(toy_store, "run", str(rule))
    assert code == 0 and "wijken" in out2


def test_areas_proxy_compare_explain_and_xlsx(
    tmp_path: Path, toy_store: Path, areas_file: Path
) -> None:
    text = (
        "name: gebieden\nbudget: 900\n"
        f"data: {{recipients: [{{areas: {areas_file}, unknown_areas: gemeente}}, "
        "{level: gemeente, codes: [GM9998]}]}\n"
        "need: {indicator: bijstand_per_1000, transform: ratio}\n"
    )
    rule = _rule(tmp_path, text + "key: {kind: need_weighted}\n")
    other = _rule(tmp_path, text + "key: {kind: per_capita}\n", "other.yaml")
    xlsx = tmp_path / "out.xlsx"
    code, out = _kloof(toy_store, str(rule), "--compare", str(other), "-o", str(xlsx))
    assert code == 0, out
    assert "leeg: benadering met gemeente GM9999" in out and "proxy from" not in out
    assert "winnaars en verliezers" in out
    sheets = pd.read_excel(xlsx, sheet_name=None, engine="openpyxl")
    assert list(sheets) == ["Bedragen", "Uitleg", "Winnaars-verliezers", "Regel"]
    amounts = sheets["Bedragen"].set_index("ontvanger")
    assert amounts["bedrag (€)"].sum() == 900
    # oost: 110 recipients / 4000 residents; its gemeente GM9998 the same; the proxy area
    # "leeg" has West's rate (40 / 6000) on its stated 3000 residents
    assert amounts.loc["leeg", "inwoners"] == 3000
    assert amounts.loc["oost", "behoefte"] == pytest.approx(27.5 / 10)
    code, out = _kloof(toy_store, "explain", str(rule), "oost")
    assert code == 0, out
    assert "Waarom" in out and "Oost-gebied" in out and "[alle ontvangers]" in out
    # the proxy's notes in the run's language, never mixed (issue 16)
    code, out = _kloof(toy_store, "explain", str(rule), "leeg")
    assert code == 0, out
    assert "benadering: cijfers van de hele gemeente GM9999" in " ".join(out.split())
    assert "rates of the whole" not in out
    state.language = "en"
    try:
        code, out = _kloof(toy_store, "explain", str(rule), "leeg")
        assert code == 0, out
        assert "proxy: rates of the whole gemeente GM9999" in " ".join(out.split())
        assert "benadering" not in out
        code, out = _kloof(toy_store, str(rule))
        assert code == 0 and "leeg: proxy from gemeente GM9999" in out, out
    finally:
        state.language = None
    # a previous allocation as CSV, for comparison and dampening
    prev = tmp_path / "prev.csv"
    pd.DataFrame({"recipient": ["oost", "west-1"], "amount": [300, 300]}).to_csv(prev)
    out_csv = tmp_path / "cmp.csv"
    code, out = _kloof(toy_store, str(rule), "--compare", str(prev), "-o", str(out_csv))
    assert code == 0, out
    outcome = pd.read_csv(out_csv, sep=";", decimal=",").set_index("recipient")["outcome"].to_dict()
    assert outcome == {"oost": "winner", "west-1": "loser", "leeg": "new", "GM9998": "new"}


def test_schedule_and_previous(tmp_path: Path, toy_store: Path) -> None:
    rule = _rule(
        tmp_path,
        "name: ingroei\nbudget: {2025: 1000, 2026: 1000}\n"
        "data: {recipients: [{level: wijk}]}\n"
        "need: {indicator: bijstand_per_1000}\n"
        "key: {kind: need_weighted}\ndampening: {max_change_pct: 10}\n",
    )
    prev = tmp_path / "prev.csv"
    ids = ["WK999801", "WK999802", "WK999901", "WK999902"]
    pd.DataFrame({"recipient": ids, "amount": [250] * 4}).to_csv(prev, index=False)
    out_csv = tmp_path / "s.csv"
    code, out = _kloof(toy_store, str(rule), "--previous", str(prev), "-o", str(out_csv))
    assert code == 0, out
    table = pd.read_csv(out_csv, sep=";", decimal=",").set_index("recipient")
    assert {"amount_2025", "amount_2026"} <= set(table.columns)
    assert table["amount_2025"].between(225, 275).all()
    code, out = _kloof(toy_store, str(rule), "--budget-year", "2030")
    assert code == 1 and "het schema van de regel heeft 2025, 2026" in out


def test_draws_give_robustness_columns(tmp_path: Path, toy_store: Path) -> None:
    rule = _rule(
        tmp_path,
        "name: r\nbudget: 1000\ndata: {recipients: [{level: wijk}]}\n"
        "need: {indicator: bijstand_per_1000}\nkey: {kind: need_weighted}\n",
    )
    draws = tmp_path / "draws.csv"
    pd.DataFrame(
        {
            "WK999801": [20.0, 25],
            "WK999802": [30.0, 30],
            "WK999901": [10.0, 5],
            "WK999902": [5.0, 5],
        }
    ).to_csv(draws, index=False)
    out_csv = tmp_path / "r.csv"
    code, out = _kloof(toy_store, str(rule), "--draws", str(draws), "-o", str(out_csv))
    assert code == 0, out
    table = pd.read_csv(out_csv, sep=";", decimal=",")
    assert {"low", "high", "p_change"} <= set(table.columns)


def test_runs_on_an_indicator_need_print_intervals(tmp_path: Path, toy_store: Path) -> None:
    """--runs draws an indicator need from its Poisson sampling error (issue 16) and
    prints the interval per recipient, not only into the file."""
    rule = _rule(
        tmp_path,
        "name: r\nbudget: 100000\ndata: {recipients: [{level: wijk}]}\n"
        "need: {indicator: bijstand_per_1000, transform: ratio}\n"
        "key: {kind: need_weighted}\n",
    )
    code, out = _kloof(toy_store, str(rule), "--runs", "40")
    assert code == 0, out
    assert "90%-interval van de bedragen over 40 trekkingen" in out
    assert "P(>10%)" in out and "Poisson" in out
    assert out.count("WK999802") >= 2  # in the amounts and in the intervals
    # how the draws were made, in the run's language (no English in a Dutch run)
    flat = " ".join(out.split())
    assert "Poisson-telling over een vaste noemer" in flat and "Poisson draws" not in out


@pytest.mark.parametrize(
    ("text", "args", "message"),
    [
        ("name: x\nbudget: -1\nkey: {kind: equal}\n", [], "negatief"),  # Dutch by default
        ("name: x\nbudget: 10\nkey: {kind: equal}\n", [], "no data section"),
        (
            "name: x\nbudget: 10\ndata: {recipients: [{level: wijk}]}\n"
            "tiers: [{name: a, recipients: [WK000000]}]\n",
            [],
            "unknown recipients",
        ),
        (
            "name: x\nbudget: 10\ndata: {recipients: [{level: wijk}]}\nkey: {kind: equal}\n"
            "floor: {amount: 5}\n",
            [],
            "floors need 20",
        ),
        (
            "name: x\nbudget: 10\ndata: {recipients: [{level: wijk}]}\nkey: {kind: equal}\n",
            ["-o", "x.txt"],
            "use a .csv or .xlsx",
        ),
        (
            "name: x\nbudget: 10\ndata: {recipients: [{level: wijk}]}\n"
            "need: {index: kloof, transform: value}\nkey: {kind: need_weighted}\n",
            [],
            "higher-is-better",
        ),
    ],
)
def test_errors_are_messages(
    tmp_path: Path, toy_store: Path, text: str, args: list[str], message: str
) -> None:
    rule = _rule(tmp_path, text)
    code, out = _kloof(toy_store, str(rule), *args)
    assert code == 1, out
    assert message in out and "Traceback" not in out


def test_scenarios_show_and_keys(toy_store: Path) -> None:
    code, out = _kloof(toy_store, "scenarios")
    assert code == 0 and "pmg2025" in out and "dichtdekloof2021" in out
    code, out = _kloof(toy_store, "show", "gemeentefonds")
    assert code == 0 and "uitkeringsfactor" in out
    code, out = _kloof(toy_store, "keys")
    assert code == 0 and "gemeentefonds" in out and "need_weighted" in out
    code, out = _kloof(toy_store, "no-such-rule.yaml")
    assert code == 1 and "geen regelbestand" in out
