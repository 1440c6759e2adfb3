"""Index presets shipped with kloof, as YAML specs.

* ``kloof`` (default): socio-economic vulnerability along the programmes' tasks (income,
  work, safety, housing), rates shrunk towards the parent region, z-scores against NL;
* ``imd``: English IMD style, exponential transform of domain ranks, IMD weights;
* ``svi``: CDC SVI style, percentile ranks, 90th-percentile flags;
* ``voorzieningen``: distance to everyday facilities, a lens of its own (not deprivation).

No preset contains a sensitive (origin) indicator; use :func:`kloof.index.audit` to see
how strongly an index correlates with them.

Examples
--------
>>> load("kloof").name
'kloof'
>>> sorted(names())
['imd', 'kloof', 'svi', 'voorzieningen']
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from kloof.errors import SpecError
from kloof.index.spec import IndexSpec

__all__ = ["NAMES", "load", "names", "text"]

#: Preset names, default first.
NAMES: tuple[str, ...] = ("kloof", "imd", "svi", "voorzieningen")


def names() -> dict[str, str]:
    """Preset name → one-line title."""
    return {name: load(name).title for name in NAMES}


def text(name: str) -> str:
    """The YAML text of a preset (a starting point for a spec of one's own)."""
    if name not in NAMES:
        raise SpecError(f"preset: unknown preset {name!r}; choose from {list(NAMES)}")
    return resources.files(__name__).joinpath(f"{name}.yaml").read_text("utf-8")


@cache
def load(name: str) -> IndexSpec:
    """The preset ``name`` as an :class:`~kloof.index.spec.IndexSpec`."""
    return IndexSpec.from_yaml(text(name))
