"""The command line end to end: exit codes, messages that name the file to fix, and that every
error leaves the repository untouched."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT, git
from wavemod.engine.cli import app
from wavemod.engine.core.config import load_config
from test_apply import small_repo, snapshot

runner = CliRunner()


def run(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, [str(a) for a in args])


def flat(text: str) -> str:
    """Rich may wrap long lines; compare messages with whitespace collapsed."""
    return " ".join(text.split())


def config_dir(tmp_path: Path, waves: str | None = None, extra_rule: str | None = None) -> Path:
    """A config outside the repository: the bundled rule files, optionally one more, and waves.toml."""
    target = tmp_path / "cfg"
    (target / "rules").mkdir(parents=True)
    for rule_file in (ROOT / "rules").glob("*.toml"):
        shutil.copy(rule_file, target / "rules" / rule_file.name)
    if extra_rule is not None:
        (target / "rules" / "extra.toml").write_text(extra_rule)
    (target / "waves.toml").write_text(waves if waves is not None else (ROOT / "waves.toml").read_text())
    return target / "waves.toml"


MINI_WAVES = """
[project]
rule_files = ["rules/*.toml"]
exclude = ["lib/db/adapter.ts", "lib/db/connection.ts", "lib/auth/auth-service.ts"]

[[waves]]
id = "only"
title = "Auth routes only"
branch = "wavemod/only"
rules = ["prepare-call", "drop-connection-import", "async-propagation"]
include = ["app/api/auth/**"]
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return small_repo(tmp_path / "app")


def test_waves_lists_the_three_waves(repo: Path) -> None:
    result = run("waves", "--repo", repo)
    assert result.exit_code == 0, result.output
    for wave_id in ("wave-1", "wave-2", "wave-3"):
        assert wave_id in result.stdout
    # Branch names and rule ids are there in full at 80 columns (they are what a user copies).
    config = load_config()
    for wave in config.waves:
        assert wave.branch in result.stdout
        assert all(rule in result.stdout for rule in wave.rules)


def test_apply_with_a_custom_config(repo: Path, tmp_path: Path) -> None:
    result = run("apply", "only", "--repo", repo, "--config", config_dir(tmp_path, MINI_WAVES), "-j", "1")
    assert result.exit_code == 0, result.output
    assert "committed" in result.stdout and "wavemod/only" in result.stdout
    assert git(repo, "log", "-1", "--format=%s").strip() == "wavemod only: Auth routes only"
    # The description is printed as written (a copy of it is a valid markdown file): no line breaks
    # inserted into its long table rows.
    description = (repo / ".git" / "wavemod" / "only.md").read_text()
    assert max(len(line) for line in description.splitlines()) > 80
    assert description.strip() in result.stdout
    assert git(repo, "diff", "--name-only", "main", "wavemod/only").split() == ["app/api/auth/login/route.ts"]
    assert (repo / ".git" / "wavemod" / "only.md").exists()


def test_apply_refuses_a_dirty_tree(repo: Path) -> None:
    (repo / "README.md").write_text("edited\n")
    before = snapshot(repo)
    result = run("apply", "wave-1", "--repo", repo)
    assert result.exit_code == 3
    assert "uncommitted changes" in flat(result.stderr) and "README.md" in result.stderr
    assert snapshot(repo) == before


def test_apply_refuses_an_existing_branch(repo: Path) -> None:
    git(repo, "branch", "wavemod/wave-1-critical-path")
    before = snapshot(repo)
    result = run("apply", "wave-1", "--repo", repo)
    assert result.exit_code == 3
    assert "wavemod/wave-1-critical-path already exists" in flat(result.stderr)
    assert snapshot(repo) == before
    assert run("apply", "wave-1", "--repo", repo, "--force").exit_code == 0


def test_preview_patch_applies_cleanly(repo: Path, tmp_path: Path) -> None:
    patch = tmp_path / "wave-1.patch"
    before = snapshot(repo)
    result = run("preview", "wave-1", "--repo", repo, "--patch", patch)
    assert result.exit_code == 0, result.output
    assert snapshot(repo) == before  # preview writes nothing in the repository
    assert "diff --git a/app/api/auth/login/route.ts" in patch.read_text()
    git(repo, "apply", "--check", str(patch))


def test_preview_json(repo: Path) -> None:
    result = run("preview", "wave-1", "--repo", repo, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["wave"] == "wave-1"
    assert data["counts"]["changed"] >= 1 and data["counts"]["failed"] == 0
    assert "prepare-call" in data["rules"]


def test_unknown_wave(repo: Path) -> None:
    before = snapshot(repo)
    result = run("apply", "wave-9", "--repo", repo)
    assert result.exit_code == 2
    assert "unknown wave 'wave-9'" in result.stderr and "waves.toml" in result.stderr
    assert "wave-1, wave-2, wave-3" in result.stderr
    assert snapshot(repo) == before


def test_malformed_waves_toml(repo: Path, tmp_path: Path) -> None:
    path = config_dir(tmp_path, '[project]\nrule_files = ["rules/*.toml"]\n\n[[waves]]\nid = wave-1\n')
    before = snapshot(repo)
    result = run("preview", "wave-1", "--repo", repo, "--config", path)
    assert result.exit_code == 2
    assert f"{path}:5:" in flat(result.stderr) and "malformed TOML" in result.stderr
    assert snapshot(repo) == before


BAD_QUERY_RULE = """
[[rules]]
id = "broken-query"
query = "(call_expression function: (no_such_node) @f)"
message = "never"
"""

UNKNOWN_CAPTURE_RULE = """
[[rules]]
id = "wrong-capture"
query = "(call_expression function: (identifier) @fn) @call"
target = "call"
replace = "@callee()"
"""


@pytest.mark.parametrize(
    ("rule", "expected"),
    [(BAD_QUERY_RULE, "rule 'broken-query' has an invalid tree-sitter query"), (UNKNOWN_CAPTURE_RULE, "unknown capture @callee")],
)
def test_bad_rule_file(repo: Path, tmp_path: Path, rule: str, expected: str) -> None:
    path = config_dir(tmp_path, extra_rule=rule)
    before = snapshot(repo)
    result = run("apply", "wave-1", "--repo", repo, "--config", path)
    assert result.exit_code == 2
    assert expected in flat(result.stderr)
    assert str(path.parent / "rules" / "extra.toml") in result.stderr
    assert snapshot(repo) == before


def test_not_a_git_repository(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "a.ts").write_text("export const a = 1\n")
    result = run("apply", "wave-1", "--repo", plain)
    assert result.exit_code == 3
    assert "is not a git repository" in flat(result.stderr)
    assert sorted(p.name for p in plain.iterdir()) == ["a.ts"]


def test_a_subdirectory_of_a_repository_names_its_top(repo: Path) -> None:
    before = snapshot(repo)
    result = run("apply", "wave-1", "--repo", repo / "app" / "api")
    assert result.exit_code == 3
    assert f"is inside the git repository {repo.resolve()}, not at its top" in flat(result.stderr)
    assert f"--repo {repo.resolve()}" in flat(result.stderr)
    assert snapshot(repo) == before


def test_repo_that_is_a_file_and_a_job_count_below_one(repo: Path) -> None:
    result = run("preview", "wave-1", "--repo", repo / "README.md")
    assert result.exit_code == 3 and "README.md is a file, not a directory" in flat(result.stderr)
    assert run("preview", "wave-1", "--repo", repo, "-j", "0").exit_code == 2  # usage error


def test_repo_that_does_not_exist(tmp_path: Path) -> None:
    result = run("preview", "wave-1", "--repo", tmp_path / "missing")
    assert result.exit_code == 3
    assert "does not exist" in flat(result.stderr)
    assert not (tmp_path / "missing").exists()


def test_audit_strict_exit_codes(repo: Path, tmp_path: Path) -> None:
    result = run("audit", "--repo", repo, "--strict")
    assert result.exit_code == 5  # the SQLite auth import and prepare calls are still there
    assert "FAIL" in result.stdout
    # A config whose only wave checks something that holds: strict passes.
    passing = MINI_WAVES + '\n[[waves.checks]]\nkind = "no-import"\nmodule = "@/lib/db/connection"\npaths = ["app/api/none/**"]\n'
    result = run("audit", "--repo", repo, "--strict", "--config", config_dir(tmp_path, passing))
    assert result.exit_code == 0, result.output
    data = json.loads(run("audit", "--repo", repo, "--json").stdout)
    assert data["passed"] is False
    # Nothing under the audit's paths (the wrong --repo): the same passing config fails under
    # --strict, with a note that says why.
    from conftest import make_repo

    elsewhere = make_repo(tmp_path / "other", {"src/index.ts": "export const a = 1\n"})
    result = run("audit", "--repo", elsewhere, "--strict", "--config", config_dir(tmp_path / "again", passing))
    assert result.exit_code == 5 and "no tracked source file under the audit's paths" in flat(result.stderr)
    assert "Overall: NOTHING AUDITED (0 files scanned)" in result.stdout and "PASS" not in result.stdout.split("## ")[0]
    assert run("audit", "--repo", elsewhere, "--config", config_dir(tmp_path / "third", passing)).exit_code == 0


def test_preview_shows_bracketed_paths_and_messages_as_they_are(tmp_path: Path) -> None:
    """Next.js dynamic segments (`[id]`) and code in messages are data, not rich markup."""
    from conftest import make_repo
    from test_apply import SMALL_FILES

    route = "app/api/tickets/[id]/route.ts"
    files = dict(SMALL_FILES)
    files[route] = (
        "import db from '@/lib/db/connection'\n"
        "\n"
        "export function GET(request: Request) {\n"
        "  const rows = db.prepare('SELECT * FROM tickets WHERE id = ?').all(1)\n"
        "  rows.forEach((r) => db.prepare('UPDATE tickets SET seen = 1 WHERE id = ?').run(r.id))\n"
        "  return Response.json(rows[0])\n"
        "}\n"
    )
    repo = make_repo(tmp_path / "app", files)
    result = run("preview", "wave-1", "--repo", repo, "-j", "1")
    assert result.exit_code == 0, result.output
    assert f"diff --git a/{route} b/{route}" in result.stdout  # piped: the plain patch

    from rich.console import Console

    from wavemod.engine.output.report import render_preview
    from wavemod.engine.core.types import CheckResult, FileChange, Finding, Status, WaveResult

    findings = [Finding(route, 3, "[bold]rule[/bold]", "`rows[0]` and [red]x[/red] stay as written", "review")]
    wave = WaveResult("wave-[1]", checks=[CheckResult(f"no import of x in {route}", True)])
    wave.changes.append(FileChange(route, b"a\n", b"a\n", Status.UNCHANGED, findings=tuple(findings)))
    page = "app/[slug]/page.ts"  # a changed file's heading on a terminal
    wave.changes.append(FileChange(page, b"a\n", b"b\n", Status.CHANGED, in_wave=False))
    console = Console(record=True, width=400)
    render_preview(console, wave)
    shown = console.export_text()
    for literal in (f"{route}:3", f"{page}  (outside the wave", "[bold]rule[/bold]", "`rows[0]` and [red]x[/red] stay as written", f"no import of x in {route}", "wave-[1]: rules applied"):
        assert literal in shown, literal

    # At 80 columns (output piped, or a narrow terminal) the whole message is still there.
    long = "the statement runs outside its transaction on PostgreSQL: pass the transaction handle down " * 3
    wave.changes[0] = FileChange(route, b"a\n", b"a\n", Status.UNCHANGED, findings=(Finding(route, 3, "async-propagation", long, "floating-promise"),))
    narrow = Console(record=True, width=80)
    render_preview(narrow, wave)
    shown = narrow.export_text()
    assert flat(long) in flat(shown) and f"{route}:3" in shown


def test_preview_of_a_wave_that_selects_nothing_says_so(tmp_path: Path) -> None:
    from conftest import make_repo

    repo = make_repo(tmp_path / "other", {"README.md": "not the application\n", "src/index.ts": "export const a = 1\n"})
    result = run("preview", "wave-1", "--repo", repo)
    assert result.exit_code == 0, result.output
    assert "wave-1 selects no tracked source file" in flat(result.stderr) and "check --repo" in flat(result.stderr)
    assert "selects no" not in flat(run("preview", "wave-1", "--repo", small_repo(tmp_path / "app")).stderr)


def test_an_unreachable_database_url_is_a_clear_error_and_apply_changes_nothing(tmp_path: Path) -> None:
    from conftest import make_repo
    from wavemod.engine.postgres.pgserver import free_port
    from test_apply import SMALL_FILES

    schema = "CREATE TABLE users (id SERIAL PRIMARY KEY, email TEXT);\nCREATE TABLE articles (id SERIAL PRIMARY KEY);\n"
    repo = make_repo(tmp_path / "app", {**SMALL_FILES, "lib/db/schema.postgres.sql": schema})

    url = f"postgresql://migrator:s3cret@127.0.0.1:{free_port()}/postgres"  # nothing listens there
    result = run("sqlcheck", "--repo", repo, "--database-url", url)
    assert result.exit_code == 6, result.output
    message = flat(result.stderr)
    assert "cannot create a scratch database on postgresql://migrator:***@127.0.0.1" in message and "--database-url" in message
    assert "s3cret" not in result.output + result.stderr and "Traceback" not in result.output + result.stderr
    # wave-3 checks its SQL on PostgreSQL before committing: nothing is left behind.
    before = snapshot(repo)
    result = run("apply", "wave-3", "--repo", repo, "--database-url", url, "-j", "1")
    assert result.exit_code == 6 and "cannot create a scratch database" in flat(result.stderr)
    assert snapshot(repo) == before


def test_sqlcheck_preview_and_apply_without_the_schema_file_are_configuration_errors(repo: Path) -> None:
    git(repo, "rm", "-q", "lib/db/schema.postgres.sql")
    git(repo, "commit", "-q", "-m", "no schema")
    before = snapshot(repo)
    # Without column types, `is_active = 1` on a BOOLEAN column would be committed as it is.
    for args in (["sqlcheck"], ["preview", "wave-1"], ["apply", "wave-1"]):
        result = run(*args, "--repo", repo, "-j", "1")
        assert result.exit_code == 2, (args, result.output)
        assert "schema file lib/db/schema.postgres.sql not found" in flat(result.stderr) and "waves.toml" in flat(result.stderr)
    assert snapshot(repo) == before


def test_apply_of_a_wave_that_changes_nothing_creates_no_branch(tmp_path: Path) -> None:
    from conftest import make_repo

    repo = make_repo(tmp_path / "other", {"src/index.ts": "export const a = 1\n"})
    before = snapshot(repo)
    result = run("apply", "wave-1", "--repo", repo)
    assert result.exit_code == 1 and "wave-1 changes nothing on main" in flat(result.stderr)
    assert snapshot(repo) == before


def test_an_output_file_that_cannot_be_written_fails_before_any_work(repo: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory\n")
    before = snapshot(repo)
    for args in (("preview", "wave-1", "--patch", blocker / "w1.patch"), ("apply", "wave-1", "--pr-file", blocker / "pr.md")):
        result = run(*args, "--repo", repo)
        assert result.exit_code == 1, result.output
        assert f"cannot write {args[2]} {blocker / args[3].name}" in flat(result.stderr) and "Traceback" not in result.output
        assert snapshot(repo) == before


def test_preview_stat_counts_lines_as_git_does(repo: Path, tmp_path: Path) -> None:
    patch = tmp_path / "w1.patch"
    result = run("preview", "wave-1", "--repo", repo, "--stat", "--patch", patch)
    assert result.exit_code == 0, result.output
    assert "diff --git" not in result.stdout
    shown = {}
    for line in result.stdout.splitlines():
        fields = line.split()
        if len(fields) >= 3 and fields[0].startswith("+") and fields[1].startswith("-") and fields[0][1:].isdigit():
            shown[fields[2]] = (int(fields[0][1:]), int(fields[1][1:]))
    git(repo, "apply", str(patch))
    numstat = {path: (int(a), int(r)) for a, r, path in (line.split("\t") for line in git(repo, "diff", "--numstat").splitlines())}
    assert shown == numstat and shown


def test_apply_says_which_later_waves_to_recompute_after_replacing_a_wave(repo: Path) -> None:
    assert run("apply", "wave-1", "--repo", repo, "-j", "1").exit_code == 0
    assert run("apply", "wave-2", "--repo", repo, "-j", "1").exit_code == 0
    git(repo, "checkout", "-q", "main")
    (repo / "README.md").write_text("moved on\n")
    git(repo, "commit", "-q", "-am", "docs")
    result = run("apply", "wave-1", "--repo", repo, "-j", "1", "--force")
    assert result.exit_code == 0, result.output
    assert "wavemod apply wave-2 --force" in flat(result.stderr) and "earlier version of wavemod/wave-1" in flat(result.stderr)


def test_preview_says_when_apply_will_start_from_the_previous_waves_branch(repo: Path) -> None:
    assert "starts from" not in flat(run("preview", "wave-2", "--repo", repo, "-j", "1").stderr)  # no wave-1 branch yet
    assert run("apply", "wave-1", "--repo", repo, "-j", "1").exit_code == 0
    branch = load_config().wave("wave-1").branch
    assert "starts from" not in flat(run("preview", "wave-2", "--repo", repo, "-j", "1").stderr)  # on it: the same base
    git(repo, "checkout", "-q", "main")
    note = flat(run("preview", "wave-2", "--repo", repo, "-j", "1").stderr)
    assert f"this preview is of main, but `apply wave-2` starts from {branch}" in note and f"git checkout {branch}" in note


def test_promises_lists_every_call_nobody_awaits_across_the_repository(tmp_path: Path) -> None:
    """Files without database code too: the check reads every file, whatever a wave would skip."""
    from conftest import make_repo

    files = {
        "lib/util/http.ts": "export async function fetchJson(url: string): Promise<unknown> {\n  return (await fetch(url)).json()\n}\n",
        "components/panel.ts": "import { fetchJson } from '@/lib/util/http'\nexport function refresh(): void {\n  fetchJson('/api/tickets')\n}\nexport async function load() {\n  return await fetchJson('/api/me')\n}\n",
        "lib/tickets/sync.ts": "import { fetchJson } from '../util/http'\nexport function sync() {\n  void fetchJson('/a')\n  fetchJson('/b').then(() => 1)\n  fetchJson('/c')\n}\n",
        "tsconfig.json": '{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["./*"] } } }\n',
    }
    repo = make_repo(tmp_path / "app", files)
    result = run("promises", "--repo", repo, "--json", "-j", "1")
    assert result.exit_code == 5, result.output
    found = sorted((f["path"], f["line"]) for f in json.loads(result.stdout))
    assert found == [("components/panel.ts", 3), ("lib/tickets/sync.ts", 5)]
    clean = make_repo(tmp_path / "clean", {**files, "components/panel.ts": "export const x = 1\n", "lib/tickets/sync.ts": "export const y = 2\n"})
    assert run("promises", "--repo", clean, "-j", "1").exit_code == 0
