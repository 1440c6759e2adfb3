"""One rule for a repeated indicator column, in every reader (kloof.sources._columns)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kloof.errors import DataFormatError
from kloof.sources.cbs_files import read_kwb

#: ``A_INW`` is ``a_inw`` again (KWB names are matched without case): inhabitants twice
HEAD = "gwb_code_10;regio;a_inw;A_INW;bev_dich\n"


def _write(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "kwb-2023.csv"
    path.write_text(HEAD + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_a_repeated_column_with_the_same_values_is_skipped(tmp_path: Path) -> None:
    batch = read_kwb(_write(tmp_path, ["GM0363;Amsterdam;931298;931298;5293"]))
    inhabitants = batch.observations[batch.observations["indicator"] == "inhabitants"]
    assert inhabitants["value"].tolist() == [931298.0]
    assert any("repeats" in n and "A_INW" in n for n in batch.notes)


def test_a_repeated_column_with_other_values_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DataFormatError, match=r"'a_inw' and 'A_INW'.*differ"):
        read_kwb(_write(tmp_path, ["GM0363;Amsterdam;931298;931299;5293"]))


def test_every_reader_uses_the_one_rule() -> None:
    import inspect

    from kloof.sources import cbs_files, cbs_odata, kwb_panel, statline

    for module in (cbs_files, cbs_odata, kwb_panel, statline):
        text = inspect.getsource(module)
        assert "indicator_columns(" in text, module.__name__
        assert ".find(" not in text.replace("catalogue.find", "").replace("cat.find", ""), (
            module.__name__
        )
