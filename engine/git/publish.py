"""After `apply` committed a wave: push its branch and open its pull request, stacked on the
previous wave's.

Runs only after the commit, so it never changes what apply did. A push is one atomic `git push`
(the wave's branch, and the previous wave's branch when the remote lacks it, since the pull request
is based on it): it updates every ref on the remote or none, and local branches are never moved.
"""
from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import git

from wavemod.engine.core.config import Config
from wavemod.engine.core.errors import RepoError
from wavemod.engine.core.workspace import open_repo


@dataclass(frozen=True)
class Pushed:
    remote: str
    branches: tuple[str, ...]  # pushed, in order: the base (when it had to be) then the wave's


@dataclass(frozen=True)
class PullRequest:
    command: list[str]  # the `gh pr create` command, runnable as it is in the repository
    url: str = ""  # what gh printed (the new pull request) when it ran
    problem: str = ""  # why it did not run (gh missing, not logged in, or its error)

    @property
    def shell(self) -> str:
        return shlex.join(self.command)


def _git_output(text: str | None) -> str:
    """git's own words from a GitCommandError field (gitpython wraps them in `stderr: '...'`)."""
    match = re.fullmatch(r"\s*std(?:err|out): '(.*)'\s*", text or "", re.S)
    return (match.group(1) if match else text or "").strip()


def _push_failure(exc: git.GitCommandError) -> str:
    """The refused refs with git's reasons, and the remote's messages, on one line."""
    lines = _git_output(exc.stderr).splitlines() + [line for line in _git_output(exc.stdout).splitlines() if line.startswith("!")]
    return "; ".join(" ".join(line.split()) for line in lines if line.strip() and not line.startswith(("To ", "Done")))


def _remote_heads(repo: git.Repo, remote: str) -> set[str]:
    out = repo.git.ls_remote("--heads", remote)
    return {line.split("\trefs/heads/", 1)[1] for line in out.splitlines() if "\trefs/heads/" in line}


def push_wave(repo: Path, config: Config, branch: str, base: str, remote: str = "origin", force: bool = False) -> Pushed:
    """Push `branch` (and `base`, when it is another wave's branch the remote does not have yet)
    to `remote` atomically, setting upstreams. `force` (apply --force replaced the branch) pushes
    with a lease: it overwrites only the remote branch as this repository last saw it."""
    grepo = open_repo(repo)
    if remote not in {r.name for r in grepo.remotes}:
        raise RepoError(f"no remote named {remote}", hint=f"add it (`git remote add {remote} URL`) or name another with --remote; the wave stays committed locally", path=grepo.working_tree_dir)
    try:
        on_remote = _remote_heads(grepo, remote)
    except git.GitCommandError as exc:
        raise RepoError(f"cannot reach the remote {remote}: {_git_output(exc.stderr)}", hint="check the URL and your access; the wave stays committed locally, push it later with `git push`", path=grepo.working_tree_dir) from exc
    branches = [branch]
    if base != branch and any(w.branch == base for w in config.waves) and base not in on_remote:
        branches.insert(0, base)  # the stacked pull request needs its base on the remote
    args = ["--atomic", "--porcelain", "--set-upstream"]
    if force:
        args.append(f"--force-with-lease={branch}")
    try:
        grepo.git.push(*args, remote, *(f"refs/heads/{b}:refs/heads/{b}" for b in branches))
    except git.GitCommandError as exc:
        detail = _push_failure(exc)
        hint = "nothing was pushed (the push is atomic) and no local branch moved; fix the cause and push again with `git push " + shlex.join(["--set-upstream", remote, *branches]) + "`"
        if "non-fast-forward" in detail or "fetch first" in detail or "stale info" in detail:
            hint = f"the remote's {branch} has commits this one lacks (the wave was applied elsewhere, or replaced here: apply --force pushes with a lease); " + hint
        raise RepoError(f"pushing {', '.join(branches)} to {remote} failed: {detail}", hint=hint, path=grepo.working_tree_dir) from exc
    return Pushed(remote, tuple(branches))


def pr_command(title: str, branch: str, base: str, body_file: Path) -> list[str]:
    """`gh pr create` for the wave: its description as the body, the previous wave's branch as base."""
    return ["gh", "pr", "create", "--head", branch, "--base", base, "--title", title, "--body-file", str(body_file)]


def open_pr(repo: Path, title: str, branch: str, base: str, body_file: Path) -> PullRequest:
    """Run `gh pr create` in the repository. When gh is missing or not logged in, or fails, the
    returned PullRequest says why and carries the exact command to run by hand."""
    command = pr_command(title, branch, base, body_file)
    root = open_repo(repo).working_tree_dir
    if shutil.which("gh") is None:
        return PullRequest(command, problem="the GitHub CLI (gh) is not installed")
    status = subprocess.run(["gh", "auth", "status"], cwd=root, capture_output=True, text=True, check=False)
    if status.returncode != 0:
        return PullRequest(command, problem="gh is not logged in (`gh auth login`)")
    created = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
    if created.returncode != 0:
        return PullRequest(command, problem="gh pr create failed: " + " ".join((created.stderr or created.stdout).split()))
    return PullRequest(command, url=created.stdout.strip())
