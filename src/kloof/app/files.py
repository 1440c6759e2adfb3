"""Specs from the user's files: area sets and targets (the analysis packages read none).

:mod:`kloof.monitor` parses area sets and targets from YAML text
(:func:`kloof.monitor.areas.loads`, :func:`kloof.monitor.targets.loads`); reading the
file a user names happens here, so that analysis code never touches the file system.

Examples
--------
>>> read_area_set("no/such/file.yaml")
Traceback (most recent call last):
...
kloof.errors.SpecError: cannot read area file no/such/file.yaml: ...
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kloof.errors import SpecError

if TYPE_CHECKING:
    from kloof.monitor.areas import AreaSet
    from kloof.monitor.targets import TargetSet

__all__ = ["read_area_set", "read_targets"]


def read_area_set(path: str | Path) -> AreaSet:
    """Read a user's area set from a YAML file (same schema as the built-in files).

    A user file can hold a single set; to correct a built-in area, copy it with
    ``kloof monitor areas --set nplv --yaml``, edit it and bump ``version``.
    """
    from kloof.monitor.areas import loads

    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise SpecError(f"cannot read area file {p}: {exc.strerror or exc}") from exc
    try:
        return loads(text)
    except SpecError as exc:
        raise SpecError(f"{p}: {exc}") from exc


def read_targets(path: str | Path) -> TargetSet:
    """Read a targets YAML file."""
    from kloof.monitor.targets import loads

    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise SpecError(f"cannot read targets file {p}: {exc.strerror or exc}") from exc
    return loads(text)
