"""Pages of the assistance module: thin adapters over selectors and services."""
