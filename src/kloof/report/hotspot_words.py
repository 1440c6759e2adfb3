"""Hot-spot labels in words: what a cluster means for the people who live there.

LISA and Gi* label regions by the *values* (``LL`` = a low value among low neighbours),
but whether low is vulnerable depends on the layer: for the kloof index (higher =
better) ``LL`` is a vulnerable cluster, for bijstand per 1,000 (higher = worse) ``HH``
is. Users who know deprivation maps read "HH = hot spot" the wrong way round on the
index, so every face (dashboard, CLI, exports) names clusters in words through
:func:`meaning` and :func:`words`:

=============  ===================  ===================
label          higher is better     higher is worse
=============  ===================  ===================
``LL``         vulnerable cluster   strong cluster
``HH``         strong cluster       vulnerable cluster
``LH``         vulnerable outlier   strong outlier
``HL``         strong outlier       vulnerable outlier
``cold``       vulnerable spot      strong spot
``hot``        strong spot          vulnerable spot
=============  ===================  ===================

"Low" and "high" are relative to the mean of the analysed regions (each region weighs
the same), not to the Netherlands = 100: a wijk just above 100 can lie in a vulnerable
cluster when the wijken around it score lower still.

Examples
--------
>>> words(meaning("LL", "higher_is_better"), "nl")
'kwetsbaar cluster'
>>> words(meaning("HH", "higher_is_worse"), "en")
'vulnerable cluster'
"""

from __future__ import annotations

__all__ = ["MEANINGS", "meaning", "words"]

_VULNERABLE_WHEN_BETTER = {
    "LL": "vulnerable_cluster",
    "HH": "strong_cluster",
    "LH": "vulnerable_outlier",
    "HL": "strong_outlier",
    "cold": "vulnerable_spot",
    "hot": "strong_spot",
}
_FLIP = {
    "vulnerable_cluster": "strong_cluster",
    "strong_cluster": "vulnerable_cluster",
    "vulnerable_outlier": "strong_outlier",
    "strong_outlier": "vulnerable_outlier",
    "vulnerable_spot": "strong_spot",
    "strong_spot": "vulnerable_spot",
}

#: Meaning → (Dutch, English).
MEANINGS: dict[str, tuple[str, str]] = {
    "vulnerable_cluster": ("kwetsbaar cluster", "vulnerable cluster"),
    "strong_cluster": ("sterk cluster", "strong cluster"),
    "vulnerable_outlier": ("kwetsbare uitschieter", "vulnerable outlier"),
    "strong_outlier": ("sterke uitschieter", "strong outlier"),
    "vulnerable_spot": ("kwetsbare plek", "vulnerable spot"),
    "strong_spot": ("sterke plek", "strong spot"),
    "ns": ("niet significant", "not significant"),
    "missing": ("geen gegevens", "no data"),
}


def meaning(label: str, direction: str) -> str:
    """The meaning of a LISA/Gi* ``label`` for a layer with ``direction``
    (``higher_is_better`` or ``higher_is_worse``); ``ns``/``missing`` stay as they are."""
    base = _VULNERABLE_WHEN_BETTER.get(label)
    if base is None:
        return label if label in MEANINGS else "ns"
    return base if direction == "higher_is_better" else _FLIP[base]


def words(key: str, language: str = "nl") -> str:
    """The words for a meaning in ``language`` (``nl`` or ``en``)."""
    nl, en = MEANINGS.get(key, (key, key))
    return en if language == "en" else nl
