"""DTM exports, one module per part: rounds, flows, detention, events."""
