"""The YAML mapping of "bring your own data": which column is what.

A mapping says which column holds the region code, which year the data is for, and
which columns are which catalogue indicators::

    # buurtmonitor.yaml
    code_column: buurtcode          # or code_template: "BU{buurtnummer:08d}"
    name_column: buurtnaam          # optional
    year: 2023                      # or year_column: jaar, or year_from_filename: true
    level: buurt                    # optional check
    decimal: ","                    # "1,5" means 1.5
    missing: [".", "x", "-", ""]    # cells that mean "no value"
    columns:                        # source column -> catalogue indicator id
      inwoners: inhabitants
      bijstand: bijstand_recipients
    scale: {woz: 0.001}             # optional: multiply a column (euro -> x 1 000 euro)

Unknown keys are an error (a typo such as ``colums`` fails loudly, with a suggestion).
Built-in mappings live in ``kloof/data/mappings``: ``gemeente-panel`` imports the PDOK
gemeente panel ``gemeenten_YYYY.geojson`` (2012-2024). Reading a file with a mapping is
:func:`kloof.sources.mapping.read_mapped`.
"""

from __future__ import annotations

import difflib
import string
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from kloof import regions as _regions
from kloof.errors import SpecError

__all__ = [
    "DEFAULT_MISSING",
    "ColumnMapping",
    "builtin_mapping",
    "builtin_mappings",
    "load_mapping",
]

#: Cells that mean "no value" unless a mapping says otherwise (CBS markers, R's NA).
DEFAULT_MISSING: tuple[str, ...] = ("", ".", "x", "X", "-", "NA", "n.v.t.", "-99997", "-99999999")


class ColumnMapping(BaseModel):
    """How the columns of one file map onto regions, a year and catalogue indicators.

    Exactly one of ``code_column``/``code_template`` and exactly one of ``year``,
    ``year_column``, ``year_from_filename`` must be given. See the module docstring.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    format: Literal["csv", "xlsx", "geojson", "gpkg", "shp"] | None = None
    code_column: str | None = None
    code_template: str | None = None
    name_column: str | None = None
    year: int | None = Field(default=None, ge=1900, le=2100)
    year_column: str | None = None
    year_from_filename: bool = False
    level: _regions.Level | None = None
    columns: dict[str, str] = Field(min_length=1)
    missing: tuple[str, ...] = DEFAULT_MISSING
    decimal: Literal[".", ","] = "."
    thousands: Literal[".", ",", " "] | None = None
    sheet: str | int | None = None
    delimiter: str | None = None
    encoding: str = "utf-8-sig"
    skip_rows: int = Field(default=0, ge=0)
    scale: dict[str, float] = Field(default_factory=dict)
    geometry: bool = False
    exclude_codes: tuple[str, ...] = ()
    absent_columns: Literal["error", "skip"] = "error"
    description: str = ""

    @model_validator(mode="after")
    def _check(self) -> ColumnMapping:
        if (self.code_column is None) == (self.code_template is None):
            raise ValueError("give exactly one of code_column and code_template")
        years = [self.year is not None, self.year_column is not None, self.year_from_filename]
        if sum(years) != 1:
            raise ValueError("give exactly one of year, year_column and year_from_filename")
        if self.code_template is not None and not self.template_fields():
            raise ValueError(f"code_template {self.code_template!r} names no column")
        if self.decimal == self.thousands:
            raise ValueError("decimal and thousands separators must differ")
        stray = sorted(set(self.scale) - set(self.columns))
        if stray:
            raise ValueError(f"scale names columns that are not mapped: {stray}")
        seen: dict[str, str] = {}
        for column, indicator in self.columns.items():
            if indicator in seen:
                raise ValueError(
                    f"columns {seen[indicator]!r} and {column!r} both map to {indicator!r}"
                )
            seen[indicator] = column
        return self

    def template_fields(self) -> tuple[tuple[str, str], ...]:
        """``(column, format spec)`` of each field in ``code_template``."""
        if self.code_template is None:
            return ()
        try:
            parsed = list(string.Formatter().parse(self.code_template))
        except ValueError as exc:
            raise ValueError(f"code_template {self.code_template!r}: {exc}") from None
        return tuple((f, spec or "") for _, f, spec, _ in parsed if f)

    def needed_columns(self) -> tuple[str, ...]:
        """Columns that must exist in the file (besides the mapped indicators)."""
        needed = [self.code_column] if self.code_column else []
        needed += [f for f, _ in self.template_fields()]
        needed += [c for c in (self.name_column, self.year_column) if c]
        return tuple(dict.fromkeys(needed))


def _spec_error(exc: ValidationError, origin: str) -> SpecError:
    allowed = sorted(ColumnMapping.model_fields)
    lines = []
    for err in exc.errors():
        key = ".".join(str(p) for p in err["loc"]) or "(mapping)"
        if err["type"] == "extra_forbidden":
            close = difflib.get_close_matches(str(err["loc"][0]), allowed, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            lines.append(f"unknown key {key!r}{hint}; allowed keys: {', '.join(allowed)}")
        else:
            lines.append(f"{key}: {err['msg']}")
    return SpecError(f"{origin}: invalid mapping: " + "; ".join(lines))


def load_mapping(source: ColumnMapping | Mapping[str, Any] | str | Path) -> ColumnMapping:
    """A :class:`ColumnMapping` from a model, a dict or a YAML file.

    Raises
    ------
    SpecError
        If the YAML does not parse or the mapping is invalid (naming the key).
    """
    if isinstance(source, ColumnMapping):
        return source
    origin = "mapping"
    if isinstance(source, str | Path):
        path = Path(source)
        origin = str(path)
        try:
            raw = yaml.safe_load(path.read_text("utf-8"))
        except OSError as exc:
            raise SpecError(f"{origin}: cannot read the mapping file ({exc})") from None
        except yaml.YAMLError as exc:
            raise SpecError(f"{origin}: not valid YAML: {exc}") from None
    else:
        raw = dict(source)
    if not isinstance(raw, dict):
        raise SpecError(f"{origin}: a mapping file must be a YAML mapping of keys to values")
    try:
        return ColumnMapping.model_validate(raw)
    except ValidationError as exc:
        raise _spec_error(exc, origin) from None


def builtin_mappings() -> tuple[str, ...]:
    """Names of the mappings shipped in ``kloof/data/mappings``."""
    folder = resources.files("kloof").joinpath("data/mappings")
    return tuple(sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml")))


def builtin_mapping(name: str) -> ColumnMapping:
    """A shipped mapping by name (``gemeente-panel``)."""
    if name not in builtin_mappings():
        raise SpecError(f"no built-in mapping {name!r}; there are {list(builtin_mappings())}")
    text = resources.files("kloof").joinpath(f"data/mappings/{name}.yaml").read_text("utf-8")
    try:
        return ColumnMapping.model_validate(yaml.safe_load(text))
    except ValidationError as exc:
        raise _spec_error(exc, f"kloof/data/mappings/{name}.yaml") from None
