"""The command line's own contract: --version, `build --docs`, and build's exit statuses. --version,
--help and a usage error run in a process of their own, as the shell prints them; the builds run the
same entry point in this process (conftest.call_cli), which gives the same exit status and output."""
from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

from generator.write import exclusive

from .conftest import REPO, call_cli, rest_post, run_cli, write_json

MINIMAL_CONFIG = "site_name: Test\nplugins: []\n"


def _project_version() -> str:
    return tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]["version"]


def _minimal_project(tmp_path: Path, index: str = "# Home\n") -> Path:
    """A folder with a plain mkdocs.yml and docs/index.md: quick to build."""
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "mkdocs.yml").write_text(MINIMAL_CONFIG, "utf-8")
    (project / "docs" / "index.md").write_text(index, "utf-8")
    return project


def test_version_is_the_projects():
    result = run_cli("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["python", "-m", "generator", _project_version()]


def test_build_help_lists_its_exit_statuses():
    result = run_cli("build", "--help")
    assert result.returncode == 0, result.stderr
    text = " ".join(result.stdout.split())
    for status in ("0 imported and built", "1 some input or post was rejected", "3 another import is writing",
                   "4 the MkDocs build failed", "5 the search index (Pagefind) failed"):
        assert status in text


def test_build_builds_the_site_from_the_docs_it_was_given(tmp_path):
    """`build --docs kb` imports into kb/ and MkDocs builds kb/, not ./docs (which does not exist
    here); one rejected input makes the status 1, and the site is still built."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(REPO / "mkdocs.yml", project)
    shutil.copytree(REPO / "overrides", project / "overrides")
    shutil.copytree(REPO / "docs", project / "kb")  # the knowledge base, kept elsewhere than docs/
    sources = project / "in"
    write_json(sources / "post.json", rest_post(7, title={"rendered": "Only in the given docs"}))
    (sources / "garbage.json").write_text("Lorem ipsum", "utf-8")
    result = call_cli("build", str(sources), "--docs", "kb", "--site", "public", cwd=project)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "garbage.json" in result.stderr
    assert not (project / "docs").exists()
    [page] = (project / "kb" / "articles").rglob("post-7.md")
    built = project / "public" / page.relative_to(project / "kb").with_suffix("") / "index.html"
    assert "Only in the given docs" in built.read_text("utf-8")
    assert (project / "public" / "pagefind").is_dir()
    # and the import cache beside the knowledge base (README, "Incremental runs")
    assert sorted(p.name for p in project.iterdir()) == [".cache", "in", "kb", "mkdocs.yml", "overrides", "public"]


def test_build_exits_4_when_mkdocs_fails(tmp_path):
    project = _minimal_project(tmp_path, "# Home\n\n[a page that is not there](missing.md)\n")
    result = call_cli("build", "--no-import", cwd=project)
    assert result.returncode == 4, result.stdout + result.stderr
    assert "mkdocs build failed" in result.stderr
    assert "Traceback" not in result.stderr


def test_build_exits_5_when_the_search_index_fails(tmp_path):
    project = _minimal_project(tmp_path)
    result = call_cli("build", "--no-import", cwd=project, env={"PAGEFIND_BINARY_PATH": "/bin/false"})
    assert result.returncode == 5, result.stdout + result.stderr
    assert "pagefind" in result.stderr and "Traceback" not in result.stderr
    assert (project / "site" / "index.html").exists()  # the pages are built; only search is missing


def test_build_exits_3_and_builds_nothing_while_an_import_writes_the_docs(tmp_path):
    project = _minimal_project(tmp_path)
    write_json(project / "in" / "post.json", rest_post(8))
    with exclusive(project / "docs"):
        built = call_cli("build", "--no-import", cwd=project)
        imported = call_cli("build", "in", cwd=project)
    for result in (built, imported):
        assert result.returncode == 3, result.stdout + result.stderr
        assert "being written by another import" in result.stderr
    assert not (project / "site").exists()


def test_build_outside_a_knowledge_base_is_a_usage_error(tmp_path):
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == 2
    assert "no mkdocs.yml here" in result.stderr
