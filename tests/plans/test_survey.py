"""The residents' questionnaire: dedup per device, sizes, spam, aggregation shares."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import inspect, select

from kloof.plans import (
    SYSTEM,
    DuplicateSubmissionError,
    NotFoundError,
    PermissionDeniedError,
    PlansDB,
    PlansValidationError,
    SpamRejectedError,
    device_hash,
    free_texts,
    get_user,
    periods,
    submit_response,
    summarise,
)
from kloof.plans.models import SurveyResponse

A = "rotterdam-zuid"


def _submit(db: PlansDB, device: str, task: str, solutions: list[str], **kw: Any) -> None:
    with db.session() as s:
        submit_response(
            s,
            A,
            kw.pop("period", "2026"),
            device_id=device,
            biggest_task=task,
            solutions=solutions,
            **kw,
        )


def test_one_answer_per_device_area_and_period(db: PlansDB, world: Any) -> None:
    _submit(db, "device-1", "schuldhulp", ["taalmaatje"])
    with pytest.raises(DuplicateSubmissionError):
        _submit(db, "device-1", "anders", [])
    _submit(db, "device-1", "anders", [], period="2026-H2")  # another period
    with db.session() as s:
        submit_response(
            s, "amsterdam-zuidoost", "2026", device_id="device-1", biggest_task="anders"
        )
        assert summarise(s, A, "2026").n == 1


def test_what_is_stored(db: PlansDB, world: Any) -> None:
    _submit(
        db,
        "device-1",
        "schuldhulp",
        ["taalmaatje"],
        free_text="  Meer groen  ",
        today=dt.date(2026, 5, 4),
    )
    with db.session() as s:
        row = s.scalars(select(SurveyResponse)).one()
        assert row.device_hash == device_hash(db.secret_key, "device-1", A, "2026")
        assert "device-1" not in row.device_hash
        assert row.created_on == dt.date(2026, 5, 4) and row.free_text == "Meer groen"
        columns = {c.key for c in inspect(SurveyResponse).columns}
        assert columns == {
            "id",
            "area_id",
            "period",
            "biggest_task",
            "free_text",
            "created_on",
            "device_hash",
            "repeat_client",
        }


@pytest.mark.parametrize(
    "kwargs,error",
    [
        ({"free_text": "x" * 1001}, PlansValidationError),
        ({"free_text": "zie http://a.nl, https://b.nl en www.c.nl"}, SpamRejectedError),
        ({"honeypot": "I am a bot"}, SpamRejectedError),
        ({"biggest_task": "belasting"}, PlansValidationError),
        ({"solutions": ["taalmaatje", "taalmaatje"]}, PlansValidationError),
        ({"solutions": ["geld"]}, PlansValidationError),
        ({"period": "26"}, PlansValidationError),
        ({"device_id": ""}, PlansValidationError),
        ({"device_id": "d" * 201}, PlansValidationError),
    ],
)
def test_rejected_answers(db: PlansDB, world: Any, kwargs: dict[str, Any], error: type) -> None:
    args: dict[str, Any] = {"device_id": "d", "biggest_task": "schuldhulp", "period": "2026"}
    args |= kwargs
    with db.session() as s, pytest.raises(error):
        submit_response(s, A, args.pop("period"), **args)
    with db.session() as s:
        assert summarise(s, A, "2026").n == 0


def test_limits_that_pass(db: PlansDB, world: Any) -> None:
    _submit(db, "a", "anders", [], free_text="y" * 1000)
    _submit(db, "b", "anders", [], free_text="zie http://a.nl en https://b.nl")
    with pytest.raises(NotFoundError), db.session() as s:
        submit_response(s, "utrecht-overvecht", "2026", device_id="a", biggest_task="anders")


def test_aggregation_shares(db: PlansDB, world: Any) -> None:
    # 4 answers: tasks schuldhulp x2, kinderen_jeugd x1, anders x1;
    # solutions taalmaatje x3, buurtpreventie x1, (none) x1
    _submit(db, "1", "schuldhulp", ["taalmaatje", "buurtpreventie"])
    _submit(db, "2", "schuldhulp", ["taalmaatje"])
    _submit(db, "3", "kinderen_jeugd", ["taalmaatje"])
    _submit(db, "4", "anders", [], free_text="Speeltuin")
    _submit(db, "5", "schuldhulp", [], period="2025")
    with db.session() as s:
        summary = summarise(s, "nplv:rotterdam-zuid", "2026")
        assert summary.n == 4
        assert summary.tasks["schuldhulp"] == (2, 0.5)
        assert summary.tasks["kinderen_jeugd"] == (1, 0.25)
        assert summary.tasks["anders"] == (1, 0.25)
        assert summary.tasks["onderwijsachterstanden"] == (0, 0.0)
        assert sum(c for c, _ in summary.tasks.values()) == 4
        assert summary.solutions["taalmaatje"] == (3, 0.75)
        assert summary.solutions["buurtpreventie"] == (1, 0.25)
        assert summary.solutions["ontmoeting"] == (0, 0.0)
        assert summarise(s, A, "2027").n == 0
        assert periods(s, A) == ["2025", "2026"]
        assert free_texts(s, get_user(s, world.viewer), A, "2026") == [(4, "Speeltuin")]
        with pytest.raises(PermissionDeniedError):
            free_texts(s, None, A, "2026")
        with pytest.raises(PermissionDeniedError):
            free_texts(s, get_user(s, world.editor_b), A, "2026")
        assert free_texts(s, SYSTEM, A, "2025") == []


def test_audit_row_of_an_answer_has_the_date_only_and_no_row_id(db: PlansDB, world: Any) -> None:
    from kloof.plans.models import AuditLog

    _submit(db, "device-1", "schuldhulp", [])
    with db.session() as s:
        (row,) = s.scalars(select(AuditLog).where(AuditLog.action == "survey.submit")).all()
        assert (row.at.hour, row.at.minute, row.at.second, row.at.microsecond) == (0, 0, 0, 0)
        answer = s.scalars(select(SurveyResponse)).one()
        assert row.entity_id == "-" and str(answer.id) not in row.entity_id
        assert "device" not in str(row.after)


def test_repeated_answers_of_one_client_are_flagged_without_storing_it(
    db: PlansDB, world: Any
) -> None:
    """New device cookies from one address: every answer after the first is flagged; only
    a keyed hash of address and week is kept, and only for that week."""
    from kloof.plans.models import SurveyClient
    from kloof.plans.survey import client_hash, iso_week

    monday = dt.date(2026, 11, 30)
    for n in range(3):  # one client, three cleared cookies
        _submit(db, f"cookie-{n}", "schuldhulp", [], client="10.1.2.3", today=monday)
    _submit(db, "other", "anders", [], client="10.9.9.9", today=monday)
    with db.session() as s:
        summary = summarise(s, A, "2026")
        assert (summary.n, summary.repeats) == (4, 2)
        assert summary.to_dict()["repeats"] == 2
        rows = s.scalars(select(SurveyClient)).all()
        assert sorted(r.answers for r in rows) == [1, 3]
        week = iso_week(monday)
        assert week == "2026-W49"
        assert {r.client_hash for r in rows} == {
            client_hash(db.secret_key, "10.1.2.3", week),
            client_hash(db.secret_key, "10.9.9.9", week),
        }
        stored = str([vars(r) for r in rows]) + str(
            [vars(r) for r in s.scalars(select(SurveyResponse))]
        )
        assert "10.1.2.3" not in stored
    # the next week: last week's hashes are gone, and the client is new again
    _submit(db, "cookie-9", "schuldhulp", [], client="10.1.2.3", today=monday + dt.timedelta(7))
    with db.session() as s:
        rows = s.scalars(select(SurveyClient)).all()
        assert [(r.week, r.answers) for r in rows] == [("2026-W50", 1)]
        assert summarise(s, A, "2026").repeats == 2
