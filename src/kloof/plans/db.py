"""Opening the plans database: engine, migrations to head, sessions, the secret key.

The database is SQLite by default and PostgreSQL by one setting (``KLOOF_PLANS_DB``),
both through SQLAlchemy. :func:`open_plans` runs the Alembic migrations shipped in
:mod:`kloof.plans.migrations` up to head, so an older database is upgraded in place.

Examples
--------
>>> db = open_plans("sqlite://")                           # doctest: +SKIP
>>> with db.session() as s:                                # one transaction
...     plan = create_plan(s, SYSTEM, "rotterdam-zuid", title="Zuid")  # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
import re
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from argon2 import PasswordHasher
from sqlalchemy import create_engine, event, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from kloof.plans.errors import PlansError, PlansValidationError
from kloof.plans.models import Meta

__all__ = [
    "HEAD",
    "PlansDB",
    "current_revision",
    "database_exists",
    "downgrade",
    "open_plans",
    "upgrade",
]

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: The newest schema revision.
HEAD = "0003"
_SECRET_KEY = "secret_key"


def database_exists(url: str) -> bool:
    """Whether there may be plans at ``url``: ``False`` only for a missing SQLite file.

    Readers that merely *show* plans (profile pages, printed profiles) ask this first, so
    that looking does not create an empty ``kloof-plans.db``. A server database counts as
    present (it is created by whoever configured it).
    """
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return True
    return Path(parsed.database).exists()


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets foreign keys switched on."""
    kwargs: dict[str, Any] = {}
    if url in ("sqlite://", "sqlite:///:memory:"):
        kwargs = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
    try:
        engine = create_engine(url, **kwargs)
    except Exception as exc:  # bad URL or missing driver
        raise PlansError(f"cannot open plans database {url!r}: {exc}") from exc
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _fk_on(dbapi_conn: Any, _record: Any) -> None:
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

    return engine


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database of ``engine`` up to ``revision`` (default the newest)."""
    config = _config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Migrate the database of ``engine`` down to ``revision`` (``"base"`` = empty)."""
    config = _config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    """The schema revision the database is at (``None`` for an empty database)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


class PlansDB:
    """An open plans database: the engine and a factory of transactional sessions.

    Parameters
    ----------
    engine
        The SQLAlchemy engine (made by :func:`open_plans`).
    secret_key
        Key of device hashes (HMAC-SHA256); from settings or generated and stored.
    hasher
        The argon2 password hasher (its cost parameters).
    """

    def __init__(self, engine: Engine, secret_key: str, hasher: PasswordHasher) -> None:
        self.engine = engine
        self.secret_key = secret_key
        self.hasher = hasher
        self._factory = sessionmaker(
            bind=engine,
            expire_on_commit=False,
            info={"secret_key": secret_key, "hasher": hasher},
        )
        event.listen(self._factory, "before_flush", _refuse_control_characters)

    @property
    def url(self) -> str:
        """The database URL without its password."""
        return self.engine.url.render_as_string(hide_password=True)

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: commits when the block ends, rolls back on an exception."""
        with self._factory() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def new_session(self) -> Session:
        """A session the caller commits and closes (e.g. one per web request)."""
        return self._factory()

    def close(self) -> None:
        """Close all connections."""
        self.engine.dispose()

    def __enter__(self) -> PlansDB:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


#: Control characters no stored text may hold (tab, line feed and carriage return may).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _refuse_control_characters(session: Session, *_: object) -> None:
    """Refuse a NUL byte or another control character in any text about to be stored.

    SQLite would store it (and the XLSX export would then fail on it), PostgreSQL refuses
    NUL with an internal error; both now get a :class:`PlansValidationError` (422).
    """
    from sqlalchemy.inspection import inspect

    for obj in (*session.new, *session.dirty):
        for attr in inspect(type(obj)).column_attrs:
            value = getattr(obj, attr.key, None)
            if isinstance(value, str) and CONTROL.search(value):
                raise PlansValidationError(
                    f"{attr.key}: control characters (such as NUL) are not allowed in text"
                )


def _stored_secret(engine: Engine) -> str:
    """The secret kept in ``plans_meta``, generated on first use."""
    with Session(engine) as s, s.begin():
        row = s.scalar(select(Meta).where(Meta.key == _SECRET_KEY))
        if row is not None:
            return row.value
        value = secrets.token_hex(32)
        s.add(Meta(key=_SECRET_KEY, value=value))
    return value


def open_plans(
    url: str = "sqlite:///kloof-plans.db",
    *,
    secret_key: str = "",
    hasher: PasswordHasher | None = None,
    migrate: bool = True,
) -> PlansDB:
    """Open (and create or upgrade) the plans database at ``url``.

    Parameters
    ----------
    url
        SQLAlchemy URL: ``sqlite:///kloof-plans.db`` (default) or
        ``postgresql+psycopg://user:password@host:5432/dbname``.
    secret_key
        Key of device hashes; empty means the key stored in the database (a random one is
        generated and stored on first open, so hashes stay valid across restarts).
    hasher
        The argon2 hasher; default argon2-cffi's recommended parameters.
    migrate
        Run the migrations up to head (default). ``False`` refuses an outdated database.

    Returns
    -------
    PlansDB
        The open database; close it with :meth:`PlansDB.close`.
    """
    engine = make_engine(url)
    try:
        if migrate:
            upgrade(engine)
        elif current_revision(engine) != HEAD:
            raise PlansError(
                f"plans database {url!r} is at schema {current_revision(engine)!r}, "
                f"not {HEAD!r}: open it with migrate=True to upgrade"
            )
        key = secret_key or _stored_secret(engine)
    except PlansError:
        engine.dispose()
        raise
    except Exception as exc:
        engine.dispose()
        raise PlansError(f"cannot open plans database {url!r}: {exc}") from exc
    return PlansDB(engine, key, hasher or PasswordHasher())
