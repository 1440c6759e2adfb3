"""Every ``kloof`` command in README.md and docs/*.md runs on the demo data (issue 17, point 5).

The commands are collected from the fenced ``bash``/``console`` blocks, in document order,
and run in-process against the session's real-data store (a copy for commands that write
it), in a scratch folder. A command documented with ``# exit code N`` must end with N;
every other one with 0. Commands that need the network, a server, a password prompt or a
file of the reader's own are skipped with the reason in :data:`SKIP`; pipes and
redirections are cut off (the data goes to standard output, see ``docs/cli.md``).
"""

from __future__ import annotations

import re
import shlex
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

#: Start of a command → why it is not run here.
SKIP = {
    "kloof data fetch": "needs the CBS OData API (network); tests/sources mock it",
    "kloof data import kwb-2023.xlsx": "a file of the reader's own (the demo imports it)",
    "kloof allocate my-": "a rule file of the reader's own",
    "kloof simulate mijn-scenario.yaml": "a scenario file of the reader's own",
    "kloof allocate gemeentefonds --previous": "a previous allocation of the reader's own",
    "kloof monitor areas --file my-areas.yaml": "the file the previous command writes",
    "kloof users token jan@zuid.nl": "a user the reader made (see `users add`)",
    "kloof data cpi": "the CPI the reader fetched (network) or keeps in a file of their own",
    "kloof monitor series rotterdam-zuid -i income_per_inhabitant --prices": (
        "needs the CPI (`kloof data fetch cpi`, network); tests/monitor/test_cli_prices.py"
    ),
    "kloof monitor tasks amsterdam-nieuw-west --prices": (
        "needs the CPI (`kloof data fetch cpi`, network); tests/monitor/test_cli_prices.py"
    ),
}
#: Twenty PDF profiles at once (headless Chromium each) are left to tests/web.
PDF = re.compile(r"^kloof report --all-nplv (?!.*--format (html|xlsx))")
#: Commands that write the store run on a copy.
WRITES = ("kloof data import", "kloof data reexpress")


def _commands() -> Iterator[tuple[str, str]]:
    for path in DOCS:
        text = path.read_text("utf-8")
        for block in re.finditer(r"```(?:bash|console|sh|shell)\n(.*?)```", text, re.S):
            for line in block.group(1).splitlines():
                line = line.strip().removeprefix("$ ")
                if line.startswith("kloof "):
                    yield path.name, line


def _distinct(commands: Iterator[tuple[str, str]]) -> list[tuple[str, str]]:
    """Each command once, where it is first documented (a line on two pages runs once)."""
    seen: dict[str, str] = {}
    for doc, line in commands:
        seen.setdefault(line, doc)
    return [(doc, line) for line, doc in seen.items()]


COMMANDS = _distinct(_commands())


def _split(line: str) -> tuple[list[str], int]:
    """Arguments of the kloof command (pipes, redirections, comments cut) and its exit code."""
    command, _, comment = line.partition("#")
    expected = re.search(r"exit code (\d)", comment)
    words = shlex.split(command)
    args = []
    for word in words[1:]:
        if word in ("|", ">", "2>", ">>") or word.startswith(("2>", ">")):
            break
        args.append(word)
    return args, int(expected.group(1)) if expected else 0


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory, full_store_path: Path) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("docs")
    copy = folder / "written.duckdb"
    shutil.copy(full_store_path, copy)
    return {"folder": folder, "store": full_store_path, "copy": copy}


@pytest.mark.realdata
@pytest.mark.parametrize(
    ("doc", "line"),
    COMMANDS,
    ids=[
        f"{d}:{i}:" + "_".join(re.findall(r"\w+", c.partition("#")[0])[1:6])
        for i, (d, c) in enumerate(COMMANDS)
    ],
)
def test_documented_command_runs(
    doc: str, line: str, scratch: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    reason = next((why for start, why in SKIP.items() if line.startswith(start)), None)
    if re.search(r"\bserve\b", line.partition("#")[0]):
        reason = "starts a server; the dashboard has its own tests (tests/web)"
    if PDF.match(line):
        reason = "every NPLV profile as PDF; tests/web/test_report.py renders PDFs"
    if reason:
        pytest.skip(reason)
    from kloof.cli.main import app

    args, expected = _split(line)
    store = scratch["copy"] if line.startswith(WRITES) else scratch["store"]
    if args[:2] == ["--store", "demo.duckdb"]:
        args = args[2:]
    monkeypatch.chdir(scratch["folder"])
    env = {
        "KLOOF_STORE": str(store),
        "KLOOF_PLANS_DB": f"sqlite:///{scratch['folder'] / doc}.plans.db",
        "KLOOF_NEW_PASSWORD": "een-lang-genoeg-wachtwoord-17",
        "COLUMNS": "80",
    }
    args = [a.replace("../shared/data", str(ROOT.parent / "shared" / "data")) for a in args]
    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code == expected, f"{doc}: {line}\n{result.output[-2000:]}"
    assert "Traceback" not in result.output
