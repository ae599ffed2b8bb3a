"""Processor time of converting one post, step by step, on every post of the shared corpus.

    .venv/bin/python benchmarks/convert_cpu.py [--rounds N] [--parser lxml] [--compare lxml --out DIR]

What an import's workers do for each post (articles.convert_post: clean, parse, convert to
Markdown, read its text, its language and summary), in this process, each step's processor time
summed over every post and shown per post. The posts are every post and page of ../shared/corpus
and the seed in ../shared/seeds, as the importer reads them (or, with --bench, the REST posts
import_speed.py multiplies). `--parser NAME` parses with another BeautifulSoup tree builder;
`--compare NAME` converts every post with both and writes the posts whose Markdown differs to
`--out` (NNNN.html.parser.md, NNNN.NAME.md, NNNN.html: the input). The summary's own text is
counted both in "summary" and in "the text".
"""
from __future__ import annotations

import argparse
import functools
import gc
import time
from collections import defaultdict
from pathlib import Path

from bs4 import BeautifulSoup, Tag
from common import CORPUS, SEED, real_posts, require_corpus

from generator import articles, clean
from generator.clean import transform
from generator.core.models import RawPost, SourceBatch
from generator.sources import read_sources
from generator.sources.posts import to_post

# (module, function, label): the steps of convert_post, in the order they run.
STEPS = [(clean, "raw_depth", "depth check"), (clean, "repair_lost_tags", "repair lost tags"),
         (clean, "expand_shortcodes", "shortcodes"), (clean, "wpautop", "wpautop"),
         (clean, "dropped_elements", "what the sanitiser drops"), (clean, "sanitise", "sanitise (nh3)"),
         (clean, "_soup", "parse (BeautifulSoup)"), (clean, "flatten_deep_nesting", "flatten deep nesting"),
         (transform.Transformer, "run", "transform"), (articles, "to_markdown", "to Markdown (markdownify)"),
         (articles, "markdown_text", "the text"), (articles, "language_of", "its language"),
         (articles, "summarise", "summary")]


def corpus_posts(bench: bool) -> list:
    if bench:
        lookups = SourceBatch().lookups
        return [to_post(RawPost("bench", data, rendered=True), lookups) for data in real_posts()]
    batch = read_sources([CORPUS, SEED.parent])
    return [to_post(raw, batch.lookups) for raw in batch.posts]


def timing(spent: dict, owner, name: str, label: str) -> None:
    function = getattr(owner, name)

    @functools.wraps(function)
    def timed(*args, **kwargs):
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[label] += time.process_time() - start

    setattr(owner, name, timed)


def parsing_with(parser: str):
    return lambda html: BeautifulSoup(html, parser, element_classes={Tag: clean._Tag})


def compare(posts: list, parser: str, out: Path) -> None:
    """The posts whose Markdown differs between html.parser and `parser`, written to `out`."""
    out.mkdir(parents=True, exist_ok=True)
    ours, theirs = clean._soup, parsing_with(parser)
    differ = 0
    for index, post in enumerate(posts):
        made = {}
        for name, soup in (("html.parser", ours), (parser, theirs)):
            clean._soup = soup
            try:
                made[name] = articles.convert_body(post).markdown
            except Exception as error:  # noqa: BLE001 - a failure is a difference to look at
                made[name] = f"failed: {type(error).__name__}: {error}\n"
        clean._soup = ours
        if made["html.parser"] != made[parser]:
            differ += 1
            for name, markdown in made.items():
                (out / f"{index:04d}.{name}.md").write_text(markdown, "utf-8")
            (out / f"{index:04d}.html").write_text(f"<!-- {post.origin} -->\n{post.content_html}", "utf-8")
    print(f"{len(posts)} posts: {differ} converted differently by html.parser and {parser} (in {out})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3, help="times every post is converted (default 3)")
    parser.add_argument("--bench", action="store_true", help="import_speed.py's posts, not the whole corpus")
    parser.add_argument("--parser", default="html.parser", help="BeautifulSoup's tree builder (default html.parser)")
    parser.add_argument("--compare", metavar="PARSER", help="list the posts PARSER converts differently")
    parser.add_argument("--out", type=Path, default=Path("parser-differences"), help="where --compare writes")
    args = parser.parse_args()
    require_corpus()
    posts = corpus_posts(args.bench)
    if args.compare:
        compare(posts, args.compare, args.out)
        return
    if args.parser != "html.parser":
        clean._soup = parsing_with(args.parser)
    for post in posts[:50]:  # the language model loaded, patterns compiled: not counted
        articles.convert_post(post)
    gc.freeze()  # as in a worker (core/parallel.py, _clean_worker): what it set up is never walked,
    gc.set_threshold(100_000, 50, 1000)  # and it collects rarely
    spent: dict[str, float] = defaultdict(float)
    for owner, name, label in STEPS:
        timing(spent, owner, name, label)
    start = time.process_time()
    for _ in range(args.rounds):
        for post in posts:
            articles.convert_post(post)
    whole = (time.process_time() - start) / args.rounds / len(posts) * 1000
    print(f"{len(posts)} posts ({sum(len(p.content_html) for p in posts) // len(posts):,} characters of HTML on "
          f"average), parsed with {args.parser}: {whole:.3f} ms of processor time a post")
    for label, seconds in sorted(spent.items(), key=lambda item: -item[1]):
        print(f"  {label:28s} {seconds / args.rounds / len(posts) * 1000:6.3f} ms")


if __name__ == "__main__":
    main()
