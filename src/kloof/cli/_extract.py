"""Babel extractor of the command line's texts (``babel.cfg``, ``pybabel extract``).

The command line's help texts are written where typer reads them: ``help="..."`` of a
command, group, option or argument, and the docstring of a command function. Babel's
Python extractor finds only marked calls, so this extractor adds those texts, each as
one line (:func:`normalise`, as the command line looks them up), to what Babel finds
itself (``N_("...")``, ``translate("...", lang)``) and to the command line's own calls
``tr("...")`` and ``say("...", lang)``.

Examples
--------
>>> import io
>>> source = b'''
... @app.command()
... def status(year: int = typer.Option(2023, help="Only  this "
...        "year.")) -> None:
...     \"\"\"What the store holds.\"\"\"
...     print(tr("note:"))
... '''
>>> [m for _line, _fn, m, _c in extract(io.BytesIO(source), {}, [], {})]
['What the store holds.', 'Only this year.', 'note:']
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator, Mapping, Sequence
from typing import IO, Any

__all__ = ["KEYWORDS", "extract", "normalise", "texts"]

#: The command line's translating calls (the message is the first argument).
KEYWORDS = frozenset({"tr", "say"})
#: Decorators (``@app.command()``, ``@app.callback()``) whose function's docstring is help.
_DECORATORS = frozenset({"command", "callback"})


def normalise(text: str) -> str:
    """A help text as one line (docstrings and wrapped strings compare equal)."""
    return " ".join(text.split())


def _is_command(node: ast.AST) -> bool:
    if not isinstance(node, ast.FunctionDef):
        return False
    for decorator in node.decorator_list:
        call = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(call, ast.Attribute) and call.attr in _DECORATORS:
            return True
    return False


def _text(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def texts(source: str) -> Iterator[tuple[int, str]]:
    """``(line, text)`` of every help text and ``tr``/``say`` message in Python ``source``
    (inside f-strings too, which Babel's Python extractor does not read)."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args:
            message = _text(node.args[0]) if node.func.id in KEYWORDS else None
            if message:
                yield node.lineno, message
        elif isinstance(node, ast.keyword) and node.arg == "help":
            help_text = _text(node.value)
            if help_text:
                yield node.value.lineno, normalise(help_text)
        elif isinstance(node, ast.FunctionDef) and _is_command(node):
            doc = ast.get_docstring(node)
            if doc:
                doc = doc.split("\f")[0]
                yield node.lineno, normalise(doc)
                if "\n\n" in doc:  # the first paragraph: a command's line in its group's help
                    yield node.lineno, normalise(doc.split("\n\n")[0])


def extract(
    fileobj: IO[bytes],
    keywords: Collection[str],
    comment_tags: Sequence[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, str | None, Any, list[str]]]:
    """Babel's extraction method: marked calls, then the help texts and ``tr``/``say``
    messages of ``fileobj``."""
    from babel.messages.extract import extract_python

    found: Iterator[Any] = extract_python(fileobj, keywords, comment_tags, options)  # type: ignore[arg-type]
    yield from found  # (line, keyword, message(s), comments), as Babel gives them
    fileobj.seek(0)
    encoding = str(options.get("encoding", "utf-8"))
    for line, text in texts(fileobj.read().decode(encoding)):
        if text:  # no name: Babel takes the message as it is
            yield line, None, text, []
