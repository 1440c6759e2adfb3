"""The ``kloof`` command line: thin adapters over the Python API."""
