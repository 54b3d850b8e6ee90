"""Names of people: comparison keys for search and record linkage (no Django).

Below both ``registry`` (search keys kept on each person) and ``matching`` (duplicate detection),
so neither depends on the other for it. ``keys`` derives the keys; ``aliases`` is the curated
table of equivalent names it uses.
"""
