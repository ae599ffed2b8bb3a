"""Installing the tool anywhere: `pip install .` gives the `wpkb` command, the lock files pin
every package, and the set-up scripts and fixtures do not depend on this one machine."""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from .conftest import REPO, rest_post, write_json


def _requirements(path: Path) -> dict[str, Requirement]:
    """The requirements a requirements file names itself (not those of the files it includes)."""
    named = {}
    for line in path.read_text("utf-8").splitlines():
        line = line.split(" #", 1)[0].strip()
        if line and not line.startswith(("#", "-")):
            requirement = Requirement(line)
            named[canonicalize_name(requirement.name)] = requirement
    return named


def _lock(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text("utf-8").splitlines():
        if line and not line[0].isspace() and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"{path.name}: not an exact pin: {line}"
            pins[canonicalize_name(name)] = version.split()[0]
    return pins


@pytest.mark.parametrize(("listed", "locked"), [("requirements.txt", "requirements.lock"),
                                                ("requirements-dev.txt", "requirements-dev.lock")])
def test_the_lock_pins_every_listed_package_at_its_version(listed, locked):
    pins = _lock(REPO / locked)
    for name, requirement in _requirements(REPO / listed).items():
        [specifier] = requirement.specifier
        assert specifier.operator == "==", f"{listed}: {requirement} is not pinned"
        assert pins.get(name) == specifier.version, f"{locked} pins {name}=={pins.get(name)}, {listed} says {requirement}"


def test_the_dev_lock_has_the_runtime_lock_in_it():
    runtime, dev = _lock(REPO / "requirements.lock"), _lock(REPO / "requirements-dev.lock")
    assert {name: dev.get(name) for name in runtime} == runtime
    assert len(runtime) > len(_requirements(REPO / "requirements.txt"))  # the transitive packages too


def test_the_locks_name_no_index_of_this_machine():
    for locked in ("requirements.lock", "requirements-dev.lock"):
        text = (REPO / locked).read_text("utf-8")
        assert not re.search(r"^\s*(--index-url|--extra-index-url|--find-links|-f |-i |--trusted-host)", text, re.MULTILINE)
        assert "file:" not in text and "/opt/" not in text


def test_make_installs_from_the_locks():
    makefile = (REPO / "Makefile").read_text("utf-8")
    assert "-r requirements.lock" in makefile and "-r requirements-dev.lock" in makefile
    assert "-r requirements.txt" not in makefile and "-r requirements-dev.txt" not in makefile


def test_apt_waits_for_another_apt():
    """On a fresh machine unattended-upgrades often holds the dpkg lock for minutes."""
    script = (REPO / ".ci" / "install-system-deps.sh").read_text("utf-8")
    calls = [line for line in script.splitlines() if re.search(r"\bapt-get\b", line) and not line.lstrip().startswith("#")]
    assert calls
    assert re.search(r"apt_wait=\(-o DPkg::Lock::Timeout=\d+\)", script)
    assert all('"${apt_wait[@]}"' in line for line in calls), calls


def test_chromium_is_a_setting(monkeypatch, tmp_path):
    from .conftest import chromium_path

    monkeypatch.setenv("KB_CHROMIUM", str(tmp_path / "my-chromium"))
    assert chromium_path() == tmp_path / "my-chromium"
    monkeypatch.delenv("KB_CHROMIUM")
    monkeypatch.setenv("PATH", str(tmp_path))
    assert chromium_path() == Path("/usr/bin/chromium")
    (tmp_path / "chromium").write_text("#!/bin/sh\n")
    (tmp_path / "chromium").chmod(0o755)
    assert chromium_path() == tmp_path / "chromium"


def test_programs_a_test_starts_get_ctrl_c_even_when_the_suite_ignores_it(tmp_path):
    """A suite started as a background job (SIGINT ignored) still lets its tests interrupt what they start."""
    inner = tmp_path / "test_inner.py"
    inner.write_text(
        "import subprocess, sys\n"
        "def test_child_gets_sigint():\n"
        "    probe = 'import signal; print(signal.getsignal(signal.SIGINT) is signal.default_int_handler)'\n"
        "    out = subprocess.run([sys.executable, '-c', probe], capture_output=True, text=True).stdout\n"
        "    assert out.strip() == 'True'\n", "utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\n", "utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "tests.conftest",
                           str(inner)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
                          preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN), check=False)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh virtual environment with the project installed by `pip install --no-deps .` from a
    copy of the source (so no build/ or *.egg-info lands in the work tree). Its dependencies come
    from the environment running the tests, through a .pth file: after its own site-packages, so
    the installed `generator` is the one imported. The environment is made without a pip of its
    own (installing one took longer than the rest): the pip running the tests installs into it
    (`pip --python`), as the environment's own would."""
    root = tmp_path_factory.mktemp("install")
    source = root / "source"
    source.mkdir()
    for name in ("pyproject.toml", "requirements.txt"):
        shutil.copy(REPO / name, source)
    shutil.copytree(REPO / "generator", source / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    done = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
                           str(source)], capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    site_packages = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                   capture_output=True, text=True, check=True).stdout.strip()
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(site_packages, "_test_dependencies.pth").write_text("\n".join(sorted(ours)) + "\n", "utf-8")
    return venv


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(command, cwd=cwd, env={**env, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True,
                          text=True, timeout=600, check=False)


def test_the_installed_package_is_the_generator_and_nothing_else(installed, tmp_path):
    done = _run([str(installed / "bin" / "python"), "-c", "import generator; print(generator.__file__)"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert Path(done.stdout.strip()).is_relative_to(installed)
    site_packages = Path(done.stdout.strip()).parent.parent
    assert not {"tests", "benchmarks", "tools", "content", "docs"} & {p.name for p in site_packages.iterdir()}
    assert sorted(p.name for p in (site_packages / "generator" / "templates").iterdir()) == \
        sorted(p.name for p in (REPO / "generator" / "templates").glob("*.j2"))


def test_the_console_command_shows_help_and_version(installed, tmp_path):
    wpkb = str(installed / "bin" / "wpkb")
    helped = _run([wpkb, "--help"], tmp_path)
    assert helped.returncode == 0, helped.stderr
    assert "Usage: wpkb" in helped.stdout
    for command in ("import", "build", "check", "fetch"):
        assert re.search(rf"^\s+{command}\s", helped.stdout, re.MULTILINE), command
    version = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    shown = _run([wpkb, "--version"], tmp_path)
    assert (shown.returncode, shown.stdout.strip()) == (0, f"wpkb {version}")


def test_the_console_command_works_in_a_knowledge_base_anywhere(installed, tmp_path):
    """Run from the knowledge base's own folder, far from this repository: mkdocs.yml, content/wordpress
    and docs/ are found from the current directory."""
    kb = tmp_path / "elsewhere" / "my-kb"
    kb.mkdir(parents=True)
    (kb / "mkdocs.yml").write_text("site_name: Elsewhere Desk\n", "utf-8")
    write_json(kb / "content" / "wordpress" / "posts.json", [rest_post(31, title={"rendered": "Installed import"})])
    wpkb = str(installed / "bin" / "wpkb")
    imported = _run([wpkb, "import"], kb)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    [page] = (kb / "docs" / "articles").rglob("post-31.md")
    assert "Installed import" in page.read_text("utf-8")
    assert "Elsewhere Desk" in (kb / "docs" / "index.md").read_text("utf-8")
    checked = _run([wpkb, "check"], kb)  # reads this docs/ (links to pages this bare folder lacks are errors)
    assert checked.returncode in (0, 1) and "Traceback" not in checked.stderr, checked.stdout + checked.stderr
    assert re.search(r"^checked 1\d pages", checked.stdout, re.MULTILINE), checked.stdout


def test_the_pre_commit_hook_runs_the_console_command():
    import yaml

    [hook] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert hook["language"] == "python"
    assert hook["entry"].split()[0] == "wpkb"
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]["scripts"]
    assert scripts["wpkb"] == "generator.cli:main"
