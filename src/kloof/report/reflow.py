"""Wide tables on narrow screens: every table in a labelled, focusable scroll container.

WCAG 2.1 success criterion 1.4.10 (*Reflow*) asks that a page can be read at 320 CSS
pixels without scrolling in two directions; data tables are the allowed exception, as
long as *they* scroll and not the page. :func:`wrap_tables` puts each ``<table>`` of a
rendered page in ``<div class="kloof-scroll" role="region" tabindex="0"
aria-label="…">`` (named after the table's caption), so the page keeps its width, a
keyboard user can scroll the table with the arrow keys (axe rule
*scrollable-region-focusable*) and a screen reader announces which table the region
holds. Printing shows the whole table (the stylesheet lets the container overflow).

Done on the rendered HTML, so every page and report gets it without each template
having to remember the wrapper.

Examples
--------
>>> out = wrap_tables("<p>x</p><table><caption>A &amp; B</caption></table>")
>>> out.startswith('<p>x</p><div class="kloof-scroll" role="region" tabindex="0"')
True
>>> 'aria-label="A &amp; B"><table>' in out and out.endswith("</table></div>")
True
"""

from __future__ import annotations

import html
import re

__all__ = ["SCROLL_CLASS", "wrap_tables"]

#: Class of the scroll container (styled in kloof.css).
SCROLL_CLASS = "kloof-scroll"

_TABLE = re.compile(r"<table\b.*?</table>", re.S | re.I)
_CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")


def wrap_tables(page: str, fallback: str = "Tabel") -> str:
    """``page`` with every table wrapped in a scroll container (see the module docstring).

    Tables already inside such a container are left alone; ``fallback`` names a table
    without a caption.
    """

    def wrap(match: re.Match[str]) -> str:
        before = page[max(0, match.start() - 300) : match.start()].rstrip()
        if before.endswith(">") and SCROLL_CLASS in before[before.rfind("<") :]:
            return match.group(0)
        caption = _CAPTION.search(match.group(0))
        name = html.unescape(_TAG.sub("", caption.group(1))).strip() if caption else ""
        name = " ".join(name.split()) or fallback
        return (
            f'<div class="{SCROLL_CLASS}" role="region" tabindex="0" '
            f'aria-label="{html.escape(name, quote=True)}">{match.group(0)}</div>'
        )

    return _TABLE.sub(wrap, page)
