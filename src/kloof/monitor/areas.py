"""Named areas: sets of CBS wijken and/or buurten of one year.

An :class:`Area` is a programme area such as *Rotterdam-Zuid* (``WK059910``,
``WK059912``, ``WK059915`` in the 2024 division). Areas are plain data that
round-trip through YAML; an :class:`AreaSet` is a versioned, named collection.

Two sets ship with kloof (``src/kloof/data/areas/*.yaml``), generated from the
project's context table ``areas.csv`` (codes matched by name on CBS *Kerncijfers
Wijken en Buurten* 2024, table 85984NED):

* ``nplv``: the 20 focus areas of the Nationaal Programma Leefbaarheid en
  Veiligheid (July 2022), with the population CBS reported on 1-1-2025;
* ``dichtdekloof``: the 16 areas of the 2021 "Dicht de kloof!" manifesto.

Since December 2026 every built-in area has codes (``areas.csv`` gives a composition
for all 20 NPLV and 16 Dicht de kloof areas, each with a confidence mark). Where a
user's area has no known composition its ``codes`` are empty and its ``confidence``
note says so; users correct or redefine areas in their own YAML
file (same schema, their own ``version``) and load it with :func:`load`.

Examples
--------
>>> nplv = builtin("nplv")
>>> len(nplv)
20
>>> nplv["rotterdam-zuid"].codes
('WK059910', 'WK059912', 'WK059915')
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import Any

import pandas as pd
import yaml

from kloof.bilingual import pick, split
from kloof.errors import RegionCodeError, SpecError
from kloof.regions import normalise, parse

__all__ = ["Area", "AreaSet", "builtin", "list_builtin", "loads"]

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_BUILTIN: dict[str, str] = {"nplv": "nplv.yaml", "dichtdekloof": "dichtdekloof.yaml"}


@dataclass(frozen=True)
class Area:
    """One named area: a set of regions (wijken and/or buurten) of one year.

    Attributes
    ----------
    id
        Slug, unique within its set (``rotterdam-zuid``).
    name
        Display name (``Rotterdam-Zuid``).
    programme
        Programme label (``NPLV``, ``Dicht de kloof`` or the user's own).
    gemeente
        CBS gemeente code (``GM0599``).
    year
        Year of the CBS division the codes belong to (2024 for the built-in sets).
    codes
        CBS wijk/buurt (or gemeente) codes; empty when the composition is unknown.
    population
        Population as reported by the source (CBS 1-1-2025 for NPLV), or ``None``.
    confidence
        Free-text confidence note ("high (sum 47,410 ~ CBS 48k)").
    source
        Where the definition comes from (titles and addresses).
    components
        The components by name, as the source gives them.
    municipality
        Municipality name.
    joined
        Year the area joined its programme when it joined later than the others
        (the four NPLV areas of July 2022), else ``None``; validation reports such
        areas separately (:mod:`kloof.report.validation`).
    """

    id: str
    name: str
    programme: str
    gemeente: str
    year: int
    codes: tuple[str, ...] = ()
    population: int | None = None
    confidence: str = ""
    source: str = ""
    components: str = ""
    municipality: str = ""
    joined: int | None = None

    def __post_init__(self) -> None:
        if not _SLUG.match(self.id):
            raise SpecError(f"area id {self.id!r} is not a slug (lower case, digits, hyphens)")
        try:
            gm = normalise(self.gemeente)
            codes = tuple(normalise(c) for c in self.codes)
            for c in codes:
                pc = parse(c)
                if pc.level != "gemeente" and pc.parent_gm != gm:
                    raise SpecError(f"area {self.id!r}: code {c} does not lie in gemeente {gm}")
        except RegionCodeError as exc:
            raise SpecError(f"area {self.id!r}: {exc}") from exc
        if len(set(codes)) != len(codes):
            raise SpecError(f"area {self.id!r} lists a code twice")
        object.__setattr__(self, "gemeente", gm)
        object.__setattr__(self, "codes", codes)

    @property
    def known(self) -> bool:
        """Whether the composition is known (at least one code)."""
        return len(self.codes) > 0

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form, as stored in YAML."""
        return {
            "id": self.id,
            "name": self.name,
            "programme": self.programme,
            "gemeente": self.gemeente,
            "municipality": self.municipality,
            "year": self.year,
            "components": self.components,
            "codes": list(self.codes),
            "population": self.population,
            "confidence": self.confidence,
            "source": self.source,
            **({"joined": self.joined} if self.joined is not None else {}),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, default_year: int | None = None) -> Area:
        """Build an area from its YAML mapping; unknown keys are an error."""
        allowed = {f for f in cls.__dataclass_fields__} | {"source_name"}
        unknown = set(data) - allowed
        if unknown:
            raise SpecError(f"area {data.get('id')!r}: unknown keys {sorted(unknown)}")
        year = data.get("year", default_year)
        if year is None:
            raise SpecError(f"area {data.get('id')!r}: no year (set 'year' on the area or the set)")
        missing = [k for k in ("id", "name", "gemeente") if not data.get(k)]
        if missing:
            raise SpecError(f"area {data.get('id')!r}: missing {missing}")
        pop = data.get("population")
        return cls(
            id=str(data["id"]),
            name=str(data["name"]),
            programme=str(data.get("programme", "")),
            gemeente=str(data["gemeente"]),
            year=int(year),
            codes=tuple(str(c) for c in (data.get("codes") or ())),
            population=None if pop is None else int(pop),
            confidence=str(data.get("confidence") or ""),
            source=str(data.get("source") or ""),
            components=str(data.get("components") or ""),
            municipality=str(data.get("municipality") or ""),
            joined=None if data.get("joined") is None else int(data["joined"]),
        )


@dataclass(frozen=True)
class AreaSet:
    """A named, versioned collection of areas.

    Attributes
    ----------
    name
        Set name (``nplv``).
    areas
        The areas, ids unique.
    version
        Version label of this definition (``2024.1``); bump it when you correct an area.
    title, description, source
        Documentation.
    """

    name: str
    areas: tuple[Area, ...]
    version: str = "1"
    title: str = ""
    description: str = ""
    source: str = ""
    #: ``description: {nl: …, en: …}`` in the file: the texts per language (kloof.bilingual)
    descriptions: Mapping[str, str] = field(default_factory=dict, compare=False)
    _by_id: dict[str, Area] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_id: dict[str, Area] = {}
        for a in self.areas:
            if a.id in by_id:
                raise SpecError(f"area set {self.name!r}: duplicate area id {a.id!r}")
            by_id[a.id] = a
        object.__setattr__(self, "_by_id", by_id)

    def __len__(self) -> int:
        return len(self.areas)

    def __iter__(self) -> Iterator[Area]:
        return iter(self.areas)

    def __contains__(self, area_id: object) -> bool:
        return area_id in self._by_id

    def __getitem__(self, area_id: str) -> Area:
        try:
            return self._by_id[area_id]
        except KeyError:
            raise SpecError(
                f"no area {area_id!r} in set {self.name!r}; known: {', '.join(self._by_id)}"
            ) from None

    @property
    def ids(self) -> tuple[str, ...]:
        """Area ids in order."""
        return tuple(self._by_id)

    def known(self) -> AreaSet:
        """The areas whose composition is known (non-empty ``codes``)."""
        return replace(self, areas=tuple(a for a in self.areas if a.known))

    def with_area(self, area: Area, *, version: str | None = None) -> AreaSet:
        """Add ``area`` or replace the area with the same id (a correction)."""
        areas = [area if a.id == area.id else a for a in self.areas]
        if area.id not in self._by_id:
            areas.append(area)
        return replace(self, areas=tuple(areas), version=version or self.version)

    def membership(self) -> pd.DataFrame:
        """Long frame ``area, code, year, gemeente`` (one row per area code)."""
        rows = [(a.id, c, a.year, a.gemeente) for a in self.areas for c in a.codes]
        return pd.DataFrame(rows, columns=["area", "code", "year", "gemeente"])

    def table(self) -> pd.DataFrame:
        """One row per area: name, programme, gemeente, year, n_codes, population, confidence."""
        rows = [
            {
                "id": a.id,
                "name": a.name,
                "programme": a.programme,
                "gemeente": a.gemeente,
                "year": a.year,
                "n_codes": len(a.codes),
                "population": a.population,
                "confidence": a.confidence,
            }
            for a in self.areas
        ]
        cols = [
            "id",
            "name",
            "programme",
            "gemeente",
            "year",
            "n_codes",
            "population",
            "confidence",
        ]
        return pd.DataFrame(rows, columns=cols).set_index("id")

    def describe(self, language: str) -> str:
        """The description in ``language`` (``nl``/``en``), else the one given."""
        return pick(self.descriptions, language, self.description)

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form for YAML."""
        return {
            "name": self.name,
            "title": self.title,
            "description": dict(self.descriptions) or self.description,
            "version": self.version,
            "source": self.source,
            "areas": [a.to_dict() for a in self.areas],
        }

    def to_yaml(self) -> str:
        """YAML text that :func:`loads` reads back to an equal set."""
        return yaml.safe_dump(self.to_dict(), sort_keys=False, allow_unicode=True, width=100)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AreaSet:
        """Build a set from its mapping (``name``, ``version``, optional set-wide ``year``)."""
        if not isinstance(data, Mapping) or "areas" not in data:
            raise SpecError("an area file needs a mapping with an 'areas' list")
        allowed = {"name", "title", "description", "version", "year", "source", "areas"}
        unknown = set(data) - allowed
        if unknown:
            raise SpecError(f"area set: unknown keys {sorted(unknown)}")
        description, descriptions = split(data.get("description"), "area set description")
        year = data.get("year")
        areas = tuple(
            Area.from_dict(a, default_year=None if year is None else int(year))
            for a in data["areas"] or ()
        )
        return cls(
            name=str(data.get("name") or "areas"),
            areas=areas,
            version=str(data.get("version") or "1"),
            title=str(data.get("title") or ""),
            description=description,
            descriptions=descriptions,
            source=str(data.get("source") or ""),
        )


def loads(text: str) -> AreaSet:
    """Read an area set from YAML text."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise SpecError(f"area YAML does not parse: {exc}") from exc
    return AreaSet.from_dict(data)


def list_builtin() -> tuple[str, ...]:
    """Names of the area sets that ship with kloof."""
    return tuple(_BUILTIN)


def builtin(name: str) -> AreaSet:
    """A built-in area set: ``"nplv"`` (20 areas) or ``"dichtdekloof"`` (16 areas)."""
    key = name.lower().replace(" ", "").replace("-", "").replace("_", "")
    if key not in _BUILTIN:
        raise SpecError(f"no built-in area set {name!r}; known: {', '.join(_BUILTIN)}")
    text = resources.files("kloof").joinpath("data", "areas", _BUILTIN[key]).read_text("utf-8")
    return loads(text)
