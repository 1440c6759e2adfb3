"""What the CLI prints: readable numbers, tables that fit 80 columns, pipes, one language.

Commands run in-process at ``COLUMNS=80`` and ``200`` on the shared real-data store; the
tables are parsed back and compared with the same command's ``--format csv`` output.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from typer.testing import CliRunner

from kloof.cli._output import (
    Rows,
    auto_decimals,
    emit,
    format_money,
    format_number,
    table_layout,
)
from kloof.cli._texts import missing, normalise
from kloof.cli.main import app, command_tree

runner = CliRunner()
WIDTHS = ("80", "200")


def _run(store: Path | None, *args: str, columns: str = "80", **env: str) -> Any:
    base = ["--store", str(store)] if store is not None else []
    return runner.invoke(app, [*base, *args], env={"COLUMNS": columns, **env})


def _rows(text: str) -> list[list[str]]:
    """Body rows of a Rich table (continuation lines of wrapped text are skipped)."""
    rows = []
    for line in text.splitlines():
        if line.startswith("│"):
            cells = [c.strip() for c in line.strip("│").split("│")]
            if cells[0]:
                rows.append(cells)
    return rows


def _number(text: str, language: str = "nl") -> float:
    text = text.replace("€", "").replace("%", "").replace("−", "-").strip()
    swap = {"nl": {".": "", ",": "."}, "en": {",": ""}}[language]
    return float(text.translate(str.maketrans(swap)))


# --------------------------------------------------------------------- numbers
@pytest.mark.parametrize(
    ("value", "language", "decimals", "expected"),
    [
        (17811291, "nl", None, "17.811.291"),
        (17811291.0, "en", None, "17,811,291"),
        (1.75999e7, "nl", 0, "17.599.900"),
        (64.25, "en", 1, "64.2"),
        (0.000123, "nl", None, "0,0001"),
        (float("nan"), "nl", None, ""),
        (-0.01, "nl", 1, "0,0"),
    ],
)
def test_format_number(value: float, language: str, decimals: int | None, expected: str) -> None:
    assert format_number(value, language, decimals) == expected
    assert "e+" not in format_number(value * 1e6, language, decimals)


def test_format_money() -> None:
    assert format_money(9612345.4, "nl") == "€ 9.612.345"
    assert format_money(9612345.4, "en") == "€ 9,612,345"
    assert format_money(12.345, "nl", 2) == "€ 12,35"


def test_layout_keeps_codes_whole_or_gives_up() -> None:
    cells = pd.DataFrame({"code": ["WK036301"], "name": ["Burgwallen-Oude Zijde"], "v": ["1.234"]})
    layout = table_layout(cells, ["Code", "Naam", "v"], 40)
    assert layout is not None
    assert layout[0][0] >= len("WK036301") and layout[2][0] >= len("1.234")
    assert sum(w for w, _ in layout) + 3 * 3 + 1 <= 40
    assert table_layout(cells, ["Code", "Naam", "v"], 20) is None


# --------------------------------------------------------------------- plain rows
#: A table of every kind of column (codes, wrapping text, years, counts, decimals,
#: booleans, gaps) as Python rows, the way a DuckDB fetchall gives it.
PLAIN = Rows(
    ("code", "name", "year", "inhabitants", "share", "member", "table_id"),
    [
        ("GM0363", "Amsterdam", 2023, 931298, 12.25, True, "85618NED"),
        ("WK036301", "Burgwallen-Oude Zijde en omstreken", 2023, 4410, None, False, None),
        ("BU03630101", "Kop Zeedijk", 2024, 1045, 0.5, True, "85984NED"),
    ],
)


def _frame(rows: Rows) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows.rows), columns=list(rows.columns))
    return frame.astype({"share": "float64", "member": "bool"})


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
@pytest.mark.parametrize("columns", ["80", "66", "30"])
@pytest.mark.parametrize("language", ["nl", "en"])
def test_rows_print_as_the_same_frame(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    fmt: str,
    columns: str,
    language: str,
) -> None:
    # kloof data status prints plain rows without pandas: same cells, same layout
    # (dropped columns, the vertical view when narrow), same CSV and JSON
    monkeypatch.setenv("COLUMNS", columns)
    printed = []
    for table in (PLAIN, _frame(PLAIN)):
        emit(table, fmt=fmt, title="t", language=language, optional=("table_id",))
        printed.append(capsys.readouterr())
    assert printed[0].out == printed[1].out
    assert printed[0].err == printed[1].err
    if fmt == "table" and columns == "80":
        assert ("931.298" if language == "nl" else "931,298") in printed[0].out
        assert all(len(line) <= 80 for line in printed[0].out.splitlines())


def test_rows_select_and_head() -> None:
    picked = PLAIN.select("year", "code").head(2)
    assert picked.columns == ("year", "code")
    assert picked.rows == [(2023, "GM0363"), (2023, "WK036301")]
    assert len(picked) == 2 and picked.column("code") == ["GM0363", "WK036301"]


@pytest.mark.parametrize(
    "values",
    [[1.0, 2.0, None], [1234.5, 3.0], [12.25, float("nan")], [0.5, -3.25], [0.001], []],
)
def test_auto_decimals_of_lists_and_series(values: list[Any]) -> None:
    expected = {(1.0, 2.0, None): 0, (1234.5, 3.0): 0, (0.5, -3.25): 2, (0.001,): 4}
    series = pd.Series(values, dtype="float64")
    assert auto_decimals(values) == auto_decimals(series)
    if tuple(values) in expected:
        assert auto_decimals(values) == expected[tuple(values)]


# --------------------------------------------------------------------- data show
@pytest.mark.realdata
@pytest.mark.parametrize("columns", WIDTHS)
def test_data_show_reads_the_population(full_store_path: Path, columns: str) -> None:
    result = _run(full_store_path, "data", "show", "NL00", "--year", "2023", columns=columns)
    assert result.exit_code == 0, result.output
    assert "17.811.291" in result.stdout
    assert "…" not in result.stdout and "e+0" not in result.stdout
    assert all(len(line) <= int(columns) for line in result.stdout.splitlines())
    en = _run(full_store_path, "--lang", "en", "data", "show", "NL00", "--year", "2023")
    assert "17,811,291" in en.stdout and "Inhabitants" in en.stdout


@pytest.mark.realdata
def test_data_show_becomes_label_value_lines_when_narrow(full_store_path: Path) -> None:
    result = _run(full_store_path, "data", "show", "NL00", "--year", "2023", columns="30")
    assert result.exit_code == 0, result.output
    assert "Aantal inwoners: 17.811.291 aantal" in result.stdout.splitlines()


# --------------------------------------------------------------------- tables at 80
@pytest.mark.realdata
@pytest.mark.parametrize("columns", WIDTHS)
def test_index_table_parses_back_to_the_data(full_store_path: Path, columns: str) -> None:
    args = ("index", "build", "--year", "2023", "--level", "wijk")
    data = _run(full_store_path, *args, "--format", "csv")
    assert data.exit_code == 0, data.output
    frame = pd.read_csv(io.StringIO(data.stdout)).set_index("code")
    table = _run(full_store_path, *args, "--top", "10", columns=columns)
    assert table.exit_code == 0, table.output
    assert "…" not in table.stdout
    rows = _rows(table.stdout)
    assert len(rows) == 10
    for row in rows:
        code, index = row[0], _number(row[2])
        assert code in frame.index, f"{code!r} is cut or unknown"
        assert index == pytest.approx(round(frame.loc[code, "index"], 1), abs=0.051)


@pytest.mark.realdata
@pytest.mark.parametrize("columns", WIDTHS)
def test_allocation_amounts_are_whole_euros(full_store_path: Path, columns: str) -> None:
    data = _run(full_store_path, "allocate", "pmg2025", "--format", "csv")
    assert data.exit_code == 0, data.output
    frame = pd.read_csv(io.StringIO(data.stdout)).set_index("recipient")
    table = _run(full_store_path, "allocate", "pmg2025", columns=columns)
    assert table.exit_code == 0, table.output
    assert "…" not in table.stdout
    rows = _rows(table.stdout)
    assert len(rows) == len(frame[frame["amount"] > 0])
    for row in rows:
        amount = next(c for c in row if c.startswith("€"))
        assert re.fullmatch(r"€ \d{1,3}(\.\d{3})*", amount), amount
        assert _number(amount) == pytest.approx(frame.loc[row[0], "amount"], abs=0.5)


@pytest.mark.realdata
@pytest.mark.parametrize(
    "args",
    [
        ("monitor", "series", "rotterdam-zuid"),
        ("data", "status"),
        ("index", "explain", "WK059910", "--year", "2023"),
        ("monitor", "areas"),
        ("spatial", "gap", "-i", "income_per_inhabitant", "--year", "2023"),
    ],
)
def test_nothing_is_cut_at_80_columns(full_store_path: Path, args: tuple[str, ...]) -> None:
    result = _run(full_store_path, *args)
    assert result.exit_code == 0, result.output
    assert "…" not in result.stdout
    assert not re.search(r"\d\.\d+e[+-]\d", result.stdout), "scientific notation"
    table_lines = [line for line in result.stdout.splitlines() if line[:1] in "┏┃┡│└"]
    assert table_lines and all(len(line) <= 80 for line in table_lines)


# --------------------------------------------------------------------- pipes
@pytest.mark.realdata
def test_csv_pipe_is_only_csv(full_store_path: Path) -> None:
    result = _run(
        full_store_path, "index", "build", "--year", "2023", "--level", "wijk", "--format", "csv"
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("code,name,index,")
    assert all(re.match(r"^WK\d{6},", line) for line in lines[1:3])
    frame = pd.read_csv(io.StringIO(result.stdout))
    assert len(frame) > 3000
    assert "gebieden met een score" in result.stderr  # the note went to stderr


@pytest.mark.realdata
def test_json_and_warnings_on_stderr(full_store_path: Path) -> None:
    import json

    result = _run(full_store_path, "data", "show", "GM0363", "--year", "2023", "--format", "json")
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert any(r["indicator"] == "inhabitants" for r in records)
    focus = _run(full_store_path, "spatial", "focus", "-s", "index", "--index", "kloof")
    assert focus.exit_code == 0, focus.output
    assert "Warning" not in focus.stdout and "let op" not in focus.stdout


def test_unknown_format_and_language_are_usage_errors(tmp_path: Path) -> None:
    for args, env in (
        (["--lang", "fr", "data", "status"], {}),
        (["--lang", "xx", "index", "presets"], {}),
        (["index", "presets"], {"KLOOF_LANGUAGE": "xx"}),
        (["index", "presets", "--format", "xml"], {}),
    ):
        result = _run(tmp_path / "s.duckdb", *args, **env)
        assert result.exit_code == 2, (args, result.output)
        assert "Traceback" not in result.output
    result = _run(tmp_path / "s.duckdb", "--lang", "fr", "index", "presets")
    assert "onbekende taal 'fr'" in result.output
    result = _run(tmp_path / "s.duckdb", "index", "presets", "--format", "json")
    assert result.exit_code == 0 and '"preset": "kloof"' in result.stdout


# --------------------------------------------------------------------- one language
#: Words that are one language only (CBS terms and option values are neither).
ENGLISH = {
    "the", "and", "with", "from", "this", "which", "when", "every", "each", "into",
    "instead", "only", "your", "own", "shown", "default", "year", "years", "file", "files",
    "show", "print", "write", "message", "exit", "options", "commands", "usage", "arguments",
    "required", "area", "whose", "what",
}  # fmt: skip
DUTCH = {
    "de", "het", "een", "van", "met", "voor", "niet", "naar", "uit", "bij", "zijn", "jaar",
    "jaren", "bestand", "gebied", "gebieden", "standaard", "toon", "deze", "die", "alle",
    "alleen", "opties", "opdrachten", "gebruik", "verplicht", "waarom", "wordt",
}  # fmt: skip


def _commands() -> list[list[str]]:
    root = command_tree()  # every command (the root itself loads them lazily)
    out: list[list[str]] = []

    def walk(cmd: Any, path: list[str]) -> None:
        out.append(path)
        for name, sub in getattr(cmd, "commands", {}).items():
            walk(sub, [*path, name])

    walk(root, [])
    return out


def _words(line: str) -> set[str]:
    # options (--lang), metavars (TEXT, {code}, [file], <path>), ids (bijstand_per_1000), file
    # names and code spans are neither language
    line = re.sub(r"[\w-]+\s+<[^>]*>", " ", line)  # an argument's name and type
    line = re.sub(
        r"`[^`]*`|\{[^}]*\}|\[[a-z_]+\]|<[^>]*>|(?<!\w)--?[\w-]+|\S*[_/.:]\S*|\S+,\S+|\b[A-Z][A-Z0-9_]+\b",
        " ",
        line,
    )
    return {w.lower() for w in re.findall(r"[A-Za-zÀ-ÿ']+(?:-[A-Za-zÀ-ÿ]+)*", line)}


#: The type placeholders of an option in the help (a choice shows its values instead).
TYPE_WORDS = {
    "nl": {"getal", "tekst", "pad", "bestand", "map", "datum"},
    "en": {"integer", "number", "text", "path", "file", "folder", "date"},
}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_help_speaks_one_language(tmp_path: Path, lang: str) -> None:
    foreign = ENGLISH if lang == "nl" else DUTCH
    commands = _commands()
    names = {p[-1] for p in commands if p}
    for path in commands:
        result = _run(tmp_path / "s.duckdb", "--lang", lang, *path, "--help", columns="200")
        assert result.exit_code == 0, (path, result.output)
        # an option's type in the run's language (typer's own are <int>, <list[Path]>);
        # a flag shows none (typer shows <bool>)
        for shown in re.findall(r"<([A-Za-z][\w\[\] ]*)>", result.output):
            assert shown in TYPE_WORDS[lang], f"kloof {' '.join(path)} --help ({lang}): <{shown}>"
        for line in result.output.replace(" ".join(["kloof", *path]), "").splitlines():
            first = re.match(r"^│\s+([a-z-]+)\s", line)
            if first and first.group(1) in names:  # a row of the commands panel
                line = line.replace(first.group(1), "", 1)
            wrong = _words(line) & foreign
            assert not wrong, f"kloof {' '.join(path)} --help ({lang}): {wrong} in {line!r}"


#: The usage line's placeholders in the other language.
USAGE_FOREIGN = {"nl": {"OPTIONS", "COMMAND", "ARGS"}, "en": {"OPTIES", "OPDRACHT", "ARGUMENTEN"}}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_help_fits_80_columns_in_its_language(tmp_path: Path, lang: str) -> None:
    # the usage line speaks the language; nothing is cut off at 80 columns (an option's
    # name or an environment variable in its help); shell completion belongs to `kloof`
    for path in _commands():
        out = _run(tmp_path / "s.duckdb", "--lang", lang, *path, "--help").output
        usage = next(
            line for line in out.splitlines() if line.strip().startswith(("Gebruik", "Usage"))
        )
        assert not set(re.findall(r"[A-Z]{4,}", usage)) & USAGE_FOREIGN[lang], (path, usage)
        assert "…" not in out, f"kloof {' '.join(path)} --help ({lang}) cuts text off:\n{out}"
        assert ("--install-completion" in out) == (path == []), path


def test_every_help_text_is_in_the_catalogue() -> None:
    root = command_tree()
    lacking = []

    def walk(cmd: Any) -> None:
        texts = [cmd.help] + [getattr(p, "help", None) for p in cmd.params]
        lacking.extend(normalise(t) for t in texts if t and missing(t))
        for sub in getattr(cmd, "commands", {}).values():
            walk(sub)

    walk(root)
    assert not lacking, f"run `make translations` and translate these help texts: {lacking}"


def test_english_by_environment(tmp_path: Path) -> None:
    result = _run(tmp_path / "s.duckdb", "data", "--help", KLOOF_LANGUAGE="en")
    assert "Import and inspect data." in result.output and "Options" in result.output
    result = _run(tmp_path / "s.duckdb", "data", "--help")
    assert "Gegevens importeren en bekijken." in result.output and "Opties" in result.output


def test_cli_reference_lists_every_command() -> None:
    reference = (Path(__file__).resolve().parents[2] / "docs" / "cli.md").read_text("utf-8")
    leaves = [p for p in _commands() if p and p[-1] not in {"data", "index"}]
    root = command_tree()
    for path in leaves:
        cmd = root
        for name in path:
            cmd = cmd.commands[name]
        if hasattr(cmd, "commands"):
            continue
        assert f"`kloof {' '.join(path)}`" in reference, f"docs/cli.md lacks kloof {path}"
