"""Recipients of an allocation rule, composed from a store.

:func:`build_recipients` turns a rule's ``data`` section into the recipients frame
:func:`kloof.allocation.allocate` takes: region levels straight from
:meth:`kloof.store.Store.frame`, named areas aggregated from their wijken and buurten
with :func:`kloof.monitor.aggregate.aggregate` (counts summed, rates weighted), areas
without codes taken from their gemeente when the rule allows it, and the need column
(an indicator or an index score of :mod:`kloof.index`, transformed as the rule says).
:mod:`kloof.report.allocation_need` holds the need (its column, inputs and draws),
:mod:`kloof.report.allocation_edit` the dashboard's edits of the key; both are
re-exported here.

It reads the store only through the store object passed in (a
:class:`kloof.store.Store`; anything with ``frame``, ``regions``, ``years`` and
``path``), so the CLI and the dashboard compose recipients the same way.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from kloof.errors import SpecError
from kloof.report import allocation_notes as _notes
from kloof.report.allocation_edit import EDITABLE, edit_rule, editable
from kloof.report.allocation_need import (
    NEED_COLUMNS,
    index_draws,
    need_column,
    need_draws,
    need_inputs,
)

__all__ = [
    "EDITABLE",
    "NEED_COLUMNS",
    "build_recipients",
    "edit_rule",
    "editable",
    "index_draws",
    "need_draws",
]


def _columns(rule: Any) -> list[str]:
    """Catalogue columns the rule needs from the store (besides population/households)."""
    from kloof.allocation.keys import CONSTANT, BasePlusVariableKey, GemeentefondsKey

    cols: list[str] = []
    for tier in rule.tiers:
        key = tier.key.variable if isinstance(tier.key, BasePlusVariableKey) else tier.key
        if isinstance(key, GemeentefondsKey):
            for m in key.measures:
                cols += [
                    c
                    for c in (m.column, m.base)
                    if c not in (CONSTANT, "population", "households", "need")
                ]
    if rule.need is not None and rule.need.indicator:
        cols.append(rule.need.indicator)
        cols += _derivation(rule.need.indicator)
    return list(dict.fromkeys(cols))


def _derivation(indicator: str) -> list[str]:
    """Numerator and denominator of a derived rate (empty for other indicators)."""
    from kloof import catalogue

    cat = catalogue.load()
    if indicator in cat and cat[indicator].derived is not None:
        d = cat[indicator].derived
        assert d is not None
        return [d.numerator, d.denominator]
    return []


def _store_columns(cols: list[str]) -> list[str]:
    """The columns plus the weights their aggregation needs."""
    from kloof import catalogue

    cat = catalogue.load()
    out = ["inhabitants", "households", *cols]
    for c in cols:
        if c in cat and cat[c].weight:
            out.append(str(cat[c].weight))
    return list(dict.fromkeys(out))


def _names(store: Any, year: int, level: str) -> pd.Series:
    regions = store.regions(year, level)
    return regions.set_index("code")["name"]


class _Levels:
    """Frames of one data year per level, with the need index column when the rule asks."""

    def __init__(
        self, store: Any, year: int, cols: list[str], index: str | None, need: str | None = None
    ) -> None:
        self.store, self.year, self.cols, self.index = store, year, cols, index
        self.need = need
        self._frames: dict[str, pd.DataFrame] = {}

    @property
    def columns(self) -> list[str]:
        return [*self.cols, "index"] if self.index else list(self.cols)

    def frame(self, level: str) -> pd.DataFrame:
        if level not in self._frames:
            frame = self.store.frame(self.year, level, self.cols)
            if self.index:
                frame["index"] = self._index(level).reindex(frame.index)
            self._frames[level] = frame
        return self._frames[level]

    def _index(self, level: str) -> pd.Series:
        from kloof import index
        from kloof.app.indexing import index_inputs

        full, ref, parents = index_inputs(self.store, level, self.year)
        assert self.index is not None
        result = index.build(full, self.index, reference=ref, parents=parents, year=self.year)
        return result.scores["index"]


def _level_rows(levels: _Levels, src: Any) -> pd.DataFrame:
    from kloof.regions import parse

    year = levels.year
    frame = levels.frame(src.level).copy()
    if src.codes is not None:
        unknown = sorted(set(src.codes) - set(frame.index))
        if unknown:
            raise SpecError(f"recipients: {unknown[:8]} are no {src.level} of {year} in the store")
        frame = frame.loc[list(src.codes)]
    if src.exclude_gemeenten:
        gms = set(src.exclude_gemeenten)
        keep = [parse(c).parent_gm not in gms and c not in gms for c in frame.index]
        frame = frame[keep]
    names = _names(levels.store, year, src.level)
    frame.insert(0, "name", [names.get(c) or c for c in frame.index])
    frame.insert(1, "gemeente", [parse(c).parent_gm or c for c in frame.index])
    frame.insert(2, "codes", list(frame.index))
    return frame


def _finer_levels(levels: _Levels, rule: Any) -> set[str]:
    """The levels below gemeente the recipients use (areas count by their codes)."""
    from kloof.app.files import read_area_set
    from kloof.monitor import areas as _areas

    level_of = {"WK": "wijk", "BU": "buurt"}
    used: set[str] = set()
    for src in rule.data.recipients:
        if src.areas:
            builtin = src.areas in _areas.list_builtin()
            aset = _areas.builtin(src.areas) if builtin else read_area_set(src.areas)
            chosen = [aset[a] for a in src.codes] if src.codes is not None else list(aset)
            used |= {level_of[c[:2]] for a in chosen for c in a.codes if c[:2] in level_of}
        elif src.level in ("wijk", "buurt"):
            used.add(src.level)
    return used


def _on_wijk_scale(levels: _Levels, frame: pd.DataFrame) -> pd.DataFrame:
    r"""Gemeente rows re-expressed on the wijk scale of the index (in place, returned).

    A gemeente's index is built from gemeente values against the other gemeenten, a
    wijk's from wijk values against the other wijken: the two are not on one scale (a
    gemeente averages its extremes away). When one need mixes them, a gemeente gets
    the inhabitant-weighted mean of its wijken's index,
    :math:`s_g = \sum_{w \in g} p_w s_w / \sum_{w \in g} p_w`, and its ``codes``
    become those wijken (so the Monte Carlo draws follow the same scale).
    """
    from kloof.regions import parse

    wk = levels.frame("wijk")
    parent = pd.Series([parse(c).parent_gm for c in wk.index], index=wk.index)
    for gm in frame.index:
        members = wk.index[parent == gm]
        w = wk.loc[members, "inhabitants"].astype("float64")
        x = wk.loc[members, "index"].astype("float64")
        ok = w.notna() & x.notna() & (w > 0)
        frame.loc[gm, "index"] = (
            float((w[ok] * x[ok]).sum() / w[ok].sum()) if ok.any() else float("nan")
        )
        frame.loc[gm, "codes"] = "|".join(members[ok])
    return frame


def _area_rows(levels: _Levels, src: Any, notes: list[_notes.Note]) -> pd.DataFrame:
    from kloof.app.files import read_area_set
    from kloof.monitor import areas as _areas
    from kloof.monitor.aggregate import Group, aggregate, score_rule

    year, cols = levels.year, levels.columns
    aset = (
        _areas.builtin(src.areas)
        if src.areas in _areas.list_builtin()
        else read_area_set(src.areas)
    )
    chosen = [aset[a] for a in src.codes] if src.codes is not None else list(aset)
    level_of = {"WK": "wijk", "BU": "buurt", "GM": "gemeente"}
    wanted = {level_of[c[:2]] for a in chosen for c in a.codes} or {"wijk"}
    parts = [levels.frame(lvl) for lvl in sorted(wanted)]
    frame = pd.concat([p for p in parts if len(p)])
    known = [a for a in chosen if a.codes]
    rules = {"index": score_rule()} if levels.index else None
    agg = aggregate(frame, [Group(a.id, a.codes) for a in known], columns=cols, rules=rules)
    out = agg.values.reindex([a.id for a in chosen])
    need_col = "index" if levels.index else levels.need
    coverage = (
        agg.coverage[need_col].reindex(out.index)
        if need_col and need_col in agg.coverage
        else pd.Series(np.nan, index=out.index)
    )
    for a in known:
        if agg.absent.get(a.id):
            notes.append(_notes.absent_codes(a.id, year, list(agg.absent[a.id])))
    imputed = _fill_counts(out, frame, known, agg.rules)
    gm = levels.frame("gemeente")
    proxied: set[str] = set()
    for a in chosen:
        row = out.loc[a.id]
        if a.codes and row.notna().all():
            continue
        if src.unknown_areas != "gemeente":
            raise SpecError(
                f"area {a.id!r} has no known CBS codes or no data in {year}; define it in your "
                "own area file, or set `unknown_areas: gemeente` to use its gemeente as a proxy"
            )
        out.loc[a.id] = _proxy(gm, a, cols)
        notes.append(_notes.proxy_area(a.id, a.gemeente, a.population))
        proxied.add(a.id)
    out.insert(0, "name", [a.name for a in chosen])
    out.insert(1, "gemeente", [a.gemeente for a in chosen])
    out.insert(
        2, "codes", ["|".join(a.codes) if a.id not in proxied else a.gemeente for a in chosen]
    )
    out["confidence"] = [a.confidence or "" for a in chosen]
    out["need_coverage"] = [1.0 if a.id in proxied else coverage.get(a.id) for a in chosen]
    need_notes = [
        [_notes.proxy_need(a.gemeente, year)] if a.id in proxied else imputed.get(a.id, [])
        for a in chosen
    ]
    out["need_note"] = [_notes.join(n)[0] for n in need_notes]
    out["need_note_nl"] = [_notes.join(n)[1] for n in need_notes]
    return out


def _fill_counts(
    out: pd.DataFrame, frame: pd.DataFrame, known: list[Any], rules: Any
) -> dict[str, list[_notes.Note]]:
    r"""Counts an area lacks because some members have no value: filled, in place.

    Members without a value but also without residents (an empty industrial buurt
    whose bijstand count CBS suppresses) change nothing: their count is taken as 0.
    Otherwise the known members' sum is scaled up by the residents they cover
    (:math:`\hat N = N_{known} \cdot P / P_{known}`) and the area gets a note.
    Returns the notes per area.
    """
    notes: dict[str, list[_notes.Note]] = {}
    for a in known:
        members = frame.reindex([c for c in a.codes if c in frame.index])
        if members.empty:
            continue
        pop = members["inhabitants"].fillna(0.0) if "inhabitants" in members else None
        for col in out.columns:
            rule = rules.get(col)
            if rule is None or rule.kind != "count" or pd.notna(out.at[a.id, col]):
                continue
            if col not in members or members[col].isna().all() or pop is None:
                continue
            miss = members[col].isna()
            total, covered = float(pop.sum()), float(pop[~miss].sum())
            if float(pop[miss].sum()) == 0.0:
                out.at[a.id, col] = float(members[col].sum())
            elif covered > 0 and covered / total >= 0.9:
                out.at[a.id, col] = float(members[col].sum()) * total / covered
                notes.setdefault(a.id, []).append(_notes.imputed_count(col, 100 * covered / total))
    return notes


def _proxy(gm: pd.DataFrame, area: Any, cols: list[str]) -> pd.Series:
    from kloof import catalogue

    cat = catalogue.load()
    if area.gemeente not in gm.index:
        raise SpecError(f"area {area.id!r}: gemeente {area.gemeente} not in the store")
    row = gm.loc[area.gemeente, cols].astype("float64").copy()
    total = row.get("inhabitants")
    if area.population and total and total > 0:
        factor = area.population / total
        for c in cols:
            if c in cat and cat[c].kind == "count":
                row[c] = round(row[c] * factor)
    return row


def _latest_year(store: Any, cols: list[str]) -> int | None:
    """The latest year whose gemeente data has a value in every column the rule needs."""
    from kloof.app.years import data_years, default_year
    from kloof.errors import StoreError

    try:
        return default_year(store, "gemeente", columns=cols)
    except StoreError:
        found = data_years(store, "gemeente")
        return found[-1] if found else None


def build_recipients(
    store: Any, rule: Any, year: int | None = None
) -> tuple[pd.DataFrame, dict[str, str]]:
    """The recipients frame of a rule and its provenance (``notes`` joined by ``; ``).

    A need with fallbacks (``need.indicator: [a, b]``) uses the first indicator the
    store has for every recipient (the last one whatever it has); the provenance says
    which (``need_indicator``) and why (``need_choice`` / ``need_choice_nl``, also the
    first of the ``notes``). The frame then carries only that indicator's columns.
    """
    spec = rule.need
    if rule.data is None or spec is None or not spec.fallback:
        return _build(store, rule, year)
    from kloof.errors import StoreError

    skipped: list[tuple[str, int, int]] = []
    order = spec.indicators
    for ind in order:
        last = ind == order[-1]
        update: dict[str, Any] = {
            "need": spec.model_copy(update={"indicator": ind, "fallback": ()})
        }
        if not last:  # a preference counts only where the area's own codes have it
            srcs = rule.data.recipients
            strict = tuple(s.model_copy(update={"unknown_areas": "error"}) for s in srcs)
            update["data"] = rule.data.model_copy(update={"recipients": strict})
        try:
            frame, prov = _build(store, rule.model_copy(update=update), year)
        except (SpecError, StoreError, KeyError, ValueError):
            if last:
                raise
            skipped.append((ind, -1, -1))
            continue
        missing = int(frame[ind].isna().sum()) if ind in frame else len(frame)
        if missing and not last:
            skipped.append((ind, missing, len(frame)))
            continue
        total = len(frame)
        note = _notes.need_choice(ind, [(i, total if m < 0 else m, total) for i, m, _ in skipped])
        prov["need"] = rule.need.model_dump_json(exclude_defaults=True)
        prov["need_choice"], prov["need_choice_nl"] = note.en, note.nl
        for key, text in (("notes", note.en), ("notes_nl", note.nl)):
            prov[key] = f"{text}; {prov[key]}" if prov.get(key) else text
        return frame, prov
    raise AssertionError("unreachable: the last indicator returns or raises")


def _build(store: Any, rule: Any, year: int | None = None) -> tuple[pd.DataFrame, dict[str, str]]:
    """:func:`build_recipients` for a need of one indicator (or an index, or none)."""
    if rule.data is None:
        raise SpecError(f"rule {rule.name!r} has no data section saying where recipients come from")
    cols = _store_columns(_columns(rule))
    year = year or rule.data.year or _latest_year(store, cols)
    if year is None:
        raise SpecError("the store is empty: run `kloof data import` first")
    years = [int(y) for y in store.years("gemeente")]
    if int(year) not in years:
        raise SpecError(f"year {year}: the store has gemeente data for {years}; choose one of them")
    index = None if rule.need is None else rule.need.index
    indicator = None if rule.need is None else rule.need.indicator
    levels = _Levels(store, year, cols, index, indicator)
    return _recipients(levels, rule)


def _recipients(levels: _Levels, rule: Any) -> tuple[pd.DataFrame, dict[str, str]]:
    store, year = levels.store, levels.year
    notes: list[_notes.Note] = []
    parts = [
        _area_rows(levels, src, notes) if src.areas else _level_rows(levels, src)
        for src in rule.data.recipients
    ]
    if levels.index and _finer_levels(levels, rule):
        for src, part in zip(rule.data.recipients, parts, strict=True):
            if not src.areas and src.level == "gemeente" and len(part):
                _on_wijk_scale(levels, part)
                notes.append(_notes.wijk_scale(len(part), levels.index))
    frame = pd.concat(parts)
    if frame.index.has_duplicates:
        dup = sorted(set(frame.index[frame.index.duplicated()]))[:5]
        raise SpecError(f"recipients appear in two groups: {dup}")
    frame = frame.rename(columns={"inhabitants": "population"})
    meta: dict[str, str] = {}
    if rule.need is not None:
        frame["need"] = need_column(store, year, rule, frame)
        meta = need_inputs(store, year, rule, frame)
    frame.index.name = "recipient"
    provenance = {
        "store": str(getattr(store, "path", None) or getattr(store.store, "path", "")),
        "data_year": str(year),
        "recipients": "; ".join(
            src.model_dump_json(exclude_defaults=True) for src in rule.data.recipients
        ),
        "need": "" if rule.need is None else rule.need.model_dump_json(exclude_defaults=True),
        "notes": _notes.join(notes)[0],
        "notes_nl": _notes.join(notes)[1],
        "source": "CBS Kerncijfers Wijken en Buurten via the kloof store (Bron: CBS)",
        **meta,
    }
    return frame, provenance
