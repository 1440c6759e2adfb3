"""The residents' questionnaire of an area, and its results on the area's profile.

Anonymous by design: the answer, its date and an HMAC of a random device cookie are all
that is stored (:func:`kloof.plans.submit_response`); the client address is used in
memory for the rate limit, and only as a keyed hash of address and week (deleted after
the week) to flag repeated answers. Abuse protection: CSRF token, honeypot, size and link limits.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, HTTPException, Request

from kloof.web.auth import (
    Caller,
    caller,
    check_csrf,
    client_address,
    device_id,
    rate_limit,
    unit_of_work,
)
from kloof.web.context import lang_of
from kloof.web.plans_view import current_period, labels, plan_texts, plan_url, render

__all__ = ["PROFILE_SECTIONS", "router", "survey_section"]

#: Control characters refused in answers (tab and line breaks are allowed in free text).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

router = APIRouter(include_in_schema=False)


@router.get("/bewoners/{area}")
def survey_form(request: Request, area: str) -> Any:
    """The public, anonymous questionnaire of an area."""
    from kloof.plans import OTHER_TASK, SOLUTIONS, TASKS, area_id, public_view

    area = area_id(area)
    with unit_of_work(request) as s:
        who = caller(request, s)
        view = public_view(s, area, lang=lang_of(request))
    return render(
        request,
        who,
        "survey.html",
        area=area,
        view=view,
        tasks=TASKS,
        other=OTHER_TASK,
        solutions=SOLUTIONS,
        period=current_period(),
        error=None,
    )


@router.post("/bewoners/{area}")
async def survey_submit(request: Request, area: str) -> Any:
    """Store one anonymous answer: rate-limited, size-limited, honeypot-checked, once per
    device per period."""
    from kloof.plans import (
        DuplicateSubmissionError,
        area_id,
        public_view,
        submit_response,
        summarise,
    )

    rate_limit(request, "survey")
    form = await request.form(max_files=0, max_fields=40, max_part_size=4096)
    for key, value in form.multi_items():  # NUL and other control characters: 422
        if not isinstance(value, str) or CONTROL.search(value):
            raise HTTPException(422, f"{key}: control characters are not allowed")
    area = area_id(area)
    period = current_period()
    anonymous = Caller(None, None, "anonymous")
    duplicate = False
    with unit_of_work(request) as s:
        check_csrf(request, s, anonymous, str(form.get("csrf", "")))
        try:
            submit_response(
                s,
                area,
                period,
                device_id=device_id(request),
                biggest_task=str(form.get("biggest_task", "")),
                solutions=[str(v) for v in form.getlist("solutions")],
                free_text=str(form.get("free_text", "")) or None,
                honeypot=str(form.get("website", "")),
                client=client_address(request),
            )
        except DuplicateSubmissionError:
            duplicate = True
    with unit_of_work(request) as s:
        view = public_view(s, area, lang=lang_of(request))
        summary = summarise(s, area, period)
    return render(
        request,
        anonymous,
        "survey_done.html",
        status=409 if duplicate else 200,
        area=area,
        view=view,
        summary=summary,
        duplicate=duplicate,
    )


def survey_section(request: Request, target: str) -> dict[str, Any] | None:
    """The residents' answers for the profile page of ``target`` (``None``: no plan)."""
    from kloof.plans import PlansValidationError, area_id, find_plan, latest_summary
    from kloof.web.auth import plans_exist

    if ":" not in target or not plans_exist(request):
        return None
    try:
        area = area_id(target)
    except PlansValidationError:  # an area id of a user's own set that is no plan slug
        return None
    with unit_of_work(request) as s:
        plan = find_plan(s, area)
        if plan is None:
            return None
        summary = latest_summary(s, area)
        title = plan.title
    return labels(lang_of(request)) | {
        "template": "plan_profile_section.html",
        "area": area,
        "title": title,
        "summary": summary,
        "pt": plan_texts(lang_of(request)),
        "plan_url": plan_url(area),
    }


#: Sections this router adds to the profile page (see ``pages.gebied``).
PROFILE_SECTIONS = (survey_section,)
