"""Readers of the outside world: CBS files, the CBS OData API, user files with a
mapping, boundaries and crosswalks. Each returns an :class:`~kloof.batch.ImportBatch`.

:func:`read` detects the format of a path and calls the right reader.
"""

from __future__ import annotations

from kloof.sources.detect import detect, discover, read, read_many

__all__ = ["detect", "discover", "read", "read_many"]
