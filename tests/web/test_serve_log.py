"""``kloof serve``'s app: the library's notes reach the server log as one line each."""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

import pytest

from kloof.errors import KloofWarning
from kloof.web import serve_app


def test_library_notes_are_logged_once_without_source_lines(
    web_store: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("KLOOF_STORE", str(web_store))
    monkeypatch.setenv("KLOOF_LANGUAGE", "nl")
    with warnings.catch_warnings():  # restores Python's warning display afterwards
        warnings.simplefilter("always")
        serve_app()
        with caplog.at_level(logging.WARNING, logger="kloof.web"):
            for _ in range(3):
                warnings.warn(
                    "no data for optional indicator(s) ['crimes_total_per_1000']: left out, "
                    "weights re-normalised; domain(s) without data left out: safety",
                    KloofWarning,
                    stacklevel=1,
                )
    lines = [r.getMessage() for r in caplog.records if r.name == "kloof.web"]
    assert len(lines) == 1, lines
    assert ".py" not in lines[0] and "KloofWarning" not in lines[0]
    assert "crimes_total_per_1000" in lines[0] or "Geregistreerde" in lines[0]
    assert "no data" not in lines[0], lines[0]  # Dutch: the server's language
    assert lines[0].endswith("weggelaten: Veiligheid"), lines[0]  # the domain's name, not its id
