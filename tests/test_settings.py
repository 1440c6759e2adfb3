"""Settings reject what they do not know: keyword typos and KLOOF_* variable typos."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from kloof.settings import Settings


def test_a_misspelled_variable_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KLOOF_STOER", "elsewhere.duckdb")
    with pytest.raises(ValueError, match=r"KLOOF_STOER .*did you mean KLOOF_STORE"):
        Settings()


def test_known_variables_and_other_kloof_variables_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KLOOF_STORE", "x.duckdb")
    monkeypatch.setenv("KLOOF_NEW_PASSWORD", "not a setting, read by `kloof users add`")
    assert str(Settings().store) == "x.duckdb"


def test_a_misspelled_keyword_fails() -> None:
    with pytest.raises(ValidationError):
        Settings(stroe="x")  # type: ignore[call-arg]
