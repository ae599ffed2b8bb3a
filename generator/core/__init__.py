"""What every stage shares: the records passed between stages (models), page paths, the one
safety boundary (safe), text helpers, the front-matter schema and its YAML, settings, and the
worker pool. Nothing here imports another part of the generator."""
