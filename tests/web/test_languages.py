"""Every page in one language: no English UI words on Dutch pages, no Dutch on English ones.

The test walks every page of the dashboard, its error pages (404, 405, 422, 400) and its
CSV downloads on the real store, in Dutch and in English, and fails on words of the
other language (a short list of words that belong to one language only). What a reader
sees or hears counts: text, ``aria-label``, ``title``, ``alt`` and ``placeholder``;
scripts, styles, ``<code>``/``<pre>``, elements marked with another ``lang`` (the
language switch) and a source's own notes quoted as written (``data-source-text``) do
not. Names of regions, areas and programmes are removed first; they
hold Dutch words on English pages too. Internal keys (``gemeente_name``) fail as well.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from html import unescape
from html.parser import HTMLParser
from typing import Any

import pytest

pytestmark = pytest.mark.realdata


#: English words that are not Dutch, looked for on Dutch pages.
ENGLISH = frozenset(
    """the and with for from which should not input invalid request field required missing
    unknown error found method allowed missed covered partly winner winners loser losers
    median true false none area areas municipality municipalities district districts
    neighbourhood neighbourhoods share amount recipient value values mean than more less
    each every only between against under are this that these there their its has have
    when where while without because outlier high low rate population households residents
    inhabitants gap simulation map profile rank flag page previous next search source
    sources notes note must greater equal valid number integer string list expected
    items characters least most""".split()  # noqa: SIM905
)
#: Dutch words that are not English, looked for on English pages (wijk, gemeente and
#: buurt are the terms English texts keep).
DUTCH = frozenset(
    """de het een van en niet naar voor met zijn wordt worden bij uit geen aantal inwoners
    gemiddelde gemiddeld inkomen huishoudens kwetsbaar kwetsbare woningen waarde jaar gebied
    gebieden onder boven tegen ook maar als dan nog welke wie wat deze dit die dat er heeft
    hebben kan moet ongeldig verzoek fout zoals kaart vergelijken zoeken verdeling ontvanger
    bedrag toelichting opgave gedekt gemist deels wint verliest ja nee""".split()  # noqa: SIM905
)
#: Proper names that hold words of either language.
PROPER_NAMES: tuple[str, ...] = (
    "Nationaal Programma Leefbaarheid en Veiligheid",
    "Dicht de kloof",
    "Preventie met Gezag",
    "Kerncijfers Wijken en Buurten",
    "Kerncijfers wijken en buurten",
    "Wijk- en Buurtkaart",
    "Bron: CBS",
)
_SKIP = {"script", "style", "code", "pre", "template"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
_VOID |= {"track", "wbr", "path", "rect", "line", "circle", "polyline", "polygon", "use"}
_WORD = re.compile(r"[A-Za-zÀ-ÿ_]+(?:-[A-Za-zÀ-ÿ_]+)*")  # a compound (kwb-panel) is one
_URL = re.compile(r"\S*[/?=&]\S*")
_QUOTED = re.compile(r"‘[^’]*’")


class _Visible(HTMLParser):
    def __init__(self, lang: str) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = lang
        self.stack: list[tuple[str, bool]] = []
        self.parts: list[str] = []

    def _hidden(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        other = a.get("lang") not in (None, self.lang) or a.get("hreflang") not in (None, self.lang)
        # data-source-text: a source's own words, quoted as written (not interface text)
        hidden = tag in _SKIP or other or "data-source-text" in a or self._hidden()
        if tag not in _VOID and tag not in ("stop",):
            self.stack.append((tag, hidden))
        if not hidden:
            self.parts += [
                a[k] or "" for k in ("aria-label", "title", "alt", "placeholder") if a.get(k)
            ]

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        if not self._hidden():
            self.parts.append(data)


def visible_text(html: str, lang: str) -> str:
    """What a reader of a page in ``lang`` sees or hears, one chunk per line."""
    parser = _Visible(lang)
    parser.feed(html)
    return "\n".join(p for p in parser.parts if p.strip())


def foreign_words(text: str, lang: str, names: Iterable[str] = ()) -> list[str]:
    """Words of the other language in ``text`` (a page in ``lang``), with their context.

    ``names`` are removed first (region and area names hold Dutch words, also on an
    English page). Internal keys (``gemeente_name``) are reported as ``key: …``.
    """
    words = ENGLISH if lang == "nl" else DUTCH
    for name in (*PROPER_NAMES, *sorted(names, key=len, reverse=True)):
        if name and name in text:  # whole words only: the gemeente Kern is not in Kerncijfers
            text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", " ", text)
    text = _QUOTED.sub(" ", _URL.sub(" ", text))
    found = []
    for match in _WORD.finditer(text):
        word = match.group(0)
        context = " ".join(text[max(0, match.start() - 40) : match.end() + 40].split())
        if "_" in word.strip("_"):
            found.append(f"key {word}: …{context}…")
        elif word.lower() in words:
            found.append(f"{word}: …{context}…")
    return found


# ----------------------------------------------------------------------------- pages
#: Pages a visitor reaches from the menu, the map, a profile and the programme pages.
PAGES: tuple[str, ...] = (
    "/",
    "/?level=wijk",
    "/?gemeente=GM0599",
    "/zoeken?q=Rotterdam",
    "/zoeken?q=geen-treffer-xyz",
    "/gebieden",
    "/gebied/GM0599",
    "/gebied/WK059910",
    "/gebied/nplv:rotterdam-zuid",
    "/vergelijken",
    "/vergelijken?level=wijk&gemeente=GM0599",
    "/api",
    "/brandpunten",
    "/focusgebieden",
    "/verdeling",
    "/verdeling?scenario=pmg2025&recipient=rotterdam-zuid&budget=150000000",
    "/verdeling?scenario=dichtdekloof2021",
    "/verdeling?scenario=gemeentefonds",
    "/woningtoewijzing",
    "/plannen",
    "/inloggen",
)
#: Error pages: (path, method, status).
ERRORS: tuple[tuple[str, str, int], ...] = (
    ("/bestaat-niet", "GET", 404),
    ("/gebied/GM9999", "GET", 404),
    ("/gebied/XX12", "GET", 404),
    ("/", "POST", 405),
    ("/plannen/atlantis", "GET", 404),
    ("/bewoners/atlantis", "GET", 404),
    ("/?level=provincie", "GET", 422),
    ("/vergelijken?page=0", "GET", 422),
    ("/gebied/GM0599?year=1", "GET", 422),
    ("/vergelijken?sort=onbekend", "GET", 400),
)
#: CSV downloads (the header row and the values must be in the page's language).
DOWNLOADS: tuple[str, ...] = (
    "/gebied/GM0599/download/csv",
    "/api/v1/values?level=wijk&gemeente=GM0599&format=csv",
    "/api/v1/allocations/pmg2025?format=csv",
)


def _with_lang(path: str, lang: str) -> str:
    return path + ("&" if "?" in path else "?") + f"lang={lang}"


@pytest.fixture(scope="module")
def names(client: Any) -> set[str]:
    """Names of regions, areas and scenarios: they are not interface text."""
    from kloof.allocation.scenarios import SCENARIOS, scenario
    from kloof.housing import list_shipped, shipped
    from kloof.monitor.areas import builtin

    found = {str(n) for n in client.app.state.kloof.cache().names().tolist() if n}
    for set_name in ("nplv", "dichtdekloof"):
        found |= {a.name for a in builtin(set_name).areas}
    rules = [scenario(k) for k in SCENARIOS]
    found |= {r.name for r in rules} | set(SCENARIOS)
    # the names a rule file gives its tiers and measures ('16 gebieden', 'vast bedrag')
    found |= {t.name for r in rules for t in r.tiers}
    found |= {str(m.label) for r in rules for t in r.tiers for m in getattr(t.key, "measures", ())}
    found |= {shipped(k).name for k in list_shipped()} | set(list_shipped())
    return found


@pytest.fixture(scope="module")
def job_url(client: Any) -> str:
    """A finished simulation's page (the toy scenario, one run)."""
    response = client.post(
        "/woningtoewijzing", data={"scenario": "toy", "runs": "1"}, follow_redirects=False
    )
    assert response.status_code == 303
    url = response.headers["location"].split("?")[0]
    job = url.rsplit("/", 1)[-1]
    deadline = time.monotonic() + 120
    while client.get(f"/api/v1/simulations/{job}").json()["state"] != "done":
        assert time.monotonic() < deadline, "the toy simulation did not finish"
        time.sleep(0.5)
    return url


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_page_speaks_the_readers_language(
    client: Any, names: set[str], job_url: str, lang: str
) -> None:
    problems: dict[str, list[str]] = {}
    for path in (*PAGES, job_url):
        response = client.get(_with_lang(path, lang))
        assert response.status_code == 200, (path, response.status_code)
        found = foreign_words(visible_text(response.text, lang), lang, names)
        if found:
            problems[path] = found[:6]
    assert not problems, _report(problems)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_error_pages_speak_the_readers_language(client: Any, names: set[str], lang: str) -> None:
    problems: dict[str, list[str]] = {}
    for path, method, status in ERRORS:
        response = client.request(method, _with_lang(path, lang))
        assert response.status_code == status, (path, response.status_code)
        assert response.headers["content-type"].startswith("text/html"), path
        found = foreign_words(visible_text(response.text, lang), lang, names)
        if found:
            problems[f"{method} {path}"] = found[:6]
    assert not problems, _report(problems)


def test_a_validation_error_is_a_dutch_sentence_naming_the_parameter(client: Any) -> None:
    html = unescape(client.get("/?level=provincie&lang=nl").text)
    assert "Ongeldig verzoek: parameter ‘level’ moet 'gemeente', 'wijk' of 'buurt' zijn." in html
    html = unescape(client.get("/?level=provincie&lang=en").text)
    assert "Invalid request: parameter ‘level’ must be 'gemeente', 'wijk' or 'buurt'." in html


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_downloads_have_headers_and_words_in_the_readers_language(client: Any, lang: str) -> None:
    for path in DOWNLOADS:
        response = client.get(_with_lang(path, lang))
        assert response.status_code == 200, path
        text = response.content.decode("utf-8-sig")
        header = text.splitlines()[0]
        assert not foreign_words(header, lang), (path, header)
        assert not re.search(r"\b(True|False)\b", text), path
        if lang == "nl":
            assert ";" in header, path


def _report(problems: dict[str, list[str]]) -> str:
    return "\n".join(f"{path}:\n    " + "\n    ".join(found) for path, found in problems.items())
