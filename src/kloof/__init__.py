"""kloof: measure, select, fund, simulate and monitor the gap between vulnerable Dutch
neighbourhoods and the rest of the country, on real CBS open data.

``import kloof`` stays light: subpackages (``kloof.store``, ``kloof.sources``,
``kloof.index``, ...) are imported on demand.
"""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
