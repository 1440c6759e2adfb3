"""An area's confidence text in the run's language, and long lines wrapped to a width.

The area sets (``kloof/data/areas/*.yaml``) give each area a confidence text: a mark
(``high``, ``medium [M]``, ``low-medium [L/M]``) and, in parentheses, the researcher's
source note, written in English with quoted Dutch sources. The analysis layers pass the
text on as it is (data); this module shows it in the run's language: the mark is
translated through the catalogues (``hoog``, ``middel [M]``, ``laag-middel [L/M]``; the
letters H/M/L read the same in Dutch: hoog, middel, laag) and, in Dutch, the source note
is shown as what it is, a quoted English note (``bronnotitie (Engels): …``), because it
is data that has no Dutch text.
"""

from __future__ import annotations

import re
import textwrap

from kloof.i18n import N_, translate

__all__ = ["MARK_WORDS", "confidence_mark", "confidence_text", "wrap_lines"]

#: The words of a confidence mark (message ids of the catalogues).
MARK_WORDS: tuple[str, ...] = (N_("high"), N_("medium"), N_("low"))
_NOTE = N_("{mark}; source note (English): {note}")
_MARK = re.compile(r"^\s*['\"]?\s*(?P<mark>[A-Za-z]+(?:-[A-Za-z]+)*)(?P<code>\s*\[[^\]]*\])?")


def _split(text: str) -> tuple[str, str, str]:
    """``(mark, code, note)`` of a confidence text; the mark is empty when none is found."""
    match = _MARK.match(text)
    if not match or not all(w.lower() in MARK_WORDS for w in match["mark"].split("-")):
        return "", "", text.strip()
    rest = text[match.end() :].strip().strip("'\"").strip()
    if rest.startswith("(") and rest.endswith(")"):
        rest = rest[1:-1].strip()
    return match["mark"].lower(), (match["code"] or "").strip(), rest


def confidence_mark(text: str, language: str) -> str:
    """The mark of a confidence text in ``language`` (``middel [M]``), without its note."""
    mark, code, note = _split(text)
    if not mark:
        return note
    word = "-".join(translate(w, language) for w in mark.split("-"))
    return f"{word} {code}".strip()


def confidence_text(text: str, language: str) -> str:
    """A confidence text in ``language``: the mark translated, the source note kept.

    English gives the text as written; Dutch gives the translated mark followed by the
    source note, labelled as an English note. A text without a mark is returned as is.
    """
    if language == "en" or not text:
        return text
    mark, _, note = _split(text)
    if not mark:
        return text
    word = confidence_mark(text, language)
    return translate(_NOTE, language, mark=word, note=note) if note else word


def wrap_lines(text: str, width: int, *, indent: int = 4) -> str:
    """``text`` with each line longer than ``width`` wrapped at spaces.

    A wrapped line continues under its own indentation plus ``indent`` spaces, so that
    the continuation reads as part of the line above.
    """
    out: list[str] = []
    for line in text.splitlines():
        if len(line) <= width:
            out.append(line)
            continue
        lead = line[: len(line) - len(line.lstrip(" "))]
        out += textwrap.wrap(
            line.strip(),
            width=width,
            initial_indent=lead,
            subsequent_indent=lead + " " * indent,
            break_long_words=False,
            break_on_hyphens=False,
        )
    return "\n".join(out)
