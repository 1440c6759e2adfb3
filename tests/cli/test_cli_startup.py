"""Start-up of the command line: a command loads only what it uses (issue 18).

Behaviour, not timing: which modules a new process has imported after ``kloof --help``
(the timing is in ``benchmarks/bench_startup.py``), and that the root's help, which
lists commands without importing their modules, shows the texts the modules define.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kloof.cli._texts import LANGUAGES, normalise
from kloof.cli.main import _COMMANDS, _HELP, _load

#: Run the command line in a new interpreter, then list the heavy modules it imported.
PROBE = """
import json, sys
from kloof.cli.main import main
also = json.loads(sys.argv[2])
sys.argv = ["kloof", *json.loads(sys.argv[1])]
try:
    main()
except SystemExit:
    pass
heavy = ("pandas", "numpy", "pyarrow", "duckdb", "matplotlib", "numba", "scipy",
         "kloof.report", "kloof.report.render", "kloof.report.profile", "kloof.settings",
         *also)
print(json.dumps(sorted(m for m in heavy if m in sys.modules)), file=sys.stderr)
"""


def _imported(*args: str, also: tuple[str, ...] = ()) -> list[str]:
    """The heavy modules (and those of ``also``) that ``kloof *args`` imported."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(list(args)), json.dumps(list(also))],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return list(json.loads(done.stderr.strip().splitlines()[-1]))


@pytest.mark.parametrize("args", [("--help",), ("--lang", "en", "--help"), ("--version",)])
def test_root_help_imports_no_data_libraries(args: tuple[str, ...]) -> None:
    assert _imported(*args) == []


def test_group_help_imports_only_its_module() -> None:
    # kloof data --help needs the data commands, not the analysis or report layers
    assert "kloof.report" not in _imported("data", "--help")


@pytest.mark.parametrize(
    "args",
    [
        ("index", "--help"),
        ("index", "build", "--help"),
        ("spatial", "--help"),
        ("spatial", "hotspots", "--help"),
        ("map", "--help"),
        ("monitor", "--help"),
        ("monitor", "targets", "--help"),
        ("simulate", "--help"),
        ("allocate", "--help"),
        *(("allocate", name, "--help") for name in ("run", "explain", "scenarios", "show", "keys")),
    ],
)
def test_group_help_imports_no_data_libraries(args: tuple[str, ...]) -> None:
    # these commands import pandas inside the functions that use it (issue 18)
    loaded = set(_imported(*args))
    assert {"pandas", "numpy", "pyarrow"} & loaded == set()
    if args[0] == "allocate":  # the report layer builds the recipients: not for help
        assert "kloof.report" not in loaded


def test_data_status_loads_no_renderers(tmp_path: Path) -> None:
    # the labels of kloof.report.i18n without the report package's renderers
    from kloof.store import open_store

    open_store(tmp_path / "s.duckdb", create=True).close()
    loaded = _imported("--store", str(tmp_path / "s.duckdb"), "data", "status")
    assert set(loaded) & {"kloof.report.render", "kloof.report.profile", "matplotlib"} == set()
    assert set(loaded) & {"numba", "scipy"} == set()


@pytest.fixture(scope="module")
def toy_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store with one small KWB file: the status has rows, and so do the sources."""
    from typer.testing import CliRunner

    from kloof.cli.main import app

    folder = tmp_path_factory.mktemp("startup")
    toy = folder / "kwb-2023.csv"
    toy.write_text(
        "gwb_code_10;regio;gm_naam;a_inw\nNL00;Nederland;Nederland;1000\n"
        "GM9999;Toy;Toy;1000\nWK999901;Wijk 01;Toy;1000\nBU99990101;Buurt A;Toy;1000\n"
    )
    store = str(folder / "s.duckdb")
    done = CliRunner().invoke(app, ["--store", store, "data", "import", str(toy)])
    assert done.exit_code == 0, done.output
    return store


@pytest.mark.parametrize(
    ("before", "after"),
    [((), ()), (("--lang", "en"), ()), ((), ("--format", "csv")), ((), ("-F", "json"))],
)
def test_data_status_imports_no_pandas(
    toy_store: str, before: tuple[str, ...], after: tuple[str, ...]
) -> None:
    # the status and the sources are printed from plain rows (DuckDB fetchall), so
    # neither pandas nor numpy is loaded (issue 18)
    loaded = _imported(
        "--store", toy_store, *before, "data", "status", *after, also=("typer.rich_utils",)
    )
    assert {"pandas", "numpy", "pyarrow"} & set(loaded) == set()
    # typer's rich panels (and markdown) are loaded for help and errors only
    assert "typer.rich_utils" not in loaded
    assert {"kloof.settings", "duckdb"} <= set(loaded)  # the command did run


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("nl", ("Fout", "Ongeldige waarde", "voor hulp")),
        ("en", ("Error", "Invalid value", "for help")),
    ],
)
def test_panels_loaded_late_speak_the_runs_language(
    toy_store: str, lang: str, expected: tuple[str, ...]
) -> None:
    # a new process that loads typer's rich panels only for the error: still localised
    run = ("-c", "from kloof.cli.main import main; main()")
    args = ("--lang", lang, "--store", toy_store, "data", "status", "--format", "xml")
    done = subprocess.run(
        [sys.executable, *run, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "COLUMNS": "80"},
    )
    assert done.returncode == 2
    assert all(word in done.stderr for word in expected), done.stderr


def test_report_package_exports_resolve() -> None:
    import kloof.report

    for name in kloof.report.__all__:
        assert getattr(kloof.report, name) is not None
    assert set(kloof.report.__all__) == set(kloof.report._EXPORTS)


@pytest.mark.parametrize("name", list(_COMMANDS))
def test_listed_help_is_the_commands_own(name: str) -> None:
    assert normalise(_HELP[name]) == normalise(_load(name).help)


def test_languages_are_the_reports() -> None:
    from kloof.report.i18n import LANGUAGES as REPORT_LANGUAGES

    assert LANGUAGES == REPORT_LANGUAGES
