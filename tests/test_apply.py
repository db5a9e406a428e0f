"""`apply` on real temp git repositories: one commit on a stacked branch, a PR description, and
all-or-nothing behaviour (refusals change nothing; failures roll back to the exact prior state)."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import git, make_repo
from wavemod.engine import api
from wavemod.engine.api import EXAMPLE_FIXTURE
from wavemod.engine.core.config import Config
from wavemod.engine.core.errors import RepoError, RewriteError
from wavemod.engine.git.gitops import apply_wave
from wavemod.engine.core.types import FileChange, Status, WaveResult

ADAPTER = EXAMPLE_FIXTURE["lib/db/adapter.ts"].decode()  # every helper the bundled rules call

# A small project: the module layout the bundled rules name, and one route per wave.
SMALL_FILES: dict[str, str | bytes] = {
    **api.EXAMPLE_FIXTURE,
    ".gitignore": "node_modules/\n",
    "app/api/auth/login/route.ts": (
        "import db from '@/lib/db/connection'\n"
        "\n"
        "export function POST(request: Request) {\n"
        "  const user = db.prepare('SELECT * FROM users WHERE email = ?').get('a@b.c')\n"
        "  return Response.json(user)\n"
        "}\n"
    ),
    "app/api/kb/route.ts": (
        "import db from '../../../lib/db/connection'\n"
        "import { verifyAuth } from '@/lib/auth/sqlite-auth'\n"
        "\n"
        "export function GET(request: Request) {\n"
        "  verifyAuth(request)\n"
        "  return Response.json(db.prepare('SELECT * FROM articles').all())\n"
        "}\n"
    ),
    "README.md": "small app\n",
    # The bundled waves.toml names a schema: the SQL rewrites read its column types.
    "lib/db/schema.postgres.sql": "CREATE TABLE users (id SERIAL PRIMARY KEY, email TEXT NOT NULL);\nCREATE TABLE articles (id SERIAL PRIMARY KEY, title TEXT NOT NULL);\n",
}


def small_repo(path: Path) -> Path:
    return make_repo(path, SMALL_FILES)


def snapshot(repo: Path) -> dict[str, object]:
    """Everything apply could change: HEAD, the current branch, every branch, status, file bytes."""
    files = {
        p.relative_to(repo).as_posix(): p.read_bytes()
        for p in sorted(repo.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(repo).parts
    }
    return {
        "head": git(repo, "rev-parse", "HEAD"),
        "branch": git(repo, "rev-parse", "--abbrev-ref", "HEAD"),
        "branches": git(repo, "for-each-ref", "--format=%(refname) %(objectname)", "refs/heads"),
        "status": git(repo, "status", "--porcelain", "--untracked-files=all"),
        "index": git(repo, "ls-files", "-s"),
        "files": files,
    }


def current_branch(repo: Path) -> str:
    return git(repo, "rev-parse", "--abbrev-ref", "HEAD").strip()


def test_apply_commits_the_preview_on_the_wave_branch(tmp_path: Path, config: Config) -> None:
    repo = small_repo(tmp_path / "app")
    planned = api.plan_wave(repo, "wave-1", config, workers=1)
    assert planned.changed, "the fixture must give wave-1 something to do"

    outcome = apply_wave(repo, "wave-1", config, workers=1)

    wave = config.wave("wave-1")
    assert outcome.branch == wave.branch and outcome.base == "main"
    assert current_branch(repo) == wave.branch  # left on the new branch, like `git checkout -b`
    assert git(repo, "rev-list", "--count", f"main..{wave.branch}").strip() == "1"
    assert git(repo, "rev-parse", wave.branch).strip() == outcome.commit
    message = git(repo, "log", "-1", "--format=%B", wave.branch)
    lines = message.splitlines()
    assert lines[0] == f"wavemod wave-1: {wave.title}" and lines[1] == ""
    assert any(line.startswith("prepare-call: ") and " edits in " in line for line in lines)
    assert "call sites: 0 to repository methods, 1 to adapter calls" in lines and "prepare-call: 3 edits in 1 file" in lines
    assert f"files changed: {len(planned.changed)}" in message and "findings: " in message
    # Exactly the preview's files, with exactly the preview's bytes.
    committed = set(git(repo, "diff", "--name-only", "main", wave.branch).split())
    assert committed == {c.path for c in planned.changed}
    for change in planned.changed:
        assert (repo / change.path).read_bytes() == change.after
    assert git(repo, "status", "--porcelain") == ""
    # The description lives inside .git: it never dirties the tree.
    assert outcome.pr_path == (repo / ".git" / "wavemod" / "wave-1.md").resolve()
    assert outcome.pr_path.read_text(encoding="utf-8") == outcome.pr_text
    assert outcome.pr_text.startswith(f"# wave-1: {wave.title}")
    assert "based on `main`." in outcome.pr_text and "stacked" not in outcome.pr_text and "app/api/auth/login/route.ts" in outcome.pr_text
    assert "- PASS: no import of @/lib/db/connection in app/api/auth/\\*\\*" in outcome.pr_text  # globs escaped
    assert wave.branch in outcome.note


def test_custom_pr_file(tmp_path: Path, config: Config) -> None:
    repo = small_repo(tmp_path / "app")
    target = tmp_path / "out" / "pr.md"
    outcome = apply_wave(repo, "wave-1", config, pr_file=target, workers=1)
    assert outcome.pr_path == target.resolve()
    assert target.read_text(encoding="utf-8") == outcome.pr_text
    assert not (repo / ".git" / "wavemod").exists()


def test_second_wave_stacks_on_the_first(tmp_path: Path, config: Config) -> None:
    repo = small_repo(tmp_path / "app")
    first = apply_wave(repo, "wave-1", config, workers=1)
    git(repo, "checkout", "-q", "main")  # even from main, wave-2 builds on wave-1's branch
    second = apply_wave(repo, "wave-2", config, workers=1)
    assert second.base == first.branch
    assert git(repo, "rev-parse", f"{second.branch}^").strip() == first.commit
    assert current_branch(repo) == second.branch
    assert f"stacked on `{first.branch}`: review and merge that wave's pull request first" in second.pr_text
    # wave-2 swaps the auth import that wave-1 left alone.
    assert "@/lib/auth/auth-service" in (repo / "app/api/kb/route.ts").read_text()


def test_dirty_tree_is_refused(tmp_path: Path, config: Config) -> None:
    repo = small_repo(tmp_path / "app")
    (repo / "README.md").write_text("edited\n")
    (repo / "notes.txt").write_text("untracked\n")
    before = snapshot(repo)
    with pytest.raises(RepoError) as info:
        apply_wave(repo, "wave-1", config, workers=1)
    text = info.value.render()
    assert str(repo.resolve()) in text and "README.md" in text and "--force" in text
    assert "notes.txt" not in text  # untracked files are not what blocks
    assert snapshot(repo) == before


def test_untracked_files_do_not_block_a_wave_and_stay_out_of_its_commit(tmp_path: Path, config: Config) -> None:
    repo = small_repo(tmp_path / "app")
    first = apply_wave(repo, "wave-1", config, workers=1, pr_file=repo / "PR-wave-1.md")  # the tool's own output
    (repo / "scratch.ts").write_text("export const draft = 1\n")
    second = apply_wave(repo, "wave-2", config, workers=1, pr_file=repo / "PR-wave-2.md")
    assert second.base == first.branch
    for outcome in (first, second):
        committed = git(repo, "show", "--name-only", "--format=", outcome.commit).split()
        assert not {"PR-wave-1.md", "PR-wave-2.md", "scratch.ts"} & set(committed)
    assert (repo / "scratch.ts").read_text() == "export const draft = 1\n" and (repo / "PR-wave-1.md").is_file()


def test_force_allows_dirt_the_wave_does_not_touch(tmp_path: Path, config: Config) -> None:
    repo = small_repo(tmp_path / "app")
    (repo / "README.md").write_text("edited\n")
    git(repo, "add", "README.md")  # staged work must not sneak into the wave's commit
    outcome = apply_wave(repo, "wave-1", config, force=True, workers=1)
    assert "README.md" not in git(repo, "show", "--name-only", "--format=", outcome.commit)
    assert (repo / "README.md").read_text() == "edited\n"
    assert "README.md" in git(repo, "status", "--porcelain")


def test_force_never_overwrites_uncommitted_work(tmp_path: Path, config: Config) -> None:
    repo = small_repo(tmp_path / "app")
    route = repo / "app/api/auth/login/route.ts"
    route.write_text(route.read_text() + "// my uncommitted work\n")
    before = snapshot(repo)
    with pytest.raises(RepoError) as info:
        apply_wave(repo, "wave-1", config, force=True, workers=1)
    assert "app/api/auth/login/route.ts" in info.value.render()
    assert snapshot(repo) == before


def test_existing_branch_is_refused_and_force_replaces_it(tmp_path: Path, config: Config) -> None:
    repo = small_repo(tmp_path / "app")
    branch = config.wave("wave-1").branch
    git(repo, "branch", branch)
    before = snapshot(repo)
    with pytest.raises(RepoError) as info:
        apply_wave(repo, "wave-1", config, workers=1)
    assert branch in info.value.render() and f"git branch -D {branch}" in info.value.render()
    assert snapshot(repo) == before

    outcome = apply_wave(repo, "wave-1", config, force=True, workers=1)
    assert git(repo, "rev-parse", branch).strip() == outcome.commit
    assert git(repo, "rev-parse", f"{branch}^").strip() == git(repo, "rev-parse", "main").strip()


def test_force_does_not_replace_the_checked_out_branch(tmp_path: Path, config: Config) -> None:
    repo = small_repo(tmp_path / "app")
    branch = config.wave("wave-1").branch
    git(repo, "checkout", "-q", "-b", branch)
    before = snapshot(repo)
    for force in (False, True):
        with pytest.raises(RepoError, match="checked out here") as info:
            apply_wave(repo, "wave-1", config, force=force, workers=1)
        # The way out is the one that works: neither `git branch -D` nor --force can from here.
        assert "git checkout main" in info.value.render() and "branch -D" not in info.value.render()
    assert snapshot(repo) == before


def test_force_does_not_replace_a_branch_checked_out_in_another_worktree(tmp_path: Path, config: Config) -> None:
    repo = small_repo(tmp_path / "app")
    branch = config.wave("wave-1").branch
    git(repo, "branch", branch)
    git(repo, "worktree", "add", "-q", str(tmp_path / "other"), branch)
    before = snapshot(repo)
    with pytest.raises(RepoError, match="checked out in the worktree") as info:
        apply_wave(repo, "wave-1", config, force=True, workers=1)
    assert str(tmp_path / "other") in info.value.render()
    assert snapshot(repo) == before
    assert git(tmp_path / "other", "status", "--porcelain") == ""


def test_replacing_a_wave_names_the_later_waves_stacked_on_its_old_commit(tmp_path: Path, config: Config) -> None:
    repo = small_repo(tmp_path / "app")
    first = apply_wave(repo, "wave-1", config, workers=1)
    second = apply_wave(repo, "wave-2", config, workers=1)
    assert first.stale == () and second.stale == ()
    git(repo, "checkout", "-q", "main")
    (repo / "README.md").write_text("small app, moved on\n")  # main moved on since
    git(repo, "commit", "-q", "-am", "docs")
    again = apply_wave(repo, "wave-1", config, force=True, workers=1)
    assert again.commit != first.commit and again.stale == (("wave-2", second.branch),)
    git(repo, "checkout", "-q", "main")
    assert apply_wave(repo, "wave-2", config, force=True, workers=1).stale == ()


def test_detached_head_is_refused(tmp_path: Path, config: Config) -> None:
    repo = small_repo(tmp_path / "app")
    git(repo, "checkout", "-q", "--detach")
    before = snapshot(repo)
    with pytest.raises(RepoError, match="detached"):
        apply_wave(repo, "wave-1", config, workers=1)
    assert snapshot(repo) == before


def _add_failing_hook(repo: Path) -> None:
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'hook says no' >&2\nexit 1\n")
    hook.chmod(0o755)


def test_failing_commit_rolls_back_everything(tmp_path: Path, config: Config) -> None:
    repo = small_repo(tmp_path / "app")
    _add_failing_hook(repo)
    before = snapshot(repo)
    with pytest.raises(RepoError) as info:
        apply_wave(repo, "wave-1", config, workers=1)
    assert "hook says no" in info.value.render()
    assert snapshot(repo) == before
    assert not (repo / ".git" / "wavemod" / "wave-1.md").exists()


def test_failing_commit_restores_a_replaced_branch(tmp_path: Path, config: Config) -> None:
    repo = small_repo(tmp_path / "app")
    branch = config.wave("wave-1").branch
    git(repo, "checkout", "-q", "-b", "other")
    (repo / "README.md").write_text("other\n")
    git(repo, "commit", "-q", "-am", "other work")
    git(repo, "branch", branch)  # an old wave branch at a different commit
    git(repo, "checkout", "-q", "main")
    _add_failing_hook(repo)
    before = snapshot(repo)
    with pytest.raises(RepoError):
        apply_wave(repo, "wave-1", config, force=True, workers=1)
    assert snapshot(repo) == before


def test_stacked_failure_returns_to_the_original_branch(tmp_path: Path, config: Config) -> None:
    repo = small_repo(tmp_path / "app")
    apply_wave(repo, "wave-1", config, workers=1)
    git(repo, "checkout", "-q", "main")
    _add_failing_hook(repo)
    before = snapshot(repo)
    with pytest.raises(RepoError):
        apply_wave(repo, "wave-2", config, workers=1)  # computed on wave-1's branch, then undone
    assert snapshot(repo) == before


def test_verification_failure_rolls_back(tmp_path: Path, config: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    import wavemod.engine.git.gitops as gitops

    repo = small_repo(tmp_path / "app")
    before = snapshot(repo)
    monkeypatch.setattr(gitops, "_verify", lambda root, change: "bytes differ (simulated)")
    with pytest.raises(RewriteError, match="simulated"):
        apply_wave(repo, "wave-1", config, workers=1)
    assert snapshot(repo) == before


def test_failed_files_block_the_commit(tmp_path: Path, config: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    import wavemod.engine.git.gitops as gitops

    repo = small_repo(tmp_path / "app")
    before = snapshot(repo)
    source = (repo / "app/api/auth/login/route.ts").read_bytes()
    failed = FileChange("app/api/auth/login/route.ts", source, source, Status.FAILED, reason="no fixpoint after 8 passes")
    monkeypatch.setattr(gitops.api, "plan_wave", lambda *a, **k: WaveResult("wave-1", [failed]))
    with pytest.raises(RewriteError) as info:
        apply_wave(repo, "wave-1", config, workers=1)
    assert "app/api/auth/login/route.ts: no fixpoint after 8 passes" in info.value.render()
    assert snapshot(repo) == before


def test_failure_after_the_commit_rolls_back(tmp_path: Path, config: Config) -> None:
    repo = small_repo(tmp_path / "app")
    blocked = tmp_path / "blocked"
    blocked.write_text("a file, so no directory can be created under it\n")
    before = snapshot(repo)
    with pytest.raises(OSError):
        apply_wave(repo, "wave-1", config, pr_file=blocked / "pr.md", workers=1)  # fails after committing
    assert snapshot(repo) == before


def test_a_wave_with_sqlcheck_is_not_committed_when_a_query_fails_on_postgres(tmp_path: Path, postgres_url: str) -> None:
    """`sqlcheck = true`: the written tree is checked on PostgreSQL before the commit; a failing
    query rolls everything back."""
    from typer.testing import CliRunner

    from wavemod.engine.cli import app
    from tests.conftest import git as run_git

    files = {
        "tsconfig.json": '{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["./*"] } } }\n',
        "lib/db/connection.ts": "import Database from 'better-sqlite3'\nconst db = new Database(':memory:')\nexport default db\n",
        "lib/db/adapter.ts": ADAPTER,
        "lib/db/schema.postgres.sql": "CREATE TABLE t (id SERIAL PRIMARY KEY, flag BOOLEAN);\n",
        "lib/a.ts": "import db from '@/lib/db/connection'\nexport function rows() {\n  return db.prepare('SELECT * FROM t WHERE missing_column = 1').all()\n}\n",
    }
    repo = make_repo(tmp_path / "repo", files)
    before = run_git(repo, "rev-parse", "HEAD")
    config_path = _sqlcheck_config(tmp_path)
    result = CliRunner().invoke(app, ["apply", "w", "--repo", str(repo), "--config", str(config_path), "--database-url", postgres_url])
    assert result.exit_code == 5, result.output
    assert "missing_column" in result.output and "nothing was committed" in result.output
    assert run_git(repo, "rev-parse", "HEAD") == before
    assert run_git(repo, "status", "--porcelain") == ""
    assert "wavemod/w" not in run_git(repo, "branch")
    assert (repo / "lib/a.ts").read_text() == files["lib/a.ts"]


def _sqlcheck_config(tmp_path: Path) -> Path:
    import shutil

    from wavemod.engine.core.config import PACKAGE_ROOT

    target = tmp_path / "cfg"
    shutil.copytree(PACKAGE_ROOT / "rules", target / "rules")
    (target / "waves.toml").write_text(
        '[project]\nschema = ["lib/db/schema.postgres.sql"]\nexclude = ["lib/db/adapter.ts", "lib/db/connection.ts"]\n'
        '[[waves]]\nid = "w"\nbranch = "wavemod/w"\nrules = ["rules/adapter.toml", "rules/sql.toml"]\ninclude = ["lib/**"]\nsql_target = "postgres"\nsqlcheck = true\n'
    )
    return target / "waves.toml"


def test_a_description_over_the_pull_request_limit_is_shortened_and_the_full_one_kept(config: Config) -> None:
    from wavemod.engine.output import prdoc
    from wavemod.engine.core.types import Finding

    wave = config.wave("wave-2")
    result = WaveResult("wave-2")
    message = "call to async `loadTicket` is neither awaited nor returned (floating promise); " * 2
    for i in range(900):
        path = f"lib/domain{i % 9}/module-{i:04d}.ts"
        findings = (Finding(path, 10, "async-propagation", message, "floating-promise"), Finding(path, 20, "sql-dialect", "SQL needs a human: no portable form for julianday(x)", "sql"))
        notes = (Finding(path, 5, "sql-dialect", "datetime('now') -> CURRENT_TIMESTAMP"),)
        result.changes.append(FileChange(path, b"a\n", b"b\n", Status.CHANGED, findings=findings, in_wave=i % 3 != 0, notes=notes))
    from wavemod.engine.postgres.sqlcheck import QueryCheck, SqlCheckReport

    dynamic = [QueryCheck(f"lib/q/{i}.ts", 3, "dynamic", "", "interpolations decide the final SQL (syntax error at or near $1)") for i in range(400)]
    result.sqlcheck = SqlCheckReport("wave-2", [QueryCheck("lib/a.ts", 1, "ok", "SELECT 1"), *dynamic])
    body, full = prdoc.pr_descriptions(config, wave, result, "main", wave.branch, "wave-2.full.md")
    assert full == prdoc.pr_description(config, wave, result, "main", wave.branch) and len(full) > prdoc.BODY_LIMIT
    assert "Dynamic SQL (check by hand): 400 queries, listed in `wave-2.full.md`." in body and "lib/q/399.ts" in full
    assert len(body) <= prdoc.BODY_LIMIT
    # Every count is kept; the lists say how much they leave out and where it all is.
    assert "- files changed: 900 (300 outside the wave)" in body and "- findings for manual review: 1800" in body
    assert "600 files in the wave and 300 outside it" in body and "- … and 250 more" in body  # 50 outside listed
    assert "900 queries rewritten; each is listed in `wave-2.full.md`." in body
    section = body[body.index("## Findings for manual review") : body.index("## Acceptance checks")]
    assert section.count("### ") == 2 and "- [ ] " in section
    for block in section.split("### ")[1:]:
        kind, count = block.split()[0], int(block.split()[1].strip("()"))
        shown = sum(1 for line in block.splitlines() if line.startswith("- [ ] "))
        left = [int(line.split()[3]) for line in block.splitlines() if line.startswith("- … and ") and line.endswith("more: all in `wave-2.full.md`")]
        assert count == 900 and shown + sum(left) == 900, kind
    # Short enough already: the description is the full one.
    small = WaveResult("wave-2", changes=result.changes[:3])
    assert prdoc.pr_descriptions(config, wave, small, "main", wave.branch, "x.full.md") == (prdoc.pr_description(config, wave, small, "main", wave.branch), None)


def test_apply_writes_the_full_description_next_to_a_shortened_one(tmp_path: Path, config: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    from wavemod.engine.output import prdoc

    monkeypatch.setattr(prdoc, "BODY_LIMIT", 1_500)
    repo = small_repo(tmp_path / "app")
    outcome = apply_wave(repo, "wave-1", config, workers=1)
    assert outcome.full_path == outcome.pr_path.with_name("wave-1.full.md")
    full = outcome.full_path.read_text(encoding="utf-8")
    assert full.startswith("# wave-1: ") and "app/api/auth/login/route.ts" in full and len(full) > 1_500
    assert "wave-1.full.md" in outcome.pr_text and outcome.pr_path.read_text(encoding="utf-8") == outcome.pr_text
    # Applied again (--force) with a description that fits: no full one from the first run stays.
    monkeypatch.setattr(prdoc, "BODY_LIMIT", 60_000)
    git(repo, "checkout", "-q", "main")
    (repo / "README.md").write_text("small app, moved on\n")  # main moved on since
    git(repo, "commit", "-q", "-am", "docs")
    again = apply_wave(repo, "wave-1", config, force=True, workers=1)
    assert again.full_path is None and not outcome.full_path.exists()


def test_a_later_wave_lists_an_earlier_waves_leftovers_only_in_its_own_files(tmp_path: Path, config: Config) -> None:
    """The module's un-awaitable top-level call is wave-1's doing: wave-1 lists it; wave-2, which
    does not select scripts, does not list it again; wave-3 (scripts included) lists it as open.
    (A module with exports is not a script: its top level does not move into an async main().)"""
    script = "import { getUser } from '@/lib/auth/users'\nexport const first = getUser(1)\n"
    users = "import db from '@/lib/db/connection'\nexport function getUser(id: number) {\n  return db.prepare('SELECT * FROM users WHERE id = ?').get(id)\n}\n"
    repo = make_repo(tmp_path / "app", {**SMALL_FILES, "lib/auth/users.ts": users, "scripts/report.ts": script})
    first = apply_wave(repo, "wave-1", config, workers=1)
    listed = [f for f in first.result.findings if f.path == "scripts/report.ts"]
    assert [(f.line, f.kind) for f in listed] == [(2, "floating-promise")] and "now async" in listed[0].message
    assert [f.path for f in api.plan_wave(repo, "wave-2", config, workers=1).findings if f.path == "scripts/report.ts"] == []
    later = [f for f in api.plan_wave(repo, "wave-3", config, workers=1).findings if f.path == "scripts/report.ts"]
    assert [(f.line, f.kind) for f in later] == [(2, "floating-promise")] and "neither awaited nor returned" in later[0].message


def test_a_swap_to_a_missing_auth_service_creates_it_and_deletes_the_old_module(tmp_path: Path, config: Config) -> None:
    files = {k: v for k, v in SMALL_FILES.items() if k != "lib/auth/auth-service.ts"}
    files["lib/auth/sqlite-auth.ts"] = (
        "import db from '../db/connection'\n"
        "export function verifyAuth(request: Request) {\n"
        "  return db.prepare('SELECT * FROM sessions WHERE token = ?').get(request.headers.get('cookie'))\n"
        "}\n"
    )
    repo = make_repo(tmp_path / "app", files)
    apply_wave(repo, "wave-1", config)
    outcome = apply_wave(repo, "wave-2", config)
    status = git(repo, "show", "--no-renames", "--name-status", "--format=", "HEAD").split("\n")
    assert "A\tlib/auth/auth-service.ts" in status and "D\tlib/auth/sqlite-auth.ts" in status
    service = (repo / "lib/auth/auth-service.ts").read_text()
    assert "export async function verifyAuth(request: Request)" in service and "await executeQueryOne(" in service
    assert "import { verifyAuth } from '@/lib/auth/auth-service'" in (repo / "app/api/kb/route.ts").read_text()
    assert "  await verifyAuth(request)\n" in (repo / "app/api/kb/route.ts").read_text()
    assert not (repo / "lib/auth/sqlite-auth.ts").exists()
    assert "`lib/auth/auth-service.ts` (created)" in outcome.pr_text and "`lib/auth/sqlite-auth.ts` (deleted)" in outcome.pr_text


def test_a_test_mocking_the_swapped_module_gets_a_mock_of_the_service_and_the_description_says_so(tmp_path: Path, config: Config) -> None:
    """wave-2 swaps the route's auth import; the route's test (excluded from every wave's globs)
    mocks the old module: apply commits a second mock for the service in that test, and the PR
    description lists the mock and the file as edited only for it. The unrelated mock stays alone."""
    test = (
        "import { describe, expect, it, vi } from 'vitest'\n"
        "\n"
        "const { verifyAuthMock } = vi.hoisted(() => ({ verifyAuthMock: vi.fn(() => ({ id: 1 })) }))\n"
        "vi.mock('@/lib/auth/sqlite-auth', () => ({ verifyAuth: verifyAuthMock }))\n"
        "vi.mock('@/lib/db/connection', () => ({ default: { prepare: vi.fn() } }))\n"
        "\n"
        "import { GET } from '../route'\n"
        "\n"
        "describe('GET /api/kb', () => {\n"
        "  it('checks the session', async () => {\n"
        "    await GET(new Request('http://localhost/api/kb'))\n"
        "    expect(verifyAuthMock).toHaveBeenCalled()\n"
        "  })\n"
        "})\n"
    )
    repo = make_repo(tmp_path / "app", {**SMALL_FILES, "app/api/kb/__tests__/route.test.ts": test})
    apply_wave(repo, "wave-1", config)
    outcome = apply_wave(repo, "wave-2", config)
    written = (repo / "app/api/kb/__tests__/route.test.ts").read_text()
    assert written == test.replace(
        "vi.mock('@/lib/auth/sqlite-auth', () => ({ verifyAuth: verifyAuthMock }))\n",
        "vi.mock('@/lib/auth/sqlite-auth', () => ({ verifyAuth: verifyAuthMock }))\n"
        "vi.mock('@/lib/auth/auth-service', () => ({ verifyAuth: verifyAuthMock }))\n",
    )
    assert "app/api/kb/__tests__/route.test.ts" in git(repo, "show", "--name-only", "--format=", "HEAD").split("\n")
    assert "### Module mocks followed (1)" in outcome.pr_text
    assert "- `app/api/kb/__tests__/route.test.ts:4`: `vi.mock('@/lib/auth/sqlite-auth')` also as `@/lib/auth/auth-service` (`auth-import-swap`)" in outcome.pr_text
    assert "edited only for their mocks: `app/api/kb/__tests__/route.test.ts`." in outcome.pr_text
    outside = outcome.pr_text.split("### Outside the wave: async propagation", 1)[1].split("###", 1)[0]
    assert "route.test.ts" not in outside
    # The old module stays: the test still mocks it (and mentions it).
    assert (repo / "lib/auth/sqlite-auth.ts").exists()


def test_a_failure_after_creating_a_module_removes_it_again(tmp_path: Path, config: Config) -> None:
    files = {k: v for k, v in SMALL_FILES.items() if k != "lib/auth/auth-service.ts"}
    repo = make_repo(tmp_path / "app", files)
    apply_wave(repo, "wave-1", config)
    git(repo, "checkout", "-q", "main")
    before = snapshot(repo)
    import wavemod.engine.git.gitops as gitops

    original = gitops._verify
    try:  # the written files fail verification: everything written must go, the new module too
        gitops._verify = lambda root, change: "simulated" if change.created else None  # type: ignore[assignment]
        with pytest.raises(RewriteError):
            apply_wave(repo, "wave-2", config)
    finally:
        gitops._verify = original  # type: ignore[assignment]
    assert not (repo / "lib/auth/auth-service.ts").exists()
    assert snapshot(repo) == before


def test_an_excluded_file_calling_what_turned_async_is_listed(tmp_path: Path, config: Config) -> None:
    files = dict(SMALL_FILES)
    files["lib/db/connection.ts"] = (
        "import Database from 'better-sqlite3'\nimport { migrate } from './migrate'\n"
        "const db = new Database(':memory:')\nmigrate(db)\nexport default db\nexport function getDb() { return db }\n"
    )
    files["lib/db/migrate.ts"] = "import Database from 'better-sqlite3'\nexport function migrate(db: Database.Database) {\n  db.prepare('CREATE TABLE IF NOT EXISTS t (id INTEGER)').run()\n}\n"
    repo = make_repo(tmp_path / "app", files)
    result = api.plan_wave(repo, "wave-3", config, workers=1)
    listed = [f for f in result.findings if f.path == "lib/db/connection.ts"]
    assert [(f.line, f.kind) for f in listed] == [(4, "floating-promise")]
    assert "`migrate` is now async, but this file is excluded from every wave" in listed[0].message
    assert not any(c.path == "lib/db/connection.ts" and c.changed for c in result.changes)


# A wave whose rules really break one file: `breaker` turns a throw statement into unbalanced text.
SKIP_FILES: dict[str, str | bytes] = {
    "tsconfig.json": '{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["./*"] } } }\n',
    "lib/db/connection.ts": "import Database from 'better-sqlite3'\nconst db = new Database(':memory:')\nexport default db\n",
    "lib/db/adapter.ts": api.EXAMPLE_FIXTURE["lib/db/adapter.ts"],
    "lib/db/schema.postgres.sql": "CREATE TABLE tasks (id SERIAL PRIMARY KEY, title TEXT NOT NULL);\n",
    "lib/tasks.ts": (
        "import db from '@/lib/db/connection'\n"
        "\n"
        "export function getTask(id: number) {\n"
        "  return db.prepare('SELECT id, title FROM tasks WHERE id = ?').get(id) as { id: number; title: string } | undefined\n"
        "}\n"
    ),
    "lib/report.ts": (
        "import { getTask } from './tasks'\n"
        "\n"
        "export function taskTitle(id: number): string {\n"
        "  const task = getTask(id)\n"
        "  if (!task) {\n"
        "    throw new Error(`no task ${id}`)\n"
        "  }\n"
        "  return task.title\n"
        "}\n"
        "\n"
        "export async function titles(ids: number[]) {\n"
        "  return Promise.all(ids.map(async (id) => (await getTask(id))?.title))\n"
        "}\n"
    ),
}


def _breaking_config(tmp_path: Path) -> Path:
    import shutil

    from wavemod.engine.core.config import PACKAGE_ROOT

    target = tmp_path / "cfg"
    shutil.copytree(PACKAGE_ROOT / "rules", target / "rules")
    (target / "rules" / "breaker.toml").write_text('[[rules]]\nid = "breaker"\nquery = "(throw_statement) @match"\nreplace = "throw ("\n')
    (target / "waves.toml").write_text(
        '[project]\nschema = ["lib/db/schema.postgres.sql"]\nexclude = ["lib/db/adapter.ts", "lib/db/connection.ts"]\n'
        '[[waves]]\nid = "w"\ntitle = "tasks"\nbranch = "wavemod/w"\nrules = ["rules/adapter.toml", "rules/breaker.toml"]\ninclude = ["lib/**"]\n'
    )
    return target / "waves.toml"


def test_a_wave_with_a_failed_file_is_refused_unless_skip_failed_commits_the_rest(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from wavemod.engine.cli import app
    from wavemod.engine.core.config import load_config

    repo = make_repo(tmp_path / "repo", SKIP_FILES)
    config_path = _breaking_config(tmp_path)
    before = snapshot(repo)
    with pytest.raises(RewriteError) as info:
        apply_wave(repo, "w", load_config(config_path), workers=1)
    rendered = info.value.render()
    assert "lib/report.ts: rule(s) breaker would add parse errors" in rendered and "--skip-failed" in rendered
    assert snapshot(repo) == before

    pr_file = tmp_path / "pr.md"
    result = CliRunner().invoke(app, ["apply", "w", "--repo", str(repo), "--config", str(config_path), "--pr-file", str(pr_file), "--skip-failed", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert current_branch(repo) == "wavemod/w"
    assert git(repo, "show", "--name-only", "--format=", "HEAD").split() == ["lib/tasks.ts"]
    assert "export async function getTask" in (repo / "lib/tasks.ts").read_text()
    assert (repo / "lib/report.ts").read_text() == SKIP_FILES["lib/report.ts"]
    assert git(repo, "status", "--porcelain") == ""
    assert "files skipped (could not be rewritten safely): 1" in git(repo, "log", "-1", "--format=%B")

    lines = pr_file.read_text().splitlines()
    assert lines[:3] == ["# w: tasks", "", "## Skipped files (1)"]
    skipped = "\n".join(lines[: lines.index("## Rules applied")])
    assert "- `lib/report.ts`: rule(s) breaker would add parse errors" in skipped
    # The sync caller is left un-awaited; the awaited call in `titles` is fine as it is.
    assert "calls to functions this wave made async, left un-awaited (1):" in skipped
    assert "- [ ] `lib/report.ts:4` calls `lib/tasks.ts::getTask`" in skipped
    assert "lib/report.ts:12" not in skipped


def test_a_file_with_a_misparse_that_the_rewrite_carries_along_is_committed(tmp_path: Path) -> None:
    """tree-sitter misparses the cast's type (`in_progress` on its own line reads as `in`); the
    rewrite copies that type into a type argument and keeps the cast, so the error count goes from
    1 to 2. Same error, carried along: the run and apply's re-check of the written file accept it."""
    from wavemod.engine.core.config import load_config
    from wavemod.engine.core.languages import count_errors, parse

    route = (
        "import db from '@/lib/db/connection'\n"
        "\n"
        "export function taskStats(workspaceId: number) {\n"
        "  return db.prepare('SELECT COUNT(*) as total, SUM(done) as in_progress FROM tasks WHERE id = ?').get(workspaceId) as {\n"
        "    total: number\n"
        "    in_progress: number\n"
        "  }\n"
        "}\n"
    )
    files = {**SKIP_FILES, "lib/report.ts": "export const none = 0\n", "lib/stats.ts": route}
    repo = make_repo(tmp_path / "repo", files)
    outcome = apply_wave(repo, "w", load_config(_breaking_config(tmp_path)), workers=1)
    written = (repo / "lib/stats.ts").read_bytes()
    assert "lib/stats.ts" in git(repo, "show", "--name-only", "--format=", outcome.commit).split()
    assert b"await executeQueryOne<{\n    total: number\n    in_progress: number\n  }>(" in written
    assert (count_errors(parse(route.encode(), "typescript").root_node), count_errors(parse(written, "typescript").root_node)) == (1, 2)
