"""Command line: a thin layer over the library that turns results into messages and exit codes."""
from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path

import click

from . import version
from .core import config
from .pages.feeds import placeholder_site_url
from .pages.media import DEFAULT_MAX_BYTES
from .report import report_json
from .shortcut import import_once
from .site import MkDocsFailed, SearchIndexFailed, build_site
from .write import DocsBusy, exclusive, write_atomic

EXIT_REJECTED = 1
EXIT_BUSY = 3  # another import is writing the same docs/
EXIT_MKDOCS_FAILED = 4  # build: `mkdocs build --strict` failed
EXIT_SEARCH_FAILED = 5  # build: Pagefind could not index the site
EXIT_INTERRUPTED = 130  # as the shell reports Ctrl-C, and as `fetch` does


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(version(), "-V", "--version", message="%(prog)s %(version)s",
                      help="Show the version and exit.")
def main():
    """Turn a WordPress news archive into a Markdown knowledge base and a MkDocs site.

    Run it from the knowledge base's folder (the one holding mkdocs.yml): content/wordpress,
    docs/ and site/ are found from the current directory. `wpkb` and `python -m generator`
    are the same command.

    \b
    Typical use:
      wpkb import                 # content/wordpress -> docs/
      wpkb build                  # import, then mkdocs build --strict -> site/
    """


def _import(sources: tuple[Path, ...], docs: Path, report: Path | None, include_unpublished: bool,
            quiet: bool, jobs: int | None = None, local_media: bool = False, media_max_bytes: int | None = None,
            media_allow_private: bool = False, cache: Path | None = None, full: bool = False) -> int:
    settings = config.mkdocs_settings()
    try:
        result = import_once(list(sources) or config.DEFAULT_SOURCES, docs, config.site_name(),
                             include_unpublished=include_unpublished, settings=settings, jobs=jobs,
                             local_media=local_media, media_max_bytes=media_max_bytes,
                             media_allow_private=media_allow_private, cache=cache, full=full)
    except KeyboardInterrupt:
        click.echo("Interrupted. Every file is written whole or not at all; run the same command again "
                   "to finish.", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except DocsBusy as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_BUSY)
    for line in result.problems:
        click.echo(line, err=True)
    if placeholder_site_url(settings):
        click.echo(f"warning: mkdocs.yml's site_url is a placeholder ({settings.get('site_url')}): the feeds and "
                   "their links point at it; set site_url to the address the site is published at", err=True)
    if report:
        write_atomic(report, report_json(result))
    if not quiet:
        click.echo(result.summary)
        for line in result.media:
            click.echo(line)
        if not result.changed:
            click.echo(f"Nothing to write: {docs}/ is up to date.")
    if result.exit_code:
        click.echo(f"{result.rejected} input(s) rejected; the rest was imported. "
                   "Fix or remove the files named above (see --report for details).", err=True)
    return result.exit_code


_sources_argument = click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
_docs_option = click.option("--docs", type=click.Path(file_okay=False, path_type=Path),
                            default=config.DEFAULT_DOCS, show_default=True,
                            help="Folder of the Markdown knowledge base (MkDocs docs_dir).")
_report_option = click.option("--report", type=click.Path(dir_okay=False, path_type=Path),
                              help="Write a JSON report of what happened to each input.")
_drafts_option = click.option("--include-unpublished", is_flag=True,
                              help="Also import drafts, pending, private and future posts.")
_jobs_option = click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N",
                            help="Processes that convert and write articles (default: one per core). "
                                 "The output is the same for any N.")
_local_media_option = click.option(
    "--local-media", is_flag=True,
    help="Download the articles' images (JPEG, PNG, GIF, WebP, AVIF; never SVG) into DOCS/assets/media/, "
         "named by content hash, and show them from there; the original URL stays as the image's title. "
         "A failed download keeps the remote URL (with a warning). Later runs download only new images.")
_media_max_bytes_option = click.option(
    "--media-max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES, show_default=True, metavar="BYTES",
    help="With --local-media: larger images are not downloaded (they stay remote, with a warning).")
_media_allow_private_option = click.option(
    "--media-allow-private", is_flag=True,
    help="With --local-media: also download from this machine and private networks (a WordPress on "
         "your own network); by default such addresses are refused, so a post cannot make the import "
         "call local services.")
_cache_option = click.option(
    "--cache", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
    help="Where to keep what each post gave last time, so unchanged posts are not converted or "
         "extracted again (default: .cache/wpkb/ beside DOCS). Safe to delete: that only costs time.")
_full_option = click.option("--full", is_flag=True,
                            help="Ignore the cache and redo every post (the pages come out the same).")


@main.command("import")
@_sources_argument
@_docs_option
@_report_option
@_drafts_option
@_jobs_option
@_local_media_option
@_media_max_bytes_option
@_media_allow_private_option
@_cache_option
@_full_option
@click.option("-q", "--quiet", is_flag=True, help="Only print problems.")
def import_command(sources, docs, report, include_unpublished, jobs, local_media, media_max_bytes, media_allow_private,
                   cache, full, quiet):
    """Import WordPress posts and pages from SOURCES (files or folders) into DOCS.

    SOURCES default to content/wordpress. Accepted: REST API JSON (one post, a
    /wp/v2/posts page, JSON Lines; damaged files are salvaged), users/categories/tags
    lists to name IDs, and WXR exports. Folders are read recursively, any extension.

    Pages edited by hand since the last import are never overwritten.

    \b
    Exit status: 0 when every input was read; 1 when some input or post was
    rejected (everything else was still imported); 2 for a usage error; 3
    another import is writing the same DOCS (nothing written); 130 stopped
    with Ctrl-C (run again to finish).

    \b
    Examples:
      python -m generator import
      python -m generator import export.xml posts/ --report import-report.json
      python -m generator import --local-media     # keep the images in docs/assets/media/
    """
    sys.exit(_import(sources, docs, report, include_unpublished, quiet, jobs, local_media, media_max_bytes,
                     media_allow_private, cache, full))


@contextmanager
def _nothing():
    yield


@main.command("build")
@_sources_argument
@_docs_option
@click.option("--site", "site_dir", type=click.Path(file_okay=False, path_type=Path),
              default=config.DEFAULT_SITE, show_default=True, help="Where to write the HTML site.")
@click.option("--no-import", is_flag=True, help="Build from docs/ as it is, without importing first.")
@_report_option
@_drafts_option
@_jobs_option
@_local_media_option
@_media_max_bytes_option
@_media_allow_private_option
@_cache_option
@click.option("--full", is_flag=True,
              help="Ignore the caches: redo every post, render every page and index the whole site for "
                   "search (the site comes out the same; without it only what changed is done again).")
def build_command(sources, docs, site_dir, no_import, report, include_unpublished, jobs, local_media, media_max_bytes,
                  media_allow_private, cache, full):
    """Import (as `import` does), build the site with `mkdocs build --strict`, index it for search.

    The site is built from DOCS (with --docs, a temporary config beside mkdocs.yml inherits
    it and sets docs_dir). The search index is made by Pagefind; `mkdocs serve` previews
    pages but has no search.

    Builds are incremental: only pages whose HTML can differ from the last build's are
    rendered again (their Markdown, the links they make, the navigation, mkdocs.yml and the
    theme are compared), pages deleted from DOCS leave SITE, and search is indexed again
    only when an indexed page changed. What the last build wrote is kept in the cache folder
    (.cache/wpkb/site/ beside DOCS, or --cache); deleting it, or --full, gives a full build.
    The site is the one `mkdocs build --strict` and Pagefind would make, less the hidden
    spans only Pagefind reads (its index is made from copies of the pages, taken first).

    \b
    Exit status: 0 imported and built; 1 some input or post was rejected (the
    rest was imported and the site was still built); 2 usage error, or no
    mkdocs.yml in the current folder; 3 another import is writing the same
    DOCS (nothing built); 4 the MkDocs build failed; 5 the search index
    (Pagefind) failed; 130 stopped with Ctrl-C.

    \b
    Examples:
      python -m generator build                   # content/wordpress -> docs/ -> site/
      python -m generator build --no-import --site public/
      python -m generator build --full            # everything again, from an empty state
    """
    if not config.MKDOCS_CONFIG.exists():
        raise click.UsageError("no mkdocs.yml here: run this from the project folder")
    status = 0 if no_import else _import(sources, docs, report, include_unpublished, quiet=False, jobs=jobs,
                                         local_media=local_media, media_max_bytes=media_max_bytes,
                                         media_allow_private=media_allow_private, cache=cache, full=full)
    try:
        # Hold docs/ as an import does, so that no import rewrites it while MkDocs reads it.
        with exclusive(docs) if docs.is_dir() else _nothing():
            built = build_site(site_dir, config.MKDOCS_CONFIG, docs, full=full, cache=cache)
    except DocsBusy as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_BUSY)
    except MkDocsFailed as error:
        click.echo(f"error: {error}; the site in {site_dir}/ is not up to date.", err=True)
        sys.exit(EXIT_MKDOCS_FAILED)
    except SearchIndexFailed as error:
        click.echo(f"error: {error}; the pages in {site_dir}/ are built but search will not find them.", err=True)
        sys.exit(EXIT_SEARCH_FAILED)
    except KeyboardInterrupt:
        click.echo("Interrupted; run the same command again to build the site.", err=True)
        sys.exit(EXIT_INTERRUPTED)
    click.echo(f"Site built in {site_dir}/: {built.summary()}.")
    click.echo(f"Open {site_dir}/index.html through a web server, e.g. "
               f"`python -m http.server -d {site_dir}`.")
    sys.exit(status)


@main.command("check")
@click.option("--docs", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=config.DEFAULT_DOCS, show_default=True,
              help="Folder of the Markdown knowledge base (MkDocs docs_dir).")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
def check_command(docs, strict):
    """Check every page in DOCS and report problems as `path:line: level: problem`.

    \b
    Errors: front-matter that is missing, not YAML, or not as the importer writes it;
    an actor or place with no entity page (with a did-you-mean); a name or alias
    claimed by two entities; a broken internal link; an impossible date; broken
    BEGIN/END GENERATED markers.
    Warnings: unknown keys, entity pages still `discovered: true`, an empty summary,
    `updated` earlier than `date`.
    docs/.generated/ (the importer's store) and non-Markdown files are not checked.

    \b
    Exit status: 0 no errors (warnings allowed unless --strict); 1 errors found;
    2 usage error.

    \b
    Examples:
      python -m generator check
      python -m generator check --docs path/to/docs --strict
    """
    from .check import check_docs

    report = check_docs(docs)
    for problem in report.problems:
        click.echo(str(problem))
    click.echo(report.summary())
    sys.exit(1 if report.failed(strict) else 0)


@main.command("fetch")
@click.argument("site_url")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("content/wordpress"),
              show_default=True, help="Folder to store into; each site gets its own sub-folder.")
@click.option("--full", is_flag=True,
              help="Fetch and store everything again, ignoring what earlier runs fetched.")
@click.option("--delay", type=click.FloatRange(min=0), default=0.5, show_default=True,
              help="Seconds to wait between requests.")
@click.option("--per-page", type=click.IntRange(1, 100), default=100, show_default=True,
              help="Items per request (WordPress allows at most 100).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=30.0, show_default=True,
              help="Seconds to wait for the site to answer one request.")
@click.option("--skip", type=click.Choice(["posts", "pages", "media", "users", "categories", "tags",
                                          "post-ids", "page-ids"]),
              multiple=True, help="Do not fetch this endpoint (repeatable), e.g. users on a site that hides them. "
                                  "post-ids and page-ids are the lists of what the site still publishes: "
                                  "without them, posts deleted on the site stay in the knowledge base "
                                  "and back-dated posts are missed.")
def fetch_command(site_url, out, full, delay, per_page, timeout, skip):
    """Fetch a WordPress site's posts, pages, media metadata, users, categories and tags
    from its REST API into OUT/<site>/, where `import` and `build` read them.

    Responses are stored exactly as received, one file per page
    (OUT/<site>/<endpoint>/<run>-page-0001.json), and never changed. The first run
    fetches everything; later runs ask only for what was modified since (and write
    nothing when nothing changed). Every run also reads the list of post and page ids the
    site still publishes: posts on it that no run stored (back-dated ones, which
    modified_after cannot see) are fetched by id, and `import` retires the pages of posts
    deleted or unpublished since. An interrupted run resumes at the next page when the same
    command is run again. Media files themselves are not downloaded (`import --local-media`
    downloads the images articles show). Only public content is
    fetched (no login).

    Requests are paced (--delay), retried with backoff on 429/5xx and dropped
    connections (Retry-After is honoured), and send a User-Agent naming this tool.

    \b
    Exit status: 0 fetched (or nothing new); 1 some endpoint failed or the run was
    interrupted (what was fetched is kept; run again to resume); 2 usage error;
    3 site unreachable, or its REST API is disabled or needs authentication;
    130 stopped with Ctrl-C (run again to resume).

    \b
    Examples:
      python -m generator fetch https://news.example
      python -m generator fetch https://news.example --delay 2 --skip users
      python -m generator fetch https://news.example --full
      python -m generator fetch https://news.example && python -m generator build
    """
    from .fetch import FetchOptions, fetch_site, normalize_site_url

    try:
        normalize_site_url(site_url)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="SITE_URL") from None
    options = FetchOptions(out=out, full=full, delay=delay, per_page=per_page, timeout=timeout, skip=tuple(skip))
    sys.exit(fetch_site(site_url, options).exit_code)
