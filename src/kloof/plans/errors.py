"""The errors of the area-plans package.

All derive from :class:`kloof.errors.KloofError`, so the CLI shows them as a clear
message; each class names the HTTP status a web layer answers with (``http_status``).
"""

from __future__ import annotations

from typing import ClassVar

from kloof.errors import KloofError

__all__ = [
    "AuthenticationError",
    "ConflictError",
    "DuplicateSubmissionError",
    "NotFoundError",
    "PermissionDeniedError",
    "PlansError",
    "PlansValidationError",
    "SpamRejectedError",
]


class PlansError(KloofError):
    """Base class of the errors of :mod:`kloof.plans`."""

    http_status: ClassVar[int] = 400


class PlansValidationError(PlansError, ValueError):
    """Input is out of range, of the wrong choice or too long (422)."""

    http_status: ClassVar[int] = 422


class NotFoundError(PlansError, LookupError):
    """A plan, measure, user or other record does not exist (404)."""

    http_status: ClassVar[int] = 404


class PermissionDeniedError(PlansError, PermissionError):
    """The acting user may not do this in this area (403)."""

    http_status: ClassVar[int] = 403


class AuthenticationError(PlansError):
    """Wrong e-mail or password, an inactive account or an invalid token (401)."""

    http_status: ClassVar[int] = 401


class ConflictError(PlansError):
    """Someone else changed the record since it was read; nothing was overwritten (409)."""

    http_status: ClassVar[int] = 409

    def __init__(self, entity: str, entity_id: object) -> None:
        self.entity = entity
        self.entity_id = entity_id
        super().__init__(
            f"{entity} {entity_id} is intussen door iemand anders gewijzigd; laad de nieuwste "
            "versie en voer je wijziging opnieuw in (someone else changed it since you opened "
            "it: nothing was overwritten, reload and apply your change again)"
        )


class DuplicateSubmissionError(PlansError):
    """This device already answered the questionnaire for this area and period (409)."""

    http_status: ClassVar[int] = 409


class SpamRejectedError(PlansValidationError):
    """A questionnaire answer looks automated (honeypot filled in, too many links) (422)."""
