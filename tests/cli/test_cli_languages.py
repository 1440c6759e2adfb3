"""One language per run: the main commands' output (standard output and standard error:
tables, notes, warnings, errors) in Dutch by default and in English with ``--lang en``.

The commands run in-process on the shared real-data store at 80 columns. A Dutch run
fails on English words and an English run on Dutch words, with the word lists of the
dashboard's language test (``tests/web/test_languages.py``); names of regions and
areas and ids (``bijstand_per_1000``) are neither language.
A Python ``repr`` (``('WK0034', …)``, ``{'kind': …}``) fails in either language.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from typer.testing import CliRunner

from kloof.cli.main import app

pytestmark = pytest.mark.realdata

runner = CliRunner()

#: The main commands, each as a user types it (``kloof`` and the store left out).
COMMANDS: tuple[tuple[str, ...], ...] = (
    ("data", "status"),
    ("data", "show", "GM0363", "--year", "2023"),
    ("data", "indicators", "--domain", "income"),
    ("index", "presets"),
    ("index", "build", "--year", "2023", "--level", "wijk", "--top", "5"),
    ("index", "explain", "WK036344", "--year", "2023"),  # not a wijk of 2023: an error
    ("index", "explain", "WK001400", "--year", "2023"),
    ("spatial", "hotspots", "--indicator", "bijstand_per_1000", "--level", "gemeente"),
    ("spatial", "focus", "-s", "index", "--index", "kloof", "--year", "2023"),
    ("spatial", "focus", "-s", "index", "--year", "2023", "--compare", "nplv"),
    ("spatial", "gap", "--indicator", "bijstand_per_1000", "--year", "2023"),
    ("spatial", "segregation", "--group", "bijstand_recipients", "--level", "wijk"),
    ("allocate", "pmg2025"),
    ("allocate", "keys"),
    ("allocate", "scenarios"),
    ("monitor", "series", "rotterdam-zuid", "-i", "inhabitants", "-i", "bijstand_per_1000"),
    ("index", "audit", "--year", "2023"),
    ("index", "uncertainty", "--runs", "20", "--year", "2023", "--level", "gemeente"),
    ("monitor", "evaluate", "rotterdam-zuid", "--placebos", "50"),
    # usage errors and a failing command
    ("monitor", "areas", "nplv"),
    ("data", "show", "--yeer", "2023"),
    ("allocate", "explain", "pmg2025", "GM0363"),
)
#: Words that are the same in both languages here: ``hot``/``cold`` cluster kinds, option
#: values the user types (graph kinds, methods, corrections, allocation keys).
NEITHER = re.compile(r"\b(?:hot|cold|queen|lisa|fdr|perm|equal)\b")
#: A Python tuple, list or dict as ``repr`` writes it.
REPR = re.compile(r"[(\[{]'[^']*'(?:: |, |[)\]}])")


def _languages_test() -> ModuleType:
    path = Path(__file__).resolve().parents[1] / "web" / "test_languages.py"
    spec = importlib.util.spec_from_file_location("kloof_web_language_words", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def words() -> ModuleType:
    return _languages_test()


@pytest.fixture(scope="module")
def names(full_store_path: Path) -> list[str]:
    """Names of regions and areas: proper names, either language."""
    from kloof import catalogue
    from kloof.monitor.areas import builtin
    from kloof.store import open_store

    store = open_store(full_store_path, read_only=True)
    try:
        found = {str(n) for n in store.regions()["name"].dropna()}
    finally:
        store.close()
    for name in ("nplv", "dichtdekloof"):
        found |= {a.name for a in builtin(name).areas}
    table = catalogue.load().table("en")  # ids the user types: inhabitants, income
    found |= {str(i) for i in table["id"]} | {str(d) for d in table["domain"].dropna()}
    return sorted((n for n in found if len(n) > 2), key=len, reverse=True)


def _output(store: Path, lang: str, args: tuple[str, ...]) -> Any:
    return runner.invoke(app, ["--store", str(store), "--lang", lang, *args], env={"COLUMNS": "80"})


def _foreign(
    words: ModuleType, text: str, lang: str, names: list[str], args: tuple[str, ...] = ()
) -> list[str]:
    text = text.replace(" ".join(["kloof", *args[:2]]), " ")  # the command in a usage line
    for name in words.PROPER_NAMES:
        text = text.replace(name, " ")
    text = NEITHER.sub(" ", text)
    text = re.sub(r'\S*["\d]\S*', " ", text)  # numbers, codes, ids, JSON examples
    found = words.foreign_words(text, lang, names)
    return [f for f in found if not f.startswith("key ")]  # ids: bijstand_per_1000


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a[:3]))
def test_a_run_speaks_one_language(
    full_store_path: Path, words: ModuleType, names: list[str], lang: str, args: tuple[str, ...]
) -> None:
    result = _output(full_store_path, lang, args)
    assert "Traceback" not in result.output, result.output
    text = result.output  # standard output and standard error
    wrong = _foreign(words, text, lang, names, args)
    assert not wrong, f"kloof --lang {lang} {' '.join(args)}: {wrong[:8]}"
    assert not REPR.search(text), f"a Python repr in kloof {' '.join(args)}: {text[-600:]}"


def test_hot_spot_notes_are_sentences(full_store_path: Path) -> None:
    args = ("spatial", "hotspots", "--indicator", "bijstand_per_1000", "--level", "wijk")
    dutch = _output(full_store_path, "nl", (*args, "--year", "2023", "--permutations", "99"))
    assert dutch.exit_code == 0, dutch.output
    text = " ".join(dutch.output.split())
    assert "buren (queen):" in text and "gebieden," in text
    assert "eilanden gekoppeld aan het dichtstbijzijnde gebied: WK" in text
    assert re.search(r"… en nog \d+", text)  # a long list is shortened
    assert "pseudo-p-waarde 0,01" in text  # a decimal comma
    english = _output(full_store_path, "en", (*args, "--year", "2023", "--permutations", "99"))
    text = " ".join(english.output.split())
    assert "islands linked to their nearest region: WK" in text
    assert re.search(r"… and \d+ more", text)
    assert "smallest pseudo p-value is 0.01" in text
