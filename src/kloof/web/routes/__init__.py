"""Router modules of the dashboard, one per capability.

See :data:`kloof.web.app.OPTIONAL_ROUTERS`.
"""
