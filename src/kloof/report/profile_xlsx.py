"""The profile of a region or area as an Excel workbook (the numbers behind the report).

Sheets, named in the profile's language: the indicators (value, the Netherlands, the
gemeente, peers, percentile: :meth:`kloof.report.profile.Profile.to_frame`), the index
(score, class, rank, interval), its domains and their explanation, the sub-areas and the
notes (target, year, peers, method, source). Headers and words are the reader's
(:func:`kloof.report.readable.readable`); the file is written by
:func:`kloof.spreadsheet.write_xlsx` (numbers as numbers, codes as text, widths).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from kloof.report.i18n import texts
from kloof.report.readable import readable
from kloof.spreadsheet import write_xlsx

if TYPE_CHECKING:
    from kloof.report.profile import Profile

__all__ = ["profile_sheets", "write_profile_xlsx"]

#: Column ids of the index sheets without a header in the shared texts.
_MORE = {
    "nl": {"id": "Domein", "median": "Mediaan vergelijkbare gebieden", "raw": "Ruwe waarde"},
    "en": {"id": "Domain", "median": "Median of peers", "raw": "Raw value"},
}


def _index_rows(index: dict[str, Any], t: Mapping[str, str]) -> pd.DataFrame:
    interval = index.get("interval") or {}
    rows = [
        (t["index"], index.get("title")),
        (t["score"], index.get("score")),
        (t["class"], index.get("class")),
        (t["class"], index.get("class_label")),
        (t["rank"], index.get("rank")),
        ("n", index.get("n")),
        (t["decile"], index.get("decile")),
        (t["gap"], index.get("gap")),
        (f"{t['interval']}: p5", interval.get("p05")),
        (f"{t['interval']}: p95", interval.get("p95")),
    ]
    return pd.DataFrame(rows, columns=["label", "value"])


def profile_sheets(profile: Profile) -> dict[str, pd.DataFrame]:
    """Sheet name → table of the profile workbook, headers in the profile's language."""
    lang = profile.language
    t = texts(lang)
    more = {**_MORE.get(lang, _MORE["nl"]), "score": t["score"]}
    more["contribution"] = t["contribution"]

    def people(frame: pd.DataFrame) -> pd.DataFrame:
        return readable(frame.rename(columns=more), lang)

    sheets = {t["indicators"]: readable(profile.to_frame(), lang)}
    index = profile.index or {}
    if index.get("score") is not None:
        sheets[t["index"]] = readable(_index_rows(index, t), lang)
        sheets[t["domains"]] = people(pd.DataFrame(index["domains"]))
        sheets[t["explain"].capitalize()] = people(pd.DataFrame(index["explain"]))
    sheets[t["members"]] = readable(profile.members, lang)
    notes = [
        f"{profile.target.name} ({profile.target.key}), {profile.year}",
        f"{t['peers']}: {profile.peers_label}",
        *profile.notes,
        t["method_text"],
        t["source_cbs"],
    ]
    sheets[t["notes"]] = pd.DataFrame({t["notes"]: notes})
    return sheets


def write_profile_xlsx(profile: Profile, output: str | Path) -> Path:
    """Write :func:`profile_sheets` to ``output`` (folders made as needed)."""
    out = Path(output)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_xlsx(out, profile_sheets(profile))
    return out
