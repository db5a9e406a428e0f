"""Running the target's own commands (type checker, test suite) on a commit, away from the user's tree.

Both gates compare a run on the base commit with a run after the wave is written. They run in a
temporary `git worktree` of the base commit, never in the user's checkout: untracked scratch files,
build output and half-done edits of the user's tree would otherwise show up as errors or failures
that are not the wave's, and the base result could not be cached by commit. The target's
`node_modules` is symlinked in (installing would need the network and minutes). The worktree is
removed afterwards, also when a command fails or the user interrupts.

The base run is cached under the repository's git directory (`wavemod/cache/`), keyed by the
commit, the uncommitted tracked changes laid over it (with `--force`), the kind of check and the
command, so a `preview --typecheck` followed by `apply` runs the base once. A cache entry that
cannot be read is ignored (and replaced).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wavemod.engine.core.errors import RepoError

CACHE_VERSION = 1
TIMEOUT = 3600  # seconds per command: a stuck test suite must not hang apply forever
# Environment of the target's commands: no colours in what we parse, runners in their CI mode
# (vitest, for one, would otherwise start watching files).
COMMAND_ENV = {"CI": "true", "FORCE_COLOR": "0", "NO_COLOR": "1", "npm_config_update_notifier": "false"}


@dataclass(frozen=True)
class CommandRun:
    """What one command printed and how it exited."""

    command: str
    returncode: int
    output: str  # stdout and stderr, interleaved as the command wrote them


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def common_git_dir(root: Path) -> Path:
    """The repository's shared git directory (the same for every worktree of it)."""
    out = _git(root, "rev-parse", "--git-common-dir").strip()
    path = Path(out)
    return (path if path.is_absolute() else root / path).resolve()


def overlay_of(root: Path) -> dict[str, bytes | None]:
    """Tracked files whose content differs from HEAD: path -> bytes on disk (None: deleted).
    Apply with --force and preview run on these; the checks see them too, before and after."""
    out = _git(root, "diff", "HEAD", "--name-only", "-z", "--no-renames")
    paths = [p for p in out.split("\0") if p]
    return {p: (root / p).read_bytes() if (root / p).is_file() else None for p in sorted(paths)}


def _overlay_digest(overlay: dict[str, bytes | None]) -> str:
    digest = hashlib.sha256()
    for path, data in sorted(overlay.items()):
        digest.update(path.encode() + b"\0" + (hashlib.sha256(data).digest() if data is not None else b"-"))
    return digest.hexdigest()


class ResultCache:
    """Results of check commands on base commits, one JSON file per (commit, overlay, kind, command)."""

    def __init__(self, root: Path):
        self.directory = common_git_dir(root) / "wavemod" / "cache"
        # node_modules is not in the commit, but the checker's and the runner's versions decide the
        # result: npm rewrites this file on every install, so an upgrade misses the old entries.
        installed = root / "node_modules" / ".package-lock.json"
        self.toolchain = hashlib.sha256(installed.read_bytes()).hexdigest() if installed.is_file() else ""

    def _path(self, commit: str, overlay: dict[str, bytes | None], kind: str, command: str) -> Path:
        key = hashlib.sha256("\0".join([str(CACHE_VERSION), commit, _overlay_digest(overlay), self.toolchain, kind, command]).encode()).hexdigest()
        return self.directory / f"{kind}-{key[:32]}.json"

    def get(self, commit: str, overlay: dict[str, bytes | None], kind: str, command: str) -> Any | None:
        """The cached result, or None when there is none or it cannot be read (corrupt, another version)."""
        path = self._path(commit, overlay, kind, command)
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(entry, dict) or entry.get("version") != CACHE_VERSION or entry.get("commit") != commit or entry.get("command") != command or "result" not in entry:
            return None
        return entry["result"]

    def put(self, commit: str, overlay: dict[str, bytes | None], kind: str, command: str, result: Any) -> None:
        path = self._path(commit, overlay, kind, command)
        path.parent.mkdir(parents=True, exist_ok=True)
        entry = {"version": CACHE_VERSION, "commit": commit, "kind": kind, "command": command, "result": result}
        # Written to a temporary name and renamed: an interrupted write leaves no half entry.
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(entry, sort_keys=True), encoding="utf-8")
        tmp.replace(path)

    def cached(self, commit: str, overlay: dict[str, bytes | None], kind: str, command: str, compute: Callable[[], Any]) -> tuple[Any, bool]:
        """(result, whether it came from the cache)."""
        found = self.get(commit, overlay, kind, command)
        if found is not None:
            return found, True
        result = compute()
        self.put(commit, overlay, kind, command, result)
        return result, False


@contextmanager
def temporary_worktree(root: Path, commit: str, overlay: dict[str, bytes | None]) -> Iterator[Path]:
    """A detached worktree of `commit` with `overlay` laid over it and the target's node_modules
    linked in; removed (and pruned from git's list) on the way out, whatever happened inside."""
    parent = Path(tempfile.mkdtemp(prefix="wavemod-check-"))
    tree = parent / root.name
    try:
        try:
            _git(root, "worktree", "add", "--quiet", "--detach", str(tree), commit)
        except subprocess.CalledProcessError as exc:
            raise RepoError(f"cannot create a temporary worktree of {commit[:12]} to run the checks: {exc.stderr.strip()}", hint="run `git worktree prune` and try again", path=root) from exc
        for path, data in overlay.items():
            target = tree / path
            if data is None:
                target.unlink(missing_ok=True)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
        modules = root / "node_modules"
        if modules.exists() and not (tree / "node_modules").exists():
            (tree / "node_modules").symlink_to(modules.resolve(), target_is_directory=True)
        yield tree
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=root, capture_output=True)
        shutil.rmtree(parent, ignore_errors=True)
        subprocess.run(["git", "worktree", "prune"], cwd=root, capture_output=True)


def write_files(tree: Path, files: dict[str, bytes | None]) -> None:
    """Lay the wave's output over the worktree (None: the wave deletes the file)."""
    for path, data in files.items():
        target = tree / path
        if data is None:
            target.unlink(missing_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def run_command(command: str, cwd: Path, env: dict[str, str] | None = None) -> CommandRun:
    """Run a command of the target through the shell (it is a line from waves.toml or package.json)."""
    full_env = dict(os.environ, **COMMAND_ENV, **(env or {}))
    try:
        done = subprocess.run(command, shell=True, cwd=cwd, env=full_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=TIMEOUT)
    except subprocess.TimeoutExpired as exc:
        text = (exc.stdout or b"").decode("utf-8", "replace")
        return CommandRun(command, -1, text + f"\n(timed out after {TIMEOUT} s)")
    return CommandRun(command, done.returncode, done.stdout.decode("utf-8", "replace"))


def tail(text: str, lines: int = 15) -> str:
    return "\n".join(text.rstrip().splitlines()[-lines:])
