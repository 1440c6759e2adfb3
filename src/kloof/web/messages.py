"""What an error page says, in the reader's language.

FastAPI's request validation (pydantic) and Starlette's HTTP errors speak English
("Input should be 'gemeente' or 'wijk'", "Not Found"). Pages say it in a sentence of
their own language that names the parameter: :func:`validation_message` builds one from
the error types and their context (the limit, the allowed values), :func:`http_message`
replaces Starlette's reason phrases, and the application's own errors go through
:func:`kloof.report.phrases.localise`. The JSON API keeps the English messages.

Examples
--------
>>> errors = [{"type": "literal_error", "loc": ("query", "level"),
...            "msg": "Input should be 'gemeente' or 'wijk'",
...            "ctx": {"expected": "'gemeente' or 'wijk'"}}]
>>> validation_message(errors, "nl")
"Ongeldig verzoek: parameter ‘level’ moet 'gemeente' of 'wijk' zijn."
>>> validation_message(errors, "en")
"Invalid request: parameter ‘level’ must be 'gemeente' or 'wijk'."
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from kloof.report.i18n import N_, translate
from kloof.report.phrases import localise

__all__ = ["http_message", "validation_message"]

#: pydantic error type → sentence (``{field}`` and the error's context fields).
RULES: dict[str, str] = {
    "missing": N_("{field} is required"),
    "literal_error": N_("{field} must be {expected}"),
    "enum": N_("{field} must be {expected}"),
    "int_parsing": N_("{field} must be a whole number"),
    "int_type": N_("{field} must be a whole number"),
    "int_from_float": N_("{field} must be a whole number"),
    "float_parsing": N_("{field} must be a number"),
    "float_type": N_("{field} must be a number"),
    "finite_number": N_("{field} must be a finite number"),
    "bool_parsing": N_("{field} must be true or false"),
    "bool_type": N_("{field} must be true or false"),
    "greater_than": N_("{field} must be greater than {gt}"),
    "greater_than_equal": N_("{field} must be at least {ge}"),
    "less_than": N_("{field} must be less than {lt}"),
    "less_than_equal": N_("{field} must be at most {le}"),
    "string_too_long": N_("{field} may have at most {max_length} characters"),
    "string_too_short": N_("{field} must have at least {min_length} characters"),
    "too_long": N_("{field} may have at most {max_length} values"),
    "too_short": N_("{field} must have at least {min_length} values"),
    "string_pattern_mismatch": N_("{field} has characters or a form that is not allowed"),
    "string_type": N_("{field} must be a text"),
    "list_type": N_("{field} must be a list"),
    "dict_type": N_("{field} must be an object"),
    "model_attributes_type": N_("{field} must be an object"),
    "json_invalid": N_("the request body is not valid JSON"),
    "extra_forbidden": N_("{field} is not allowed here"),
    "uuid_parsing": N_("{field} must be an identifier"),
    "date_parsing": N_("{field} must be a date (YYYY-MM-DD)"),
    "date_from_datetime_parsing": N_("{field} must be a date (YYYY-MM-DD)"),
}
#: Where the value came from → how the sentence names it.
PLACES: dict[str, str] = {
    "query": N_("parameter ‘{name}’"),
    "path": N_("address part ‘{name}’"),
    "body": N_("field ‘{name}’"),
    "header": N_("header ‘{name}’"),
    "cookie": N_("cookie ‘{name}’"),
}
#: Reason phrases of HTTP errors pages show.
REASONS: dict[int, str] = {
    400: N_("The request is not valid."),
    401: N_("Log in to see this page."),
    403: N_("You may not see or change this."),
    404: N_("This page does not exist."),
    405: N_("This address does not accept this kind of request."),
    409: N_("Someone else changed this in the meantime; reload the page."),
    413: N_("The request is too large."),
    429: N_("Too many requests; try again in a minute."),
}


def _field(loc: Iterable[Any], language: str) -> str:
    parts = [str(x) for x in loc]
    place = parts[0] if parts and parts[0] in PLACES else ""
    name = ".".join(parts[1:] if place else parts)
    if not name:
        return translate(N_("the request"), language)
    return translate(PLACES.get(place, PLACES["body"]), language, name=name)


def _one(error: Mapping[str, Any], language: str) -> str:
    kind = str(error.get("type", ""))
    field = _field(error.get("loc", ()), language)
    ctx = {k: str(v) for k, v in (error.get("ctx") or {}).items()}
    if "expected" in ctx:
        ctx["expected"] = ctx["expected"].replace(" or ", translate(N_(" or "), language))
    if kind == "value_error" and "error" in ctx:
        return f"{field}: {localise(ctx['error'], language)}"
    rule = RULES.get(kind)
    if rule is None:
        return translate(N_("{field} is not valid"), language, field=field)
    try:
        return translate(rule, language, field=field, **ctx)
    except KeyError:  # a context field the rule names is missing
        return translate(N_("{field} is not valid"), language, field=field)


def validation_message(errors: Iterable[Mapping[str, Any]], language: str) -> str:
    """One sentence for a request pydantic refused (its ``errors()``)."""
    parts = list(dict.fromkeys(_one(e, language) for e in errors))
    return translate(N_("Invalid request: {problems}."), language, problems="; ".join(parts))


def http_message(status: int, detail: str, language: str) -> str:
    """The sentence of an HTTP error page: our own detail localised, else the reason."""
    from http import HTTPStatus

    try:
        standard = HTTPStatus(status).phrase
    except ValueError:
        standard = ""
    if detail and detail != standard:
        return localise(detail, language)
    reason = REASONS.get(status)
    return translate(reason, language) if reason else localise(detail, language)
