"""The pages planned from the articles, their extractions and the entity graph: article pages,
entity pages, listings, timelines, feeds, graph data, redirects and retirements, with the
templates that render them. Each module turns records into pages as data; `write` applies them."""
