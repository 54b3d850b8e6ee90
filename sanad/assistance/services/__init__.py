"""Writes of the assistance module, one module per area (stock, distributions, cash, PDM)."""
