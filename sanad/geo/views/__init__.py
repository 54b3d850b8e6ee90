"""Pages of the gazetteer: admin units, sites and the map of sites."""
