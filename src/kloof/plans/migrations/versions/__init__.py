"""Migration scripts: ``0001`` the initial schema, ``0002`` the questionnaire and visions."""
