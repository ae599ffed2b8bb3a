"""`python -m generator check`: every problem in docs/ as `path:line: level: message`."""
import re
import shutil

import pytest

from .conftest import REPO, SAMPLE, call_cli, run_cli

SEED_PAGE = "docs/articles/2023/10/pyongyangs-arms-to-moscow-seouls-security-dilemma-escalates.md"


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """docs/ as a fresh clone has it (registry, hand-written pages, charts), imported again."""
    tmp = tmp_path_factory.mktemp("generated")
    shutil.copytree(REPO / "docs", tmp / "docs")
    shutil.copy(REPO / "mkdocs.yml", tmp / "mkdocs.yml")  # site_url: the importer writes the feeds
    result = call_cli("import", str(SAMPLE), "--docs", "docs", cwd=tmp)
    assert result.returncode == 0, result.stderr
    return tmp / "docs"


@pytest.fixture
def project(generated, tmp_path):
    """A copy of the generated docs/ in tmp_path, for one test to edit."""
    shutil.copytree(generated, tmp_path / "docs")
    return tmp_path


def check(project, *args):
    """`check` run in this process, as it prints its report (the last tests of this file run it
    as a user does, in a process of its own)."""
    return call_cli("check", *args, cwd=project)


def edit(path, old, new):
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def line_of(path, line):
    """The 1-based number of the first line of `path` that is exactly `line`."""
    return path.read_text("utf-8").split("\n").index(line) + 1


def errors(result):
    return [line for line in result.stdout.splitlines() if ": error: " in line]


def test_the_knowledge_base_as_generated_passes(project):
    result = check(project)
    assert result.returncode == 0, result.stdout
    assert errors(result) == []
    assert re.fullmatch(r"checked \d+ pages: 0 errors, \d+ warnings?", result.stdout.splitlines()[-1])


def test_a_misspelt_actor_is_an_error_with_its_line_and_a_suggestion(project):
    page = project / SEED_PAGE
    edit(page, "    - Kim Jong Un\n", "    - Kim Jong Eun\n")
    result = check(project)
    line = line_of(page, "    - Kim Jong Eun")
    assert result.returncode == 1
    assert f'{SEED_PAGE}:{line}: error: unknown person "Kim Jong Eun" (did you mean "Kim Jong Un"?)' in result.stdout


def test_an_entity_listed_under_the_wrong_type_says_which_type_it_is(project):
    page = project / SEED_PAGE
    edit(page, "    - Hamas\n", "    - Hamas\n    - Russia\n")
    result = check(project)
    line = _nth_line(page, "    - Russia", 2)  # the first is under actors.states
    assert result.returncode == 1
    assert f'{SEED_PAGE}:{line}: error: "Russia" is a state, not an organization' in result.stdout


def _nth_line(path, line, nth):
    numbers = [n for n, text in enumerate(path.read_text("utf-8").split("\n"), start=1) if text == line]
    return numbers[nth - 1]


def test_an_alias_claimed_by_two_entities_is_an_error_on_both_pages(project):
    putin = project / "docs/people/vladimir-putin.md"
    edit(putin, "aliases:\n", "aliases:\n  - Kim Jong-un\n")
    result = check(project)
    assert result.returncode == 1
    kim = project / "docs/people/kim-jong-un.md"
    assert (f"docs/people/kim-jong-un.md:{line_of(kim, '  - Kim Jong-un')}: error: "
            'alias "Kim Jong-un" is also an alias of people/vladimir-putin.md') in result.stdout
    assert (f"docs/people/vladimir-putin.md:{line_of(putin, '  - Kim Jong-un')}: error: "
            'alias "Kim Jong-un" is also an alias of people/kim-jong-un.md') in result.stdout


def test_a_broken_internal_link_is_an_error_with_its_line(project):
    page = project / SEED_PAGE
    edit(page, "[Najin](../../../places/najin.md) ·", "[Najin](../../../places/najinn.md) ·")
    result = check(project)
    line = next(n for n, text in enumerate(page.read_text().split("\n"), start=1) if "najinn.md" in text)
    assert result.returncode == 1
    assert f'{SEED_PAGE}:{line}: error: broken link "../../../places/najinn.md"' in result.stdout


def test_a_link_out_of_docs_is_an_error(project):
    (project / "docs/pages/notes.md").write_text("---\ntitle: Notes\n---\n\nSee [the code](../../generator/cli.py).\n")
    result = check(project)
    assert 'docs/pages/notes.md:5: error: link "../../generator/cli.py" points outside docs/' in result.stdout


def test_an_impossible_date_mentioned_is_an_error(project):
    page = project / SEED_PAGE
    edit(page, "  - date: 2024-04\n", "  - date: 2023-02-30\n")
    result = check(project)
    line = line_of(page, "  - date: 2023-02-30")
    assert result.returncode == 1
    assert f'{SEED_PAGE}:{line}: error: `dates_mentioned[1].date`: impossible date "2023-02-30"' in result.stdout


def test_an_unreadable_publication_date_is_an_error(project):
    page = project / SEED_PAGE
    edit(page, "date: '2023-10-16T08:00:34+09:00'", "date: 16/10/2023")
    result = check(project)
    assert result.returncode == 1
    assert f'{SEED_PAGE}:3: error: `date`: "16/10/2023" is not an ISO 8601 date and time' in result.stdout


def test_broken_yaml_is_an_error_at_the_line_yaml_stops(project):
    page = project / SEED_PAGE
    edit(page, "slug: pyongyangs", "slug: [pyongyangs")
    result = check(project)
    assert result.returncode == 1
    assert re.search(rf"^{re.escape(SEED_PAGE)}:(5|6): error: front-matter is not valid YAML", result.stdout, re.MULTILINE)


def test_a_page_that_needs_front_matter_and_has_none_is_an_error(project):
    (project / "docs/people/jane-roe.md").write_text("# Jane Roe\n\nAn envoy.\n")
    result = check(project)
    assert "docs/people/jane-roe.md:1: error: no front-matter" in result.stdout


def test_broken_generated_markers_are_an_error(project):
    page = project / "docs/people/kim-jong-un.md"
    edit(page, "<!-- END GENERATED -->", "")
    result = check(project)
    assert re.search(r"^docs/people/kim-jong-un\.md:\d+: error: BEGIN GENERATED marker without an END",
                     result.stdout, re.MULTILINE)


def test_warnings_alone_exit_zero(project):
    page = project / SEED_PAGE
    edit(page, "summary: The White House", "summary: ''\nnote: The White House")
    result = check(project)
    assert result.returncode == 0
    line = line_of(page, "summary: ''")
    assert f"{SEED_PAGE}:{line}: warning: empty `summary`" in result.stdout
    assert re.search(rf"^{re.escape(SEED_PAGE)}:\d+: warning: unknown key `note`", result.stdout, re.MULTILINE)


def test_strict_fails_on_warnings(project):
    result = check(project, "--strict")
    assert "warning:" in result.stdout
    assert result.returncode == 1


def test_messages_are_sorted_by_path_then_line(project):
    edit(project / SEED_PAGE, "  - Najin\n", "  - Najjin\n")
    edit(project / SEED_PAGE, "    - Kim Jong Un\n", "    - Kim Jong Eun\n")
    result = check(project)
    located = [(m.group(1), int(m.group(2))) for m in re.finditer(r"^(.+?):(\d+): ", result.stdout, re.MULTILINE)]
    assert located == sorted(located)


def test_the_importers_store_is_not_checked(project):
    (project / "docs/.generated/broken.md").write_text("---\n: [\n---\n")
    result = check(project)
    assert ".generated" not in result.stdout
    assert result.returncode == 0


def test_a_missing_docs_folder_is_a_usage_error(tmp_path):
    result = run_cli("check", "--docs", "nowhere", cwd=tmp_path)
    assert result.returncode == 2


def test_help_explains_the_exit_status_with_examples():
    result = run_cli("check", "--help")
    assert result.returncode == 0
    assert "Exit status" in result.stdout and "python -m generator check --docs" in result.stdout
