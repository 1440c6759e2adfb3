"""Area plans, alliances and residents' voice (``kloof[plans]``).

The public Python API that the web layer and the CLI call: open the database with
:func:`open_plans`, do each unit of work in ``with db.session() as s:`` and pass the
session and the acting user (a :class:`User`, :data:`SYSTEM` or ``None`` for anonymous)
to the service functions below. Services check permissions, validate input, write an
audit row in the same transaction and never need SQL from the caller.

Examples
--------
>>> from kloof.plans import SYSTEM, create_plan, open_plans, public_view  # doctest: +SKIP
>>> db = open_plans("sqlite:///kloof-plans.db")                          # doctest: +SKIP
>>> with db.session() as s:                                              # doctest: +SKIP
...     create_plan(s, SYSTEM, "nplv:rotterdam-zuid", title="Zuid werkt")
...     view = public_view(s, "rotterdam-zuid")
"""

from __future__ import annotations

from kloof.plans.audit import history
from kloof.plans.db import HEAD, PlansDB, database_exists, open_plans
from kloof.plans.errors import (
    AuthenticationError,
    ConflictError,
    DuplicateSubmissionError,
    NotFoundError,
    PermissionDeniedError,
    PlansError,
    PlansValidationError,
    SpamRejectedError,
)
from kloof.plans.export import export_plan, measures_csv, plan_xlsx
from kloof.plans.measures import (
    BudgetRow,
    add_measure,
    add_update,
    get_measure,
    remove_measure,
    set_budget,
    update_measure,
)
from kloof.plans.models import User
from kloof.plans.permissions import SYSTEM, Actor, can, require, role_of
from kloof.plans.plan import (
    add_line,
    add_partner,
    create_plan,
    find_plan,
    get_plan,
    list_plans,
    remove_line,
    remove_partner,
    update_line,
    update_partner,
    update_plan,
)
from kloof.plans.public import find_public_view, public_view
from kloof.plans.sessions import (
    LoginSession,
    check_csrf,
    create_session,
    lookup_session,
    purge_sessions,
    revoke_session,
    revoke_user_sessions,
)
from kloof.plans.survey import (
    SurveySummary,
    device_hash,
    free_texts,
    latest_summary,
    periods,
    redact_free_text,
    submit_response,
    summarise,
)
from kloof.plans.users import (
    NewToken,
    authenticate,
    create_api_token,
    create_user,
    get_user,
    grant_role,
    hash_password,
    list_users,
    revoke_api_token,
    revoke_role,
    set_active,
    set_password,
    verify_api_token,
    verify_password,
)
from kloof.plans.vocab import (
    MEASURE_STATUSES,
    OTHER_TASK,
    PARTNER_TYPES,
    ROLES,
    SOLUTIONS,
    TASKS,
    area_id,
)

__all__ = [
    "HEAD",
    "MEASURE_STATUSES",
    "OTHER_TASK",
    "PARTNER_TYPES",
    "ROLES",
    "SOLUTIONS",
    "SYSTEM",
    "TASKS",
    "Actor",
    "AuthenticationError",
    "BudgetRow",
    "ConflictError",
    "DuplicateSubmissionError",
    "LoginSession",
    "NewToken",
    "NotFoundError",
    "PermissionDeniedError",
    "PlansDB",
    "PlansError",
    "PlansValidationError",
    "SpamRejectedError",
    "SurveySummary",
    "User",
    "add_line",
    "add_measure",
    "add_partner",
    "add_update",
    "area_id",
    "authenticate",
    "can",
    "check_csrf",
    "create_api_token",
    "create_plan",
    "create_session",
    "create_user",
    "database_exists",
    "device_hash",
    "export_plan",
    "find_plan",
    "find_public_view",
    "free_texts",
    "get_measure",
    "get_plan",
    "get_user",
    "grant_role",
    "hash_password",
    "history",
    "latest_summary",
    "list_plans",
    "list_users",
    "lookup_session",
    "measures_csv",
    "open_plans",
    "periods",
    "plan_xlsx",
    "public_view",
    "purge_sessions",
    "redact_free_text",
    "remove_line",
    "remove_measure",
    "remove_partner",
    "require",
    "revoke_api_token",
    "revoke_role",
    "revoke_session",
    "revoke_user_sessions",
    "role_of",
    "set_active",
    "set_budget",
    "set_password",
    "submit_response",
    "summarise",
    "update_line",
    "update_measure",
    "update_partner",
    "update_plan",
    "verify_api_token",
    "verify_password",
]
