"""DTM forms, one module per part: rounds, flows, detention, events."""
