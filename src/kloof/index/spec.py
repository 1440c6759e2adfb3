"""The index specification: what goes into an index and how, as plain data.

An :class:`IndexSpec` has three levels — indicator → domain → index — and one choice per
step: screening, small-area estimation (``raw`` or ``shrinkage``, see
:mod:`kloof.index.estimate`), outlier treatment, imputation, normalisation, and per level the
weighting and the aggregation (so domains can be arithmetic means of their indicators
while the index is an IMD-style exponential combination of the domains). Specs are
frozen pydantic models that round-trip through YAML; :meth:`IndexSpec.check` validates
a spec against the catalogue and the step registries before any number is computed and
raises :class:`~kloof.errors.SpecError` naming the offending field.

Examples
--------
>>> spec = IndexSpec.from_yaml('''
... name: mini
... domains:
...   - id: work
...     indicators: [{id: bijstand_per_1000}]
... ''')
>>> spec.indicator_ids
('bijstand_per_1000',)
>>> IndexSpec.from_yaml(spec.to_yaml()) == spec
True
"""

from __future__ import annotations

from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from kloof.bilingual import pick, split_field
from kloof.catalogue import Catalogue
from kloof.errors import SpecError

__all__ = [
    "CLASS_BREAKS",
    "G4",
    "RESERVED",
    "DomainSpec",
    "IndexSpec",
    "IndicatorSpec",
    "LevelSpec",
    "ScreeningSpec",
    "StepSpec",
]

Direction = Literal["higher_is_worse", "higher_is_better"]

#: Upper bounds of classes 1-8 on the index scale (reference 100, 10 points = 1 SD):
#: half-SD bands centred on the reference, class 5 "voldoende" = 97.5-102.5.
CLASS_BREAKS: tuple[float, ...] = (82.5, 87.5, 92.5, 97.5, 102.5, 107.5, 112.5, 117.5)

#: Result column names a domain id may not take.
RESERVED = frozenset(
    {
        "code",
        "name",
        "index",
        "rank",
        "percentile",
        "decile",
        "class",
        "class_label",
        "gap",
        "baseline_index",
        "n_flags",
        "n_imputed",
        "n_missing",
        "complete",
        "screened",
    }
)

#: The four largest gemeenten (Amsterdam, Rotterdam, Den Haag, Utrecht).
G4: tuple[str, ...] = ("GM0363", "GM0599", "GM0518", "GM0344")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class IndicatorSpec(_Frozen):
    """One indicator of a domain.

    Attributes
    ----------
    id
        Catalogue id (the frame column).
    direction
        Overrides the catalogue direction; ``None`` takes the catalogue's.
    denominator
        Catalogue id to divide by (value = id / denominator × scale).
    scale
        Multiplier applied with the denominator (1000 for "per 1 000").
    weight
        Weight within the domain (overridden by ``domain_level.weights``).
    treatment
        Overrides the spec-wide outlier treatment for this indicator.
    goalposts
        ``(min, max)`` in raw units for the ``goalposts`` normalisation.
    required
        ``False``: dropped with a warning when the frame has no data for it.
    """

    id: str
    direction: Direction | None = None
    denominator: str | None = None
    scale: float = 1.0
    weight: float | None = None
    treatment: str | None = None
    goalposts: tuple[float, float] | None = None
    required: bool = True


class DomainSpec(_Frozen):
    """A domain: a named group of indicators with a score of its own."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str = ""
    label_en: str = ""
    indicators: tuple[IndicatorSpec, ...] = Field(min_length=1)
    weight: float | None = None
    imd_domain: str | None = None


class StepSpec(_Frozen):
    """A step given by a registry name and its parameters.

    In YAML a bare name stands for a step without parameters (``estimation: shrinkage``).
    """

    method: str
    params: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _bare_name(cls, data: Any) -> Any:
        return {"method": data} if isinstance(data, str) else data


class ScreeningSpec(_Frozen):
    """Which regions get no score (reported with the reason, never silently).

    Attributes
    ----------
    min_population
        Regions with fewer inhabitants (or none known, when > 0) are screened out.
    min_coverage
        Minimum share of the spec's indicators with an observed value (before
        imputation).
    """

    min_population: float = 0.0
    min_coverage: float = 0.5


class LevelSpec(_Frozen):
    """Weighting and aggregation of one level (indicators → domain, domains → index).

    ``weights`` override the base weights of the weighting per member id.
    """

    weighting: str = "equal"
    aggregation: str = "arithmetic"
    weights: dict[str, float] = Field(default_factory=dict)
    params: dict[str, float] = Field(default_factory=dict)


class IndexSpec(_Frozen):
    """A complete composite-index specification (see module docstring)."""

    name: str
    title: str = ""
    #: ``title: {nl: …, en: …}`` in the file: the titles per language (``title`` = Dutch)
    titles: dict[str, str] = Field(default_factory=dict)
    description: str = ""
    reference: str | tuple[str, ...] = "NL"
    domains: tuple[DomainSpec, ...] = Field(min_length=1)
    screening: ScreeningSpec = ScreeningSpec()
    estimation: StepSpec = StepSpec(method="raw")
    treatment: StepSpec = StepSpec(method="none")
    imputation: StepSpec = StepSpec(method="none")
    normalisation: StepSpec = StepSpec(method="zscore")
    domain_level: LevelSpec = LevelSpec()
    index_level: LevelSpec = LevelSpec()
    points: float = 10.0
    flag_percentile: float = 0.9
    class_breaks: tuple[float, ...] = CLASS_BREAKS
    allow_sensitive: bool = False

    @model_validator(mode="before")
    @classmethod
    def _bilingual_title(cls, data: Any) -> Any:
        return split_field(data, "title", prefer="nl")

    def title_in(self, language: str) -> str:
        """The title in ``language`` (``nl``/``en``), else the one given."""
        return pick(self.titles, language, self.title)

    # ----------------------------------------------------------------- look-ups
    @property
    def indicator_ids(self) -> tuple[str, ...]:
        """All indicator ids in domain order."""
        return tuple(i.id for d in self.domains for i in d.indicators)

    @property
    def domain_ids(self) -> tuple[str, ...]:
        """The domain ids in order."""
        return tuple(d.id for d in self.domains)

    def indicator(self, indicator_id: str) -> IndicatorSpec:
        """The spec of one indicator."""
        for d in self.domains:
            for i in d.indicators:
                if i.id == indicator_id:
                    return i
        raise KeyError(indicator_id)

    def domain_of(self, indicator_id: str) -> str:
        """The domain an indicator belongs to."""
        for d in self.domains:
            if any(i.id == indicator_id for i in d.indicators):
                return d.id
        raise KeyError(indicator_id)

    # --------------------------------------------------------------------- YAML
    def to_dict(self) -> dict[str, Any]:
        """Plain data (only non-default fields)."""
        return self.model_dump(mode="json", exclude_defaults=True)

    def to_yaml(self) -> str:
        """The spec as YAML text; :meth:`from_yaml` gives the same spec back."""
        return yaml.safe_dump(self.to_dict(), sort_keys=False, allow_unicode=True)

    @classmethod
    def from_dict(cls, data: Any) -> IndexSpec:
        """Build from plain data; structural errors become :class:`SpecError`."""
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            parts = [
                f"{'.'.join(str(p) for p in err['loc']) or 'spec'}: {err['msg']}"
                for err in exc.errors()[:5]
            ]
            raise SpecError("; ".join(parts)) from None

    @classmethod
    def from_yaml(cls, text: str) -> IndexSpec:
        """Parse YAML text (read the file in the caller)."""
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise SpecError(f"spec is not valid YAML: {exc}") from None
        return cls.from_dict(data)

    # --------------------------------------------------------------- validation
    def check(self, catalogue: Catalogue) -> IndexSpec:
        """Validate against the catalogue and registries; return ``self``.

        Raises
        ------
        SpecError
            Naming the field: unknown indicator or method, neutral or sensitive
            indicator, negative weights, weights of a missing domain or indicator,
            geometric/harmonic aggregation over values that can be negative, ...
        """
        from kloof.index._checks import check_spec

        check_spec(self, catalogue)
        return self

    def directions(self, catalogue: Catalogue) -> dict[str, str]:
        """Effective direction of every indicator (spec override, else catalogue)."""
        out: dict[str, str] = {}
        for d in self.domains:
            for i in d.indicators:
                out[i.id] = i.direction or catalogue[i.id].direction
        return out
