"""Moved to :mod:`kloof.app.areas` (the application layer); kept as an alias."""

from kloof.app.areas import combine, member_frame, set_values

__all__ = ["combine", "member_frame", "set_values"]
