# ruff: noqa: E501  (a table of interface texts)
"""What the area-plan pages share: their texts (nl, en), labels, periods and rendering.

Templates get the texts of the page's language as ``pt`` (:data:`PLAN_MESSAGES`,
translated through the gettext catalogues of :mod:`kloof.report.i18n`). :func:`render`
adds the caller, the CSRF token of its forms and these texts to the dashboard's page
context.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Form, Path, Request
from fastapi.responses import RedirectResponse

from kloof.report.charts import format_money
from kloof.report.i18n import N_, keyed
from kloof.web.auth import Caller, csrf_token, remember_cookies
from kloof.web.context import lang_of, page

__all__ = [
    "LINES",
    "ONE_LINE",
    "PLAN_MESSAGES",
    "Csrf",
    "Email",
    "Id",
    "LongText",
    "Text",
    "Version",
    "back",
    "current_period",
    "labels",
    "plan_texts",
    "plan_url",
    "render",
]

#: A one-line text: no control characters at all (NUL, tab, line breaks, ...).
ONE_LINE = r"^[^\x00-\x1f\x7f]*$"
#: A text of several lines: tab, line feed and carriage return, no other control character.
LINES = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"

#: Form fields: a short text, a long text, the CSRF token, an e-mail address, an id, a
#: version. Control characters and ids beyond 2^31 are refused at the door (422).
Text = Annotated[str, Form(max_length=200, pattern=ONE_LINE)]
LongText = Annotated[str, Form(max_length=20_000, pattern=LINES)]
Csrf = Annotated[str, Form(max_length=200, pattern=ONE_LINE)]
Email = Annotated[str, Form(max_length=254, pattern=ONE_LINE)]
Version = Annotated[int, Form(ge=0, le=2**31)]
Id = Annotated[int, Path(ge=1, le=2**31)]

#: key → English message id of the plan pages' texts (``pt.key`` in templates).
PLAN_MESSAGES: dict[str, str] = {
    "plans": N_("Area plans"),
    "plans_intro": N_(
        "Per area the alliance's plan: partners, programme lines per task, measures with budget and progress, and what residents find important."
    ),
    "no_plans": N_("There are no area plans yet."),
    "plan": N_("Area plan"),
    "area": N_("Area"),
    "title": N_("Title"),
    "vision": N_("Vision and ambition"),
    "partners": N_("Alliance (partners)"),
    "partner": N_("Partner"),
    "partner_type": N_("Kind of organisation"),
    "lines": N_("Programme lines"),
    "task": N_("Task"),
    "targets": N_("Targets and indicators (kloof)"),
    "targets_hint": N_(
        "Comma-separated: target ids or indicators, e.g. work_domain, income_per_inhabitant"
    ),
    "measures": N_("Measures"),
    "measure": N_("Measure"),
    "line": N_("Programme line"),
    "none": N_("none"),
    "start": N_("Start"),
    "end": N_("End"),
    "status": N_("Status"),
    "budget": N_("Budget"),
    "budget_by_year": N_("Budget per year"),
    "budget_hint": N_(
        "One line per year: year; amount in euros; funding source. For example: 2026; 250000; Rijk (NPLV)"
    ),
    "year": N_("Year"),
    "amount": N_("Amount (€)"),
    "source": N_("Funding source"),
    "progress": N_("Progress"),
    "date": N_("Date"),
    "note": N_("Note"),
    "add": N_("Add"),
    "save": N_("Save"),
    "remove": N_("Remove"),
    "add_partner": N_("Add partner"),
    "add_line": N_("Add programme line"),
    "add_measure": N_("Add measure"),
    "add_update": N_("Report progress"),
    "edit_plan": N_("Edit plan"),
    "edit_measure": N_("Edit measure"),
    "edit_budget": N_("Edit budget"),
    "saved": N_("Saved."),
    "version_hint": N_(
        "If someone else changed this in the meantime, nothing is overwritten and you are told."
    ),
    "indicators": N_("The area's figures"),
    "indicators_intro": N_(
        "Key figures of the area against the Netherlands, from the area profile."
    ),
    "profile_link": N_("Full area profile"),
    "value": N_("Area"),
    "nl": N_("Netherlands"),
    "index": N_("kloof index"),
    "survey": N_("What residents say"),
    "survey_none": N_("No answers yet."),
    "survey_link": N_("Fill in the residents' questionnaire"),
    "survey_period": N_("Period"),
    "respondents": N_("Answers"),
    "answer": N_("Answer"),
    "count": N_("Count"),
    "share": N_("Share"),
    "biggest_task": N_("Biggest task according to residents"),
    "solutions": N_("What residents would help with"),
    "export_xlsx": N_("Plan as Excel (XLSX)"),
    "export_csv": N_("Measures and budgets (CSV)"),
    "exports": N_("Downloads"),
    "audit": N_("Change log"),
    "audit_intro": N_("Who changed what, and when (newest first)."),
    "when": N_("When"),
    "who": N_("Who"),
    "what": N_("What"),
    "change": N_("Change"),
    "roles": N_("Rights in this area"),
    "email": N_("E-mail address"),
    "role": N_("Role"),
    "grant": N_("Grant role"),
    "create_plan": N_("New area plan"),
    "create": N_("Create"),
    "login": N_("Log in"),
    "logout": N_("Log out"),
    "password": N_("Password"),
    "logged_in_as": N_("Logged in as"),
    "login_intro": N_(
        "Only for partners of an area alliance. Residents need no account for the questionnaire."
    ),
    "login_failed": N_("Unknown e-mail address or wrong password."),
    "q_title": N_("Residents' questionnaire"),
    "q_intro": N_(
        "What do you think is the biggest task in your neighbourhood, and what would you help with? The questionnaire is anonymous: we ask no name and keep no IP address. Each device can take part once per period."
    ),
    "q_task": N_("What is the biggest task here, in your view?"),
    "q_other": N_("Something else"),
    "q_solutions": N_("Which solutions would you help with? (several answers possible)"),
    "q_free": N_("Anything else? (optional, at most 1000 characters; name no people)"),
    "q_hp": N_("Leave this field empty"),
    "q_submit": N_("Send"),
    "q_thanks": N_("Thank you for your answer!"),
    "q_thanks_text": N_(
        "Your answer was stored anonymously. Below is what residents have answered so far."
    ),
    "q_duplicate": N_("This device already answered the questionnaire for this period. Thank you!"),
    "q_privacy": N_(
        "Privacy: only your answers, the date and a one-way code of this device (against answering twice) are stored. No name, no e-mail address, no IP address."
    ),
    "error": N_("Something went wrong"),
    "required": N_("required"),
}


def plan_texts(language: str) -> Mapping[str, str]:
    """The plan texts of ``language`` by key (Dutch for anything but ``en``)."""
    return keyed(PLAN_MESSAGES, language)


def current_period(today: dt.date | None = None) -> str:
    """The questionnaire period of ``today``: the half year, e.g. ``2026-H2``."""
    today = today or dt.date.today()
    return f"{today.year}-H{1 if today.month <= 6 else 2}"


def plan_url(area: str, anchor: str = "") -> str:
    """Path of the plan page of ``area``."""
    return "/plannen/" + quote(area) + (f"#{anchor}" if anchor else "")


def back(area: str, anchor: str = "") -> RedirectResponse:
    """Back to the plan page after a saved change (``?ok=1`` shows *Opgeslagen*)."""
    return RedirectResponse(
        "/plannen/" + quote(area) + "?ok=1" + (f"#{anchor}" if anchor else ""), status_code=303
    )


def labels(lang: str) -> dict[str, dict[str, str]]:
    """Task and solution labels of the questionnaire in ``lang``."""
    from kloof.plans import OTHER_TASK, SOLUTIONS, TASKS

    tasks = {k: v[lang] for k, v in TASKS.items()}
    tasks[OTHER_TASK] = plan_texts(lang)["q_other"]
    return {"task_labels": tasks, "solution_labels": {k: v[lang] for k, v in SOLUTIONS.items()}}


def render(request: Request, who: Caller, template: str, status: int = 200, **ctx: Any) -> Any:
    """A plan page: the dashboard context plus caller, CSRF token, texts and labels."""
    lang = lang_of(request)
    ctx = labels(lang) | {"eur": lambda a: format_money(a, lang)} | ctx
    response = page(
        request,
        template,
        status_code=status,
        nav="plans",
        pt=plan_texts(lang),
        who=who,
        csrf=csrf_token(request, who),
        **ctx,
    )
    return remember_cookies(request, response)
