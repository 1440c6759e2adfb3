"""The housing scenario: a frozen, YAML round-tripping specification, and its initial state.

A :class:`Scenario` states *everything* a simulation assumes: the regions (CBS wijk or
buurt codes), years, seed, dwelling turnover, applicant streams (including the
status-holder taakstelling), how often regular seekers refuse an offer in a region,
which allocation policies apply (:data:`kloof.housing.policies.POLICIES`) and, if
wanted, the elasticity of a projected index effect. It is validated on construction:
shares above 1, negative rates, unknown regions and duplicate codes raise
:class:`~kloof.errors.SpecError` before anything runs.

:func:`initial_state` combines a scenario with a wide frame of real data (index CBS
code, columns catalogue ids such as ``households``, ``dwellings``, ``social_rent_pct``)
into the regions' starting stock. Per region and field the value comes from the
scenario's ``override`` if given, else from the frame, else from the scenario's
``fallback``; the returned :class:`InitialState` records which, so every number can be
traced to the store or to a visible assumption.

Examples
--------
>>> s = shipped("toy")
>>> Scenario.from_yaml(s.to_yaml()) == s
True
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal

import numpy as np
import pandas as pd
import yaml
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from kloof.bilingual import Described
from kloof.errors import RegionCodeError, SpecError
from kloof.housing.policies import PolicySpec
from kloof.regions import parse

__all__ = [
    "FIELDS",
    "ApplicantsSpec",
    "IndexEffect",
    "InitialState",
    "RefusalSpec",
    "RegionSpec",
    "RegionValues",
    "RegularStream",
    "Restructuring",
    "Scenario",
    "SeekerStream",
    "StockSpec",
    "initial_state",
    "list_shipped",
    "shipped",
]

Share = float
PriorityCategory = Literal["status_holder", "shelter_outflow", "urgent"]
Category = Literal["regular", "status_holder", "shelter_outflow", "urgent"]
#: Region fields an initial state needs, as catalogue ids (plus a free ``index``).
FIELDS: tuple[str, ...] = (
    "households",
    "dwellings",
    "social_rent_pct",
    "owner_occupied_pct",
    "households_bottom40_pct",
    "bijstand_per_1000",
    "inhabitants",
    "index",
)
_REQUIRED = ("households", "dwellings", "social_rent_pct", "bijstand_per_1000", "inhabitants")


class _Spec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RegionValues(_Spec):
    """Explicit values for one region (used when the store has none, or to override)."""

    households: float | None = Field(default=None, ge=0)
    dwellings: float | None = Field(default=None, ge=0)
    social_rent_pct: float | None = Field(default=None, ge=0, le=100)
    owner_occupied_pct: float | None = Field(default=None, ge=0, le=100)
    households_bottom40_pct: float | None = Field(default=None, ge=0, le=100)
    bijstand_per_1000: float | None = Field(default=None, ge=0, le=1000)
    inhabitants: float | None = Field(default=None, ge=0)
    index: float | None = None

    @model_validator(mode="after")
    def _tenure(self) -> RegionValues:
        if (self.social_rent_pct or 0) + (self.owner_occupied_pct or 0) > 100 + 1e-9:
            raise SpecError("social_rent_pct + owner_occupied_pct is above 100")
        return self


class RegionSpec(_Spec):
    """A region of the scenario: CBS code, name, fallback and override values."""

    code: str
    name: str = ""
    fallback: RegionValues = RegionValues()
    override: RegionValues = RegionValues()

    @model_validator(mode="before")
    @classmethod
    def _code(cls, data: Any) -> Any:
        if isinstance(data, dict) and "code" in data:
            try:
                data = {**data, "code": parse(data["code"]).code}
            except RegionCodeError as exc:
                raise SpecError(str(exc)) from None
        return data


def _default_split() -> dict[PriorityCategory, float]:
    return {"status_holder": 0.4, "shelter_outflow": 0.2, "urgent": 0.4}


class StockSpec(_Spec):
    """Dwelling stock dynamics and the composition of the starting social stock."""

    turnover: Share = Field(default=0.07, ge=0, le=1)
    turnover_by_region: dict[str, Share] = Field(default_factory=dict)
    turnover_multiplier: dict[Category, float] = Field(default_factory=dict)
    vulnerable_per_bijstand: float = Field(default=0.5, ge=0)
    vulnerable_max_share: Share = Field(default=0.6, ge=0, le=1)
    vulnerable_split: dict[PriorityCategory, Share] = Field(default_factory=_default_split)
    nonsocial_vulnerable_share: Share = Field(default=0.02, ge=0, le=1)

    @model_validator(mode="after")
    def _check(self) -> StockSpec:
        for key, rate in self.turnover_by_region.items():
            if not 0 <= rate <= 1:
                raise SpecError(f"turnover_by_region[{key}] = {rate} is not a share in [0, 1]")
        for key, mult in self.turnover_multiplier.items():
            if mult < 0:
                raise SpecError(f"turnover_multiplier[{key}] = {mult} is negative")
        total = sum(self.vulnerable_split.values())
        if any(v < 0 for v in self.vulnerable_split.values()) or abs(total - 1) > 1e-6:
            raise SpecError(f"vulnerable_split must be non-negative and sum to 1 (got {total})")
        return self


class SeekerStream(_Spec):
    """A yearly stream of applicants of one category (households, not persons)."""

    per_year: float = Field(ge=0)
    own_income_share: Share = Field(default=0.0, ge=0, le=1)
    local_share: Share = Field(default=0.0, ge=0, le=1)


class RegularStream(SeekerStream):
    """Regular seekers: the active queue, its inflow and outflow."""

    initial_pool: int = Field(ge=0)
    exit_rate: Share = Field(default=0.15, ge=0, le=1)
    waiting_years_mean: float = Field(default=6.0, gt=0)
    key_worker_share: Share = Field(default=0.05, ge=0, le=1)


class ApplicantsSpec(_Spec):
    """All applicant streams of the scenario."""

    regular: RegularStream
    status_holder: SeekerStream
    shelter_outflow: SeekerStream
    urgent: SeekerStream
    initial_backlog: dict[PriorityCategory, int] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _backlog(self) -> ApplicantsSpec:
        if any(v < 0 for v in self.initial_backlog.values()):
            raise SpecError("initial_backlog counts must be non-negative")
        return self


class RefusalSpec(_Spec):
    """Refusal of an offer by a regular seeker: ``p_r = clip(base + slope·z_r, 0, max)``.

    ``z_r`` is the pressure indicator standardised over the regions; priority
    households cannot refuse.
    """

    base: Share = Field(ge=0, le=0.95)
    slope: float = Field(default=0.0, ge=0)
    max: Share = Field(default=0.9, gt=0, le=0.99)


class Restructuring(_Spec):
    """Stock changes of one region in a year or a span of years (each year the counts).

    ``demolish`` dwellings (chosen at random in the region) are taken out at the start of
    the year; their occupants must move: vulnerable households rejoin the priority queue
    (if their category has priority), the others the regular queue with their years in
    the dwelling as waiting time (woonduur, as herhuisvesting usually counts it).
    ``sell``: dwellings that fall vacant in the year are sold (at most that many) and
    leave the social stock; their buyers join the region's other tenures. ``new_build``:
    new social dwellings, vacant and let in the same year.
    """

    region: str
    year: int = Field(ge=1900, le=2200)
    until: int | None = Field(default=None, ge=1900, le=2200)
    demolish: int = Field(default=0, ge=0)
    new_build: int = Field(default=0, ge=0)
    sell: int = Field(default=0, ge=0)

    @property
    def span(self) -> range:
        """The years the counts apply to."""
        return range(self.year, (self.until or self.year) + 1)


class IndexEffect(_Spec):
    """Projected change of the pressure indicator per percentage point of vulnerable share.

    ``x̂_{r,t} = x_{r,0} + elasticity · 100 · (v_{r,t} − v_{r,0})``: an assumption the
    scenario states, not an estimated causal effect.
    """

    elasticity: float
    note: str = ""


class Scenario(_Spec, Described):
    """A complete, validated housing-allocation scenario (see module docstring)."""

    name: str = Field(min_length=1)
    level: Literal["gemeente", "wijk", "buurt"] = "wijk"
    data_year: int = Field(ge=1900, le=2200)
    start_year: int = Field(ge=1900, le=2200)
    years: int = Field(ge=1, le=100)
    seed: int = Field(default=0, ge=0)
    pressure_indicator: str = "households_bottom40_pct"
    regions: tuple[RegionSpec, ...] = Field(min_length=1)
    areas: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    stock: StockSpec = StockSpec()
    applicants: ApplicantsSpec
    refusal: RefusalSpec
    policies: tuple[PolicySpec, ...] = ()
    restructuring: tuple[Restructuring, ...] = ()
    index_effect: IndexEffect | None = None

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise SpecError(_format(exc, data.get("name"))) from None

    @model_validator(mode="after")
    def _consistent(self) -> Scenario:
        codes = [r.code for r in self.regions]
        dupes = sorted({c for c in codes if codes.count(c) > 1})
        if dupes:
            raise SpecError(f"regions listed twice: {', '.join(dupes)}")
        known = set(codes)
        for code in codes:
            if parse(code).level != self.level:
                raise SpecError(f"region {code} is not a {self.level} code")
        for area, members in self.areas.items():
            if area in known:
                raise SpecError(f"area name {area!r} is also a region code")
            bad = [m for m in members if m not in known]
            if bad:
                raise SpecError(f"area {area!r}: unknown regions {', '.join(bad)}")
        bad = [k for k in self.stock.turnover_by_region if k not in known]
        if bad:
            raise SpecError(f"stock.turnover_by_region: unknown regions {', '.join(bad)}")
        for policy in self.policies:
            for ref in getattr(policy, "regions", ()):
                if ref not in known and ref not in self.areas:
                    raise SpecError(
                        f"policy {policy.name}: unknown region or area {ref!r}; "
                        f"known areas: {', '.join(self.areas) or 'none'}"
                    )
        last = self.start_year + self.years - 1
        for item in self.restructuring:
            if item.region not in known:
                raise SpecError(f"restructuring: {item.region!r} is not one of the regions")
            if item.until is not None and item.until < item.year:
                raise SpecError(f"restructuring {item.region}: until {item.until} < {item.year}")
            if item.year < self.start_year or (item.until or item.year) > last:
                raise SpecError(
                    f"restructuring {item.region}: years {item.year}-{item.until or item.year} "
                    f"outside the run {self.start_year}-{last}"
                )
        if self.pressure_indicator not in FIELDS:
            raise SpecError(
                f"pressure_indicator {self.pressure_indicator!r} must be one of {FIELDS}"
            )
        return self

    @property
    def codes(self) -> tuple[str, ...]:
        """Region codes in scenario order (the engine's region order)."""
        return tuple(r.code for r in self.regions)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Scenario:
        """Validate a plain mapping (as parsed from YAML)."""
        if not isinstance(data, Mapping):
            raise SpecError("a scenario must be a mapping of fields")
        return cls(**dict(data))

    @classmethod
    def from_yaml(cls, text: str) -> Scenario:
        """Parse and validate YAML text (the CLI reads the file)."""
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise SpecError(f"scenario is not valid YAML: {exc}") from None
        return cls.from_dict(data or {})

    def to_yaml(self) -> str:
        """YAML text that :meth:`from_yaml` reads back to an equal scenario."""
        return yaml.safe_dump(self.model_dump(mode="json"), sort_keys=False, allow_unicode=True)

    def variant(self, **changes: Any) -> Scenario:
        """A validated copy with top-level fields replaced (e.g. ``policies=[...]``)."""
        data = self.model_dump(mode="python")
        data.update(changes)
        return Scenario.from_dict(data)


def _format(exc: ValidationError, name: object) -> str:
    lines = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"])
        msg = str(err["msg"]).removeprefix("Value error, ")
        lines.append(f"{loc}: {msg}" if loc else msg)
    head = f"scenario {name!r}" if name else "scenario"
    return f"{head} is invalid:\n  " + "\n  ".join(lines)


_SHIPPED = {
    name: f"{name}.yaml"
    for name in (
        "toy",
        "zaanstad",
        "zaanstad-spread",
        "zaanstad-no-status-priority",
        "zaanstad-restructuring",
        "rotterdam-zuid",
        "rotterdam-zuid-spread",
        "rotterdam-buurten",
        "rotterdam-buurten-no-rotterdamwet",
        "rotterdam-buurten-spread",
        "schiedam-vlaardingen",
        "schiedam-vlaardingen-cap",
    )
}


def list_shipped() -> list[str]:
    """Names of the scenarios shipped with kloof."""
    return sorted(_SHIPPED)


def shipped(name: str) -> Scenario:
    """A scenario shipped in ``kloof/housing/scenarios`` (package data, read-only)."""
    if name not in _SHIPPED:
        raise SpecError(f"no shipped scenario {name!r}; choose from {', '.join(list_shipped())}")
    text = resources.files("kloof.housing").joinpath(f"scenarios/{_SHIPPED[name]}")
    return Scenario.from_yaml(text.read_text("utf-8"))


@dataclass(frozen=True, eq=False)
class InitialState:
    """The starting stock of each region, with the origin of every number.

    Attributes
    ----------
    codes, names
        Regions in scenario order.
    values
        Region × :data:`FIELDS` (NaN where unknown and not needed).
    sources
        Region × field: ``"store"``, ``"scenario"`` (fallback), ``"override"`` or ``""``.
    social_dwellings
        ``round(dwellings · social_rent_pct / 100)``.
    nonsocial_households
        ``max(households − social_dwellings, 0)``: households outside the social stock
        (every social dwelling is taken to hold one household at the start).
    vulnerable_social
        Vulnerable households in the social stock at the start:
        ``min(vulnerable_per_bijstand · bijstand_per_1000 · inhabitants / 1000,
        vulnerable_max_share · social_dwellings)``.
    pressure, pressure_z
        The pressure indicator and its standardisation ``(x − x̄) / s`` over regions.
    notes
        What was assumed or clamped.
    """

    codes: tuple[str, ...]
    names: tuple[str, ...]
    values: pd.DataFrame
    sources: pd.DataFrame
    social_dwellings: NDArray[np.int64]
    nonsocial_households: NDArray[np.float64]
    vulnerable_social: NDArray[np.int64]
    pressure: NDArray[np.float64]
    pressure_z: NDArray[np.float64]
    notes: tuple[str, ...] = ()

    def table(self) -> pd.DataFrame:
        """One row per region: values, derived stock and pressure."""
        out = self.values.copy()
        out.insert(0, "name", list(self.names))
        out["social_dwellings"] = self.social_dwellings
        out["nonsocial_households"] = self.nonsocial_households
        out["vulnerable_social"] = self.vulnerable_social
        out["pressure_z"] = self.pressure_z
        return out


def initial_state(frame: pd.DataFrame | None, scenario: Scenario) -> InitialState:
    """Build the starting stock of ``scenario`` from a wide frame and the scenario's values.

    Parameters
    ----------
    frame
        Wide frame, index CBS code, columns catalogue ids (``households``,
        ``dwellings``, ``social_rent_pct``, ``owner_occupied_pct``,
        ``households_bottom40_pct``, ``bijstand_per_1000``, ``inhabitants``), as from
        ``store.frame(scenario.data_year, scenario.level)``; ``None`` or empty to use
        the scenario's values only.
    scenario
        The scenario; its ``override`` values win, its ``fallback`` values fill gaps.

    Raises
    ------
    SpecError
        A region lacks a required value in both the frame and the scenario.
    """
    frame = frame if frame is not None else pd.DataFrame()
    needed = (*_REQUIRED, scenario.pressure_indicator)
    values = pd.DataFrame(np.nan, index=pd.Index(scenario.codes, name="code"), columns=FIELDS)
    sources = pd.DataFrame("", index=values.index, columns=FIELDS)
    missing: list[str] = []
    notes: list[str] = []
    for region in scenario.regions:
        row = frame.loc[region.code] if region.code in frame.index else None
        if row is None and len(frame):
            notes.append(f"{region.code}: not in the data frame, scenario values used")
        for fld in FIELDS:
            override = getattr(region.override, fld)
            stored = row.get(fld, math.nan) if row is not None else math.nan
            fallback = getattr(region.fallback, fld)
            if override is not None:
                values.loc[region.code, fld], sources.loc[region.code, fld] = override, "override"
            elif stored is not None and np.isfinite(stored):
                values.loc[region.code, fld], sources.loc[region.code, fld] = stored, "store"
            elif fallback is not None:
                values.loc[region.code, fld], sources.loc[region.code, fld] = fallback, "scenario"
            elif fld in needed:
                missing.append(f"{region.code}.{fld}")
    if missing:
        raise SpecError(
            f"scenario {scenario.name!r}: no value in the data and none in the scenario for "
            f"{', '.join(missing)}; add them under the region's `fallback:`"
        )
    tenure = values["social_rent_pct"] + values["owner_occupied_pct"].fillna(0)
    if (tenure > 100 + 1e-9).any():
        bad = ", ".join(values.index[tenure > 100 + 1e-9])
        raise SpecError(f"social_rent_pct + owner_occupied_pct above 100 in {bad}")
    social = np.rint(values["dwellings"] * values["social_rent_pct"] / 100).to_numpy(np.int64)
    households = values["households"].to_numpy(float)
    nonsocial = np.maximum(households - social, 0.0)
    for code in values.index[households < social]:
        notes.append(f"{code}: fewer households than social dwellings; no others assumed")
    stock = scenario.stock
    recipients = values["bijstand_per_1000"] * values["inhabitants"] / 1000
    vulnerable = np.minimum(
        stock.vulnerable_per_bijstand * recipients.to_numpy(float),
        stock.vulnerable_max_share * social,
    )
    pressure = values[scenario.pressure_indicator].to_numpy(float)
    sd = pressure.std()
    z = (pressure - pressure.mean()) / sd if sd > 0 else np.zeros_like(pressure)
    return InitialState(
        codes=scenario.codes,
        names=tuple(r.name or r.code for r in scenario.regions),
        values=values,
        sources=sources,
        social_dwellings=social,
        nonsocial_households=nonsocial,
        vulnerable_social=np.rint(vulnerable).astype(np.int64),
        pressure=pressure,
        pressure_z=z,
        notes=tuple(notes),
    )
