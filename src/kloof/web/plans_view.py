# ruff: noqa: E501  (a table of interface texts)
"""What the area-plan pages share: their texts (nl, en), labels, periods and rendering.

Templates get the text table of the page's language as ``pt``; every key exists in both
languages (a test checks it). :func:`render` adds the caller, the CSRF token of its forms
and these texts to the dashboard's page context.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Form, Path, Request
from fastapi.responses import RedirectResponse

from kloof.report.charts import format_money
from kloof.web.auth import Caller, csrf_token, remember_cookies
from kloof.web.context import lang_of, page

__all__ = [
    "LINES",
    "ONE_LINE",
    "PLAN_TEXTS",
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

PLAN_TEXTS: dict[str, dict[str, str]] = {
    "nl": {
        "plans": "Gebiedsplannen",
        "plans_intro": "Per gebied het plan van de alliantie: partners, programmalijnen per opgave, maatregelen met budget en voortgang, en wat bewoners belangrijk vinden.",
        "no_plans": "Er zijn nog geen gebiedsplannen.",
        "plan": "Gebiedsplan",
        "area": "Gebied",
        "title": "Titel",
        "vision": "Visie en ambitie",
        "partners": "Alliantie (partners)",
        "partner": "Partner",
        "partner_type": "Soort organisatie",
        "lines": "Programmalijnen",
        "task": "Opgave",
        "targets": "Doelen en indicatoren (kloof)",
        "targets_hint": "Komma-gescheiden: doel-ids of indicatoren, bijvoorbeeld work_domain, income_per_inhabitant",
        "measures": "Maatregelen",
        "measure": "Maatregel",
        "line": "Programmalijn",
        "none": "geen",
        "start": "Start",
        "end": "Einde",
        "status": "Status",
        "budget": "Budget",
        "budget_by_year": "Budget per jaar",
        "budget_hint": "Eén regel per jaar: jaar; bedrag in euro's; financieringsbron. Bijvoorbeeld: 2026; 250000; Rijk (NPLV)",
        "year": "Jaar",
        "amount": "Bedrag (€)",
        "source": "Financieringsbron",
        "progress": "Voortgang",
        "date": "Datum",
        "note": "Toelichting",
        "add": "Toevoegen",
        "save": "Opslaan",
        "remove": "Verwijderen",
        "add_partner": "Partner toevoegen",
        "add_line": "Programmalijn toevoegen",
        "add_measure": "Maatregel toevoegen",
        "add_update": "Voortgang melden",
        "edit_plan": "Plan bewerken",
        "edit_measure": "Maatregel bewerken",
        "edit_budget": "Budget bewerken",
        "saved": "Opgeslagen.",
        "version_hint": "Heeft iemand anders dit intussen gewijzigd, dan wordt niets overschreven en krijg je een melding.",
        "indicators": "De cijfers van het gebied",
        "indicators_intro": "Kerncijfers van het gebied tegenover Nederland, uit het gebiedsprofiel.",
        "profile_link": "Volledig gebiedsprofiel",
        "value": "Gebied",
        "nl": "Nederland",
        "index": "kloof-index",
        "survey": "Wat bewoners zeggen",
        "survey_none": "Nog geen antwoorden.",
        "survey_link": "Vul de bewonersvragenlijst in",
        "survey_period": "Periode",
        "respondents": "Aantal antwoorden",
        "answer": "Antwoord",
        "count": "Aantal",
        "share": "Aandeel",
        "biggest_task": "Grootste opgave volgens bewoners",
        "solutions": "Waar bewoners aan willen meehelpen",
        "export_xlsx": "Plan als Excel (XLSX)",
        "export_csv": "Maatregelen en budgetten (CSV)",
        "exports": "Downloads",
        "audit": "Wijzigingslog",
        "audit_intro": "Wie wat wanneer heeft gewijzigd (nieuwste eerst).",
        "when": "Wanneer",
        "who": "Wie",
        "what": "Wat",
        "change": "Wijziging",
        "roles": "Rechten in dit gebied",
        "email": "E-mailadres",
        "role": "Rol",
        "grant": "Rol toekennen",
        "create_plan": "Nieuw gebiedsplan",
        "create": "Aanmaken",
        "login": "Inloggen",
        "logout": "Uitloggen",
        "password": "Wachtwoord",
        "logged_in_as": "Ingelogd als",
        "login_intro": "Alleen voor partners van een gebiedsalliantie. Bewoners hebben geen account nodig voor de vragenlijst.",
        "login_failed": "Onbekend e-mailadres of verkeerd wachtwoord.",
        "q_title": "Bewonersvragenlijst",
        "q_intro": "Wat vindt u de grootste opgave in uw buurt, en waar wilt u aan meehelpen? De vragenlijst is anoniem: we vragen geen naam en bewaren geen IP-adres. Per apparaat kunt u één keer per periode meedoen.",
        "q_task": "Wat is volgens u de grootste opgave hier?",
        "q_other": "Iets anders",
        "q_solutions": "Bij welke oplossingen zou u willen helpen? (meerdere antwoorden mogelijk)",
        "q_free": "Wilt u nog iets kwijt? (niet verplicht, maximaal 1000 tekens; noem geen namen)",
        "q_hp": "Laat dit veld leeg",
        "q_submit": "Versturen",
        "q_thanks": "Bedankt voor uw antwoord!",
        "q_thanks_text": "Uw antwoord is anoniem opgeslagen. Hieronder ziet u wat bewoners tot nu toe hebben geantwoord.",
        "q_duplicate": "Vanaf dit apparaat is de vragenlijst voor deze periode al ingevuld. Bedankt!",
        "q_privacy": "Privacy: opgeslagen worden alleen uw antwoorden, de datum en een onomkeerbare code van dit apparaat (om dubbel invullen te voorkomen). Geen naam, geen e-mailadres, geen IP-adres.",
        "error": "Er ging iets mis",
        "required": "verplicht",
    },
    "en": {
        "plans": "Area plans",
        "plans_intro": "Per area the alliance's plan: partners, programme lines per task, measures with budget and progress, and what residents find important.",
        "no_plans": "There are no area plans yet.",
        "plan": "Area plan",
        "area": "Area",
        "title": "Title",
        "vision": "Vision and ambition",
        "partners": "Alliance (partners)",
        "partner": "Partner",
        "partner_type": "Kind of organisation",
        "lines": "Programme lines",
        "task": "Task",
        "targets": "Targets and indicators (kloof)",
        "targets_hint": "Comma-separated: target ids or indicators, e.g. work_domain, income_per_inhabitant",
        "measures": "Measures",
        "measure": "Measure",
        "line": "Programme line",
        "none": "none",
        "start": "Start",
        "end": "End",
        "status": "Status",
        "budget": "Budget",
        "budget_by_year": "Budget per year",
        "budget_hint": "One line per year: year; amount in euros; funding source. For example: 2026; 250000; Rijk (NPLV)",
        "year": "Year",
        "amount": "Amount (€)",
        "source": "Funding source",
        "progress": "Progress",
        "date": "Date",
        "note": "Note",
        "add": "Add",
        "save": "Save",
        "remove": "Remove",
        "add_partner": "Add partner",
        "add_line": "Add programme line",
        "add_measure": "Add measure",
        "add_update": "Report progress",
        "edit_plan": "Edit plan",
        "edit_measure": "Edit measure",
        "edit_budget": "Edit budget",
        "saved": "Saved.",
        "version_hint": "If someone else changed this in the meantime, nothing is overwritten and you are told.",
        "indicators": "The area's figures",
        "indicators_intro": "Key figures of the area against the Netherlands, from the area profile.",
        "profile_link": "Full area profile",
        "value": "Area",
        "nl": "Netherlands",
        "index": "kloof index",
        "survey": "What residents say",
        "survey_none": "No answers yet.",
        "survey_link": "Fill in the residents' questionnaire",
        "survey_period": "Period",
        "respondents": "Answers",
        "answer": "Answer",
        "count": "Count",
        "share": "Share",
        "biggest_task": "Biggest task according to residents",
        "solutions": "What residents would help with",
        "export_xlsx": "Plan as Excel (XLSX)",
        "export_csv": "Measures and budgets (CSV)",
        "exports": "Downloads",
        "audit": "Change log",
        "audit_intro": "Who changed what, and when (newest first).",
        "when": "When",
        "who": "Who",
        "what": "What",
        "change": "Change",
        "roles": "Rights in this area",
        "email": "E-mail address",
        "role": "Role",
        "grant": "Grant role",
        "create_plan": "New area plan",
        "create": "Create",
        "login": "Log in",
        "logout": "Log out",
        "password": "Password",
        "logged_in_as": "Logged in as",
        "login_intro": "Only for partners of an area alliance. Residents need no account for the questionnaire.",
        "login_failed": "Unknown e-mail address or wrong password.",
        "q_title": "Residents' questionnaire",
        "q_intro": "What do you think is the biggest task in your neighbourhood, and what would you help with? The questionnaire is anonymous: we ask no name and keep no IP address. Each device can take part once per period.",
        "q_task": "What is the biggest task here, in your view?",
        "q_other": "Something else",
        "q_solutions": "Which solutions would you help with? (several answers possible)",
        "q_free": "Anything else? (optional, at most 1000 characters; name no people)",
        "q_hp": "Leave this field empty",
        "q_submit": "Send",
        "q_thanks": "Thank you for your answer!",
        "q_thanks_text": "Your answer was stored anonymously. Below is what residents have answered so far.",
        "q_duplicate": "This device already answered the questionnaire for this period. Thank you!",
        "q_privacy": "Privacy: only your answers, the date and a one-way code of this device (against answering twice) are stored. No name, no e-mail address, no IP address.",
        "error": "Something went wrong",
        "required": "required",
    },
}


def plan_texts(language: str) -> Mapping[str, str]:
    """The plan text table of ``language`` (Dutch for anything but ``en``)."""
    return PLAN_TEXTS["en" if language == "en" else "nl"]


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
