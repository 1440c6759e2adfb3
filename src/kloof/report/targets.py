"""Moved to :mod:`kloof.app.targets` (the application layer); kept as an alias."""

from kloof.app.targets import (
    AREA_SETS,
    Target,
    UnknownTargetError,
    parse_target_text,
    resolve_target,
)

__all__ = ["AREA_SETS", "Target", "UnknownTargetError", "parse_target_text", "resolve_target"]
