"""Environment settings: paths, cache, language. Never change a computed number.

Settings come from ``KLOOF_*`` environment variables (or keyword arguments) and reject
unknown keys, so a typo fails loudly instead of being ignored.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings"]


class Settings(BaseSettings):
    """Where kloof keeps its files and how it talks to the user.

    Attributes
    ----------
    store
        Path of the DuckDB store file (``KLOOF_STORE``), default ``./kloof.duckdb``.
    cache_dir
        On-disk cache of CBS API responses (``KLOOF_CACHE_DIR``).
    language
        ``nl`` (default) or ``en`` for labels shown to users.
    odata_url
        Base URL of the CBS OData v3 API.
    police_url
        Base URL of the CBS OData v3 service of third-party tables (police crime,
        47018NED; ``KLOOF_POLICE_URL``).
    http_timeout
        Seconds before an API request times out.
    http_retries
        How often a failed API request is retried.
    dask_address
        Address of a Dask scheduler; empty means a local cluster.
    plans_db
        SQLAlchemy URL of the area-plans database (``KLOOF_PLANS_DB``), default the
        SQLite file ``sqlite:///kloof-plans.db``; PostgreSQL with
        ``postgresql+psycopg://user:password@host:5432/dbname``.
    secret_key
        Secret for device hashes of the residents' questionnaire (``KLOOF_SECRET_KEY``).
        Empty (the default) means a random key is generated and stored in the plans
        database on first open, so device hashes and sessions stay valid across restarts.
    forwarded_allow_ips
        Comma-separated addresses of reverse proxies whose ``X-Forwarded-For`` header
        names the client (``KLOOF_FORWARDED_ALLOW_IPS``, ``kloof serve
        --forwarded-allow-ips``). Empty (the default): the header is never believed, and
        rate limits count the connection's own address.
    warm
        Prepare the dashboard's main results (default years, index, map layers, hot
        spots) in the background at start (``KLOOF_WARM``, default on).
    tile_url
        A raster tile address with ``{z}``, ``{x}`` and ``{y}`` drawn under the dashboard's
        map, for place names and streets (``KLOOF_TILE_URL``; in production PDOK's BRT
        achtergrondkaart,
        ``https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png``).
        Empty (the default): no basemap, nothing is loaded from elsewhere.
    jobs_dir
        Folder where simulation jobs keep their status and results, so that every worker
        process of ``kloof serve --workers N`` finds them (``KLOOF_JOBS_DIR``; empty:
        jobs live in the memory of the process that runs them).
    """

    model_config = SettingsConfigDict(env_prefix="KLOOF_", extra="forbid", frozen=True)

    store: Path = Field(default=Path("kloof.duckdb"))
    cache_dir: Path = Field(default=Path.home() / ".cache" / "kloof")
    language: Literal["nl", "en"] = "nl"
    odata_url: str = "https://opendata.cbs.nl/ODataApi/odata"
    police_url: str = "https://dataderden.cbs.nl/ODataApi/OData"
    http_timeout: float = Field(default=30.0, gt=0)
    http_retries: int = Field(default=3, ge=0)
    dask_address: str = ""
    plans_db: str = "sqlite:///kloof-plans.db"
    secret_key: str = ""
    forwarded_allow_ips: str = ""
    warm: bool = True
    jobs_dir: Path | None = None
    tile_url: str = ""

    def __init__(self, **values: Any) -> None:
        _check_environment(set(type(self).model_fields))
        super().__init__(**values)

    @field_validator("tile_url")
    @classmethod
    def _tiles(cls, value: str) -> str:
        """An https address with the ``{z}``, ``{x}`` and ``{y}`` placeholders, or empty."""
        if value and (
            not value.startswith("https://")
            or any(p not in value for p in ("{z}", "{x}", "{y}"))
            or any(c in value for c in "'\" <>;")
        ):
            raise ValueError(
                "give an https:// tile address with {z}, {x} and {y}, e.g. "
                "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/"
                "EPSG:3857/{z}/{x}/{y}.png"
            )
        return value

    @field_validator("forwarded_allow_ips")
    @classmethod
    def _proxies(cls, value: str) -> str:
        """Every entry an IP address or network (``10.0.0.1``, ``10.0.0.0/8``)."""
        import ipaddress

        for entry in (e.strip() for e in value.split(",")):
            if not entry:
                continue
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError:
                raise ValueError(
                    f"{entry!r} is no IP address or network; give the proxies' addresses, "
                    "comma-separated (e.g. 127.0.0.1,10.0.0.0/8)"
                ) from None
        return value


#: ``KLOOF_*`` variables that are not settings but are read elsewhere on purpose.
_OTHER_VARIABLES = frozenset({"KLOOF_NEW_PASSWORD", "KLOOF_CHROMIUM"})


def _check_environment(fields: set[str]) -> None:
    """Refuse a ``KLOOF_*`` variable that names no setting (a typo fails loudly).

    Raises
    ------
    ValueError
        Naming the variable and, where one is close, the setting meant.
    """
    import difflib
    import os

    known = {f"KLOOF_{f.upper()}" for f in fields} | _OTHER_VARIABLES
    for name in sorted(os.environ):
        if name.upper().startswith("KLOOF_") and name.upper() not in known:
            close = difflib.get_close_matches(name.upper(), sorted(known), n=1)
            hint = f"; did you mean {close[0]}?" if close else ""
            raise ValueError(
                f"environment variable {name} is not a kloof setting{hint} "
                f"(known: {', '.join(sorted(known - _OTHER_VARIABLES))})"
            )
