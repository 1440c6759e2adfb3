"""Logging in and out of the area-plan pages (alliance partners; residents need no account).

A successful login starts a server-side session (:func:`kloof.plans.create_session`) and
hands its id to the browser in an ``HttpOnly``, ``SameSite=Strict`` cookie; logging out
revokes it. Login attempts are rate-limited per client address and need the anonymous
CSRF token of the form; failed logins also count per account (a backoff).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse

from kloof.web.auth import (
    SESSION_COOKIE,
    Caller,
    caller,
    check_csrf,
    clear_session_cookie,
    login_allowed,
    login_failed,
    login_succeeded,
    rate_limit,
    set_session_cookie,
    unit_of_work,
)
from kloof.web.plans_view import Csrf, Email, Text, render

__all__ = ["router", "safe_next"]

router = APIRouter(include_in_schema=False)


@router.get("/inloggen")
def login_form(request: Request, next: Annotated[str, Query(max_length=200)] = "/plannen") -> Any:
    """The login form of alliance partners."""
    with unit_of_work(request) as s:
        who = caller(request, s)
    return render(request, who, "plans_login.html", next=safe_next(next), failed=False)


def safe_next(target: str) -> str:
    """Only local paths as redirect targets (no open redirect)."""
    return target if target.startswith("/") and not target.startswith("//") else "/plannen"


@router.post("/inloggen")
def login(
    request: Request,
    email: Email,
    password: Annotated[str, Form(max_length=200)],
    csrf: Csrf = "",
    next: Text = "/plannen",
) -> Any:
    """Check e-mail and password, start a session, go back to where the user came from.

    Also for a user who is logged in already (the form then carries the session's CSRF
    token): the old session is revoked and a new one started. Failed logins count per
    client address and per account (:func:`kloof.web.auth.default_limits`).
    """
    from kloof.plans import AuthenticationError, authenticate, create_session, revoke_session

    rate_limit(request, "login")
    login_allowed(request, email)
    anonymous = Caller(None, None, "anonymous")
    with unit_of_work(request) as s:
        current = caller(request, s)
        who = current if current.login is not None else anonymous
        check_csrf(request, s, who, csrf)
        try:
            user = authenticate(s, email, password)
        except AuthenticationError:
            user = None
        if user is not None:
            if current.login is not None:  # a new login replaces the old session
                revoke_session(s, request.cookies.get(SESSION_COOKIE, ""))
            login_session = create_session(s, user)
    if user is None:
        login_failed(request, email)
        return render(request, who, "plans_login.html", 401, next=safe_next(next), failed=True)
    login_succeeded(request, email)
    response = RedirectResponse(safe_next(next), status_code=303)
    assert login_session.session_id is not None
    set_session_cookie(request, response, login_session.session_id)
    return response


@router.post("/uitloggen")
def logout(request: Request, csrf: Csrf = "") -> Any:
    """End the session (the cookie is removed, the session revoked in the database)."""
    from kloof.plans import revoke_session

    with unit_of_work(request) as s:
        who = caller(request, s)
        if who.login is not None:
            check_csrf(request, s, who, csrf)
            revoke_session(s, request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse("/plannen", status_code=303)
    clear_session_cookie(response)
    return response
