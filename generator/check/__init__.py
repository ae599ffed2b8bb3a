"""The check stage: validate every page in docs/ and say where each problem is.

Gather, then check: the entity pages are read first (they are the registry of names), then
every other page is read once and checked against them. Problems are `Problem` records
(`path:line: error: message`); nothing here prints or exits, the CLI does.

Line numbers come from PyYAML's node API (yaml.compose): each key, value and list item
carries its position, so a message points at the line to edit, not at the page.

One concern per module:

    report     Problem, Report, and the Checker that collects a page's problems
    docs       the docs/ folder: which pages, in which order: check_docs
    pages      reading one page and its front-matter
    yamlnodes  front-matter as line-aware YAML nodes
    fields     field validators, the schema's building blocks
    schema     the article and entity front-matter rules
    dates      date-times with their UTC offset, mentioned dates and intervals
    names      the registry of names: unknown names, did-you-mean, a name claimed twice
    links      internal links and images
    markers    the BEGIN/END GENERATED markers
"""
from __future__ import annotations

from .docs import check_docs
from .report import ERROR, WARNING, Problem, Report

__all__ = ["ERROR", "WARNING", "Problem", "Report", "check_docs"]
