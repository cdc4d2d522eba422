"""Qt item models: thin adapters over the plain records the session holds."""
