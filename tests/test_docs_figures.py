"""Figures quoted in docs/methods-index.md and docs/methods-spatial.md match what the
commands print on the real data (issue 17, point 5).

Each check reads the figure from the document's own text (so an edit of either the
text or the method that changes a figure fails here) and compares it, rounded as
quoted, with the output of the documented command run on the session's real-data store
(``kloof --lang en ... --format csv`` where the command has it, else its table and
notes at 200 columns).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kloof.cli.main import app

ROOT = Path(__file__).resolve().parents[1]
INDEX = (ROOT / "docs" / "methods-index.md").read_text("utf-8")
SPATIAL = (ROOT / "docs" / "methods-spatial.md").read_text("utf-8")

pytestmark = pytest.mark.realdata

WORDS = {"1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "6": "six"}


def _quoted(text: str, pattern: str) -> tuple[str, ...]:
    """The figures ``pattern`` captures in a document (spaces match line breaks)."""
    found = re.search(pattern.replace(" ", r"\s+"), text, re.S)
    assert found, f"the document no longer says: {pattern}"
    return found.groups()


def _run(store: Path, *args: str) -> str:
    """Standard output and standard error of a command, as a user sees them."""
    result = CliRunner().invoke(
        app, ["--lang", "en", "--store", str(store), *args], env={"COLUMNS": "80"}
    )
    assert result.exit_code == 0, result.output
    return result.output


def _rows(store: Path, *args: str) -> list[dict[str, str]]:
    """The CSV a command writes to standard output (notes go to standard error)."""
    result = CliRunner().invoke(
        app, ["--lang", "en", "--store", str(store), *args, "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


@pytest.fixture(scope="module")
def validation(full_store_path: Path) -> dict[tuple[str, str], dict[str, float]]:
    rows = _rows(
        full_store_path, "index", "validate", "--against", "nplv", "--year", "2023",
        "--level", "wijk",
    )  # fmt: skip
    return {
        (r["cohort"], r["measure"]): {
            k: float(r[k]) for k in ("auc", "auc_within", "worst_decile_pct") if r[k]
        }
        for r in rows
    }


def _three(row: dict[str, float], digits: int = 1) -> tuple[str, str, str]:
    return (
        f"{row['auc']:.3f}",
        f"{row['auc_within']:.3f}",
        f"{row['worst_decile_pct']:.{digits}f}",
    )


@pytest.mark.parametrize(
    ("label", "key"),
    [
        (r"\*\*new default `kloof`\*\*, all 20 areas", ("all", "index")),
        (r"best single indicator \(bijstand per 1,000\)", ("all", "indicator:bijstand_per_1000")),
        (r"new default, 16 original areas", ("before 2022", "index")),
        (r"new default, 4 joiners of 2022", ("joined 2022", "index")),
    ],
)
def test_validation_table(validation: dict, label: str, key: tuple[str, str]) -> None:
    quoted = _quoted(INDEX, label + r" \| \**([\d.]+)\** \| \**([\d.]+)\** \| \**([\d.]+) %")
    assert quoted == _three(validation[key])


def test_validation_claims(validation: dict) -> None:
    joiners = _quoted(
        INDEX,
        r"bijstand alone reaches ([\d.]+) / ([\d.]+) / (\d+) %, WOZ ([\d.]+) / ([\d.]+) / (\d+) %",
    )
    bijstand = validation[("joined 2022", "indicator:bijstand_per_1000")]
    woz = validation[("joined 2022", "indicator:woz_mean")]
    assert joiners == _three(bijstand, 0) + _three(woz, 0)
    # "the composite beats every one of its indicators on all three figures" (all, 16)
    for cohort in ("all", "before 2022"):
        index = validation[(cohort, "index")]
        for (c, measure), row in validation.items():
            if c == cohort and measure.startswith("indicator:"):
                for figure in ("auc", "auc_within", "worst_decile_pct"):
                    assert index[figure] > row[figure], (cohort, measure, figure)
    best = max(
        (m for c, m in validation if c == "all" and m.startswith("indicator:")),
        key=lambda m: validation[("all", m)]["auc"],
    )
    assert best == "indicator:bijstand_per_1000"


@pytest.fixture(scope="module")
def focus(full_store_path: Path) -> str:
    return _run(
        full_store_path, "spatial", "focus", "-s", "index", "--index", "kloof",
        "--min-residents", "20000", "--compare", "nplv", "--year", "2023",
    )  # fmt: skip


def _status_count(output: str, status: str) -> int:
    return sum(1 for line in output.splitlines() if re.search(rf"│ {status}\s+│\s*$", line))


def test_focus_figures(focus: str) -> None:
    table, focus = focus, re.sub(r"\s+", " ", focus)  # prose across its wrapped lines
    summary = {  # "Official areas missed: 6; Candidates outside the official areas: 21; ..."
        k.strip(): v.replace(",", "")
        for k, v in re.findall(r"(?:^|; |\s)([A-Z][^:;]*): ([\d.,]+)", focus)
    }
    candidates = re.search(r"(\d+) candidates", focus)
    assert candidates
    covered, partly, missed = (_status_count(table, s) for s in ("covered", "partly", "missed"))
    assert int(summary["Official areas missed"]) == missed
    outside = summary["Candidates outside the official areas"]
    jaccard = f"{float(summary['Jaccard (residents)']):.2f}"
    within = f"{float(summary['Jaccard (residents, within gemeenten)']):.2f}"
    # docs/methods-index.md
    assert _quoted(INDEX, r"now covers (\d+) NPLV areas and (\d+) partly") == (
        str(covered),
        str(partly),
    )
    assert _quoted(INDEX, r"misses (\d+) \(was 8") == (str(missed),)
    assert _quoted(INDEX, r"with residents-Jaccard ([\d.]+) \(was") == (jaccard,)
    assert _quoted(INDEX, r"(\d+) candidates lie outside the NPLV areas") == (outside,)
    assert _quoted(INDEX, r"own municipalities: \*\*([\d.]+)\*\*") == (within,)
    # docs/methods-spatial.md
    assert _quoted(SPATIAL, r"residents the wijken give (\d+) candidates") == (candidates[1],)
    assert _quoted(
        SPATIAL, r"Against NPLV, (\d+) areas are covered .*?, (\d+) partly .*? and (\d+) are missed"
    ) == (str(covered), str(partly), str(missed))
    assert _quoted(SPATIAL, r"(\d+) candidates lie outside the NPLV areas") == (outside,)
    assert _quoted(SPATIAL, r"Jaccard by residents: ([\d.]+)\.") == (jaccard,)
    # the match of the 2023 data with the 2024 boundaries, and the graph's islands
    unmatched = re.search(r"(\d+) boundary regions without values, (\d+) value regions", focus)
    islands = re.search(r"islands: (\d+) \(", focus)  # neighbours (queen): ...; islands: 2 (...)
    assert unmatched and islands
    assert _quoted(
        SPATIAL,
        r"(\d+) boundary regions have no values .*? and (\d+) value regions have no boundary",
    ) == (unmatched[1], unmatched[2])
    regions = re.search(r"neighbours \(queen\): ([\d,]+) regions", focus)
    assert regions
    assert _quoted(SPATIAL, r"the queen graph of all ([\d,]+) wijken has (\w+) islands") == (
        f"{int(regions[1].replace(',', '')):,}",
        WORDS.get(islands[1], islands[1]),
    )


def test_focus_loss_figures(full_store_path: Path) -> None:
    """The breakdown of the NPLV comparison (docs/methods-spatial.md) on the command's data."""
    from kloof.cli._spatial_data import geo, graph, session, values
    from kloof.monitor.areas import builtin
    from kloof.spatial.focus import FocusSpec, Severity, detect
    from kloof.spatial.focus_loss import breakdown
    from kloof.store import open_store

    store = open_store(full_store_path, read_only=True)
    try:
        cache = session(store)
        frame = values(cache, 2023, "wijk", None, "kloof")
        joined, _ = geo(cache, frame, "wijk", 2023, None)
    finally:
        store.close()
    spec = FocusSpec((Severity("index", "higher_is_better", share=0.10),), min_residents=20_000)
    result = detect({2023: frame}, graph(joined, "queen", None, 4, "knn"), spec)
    out = breakdown(result, builtin("nplv"), frame["inhabitants"])
    s = {k: f"{v:,.0f}" for k, v in out.summary.items()}
    assert _quoted(
        SPATIAL, r"It gives ([\d.]+) = ([\d,]+) / \(([\d,]+) \+ ([\d,]+) \+ ([\d,]+)\)"
    ) == (
        f"{out.summary['jaccard_residents']:.2f}",
        s["residents_both"],
        s["residents_both"],
        s["residents_outside"],
        s["residents_missed"],
    )
    assert _quoted(
        SPATIAL, r"outside the NPLV areas: ([\d,]+) residents\.\*\* ([\d,]+) live in the"
    ) == (s["residents_outside"], s["outside_area_gemeenten"])
    assert _quoted(SPATIAL, r"([\d,]+) live in municipalities without one") == (
        s["outside_elsewhere"],
    )
    assert _quoted(
        SPATIAL, r"NPLV residents not selected: ([\d,]+)\.\*\* ([\d,]+) live in wijken outside"
    ) == (s["residents_missed"], s["missed_severity"])
    assert _quoted(SPATIAL, r"([\d,]+) live in qualifying groups below 20,000") == (
        s["missed_size"],
    )
    assert _quoted(SPATIAL, r"(\d+) have no score") == (s["missed_no_value"],)
    by_area = out.missed[out.missed["reason"] == "severity"].groupby("area")["residents"].sum()
    assert _quoted(SPATIAL, r"([\d,]+) in the four Breda wijken") == (
        f"{by_area['breda-noord']:,.0f}",
    )
    assert _quoted(SPATIAL, r"([\d,]+) in the better-off half of Amsterdam Nieuw-West") == (
        f"{by_area['amsterdam-nieuw-west']:,.0f}",
    )


def test_gap_figures(full_store_path: Path) -> None:
    gap = _rows(
        full_store_path, "spatial", "gap", "-i", "income_per_inhabitant", "-i",
        "bijstand_per_1000", "--year", "2023", "--level", "wijk",
    )  # fmt: skip
    rows = {r["column"]: r for r in gap}
    income, bijstand = rows["income_per_inhabitant"], rows["bijstand_per_1000"]
    theil, between = float(income["t"]), float(income["t_between"])
    quoted = _quoted(
        SPATIAL,
        r"income per inhabitant has Theil \$T\$ = ([\d.]+) of which (\d+) % between gemeenten; "
        r"the worst-decile wijken average €([\d.]+)k against €([\d.]+)k for the rest; bijstand "
        r"recipients are (\d+) per 1,000 in the worst decile against (\d+) elsewhere",
    )
    assert quoted == (
        f"{theil:.4f}",
        f"{100 * between / theil:.0f}",
        f"{float(income['worst_mean']):.1f}",
        f"{float(income['rest_mean']):.1f}",
        f"{float(bijstand['worst_mean']):.0f}",
        f"{float(bijstand['rest_mean']):.0f}",
    )


def test_hotspot_figures(full_store_path: Path) -> None:
    """Moran's I, the analysed wijken and their islands, the largest cold spot."""
    result = CliRunner().invoke(
        app,
        ["--lang", "en", "--store", str(full_store_path), "spatial", "hotspots", "--index",
         "kloof", "--year", "2023", "--format", "csv"],
        env={"COLUMNS": "80"},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    notes = re.sub(r"\s+", " ", result.output)  # prose compared across its wrapped lines
    moran = re.search(r"Moran's I = ([\d.]+) \(pseudo p = ([\d.]+)", notes)
    analysed = re.search(r"regions: (\d+) ok", notes)
    islands = re.search(r"(\d+) islands linked to their nearest region", notes)
    assert moran and analysed and islands
    assert _quoted(SPATIAL, r"Moran's I = ([\d.]+) \(pseudo p = ([\d.]+)\)") == (
        f"{float(moran[1]):.3f}",
        moran[2],
    )
    assert _quoted(
        SPATIAL, r"that of the ([\d,]+) wijken with a 2023 kloof index value has (\d+)"
    ) == (
        f"{int(analysed[1]):,}",
        islands[1],
    )
    clusters = list(csv.DictReader(io.StringIO(result.stdout)))
    cold = sorted(
        (c for c in clusters if c["label"] == "LL"),
        key=lambda c: (-int(c["regions"]), -float(c["residents"])),
    )
    largest = cold[0]
    gemeenten = largest["gemeenten"].split(";")
    quoted = _quoted(
        SPATIAL,
        r"the largest cold spot \(LL, .*?\) is (\d+) wijken in (\w+) gemeenten .*?; "
        r"(\d+)k residents\), followed by \w+ \((\d+) wijken\)",
    )
    assert quoted == (
        largest["regions"],
        WORDS[str(len(gemeenten))],
        f"{float(largest['residents']) / 1000:.0f}",
        cold[1]["regions"],
    )
