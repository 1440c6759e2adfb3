"""Allocation policies: an explicit registry of rules a scenario combines.

Each policy is a frozen pydantic model named by its ``name`` field (the key in
:data:`POLICIES` and in scenario YAML). A policy does not run anything: it *configures*
the yearly allocation by returning a changed :class:`Rules` from :meth:`Policy.apply`;
the engine (:mod:`kloof.housing.model`) reads only ``Rules``. How the rules act in the
yearly allocation round (key-worker phase, priority phase, lottery phase, regular phase)
is documented in ``docs/methods-housing.md`` and :mod:`kloof.housing.model`.

================================== ====================================================
``waiting_time``                    rank regular seekers by registration time
                                    (inschrijfduur); without it the ranking is a lottery
``lottery_share``                   a share of vacancies is let by lot (loting)
``urgency_priority``                urgent households and people leaving shelter /
                                    sheltered housing / mental-health care go to the
                                    priority queue (urgentie, Huisvestingswet art. 12)
``direct_placement_status_holders`` status holders go to the priority queue and are
                                    placed directly (taakstelling, Huisvestingswet art. 28)
``key_worker_priority``             in the listed regions a share of vacancies is
                                    offered to key workers first (sleutelberoepen;
                                    Wbmgp art. 9 style priority)
``priority_cap``                    priority placements per region at most
                                    ``cap · exp(−λ z_r)`` of its vacancies (draagkracht),
                                    the rest redirected to regions with room
``rotterdamwet_art8``               no permit in the listed regions for applicants with
                                    fewer than ``min_years`` in the region and no income
                                    from work, pension or study finance (Wbmgp art. 8)
``rotterdamwet_art10``              screening in the listed regions: a ``share`` of
                                    applicants (a fixed trait per household) is refused
                                    the permit on police data or VOG (Wbmgp art. 10)
================================== ====================================================
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Annotated, ClassVar, Literal

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict, Field

from kloof.errors import SpecError

__all__ = [
    "CATEGORIES",
    "POLICIES",
    "PRIORITY_CATEGORIES",
    "Context",
    "DirectPlacementStatusHolders",
    "KeyWorkerPriority",
    "LotteryShare",
    "Policy",
    "PolicySpec",
    "PriorityCap",
    "RotterdamwetArt8",
    "RotterdamwetArt10",
    "Rules",
    "UrgencyPriority",
    "WaitingTime",
    "compile_rules",
]

#: Household categories, in code order (the engine stores the index as int8).
CATEGORIES: tuple[str, ...] = ("regular", "status_holder", "shelter_outflow", "urgent")
#: The categories that are vulnerable and may be given priority.
PRIORITY_CATEGORIES: tuple[str, ...] = CATEGORIES[1:]


@dataclass(frozen=True, eq=False)
class Context:
    """What a policy may know about the scenario's regions (no households, no RNG).

    Attributes
    ----------
    codes
        Region codes, in the engine's order.
    areas
        Named sets of region codes from the scenario (``areas:``).
    pressure_z
        The pressure indicator standardised over the regions, ``z = (x − x̄) / s``.
    expected_vacancies
        Turnover rate × social dwellings per region: vacancies in an average year.
    priority_demand
        Priority households arriving per year, by category.
    """

    codes: tuple[str, ...]
    areas: Mapping[str, tuple[str, ...]]
    pressure_z: NDArray[np.float64]
    expected_vacancies: NDArray[np.float64]
    priority_demand: Mapping[str, float]

    def mask(self, names: Sequence[str], *, where: str) -> NDArray[np.bool_]:
        """Boolean mask of the regions named by codes or area names; unknown → SpecError."""
        index = {code: i for i, code in enumerate(self.codes)}
        out = np.zeros(len(self.codes), dtype=bool)
        for name in names:
            members = self.areas.get(name, (name,))
            for code in members:
                if code not in index:
                    raise SpecError(
                        f"{where}: region {code!r} is not one of the scenario's regions "
                        f"and not an area name; add it under `regions:` or `areas:`"
                    )
                out[index[code]] = True
        return out


@dataclass(frozen=True, eq=False)
class Rules:
    """The allocation rules the engine applies, built by :func:`compile_rules`."""

    n_regions: int
    ranking: Literal["waiting_time", "random"] = "random"
    lottery_share: float = 0.0
    priority_categories: frozenset[str] = frozenset()
    key_worker_share: NDArray[np.float64] | None = None
    cap: NDArray[np.float64] | None = None
    allow_backlog: bool = False
    art8: NDArray[np.bool_] | None = None
    art8_min_years: float = 6.0
    art10: NDArray[np.bool_] | None = None
    art10_share: float = 0.0
    log: tuple[str, ...] = field(default=())

    def noted(self, text: str, **changes: object) -> Rules:
        """A copy with ``changes`` applied and ``text`` appended to the log."""
        return replace(self, log=(*self.log, text), **changes)  # type: ignore[arg-type]


class Policy(BaseModel):
    """Base class of the registry entries; subclasses fix ``name`` and add parameters."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    name: str
    summary: ClassVar[str] = ""

    def apply(self, rules: Rules, ctx: Context) -> Rules:  # pragma: no cover - abstract
        """Return ``rules`` changed by this policy (raise :class:`SpecError` if invalid)."""
        raise NotImplementedError


class WaitingTime(Policy):
    """Rank regular seekers by registration time, longest first (ties by lot)."""

    name: Literal["waiting_time"] = "waiting_time"
    summary: ClassVar[str] = "rank regular seekers by waiting time (inschrijfduur)"

    def apply(self, rules: Rules, ctx: Context) -> Rules:
        return rules.noted("ranking: waiting time, longest first", ranking="waiting_time")


class LotteryShare(Policy):
    """Let a share of the vacancies by lot among all regular seekers."""

    name: Literal["lottery_share"] = "lottery_share"
    share: float = Field(ge=0.0, le=1.0)
    summary: ClassVar[str] = "a share of vacancies is let by lot"

    def apply(self, rules: Rules, ctx: Context) -> Rules:
        return rules.noted(f"lottery: {self.share:.0%} of vacancies", lottery_share=self.share)


class UrgencyPriority(Policy):
    """Urgent households (and people leaving shelter / care) go to the priority queue."""

    name: Literal["urgency_priority"] = "urgency_priority"
    categories: tuple[Literal["urgent", "shelter_outflow"], ...] = ("urgent", "shelter_outflow")
    summary: ClassVar[str] = "urgency: urgent and shelter-outflow households placed first"

    def apply(self, rules: Rules, ctx: Context) -> Rules:
        cats = rules.priority_categories | set(self.categories)
        return rules.noted(
            f"priority queue: {', '.join(sorted(self.categories))}", priority_categories=cats
        )


class DirectPlacementStatusHolders(Policy):
    """Status holders go to the priority queue (taakstelling by direct placement)."""

    name: Literal["direct_placement_status_holders"] = "direct_placement_status_holders"
    summary: ClassVar[str] = "status holders placed directly (taakstelling)"

    def apply(self, rules: Rules, ctx: Context) -> Rules:
        cats = rules.priority_categories | {"status_holder"}
        return rules.noted("priority queue: status_holder", priority_categories=cats)


class KeyWorkerPriority(Policy):
    """In ``regions``, offer a ``share`` of vacancies to key workers first."""

    name: Literal["key_worker_priority"] = "key_worker_priority"
    share: float = Field(ge=0.0, le=1.0)
    regions: tuple[str, ...] = Field(min_length=1)
    summary: ClassVar[str] = "key workers first for a share of vacancies in given regions"

    def apply(self, rules: Rules, ctx: Context) -> Rules:
        mask = ctx.mask(self.regions, where="policy key_worker_priority")
        share = np.where(mask, self.share, 0.0)
        return rules.noted(
            f"key workers first for {self.share:.0%} of vacancies in {int(mask.sum())} regions",
            key_worker_share=share,
        )


class PriorityCap(Policy):
    """Cap priority placements per region by its capacity (draagkracht) and redirect.

    Region ``r`` takes at most ``floor(cap_r · V_r)`` priority households a year, with
    ``V_r`` its vacancies and ``cap_r = min(1, cap · exp(−strength · z_r))``, ``z_r`` the
    scenario's pressure indicator standardised over the regions. ``strength = 0`` gives
    the same cap everywhere; ``strength = 0.5`` halves the cap of a region about 1.4
    standard deviations above the mean pressure. Priority households a capped region
    cannot take are placed in the next vacancy of a region with room; those no region
    has room for wait for next year (reported). With ``regions`` only those regions are
    capped (e.g. one gemeente's focus wijken in a regional market); the others take
    what is redirected.
    """

    name: Literal["priority_cap"] = "priority_cap"
    cap: float = Field(gt=0.0, le=1.0)
    strength: float = Field(default=0.0, ge=0.0)
    allow_backlog: bool = False
    regions: tuple[str, ...] = ()
    summary: ClassVar[str] = "cap on priority placements per region, rest redirected"

    def apply(self, rules: Rules, ctx: Context) -> Rules:
        caps = np.minimum(1.0, self.cap * np.exp(-self.strength * ctx.pressure_z))
        if self.regions:  # only these regions are capped (one gemeente of a region, say)
            caps = np.where(ctx.mask(self.regions, where="policy priority_cap"), caps, 1.0)
        room = np.floor(caps * ctx.expected_vacancies)
        demand = sum(ctx.priority_demand[c] for c in rules.priority_categories)
        possible = np.floor(ctx.expected_vacancies).sum()
        if demand > 0 and room.sum() < 1 <= possible:
            raise SpecError(
                f"policy priority_cap: a cap of {self.cap:.1%} leaves no region room for a "
                f"single priority placement a year (expected vacancies "
                f"{ctx.expected_vacancies.sum():.0f}); raise `cap` or lower `strength`"
            )
        if min(demand, possible) > room.sum() and not self.allow_backlog:
            raise SpecError(
                f"policy priority_cap: the cap leaves room for about {room.sum():.0f} priority "
                f"placements a year in all regions together, but {demand:.0f} priority "
                f"households arrive each year, so the cap cannot be met; raise `cap`, lower "
                f"the inflow, or set `allow_backlog: true` to let the queue grow"
            )
        return rules.noted(
            f"priority cap {self.cap:.0%} (strength {self.strength:g}): region caps "
            f"{caps.min():.1%}–{caps.max():.1%}",
            cap=caps,
            allow_backlog=self.allow_backlog,
        )


class RotterdamwetArt8(Policy):
    """Wbmgp art. 8: income requirement for newcomers in designated regions."""

    name: Literal["rotterdamwet_art8"] = "rotterdamwet_art8"
    regions: tuple[str, ...] = Field(min_length=1)
    min_years: float = Field(default=6.0, ge=0.0)
    summary: ClassVar[str] = "Rotterdamwet art. 8: income requirement in designated regions"

    def apply(self, rules: Rules, ctx: Context) -> Rules:
        mask = ctx.mask(self.regions, where="policy rotterdamwet_art8")
        return rules.noted(
            f"Rotterdamwet art. 8 in {int(mask.sum())} regions (< {self.min_years:g} years "
            f"without own income: no permit)",
            art8=mask,
            art8_min_years=self.min_years,
        )


class RotterdamwetArt10(Policy):
    """Wbmgp art. 10: screening on nuisance and crime in designated regions.

    Since 1 January 2017 the burgemeester may, in a designated complex, street or area,
    refuse the permit when housing the applicant (or a co-resident aged 16+) is expected
    to increase nuisance or crime, on police data or a VOG (facts.md §4.1). The model
    gives each applicant household a fixed trait, screened out with probability
    ``share`` (an ASSUMPTION: how many applicants screening refuses is not published),
    drawn from the household's own random number, so the same households are refused
    in every scenario of a seed. A screened-out household gets no permit in the regions;
    it counts as a refused permit like art. 8. When art. 8 applies too, it must apply in
    the same regions (the engine has one designation per region) and a permit needs both.
    """

    name: Literal["rotterdamwet_art10"] = "rotterdamwet_art10"
    regions: tuple[str, ...] = Field(min_length=1)
    share: float = Field(gt=0.0, le=1.0)
    summary: ClassVar[str] = "Rotterdamwet art. 10: screening on nuisance and crime"

    def apply(self, rules: Rules, ctx: Context) -> Rules:
        mask = ctx.mask(self.regions, where="policy rotterdamwet_art10")
        if rules.art8 is not None and not np.array_equal(rules.art8, mask):
            raise SpecError(
                "policy rotterdamwet_art10: give it the same regions as rotterdamwet_art8 "
                "(the model designates a region for the Rotterdamwet as a whole)"
            )
        return rules.noted(
            f"Rotterdamwet art. 10 in {int(mask.sum())} regions ({self.share:.1%} of "
            "applicants refused on screening)",
            art10=mask,
            art10_share=self.share,
        )


#: The registry: policy name → class. CLI, docs and tests iterate it.
POLICIES: dict[str, type[Policy]] = {
    "waiting_time": WaitingTime,
    "lottery_share": LotteryShare,
    "urgency_priority": UrgencyPriority,
    "direct_placement_status_holders": DirectPlacementStatusHolders,
    "key_worker_priority": KeyWorkerPriority,
    "priority_cap": PriorityCap,
    "rotterdamwet_art8": RotterdamwetArt8,
    "rotterdamwet_art10": RotterdamwetArt10,
}

PolicySpec = Annotated[
    WaitingTime
    | LotteryShare
    | UrgencyPriority
    | DirectPlacementStatusHolders
    | KeyWorkerPriority
    | PriorityCap
    | RotterdamwetArt8
    | RotterdamwetArt10,
    Field(discriminator="name"),
]

# The cap must see the final priority queue, whatever the order in the scenario file.
_ORDER = {name: i for i, name in enumerate(POLICIES)}


def compile_rules(policies: Sequence[Policy], ctx: Context) -> Rules:
    """Apply ``policies`` (each name at most once) to the default rules.

    Policies are applied in registry order, so a scenario's list order does not matter.
    """
    names = [p.name for p in policies]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise SpecError(f"policies: {', '.join(dupes)} listed more than once; merge them")
    rules = Rules(n_regions=len(ctx.codes))
    for policy in sorted(policies, key=lambda p: _ORDER[p.name]):
        rules = policy.apply(rules, ctx)
    return rules
