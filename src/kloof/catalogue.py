"""The indicator catalogue: what an indicator *is* and what it is called in each source.

The catalogue (``kloof/data/catalogue.yaml``) lists every indicator kloof knows with its
Dutch and English label, unit, domain, direction, whether it is a count or a rate, how
a count becomes the rate a user compares (numerator / denominator × scale), how it
aggregates to larger areas, and its name in each source format and year:

* ``kwb``: the CBS *Kerncijfers Wijken en Buurten* short names (``a_inw``, ``g_woz``
  until 2019, ``g_wozbag`` from 2020), each valid for a range of years;
* ``odata``: the StatLine/OData key stem without its position suffix (``AantalInwoners``
  for ``AantalInwoners_5`` in 85984NED), or the full key where a stem occurs more than
  once in a table (``Nederland_17`` by country of origin, ``Nederland_20`` born in the
  Netherlands); a look-up tries the full key first and the stem second;
* ``statline``: column headers of StatLine CSV exports (``Bevolking/Aantal inwoners
  (aantal)``); R-rewritten exports with dotted headers match through
  :func:`header_key`.

Origin/ethnicity indicators are ``sensitive``: never part of an index by default.

Examples
--------
>>> cat = load()
>>> cat.for_source("kwb", "g_wozbag", 2023).id
'woz_mean'
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, model_validator

from kloof.errors import CatalogueError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "KWB_YEARS",
    "MAX_COUNT",
    "MAX_MAGNITUDE",
    "Catalogue",
    "Indicator",
    "SourceName",
    "header_key",
    "load",
]

#: Years whose KWB layouts the catalogue describes.
KWB_YEARS = range(2013, 2025)
#: Largest plausible count (people, dwellings, hectares, ... of the whole country).
MAX_COUNT = 1e8
#: Largest magnitude of any imported value (``1e308`` is finite but never true).
MAX_MAGNITUDE = 1e12

Direction = Literal["higher_is_worse", "higher_is_better", "neutral"]
Kind = Literal["count", "rate", "mean", "category"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Label(_Frozen):
    """A label in Dutch and English."""

    nl: str
    en: str


class SourceName(_Frozen):
    """The name of an indicator in one source format for a range of years."""

    name: str
    first_year: int | None = None
    last_year: int | None = None

    def covers(self, year: int | None) -> bool:
        """Whether this name is valid in ``year`` (``None`` means any year)."""
        if year is None:
            return True
        lo = self.first_year if self.first_year is not None else -10_000
        hi = self.last_year if self.last_year is not None else 10_000
        return lo <= year <= hi


class Derivation(_Frozen):
    """How a derived indicator is computed: ``numerator / denominator × scale``."""

    numerator: str
    denominator: str
    scale: float = 1.0


class Indicator(_Frozen):
    """One catalogue entry.

    Attributes
    ----------
    id
        Stable identifier used everywhere in kloof (``bijstand_per_1000``).
    label
        Dutch and English label.
    unit
        Unit as users read it (``aantal``, ``%``, ``x 1 000 euro``, ``km``, ...).
    domain
        Domain the indicator belongs to (``income``, ``work``, ``care``, ...).
    direction
        ``higher_is_worse`` (more vulnerable), ``higher_is_better`` or ``neutral``.
    kind
        ``count`` (sums over areas), ``rate``/``mean`` (weighted means), ``category``.
    weight
        For rates and means, the count that weights them when areas are combined
        (``inhabitants``, ``households``, ``dwellings``).
    derived
        For derived indicators, how they are computed from other entries.
    sum_of
        For a count that no source publishes as such: the counts it is the sum of
        (``education_known`` = low + middle + high), computed by :meth:`Catalogue.derive`
        when every part is known.
    sensitive
        Origin/ethnicity indicators: excluded from indices by default.
    names
        Source format → names per year range.
    bounds
        Plausible range ``[low, high]`` (``null`` for no bound) checked on import; by
        default derived from unit and kind (:meth:`plausible_range`).
    """

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: Label
    unit: str
    domain: str
    direction: Direction = "neutral"
    kind: Kind
    weight: str | None = None
    derived: Derivation | None = None
    sum_of: tuple[str, ...] = ()
    sensitive: bool = False
    description: str = ""
    names: dict[str, tuple[SourceName, ...]] = Field(default_factory=dict)
    bounds: tuple[float | None, float | None] | None = None

    def plausible_range(self) -> tuple[float, float]:
        """The range a value of this indicator must lie in to be imported.

        Explicit :attr:`bounds` win; otherwise percentages lie in 0-100, counts in
        0-10⁸ (the Netherlands has 18 million inhabitants), amounts in euro may be
        negative (wealth) and everything else is at least 0. Every value must be finite
        and at most :data:`MAX_MAGNITUDE` in size.

        Examples
        --------
        >>> load()["bijstand_recipients"].plausible_range()
        (0.0, 100000000.0)
        """
        if self.unit == "%":
            low, high = 0.0, 100.0
        elif self.kind == "count":
            low, high = 0.0, MAX_COUNT
        elif "euro" in self.unit:
            low, high = -MAX_MAGNITUDE, MAX_MAGNITUDE
        else:
            low, high = 0.0, MAX_MAGNITUDE
        if self.bounds is not None:
            low = low if self.bounds[0] is None else float(self.bounds[0])
            high = high if self.bounds[1] is None else float(self.bounds[1])
        return low, high

    def name_in(self, source: str, year: int | None = None) -> str | None:
        """The indicator's name in ``source`` for ``year``, or ``None``."""
        for entry in self.names.get(source, ()):
            if entry.covers(year):
                return entry.name
        return None

    def text(self, language: str = "nl") -> str:
        """The label in ``language`` (``nl`` or ``en``)."""
        return self.label.en if language == "en" else self.label.nl


def header_key(header: str) -> str:
    """Canonical form of a StatLine column header for matching.

    StatLine exports write ``Bevolking/Aantal inwoners (aantal)``; the same export
    rewritten by R reads ``Bevolking.Aantal.inwoners..aantal.``. Both reduce to
    ``bevolking aantal inwoners aantal``.
    """
    return " ".join(re.findall(r"[0-9a-zà-ÿ]+", header.lower()))


class Catalogue(_Frozen):
    """The set of indicators, with look-ups by id and by source name."""

    version: int
    totals: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    indicators: tuple[Indicator, ...]
    _by_id_map: dict[str, Indicator] = PrivateAttr(default_factory=dict)
    _by_name: dict[tuple[str, str], list[tuple[Indicator, SourceName]]] = PrivateAttr(
        default_factory=dict
    )

    @model_validator(mode="after")
    def _check(self) -> Catalogue:
        seen: set[str] = set()
        for ind in self.indicators:
            if ind.id in seen:
                raise ValueError(f"indicator id {ind.id!r} appears twice")
            seen.add(ind.id)
        for ind in self.indicators:
            refs = [ind.weight] if ind.weight else []
            if ind.derived:
                refs += [ind.derived.numerator, ind.derived.denominator]
            refs += list(ind.sum_of)
            for ref in refs:
                if ref not in seen:
                    raise ValueError(f"indicator {ind.id!r} refers to unknown {ref!r}")
        for total, parts in self.totals.items():
            for ref in (total, *parts):
                if ref not in seen:
                    raise ValueError(f"totals: unknown indicator {ref!r}")
        self._by_id_map = {i.id: i for i in self.indicators}
        for ind in self.indicators:
            for source, entries in ind.names.items():
                for entry in entries:
                    key = (source, _source_key(source, entry.name))
                    self._by_name.setdefault(key, []).append((ind, entry))
        return self

    def __iter__(self) -> Iterator[Indicator]:  # type: ignore[override]
        return iter(self.indicators)

    def __len__(self) -> int:
        return len(self.indicators)

    def __contains__(self, indicator_id: object) -> bool:
        return indicator_id in self._by_id()

    def __getitem__(self, indicator_id: str) -> Indicator:
        try:
            return self._by_id()[indicator_id]
        except KeyError:
            raise CatalogueError(
                f"unknown indicator {indicator_id!r}; `kloof data indicators` lists them"
            ) from None

    def _by_id(self) -> Mapping[str, Indicator]:
        return self._by_id_map

    def for_source(self, source: str, name: str, year: int | None = None) -> Indicator:
        """The indicator called ``name`` in ``source`` in ``year``.

        For ``statline`` the name is matched through :func:`header_key`. For ``odata``
        the full key (``Nederland_17``) is tried first, then its stem without the
        position suffix (``AantalInwoners`` for ``AantalInwoners_5``): stems that occur
        more than once in a table are recorded as full keys in the catalogue.

        Raises
        ------
        CatalogueError
            If no indicator has that name in that source and year.
        """
        found = self.find(source, name, year)
        if found is None:
            when = f" in {year}" if year is not None else ""
            raise CatalogueError(f"{source} name {name!r}{when} is not in the catalogue")
        return found

    def find(self, source: str, name: str, year: int | None = None) -> Indicator | None:
        """Like :meth:`for_source` but returns ``None`` when unknown."""
        for key in _lookup_keys(source, name):
            for ind, entry in self._by_name.get((source, key), ()):
                if entry.covers(year):
                    return ind
        return None

    def parts(self) -> list[tuple[str, str]]:
        """``(part, total)`` pairs: a part never exceeds its total (checked on import).

        Examples
        --------
        >>> ("bijstand_recipients", "inhabitants") in load().parts()
        True
        """
        return [(part, total) for total, parts in self.totals.items() for part in parts]

    def inputs(self, indicator: str) -> set[str]:
        """``indicator`` and every id it is computed from (sums and ratios, recursively).

        Examples
        --------
        >>> sorted(load().inputs("education_low_pct"))  # doctest: +NORMALIZE_WHITESPACE
        ['education_high', 'education_known', 'education_low', 'education_low_pct',
         'education_middle']
        """
        entry = self[indicator]
        refs = list(entry.sum_of)
        if entry.derived is not None:
            refs += [entry.derived.numerator, entry.derived.denominator]
        return {indicator}.union(*(self.inputs(r) for r in refs))

    def derived(self) -> tuple[Indicator, ...]:
        """Indicators computed from others."""
        return tuple(i for i in self.indicators if i.derived is not None)

    def table(self, language: str = "nl") -> pd.DataFrame:
        """The catalogue as a table, one row per indicator."""
        import pandas as pd

        rows = [
            {
                "id": i.id,
                "label": i.text(language),
                "unit": i.unit,
                "domain": i.domain,
                "direction": i.direction,
                "kind": i.kind,
                "sensitive": i.sensitive,
                "derived": i.derived is not None,
                "kwb": ", ".join(e.name for e in i.names.get("kwb", ())),
            }
            for i in self.indicators
        ]
        return pd.DataFrame(rows)

    def derive(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Add every derived indicator whose inputs are columns of ``frame``.

        Sums (:attr:`Indicator.sum_of`) come first, missing where a part is missing;
        rates are ``numerator / denominator × scale``; a zero or missing denominator
        gives a missing value, never zero or infinity. Existing columns are kept.
        """
        out = frame.copy()
        for ind in self.indicators:
            parts = list(ind.sum_of)
            if parts and ind.id not in out.columns and set(parts) <= set(out.columns):
                out[ind.id] = out[parts].astype("float64").sum(axis=1, skipna=False)
        for ind in self.derived():
            assert ind.derived is not None
            d = ind.derived
            if ind.id in out.columns or d.numerator not in out or d.denominator not in out:
                continue
            den = out[d.denominator].astype("float64")
            den = den.where(den > 0)
            out[ind.id] = out[d.numerator].astype("float64") / den * d.scale
        return out


def _source_key(source: str, name: str) -> str:
    """The index key of a catalogue name (an OData name is kept as written)."""
    if source == "statline":
        return header_key(name)
    if source == "odata":
        return name.strip()
    return name.strip().lower()


def _lookup_keys(source: str, name: str) -> tuple[str, ...]:
    """Index keys to try, best first: an OData full key, then its stem."""
    key = _source_key(source, name)
    if source == "odata":
        stem = re.sub(r"_\d+$", "", key)
        if stem != key:
            return (key, stem)
    return (key,)


#: libyaml's safe loader when PyYAML was built with it (10× faster), else PyYAML's own
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _parse(text: str, origin: str) -> Catalogue:
    try:
        raw = yaml.load(text, Loader=_SAFE_LOADER)
        return Catalogue.model_validate(raw)
    except yaml.YAMLError as exc:
        raise CatalogueError(f"{origin}: not valid YAML: {exc}") from exc
    except ValidationError as exc:
        raise CatalogueError(f"{origin}: invalid catalogue: {exc}") from exc


@cache
def _builtin() -> Catalogue:
    text = resources.files("kloof").joinpath("data/catalogue.yaml").read_text("utf-8")
    return _parse(text, "kloof/data/catalogue.yaml")


def load(path: str | Path | None = None) -> Catalogue:
    """Load the built-in catalogue, or a user catalogue from ``path``."""
    if path is None:
        return _builtin()
    p = Path(path)
    return _parse(p.read_text("utf-8"), str(p))
