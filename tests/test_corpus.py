"""Real WordPress data from public repositories (../shared/corpus): everything imports."""
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from generator.core.parallel import MIN_ITEMS
from generator.sources import input_files
from generator.sources.salvage import decode_bytes
from generator.sources.wxr import looks_like_wxr

from .conftest import CORPUS, REPO, call_cli, pages_under, read_page, run_cli


def _rest_posts(corpus):
    """(file, id) of every REST post object in the corpus, read independently of the importer."""
    found = set()
    for path in input_files([corpus]):
        text, _ = decode_bytes(path.read_bytes())
        if looks_like_wxr(text) or not text.lstrip().startswith(("{", "[")):
            continue
        values = json.loads(text) if text.strip() else []
        for obj in values if isinstance(values, list) else [values]:
            if isinstance(obj, dict) and obj.get("type") in ("post", "page") and "content" in obj:
                found.add((obj.get("link") or "", obj.get("id"), obj.get("type")))
    return found


@pytest.fixture(scope="module")
def imported_corpus(tmp_path_factory):
    """(docs, report) of one import of the whole corpus with two worker processes, shared by the
    tests below: they only read it."""
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is absent ({CORPUS}); these tests need ../shared/corpus")
    tmp = tmp_path_factory.mktemp("corpus")
    docs, report = tmp / "docs", tmp / "report.json"
    result = call_cli("import", str(CORPUS), "--docs", str(docs), "--jobs", "2", "--report", str(report), cwd=tmp)
    assert result.returncode == 0, result.stderr
    return docs, json.loads(report.read_text())


def test_every_rest_post_in_the_corpus_imports(imported_corpus, corpus):
    docs, report = imported_corpus
    written = set()
    for page in pages_under(docs) + pages_under(docs, "pages"):
        meta, _ = read_page(page)
        if "source" in meta:
            written.add((meta["source"]["url"] or "", meta["source"]["wordpress_id"]))
    published = {(p["input"], p["wordpress_id"]) for p in report["not_published"]}
    expected = _rest_posts(corpus)
    missing = [(link, pid) for link, pid, _ in expected if (link, pid) not in written
               and not any(pid == wid for _, wid in published)]
    assert missing == []
    assert len(expected) > 100


def test_every_written_page_round_trips_through_mkdocs_front_matter_parser(imported_corpus):
    docs, _ = imported_corpus
    pages = pages_under(docs) + pages_under(docs, "pages")
    assert len(pages) > 400
    for page in pages:
        meta, body = read_page(page)
        assert meta.get("title"), page
        assert not body.lstrip().startswith("---"), page


def test_any_number_of_jobs_writes_the_same_bytes(imported_corpus, tmp_path):
    """Articles are converted and written by worker processes; the pages must not depend on how
    many. The shared import ran with two workers in this process; this one runs with none, in a
    process of its own (another hash seed, so the order of sets and dicts cannot reach the pages)."""
    docs = tmp_path / "docs-1"
    result = run_cli("import", str(CORPUS), "--docs", str(docs), "--jobs", "1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    trees = [{p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
             for folder in (docs, imported_corpus[0])]
    assert len(pages_under(imported_corpus[0])) > MIN_ITEMS  # enough articles for the workers to start
    assert trees[0].keys() == trees[1].keys()
    assert [path for path in trees[0] if trees[0][path] != trees[1][path]] == []


def test_ctrl_c_stops_the_workers_and_says_how_to_finish(corpus, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.Popen([sys.executable, "-m", "generator", "import", str(corpus), "--docs", str(tmp_path / "docs"),
                            "--jobs", "2"], cwd=tmp_path, env=env, text=True, start_new_session=True,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not _pgrep("-P", run.pid) and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)  # until the workers are at work
    assert _pgrep("-P", run.pid), "the import never started its workers"
    os.killpg(run.pid, signal.SIGINT)  # what Ctrl-C in a terminal sends: the whole process group
    _, err = run.communicate(timeout=60)
    assert run.returncode == 130, err
    assert "Interrupted." in err and "run the same command again" in err and "Traceback" not in err
    assert _pgrep("-g", run.pid) == [] and not list(tmp_path.rglob("*.tmp"))  # no worker left running, no half-written file


def _pgrep(option: str, pid: int) -> list[str]:
    """Processes whose parent (-P) or process group (-g) is `pid`."""
    return subprocess.run(["pgrep", option, str(pid)], check=False, capture_output=True, text=True).stdout.split()
