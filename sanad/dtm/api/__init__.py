"""DTM api, one module per part: rounds, flows, detention, events."""
