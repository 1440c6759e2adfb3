"""Format detection: which reader understands a path.

=============  ==================================================================
kind           recognised by
=============  ==================================================================
``kwb``        ``.xls/.xlsx/.csv`` with a ``gwb_code_10``/``gwb_code_8`` column
``kwb-panel``  ``.csv`` with a ``gwb_code`` and a ``year`` column (several years)
``code-values`` ``.json`` ``[[code, value], ...]`` named as in ``code_values.NAMES``
``statline``   ``.csv`` StatLine export (``Wijken en buurten`` or dotted R headers)
``crosswalk``  ``.rda``/``.rdata`` boundary-change matrices
``pc4``        CBS PC4 statistics: ``.csv`` starting ``Postcode-4``, ``.xlsx`` named ``*pc4*``
``pc4-crosswalk``  ``.csv`` with ``year,level,pc4,region_code,n_addresses,...``
``panel``      ``gemeenten_YYYY.geojson`` (PDOK gemeente panel, built-in mapping)
``boundaries`` other ``.geojson/.gpkg/.shp``
``mapping``    any file imported with an explicit YAML mapping
=============  ==================================================================
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Sequence
from pathlib import Path

from kloof.batch import ImportBatch
from kloof.errors import DataFormatError

__all__ = ["KINDS", "detect", "discover", "read", "read_many"]

KINDS = (
    "kwb",
    "kwb-panel",
    "code-values",
    "statline",
    "crosswalk",
    "panel",
    "boundaries",
    "mapping",
    "pc4",
    "pc4-crosswalk",
)
_GEO = {".geojson", ".gpkg", ".shp", ".json"}


def _head(path: Path, size: int = 4096) -> str:
    with open(path, "rb") as handle:
        raw = handle.read(size)
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel "Unicode text"
        return raw.decode("utf-16", errors="replace")
    return raw.decode("utf-8-sig", errors="replace")


def detect(path: str | Path) -> str:
    """Return the reader kind for ``path`` (see the module table).

    Raises
    ------
    DataFormatError
        If the file does not exist or no reader recognises it.
    """
    p = Path(path)
    if not p.is_file():
        raise DataFormatError("no such file", path=p)
    if p.stat().st_size <= 4096 and not _head(p).strip():
        raise DataFormatError("the file is empty; download or export it again", path=p)
    suffix = p.suffix.lower()
    if suffix in (".rda", ".rdata"):
        return "crosswalk"
    if suffix == ".json":
        from kloof.sources.code_values import looks_like_code_values

        if looks_like_code_values(p, _head(p, 64)):
            return "code-values"
    if suffix in _GEO:
        if re.search(r'"properties"\s*:\s*\{\s*"pc4"', _head(p)):
            raise DataFormatError(
                "PC4 polygons are not imported (kloof keeps PC4 data as a table and "
                "re-expresses it onto wijken by addresses: `kloof data reexpress`)",
                path=p,
            )
        if re.fullmatch(r"gemeenten_\d{4}\.geojson", p.name.lower()):
            return "panel"
        return "boundaries"
    if suffix in (".xlsx", ".xls", ".xlsm", ".ods"):
        from kloof.sources.pc4 import looks_like_pc4

        return "pc4" if looks_like_pc4(p) else "kwb"
    if suffix in (".csv", ".txt"):
        first = _head(p).splitlines()[0]
        lowered = first.lower()
        from kloof.sources.kwb_panel import looks_like_kwb_panel

        if looks_like_kwb_panel([c.strip().strip('"') for c in re.split(r"[;,\t]", first)]):
            return "kwb-panel"
        if "gwb_code" in lowered:
            return "kwb"
        if "wijken en buurten" in lowered or "wijken.en.buurten" in lowered:
            return "statline"
        from kloof.sources.pc4 import looks_like_pc4, looks_like_pc4_crosswalk

        if looks_like_pc4(p, first):
            return "pc4"
        if looks_like_pc4_crosswalk(p, first):
            return "pc4-crosswalk"
        below = "\n".join(_head(p).splitlines()[1:10]).lower()
        if "gwb_code" in below or "wijken en buurten" in below:
            raise DataFormatError(
                "the header is not on the first line: a title above it? Remove the lines "
                "above the header and import again",
                path=p,
            )
        raise DataFormatError(
            "this CSV is neither a KWB file (gwb_code_10 column), a StatLine export "
            '("Wijken en buurten" column) nor a CBS PC4 table or PC4 crosswalk; '
            "import it with a mapping: "
            "`kloof data import FILE --mapping MAPPING.yaml`",
            path=p,
        )
    raise DataFormatError(
        f"unknown file type {suffix!r}; kloof reads KWB .xlsx/.xls/.csv, StatLine .csv, "
        "boundaries .geojson/.gpkg/.shp and crosswalk .rda files",
        path=p,
    )


def read(
    path: str | Path, *, year: int | None = None, mapping: str | Path | None = None
) -> ImportBatch:
    """Read one file with the reader :func:`detect` picks (or the given mapping)."""
    p = Path(path)
    if mapping is not None:
        from kloof.sources.mapping import read_mapped

        return read_mapped(p, mapping)
    kind = detect(p)
    if kind == "kwb":
        from kloof.sources.cbs_files import read_kwb

        return read_kwb(p, year=year)
    if kind == "kwb-panel":
        from kloof.sources.kwb_panel import read_kwb_panel

        return read_kwb_panel(p)
    if kind == "code-values":
        from kloof.sources.code_values import read_code_values

        return read_code_values(p)
    if kind == "statline":
        from kloof.sources.statline import read_statline

        return read_statline(p, year=year)
    if kind == "crosswalk":
        from kloof.sources.crosswalk import read_crosswalk

        return read_crosswalk(p)
    if kind == "pc4":
        from kloof.sources.pc4 import read_pc4

        return read_pc4(p, year=year)
    if kind == "pc4-crosswalk":
        from kloof.sources.pc4 import read_pc4_crosswalk

        return read_pc4_crosswalk(p)
    if kind == "panel":
        from kloof.sources.mapping import builtin_mapping, read_mapped

        return read_mapped(p, builtin_mapping("gemeente-panel"))
    from kloof.sources.boundaries import read_boundaries

    return read_boundaries(p, year=year)


_ORDER = {
    k: i
    for i, k in enumerate(
        (
            "kwb",
            "statline",
            "panel",
            "kwb-panel",
            "code-values",
            "boundaries",
            "pc4",
            "crosswalk",
            "pc4-crosswalk",
        )
    )
}


def read_many(paths: Sequence[str | Path], *, year: int | None = None) -> list[tuple[Path, str]]:
    """Order and classify files for import: ``[(path, kind), ...]``.

    Readers that complete others run after them (boundaries after data, so names and
    levels exist; crosswalks last). Folders are searched with :func:`discover`; a
    folder without any importable file is an error.
    """
    found: list[tuple[Path, str]] = []
    for path in map(Path, paths):
        if path.is_dir():
            importable, skipped = discover(path)
            if not importable:
                listed = "; ".join(f"{p.name}: {why}" for p, why in skipped[:3])
                raise DataFormatError(
                    f"no file in this folder can be imported ({len(skipped)} skipped"
                    + (f": {listed}" if listed else "")
                    + ")",
                    path=path,
                )
            found.extend(importable)
        else:
            found.append((path, detect(path)))
    return sorted(found, key=lambda item: (_ORDER.get(item[1], 9), str(item[0])))


def discover(folder: str | Path) -> tuple[list[tuple[Path, str]], list[tuple[Path, str]]]:
    """Files under ``folder`` that kloof can import, and the others with the reason.

    Returns
    -------
    (importable, skipped)
        ``[(path, kind)]`` and ``[(path, why)]``, both sorted by path.
    """
    importable: list[tuple[Path, str]] = []
    skipped: list[tuple[Path, str]] = []
    for path in sorted(Path(folder).rglob("*")):
        if not path.is_file() or path.name.startswith("."):
            continue
        try:
            importable.append((path, detect(path)))
        except DataFormatError as exc:
            skipped.append((path, str(exc)))
    return importable, skipped
