"""Every page a reader reaches from a keyboard starts with a "Skip to content" link, also an
article without subheadings (Material writes one only for a page with a heading in its table of
contents)."""
import re
import shutil
import subprocess
import sys

from .conftest import REPO

ARTICLE = """---
title: A short brief
date: 2024-02-01T09:00:00+09:00
slug: a-short-brief
status: publish
authors: []
categories: []
tags: []
source: {url: null, site: null, wordpress_id: null, guid: null}
---

One paragraph and no heading, as many news briefs are.
"""


def test_an_article_without_headings_has_a_skip_link_to_its_content(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(REPO / "docs", project / "docs")
    shutil.copytree(REPO / "overrides", project / "overrides")
    shutil.copy(REPO / "mkdocs.yml", project)
    (project / "docs" / "articles" / "2024" / "02").mkdir(parents=True, exist_ok=True)
    (project / "docs" / "articles" / "2024" / "02" / "a-short-brief.md").write_text(ARTICLE, "utf-8")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "site")],
                          cwd=project, capture_output=True, text=True, check=False,
                          env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    brief = (tmp_path / "site" / "articles" / "2024" / "02" / "a-short-brief" / "index.html").read_text("utf-8")
    assert brief.count('class="md-skip"') == 1
    assert re.search(r'<a href="#kb-content" class="md-skip">\s*Skip to content\s*</a>', brief)
    assert 'id="kb-content"' in brief
    assert brief.index('class="md-skip"') < brief.index("<header"), "the first thing a keyboard reaches"
    headed = (tmp_path / "site" / "index.html").read_text("utf-8")  # a page with headings: Material's own
    assert headed.count('class="md-skip"') == 1 and 'href="#kb-content" class="md-skip"' not in headed
