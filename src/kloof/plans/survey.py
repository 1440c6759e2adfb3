"""The residents' questionnaire: anonymous submission, de-duplication and aggregation.

What is stored per answer: area, period, the biggest task (one of the five or
``"anders"``), the ticked solutions, an optional free text (≤ 1000 characters), the date
(no time of day) and a device hash. No names, e-mail or IP addresses.

The device hash is ``HMAC-SHA256(secret_key, device_id + "\\n" + area + "\\n" + period)``
(hex). ``device_id`` is a random id the web page keeps on the device (cookie or local
storage); without the secret key the hash cannot be linked to the device id, and it
differs per area and period, so answers of one device cannot be linked across periods.
One answer per device, area and period: a second one raises
:class:`~kloof.plans.errors.DuplicateSubmissionError`.

A device id is a cookie, and clearing it allows a new answer. So that repeated answers
from one client stay *detectable* without storing who answered, the web page also passes
the client's address: only ``HMAC-SHA256(secret_key, address + "\n" + ISO week)`` is
kept, with the number of answers, in ``survey_clients``, and rows of earlier weeks are
deleted on every answer. An answer from a client that answered for the area earlier in
the same week is stored with ``repeat_client = True``; summaries count these
(``SurveySummary.repeats``). The audit row of an answer has the date only, no time of day
and no row id.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kloof.plans.audit import record
from kloof.plans.errors import (
    DuplicateSubmissionError,
    NotFoundError,
    PlansError,
    PlansValidationError,
    SpamRejectedError,
)
from kloof.plans.models import Plan, SurveyClient, SurveyResponse, SurveySolution
from kloof.plans.permissions import Actor, require
from kloof.plans.vocab import OTHER_TASK, SOLUTIONS, TASKS, area_id

__all__ = [
    "MAX_FREE_TEXT",
    "SurveySummary",
    "check_period",
    "client_hash",
    "device_hash",
    "free_texts",
    "latest_summary",
    "periods",
    "redact_free_text",
    "submit_response",
    "summarise",
]

MAX_FREE_TEXT = 1000
MAX_URLS = 2
_PERIOD = re.compile(r"^(20\d\d)(-H[12]|-Q[1-4])?$")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)


def check_period(period: str) -> str:
    """``"2026"``, ``"2026-H2"`` or ``"2026-Q3"``; anything else raises."""
    if not _PERIOD.match(period):
        raise PlansValidationError(f"period {period!r}: use a year (2026) or half year (2026-H2)")
    return period


def device_hash(secret_key: str, device_id: str, area: str, period: str) -> str:
    """``HMAC-SHA256(secret_key, device_id + "\\n" + area + "\\n" + period)`` as hex."""
    message = f"{device_id}\n{area}\n{period}".encode()
    return hmac.new(secret_key.encode(), message, hashlib.sha256).hexdigest()


def client_hash(secret_key: str, client: str, week: str) -> str:
    """``HMAC-SHA256(secret_key, client + "\n" + week)`` as hex (``week``: ``2026-W49``)."""
    message = f"client\n{client}\n{week}".encode()
    return hmac.new(secret_key.encode(), message, hashlib.sha256).hexdigest()


def iso_week(day: dt.date) -> str:
    """The ISO week of ``day``, e.g. ``2026-W49``."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _count_client(session: Session, area: str, client: str, day: dt.date) -> bool:
    """Count one answer of ``client`` this week; whether it answered this week before.

    Rows of other weeks are deleted first: the hash is kept for its own week only.
    """
    week = iso_week(day)
    session.execute(delete(SurveyClient).where(SurveyClient.week != week))
    digest = client_hash(_secret(session), client, week)
    row = session.get(SurveyClient, (area, week, digest))
    if row is not None:
        row.answers += 1
        return True
    try:
        with session.begin_nested():
            session.add(SurveyClient(area_id=area, week=week, client_hash=digest, answers=1))
            session.flush()
    except IntegrityError:  # a concurrent answer of the same client won
        return True
    return False


def _secret(session: Session) -> str:
    key = session.info.get("secret_key")
    if not isinstance(key, str) or not key:
        raise PlansError("session has no secret key: make sessions with PlansDB.session()")
    return key


def submit_response(
    session: Session,
    area: str,
    period: str,
    *,
    device_id: str,
    biggest_task: str,
    solutions: Sequence[str] = (),
    free_text: str | None = None,
    honeypot: str = "",
    actor: Actor = None,
    today: dt.date | None = None,
    client: str | None = None,
) -> SurveyResponse:
    """Store one anonymous answer of the questionnaire of ``area`` in ``period``.

    Parameters
    ----------
    device_id
        The random id the page keeps on the device (1-200 characters); only its HMAC
        with area and period is stored.
    biggest_task
        One of :data:`~kloof.plans.vocab.TASKS` or ``"anders"``.
    solutions
        Ticked entries of :data:`~kloof.plans.vocab.SOLUTIONS` (no repeats).
    free_text
        Optional, at most 1000 characters and at most two links.
    honeypot
        A form field hidden from people; bots fill it in. Must be empty.
    client
        The client's address (web answers): only its weekly keyed hash is kept, to flag
        repeated answers (``repeat_client``); ``None`` flags nothing.

    Raises
    ------
    SpamRejectedError
        The honeypot is filled in or the text has more than two links.
    DuplicateSubmissionError
        This device answered for this area and period already.
    """
    require(actor, "submit_survey", area_id(area))
    area = area_id(area)
    check_period(period)
    if honeypot:
        raise SpamRejectedError("this answer looks automated and was not stored")
    if not device_id or len(device_id) > 200:
        raise PlansValidationError("device id: give 1 to 200 characters")
    if biggest_task not in TASKS and biggest_task != OTHER_TASK:
        raise PlansValidationError(
            f"biggest task {biggest_task!r} is not one of {', '.join(TASKS)}, {OTHER_TASK}"
        )
    chosen = list(solutions)
    for s in chosen:
        if s not in SOLUTIONS:
            raise PlansValidationError(f"solution {s!r} is not one of {', '.join(SOLUTIONS)}")
    if len(set(chosen)) != len(chosen):
        raise PlansValidationError("solutions: each at most once")
    text = (free_text or "").strip() or None
    if text is not None:
        if len(text) > MAX_FREE_TEXT:
            raise PlansValidationError(f"free text: at most {MAX_FREE_TEXT} characters")
        if len(_URL.findall(text)) > MAX_URLS:
            raise SpamRejectedError(f"free text: at most {MAX_URLS} links")
    if session.scalar(select(Plan.id).where(Plan.area_id == area)) is None:
        raise NotFoundError(f"no plan for area {area!r}")
    digest = device_hash(_secret(session), device_id, area, period)
    duplicate = select(SurveyResponse.id).where(
        SurveyResponse.device_hash == digest,
        SurveyResponse.area_id == area,
        SurveyResponse.period == period,
    )
    message = f"this device answered the questionnaire for {area} {period} already"
    if session.scalar(duplicate) is not None:
        raise DuplicateSubmissionError(message)
    day = today or dt.date.today()
    repeat = _count_client(session, area, client, day) if client else False
    response = SurveyResponse(
        area_id=area,
        period=period,
        biggest_task=biggest_task,
        free_text=text,
        created_on=day,
        device_hash=digest,
        repeat_client=repeat,
        solutions=[SurveySolution(solution=s) for s in chosen],
    )
    try:
        with session.begin_nested():
            session.add(response)
            session.flush()
    except IntegrityError:  # a concurrent answer of the same device won
        raise DuplicateSubmissionError(message) from None
    after = {
        "area_id": area,
        "period": period,
        "biggest_task": biggest_task,
        "solutions": chosen,
        "free_text": text is not None,
    }
    record(
        session,
        actor,
        "survey.submit",
        response,
        before=None,
        after=after,
        area_id=area,
        anonymous=True,
    )
    return response


@dataclass(frozen=True)
class SurveySummary:
    """Counts and shares of the answers of one area and period.

    ``tasks`` and ``solutions`` map each choice (all of them, also those with 0) to
    ``(count, share)``; shares are count / ``n`` (for solutions: the share of
    respondents who ticked it, so they need not sum to 1). ``n`` is the number of answers,
    ``repeats`` how many of them came from a client that had answered for the area
    earlier in the same week (a shared address, or one person answering again).
    """

    area_id: str
    period: str
    n: int
    tasks: dict[str, tuple[int, float]]
    solutions: dict[str, tuple[int, float]]
    repeats: int = 0

    def to_dict(self) -> dict[str, Any]:
        """JSON form: ``n`` and ``{"count": …, "share": …}`` per task and per solution."""
        return {
            "n": self.n,
            "repeats": self.repeats,
            "tasks": {k: {"count": c, "share": sh} for k, (c, sh) in self.tasks.items()},
            "solutions": {k: {"count": c, "share": sh} for k, (c, sh) in self.solutions.items()},
        }


def summarise(session: Session, area: str, period: str) -> SurveySummary:
    """Aggregate the answers of ``area`` in ``period`` (public: counts only)."""
    area = area_id(area)
    check_period(period)
    where = (SurveyResponse.area_id == area, SurveyResponse.period == period)
    n = session.scalar(select(func.count()).select_from(SurveyResponse).where(*where)) or 0
    task_query = (
        select(SurveyResponse.biggest_task, func.count())
        .where(*where)
        .group_by(SurveyResponse.biggest_task)
    )
    task_counts = {str(k): int(v) for k, v in session.execute(task_query)}
    solution_query = (
        select(SurveySolution.solution, func.count())
        .join(SurveyResponse)
        .where(*where)
        .group_by(SurveySolution.solution)
    )
    solution_counts = {str(k): int(v) for k, v in session.execute(solution_query)}
    repeats = session.scalar(
        select(func.count())
        .select_from(SurveyResponse)
        .where(*where, SurveyResponse.repeat_client.is_(True))
    )

    def share(count: int) -> tuple[int, float]:
        return int(count), (count / n if n else 0.0)

    return SurveySummary(
        area_id=area,
        period=period,
        n=int(n),
        repeats=int(repeats or 0),
        tasks={t: share(task_counts.get(t, 0)) for t in (*TASKS, OTHER_TASK)},
        solutions={s: share(solution_counts.get(s, 0)) for s in SOLUTIONS},
    )


def periods(session: Session, area: str) -> list[str]:
    """The periods with answers for ``area``, oldest first."""
    query = (
        select(SurveyResponse.period)
        .where(SurveyResponse.area_id == area_id(area))
        .distinct()
        .order_by(SurveyResponse.period)
    )
    return list(session.scalars(query))


def latest_summary(session: Session, area: str) -> SurveySummary | None:
    """The summary of the newest period with answers for ``area`` (``None``: no answers)."""
    known = periods(session, area)
    return summarise(session, area, known[-1]) if known else None


def free_texts(session: Session, actor: Actor, area: str, period: str) -> list[tuple[int, str]]:
    """``(response id, text)`` of the free texts of an area and period (readers only).

    Free texts can contain personal details a resident typed in, so they are not public.
    """
    area = area_id(area)
    require(actor, "read", area)
    query = (
        select(SurveyResponse.id, SurveyResponse.free_text)
        .where(
            SurveyResponse.area_id == area,
            SurveyResponse.period == check_period(period),
            SurveyResponse.free_text.is_not(None),
        )
        .order_by(SurveyResponse.id)
    )
    return [(int(i), str(t)) for i, t in session.execute(query)]


def redact_free_text(session: Session, actor: Actor, response_id: int) -> None:
    """Remove the free text of an answer (e.g. it names a person); area editors."""
    response = session.get(SurveyResponse, response_id)
    if response is None:
        raise NotFoundError(f"no questionnaire answer {response_id}")
    require(actor, "edit", response.area_id)
    had_text = response.free_text is not None
    response.free_text = None
    before = {"free_text": "removed" if had_text else None}  # never copy the text itself
    after = {"free_text": None}
    record(
        session,
        actor,
        "survey.redact",
        response,
        before=before,
        after=after,
        area_id=response.area_id,
    )
