"""The kloof dashboard: a FastAPI app built by :func:`create_app` (no module-level app).

Pages (Kaart, Gebiedsprofiel, Gebieden, Vergelijken) are server-rendered Jinja templates
that work without JavaScript; the JSON API lives under ``/api/v1`` with its OpenAPI
document at ``/api/v1/openapi.json``. Front-end assets (MapLibre GL JS, NL Design System
CSS) come from npm and are copied into ``static/vendor`` at install time.
"""

from __future__ import annotations

from kloof.web.app import create_app, serve_app

__all__ = ["create_app", "serve_app"]
