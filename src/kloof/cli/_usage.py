"""Checks every option of a kind gets, whichever command declares it (issue 13).

Typer converts option values with pydantic, which accepts ``nan`` and ``inf`` for a
``float``. No kloof option means either, so :func:`finite_floats` gives every float
option of a command tree a check that refuses them as a usage error (exit 2) before
the command runs; an option's own callback still runs after it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

__all__ = ["finite_floats"]


def _floats(annotation: Any) -> bool:
    if annotation is float:
        return True
    return any(arg is float for arg in getattr(annotation, "__args__", ()))


def _checked(original: Callable[..., Any] | None) -> Callable[..., Any]:
    def check(ctx: Any, param: Any, value: Any) -> Any:
        import typer

        from kloof.cli._texts import language
        from kloof.report.messages import say

        values = value if isinstance(value, list | tuple) else [value]
        for item in values:
            if isinstance(item, float) and not math.isfinite(item):
                text = say("{value} is not a finite number", language(), value=item)
                raise typer.BadParameter(text)
        return original(ctx, param, value) if original is not None else value

    check._kloof_finite = True  # type: ignore[attr-defined]
    return check


def finite_floats(command: Any) -> None:
    """Give every ``float`` option under ``command`` a check for finite values."""
    for sub in getattr(command, "commands", {}).values():
        finite_floats(sub)
    for param in getattr(command, "params", ()):
        descriptor = getattr(param, "type_descriptor", None)
        if descriptor is None or not _floats(descriptor.annotation):
            continue
        if getattr(param.callback, "_kloof_finite", False):
            continue
        param.callback = _checked(param.callback)
