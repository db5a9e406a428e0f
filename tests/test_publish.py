"""apply --push / --open-pr: pushing to a real (local, bare) remote, stacked pull requests through
a stand-in `gh` on PATH that records its arguments, and failures that leave every branch as it was."""
from __future__ import annotations

import json
import os
import shlex
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import git
from wavemod.engine.cli import app
from wavemod.engine.core.config import load_config
from test_apply import small_repo

runner = CliRunner()
CONFIG = load_config()
WAVE1, WAVE2 = CONFIG.wave("wave-1").branch, CONFIG.wave("wave-2").branch


def run(*args: object):  # type: ignore[no-untyped-def]
    return runner.invoke(app, [str(a) for a in args])


def flat(text: str) -> str:
    return " ".join(text.split())


def refs(repo: Path) -> str:
    return git(repo, "for-each-ref", "--format=%(refname) %(objectname)", "refs/heads")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The small app, with a bare repository as its `origin`."""
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    app_repo = small_repo(tmp_path / "app")
    git(app_repo, "remote", "add", "origin", str(remote))
    git(app_repo, "push", "-q", "origin", "main")
    return app_repo


@pytest.fixture
def bin_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A PATH of git alone (so no real `gh` is found, whatever the machine has); tests add a stand-in gh."""
    path = tmp_path / "bin"
    path.mkdir()
    (path / "git").symlink_to(shutil.which("git") or "/usr/bin/git")
    (path / "sh").symlink_to(shutil.which("sh") or "/bin/sh")
    monkeypatch.setenv("PATH", str(path))
    return path


def fake_gh(bin_dir: Path, logged_in: bool = True) -> Path:
    """A `gh` that appends its arguments (and the body file's text) to calls.jsonl, like gh prints a URL."""
    log = bin_dir / "calls.jsonl"
    script = bin_dir / "gh"
    script.write_text(
        f"#!{shutil.which('python3') or '/usr/bin/python3'}\n"
        "import json, sys\n"
        "args = sys.argv[1:]\n"
        "body = open(args[args.index('--body-file') + 1]).read() if '--body-file' in args else None\n"
        f"open({str(log)!r}, 'a').write(json.dumps({{'args': args, 'body': body}}) + '\\n')\n"
        f"if args[:2] == ['auth', 'status']: sys.exit({0 if logged_in else 1})\n"
        "print('https://github.invalid/acme/app/pull/7')\n"
    )
    script.chmod(0o755)
    return log


def calls(log: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


def test_push_sends_the_wave_branch_to_the_remote(repo: Path, tmp_path: Path) -> None:
    result = run("apply", "wave-1", "--repo", repo, "--push")
    assert result.exit_code == 0, result.output
    assert f"pushed {WAVE1} to origin" in flat(result.stdout)
    remote = tmp_path / "remote.git"
    assert git(remote, "rev-parse", WAVE1) == git(repo, "rev-parse", WAVE1)
    assert git(repo, "config", f"branch.{WAVE1}.remote").strip() == "origin"  # upstream set, like push -u


def test_open_pr_stacks_on_the_previous_wave_and_pushes_its_branch_too(repo: Path, tmp_path: Path, bin_dir: Path) -> None:
    log = fake_gh(bin_dir)
    assert run("apply", "wave-1", "--repo", repo).exit_code == 0  # committed, never pushed
    pr_file = tmp_path / "wave-2.md"
    result = run("apply", "wave-2", "--repo", repo, "--push", "--open-pr", "--pr-file", pr_file)
    assert result.exit_code == 0, result.output
    remote = tmp_path / "remote.git"
    for branch in (WAVE1, WAVE2):  # the base of the stacked pull request must be on the remote
        assert git(remote, "rev-parse", branch) == git(repo, "rev-parse", branch)
    recorded = calls(log)
    assert [c["args"][:2] for c in recorded] == [["auth", "status"], ["pr", "create"]]
    args = recorded[1]["args"]
    assert args == ["pr", "create", "--head", WAVE2, "--base", WAVE1, "--title", f"wave-2: {CONFIG.wave('wave-2').title}", "--body-file", str(pr_file.resolve())]
    assert recorded[1]["body"] == pr_file.read_text() and f"stacked on `{WAVE1}`" in str(recorded[1]["body"])
    assert "pull request: https://github.invalid/acme/app/pull/7" in flat(result.stdout)


@pytest.mark.parametrize("installed", [False, True])
def test_without_gh_or_its_login_the_exact_command_is_printed(repo: Path, tmp_path: Path, bin_dir: Path, installed: bool) -> None:
    log = fake_gh(bin_dir, logged_in=False) if installed else bin_dir / "calls.jsonl"
    result = run("apply", "wave-1", "--repo", repo, "--push", "--open-pr")
    assert result.exit_code == 1
    message = flat(result.stderr)
    assert ("gh is not logged in" if installed else "(gh) is not installed") in message
    pr_path = repo / ".git" / "wavemod" / "wave-1.md"
    command = shlex.join(["gh", "pr", "create", "--head", WAVE1, "--base", "main", "--title", f"wave-1: {CONFIG.wave('wave-1').title}", "--body-file", str(pr_path.resolve())])
    assert command in message
    assert [c["args"][:2] for c in calls(log)] == ([["auth", "status"]] if installed else [])
    assert git(tmp_path / "remote.git", "rev-parse", WAVE1) == git(repo, "rev-parse", WAVE1)  # the push did happen


def test_a_rejected_push_changes_no_branch_here_or_there(repo: Path, tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    hook = remote / "hooks" / "update"  # refuses the wave-2 branch only: the push is all or nothing
    hook.write_text(f'#!/bin/sh\n[ "$1" = "refs/heads/{WAVE2}" ] && {{ echo "policy: no $1" >&2; exit 1; }}\nexit 0\n')
    hook.chmod(0o755)
    assert run("apply", "wave-1", "--repo", repo).exit_code == 0
    remote_before, local_before = refs(remote), refs(repo)
    result = run("apply", "wave-2", "--repo", repo, "--push")
    assert result.exit_code == 3
    message = flat(result.stderr)
    assert f"pushing {WAVE1}, {WAVE2} to origin failed" in message and "nothing was pushed" in message
    assert refs(remote) == remote_before  # not even wave-1's branch, which the hook would take
    # Here: the wave is committed (apply succeeded) and no branch moved or got an upstream.
    assert git(repo, "rev-parse", "--abbrev-ref", "HEAD").strip() == WAVE2
    assert git(repo, "rev-parse", f"{WAVE2}^") == git(repo, "rev-parse", WAVE1)
    assert refs(repo) == local_before + f"refs/heads/{WAVE2} {git(repo, 'rev-parse', WAVE2)}"
    assert "branch.wavemod/" not in git(repo, "config", "--list")  # no upstream set
    assert git(repo, "for-each-ref", "refs/remotes/origin") == git(repo, "for-each-ref", "refs/remotes/origin/main")


def test_a_missing_remote_is_a_clear_error(repo: Path) -> None:
    git(repo, "remote", "remove", "origin")
    result = run("apply", "wave-1", "--repo", repo, "--push")
    assert result.exit_code == 3
    assert "no remote named origin" in flat(result.stderr) and "stays committed locally" in flat(result.stderr)
    assert git(repo, "rev-parse", "--abbrev-ref", "HEAD").strip() == WAVE1


def test_open_pr_needs_push(repo: Path) -> None:
    before = refs(repo)
    result = run("apply", "wave-1", "--repo", repo, "--open-pr")
    assert result.exit_code == 2 and "--open-pr needs --push" in flat(result.output)
    assert refs(repo) == before
    assert os.listdir(repo / ".git" / "refs" / "heads") == ["main"]


def test_an_unreachable_remote_is_a_clear_error(repo: Path, tmp_path: Path) -> None:
    git(repo, "remote", "set-url", "origin", str(tmp_path / "gone.git"))
    result = run("apply", "wave-1", "--repo", repo, "--push")
    assert result.exit_code == 3
    assert "cannot reach the remote origin" in flat(result.stderr) and "does not appear to be a git repository" in flat(result.stderr)
    assert git(repo, "rev-parse", "--abbrev-ref", "HEAD").strip() == WAVE1  # the wave stays committed
