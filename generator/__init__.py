"""WordPress news archive -> Markdown knowledge base -> MkDocs site."""

__version__ = "0.1.0"
