"""Moved to :mod:`kloof.app.cache` (the application layer); kept as an alias."""

from kloof.app.cache import FrameCache

__all__ = ["FrameCache"]
