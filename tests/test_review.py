"""The review page in a real headless browser (Debian's chromium, driven over the DevTools
protocol): the files and findings it shows, ticks that survive a reload, no network requests, the
sqlcheck table; and apply writing it beside the pull-request description."""
from __future__ import annotations

import json
import re
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT, git
from wavemod.engine.cli import app
from headless import Browser, Page, requested_urls
from test_apply import small_repo

runner = CliRunner()
DOCS_SCREENSHOT = ROOT / "docs" / "review-page.png"


def run(*args: object):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with Browser() as started:
        yield started


def load(browser: Browser, page_path: Path) -> Page:
    page = browser.open(page_path.as_uri())
    page.wait_for("document.readyState === 'complete' && document.body && document.body.dataset.ready === '1'")
    return page


def test_review_page_in_a_browser(example_repo: Path, tmp_path: Path, browser: Browser) -> None:
    html = tmp_path / "wave-1.html"
    run("review", "wave-1", "--repo", example_repo, "--html", html)
    expected = json.loads(run("preview", "wave-1", "--repo", example_repo, "--json").stdout)
    changed = {f["path"] for f in expected["files"] if f["status"] == "changed"}
    findings = sorted((f["path"], f["line"]) for f in expected["findings"])
    assert len(changed) >= 20 and len(findings) >= 10  # the example is a real app: a real page

    page = load(browser, html)
    # One section per file that changed or has a finding, listed once in the file list too.
    shown = page.evaluate("[...document.querySelectorAll('section.file')].map(s => s.dataset.path)")
    assert sorted(shown) == sorted(changed | {path for path, _ in findings})
    assert page.evaluate("document.querySelectorAll('table.files a[href^=\"#file-\"]').length") == len(shown)

    # Every finding is anchored right under its line (the new side's line number), with its reason.
    anchored = page.evaluate(
        """[...document.querySelectorAll('tr.finding[id^="finding-"]')].map(row => {
             let before = row.previousElementSibling;
             while (before && before.classList.contains('finding')) before = before.previousElementSibling;
             return [row.closest('section').dataset.path, Number(before.children[1].textContent), row.innerText];
           })"""
    )
    assert sorted((path, line) for path, line, _ in anchored) == findings
    messages: dict[tuple[str, int], list[str]] = {}
    for f in expected["findings"]:
        messages.setdefault((f["path"], f["line"]), []).append(" ".join(f["message"].split()))
    for path, line, text in anchored:
        assert any(message in " ".join(text.split()) for message in messages[(path, line)]), (path, line, text)
    # ...and the list of findings links to each anchor.
    assert page.evaluate("[...document.querySelectorAll('ol.findings a')].every(a => document.getElementById(a.hash.slice(1)))")

    # A tick is a real click, and it is still there after a reload.
    total = len(findings)
    assert page.evaluate("document.getElementById('progress').textContent") == f"0 of {total} findings ticked"
    page.click("#finding-3 input.tick")
    assert page.evaluate("document.querySelector('#finding-3 input.tick').checked")
    page.evaluate("window.beforeReload = true")
    page.send("Page.reload")
    page.wait_for("!window.beforeReload && document.readyState === 'complete' && document.body.dataset.ready === '1'")
    assert page.evaluate("document.querySelector('#finding-3 input.tick').checked")
    assert not page.evaluate("document.querySelector('#finding-0 input.tick').checked")
    assert page.evaluate("document.getElementById('progress').textContent") == f"1 of {total} findings ticked"
    assert page.evaluate("document.querySelector('#finding-3').classList.contains('done')")

    # Self-contained: the only request is the file itself.
    assert {url.split("#")[0] for url in requested_urls(page)} == {html.as_uri()}

    # The screenshot (kept as the test's artifact; WAVEMOD_DOCS_SCREENSHOT=1 refreshes the README's).
    page.evaluate("document.getElementById('finding-3').scrollIntoView({block: 'center'})")
    shot = page.screenshot(tmp_path / "review-page.png", scroll_top=False)
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 20_000
    if os.environ.get("WAVEMOD_DOCS_SCREENSHOT"):
        DOCS_SCREENSHOT.parent.mkdir(exist_ok=True)
        shutil.copy(shot, DOCS_SCREENSHOT)


def test_review_of_a_wave_with_sqlcheck_shows_each_query(example_repo: Path, tmp_path: Path, browser: Browser, postgres_url: str) -> None:
    html = tmp_path / "wave-3.html"
    run("review", "wave-3", "--repo", example_repo, "--html", html, "--database-url", postgres_url)
    report = json.loads(runner.invoke(app, ["sqlcheck", "wave-3", "--repo", str(example_repo), "--database-url", postgres_url, "--json"]).stdout)
    page = load(browser, html)
    rows = page.evaluate("[...document.querySelectorAll('table.sqlcheck tr')].slice(1).map(r => [...r.children].map(c => c.innerText.trim()))")
    assert sorted((where, status) for where, status, _sql, _message in rows) == sorted((f"{q['path']}:{q['line']}", q["status"]) for q in report["queries"])
    counts = dict(page.evaluate("[...document.querySelectorAll('table.sqlcounts tr')].slice(1).map(r => [r.children[0].innerText, Number(r.children[1].innerText)])"))
    assert counts == report["counts"] and counts["rewritten-ok"] > 0


def test_apply_writes_the_review_page_beside_the_description(tmp_path: Path) -> None:
    repo = small_repo(tmp_path / "app")
    pr_file = tmp_path / "out" / "wave-1.md"
    result = run("apply", "wave-1", "--repo", repo, "--pr-file", pr_file)
    page = pr_file.with_suffix(".html")
    assert f"review page {page}" in " ".join(result.stdout.split())
    text = page.read_text()
    assert 'data-path="app/api/auth/login/route.ts"' in text and "wave-1" in text
    assert "<script src" not in text and "<link" not in text  # nothing to fetch


def test_repository_text_is_escaped_and_unchanged_stretches_fold() -> None:
    from wavemod.engine.output.review_html import review_page
    from wavemod.engine.core.types import FileChange, Finding, Status, WaveResult

    before = "".join(f"const a{i} = {i}\n" for i in range(40)).encode()
    after = before.replace(b"const a5 = 5", b"const a5 = '</script><img src=x onerror=alert(1)>'")
    findings = (Finding("app/[id]/x.ts", 30, "<rule>", "uses <b>html</b> & more", "review"), Finding("app/[id]/x.ts", 99, "parser", "past the end", "parse-error"))
    result = WaveResult("wave-<1>")
    result.changes.append(FileChange("app/[id]/x.ts", before, after, Status.CHANGED, findings=findings))
    page = review_page(result, "a <title>")
    assert "<img src=x" not in page and "</script><img" not in page and "<b>html</b>" not in page and "<rule>" not in page
    assert "&lt;b&gt;html&lt;/b&gt; &amp; more" in page and "wave-&lt;1&gt;: a &lt;title&gt;" in page
    # 3 lines of context around the change at line 6, 2 around the finding at line 30: lines 1-2,
    # 10-27 and 33-40 fold.
    gaps = re.findall(r'<tr class="gap"><td colspan="3">⋯ (\d+) unchanged lines', page)
    assert gaps == ["2", "18", "8"]
    assert 'id="finding-0"' in page and 'id="finding-1"' in page  # the one past the end still gets its row


def test_review_writes_beside_the_descriptions_by_default_and_opens_the_browser(tmp_path: Path) -> None:
    repo = small_repo(tmp_path / "app")
    record = tmp_path / "opened"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\necho "$1" > {record}\n')
    browser.chmod(0o755)
    result = runner.invoke(app, ["review", "wave-1", "--repo", str(repo), "--open"], env={"BROWSER": f"{browser} %s"})
    assert result.exit_code == 0, result.output
    page = repo / ".git" / "wavemod" / "wave-1.html"
    assert page.is_file() and f"review page written to {page}" in " ".join(result.stdout.split())
    assert record.read_text().strip() == page.as_uri()
    assert git(repo, "status", "--porcelain", "--untracked-files=all") == ""  # nothing written in the work tree
