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
* **Rate limits**: an in-memory sliding window per client address and action. The
  address is used only in memory, hashed, and never stored.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from fastapi import HTTPException, Request
from fastapi.responses import Response

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from kloof.plans import LoginSession, PlansDB, User

__all__ = [
    "CSRF_COOKIE",
    "DEVICE_COOKIE",
    "SESSION_COOKIE",
    "Caller",
    "RateLimiter",
    "caller",
    "check_csrf",
    "clear_session_cookie",
    "csrf_token",
    "device_id",
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
#: Largest request body a plans form or JSON write may have (bytes).
MAX_BODY = 32 * 1024


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
    """The authenticated caller of a write, after size, CSRF and rate checks.

    Raises
    ------
    HTTPException
        413 for a too large body, 401 for an anonymous caller (``login_hint`` says how to
        authenticate), 403 for a failed CSRF check, 429 when rate-limited.
    """
    check_body_size(request)
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


class RateLimiter:
    """At most ``limit`` events per ``window`` seconds per key (sliding window, in memory).

    Keys are SHA-256 hashes of the client address and the action; nothing is persisted,
    and old keys are forgotten once their window has passed.
    """

    def __init__(self, limit: int, window: float) -> None:
        self.limit = limit
        self.window = window
        self._events: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str, now: float | None = None) -> bool:
        """Record one event for ``key``; ``False`` when the limit is already reached."""
        now = time.monotonic() if now is None else now
        digest = hashlib.sha256(key.encode()).hexdigest()
        with self._lock:
            if len(self._events) > 10_000:  # forget idle keys
                self._events = {
                    k: q for k, q in self._events.items() if q and q[-1] > now - self.window
                }
            q = self._events.setdefault(digest, deque())
            while q and q[0] <= now - self.window:
                q.popleft()
            if len(q) >= self.limit:
                return False
            q.append(now)
            return True


def rate_limit(request: Request, action: str) -> None:
    """Refuse (429) when this client did ``action`` too often recently."""
    limiters: dict[str, RateLimiter] = request.app.state.kloof_limits
    limiter = limiters[action]
    client = request.client.host if request.client else "?"
    if not limiter.hit(f"{action}|{client}"):
        raise HTTPException(
            429,
            "te veel verzoeken; probeer het over een paar minuten opnieuw "
            "(too many requests; try again in a few minutes)",
        )


def check_body_size(request: Request) -> None:
    """Refuse (413) a write whose declared body is larger than :data:`MAX_BODY`."""
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > MAX_BODY:
        raise HTTPException(413, f"request too large: at most {MAX_BODY // 1024} KB")


def default_limits() -> dict[str, Any]:
    """The rate limits of a new app: login attempts, answers, API writes."""
    return {
        "login": RateLimiter(10, 600.0),
        "survey": RateLimiter(20, 3600.0),
        "write": RateLimiter(300, 60.0),
    }
