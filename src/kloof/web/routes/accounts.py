"""Logging in and out of the area-plan pages (alliance partners; residents need no account).

A successful login starts a server-side session (:func:`kloof.plans.create_session`) and
hands its id to the browser in an ``HttpOnly``, ``SameSite=Strict`` cookie; logging out
revokes it. Login attempts are rate-limited per client address and need the anonymous
CSRF token of the form.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse

from kloof.web.auth import (
    Caller,
    caller,
    check_body_size,
    check_csrf,
    clear_session_cookie,
    rate_limit,
    set_session_cookie,
    unit_of_work,
)
from kloof.web.plans_view import Csrf, Text, render

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
    email: Annotated[str, Form(max_length=254)],
    password: Annotated[str, Form(max_length=200)],
    csrf: Csrf = "",
    next: Text = "/plannen",
) -> Any:
    """Check e-mail and password, start a session, go back to where the user came from."""
    from kloof.plans import AuthenticationError, authenticate, create_session

    check_body_size(request)
    rate_limit(request, "login")
    anonymous = Caller(None, None, "anonymous")
    with unit_of_work(request) as s:
        check_csrf(request, s, anonymous, csrf)
        try:
            user = authenticate(s, email, password)
        except AuthenticationError:
            user = None
        if user is not None:
            login_session = create_session(s, user)
    if user is None:
        return render(
            request, anonymous, "plans_login.html", 401, next=safe_next(next), failed=True
        )
    response = RedirectResponse(safe_next(next), status_code=303)
    assert login_session.session_id is not None
    set_session_cookie(request, response, login_session.session_id)
    return response


@router.post("/uitloggen")
def logout(request: Request, csrf: Csrf = "") -> Any:
    """End the session (the cookie is removed, the session revoked in the database)."""
    from kloof.plans import revoke_session
    from kloof.web.auth import SESSION_COOKIE

    with unit_of_work(request) as s:
        who = caller(request, s)
        if who.login is not None:
            check_csrf(request, s, who, csrf)
            revoke_session(s, request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse("/plannen", status_code=303)
    clear_session_cookie(response)
    return response
