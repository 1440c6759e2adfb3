"""Library messages in the run's language (issue 17): errors, warnings and notes."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kloof.cli.main import app
from kloof.errors import DataFormatError, StoreError
from kloof.i18n import translate
from kloof.report.messages import (
    _FIELD,
    _SHAPES,
    TEMPLATES,
    error_message,
    library_text,
    translated,
)


def _sample(name: str) -> str:
    if name in _SHAPES:
        return "GM0363" if name == "code" else "12"
    return f"<{name} value>"


@pytest.mark.parametrize("key", sorted(TEMPLATES))
def test_every_template_finds_itself(key: str) -> None:
    """An English message made from a template is translated by that template."""
    names = {m.group(1) for m in _FIELD.finditer(key)}
    values = {n: _sample(n) for n in names}
    english = _FIELD.sub(lambda m: values[m.group(1)], key).replace("{{", "{").replace("}}", "}")
    dutch = translated(english, "nl")
    assert dutch is not None, english
    expected_nl = translate(key, "nl")
    # every value reappears in the Dutch text, and no English field name is left
    for value in values.values():
        assert value in dutch or value.strip("<>") in dutch or re.search(r"\{", key), (key, dutch)
    assert "{{" in key or not _FIELD.search(dutch), dutch  # literal braces may remain
    assert library_text(english, "en") == english  # English passes unchanged
    assert expected_nl.split("{")[0][:10] in dutch


def test_a_template_error_is_filled_in_dutch() -> None:
    error = DataFormatError(
        "the row has {n} fields but the header has {width}; the file looks cut off: "
        "download or export it again",
        path="kwb.csv",
        row=12,
        n=40,
        width=43,
    )
    assert str(error).startswith("kwb.csv, row 12: the row has 40 fields")
    assert error_message(error, "nl") == (
        "kwb.csv, rij 12: de rij heeft 40 velden maar de kopregel 43; het bestand lijkt "
        "afgebroken: download of exporteer het opnieuw"
    )
    assert error_message(error, "en") == str(error)


def test_an_f_string_message_is_matched_with_its_lists_and_numbers() -> None:
    message = (
        "2 implausible values, nothing imported: GM0088 inhabitants = -5 (a count must be "
        "whole, within 0-1e+08); GM0088 men = 519 exceeds its total inhabitants = -5"
    )
    assert library_text(message, "nl") == (
        "2 onmogelijke waarden, niets geïmporteerd: GM0088 inhabitants = -5 (een aantal "
        "moet een geheel getal zijn, van 0 tot en met 1e+08); GM0088 men = 519 is groter "
        "dan het totaal inhabitants = -5"
    )
    busy = StoreError(
        "s.duckdb: the store is busy: process 12 holds it open for writing (another `kloof "
        "data import`, or `kloof serve`); wait until it is done or stop it, then try again"
    )
    assert error_message(busy, "nl").startswith("s.duckdb: de store is bezet: process 12")
    limit = "the workbook unpacks to 2,147,483,648 bytes, more than the limit of 1,073,741,824"
    assert library_text(limit, "nl") == (
        "de werkmap pakt uit tot 2.147.483.648 bytes, meer dan de grens van 1.073.741.824"
    )


def test_an_unknown_message_stays_as_it_is() -> None:
    assert library_text("something new went wrong", "nl") == "something new went wrong"


def test_index_warnings_and_import_notes_in_dutch(full_store_path: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["--store", str(full_store_path), "index", "build", "--year", "2023"]
    dutch = runner.invoke(app, [*args, "--level", "wijk", "--top", "3"])
    assert dutch.exit_code == 0, dutch.output
    assert "geen gegevens voor de optionele indicator(en)" in dutch.output
    assert "no data for optional" not in dutch.output
    english = runner.invoke(app, ["--lang", "en", *args, "--level", "wijk", "--top", "3"])
    assert "no data for optional indicator(s)" in english.output
    toy = tmp_path / "kwb-2023.csv"
    toy.write_text(
        "gwb_code_10;regio;recs;gm_naam;a_inw\n"
        "GM9999;Toy;Gemeente;Toy;100\nWK999901;W1;Wijk;Toy;100\n"
    )
    imported = runner.invoke(
        app, ["--store", str(tmp_path / "s.duckdb"), "data", "import", str(toy)]
    )
    assert imported.exit_code == 0, imported.output
    assert "2 gebieden, 1 indicatoren, 0 ontbrekende waarden" in imported.output


#: Raise sites of the import path whose message no template matches when every field is
#: sampled as ``7``: messages assembled from parts chosen at run time (``the file looks
#: {hint}``, ``the {what}s are not ...``, ``value{'s' if ...}``), whose run-time forms
#: have entries, and a few that are only a file and a nested error (``{key}: {exc}``).
#: Lower it when an entry is added; never raise it.
UNMATCHED_BUDGET = 13


def _sampled_message(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "7" for v in node.values)
    return None


def test_import_path_messages_have_dutch_entries() -> None:
    """Errors raised in kloof.sources and kloof.store find a Dutch entry (issue 17)."""
    root = Path(__file__).resolve().parents[2] / "src" / "kloof"
    unmatched, total = [], 0
    for path in sorted([*root.glob("sources/*.py"), *root.glob("store/*.py")]):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                continue
            if not node.exc.args or (text := _sampled_message(node.exc.args[0])) is None:
                continue
            total += 1
            params = {k.arg for k in node.exc.keywords} - {"path", "row", "column", None}
            if isinstance(node.exc.args[0], ast.Constant) and params:
                found = text in TEMPLATES  # a template error names its entry
            else:
                found = translated(text, "nl") is not None
            if not found:
                unmatched.append(f"{path.relative_to(root)}:{node.lineno}: {text[:70]}")
    assert total > 200
    assert len(unmatched) <= UNMATCHED_BUDGET, "\n".join(unmatched)
