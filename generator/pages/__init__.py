"""The pages planned from the articles, their extractions and the entity graph: article pages,
entity pages, listings, timelines, feeds, graph data, redirects and retirements, with the
templates that render them. Each module turns records into pages as data, entries of the run's
plan (write/plan.py: for each path, write, merge, keep, retire, redirect or remove), and none
writes a file: write.PageWriter.apply carries the plan out."""
