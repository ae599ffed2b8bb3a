"""The templates, escaping by default: a new template cannot print WordPress text as markup.

Markdown templates (`*.md.j2`) escape every value with `escape_text`, so a title, name or
summary shows as the words it is. Values that are Markdown already (a converted body, links the
generator built) are wrapped in `Markdown`; link targets go through the `url` filter, which also
refuses unsafe schemes. HTML and SVG templates (`*.html.j2`, `*.svg.j2`) use Jinja's own HTML
autoescape.
"""
from __future__ import annotations

import functools
from datetime import datetime

from jinja2 import Environment, PackageLoader, StrictUndefined, Undefined, pass_eval_context

from ..convert import escape_text
from ..core.frontmatter import dump_yaml
from ..core.safe import page_title, safe_url
from ..store.cache import Cache, code_version, fingerprint

# The lighter page template (overrides/light.html) of the pages a reader reads one at a time:
# articles and an entity's year pages (their front-matter's `template:`, which MkDocs reads).
LIGHT = "light.html"


class Markdown(str):
    """Text that is Markdown already: printed as it is."""


def head(title: str, intro: str = "", **meta) -> str:
    """Front-matter with the page's title (as Material prints it: see safe.page_title) and an intro."""
    return f"---\n{dump_yaml({'title': page_title(title), **meta})}---\n\n{intro}"


def date_key(value: datetime | None) -> str | None:
    """A date as the keys of what is made from it hold it: its ISO form says the same as the date,
    and is hashed at once (a date with its zone is pickled through three reducers: a tenth of a
    second for the 40,000 dates the listings of 10,000 articles hold, every import)."""
    return value.isoformat() if value is not None else None


def human_date(value: datetime | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


@pass_eval_context
def _finalize(eval_context, value):
    if eval_context.autoescape or isinstance(value, (Markdown, Undefined)):
        return value  # HTML templates: Jinja escapes; Undefined: Jinja decides
    # A plain str: Jinja prints str() of what this returns, which copies a Markdown (a str subclass).
    return _escaped(value if type(value) is str else str(value))


@functools.lru_cache(maxsize=1 << 16)
def _escaped_short(text: str) -> str:
    return escape_text(text)


def _escaped(text: str) -> str:
    """escape_text, remembered for short values: titles, names and dates are printed on many
    pages (an article's title on the page of every entity it names)."""
    return _escaped_short(text) if len(text) <= 300 else escape_text(text)


def _url(value) -> Markdown:
    return Markdown(safe_url(str(value)))


def _join(items, separator: str = "") -> Markdown:
    """Jinja's join, keeping Markdown items as they are and escaping the rest."""
    return Markdown(separator.join(item if isinstance(item, Markdown) else escape_text(str(item)) for item in items))


_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Environment(Environment):
    """Jinja's environment, reading `item.name` of a plain dict as its key at once. Jinja asks for
    the attribute first and takes the key when that fails, and failing raises an exception: the
    items of entity pages, charts and listings are dicts, read some millions of times a run (a
    tenth of making the entity pages). A name that is an attribute of every dict ("items") is
    left to Jinja, so every value is what Jinja gives."""

    def getattr(self, obj, attribute):
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


def _environment() -> Environment:
    env = _Environment(
        loader=PackageLoader("generator", "templates"),
        autoescape=lambda name: bool(name) and name.endswith((".html.j2", ".svg.j2")),
        finalize=_finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
    )
    env.filters.update(url=_url, date=human_date, join=_join)
    return env


TEMPLATES = _environment()


def render(template: str, **values) -> str:
    return TEMPLATES.get_template(template).render(**values)


def render_kept(cache: Cache | None, template: str, key, **values) -> str:
    """render(template, **values), kept in the import cache under the code's version, the template
    and `key`: everything `values` hold, as plain data (lists, tuples, dicts, strings). A listing
    whose articles are as they were is not rendered again: some 200 month pages and the pages of
    the categories, tags and authors, every import (hashing what they list costs far less)."""
    if cache is None:
        return render(template, **values)
    entry = fingerprint(code_version(), template, key)
    text = cache.get("listing", entry)
    if not isinstance(text, str):
        text = render(template, **values)
        cache.put("listing", entry, text)
    return text
