"""Repair HTML whose opening tags were lost, as in the user's own damaged example.

Some scrapers and cache layers keep closing tags and drop opening ones: what is left is
`text</span></a> more</p>` and so on. A browser, or an HTML parser, silently drops the
orphans and with them every paragraph break. We rebuild what the closing tags still tell:
each `</p>` ends a paragraph, and a `</b>` or `</strong>` that ends a paragraph made the
whole paragraph bold. Other orphans (`</span>`, `</a>` whose href is gone) are dropped.
"""
from __future__ import annotations

import re
from collections import Counter

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?>")
_VOID = {"br", "img", "hr", "input", "meta", "link", "source", "wbr", "col", "area", "embed", "param", "track"}
_BOLD = ("b", "strong")


def orphan_closers(html: str) -> Counter:
    """How many closing tags of each name have no opening tag before them."""
    open_counts: Counter = Counter()
    orphans: Counter = Counter()
    for match in _TAG.finditer(html, 0, html.rfind(">") + 1):  # no tag ends past the last ">"
        closing, name = match.group(1), match.group(2).lower()
        if name in _VOID or match.group().endswith("/>"):
            continue
        if not closing:
            open_counts[name] += 1
        elif open_counts[name]:
            open_counts[name] -= 1
        else:
            orphans[name] += 1
    return orphans


def repair_lost_tags(html: str) -> tuple[str, list[str]]:
    """Rebuild paragraphs and whole-paragraph bold from orphan closing tags."""
    orphans = orphan_closers(html)
    if not orphans:
        return html, []
    notes = []
    if orphans["p"]:
        html = _rebuild_paragraphs(html)
        notes.append(f"rebuilt {orphans['p']} paragraphs whose <p> tags were lost")
    html, bold = _rebuild_bold_paragraphs(html, orphans)
    if bold:
        notes.append(f"restored bold on {bold} paragraph(s) whose <b> was lost")
    dropped = {name: count for name, count in orphans.items() if name != "p" and name not in _BOLD}
    if dropped:
        listing = ", ".join(f"</{name}> x{count}" for name, count in sorted(dropped.items()))
        notes.append(f"dropped orphan closing tags whose opening tags were lost ({listing})")
    return html, notes


def _rebuild_paragraphs(html: str) -> str:
    pieces = re.split(r"</p\s*>", html, flags=re.IGNORECASE)
    rebuilt = []
    for piece in pieces:
        if re.search(r"<p[\s>]", piece, flags=re.IGNORECASE):
            rebuilt.append(piece + "</p>")  # this paragraph kept its opening tag
        elif piece.strip():
            rebuilt.append(f"<p>{piece.strip()}</p>")
    return "\n".join(rebuilt)


def _rebuild_bold_paragraphs(html: str, orphans: Counter) -> tuple[str, int]:
    if not any(orphans[name] for name in _BOLD):
        return html, 0
    count = 0

    def restore(match):
        nonlocal count
        inner = match.group(2)
        bold = _closing_bold(inner)
        if bold and not re.search(rf"<{bold}[\s>]", inner, flags=re.IGNORECASE):
            count += 1
            return f"{match.group(1)}<{bold}>{inner}</p>"
        return match.group()

    # No paragraph ends past the last </p>: hostile text of thousands of "<p>" is not read to
    # the end from each of them.
    last = max((m.end() for m in _PARAGRAPH_END.finditer(html)), default=0)
    html = _PARAGRAPH.sub(restore, html[:last]) + html[last:]
    return html, count


_PARAGRAPH = re.compile(r"(<p[^>]*>)(.*?)</p>", re.DOTALL | re.IGNORECASE)
_PARAGRAPH_END = re.compile(r"</p>", re.IGNORECASE)
_TRAILING_CLOSER = re.compile(r"</([a-zA-Z]+)>\s*\Z")


def _closing_bold(inner: str) -> str:
    """The first </b> or </strong> of the closing tags that end `inner`, as its name ("b", "strong"),
    or "". Read backwards from the end, one closing tag at a time: a search from each </b> of
    "</b></b></b>...x" would read the whole run from each of them."""
    found, end = "", len(inner)
    while (start := inner.rfind("</", 0, end)) >= 0:
        closer = _TRAILING_CLOSER.match(inner, start, end)
        if not closer:
            break
        if closer.group(1).lower() in ("b", "strong"):
            found = closer.group(1)
        end = start
    return found
