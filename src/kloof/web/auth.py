"""Who is asking: login sessions, API tokens, CSRF tokens, devices and rate limits.

The web side of :mod:`kloof.plans` security; the rules themselves (roles, hashing,
sessions, audit) live there, this module only moves them through HTTP:

* **Sessions**: after login the browser holds the cookie :data:`SESSION_COOKIE`
  (``HttpOnly``, ``SameSite=Strict``, ``Secure`` on HTTPS, ``Path=/``) with a random
  session id; the plans database keeps only its SHA-256 hash, the user and a CSRF token.
* **CSRF**: every form that changes something carries a hidden ``csrf`` field. For a
  logged-in user it must equal the session's token (synchroniser token); for anonymous
  forms (login, the residents' questionnaire) it must equal the random
  :data:`CSRF_COOKIE` (double submit). JSON writes with a Bearer token need no CSRF
  token (no cookie is involved); JSON writes on a session cookie need the
  ``X-CSRF-Token`` header.
* **API tokens**: ``Authorization: Bearer <token>``; the database keeps only a hash.
* **Devices**: the questionnaire allows one answer per device per period. The device is
  the random :data:`DEVICE_COOKIE`; only an HMAC of it with area and period is stored.
* **Rate limits**: in-memory moving windows (the ``limits`` library) per client address
  and action, and per account for failed logins (:func:`default_limits`). The address
  is used only in memory, hashed, and never stored; ``X-Forwarded-For`` is believed only
  from the proxies of ``--forwarded-allow-ips`` (:func:`client_address`).
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from fastapi import HTTPException, Request
from fastapi.responses import Response

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from kloof.plans import LoginSession, PlansDB, User

__all__ = [
    "CSRF_COOKIE",
    "DEVICE_COOKIE",
    "SESSION_COOKIE",
    "TOO_MANY",
    "Caller",
    "RateLimits",
    "account_key",
    "caller",
    "check_csrf",
    "clear_session_cookie",
    "client_address",
    "csrf_token",
    "default_limits",
    "device_id",
    "login_allowed",
    "login_failed",
    "login_succeeded",
    "plans_db",
    "plans_exist",
    "rate_limit",
    "set_session_cookie",
    "unit_of_work",
    "writer",
]

SESSION_COOKIE = "kloof_sessie"
CSRF_COOKIE = "kloof_csrf"
DEVICE_COOKIE = "kloof_apparaat"


def plans_db(request: Request) -> PlansDB:
    """The plans database of the app (opened, and migrated to head, on first use)."""
    app_state = request.app.state
    lock: threading.Lock = app_state.kloof_plans_lock
    with lock:
        db = getattr(app_state, "kloof_plans_db", None)
        if db is None:
            from kloof.plans import open_plans

            settings = app_state.kloof.settings
            db = open_plans(settings.plans_db, secret_key=settings.secret_key)
            app_state.kloof_plans_db = db
        return db  # type: ignore[no-any-return]


def plans_exist(request: Request) -> bool:
    """Whether there is a plans database to read (a missing SQLite file is not created)."""
    from kloof.plans import database_exists

    if getattr(request.app.state, "kloof_plans_db", None) is not None:
        return True
    return database_exists(request.app.state.kloof.settings.plans_db)


@contextmanager
def unit_of_work(request: Request) -> Iterator[Session]:
    """One transaction on the plans database: committed on success, rolled back on error."""
    with plans_db(request).session() as s:
        yield s


class Caller:
    """The user behind a request, and how they proved it (session cookie or token)."""

    def __init__(self, user: User | None, login: LoginSession | None, via: str) -> None:
        self.user = user
        self.login = login
        self.via = via  # "session", "token" or "anonymous"

    @property
    def anonymous(self) -> bool:
        return self.user is None


def caller(request: Request, s: Session) -> Caller:
    """Who is asking: a Bearer token, else the session cookie, else anonymous.

    Raises
    ------
    HTTPException
        401 for an invalid Bearer token (a wrong token is never treated as anonymous).
    """
    from kloof.plans import AuthenticationError, lookup_session, verify_api_token

    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        try:
            return Caller(verify_api_token(s, header[7:].strip()), None, "token")
        except AuthenticationError:
            raise HTTPException(401, "invalid or revoked API token") from None
    sid = request.cookies.get(SESSION_COOKIE, "")
    login = lookup_session(s, sid) if sid else None
    if login is not None:
        return Caller(login.user, login, "session")
    return Caller(None, None, "anonymous")


def csrf_token(request: Request, who: Caller) -> str:
    """The token to put in this page's forms (the session's, or the anonymous cookie's)."""
    if who.login is not None:
        return who.login.csrf_token
    token = request.cookies.get(CSRF_COOKIE) or getattr(request.state, "new_csrf", None)
    if not token:
        token = secrets.token_urlsafe(24)
        request.state.new_csrf = token
    return str(token)


def remember_cookies(request: Request, response: Response) -> Response:
    """Set the cookies a page handed out while rendering (anonymous CSRF token, device)."""
    secure = request.url.scheme == "https"
    new_csrf = getattr(request.state, "new_csrf", None)
    if new_csrf:
        response.set_cookie(
            CSRF_COOKIE, new_csrf, httponly=True, samesite="strict", secure=secure, path="/"
        )
    new_device = getattr(request.state, "new_device", None)
    if new_device:
        response.set_cookie(
            DEVICE_COOKIE,
            new_device,
            max_age=2 * 365 * 24 * 3600,
            httponly=True,
            samesite="strict",
            secure=secure,
            path="/",
        )
    return response


def check_csrf(request: Request, s: Session, who: Caller, token: str | None) -> None:
    """Refuse (403) a cookie-authenticated write whose CSRF token does not match."""
    import hmac

    from kloof.plans import check_csrf as session_csrf

    if who.via == "token":
        return
    token = token or request.headers.get("x-csrf-token", "")
    if who.login is not None:
        sid = request.cookies.get(SESSION_COOKIE, "")
        if session_csrf(s, sid, token):
            return
    else:
        cookie = request.cookies.get(CSRF_COOKIE, "")
        if cookie and token and hmac.compare_digest(cookie.encode(), token.encode()):
            return
    raise HTTPException(
        403,
        "CSRF-controle mislukt: laad de pagina opnieuw en probeer het nog eens "
        "(CSRF check failed: reload the page and try again)",
    )


def writer(request: Request, s: Session, csrf: str | None, *, login_hint: str) -> Caller:
    """The authenticated caller of a write, after CSRF and rate checks (the body size is
    checked before, while it is read: :class:`kloof.web.guard.BodyLimit`).

    Raises
    ------
    HTTPException
        401 for an anonymous caller (``login_hint`` says how to
        authenticate), 403 for a failed CSRF check, 429 when rate-limited.
    """
    who = caller(request, s)
    if who.anonymous:
        raise HTTPException(401, login_hint)
    check_csrf(request, s, who, csrf)
    rate_limit(request, "write")
    return who


def device_id(request: Request) -> str:
    """The random id of this device (from its cookie, or a new one set on the answer)."""
    current = request.cookies.get(DEVICE_COOKIE, "")
    if 16 <= len(current) <= 200:
        return current
    new = secrets.token_urlsafe(24)
    request.state.new_device = new
    return new


def set_session_cookie(request: Request, response: Response, session_id: str) -> None:
    """Hand the session id to the browser (``HttpOnly``, ``SameSite=Strict``)."""
    response.set_cookie(
        SESSION_COOKIE,
        session_id,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
        max_age=8 * 3600,
    )


def clear_session_cookie(response: Response) -> None:
    """Remove the session cookie (logout)."""
    response.delete_cookie(SESSION_COOKIE, path="/")


class RateLimits:
    """Moving-window rate limits per action and key, in memory (the ``limits`` library).

    Keys are SHA-256 hashes (of a client address, or of an e-mail address for the
    per-account login backoff); nothing is persisted, and the storage forgets a key once
    its window has passed.

    Parameters
    ----------
    rules
        Action → limits such as ``"10/10 minutes"``. An action with several limits is
        refused as soon as one of them is reached: ``("5/15 minutes", "20/day")`` allows
        5 failed logins, then one every few minutes, then none until the next day.
    """

    def __init__(self, rules: dict[str, tuple[str, ...]]) -> None:
        from limits import parse
        from limits.storage import MemoryStorage
        from limits.strategies import MovingWindowRateLimiter

        self._limiter = MovingWindowRateLimiter(MemoryStorage())
        self._rules = {action: [parse(r) for r in texts] for action, texts in rules.items()}

    @staticmethod
    def _key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    def allowed(self, action: str, key: str) -> bool:
        """Whether one more event of ``action`` for ``key`` is within every limit."""
        digest = self._key(key)
        return all(self._limiter.test(rule, action, digest) for rule in self._rules[action])

    def hit(self, action: str, key: str) -> bool:
        """Record one event; ``False`` (and nothing recorded) when a limit is reached."""
        if not self.allowed(action, key):
            return False
        digest = self._key(key)
        for rule in self._rules[action]:
            self._limiter.hit(rule, action, digest)
        return True

    def clear(self, action: str, key: str) -> None:
        """Forget the events of ``action`` for ``key`` (a successful login)."""
        digest = self._key(key)
        for rule in self._rules[action]:
            self._limiter.clear(rule, action, digest)


TOO_MANY = (
    "Te veel pogingen; probeer het over een paar minuten opnieuw "
    "(too many requests; try again in a few minutes)"
)


def client_address(request: Request) -> str:
    """The client's address: the connection's peer.

    ``X-Forwarded-For`` counts only when it came through a proxy named in
    ``--forwarded-allow-ips`` (``KLOOF_FORWARDED_ALLOW_IPS``): then the app's proxy
    middleware has already put the real client in the connection's place. A header
    sent by anybody else is ignored.
    """
    return request.client.host if request.client else "?"


def rate_limit(request: Request, action: str) -> None:
    """Refuse (429) when this client did ``action`` too often recently."""
    limits: RateLimits = request.app.state.kloof_limits
    if not limits.hit(action, client_address(request)):
        raise HTTPException(429, TOO_MANY)


def account_key(email: str) -> str:
    """The key of the per-account login backoff (the normalised e-mail address)."""
    return email.strip().lower()


def login_allowed(request: Request, email: str) -> None:
    """Refuse (429) a login to an account with too many recent failed attempts."""
    limits: RateLimits = request.app.state.kloof_limits
    if not limits.allowed("account", account_key(email)):
        raise HTTPException(429, TOO_MANY)


def login_failed(request: Request, email: str) -> None:
    """Count a failed login for the account (known or not: no difference is visible)."""
    limits: RateLimits = request.app.state.kloof_limits
    limits.hit("account", account_key(email))


def login_succeeded(request: Request, email: str) -> None:
    """Forget the failed logins of the account."""
    limits: RateLimits = request.app.state.kloof_limits
    limits.clear("account", account_key(email))


def default_limits() -> RateLimits:
    """The rate limits of a new app.

    Per client address: 10 login attempts in 10 minutes, 20 questionnaire answers an
    hour, 300 API writes a minute. Per account: 5 failed logins in 15 minutes and 20 a
    day (a backoff that an attacker cannot dodge by changing address).
    """
    return RateLimits(
        {
            "login": ("10/10 minutes",),
            "survey": ("20/hour",),
            "write": ("300/minute",),
            "account": ("5/15 minutes", "20/day"),
        }
    )
