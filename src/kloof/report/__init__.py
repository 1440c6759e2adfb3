"""Reports: area profiles as HTML, PDF and XLSX, with charts, maps and tables.

The report layer sits on the store and the analysis packages and under the web app and
the CLI, which are thin adapters over it. :func:`make_profile` computes the numbers of
one region or named area; :func:`render_profile_file` writes them as a file;
:func:`render_set` writes the profiles of every NPLV area. :class:`FrameCache` makes
repeated questions to the store cheap.

Examples
--------
>>> from kloof.report import FrameCache, render_profile_file          # doctest: +SKIP
>>> cache = FrameCache(open_store("kloof.duckdb", read_only=True))   # doctest: +SKIP
>>> render_profile_file(cache, "nplv:rotterdam-zuid", "zuid.pdf")     # doctest: +SKIP
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kloof.report.frames import FrameCache
    from kloof.report.profile import Profile, ProfileRow, build_profile, make_profile
    from kloof.report.render import (
        FORMATS,
        ReportError,
        html_to_pdf,
        render_html,
        render_profile_file,
        render_set,
        write_xlsx,
    )
    from kloof.report.targets import Target, UnknownTargetError, resolve_target

#: Where each name of the package lives. Imported on first use (PEP 562), so that a
#: light module such as :mod:`kloof.report.i18n` does not pull in pandas, matplotlib and
#: the renderers (``kloof data status`` needs only the labels).
_EXPORTS: dict[str, str] = {
    "FORMATS": "render",
    "FrameCache": "frames",
    "Profile": "profile",
    "ProfileRow": "profile",
    "ReportError": "render",
    "Target": "targets",
    "UnknownTargetError": "targets",
    "build_profile": "profile",
    "html_to_pdf": "render",
    "make_profile": "profile",
    "render_html": "render",
    "render_profile_file": "render",
    "render_set": "render",
    "resolve_target": "targets",
    "write_xlsx": "render",
}

__all__ = [
    "FORMATS",
    "FrameCache",
    "Profile",
    "ProfileRow",
    "ReportError",
    "Target",
    "UnknownTargetError",
    "build_profile",
    "html_to_pdf",
    "make_profile",
    "render_html",
    "render_profile_file",
    "render_set",
    "resolve_target",
    "write_xlsx",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
