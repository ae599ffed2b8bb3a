"""Shared fixtures: run the real CLI on real files, read the pages it writes."""
from __future__ import annotations

import contextlib
import fcntl
import io
import json
import os
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEED = SHARED / "seeds" / "000_5158cdc8a7711619.txt"
CORPUS = SHARED / "corpus"
SAMPLE = REPO / "content" / "wordpress"


# The test files that take longest, slowest first (their time on 2 cores, `--durations` and per-file
# totals; see BENCHMARKS.md, "The test suite"). `make test` runs each file whole on one of two
# workers (--dist loadfile), so the run ends when the last file does: a long file started last
# keeps one worker busy while the other idles. They are started first, and the short files fill
# in behind them. Only the order changes: a file missing here runs after these, in file order.
SLOWEST_FIRST = (
    "test_workflow.py", "test_corpus.py", "test_site_incremental.py", "test_incremental.py", "test_hostile.py",
    "test_search_parts.py", "test_fuzz_writer.py", "test_a11y.py", "test_browser_graph.py", "test_engines.py",
    "test_fetch.py", "test_hostile_markup.py", "test_gold_beats.py", "test_old_addresses.py", "test_install.py",
    "test_gazetteer.py", "test_shortcut.py", "test_media.py", "test_entity_pages.py", "test_rerun.py", "test_cli.py",
    "test_entities.py", "test_hostile_sources.py", "test_extract_beats.py", "test_extract_site.py",
    "test_crash_safety.py", "test_inputs.py", "test_damaged_input.py", "test_article_page.py", "test_retire.py",
)


def pytest_configure(config):
    """pytest-xdist would otherwise hand out the files by their number of tests, most first,
    which sends the long few-test files (a WordPress scenario, an import compared step by step)
    last."""
    if hasattr(config.option, "loadscopereorder"):
        config.option.loadscopereorder = False


def pytest_collection_modifyitems(items):
    rank = {name: place for place, name in enumerate(SLOWEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: a file's own order stays


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """Run `python -m generator ARGS` as a user would, in a process of its own, from `cwd` (`env`:
    extra variables). For what only a process shows: exit on a signal, --help and --version as
    the shell prints them, locks held by another process, a crash's traceback."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    done = subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd or REPO,
                          capture_output=True, text=True, env=env, timeout=600, check=False)
    return Run(done.returncode, done.stdout, done.stderr)


def call_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """The same command as `run_cli`, with the same result, run in this process: the CLI's own
    entry point (generator.cli.main) with ARGS, from `cwd`, with `env` added to the environment,
    its output captured and its exit status taken from SystemExit. It skips starting Python and
    importing the generator and its data (name lists, gazetteers) for every command, which is
    most of the time a small import takes. An exception the CLI does not turn into an exit
    status propagates, where a process would print a traceback and exit 1: the test fails
    either way, here with the traceback in the test report."""
    from generator.cli import main

    out, err = io.StringIO(), io.StringIO()
    added = {"NO_MKDOCS_2_WARNING": "1", **(env or {})}
    saved = {name: os.environ.get(name) for name in added}
    here = os.getcwd()
    try:
        os.environ.update(added)
        os.chdir(cwd or REPO)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main.main(args=list(args), prog_name="python -m generator")
                code = 0
            except SystemExit as exit_:
                code = _exit_status(exit_.code, err)
    finally:
        os.chdir(here)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return Run(code, out.getvalue(), err.getvalue())


def _exit_status(code, err: io.StringIO) -> int:
    """The status a process exiting with SystemExit(code) would have (a message goes to stderr, status 1)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=err)
    return 1


def parsed_html(html: str):
    """A built page as a browser's parser reads it (BeautifulSoup over lxml). The site's pages are
    minified (generator/site/minify.py): attribute values go unquoted where they can and in another
    order, optional end tags are left out; so tests read elements and attributes, not the text."""
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "lxml")


def links_in(html: str) -> list[str]:
    """Every href of a built page, in order."""
    return [element["href"] for element in parsed_html(html).select("[href]")]


def read_page(path: Path) -> tuple[dict, str]:
    """Front-matter and body, split the way MkDocs splits them."""
    from mkdocs.utils.meta import get_data

    body, meta = get_data(path.read_text("utf-8"))
    return meta, body


def write_json(path: Path, data) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return path


def rest_post(post_id: int = 101, **fields) -> dict:
    """A minimal but complete /wp/v2/posts object."""
    post = {
        "id": post_id,
        "date": "2024-01-15T10:00:00",
        "date_gmt": "2024-01-15T01:00:00",
        "modified": "2024-01-15T11:00:00",
        "modified_gmt": "2024-01-15T02:00:00",
        "slug": f"post-{post_id}",
        "status": "publish",
        "type": "post",
        "link": f"https://news.example/2024/01/post-{post_id}/",
        "guid": {"rendered": f"https://news.example/?p={post_id}"},
        "title": {"rendered": f"Post {post_id}"},
        "content": {"rendered": "<p>Body text.</p>\n", "protected": False},
        "excerpt": {"rendered": "", "protected": False},
        "author": 0,
        "categories": [],
        "tags": [],
    }
    post.update(fields)
    return post


@pytest.fixture(autouse=True)
def _sigint_as_from_a_terminal():
    """Programs a test starts get Ctrl-C (SIGINT) as they would from a terminal, even when the
    suite itself was started where SIGINT is ignored (a background job of a non-interactive
    shell: `make test &`, some CI runners). An ignored signal stays ignored in every child and
    Python then installs no KeyboardInterrupt handler, so the Ctrl-C test could not interrupt
    the import it starts. A handled signal is reset to the default in a child, so for the
    duration of each test this process handles it the way Python does by default."""
    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
        yield
        return
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is absent ({CORPUS}); these tests need ../shared/corpus")
    return CORPUS


@pytest.fixture
def seed() -> Path:
    if not SEED.exists():
        pytest.skip(f"the user's seed file is absent ({SEED})")
    return SEED


def pages_under(docs: Path, folder: str = "articles") -> list[Path]:
    return sorted((docs / folder).rglob("*.md"))


@pytest.fixture
def import_files(tmp_path):
    """Import the given files/folders into tmp_path/docs with the CLI (`import`, in this
    process); returns (Run, docs path)."""

    def run(*sources: Path, extra: tuple[str, ...] = ()):
        docs = tmp_path / "docs"
        result = call_cli("import", *map(str, sources), "--docs", str(docs), *extra, cwd=tmp_path)
        return result, docs

    return run


def load_yaml(path: Path):
    return yaml.safe_load(path.read_text("utf-8"))


def once_per_run(tmp_path_factory, name: str, make) -> Path:
    """A folder that `make(folder)` fills, made once for the whole test run. Under pytest-xdist
    every worker process asks for it: the first makes it while the others wait, then all read
    the same folder (`make` failing fails each worker that asks)."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        folder = tmp_path_factory.mktemp(name)
        make(folder)
        return folder
    shared = tmp_path_factory.getbasetemp().parent  # the run's folder; each worker has its own inside
    folder, done = shared / name, shared / f"{name}.done"
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)  # what a failed attempt left
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The sample site as a new user builds it: a copy of the project, `python -m generator build`
    (the CLI called in this process). Tests only read it."""

    def build(project: Path) -> None:
        shutil.copy(REPO / "mkdocs.yml", project)
        shutil.copytree(REPO / "content", project / "content")
        for extra in ("overrides", "docs"):
            if (REPO / extra).exists():
                shutil.copytree(REPO / extra, project / extra)
        result = call_cli("build", "--site", "public", cwd=project)
        assert result.returncode == 0, result.stdout + result.stderr

    return once_per_run(tmp_path_factory, "project", build) / "public"


@pytest.fixture(scope="session")
def site_url(built_site):
    """The built site served over HTTP on loopback (a real server, as a reader meets it)."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(built_site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def chromium_path() -> Path:
    """The Chromium the browser tests drive: $KB_CHROMIUM if set, else `chromium` on PATH, else
    /usr/bin/chromium (where Debian's package puts it)."""
    setting = os.environ.get("KB_CHROMIUM")
    if setting:
        return Path(setting)
    return Path(shutil.which("chromium") or "/usr/bin/chromium")


CHROMIUM = chromium_path()


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium (Debian's package, or the one KB_CHROMIUM names) driven by Playwright."""
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium is missing ({CHROMIUM}): run .ci/install-system-deps.sh (installs Debian's "
                    "chromium), or set KB_CHROMIUM to a Chromium executable")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield instance
        instance.close()


VIEWPORT = {"width": 1280, "height": 720}  # Playwright's default for a new page


def _new_tab(browser):
    """A browser page that records console errors and failed requests in `page.problems`, with a
    DevTools session to empty the browser's HTTP cache."""
    context = browser.new_context(viewport=VIEWPORT)
    tab = context.new_page()
    tab.problems = []
    tab.on("console", lambda m: tab.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    tab.on("pageerror", lambda e: tab.problems.append(f"page error: {e}"))
    # A request cut short because the page navigated away (net::ERR_ABORTED) is not a problem;
    # anything else that failed, or answered 4xx/5xx, is.
    tab.on("requestfailed", lambda r: None if "ERR_ABORTED" in (r.failure or "") else
           tab.problems.append(f"request failed: {r.url} ({r.failure})"))
    tab.on("response", lambda r: tab.problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    tab.devtools = context.new_cdp_session(tab)
    return tab


@pytest.fixture(scope="module")
def _module_tab(browser):
    tabs = [_new_tab(browser)]
    yield tabs
    tabs[0].context.close()


@pytest.fixture
def page(_module_tab, browser):
    """A browser page as a new one starts: blank, nothing in the HTTP cache, storage or cookies,
    the default viewport, no routes, the mouse in the corner, no problems recorded. One page
    serves a test file's tests in turn, put back in that state after each: a new browser context
    for every test took Chromium more CPU time than most of these tests' own work (a renderer
    process each, BENCHMARKS.md, "The test suite"). A test's own listeners (page.on) stay on the
    page but only fill that test's lists."""
    tab = _module_tab[0]
    if tab.is_closed():
        tab = _module_tab[0] = _new_tab(browser)
    tab.devtools.send("Network.clearBrowserCache")
    tab.problems = []
    yield tab
    if tab.is_closed():
        return
    tab.unroute_all(behavior="ignoreErrors")
    with contextlib.suppress(Exception):  # a page of another origin, or none, has nothing to clear
        tab.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
    tab.goto("about:blank")
    tab.context.clear_cookies()
    tab.context.clear_permissions()
    tab.set_viewport_size(VIEWPORT)
    tab.mouse.move(0, 0)


def age_files(docs: Path, seconds: int = 60) -> None:
    """As if the last import had run `seconds` ago: files written within the last 2 s are not
    trusted by their size and time (write.PageWriter.stamp), so a test that wants them trusted
    moves their times back."""
    for path in docs.rglob("*"):
        if path.is_file():
            info = path.stat()
            os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns - seconds * 10**9))
