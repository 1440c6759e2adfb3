"""Every option of every command, fed bad values (issue 13).

The options are found by walking the command tree (:func:`kloof.cli.main.command_tree`),
so a new option is fuzzed without editing this file. For each: a missing value and a
value of the wrong type or out of range are usage errors (exit 2, one line in the error
box); any other bad value (an unknown name, a path that does not exist, control
characters) is refused with exit 1 or 2 and one clear line. Never a traceback, and no
store or plans database is created. The store path does not exist, so nothing can be
written to it without the test noticing.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from typer.testing import CliRunner

from kloof.cli.main import app, command_tree


def _leaves(command: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    if hasattr(command, "commands"):
        out = []
        for name, sub in sorted(command.commands.items()):
            out += _leaves(sub, (*path, name))
        return out
    return [(path, command)]


def _options() -> list[tuple[tuple[str, ...], Any, Any]]:
    out = []
    for path, command in _leaves(command_tree()):
        for param in command.params:
            if param.param_type_name == "option" and not param.is_flag and param.name != "help":
                out.append((path, command, param))
    return out


OPTIONS = _options()
IDS = [f"{' '.join(path)} {param.opts[0]}" for path, _, param in OPTIONS]


def _kind(param: Any) -> str:
    annotation = param.type_descriptor.annotation
    args = getattr(annotation, "__args__", (annotation,))
    for kind in (int, float, Path):
        if annotation is kind or kind in args:
            return kind.__name__.lower()
    return "str"


def _typed_bad_values(param: Any) -> list[str]:
    """Values that are wrong whatever the command: exit 2 expected."""
    kind = _kind(param)
    if kind == "int":
        values = ["abc", "1.5", "1e3x"]
        values += [str(param.min - 1)] if param.min is not None else []
        values += [str(param.max + 1)] if param.max is not None else []
        return values
    if kind == "float":
        return ["abc", "nan", "inf", "-inf", "1e400"]
    return []


def _invoke(tmp_path: Path, path: tuple[str, ...], command: Any, *extra: str) -> Any:
    arguments = ["x" for p in command.params if p.param_type_name == "argument"]
    store = tmp_path / "store.duckdb"
    plans = tmp_path / "plans.db"
    result = CliRunner().invoke(
        app,
        ["--store", str(store), *path, *arguments, *extra],
        env={"COLUMNS": "80", "KLOOF_PLANS_DB": f"sqlite:///{plans}"},
    )
    assert not store.exists(), "a store was created"
    assert not plans.exists(), "a plans database was created"
    return result


def _clear(result: Any) -> str:
    """The one line of the error (the error box or an ``error:`` line), checked."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output
    box = [line for line in result.output.splitlines() if line.startswith("│")]
    boxed = [line.strip("│ ") for line in box]
    if len(boxed) > 1:  # one message wrapped by the box: a line ends only where the next
        width = len(box[0]) - 4  # line's first word would not have fitted on it
        assert all(
            cell_len(line) + 1 + cell_len(after.split()[0]) > width  # wide characters: 2
            for line, after in itertools.pairwise(boxed)
        ), result.output
        boxed = [" ".join(boxed)]
    plain = [line for line in result.output.splitlines() if line.startswith(("fout:", "error:"))]
    lines = boxed or plain
    assert len(lines) == 1, result.output
    assert len(lines[0]) > 10, result.output
    return lines[0]


@pytest.mark.parametrize(("path", "command", "param"), OPTIONS, ids=IDS)
def test_a_missing_value_is_a_usage_error(
    tmp_path: Path, path: tuple[str, ...], command: Any, param: Any
) -> None:
    result = _invoke(tmp_path, path, command, param.opts[0])
    assert result.exit_code == 2, result.output
    assert param.opts[0] in _clear(result)


@pytest.mark.parametrize(("path", "command", "param"), OPTIONS, ids=IDS)
def test_a_wrong_type_or_range_is_a_usage_error(
    tmp_path: Path, path: tuple[str, ...], command: Any, param: Any
) -> None:
    for value in _typed_bad_values(param):
        result = _invoke(tmp_path, path, command, param.opts[0], value)
        assert result.exit_code == 2, (value, result.output)
        line = _clear(result)
        assert param.opts[0] in line and "Input should" not in line, line  # Dutch, whole


@pytest.mark.parametrize(("path", "command", "param"), OPTIONS, ids=IDS)
def test_a_meaningless_value_is_refused_clearly(
    tmp_path: Path, path: tuple[str, ...], command: Any, param: Any
) -> None:
    value = "/nonexistent/dir/x.csv" if _kind(param) == "path" else "\x01nope"
    result = _invoke(tmp_path, path, command, param.opts[0], value)
    assert result.exit_code in (1, 2), result.output
    _clear(result)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    option=st.sampled_from(range(len(OPTIONS))),
    value=st.text(min_size=0, max_size=40)
    | st.from_regex(r"-?[0-9]{1,30}(\.[0-9]*)?([eE][0-9]{1,4})?"),
)
def test_any_value_of_any_option(tmp_path: Path, option: int, value: str) -> None:
    """Hypothesis: any text for any option gives no traceback and writes nothing."""
    path, command, param = OPTIONS[option]
    result = _invoke(tmp_path, path, command, param.opts[0], value)
    if result.exit_code != 0:
        _clear(result)
    else:
        assert "Traceback" not in result.output
