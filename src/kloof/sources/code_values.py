"""Reader of ``[[code, value], ...]`` JSON files: one indicator of one year per file.

Such files hold what a user keeps from a single StatLine selection, e.g. the
registered crimes (CBS/Politie 47018NED, offence 0.0.0 "totaal misdrijven") and the
inhabitants of every Amsterdam wijk in 2025 (``amsterdam-extra/crime_totaal_2025.json``,
``population_2025.json``, wijk codes of 2025). The file says neither indicator nor
year, so both come from its name through :data:`NAMES`, an explicit registry (a name
that matches no entry is refused, never guessed).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from kloof import catalogue as _catalogue
from kloof import regions as _regions
from kloof.batch import ImportBatch, SourceInfo, file_sha256
from kloof.errors import DataFormatError, quote
from kloof.sources._limits import MAX_CELL_CHARS

__all__ = ["NAMES", "looks_like_code_values", "read_code_values"]

#: File name pattern (the year is its group) → (catalogue indicator, CBS table id).
NAMES: dict[str, tuple[str, str | None]] = {
    r"crime_totaal_(\d{4})\.json": ("crimes_total", "47018NED"),
    r"population_(\d{4})\.json": ("inhabitants", None),
}
#: Largest file read (a national buurt file is ~0.5 MB).
MAX_BYTES = 20_000_000


def _match(path: Path) -> tuple[str, str | None, int] | None:
    for pattern, (indicator, table) in NAMES.items():
        found = re.fullmatch(pattern, path.name.lower())
        if found:
            return indicator, table, int(found.group(1))
    return None


def looks_like_code_values(path: str | Path, head: str) -> bool:
    """Whether ``path`` is a ``[[code, value], ...]`` file with a registered name."""
    return head.lstrip().startswith("[[") and _match(Path(path)) is not None


def read_code_values(
    path: str | Path, *, catalogue: _catalogue.Catalogue | None = None
) -> ImportBatch:
    """Read a ``[[code, value], ...]`` file into a batch of one indicator and year.

    Parameters
    ----------
    path
        JSON file named after :data:`NAMES` (``crime_totaal_2025.json``).
    catalogue
        Catalogue that must know the indicator (default: the built-in one).

    Returns
    -------
    ImportBatch
        Regions (codes of the file's year, no names) and their values.

    Raises
    ------
    DataFormatError
        Unknown file name, not a list of pairs, a bad or repeated code, a value that is
        not a number.
    """
    path = Path(path)
    matched = _match(path)
    if matched is None:
        raise DataFormatError(
            f"cannot tell indicator and year from the name; known names: {list(NAMES)}",
            path=path,
        )
    indicator, table, year = matched
    cat = catalogue or _catalogue.load()
    if indicator not in cat:
        raise DataFormatError(f"indicator {indicator!r} is not in the catalogue", path=path)
    if path.stat().st_size > MAX_BYTES:
        raise DataFormatError(f"file larger than {MAX_BYTES:,} bytes", path=path)
    try:
        pairs = json.loads(path.read_text(encoding="utf-8-sig"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise DataFormatError(f"not valid JSON ({exc})", path=path) from None
    if not isinstance(pairs, list) or not pairs:
        raise DataFormatError("expected a non-empty list of [code, value] pairs", path=path)
    codes: list[str] = []
    values: list[float] = []
    for row, pair in enumerate(pairs, start=1):
        if not (isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], str)):
            raise DataFormatError(
                f"expected [code, value], found {quote(str(pair)[:MAX_CELL_CHARS])}",
                path=path,
                row=row,
            )
        value = pair[1]
        if value is None:
            values.append(float("nan"))
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            values.append(float(value))
        else:
            raise DataFormatError(f"value {quote(str(value))} is not a number", path=path, row=row)
        codes.append(pair[0])
    series = _regions.normalise_series(pd.Series(codes, dtype="string"))
    bad = _regions.invalid_codes(series)
    if bad.any():
        pos = int(bad.to_numpy().nonzero()[0][0])
        raise DataFormatError(
            f"region code {quote(codes[pos])} does not parse as a CBS code", path=path, row=pos + 1
        )
    dup = series.duplicated(keep=False)
    if dup.any():
        pos = int(dup.to_numpy().nonzero()[0][0])
        raise DataFormatError(f"region {quote(codes[pos])} appears twice", path=path, row=pos + 1)
    regions = _regions.hierarchy(series).assign(year=year, name=pd.NA)
    obs = pd.DataFrame(
        {"code": series.to_numpy(), "year": year, "indicator": indicator, "value": values}
    )
    note = f"{len(obs)} regions, {indicator} {year}, {int(obs['value'].isna().sum())} missing"
    source = SourceInfo.for_content("code-values", str(path), file_sha256(path), table)
    return ImportBatch(
        source=source,
        regions=regions.loc[:, ["code", "year", "level", "name", "parent_gm", "parent_wk"]],
        observations=obs,
        notes=(note,),
    )
