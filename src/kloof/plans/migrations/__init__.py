"""Alembic migrations of the plans database, run by :func:`kloof.plans.db.upgrade`."""
