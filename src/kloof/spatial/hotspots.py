"""Hot spots: global Moran's I, local Moran (LISA) and Getis-Ord Gi*.

The statistics of PySAL's :mod:`esda` (which the tests use as the reference), computed
in NumPy so that a command compiles nothing: functions take a value per region code
and a :class:`~kloof.spatial.graph.NeighbourGraph` and return frozen results in which
every input region has a row and a status (``ok``, ``missing``, ``no_geometry``,
``island``): regions are never silently dropped.

Global Moran's I (Moran 1950; Cliff & Ord 1981) with row-standardised weights
:math:`w_{ij}`, :math:`z_i = (y_i - \\bar y)/s`:

.. math:: I = \\frac{n}{S_0} \\frac{\\sum_i \\sum_j w_{ij} z_i z_j}{\\sum_i z_i^2}

Its pseudo p-value comes from ``permutations`` random relabellings drawn with
``numpy.random.default_rng(seed)``: ``p = (min(#{I_p >= I}, P - #{I_p >= I}) + 1)
/ (P + 1)``, the folded one-sided rule of esda (esda's own permutations draw from
NumPy's global random state, which kloof never touches).

Local Moran (Anselin 1995) as esda's ``Moran_Local.Is`` returns it, with
:math:`z_i = (y_i - \\bar y)/\\sigma` (population standard deviation, so
:math:`\\sum_k z_k^2 = n`) and row-standardised :math:`w_{ij}`:

.. math:: I_i = (n - 1)\\, z_i \\sum_j w_{ij} z_j \\Big/ \\sum_k z_k^2
          = \\tfrac{n-1}{n}\\, z_i \\sum_j w_{ij} z_j

(esda's scaling by ``n - 1`` rather than Anselin's ``n``: on a line of four regions
with values 1, 2, 3, 4 the ends get 0.45 and the middle 0.15), with quadrants HH (high
value, high neighbours), LH, LL, HL; Getis-Ord
:math:`G_i^*` (Ord & Getis 1995) on binary weights with self-weight 1, row
standardised, reported as its z-score. Both use *conditional* permutation as esda
does (each region keeps its value, its neighbours are redrawn;
:mod:`kloof.spatial.permutation`) with a fixed seed, so results repeat exactly.
Local p-values are corrected for multiple testing with the Benjamini-Hochberg false
discovery rate by default. A region is significant when
its pseudo p-value lies strictly *below* the cut-off, ``p < cutoff``: esda's own
convention (``Moran_Local.get_cluster_labels`` labels ``p_sim < crit_value``;
``esda.fdr`` searches ``p_(k) < k alpha / n``), so with 99 permutations and
``alpha = 0.05`` a region whose ``p = 5/100`` is *not* significant.

Clusters are the connected components of the graph restricted to significant
regions of the same label (HH with HH, LL with LL, hot with hot, cold with cold),
computed on the national graph: a cluster that crosses a municipal border stays
one cluster, and the table lists the gemeenten it spans.

References: Anselin, L. (1995) Local indicators of spatial association — LISA.
*Geographical Analysis* 27(2). Ord, J.K. & Getis, A. (1995) *Geographical
Analysis* 27(4). Rey, S.J. & Anselin, L. (2007) PySAL. Benjamini, Y. & Hochberg,
Y. (1995) *JRSS B* 57(1).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from kloof.errors import KloofWarning, SpecError
from kloof.spatial._common import Correction, gemeente_of, significance_cutoff
from kloof.spatial.graph import NeighbourGraph
from kloof.spatial.permutation import pseudo_p, row_standardised, weight_sums

__all__ = [
    "METHODS",
    "QUADRANTS",
    "GlobalMoran",
    "HotspotResult",
    "HotspotSpec",
    "getis_ord",
    "global_moran",
    "hotspots",
    "local_moran",
]

Method = Literal["lisa", "gi_star"]
#: esda quadrant numbers → labels (value / neighbours): 1 HH, 2 LH, 3 LL, 4 HL.
QUADRANTS: dict[int, str] = {1: "HH", 2: "LH", 3: "LL", 4: "HL"}
_CLUSTER_LABELS = {"lisa": ("HH", "LL"), "gi_star": ("hot", "cold")}
#: How the log line names a correction (``fdr`` and ``bonferroni`` are names already).
_CORRECTION_WORDS = {"none": "no correction"}


@dataclass(frozen=True)
class HotspotSpec:
    """Parameters of a hot-spot analysis (everything needed to rebuild it).

    Attributes
    ----------
    column
        The index, domain or indicator analysed.
    method
        ``lisa`` (local Moran) or ``gi_star`` (Getis-Ord Gi*).
    permutations
        Conditional permutations for pseudo p-values. The smallest attainable
        pseudo p-value is ``1 / (permutations + 1)``: a false-discovery-rate
        correction over thousands of regions needs 9999 (the default) to find
        anything; 999 is the customary minimum for a single test.
    seed
        Seed of every random draw.
    alpha
        Significance level before correction.
    correction
        ``fdr`` (default), ``bonferroni`` or ``none``.
    """

    column: str = "value"
    method: Method = "lisa"
    permutations: int = 9999
    seed: int = 0
    alpha: float = 0.05
    correction: Correction = "fdr"

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise SpecError(f"method {self.method!r} unknown; choose from {list(METHODS)}")
        if self.permutations < 99:
            raise SpecError("use at least 99 permutations (999 recommended)")


@dataclass(frozen=True)
class GlobalMoran:
    """Global Moran's I with analytical and permutation inference."""

    I: float  # noqa: E741 - the statistic's name
    expected: float
    z_norm: float
    p_norm: float
    p_sim: float
    permutations: int
    seed: int
    n: int


@dataclass(frozen=True)
class HotspotResult:
    """Local statistics per region, clusters and the global Moran's I.

    Attributes
    ----------
    spec
        The :class:`HotspotSpec`.
    regions
        One row per input region: ``code, gemeente, value, status, statistic, p,
        significant, label, cluster``. ``label`` is HH/LH/LL/HL (LISA) or hot/cold
        (Gi*) when significant, ``ns`` when not, empty when the region was not
        analysed (see ``status``).
    clusters
        ``cluster, label, regions, gemeenten, crosses_border, codes`` (+ ``residents``
        when residents were given).
    global_moran
        Moran's I of the same values on the same graph.
    cutoff
        p-value below which a region counts as significant (after correction):
        ``significant = p < cutoff``, as in esda.
    graph
        :meth:`NeighbourGraph.summary` of the graph used.
    log
        Steps and caveats, in order.
    """

    spec: HotspotSpec
    regions: pd.DataFrame
    clusters: pd.DataFrame
    global_moran: GlobalMoran
    cutoff: float
    graph: dict[str, Any] = field(default_factory=dict)
    log: tuple[str, ...] = ()

    def excluded(self) -> dict[str, tuple[str, ...]]:
        """Codes not analysed, by reason (``missing``, ``no_geometry``, ``island``)."""
        out = {}
        for status, group in self.regions.groupby("status"):
            if status != "ok":
                out[str(status)] = tuple(group["code"])
        return out


def _prepare(
    values: pd.Series, graph: NeighbourGraph
) -> tuple[pd.DataFrame, NeighbourGraph, np.ndarray, list[str]]:
    """Align values with the graph; statuses for every region; the usable subgraph."""
    values = values.astype(float)
    in_graph = set(graph.codes)
    codes = sorted(set(values.index) | in_graph | set(graph.no_geometry))
    table = pd.DataFrame({"code": codes})
    table["gemeente"] = gemeente_of(codes).to_numpy()
    table["value"] = values.reindex(codes).to_numpy()
    status = np.where([c in in_graph for c in codes], "ok", "no_geometry")
    status = np.where(table["value"].isna().to_numpy() & (status == "ok"), "missing", status)
    usable = [c for c, s in zip(codes, status, strict=True) if s == "ok"]
    sub = graph.subgraph(usable)
    dropped = set(sub.dropped)
    table["status"] = np.where([c in dropped for c in codes], "island", status)
    counts = ", ".join(
        f"{int((table['status'] == s).sum())} {s}"
        for s in ("ok", "missing", "no_geometry", "island")
    )
    log = [f"{len(table)} regions: {counts}"]
    if sub.attached:
        log.append(f"{len(sub.attached)} islands linked to their nearest region: {sub.attached}")
    active = list(sub.active)
    y = values.reindex(active).to_numpy(dtype=float)
    if len(y) < 3 or float(np.nanstd(y)) == 0.0:
        raise SpecError(
            f"{len(y)} usable regions with {'constant' if len(y) >= 3 else 'too few'} "
            "values: spatial autocorrelation is undefined"
        )
    return table, sub, y, log


def global_moran(
    values: pd.Series, graph: NeighbourGraph, *, permutations: int = 999, seed: int = 0
) -> GlobalMoran:
    """Global Moran's I (row-standardised weights) with a seeded pseudo p-value.

    Examples
    --------
    The St. Louis homicide rates 1988-93 on rook contiguity give esda's published
    ``I = 0.24365582621771659`` (``tests/spatial/test_hotspots.py``).
    """
    _, sub, y, _ = _prepare(values, graph)
    return _global(y, sub, permutations, seed)


def _global(
    y: np.ndarray, sub: NeighbourGraph, permutations: int, seed: int, w: Any = None
) -> GlobalMoran:
    """Moran's I with its normal-approximation moments (Cliff & Ord 1981, as esda's
    ``Moran``: two-tailed ``p_norm``) and the seeded permutation p-value."""
    w = row_standardised(sub.binary()) if w is None else w
    n = len(y)
    z = y - y.mean()
    zz = float(z @ z)
    s0, s1, s2 = weight_sums(w)
    moran_i = n / s0 * float(z @ (w @ z)) / zz
    expected = -1.0 / (n - 1)
    variance = (n * n * s1 - n * s2 + 3 * s0 * s0) / ((n - 1) * (n + 1) * s0 * s0)
    z_norm = (moran_i - expected) / math.sqrt(variance - expected**2)
    rng = np.random.default_rng(seed)
    scale = n / s0 / zz
    sims = np.empty(permutations)
    for start in range(0, permutations, 100):
        stop = min(start + 100, permutations)
        zp = rng.permuted(np.broadcast_to(z, (stop - start, n)), axis=1).T
        sims[start:stop] = scale * np.einsum("ij,ij->j", zp, w @ zp)
    larger = int((sims >= moran_i).sum())
    larger = min(larger, permutations - larger)
    return GlobalMoran(
        I=moran_i,
        expected=expected,
        z_norm=z_norm,
        p_norm=math.erfc(abs(z_norm) / math.sqrt(2.0)),
        p_sim=(larger + 1.0) / (permutations + 1.0),
        permutations=permutations,
        seed=seed,
        n=n,
    )


def local_moran(
    values: pd.Series,
    graph: NeighbourGraph,
    spec: HotspotSpec | None = None,
    *,
    residents: pd.Series | None = None,
) -> HotspotResult:
    """Local Moran's I (LISA) with quadrants, conditional permutations and FDR."""
    spec = spec or HotspotSpec(method="lisa")
    return _local(values, graph, spec, residents, "lisa")


def getis_ord(
    values: pd.Series,
    graph: NeighbourGraph,
    spec: HotspotSpec | None = None,
    *,
    residents: pd.Series | None = None,
) -> HotspotResult:
    """Getis-Ord Gi* z-scores with conditional permutations and FDR.

    Values below zero are shifted by a constant first: the Gi* z-score and its
    conditional permutation test do not change under a shift of all values.
    """
    spec = spec or HotspotSpec(method="gi_star")
    return _local(values, graph, spec, residents, "gi_star")


def _local(
    values: pd.Series,
    graph: NeighbourGraph,
    spec: HotspotSpec,
    residents: pd.Series | None,
    method: str,
) -> HotspotResult:
    table, sub, y, log = _prepare(values, graph)
    active = list(sub.active)
    n = len(y)
    binary = sub.binary()
    w_r = row_standardised(binary)
    if method == "lisa":
        z = (y - y.mean()) / y.std()
        factor = (n - 1) * z / float(z @ z)
        lag = w_r @ z
        statistic = factor * lag
        p = pseudo_p(z, w_r, factor, statistic, permutations=spec.permutations, seed=spec.seed)
        quadrant = np.where(z > 0, np.where(lag > 0, 1, 4), np.where(lag > 0, 2, 3))
        labels = np.array([QUADRANTS[int(q)] for q in quadrant], dtype=object)
    else:
        shift = max(0.0, -float(y.min()))
        if shift:
            log.append(f"Gi*: values shifted by {shift:g} (z-scores are shift-invariant)")
        statistic, p = _gi_star(y + shift, binary, spec)
        labels = np.where(statistic > 0, "hot", "cold").astype(object)
    cutoff = significance_cutoff(p, spec.alpha, spec.correction)
    significant = p < cutoff  # esda: p_sim < crit_value (strict)
    _resolution_note(spec, len(p), bool(significant.any()), log)
    log.append(
        f"{method}: {spec.permutations} conditional permutations, seed {spec.seed}; "
        f"{_CORRECTION_WORDS.get(spec.correction, spec.correction)} at alpha {spec.alpha} → "
        f"p < {cutoff:.6g}; "
        f"{int(significant.sum())} of {len(p)} significant"
    )
    local = pd.DataFrame(
        {
            "statistic": statistic,
            "p": p,
            "significant": significant,
            "label": np.where(significant, labels, "ns"),
        },
        index=pd.Index(active, name="code"),
    )
    table = table.join(local, on="code")
    table["significant"] = table["significant"].astype("boolean")
    table["label"] = table["label"].fillna("")
    table, clusters = _clusters(table, sub, _CLUSTER_LABELS[method], residents)
    gm = _global(y, sub, spec.permutations, spec.seed, w_r)
    log.append(f"global Moran's I {gm.I:.4f}, pseudo p {gm.p_sim:.4g}")
    return HotspotResult(
        spec=spec,
        regions=table.reset_index(drop=True),
        clusters=clusters,
        global_moran=gm,
        cutoff=cutoff,
        graph=sub.summary(),
        log=tuple(log),
    )


def _gi_star(y: np.ndarray, binary: Any, spec: HotspotSpec) -> tuple[np.ndarray, np.ndarray]:
    """Getis-Ord :math:`G_i^*` z-scores and their conditional-permutation p-values.

    Weights :math:`w^*_{ij}` are the binary links plus a self-link, row-standardised;
    :math:`G_i^* = \\sum_j w^*_{ij} y_j / \\sum_k y_k`, with expectation
    :math:`W_i/n` and variance :math:`W_i (n - W_i) / (n - 1) / n^2 \\cdot s^2 / \\bar y^2`
    (:math:`W_i = \\sum_j w^*_{ij} = 1`, :math:`s^2` the population variance): the
    z-score of Ord & Getis (1995) as esda's ``G_Local(star=True).Zs`` returns it. The
    permutation test is on :math:`G_i^*` itself.
    """
    import scipy.sparse as sp

    n = len(y)
    star = row_standardised(binary + sp.eye(n, format="csr"))
    total = float(y.sum())
    statistic = star @ y / total
    mean = total / n
    variance = float((y**2).sum()) / n - mean**2
    card = np.asarray(star.sum(axis=1)).ravel()
    expected = card / n
    spread = card * (n - card) / (n - 1) / n**2 * variance / mean**2
    z_scores = (statistic - expected) / np.sqrt(spread)
    self_weights = star.diagonal()
    others = sp.csr_matrix(star - sp.diags(self_weights))
    others.eliminate_zeros()
    p = pseudo_p(
        y,
        others,
        np.full(n, 1.0 / total),
        statistic,
        permutations=spec.permutations,
        seed=spec.seed,
        self_weights=self_weights,
    )
    return z_scores, p


def _resolution_note(spec: HotspotSpec, n: int, any_significant: bool, log: list[str]) -> None:
    """Say so when the permutation count, not the data, limits significance."""
    floor = 1.0 / (spec.permutations + 1)
    if spec.correction == "none" or floor < spec.alpha / n:  # significant means p < cutoff
        return
    need = math.floor(floor * n / spec.alpha) + 1  # smallest k with floor < k alpha / n
    text = (
        f"with {spec.permutations} permutations the smallest pseudo p-value is {floor:.2g}; "
        f"{spec.correction} over {n} regions needs about {need} regions at that level"
    )
    log.append(text)
    if not any_significant:
        warnings.warn(
            f"no region is significant: {text}; use more permutations (e.g. 9999)",
            KloofWarning,
            stacklevel=4,
        )


def _clusters(
    table: pd.DataFrame,
    graph: NeighbourGraph,
    labels: tuple[str, str],
    residents: pd.Series | None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows = []
    cluster_of: dict[str, str] = {}
    gemeente = dict(zip(table["code"], table["gemeente"], strict=True))
    for label in labels:
        codes = table.loc[table["label"] == label, "code"].tolist()
        if not codes:
            continue
        comp = graph.components(codes)
        groups = [tuple(sorted(m)) for m in comp.groupby(comp).groups.values()]
        groups.sort(key=lambda m: (-len(m), m))  # label-1 is the largest cluster
        for k, member_codes in enumerate(groups, start=1):
            cid = f"{label}-{k}"
            cluster_of.update(dict.fromkeys(member_codes, cid))
            gms = tuple(sorted({gemeente[c] for c in member_codes if gemeente[c] is not None}))
            row: dict[str, Any] = {
                "cluster": cid,
                "label": label,
                "regions": len(member_codes),
                "gemeenten": gms,
                "crosses_border": len(gms) > 1,
                "codes": member_codes,
            }
            if residents is not None:
                row["residents"] = float(residents.reindex(member_codes).sum())
            rows.append(row)
    columns = ["cluster", "label", "regions", "gemeenten", "crosses_border", "codes"]
    if residents is not None:
        columns.append("residents")
    table = table.assign(cluster=table["code"].map(cluster_of).astype("string"))
    return table, pd.DataFrame(rows, columns=columns)


#: Local statistics by name (the CLI and docs iterate this registry).
METHODS: dict[str, Callable[..., HotspotResult]] = {"lisa": local_moran, "gi_star": getis_ord}


def hotspots(
    values: pd.Series,
    graph: NeighbourGraph,
    spec: HotspotSpec,
    *,
    residents: pd.Series | None = None,
) -> HotspotResult:
    """Run the local statistic ``spec.method`` (see :data:`METHODS`)."""
    return METHODS[spec.method](values, graph, spec, residents=residents)
