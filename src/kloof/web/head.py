"""``HEAD`` on every page: answered as ``GET`` without the body (RFC 9110, section 9.3.2).

FastAPI routes declared with ``@router.get`` answer ``HEAD`` with 405, while link
checkers, monitoring and some browsers ask ``HEAD`` first. :class:`HeadAsGet` runs a
``HEAD`` request as ``GET`` (same status and headers, ``Content-Length`` included) and
drops the body on its way out. The server's own scope is not changed, so uvicorn still
knows it answers a ``HEAD``.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["HeadAsGet"]


class HeadAsGet:
    """ASGI middleware: ``HEAD`` → the ``GET`` route, without a body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headless(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return  # swallow the parts; the last one ends the response
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headless)
