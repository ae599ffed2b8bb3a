"""The state kept between runs: the cache of each post's results and the registry of entities
as `docs/` holds them. Read once at the start of a run."""
