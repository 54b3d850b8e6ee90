"""DTM selectors, one module per part: rounds, flows, detention, events."""
