"""`wavemod apply`: commit one wave on its own branch, stacked on the previous wave's branch.

The contract is all-or-nothing. Either the wave lands as exactly one commit on a new branch (and
the user is left on that branch, like `git checkout -b`), or the repository ends exactly as it was:
same branch, same HEAD, same branch list, same file bytes. Uncommitted work is never overwritten.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import git

from wavemod.engine import api
from wavemod.engine.run.acceptance import evaluate
from wavemod.engine.core.config import Config, Wave
from wavemod.engine.core.errors import AcceptanceError, RepoError, RewriteError, WavemodError
from wavemod.engine.core.languages import language_for
from wavemod.engine.core.markdown import count
from wavemod.engine.analysis.parse_errors import added_errors
from wavemod.engine.run.pipeline import Progress
from wavemod.engine.output.prdoc import pr_descriptions
from wavemod.engine.core.types import FileChange, WaveResult
from wavemod.engine.core.workspace import Workspace, open_repo

MAX_LISTED = 5  # dirty paths named in an error message


@dataclass(frozen=True)
class ApplyOutcome:
    branch: str  # the new wave branch; the user is left on it
    base: str  # the branch (or commit) the wave was computed on and stacked on
    commit: str
    pr_path: Path
    pr_text: str
    result: WaveResult
    # The full description, when pr_text is shortened to fit a pull request (prdoc.BODY_LIMIT).
    full_path: Path | None = None
    # (wave id, branch) of later waves stacked on an earlier version of this wave.
    stale: tuple[tuple[str, str], ...] = ()

    @property
    def note(self) -> str:
        return f"now on branch {self.branch} (stacked on {self.base}); pull-request description in {self.pr_path}"


@dataclass
class _State:
    """What apply has done so far, so that a failure can undo exactly that and nothing more."""

    original: str  # branch name, or a commit sha when HEAD was detached
    base_commit: str = ""
    checked_out: bool = False  # HEAD moved away from `original`
    branch: str = ""
    old_branch_commit: str | None = None  # the replaced branch's commit (--force), to restore it
    branch_created: bool = False
    written: dict[str, bytes] = field(default_factory=dict)  # path -> original bytes
    created: set[str] = field(default_factory=set)  # written paths that did not exist before
    committed: bool = False


def dirty_paths(repo: git.Repo) -> list[str]:
    """Tracked changes, staged or not. Untracked files are neither read nor written nor committed
    by a wave (and a previous wave's pull-request file may be one), so they do not count; should
    checking out the base branch need their paths, git refuses and apply says so."""
    out = repo.git.status("--porcelain=v1", "-z", "--untracked-files=no")
    items = out.split("\0")
    paths: list[str] = []
    i = 0
    while i < len(items):
        item = items[i]
        i += 1
        if len(item) < 4:
            continue
        paths.append(item[3:])
        if item[0] in "RC":  # renames and copies carry their source path as the next item
            i += 1
    return sorted(set(paths))


def _listed(paths: list[str]) -> str:
    more = f" (and {len(paths) - MAX_LISTED} more)" if len(paths) > MAX_LISTED else ""
    return ", ".join(paths[:MAX_LISTED]) + more


def _head(repo: git.Repo, root: Path) -> tuple[str | None, str]:
    """(current branch or None when detached, HEAD commit)."""
    if not repo.head.is_valid():
        raise RepoError(f"{root} has no commits yet", hint="commit the code to migrate first; a wave is a commit on top of it")
    branch = None if repo.head.is_detached else repo.active_branch.name
    return branch, repo.head.commit.hexsha


def _stacked_on(config: Config, wave_id: str, heads: set[str]) -> str | None:
    """The previous wave's branch when it exists: stacked pull requests, each wave on the last."""
    previous = config.previous_wave(wave_id)
    return previous.branch if previous is not None and previous.branch in heads else None


def _choose_base(repo: git.Repo, config: Config, wave: Wave, current: str | None, heads: set[str]) -> str:
    stacked = _stacked_on(config, wave.id, heads)
    if stacked is not None:
        return stacked
    if current is None:
        raise RepoError(
            "HEAD is detached, so there is no branch to base the wave on",
            hint="check out the branch the wave should start from (e.g. `git checkout main`)",
            path=repo.working_tree_dir,
        )
    return current


def _other_worktree(repo: git.Repo, branch: str, root: Path) -> str | None:
    """The other worktree that has `branch` checked out, if any (git lets one branch be checked
    out in one worktree only; replacing it under another would leave that one inconsistent)."""
    path = None
    for line in repo.git.worktree("list", "--porcelain").splitlines():
        if line.startswith("worktree "):
            path = line[len("worktree ") :]
        elif line == f"branch refs/heads/{branch}" and path is not None and Path(path).resolve() != root:
            return path
    return None


def apply_base(repo: Path, config: Config, wave_id: str) -> tuple[str | None, str | None]:
    """(current branch, the branch `apply` would base the wave on), without changing anything;
    the base is None where apply would refuse (detached HEAD, no commits)."""
    grepo = open_repo(repo)
    if not grepo.head.is_valid():
        return None, None
    current = None if grepo.head.is_detached else grepo.active_branch.name
    return current, _stacked_on(config, wave_id, {h.name for h in grepo.heads}) or current


def _check_branch(repo: git.Repo, wave: Wave, current: str | None, heads: set[str], force: bool, root: Path) -> None:
    if wave.branch not in heads:
        return
    if wave.branch == current:
        raise RepoError(
            f"branch {wave.branch} already exists and is checked out here; apply never replaces the current branch",
            hint="check out the branch the wave should start from (e.g. `git checkout main`), then pass --force to replace it",
            path=root,
        )
    elsewhere = _other_worktree(repo, wave.branch, root)
    if elsewhere is not None:
        raise RepoError(
            f"branch {wave.branch} already exists and is checked out in the worktree {elsewhere}",
            hint="check out another branch there (or remove that worktree) first; not even --force replaces it",
            path=root,
        )
    if not force:
        raise RepoError(
            f"branch {wave.branch} already exists",
            hint=f"delete it (`git branch -D {wave.branch}`) or pass --force to replace it",
            path=root,
        )


def _stale_stacks(repo: git.Repo, config: Config, wave: Wave, commit: str) -> list[tuple[str, str]]:
    """Later waves' branches that do not contain the new commit of `wave`: they are stacked on an
    earlier version of it (the branch was replaced or re-created) and need rebasing."""
    heads = {h.name: h for h in repo.heads}
    later = config.waves[[w.id for w in config.waves].index(wave.id) + 1 :]
    out = []
    for other in later:
        if other.branch in heads and not repo.is_ancestor(commit, heads[other.branch].commit.hexsha):
            out.append((other.id, other.branch))
    return out


def _verify(root: Path, change: FileChange) -> str | None:
    """Why the written file is not what the preview promised, or None when it is."""
    if change.deleted:
        return "still exists after it was deleted" if (root / change.path).exists() else None
    data = (root / change.path).read_bytes()
    if data != change.after:
        return "written bytes differ from the planned text"
    lang = language_for(change.path) or "typescript"
    created = added_errors(change.before, data, lang)  # the comparison the rewrite itself made
    if created:
        return f"parses worse after the rewrite ({len(created)} new syntax error(s), the first at line {created[0].line})"
    return None


def commit_message(wave: Wave, result: WaveResult) -> str:
    lines = [f"wavemod {wave.id}: {wave.title}", ""]
    for rule, (files, edits) in result.rule_totals().items():
        lines.append(f"{rule}: {count(edits, 'edit')} in {count(files, 'file')}")
    outside = sum(1 for c in result.changed if not c.in_wave)
    sites = result.call_sites()
    # Edits are spans of text (a rewritten call is several: the call, its await, parentheses).
    lines.append(f"call sites: {sites['repository']} to repository methods, {sites['adapter']} to adapter calls")
    lines.append(f"files changed: {len(result.changed)} ({outside} outside the wave)")
    lines.append(f"findings: {len(result.findings)}")
    if result.failed:  # only with --skip-failed: otherwise apply refuses the wave
        lines.append(f"files skipped (could not be rewritten safely): {len(result.failed)}")
    return "\n".join(lines) + "\n"


def _rollback(repo: git.Repo, root: Path, state: _State) -> list[str]:
    """Undo what `state` records, in reverse order. Returns problems instead of raising, so the
    original error is the one the user sees."""
    problems: list[str] = []

    def step(what: str, fn) -> None:  # type: ignore[no-untyped-def]
        try:
            fn()
        except Exception as exc:  # keep going: every step that can be undone is undone
            problems.append(f"{what}: {exc}")

    if state.committed:
        # Move the wave branch back to its base; index and files are restored just below.
        step("undo the commit", lambda: repo.git.reset("-q", "--soft", state.base_commit))
    if state.written:
        paths = sorted(state.written)
        # The written files were clean before (checked), so their index entries come from the base.
        step("unstage the written files", lambda: repo.git.reset("-q", state.base_commit, "--", *paths))
        for path, data in sorted(state.written.items()):
            if path in state.created:
                step(f"remove {path}", lambda p=path: (root / p).unlink(missing_ok=True))
            else:
                step(f"restore {path}", lambda p=path, d=data: (root / p).write_bytes(d))
    if state.checked_out:
        step(f"check out {state.original}", lambda: repo.git.checkout("-q", state.original))
    if state.branch_created:
        if state.old_branch_commit is not None:
            step(f"restore branch {state.branch}", lambda: repo.git.branch("-f", state.branch, state.old_branch_commit))
        else:
            step(f"delete branch {state.branch}", lambda: repo.git.branch("-D", state.branch))
    return problems


def apply_wave(
    repo: Path,
    wave_id: str,
    config: Config,
    force: bool = False,
    pr_file: Path | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
    database_url: str | None = None,
    skip_failed: bool = False,
    typecheck: bool | None = None,
    verify_tests: bool = False,
    cache: bool = False,
) -> ApplyOutcome:
    """Compute `wave_id` on its base branch and commit it on the wave's branch (see module doc).
    A file the wave cannot rewrite safely refuses the wave, unless `skip_failed`: then the other
    files are committed and the description starts with the skipped ones. `typecheck` (None: when
    the target has TypeScript) and `verify_tests` gate the commit on the target's own checks: a
    wave that adds type errors or breaks a passing test is not committed."""
    wave = config.wave(wave_id)  # unknown wave: fail before touching anything
    grepo = open_repo(repo)
    root = Path(grepo.working_tree_dir or repo).resolve()
    current, head = _head(grepo, root)
    heads = {h.name for h in grepo.heads}

    dirty = dirty_paths(grepo)
    if dirty and not force:
        raise RepoError(
            f"{root} has uncommitted changes: {_listed(dirty)}",
            hint="commit or stash them first, or pass --force (files the wave writes must still be clean)",
        )
    _check_branch(grepo, wave, current, heads, force, root)
    base = _choose_base(grepo, config, wave, current, heads)

    state = _State(original=current or head, branch=wave.branch)
    try:
        if base != current:
            try:
                grepo.git.checkout("-q", base)
            except git.GitCommandError as exc:
                raise RepoError(f"cannot check out the base branch {base}: {exc.stderr.strip()}", hint="commit, stash (`git stash -u` takes untracked files too) or move the files git names", path=root) from exc
            state.checked_out = True
        state.base_commit = grepo.head.commit.hexsha

        result = api.plan_wave(root, wave_id, config, workers, progress, cache=cache)
        if result.failed and not skip_failed:
            listing = "; ".join(f"{c.path}: {c.reason or 'failed'}" for c in result.failed)
            raise RewriteError(
                f"{wave_id}: {len(result.failed)} file(s) could not be rewritten safely: {listing}",
                hint="run `wavemod preview` to see why, or pass --skip-failed to commit the other files (the description lists the skipped ones); nothing was committed",
            )
        changes = result.changed
        if not changes:
            raise WavemodError(f"{wave_id} changes nothing on {base}", hint="nothing to commit; no branch was created")
        touched_dirty = sorted({c.path for c in changes} & set(dirty))
        if touched_dirty:
            raise RepoError(
                f"the wave would overwrite uncommitted changes in: {_listed(touched_dirty)}",
                hint="commit or stash those files first; --force never overwrites uncommitted work",
                path=root,
            )
        for change in changes:  # the plan must be of the bytes on disk, or writing it loses data
            on_disk = root / change.path
            if change.created and on_disk.exists():
                raise RepoError(f"{change.path}, which the wave creates, exists (untracked)", hint="move it away or track it, then run apply again", path=root)
            if not change.created and on_disk.read_bytes() != change.before:
                raise RepoError(f"{change.path} changed while the wave was computed", hint="run apply again", path=root)

        if wave.branch in heads:
            state.old_branch_commit = grepo.heads[wave.branch].commit.hexsha
        grepo.git.checkout("-q", "-B", wave.branch)  # points at the base commit; no file changes
        state.branch_created = True
        state.checked_out = True

        for change in changes:
            state.written[change.path] = change.before
            target_file = root / change.path
            if change.deleted:
                target_file.unlink()
                continue
            if change.created:
                state.created.add(change.path)
                target_file.parent.mkdir(parents=True, exist_ok=True)
            target_file.write_bytes(change.after)
        problems = [f"{c.path}: {why}" for c in changes if (why := _verify(root, c))]
        if problems:
            raise RewriteError("verification of the written files failed: " + "; ".join(problems), hint="this is an engine bug; nothing was committed")
        # Acceptance failures do not block the commit: the PR description reports them. The files on
        # disk were just verified to be the run's output, so the facts the run gathered still hold.
        result.checks = evaluate(config, wave, {}, Workspace.open(root), result.facts)
        if wave.sqlcheck:
            # ...but a wave that asks for sqlcheck is not committed with queries PostgreSQL rejects.
            from wavemod.engine.postgres.sqlcheck import run_sqlcheck

            result.sqlcheck = run_sqlcheck(root, config, None, database_url, workers, written=(wave.id, {c.path: c.before for c in changes}))
            failing = [c for c in result.sqlcheck.checks if c.status == "fails"]
            if failing:
                listed = "; ".join(f"{c.path}:{c.line}: {c.message}" for c in failing[:5])
                raise AcceptanceError(f"{len(failing)} queries fail on PostgreSQL after {wave.id}: {listed}", hint="run `wavemod sqlcheck` for details; nothing was committed", path=root)
        from wavemod.engine.checks.checkgate import run_gates

        # The target's own checks, on the base commit and on the base plus the wave (engine.checks.checkgate).
        result.gates = run_gates(root, state.base_commit, changes, config, typecheck, verify_tests)
        refusal = result.gates.refusal
        if refusal:
            raise AcceptanceError(f"{wave.id} makes the target's own checks worse: {refusal}", hint="fix the rule named (or the code it meets) and apply again; errors and failures that were there before never count; nothing was committed", path=root)

        paths = sorted(c.path for c in changes)
        grepo.git.add("-A", "--", *paths)  # -A: deletions too
        # --only: commit exactly these paths, never other changes the user had staged (--force).
        grepo.git.commit("-q", "-m", commit_message(wave, result), "--only", "--", *paths)
        state.committed = True
        commit = grepo.head.commit.hexsha

        target = Path(pr_file) if pr_file is not None else Path(grepo.git_dir) / "wavemod" / f"{wave.id}.md"
        full_target = target.with_name(f"{target.stem}.full.md")
        text, full = pr_descriptions(config, wave, result, base, wave.branch, full_target.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        if full is not None:
            full_target.write_text(full, encoding="utf-8")
        elif full_target.is_file():
            full_target.unlink()  # from an earlier apply of this wave: it would describe another run
    except BaseException as exc:
        problems = _rollback(grepo, root, state)
        if problems:
            exc.add_note("rollback incomplete: " + "; ".join(problems))
        if isinstance(exc, git.GitCommandError):
            stderr = (exc.stderr or "").strip()
            raise RepoError(f"git failed, nothing was changed: {' '.join(map(str, exc.command[:2]))}: {stderr}", hint="see git's message above", path=root) from exc
        raise
    stale = tuple(_stale_stacks(grepo, config, wave, commit))
    return ApplyOutcome(wave.branch, base, commit, target.resolve(), text, result, full_target.resolve() if full is not None else None, stale)
