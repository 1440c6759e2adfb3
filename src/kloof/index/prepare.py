"""From an analysis frame to the inputs of an index run (private).

Resolves the indicator columns (deriving rates through the catalogue and applying
per-indicator denominators), drops optional indicators without data, finds the
reference (a row such as NL00, or a set of regions), aligns parent-level frames for
imputation, and screens regions. Nothing here computes a score.
"""

from __future__ import annotations

import warnings
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeAlias

import numpy as np
import pandas as pd

from kloof import regions
from kloof.catalogue import Catalogue
from kloof.errors import DataFormatError, KloofWarning, RegionCodeError, SpecError
from kloof.index.estimate import Estimated, estimate, proportion_scale
from kloof.index.screen import screen
from kloof.index.spec import G4, IndexSpec

__all__ = [
    "LogEntry",
    "Prepared",
    "ReferenceArg",
    "indicator_values",
    "missing_required",
    "prepare",
]

ReferenceArg: TypeAlias = pd.Series | pd.DataFrame | str | Sequence[str] | None

_PARENT_CHAIN: dict[str, tuple[tuple[str, str | None], ...]] = {
    "buurt": (("wijk", "parent_wk"), ("gemeente", "parent_gm"), ("land", None)),
    "wijk": (("gemeente", "parent_gm"), ("land", None)),
    "gemeente": (("land", None),),
    "land": (),
}


@dataclass(frozen=True)
class LogEntry:
    """One line of a result's step log."""

    step: str
    message: str


@dataclass(frozen=True)
class Prepared:
    """Everything an index run needs, per kept (scored) region.

    ``values`` are the estimates the index uses (after small-area estimation, see
    :mod:`kloof.index.estimate`); ``raw`` the observed values and ``reliability`` the
    share of each estimate that comes from the region's own data (``None`` / ``NaN``
    where nothing was estimated).
    """

    spec: IndexSpec
    level: str
    values: pd.DataFrame
    observed: pd.DataFrame
    population: pd.Series
    groups: pd.Series
    reference_row: pd.Series | None
    reference_set: pd.Index | None
    reference_label: str
    parents: tuple[pd.DataFrame, ...]
    screened: pd.DataFrame
    directions: dict[str, str]
    log: tuple[LogEntry, ...]
    raw: pd.DataFrame | None = None
    reliability: pd.DataFrame | None = None


def _coded(frame: pd.DataFrame, keep: Collection[str] = ()) -> pd.DataFrame:
    """``frame`` indexed by normalised code (keys in ``keep``, named areas, as given)."""
    out = frame
    if "code" in out.columns and not isinstance(out.index, pd.MultiIndex):
        out = out.set_index("code")
    out = out.copy()
    keys = pd.Series(out.index, dtype="object")
    normal = regions.normalise_series(keys).astype("object")
    named = keys.isin(list(keep)).to_numpy()
    out.index = pd.Index(np.where(named, keys, normal), name="code")
    return out


def indicator_values(frame: pd.DataFrame, spec: IndexSpec, catalogue: Catalogue) -> pd.DataFrame:
    """The spec's indicator columns of ``frame`` as floats (missing columns all-NaN).

    Derived indicators absent from ``frame`` are computed with
    :meth:`~kloof.catalogue.Catalogue.derive`; an indicator with a ``denominator`` is
    ``frame[id] / frame[denominator] × scale`` (a zero denominator gives NaN).
    """
    wanted = set(spec.indicator_ids)
    if any(c not in frame.columns for c in wanted):
        frame = catalogue.derive(frame)
    out = {}
    for d in spec.domains:
        for ind in d.indicators:
            if ind.id not in frame.columns:
                out[ind.id] = np.full(len(frame), np.nan)
                continue
            col = pd.to_numeric(frame[ind.id], errors="coerce").astype("float64")
            if ind.denominator is not None:
                if ind.denominator not in frame.columns:
                    out[ind.id] = np.full(len(frame), np.nan)
                    continue
                den = pd.to_numeric(frame[ind.denominator], errors="coerce").astype("float64")
                col = col / den.where(den > 0) * ind.scale
            out[ind.id] = col.to_numpy(dtype="float64")
    return pd.DataFrame(out, index=frame.index, columns=list(spec.indicator_ids))


def missing_required(columns: Sequence[str], spec: IndexSpec, catalogue: Catalogue) -> list[str]:
    """The required indicators of ``spec`` that cannot be computed from ``columns``.

    Decides whether :func:`prepare` would stop on missing data without reading any
    values: a frame with these columns (one row of ones) is passed through
    :func:`indicator_values`, so derived indicators count when their inputs are present
    (a numerator and its denominator). An empty list means the index can be built
    (optional indicators without data are left out, as in :func:`prepare`).

    Examples
    --------
    >>> from kloof import catalogue
    >>> from kloof.index import presets
    >>> spec = presets.load("kloof")
    >>> missing_required(["inhabitants"], spec, catalogue.load())[:2]
    ['persons_bottom40_pct', 'households_bottom40_pct']
    """
    cols = list(dict.fromkeys(str(c) for c in columns))
    ones = pd.DataFrame([[1.0] * len(cols)], columns=cols, index=pd.Index(["NL00"]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        values = indicator_values(ones, spec, catalogue).iloc[0]
    return [
        ind.id
        for d in spec.domains
        for ind in d.indicators
        if ind.required and not np.isfinite(values[ind.id])
    ]


def _effective(
    spec: IndexSpec, values: pd.DataFrame, log: list[LogEntry], *, keep: bool = False
) -> IndexSpec:
    """Drop indicators (and emptied domains) without any data; required ones fail.

    With ``keep`` (scoring on a fitted model) optional indicators without data stay:
    they are imputed like any missing value, so the frame is scored on the model's
    indicators.
    """
    domains = []
    dropped: list[str] = []
    empty: list[str] = []
    for di, d in enumerate(spec.domains):
        kept = []
        for ii, ind in enumerate(d.indicators):
            if (keep and not ind.required) or values[ind.id].notna().any():
                kept.append(ind)
            elif ind.required:
                raise SpecError(
                    f"domains[{di}].indicators[{ii}].id: the frame has no data for "
                    f"{ind.id!r}; import it, or mark the indicator required: false"
                )
            else:
                dropped.append(ind.id)
        if kept:
            domains.append(d.model_copy(update={"indicators": tuple(kept)}))
        else:
            empty.append(d.id)  # an id: the face names it in its language
    if not dropped:
        return spec
    msg = f"no data for optional indicator(s) {dropped}: left out, weights re-normalised"
    if empty:
        msg += f"; domain(s) without data left out: {', '.join(empty)}"
    warnings.warn(msg, KloofWarning, stacklevel=4)
    log.append(LogEntry("prepare", msg))
    if not domains:
        raise SpecError("domains: no indicator of this spec has data in the frame")
    ids = {i.id for d in domains for i in d.indicators}
    dom_ids = {d.id for d in domains}
    return spec.model_copy(
        update={
            "domains": tuple(domains),
            "domain_level": spec.domain_level.model_copy(
                update={"weights": {k: v for k, v in spec.domain_level.weights.items() if k in ids}}
            ),
            "index_level": spec.index_level.model_copy(
                update={
                    "weights": {k: v for k, v in spec.index_level.weights.items() if k in dom_ids}
                }
            ),
        }
    )


def _split_levels(
    frame: pd.DataFrame, areas: Mapping[str, tuple[str, str]] | None = None
) -> tuple[pd.DataFrame, pd.Series | None, str, pd.DataFrame]:
    areas = areas or {}
    keys = frame.index.tolist()  # one conversion: iterating a string index costs 1 µs a key
    coded = pd.Series([c for c in keys if c not in areas] if areas else keys, dtype="object")
    try:  # hierarchy validates every code; which one failed is looked up only then
        tree = regions.hierarchy(coded).set_index("code")
    except RegionCodeError:
        bad = regions.invalid_codes(coded)
        first = coded[bad.to_numpy()].iloc[0]
        raise DataFormatError(
            f"frame index: {first!r} is not a CBS region code", column="code"
        ) from None
    named = [c for c in keys if c in areas]
    if named:
        extra = pd.DataFrame(
            {
                "level": [areas[c][0] for c in named],
                "parent_gm": [areas[c][1] for c in named],
                "parent_wk": [pd.NA] * len(named),
            },
            index=pd.Index(named, name="code"),
        ).astype("string")
        tree = pd.concat([tree, extra]) if len(tree) else extra
        tree = tree.loc[list(frame.index)]
    nl_row = frame.loc["NL00"] if "NL00" in frame.index else None
    if isinstance(nl_row, pd.DataFrame):
        nl_row = nl_row.iloc[0]
    rest = tree[tree["level"] != "land"]
    if rest.empty:
        raise DataFormatError("frame: no gemeente, wijk or buurt rows to score")
    counts = rest["level"].value_counts()
    if len(counts) > 1:
        raise DataFormatError(
            f"frame mixes levels {dict(counts)}; pass one level and give the others as parents="
        )
    level = str(counts.index[0])
    return frame.loc[rest.index], nl_row, level, rest


def _resolve_reference(
    ref: ReferenceArg,
    spec: IndexSpec,
    catalogue: Catalogue,
    nl_row: pd.Series | None,
    land: pd.Series | None,
    kept: pd.Index,
    tree: pd.DataFrame,
) -> tuple[pd.Series | None, pd.Index | None, str]:
    if isinstance(ref, pd.DataFrame):
        if len(ref) != 1:
            raise SpecError("reference: pass one row (e.g. NL00) or a list of region codes")
        ref = ref.iloc[0]
    if isinstance(ref, pd.Series):
        row = indicator_values(ref.to_frame().T, spec, catalogue).iloc[0]
        return row, None, f"{ref.name or 'reference'} (given row)"
    codes = [ref] if isinstance(ref, str) else list(ref or ["NL"])
    codes = [regions.normalise(c) for c in codes]
    if codes in (["NL"], ["NL00"]):
        for row, where in ((nl_row, "frame"), (land, "parents")):
            if row is not None:
                values = indicator_values(row.to_frame().T, spec, catalogue).iloc[0]
                return values, None, f"NL00 (row from {where})"
        return None, kept, "NL (all scored regions, population-weighted)"
    expanded = [g for c in codes for g in (G4 if c == "G4" else (c,))]
    sub = tree.loc[kept]
    member = (
        sub.index.isin(expanded)
        | sub["parent_gm"].isin(expanded).fillna(False).to_numpy()
        | sub["parent_wk"].isin(expanded).fillna(False).to_numpy()
    )
    found = sub.index[np.asarray(member, dtype=bool)]
    if found.empty:
        raise SpecError(f"reference: {codes} matches no scored region of this frame")
    return None, found, f"{'+'.join(codes)} ({len(found)} regions, population-weighted)"


def prepare(
    frame: pd.DataFrame,
    spec: IndexSpec,
    catalogue: Catalogue,
    *,
    reference: ReferenceArg = None,
    parents: Mapping[str, pd.DataFrame] | None = None,
    areas: Mapping[str, tuple[str, str]] | None = None,
    keep_optional: bool = False,
) -> Prepared:
    """Resolve columns, reference, parents and screening for ``frame`` (see module).

    ``areas`` marks rows that are named areas rather than CBS regions: key →
    ``(level, gemeente code)``; such a row is scored as a region of that level whose
    parent is that gemeente (its key is kept as given). ``keep_optional`` keeps optional
    indicators without data (to be imputed), as scoring on a fitted model needs.
    """
    spec.check(catalogue)
    log: list[LogEntry] = [LogEntry("spec", f"{spec.name}: {len(spec.indicator_ids)} indicators")]
    coded = _coded(frame, keep=list(areas or {}))
    regions_frame, nl_row, level, tree = _split_levels(coded, areas)
    all_values = indicator_values(regions_frame, spec, catalogue)
    spec = _effective(spec, all_values, log, keep=keep_optional)
    all_values = all_values[list(spec.indicator_ids)]
    if "inhabitants" in regions_frame.columns:
        population = pd.to_numeric(regions_frame["inhabitants"], errors="coerce").astype("float64")
    else:
        population = pd.Series(1.0, index=regions_frame.index)
        log.append(LogEntry("prepare", "no 'inhabitants' column: regions weigh equally"))
    kept, screened = screen(all_values, population, spec.screening)
    log.append(
        LogEntry(
            "screening",
            f"{len(kept)} of {len(all_values)} {level} regions scored, "
            f"{len(screened)} screened out",
        )
    )
    if kept.empty:
        raise SpecError(
            "screening: every region was screened out; lower min_population/min_coverage"
        )
    parent_frames = {k: _coded(v) for k, v in (parents or {}).items()}
    land_frame = parent_frames.get("land")
    land = land_frame.iloc[0] if land_frame is not None and len(land_frame) else None
    row, ref_set, label = _resolve_reference(
        reference if reference is not None else spec.reference,
        spec,
        catalogue,
        nl_row,
        land,
        kept,
        tree,
    )
    log.append(LogEntry("reference", f"reference = {label}"))
    aligned = []
    for parent_level, column in _PARENT_CHAIN[level]:
        if column is None:
            source = row if row is not None and ref_set is None else None
            if land is not None:
                source = indicator_values(land.to_frame().T, spec, catalogue).iloc[0]
            if source is not None:
                aligned.append(
                    pd.DataFrame(
                        [source.to_numpy()] * len(kept),
                        index=kept,
                        columns=list(spec.indicator_ids),
                    )
                )
            continue
        if parent_level not in parent_frames:
            continue
        pvals = indicator_values(parent_frames[parent_level], spec, catalogue)
        keys = tree.loc[kept, column].astype(str).to_numpy()
        aligned.append(
            pd.DataFrame(
                pvals.reindex(keys).to_numpy(), index=kept, columns=list(spec.indicator_ids)
            )
        )
    if spec.imputation.method == "parent" and not aligned:
        raise SpecError(
            "imputation.method: 'parent' needs parent frames (parents={'gemeente': ...}) "
            "or an NL reference row"
        )
    raw = all_values.loc[kept]
    estimated = _estimate(raw, spec, catalogue, regions_frame.loc[kept], aligned, tree, level)
    if spec.estimation.method != "raw":
        log.append(LogEntry("estimation", _estimation_message(spec, estimated.summary)))
    values = estimated.values
    return Prepared(
        spec=spec,
        level=level,
        values=values,
        observed=raw.notna(),
        population=population.loc[kept].fillna(0.0).clip(lower=0.0),
        groups=tree.loc[kept, "parent_gm"].astype("object"),
        reference_row=row,
        reference_set=ref_set,
        reference_label=label,
        parents=tuple(aligned),
        screened=screened,
        directions=spec.directions(catalogue),
        log=tuple(log),
        raw=raw,
        reliability=estimated.reliability,
    )


_NEAREST: dict[str, tuple[str | None, str]] = {
    "buurt": ("parent_wk", "wijk"),
    "wijk": ("parent_gm", "gemeente"),
    "gemeente": (None, "Nederland"),
}


def _estimate(
    raw: pd.DataFrame,
    spec: IndexSpec,
    catalogue: Catalogue,
    frame: pd.DataFrame,
    aligned: list[pd.DataFrame],
    tree: pd.DataFrame,
    level: str,
) -> Estimated:
    """Small-area estimation of the kept regions' values (the spec's ``estimation``)."""
    if spec.estimation.method == "raw":
        return estimate(raw, "raw", {}, sizes={}, scales={}, targets=raw, groups=raw.index)
    derived = catalogue.derive(frame)
    if derived.index.equals(raw.index):
        # one index object for every column: aligning a column to it is then free
        # (comparing two string indexes costs ~3 ms, six columns three times each)
        derived.index = raw.index
    sizes: dict[str, pd.Series | None] = {}
    scales: dict[str, float | None] = {}
    for ind in (i for d in spec.domains for i in d.indicators):
        entry = catalogue[ind.id]
        if ind.denominator is not None:
            column: str | None = ind.denominator
            scales[ind.id] = ind.scale if ind.scale > 1 else None
        else:
            column = entry.derived.denominator if entry.derived is not None else entry.weight
            scales[ind.id] = proportion_scale(ind.id, catalogue)
        sizes[ind.id] = (
            pd.to_numeric(derived[column], errors="coerce").astype("float64")
            if column is not None and column in derived.columns
            else None
        )
    targets = pd.DataFrame(np.nan, index=raw.index, columns=raw.columns)
    for parent in aligned:
        targets = targets.fillna(parent.reindex(index=raw.index, columns=raw.columns))
    column, label = _NEAREST.get(level, (None, "parent"))
    groups = (
        pd.Series(tree.loc[raw.index, column].astype("object").to_numpy(), index=raw.index)
        if column is not None
        else pd.Series("NL00", index=raw.index, dtype="object")
    )
    return estimate(
        raw,
        spec.estimation.method,
        spec.estimation.params,
        sizes=sizes,
        scales=scales,
        targets=targets,
        groups=groups,
        target_label=label,
    )


def _estimation_message(spec: IndexSpec, summary: Mapping[str, str]) -> str:
    parts = [f"{k}: {v}" for k, v in summary.items()]
    return f"{spec.estimation.method}: " + "; ".join(parts)
