"""Who may do what: actors, actions and the :func:`can` check.

============  =======================================================================
role          may
============  =======================================================================
admin         everything, in every area (``User.is_admin``), also manage users
area_admin    in its area: manage roles, create the plan, edit plan and measures, read
editor        in its area: edit plan, partners, lines, measures, budgets, progress, read
viewer        in its area: read non-public data (audit log excluded)
anonymous     only submit the residents' questionnaire (and read the public view)
============  =======================================================================

The CLI acts as :data:`SYSTEM`, which may do everything and is logged as ``"system"``.
"""

from __future__ import annotations

from typing import Final, Literal

from kloof.plans.errors import PermissionDeniedError
from kloof.plans.models import User

__all__ = [
    "ACTIONS",
    "SYSTEM",
    "Action",
    "Actor",
    "System",
    "actor_label",
    "can",
    "require",
    "role_of",
]

Action = Literal["read", "edit", "manage", "admin", "submit_survey"]

#: Actions and the least role that may do them in an area (``None``: nobody but admins).
ACTIONS: Final[dict[str, str | None]] = {
    "submit_survey": "anonymous",
    "read": "viewer",
    "edit": "editor",
    "manage": "area_admin",
    "admin": None,
}
_RANK: Final = {"anonymous": 0, "viewer": 1, "editor": 2, "area_admin": 3}


class System:
    """The acting user of the CLI and of maintenance jobs: may do everything."""

    def __repr__(self) -> str:
        return "SYSTEM"


#: The one :class:`System` actor.
SYSTEM: Final = System()

#: Who acts: a logged-in :class:`User`, :data:`SYSTEM`, or ``None`` for anonymous.
Actor = User | System | None


def actor_label(actor: Actor) -> str:
    """``"anonymous"``, ``"system"`` or the user id as text (``"12"``)."""
    if actor is None:
        return "anonymous"
    if isinstance(actor, System):
        return "system"
    return str(actor.id)


def role_of(user: User, area_id: str) -> str | None:
    """The role of ``user`` in ``area_id`` (``None`` if none)."""
    for role in user.roles:
        if role.area_id == area_id:
            return role.role
    return None


def can(actor: Actor, action: Action, area_id: str | None = None) -> bool:
    """Whether ``actor`` may do ``action`` in ``area_id``.

    Parameters
    ----------
    actor
        A :class:`~kloof.plans.models.User`, :data:`SYSTEM` or ``None`` (anonymous).
    action
        ``read``, ``edit``, ``manage`` (roles of the area), ``admin`` (global: users)
        or ``submit_survey``.
    area_id
        The canonical area id; needed for every action but ``admin``.

    Examples
    --------
    >>> can(None, "submit_survey", "rotterdam-zuid"), can(None, "read", "rotterdam-zuid")
    (True, False)
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}: one of {', '.join(ACTIONS)}")
    if isinstance(actor, System):
        return True
    if action == "submit_survey":
        return True
    if actor is None or not actor.active:
        return False
    if actor.is_admin:
        return True
    need = ACTIONS[action]
    if need is None or area_id is None:
        return False
    have = role_of(actor, area_id)
    return have is not None and _RANK[have] >= _RANK[need]


def require(actor: Actor, action: Action, area_id: str | None = None) -> None:
    """Raise :class:`PermissionDeniedError` unless :func:`can` allows it."""
    if not can(actor, action, area_id):  # no user ids in messages: they reach the browser
        who = "anonymous" if actor is None else "this account"
        where = f" in area {area_id!r}" if area_id else ""
        raise PermissionDeniedError(
            f"{who} may not {action}{where} (geen toestemming / permission denied)"
        )
