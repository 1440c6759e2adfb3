"""The need of an allocation rule: its column, its inputs and its Monte Carlo draws.

:func:`kloof.report.allocation_data.build_recipients` adds the need column
(:func:`need_column`: an indicator or an index score, transformed as the rule says) and
the need's inputs per recipient (:func:`need_inputs`: value, numerator, denominator,
national reference, coverage, a note when a proxy or an imputed value was used).
:func:`need_draws` draws that need for robustness: Poisson draws of an indicator's
counts, or the index engine's Monte Carlo (:func:`index_draws`).

It reads the store only through the store object passed in (a
:class:`kloof.store.Store` or the dashboard's :class:`kloof.app.cache.FrameCache`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from kloof.errors import SpecError

__all__ = [
    "NEED_COLUMNS",
    "chosen_need",
    "index_draws",
    "need_column",
    "need_draws",
    "need_inputs",
]


def chosen_need(spec: Any, frame: pd.DataFrame) -> Any:
    """The need spec with the indicator the recipients frame was built from.

    A need with fallbacks was built from the first of its indicators that is a column of
    ``frame`` (:func:`kloof.report.allocation_data.build_recipients` keeps only that
    one's columns); other specs come back as they are.
    """
    if spec is None or not spec.fallback:
        return spec
    ind = next((i for i in spec.indicators if i in frame.columns), spec.indicator)
    return spec.model_copy(update={"indicator": ind, "fallback": ()})


def need_column(store: Any, year: int, rule: Any, frame: pd.DataFrame) -> pd.Series:
    """The need column: an indicator or an index score, transformed as the rule says.

    Index scores are higher-is-better with NL = 100 (:mod:`kloof.index`): ``gap`` is
    :math:`\\max(0, 100 - s)`, ``ratio`` :math:`100 / s`; the raw score is refused.
    """
    from kloof import catalogue
    from kloof.allocation import transform_need

    spec = rule.need
    if spec.index is not None:
        direction: Any = spec.direction or "higher_is_better"
        reference = 100.0 if spec.reference is None else spec.reference
        values = frame["index"].to_numpy()
        out = transform_need(values, spec.transform, reference=reference, direction=direction)
        return pd.Series(out, index=frame.index, name="need")
    ind = spec.indicator
    cat = catalogue.load()
    direction = spec.direction or (cat[ind].direction if ind in cat else "higher_is_worse")
    if direction == "neutral":
        raise SpecError(f"need.indicator {ind!r} is neutral; give need.direction")
    reference = _reference(store, year, spec)
    return pd.Series(
        transform_need(
            frame[ind].to_numpy(), spec.transform, reference=reference, direction=direction
        ),
        index=frame.index,
        name="need",
    )


def _reference(store: Any, year: int, spec: Any) -> float | None:
    """The need's reference: as given, NL = 100 for an index, else the national value."""
    if spec.reference is not None:
        return float(spec.reference)
    if spec.index is not None:
        return 100.0
    ind = spec.indicator
    land = store.frame(year, "land", [ind])
    if land.empty or land[ind].isna().all():
        if spec.transform in ("gap", "ratio"):
            raise SpecError(f"no national value of {ind} in {year}; give need.reference")
        return None
    return float(land[ind].iloc[0])


#: Columns :func:`build_recipients` adds to explain the need (see
#: :mod:`kloof.allocation.explain`).
NEED_COLUMNS: tuple[str, ...] = (
    "need_value",
    "need_numerator",
    "need_denominator",
    "need_reference",
    "need_coverage",
    "need_note",
    "need_note_nl",
    "confidence",
)


def need_inputs(store: Any, year: int, rule: Any, frame: pd.DataFrame) -> dict[str, str]:
    """Add the need's inputs to ``frame`` (in place) and return what to add to provenance.

    Per recipient: the value the need is computed from (``need_value``: the rate or the
    index score), the rate's numerator and denominator (counts summed over an area),
    the reference (``need_reference``, the national value), the share of the area's
    weight with a value (``need_coverage``: below 1 the rest counts at the area's mean)
    and a note when a proxy or an imputed value was used (``need_note`` in English,
    ``need_note_nl`` in Dutch; :mod:`kloof.report.allocation_notes`).
    """
    from kloof import catalogue
    from kloof.report import allocation_notes as _notes

    spec = rule.need
    meta: dict[str, str] = {"need_transform": spec.transform}
    reference = _reference(store, year, spec)
    frame["need_reference"] = np.nan if reference is None else reference
    for col in ("confidence", "need_note", "need_note_nl"):
        if col not in frame:
            frame[col] = ""
        frame[col] = frame[col].fillna("").astype(str)
    if "need_coverage" not in frame:
        frame["need_coverage"] = np.nan
    if spec.index is not None:
        frame["need_value"] = frame["index"]
        meta.update(
            need_label=f"index {spec.index}",
            need_unit="NL = 100",
            need_direction=str(spec.direction or "higher_is_better"),
            need_formula="index score (kloof.index), areas: inhabitant-weighted mean of members",
            need_source=_notes.source(year, spec.index).en,
            need_source_nl=_notes.source(year, spec.index).nl,
        )
        return meta
    ind = spec.indicator
    cat = catalogue.load()
    entry = cat[ind] if ind in cat else None  # noqa: SIM401 (Catalogue has no get)
    frame["need_value"] = frame[ind]
    meta.update(
        need_indicator=ind,
        need_label=entry.label.nl if entry is not None else ind,
        need_label_en=entry.label.en if entry is not None else ind,
        need_unit=entry.unit if entry is not None else "",
        need_unit_en=_notes.unit(entry.unit).en if entry is not None else "",
        need_direction=str(
            spec.direction or (entry.direction if entry is not None else "higher_is_worse")
        ),
        need_source=_notes.source(year).en,
        need_source_nl=_notes.source(year).nl,
    )
    if entry is not None and entry.derived is not None:
        d = entry.derived
        num = d.numerator if d.numerator in frame else None
        den = "population" if d.denominator == "inhabitants" else d.denominator
        if num is not None and den in frame:
            frame["need_numerator"] = frame[num].astype("float64")
            frame["need_denominator"] = frame[den].astype("float64")
            meta.update(
                need_numerator=d.numerator,
                need_denominator=d.denominator,
                need_scale=f"{d.scale:g}",
                need_formula=f"{d.numerator} / {d.denominator} × {d.scale:g}",
            )
    cov = frame["need_coverage"].astype("float64")
    partial = cov.notna() & (cov < 1.0 - 1e-9) & frame["need_value"].notna()
    for rid in frame.index[partial]:
        note = _notes.imputed_need(ind, 100 * cov[rid])
        for col, text in (("need_note", note.en), ("need_note_nl", note.nl)):
            old = frame.at[rid, col]
            frame.at[rid, col] = f"{old}; {text}" if old else text
    return meta


def need_draws(
    store: Any, rule: Any, frame: pd.DataFrame, year: int, *, runs: int, seed: int
) -> tuple[pd.DataFrame, str]:
    """Monte Carlo draws of the need (draws × recipients) and how they were drawn.

    An index need is drawn from the index engine's uncertainty (:func:`index_draws`).
    An indicator need is drawn from its own sampling error
    (:func:`kloof.allocation.poisson_draws`): a rate's numerator (summed over an area's
    members) as a Poisson count over the fixed denominator, a count indicator as a
    Poisson count itself; every draw is then transformed like the need column with the
    same (fixed) national reference. Recipients with neither a count nor a count
    indicator keep their need (said in the returned text). The draws' ``attrs`` say
    how in a structured way: ``kind`` (``index``, ``count`` or ``rate``), ``numerator``
    and ``fixed`` (recipients that kept their need), for a text in the reader's language
    (:func:`kloof.report.allocation_robustness.draws_text`).
    """
    import numpy as np

    from kloof import catalogue
    from kloof.allocation import poisson_draws, transform_need

    spec = chosen_need(rule.need, frame)
    if spec is None:
        raise SpecError("--runs needs a rule with a need; this rule has none")
    if spec.index is not None:
        draws = index_draws(store, rule, frame, year, runs=runs, seed=seed)
        draws.attrs.update(kind="index", fixed=0)
        return draws, f"index {spec.index!r}: Monte Carlo of the index's method choices"
    ind = spec.indicator
    cat = catalogue.load()
    entry = cat[ind] if ind in cat else None  # noqa: SIM401 (Catalogue has no get)
    rng = np.random.default_rng(seed)
    values = frame["need_value"] if "need_value" in frame else frame[ind]
    if entry is not None and entry.kind == "count":
        x = poisson_draws(values.to_numpy(dtype="float64"), None, runs, rng)
        how = f"{ind}: Poisson draws of the count"
        attrs: dict[str, Any] = {"kind": "count", "fixed": 0}
    else:
        counts = (
            frame["need_numerator"].to_numpy(dtype="float64")
            if "need_numerator" in frame
            else np.full(len(frame), np.nan)
        )
        x = poisson_draws(values.to_numpy(dtype="float64"), counts, runs, rng)
        fixed = int((~np.isfinite(counts)).sum())
        num = entry.derived.numerator if entry is not None and entry.derived else "numerator"
        how = f"{ind}: Poisson draws of {num} over a fixed denominator"
        attrs = {"kind": "rate", "numerator": num, "fixed": fixed}
        if fixed:
            how += f"; {fixed} recipient(s) without a count keep their need"
    direction: Any = spec.direction or (entry.direction if entry is not None else "higher_is_worse")
    reference = _reference(store, year, spec)
    need = transform_need(x, spec.transform, reference=reference, direction=direction)
    out = pd.DataFrame(need, columns=frame.index)
    out.attrs.update(attrs, indicator=ind)
    return out, how


def index_draws(
    store: Any, rule: Any, frame: pd.DataFrame, year: int, *, runs: int, seed: int
) -> pd.DataFrame:
    """Monte Carlo draws of the need from the index engine's uncertainty analysis.

    For every level the recipients' codes use, :func:`kloof.index.uncertainty` draws
    ``runs`` index scores per region (method choices varied); an area's draw is the
    inhabitant-weighted mean of its members' draws; every draw is then transformed like
    the need column. Returns draws × recipients.
    """
    import numpy as np

    from kloof import index
    from kloof.allocation import transform_need

    spec = rule.need
    if spec is None or spec.index is None:
        raise SpecError("--runs needs a rule whose need is an index; for an indicator give --draws")
    level_of = {"GM": "gemeente", "WK": "wijk", "BU": "buurt"}
    members = {rid: str(codes).split("|") for rid, codes in frame["codes"].items()}
    land = store.frame(year, "land")
    ref = land.iloc[0] if len(land) else None
    scores: dict[str, pd.DataFrame] = {}
    weights: dict[str, pd.Series] = {}
    for level in sorted({level_of[c[:2]] for codes in members.values() for c in codes}):
        full = store.frame(year, level)
        unc = index.uncertainty(
            full, spec.index, runs=runs, seed=seed, reference=ref, keep_draws=True
        )
        assert unc.scores is not None
        scores[level] = pd.DataFrame(unc.scores, index=unc.table.index)
        weights[level] = full["inhabitants"]
    out = np.full((runs, len(frame)), np.nan)
    for j, rid in enumerate(frame.index):
        rows, w = [], []
        for code in members[rid]:
            level = level_of[code[:2]]
            if code in scores[level].index:
                rows.append(scores[level].loc[code].to_numpy(dtype="float64"))
                w.append(float(weights[level].get(code, np.nan)))
        if rows:
            x, ww = np.vstack(rows), np.nan_to_num(np.asarray(w), nan=0.0)
            ww = ww if ww.sum() > 0 else np.ones_like(ww)
            ok = np.isfinite(x)
            num = (np.where(ok, x, 0.0) * ww[:, None]).sum(axis=0)
            den = (ok * ww[:, None]).sum(axis=0)
            out[:, j] = np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)
    direction: Any = spec.direction or "higher_is_better"
    reference = 100.0 if spec.reference is None else spec.reference
    need = transform_need(out, spec.transform, reference=reference, direction=direction)
    return pd.DataFrame(need, columns=frame.index)
