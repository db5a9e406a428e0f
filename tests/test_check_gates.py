"""The target's own checks as a gate (engine.checks.checkgate): real tsc and node's test runner, on a small
ticket app in a real git repository, with the example's installed node_modules linked in.

A wave that adds a type error or breaks a passing test is refused (exit 5) naming what broke and
which rule or wave files did it, and the repository is exactly as before; a clean wave commits with
a Checks section; errors and failures that were there before never count; flaky tests are reported
apart; the base run is cached per commit; preview does all this in a temporary worktree.
"""
from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT, git, make_repo
from wavemod.engine.cli import app
from wavemod.engine.core.config import load_config
from wavemod.engine.core.errors import ConfigError
from test_e2e_example import helpdesk_modules, install_packages  # noqa: F401  (the fixture: installed once, cached)

runner = CliRunner()

APP: dict[str, str] = {
    ".gitignore": "node_modules/\n",
    "package.json": json.dumps({"name": "ticket-notes", "private": True, "scripts": {"test": "tsx --test tests/*.test.ts", "typecheck": "tsc --noEmit"}}, indent=2) + "\n",
    "tsconfig.json": json.dumps({"compilerOptions": {"target": "ES2022", "module": "ESNext", "moduleResolution": "Bundler", "strict": True, "noEmit": True, "skipLibCheck": True, "types": ["node"]}, "include": ["**/*.ts"], "exclude": ["node_modules"]}, indent=2) + "\n",
    "lib/format.ts": textwrap.dedent(
        """\
        export function ticketLabel(id: number, title: string): string {
          return `#${id} ${title}`;
        }
        """
    ),
    "lib/tickets.ts": textwrap.dedent(
        """\
        import { ticketLabel } from './format';

        export interface Ticket {
          id: number;
          title: string;
          status: string;
        }

        export function isOpen(ticket: Ticket): boolean {
          return ticket.status === 'open';
        }

        export function openLabels(tickets: Ticket[]): string[] {
          return tickets.filter(isOpen).map((t) => ticketLabel(t.id, t.title));
        }
        """
    ),
    # Code that did not type-check before the migration: its error must never count against a wave.
    "lib/legacy.ts": textwrap.dedent(
        """\
        import { ticketLabel } from './format';

        export const banner = ticketLabel(0, 'legacy');
        export const retries: number = 'three';
        """
    ),
    "tests/tickets.test.ts": textwrap.dedent(
        """\
        import { describe, it } from 'node:test';
        import assert from 'node:assert/strict';
        import { openLabels } from '../lib/tickets';

        describe('open tickets', () => {
          it('labels the open ones', () => {
            const labels = openLabels([
              { id: 3, title: 'Printer jam', status: 'open' },
              { id: 4, title: 'VPN down', status: 'closed' },
            ]);
            assert.deepEqual(labels, ['#3 Printer jam']);
          });
        });
        """
    ),
}

# A test that depends on state an earlier run left behind (a counter file): it fails on every other
# run, the way tests that share a temp file or a port do.
FLAKY_TEST = textwrap.dedent(
    """\
    import { it } from 'node:test';
    import assert from 'node:assert/strict';
    import { readFileSync, writeFileSync, existsSync } from 'node:fs';

    it('reuses the warm session', () => {
      const file = process.env.SESSION_STATE_FILE!;
      const runs = existsSync(file) ? Number(readFileSync(file, 'utf8')) + 1 : 1;
      writeFileSync(file, String(runs));
      assert.equal(runs % 2, 0, 'the session was cold');
    });
    """
)

RULES = textwrap.dedent(
    '''\
    [[rules]]
    id = "label-id-as-string"
    description = "a deliberately wrong rule: passes the ticket id as a string"
    query = '((call_expression function: (identifier) @fn arguments: (arguments . [(member_expression) (number)] @id)) (#eq? @fn "ticketLabel"))'
    target = "id"
    replace = '`${@id}`'

    [[rules]]
    id = "status-opened"
    description = "a deliberately wrong rule: renames the status the app compares against"
    query = '((string (string_fragment) @s) (#eq? @s "open"))'
    target = "s"
    replace = "opened"

    [[rules]]
    id = "trim-titles"
    description = "a clean rule: labels trim the title (one argument per line)"
    query = '((call_expression function: (identifier) @fn arguments: (arguments . (_) @id . [(member_expression) (string)] @title .) @args) (#eq? @fn "ticketLabel"))'
    target = "args"
    replace = """(
      @id,
      String(@title).trim(),
    )"""
    '''
)


def waves(project: str = "") -> str:
    return (
        f'[project]\nrule_files = ["rules/*.toml"]\n{project}\n'
        + "".join(
            f'[[waves]]\nid = "{wave}"\ntitle = "{wave}"\nbranch = "wavemod/{wave}"\nrules = ["{rule}"]\ninclude = ["lib/**"]\n\n'
            for wave, rule in (("ids", "label-id-as-string"), ("status", "status-opened"), ("tidy", "trim-titles"))
        )
    )


def config_file(tmp_path: Path, project: str = "") -> Path:
    target = tmp_path / "cfg"
    (target / "rules").mkdir(parents=True, exist_ok=True)
    (target / "rules" / "gates.toml").write_text(RULES)
    (target / "waves.toml").write_text(waves(project))
    return target / "waves.toml"


@pytest.fixture
def ticket_app(tmp_path: Path, helpdesk_modules: Path) -> Path:  # noqa: F811
    repo = make_repo(tmp_path / "ticket-notes", dict(APP))
    (repo / "node_modules").symlink_to(helpdesk_modules)
    return repo


def state(repo: Path) -> dict[str, object]:
    """Everything a refused apply or a preview must leave as it was."""
    files = {}
    for path in sorted(repo.rglob("*")):
        rel = path.relative_to(repo)
        if rel.parts[0] in {".git", "node_modules"} or not path.is_file():
            continue
        files[rel.as_posix()] = path.read_bytes()
    return {
        "head": git(repo, "rev-parse", "HEAD"),
        "branch": git(repo, "rev-parse", "--abbrev-ref", "HEAD"),
        "branches": git(repo, "for-each-ref", "--format=%(refname) %(objectname)", "refs/heads"),
        "status": git(repo, "status", "--porcelain", "--untracked-files=all"),
        "worktrees": git(repo, "worktree", "list", "--porcelain"),
        "files": files,
    }


def run(*args: object):  # type: ignore[no-untyped-def]
    return runner.invoke(app, [str(a) for a in args])


def flat(text: str) -> str:
    return " ".join(text.split())


def test_a_wave_that_adds_a_type_error_is_refused_naming_file_line_and_rule(ticket_app: Path, tmp_path: Path) -> None:
    before = state(ticket_app)
    result = run("apply", "ids", "--repo", ticket_app, "--config", config_file(tmp_path), "-j", "1")
    assert result.exit_code == 5, result.output
    out = flat(result.output)
    # openLabels' call is on line 14 of lib/tickets.ts; legacy.ts's call (line 3) breaks too.
    assert "lib/tickets.ts:14: TS2345" in out and "[rule label-id-as-string]" in out, out
    assert "lib/legacy.ts:3: TS2345" in out
    assert "2 new type errors" in out and "retries" not in out  # the old error is not listed
    assert state(ticket_app) == before


def test_a_clean_wave_commits_with_the_checks_section_and_old_errors_do_not_count(ticket_app: Path, tmp_path: Path) -> None:
    result = run("apply", "tidy", "--repo", ticket_app, "--config", config_file(tmp_path), "-j", "1")
    assert result.exit_code == 0, result.output
    pr = (ticket_app / ".git" / "wavemod" / "tidy.md").read_text()
    # legacy.ts's error moved two lines down (the call above it now spans three): still not new.
    assert "## Checks" in pr
    assert "1 error before, 1 after, 0 new" in pr, pr
    assert "retries: number = 'three'" in (ticket_app / "lib" / "legacy.ts").read_text()
    assert git(ticket_app, "rev-parse", "--abbrev-ref", "HEAD").strip() == "wavemod/tidy"
    assert git(ticket_app, "worktree", "list").count("\n") == 1


def test_the_base_run_is_cached_per_commit_and_a_corrupt_entry_is_ignored(ticket_app: Path, tmp_path: Path) -> None:
    counter = tmp_path / "tsc-runs"
    cfg = config_file(tmp_path, f'typecheck = "echo run >> {counter} && node_modules/.bin/tsc --noEmit --pretty false"')
    assert run("preview", "tidy", "--repo", ticket_app, "--config", cfg, "--typecheck", "--stat", "-j", "1").exit_code == 0
    assert counter.read_text().count("run") == 2  # base, then with the wave
    result = run("apply", "tidy", "--repo", ticket_app, "--config", cfg, "-j", "1")
    assert result.exit_code == 0, result.output
    assert counter.read_text().count("run") == 3  # the base came from the cache
    git(ticket_app, "checkout", "-q", "main")
    git(ticket_app, "branch", "-q", "-D", "wavemod/tidy")
    for entry in (ticket_app / ".git" / "wavemod" / "cache").glob("typecheck-*.json"):
        entry.write_text('{"version": 1, "result": [[')  # an interrupted write, say
    result = run("preview", "tidy", "--repo", ticket_app, "--config", cfg, "--typecheck", "--json", "-j", "1")
    assert result.exit_code == 0, result.output
    assert counter.read_text().count("run") == 5  # the corrupt entry was run again, not trusted
    checks = json.loads(result.stdout)["target_checks"]["typecheck"]
    assert (checks["before"], checks["after"], checks["new"], checks["cached"]) == (1, 1, [], False)


def test_preview_typecheck_works_in_a_temporary_worktree_and_writes_nothing(ticket_app: Path, tmp_path: Path) -> None:
    before = state(ticket_app)
    result = run("preview", "ids", "--repo", ticket_app, "--config", config_file(tmp_path), "--typecheck", "--stat", "-j", "1")
    assert result.exit_code == 5, result.output
    assert "lib/tickets.ts:14: TS2345" in flat(result.output)
    after = state(ticket_app)
    assert after == before
    assert not list((ticket_app / ".git").glob("worktrees/*"))


def test_a_target_without_typescript_skips_with_a_note(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "plain", {k: v for k, v in APP.items() if k != "lib/legacy.ts"})
    result = run("apply", "tidy", "--repo", repo, "--config", config_file(tmp_path), "-j", "1")
    assert result.exit_code == 0, result.output
    assert "type check skipped: the target has no TypeScript" in (repo / ".git" / "wavemod" / "tidy.md").read_text()


def test_a_wave_that_breaks_a_passing_test_is_refused_naming_the_test(ticket_app: Path, tmp_path: Path) -> None:
    before = state(ticket_app)
    result = run("apply", "status", "--repo", ticket_app, "--config", config_file(tmp_path), "--verify-tests", "--no-typecheck", "-j", "1")
    assert result.exit_code == 5, result.output
    out = flat(result.output)
    assert "1 test that passed before fail after: open tickets > labels the open ones (tests/tickets.test.ts)" in out, out
    assert "imports lib/tickets.ts" in out and "'#3 Printer jam'" in out  # the failure message, the wave file it imports
    assert state(ticket_app) == before


def test_a_flaky_test_is_reported_as_flaky_not_as_a_regression(ticket_app: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (ticket_app / "tests" / "session.test.ts").write_text(FLAKY_TEST)
    git(ticket_app, "add", "-A")
    git(ticket_app, "commit", "-q", "-m", "session test")
    # Runs: fail (base), pass (base), fail (with the wave): the failure after is the test's, not the wave's.
    monkeypatch.setenv("SESSION_STATE_FILE", str(tmp_path / "session-state"))
    counter = tmp_path / "suite-runs"
    cfg = config_file(tmp_path, f'tests = "echo run >> {counter} && npm test"')
    result = run("apply", "tidy", "--repo", ticket_app, "--config", cfg, "--verify-tests", "-j", "1")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "session-state").read_text() == "3" and counter.read_text().count("run") == 3
    pr = (ticket_app / ".git" / "wavemod" / "tidy.md").read_text()
    assert "flaky (passed and failed on the base commit; not counted): reuses the warm session" in pr, pr
    assert re.search(r"tests \(`echo run >> .* && npm test`\): 1 passed / 1 failed before, 1 passed / 1 failed after", pr), pr
    assert "new failure" not in pr


def test_project_keys_are_validated(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unknown key"):
        load_config(config_file(tmp_path, 'typechek = "tsc"'))
    with pytest.raises(ConfigError, match="project.tests must be a command line"):
        load_config(config_file(tmp_path / "b", "tests = 3"))
    assert load_config(config_file(tmp_path / "c", 'tests = " npx vitest run "')).tests == "npx vitest run"


LINT_TARGET = ROOT / "tests" / "fixtures" / "lint-target"


@pytest.fixture(scope="module")
def lint_modules() -> Path:
    """eslint and typescript-eslint (tests/fixtures/lint-target's lock file), installed once and cached."""
    return install_packages(LINT_TARGET, "lint-target")


STORE = textwrap.dedent(
    """\
    export const saved: string[] = [];

    export function saveTicket(title: string): void {
      saved.push(title);
    }

    export function create(title: string): string {
      saveTicket(title);
      return title;
    }
    """
)

DEFER_RULE = textwrap.dedent(
    """
    [[rules]]
    id = "defer-save"
    description = "saves later, in a promise nobody awaits"
    query = '(expression_statement (call_expression function: (identifier) @fn (#eq? @fn "saveTicket")) @call)'
    target = "call"
    replace = "Promise.resolve().then(() => @call)"
    """
)


def test_promise_checks_count_floating_promises_when_the_target_has_typescript_eslint(tmp_path: Path, lint_modules: Path, helpdesk_modules: Path) -> None:  # noqa: F811
    files = {k: v for k, v in APP.items() if not k.startswith("tests/")} | {"lib/store.ts": STORE}
    repo = make_repo(tmp_path / "lint-app", files)
    (repo / "node_modules").symlink_to(lint_modules)
    cfg = config_file(tmp_path)
    (cfg.parent / "rules" / "defer.toml").write_text(DEFER_RULE)
    cfg.write_text(cfg.read_text() + '[[waves]]\nid = "defer"\ntitle = "defer"\nbranch = "wavemod/defer"\nrules = ["defer-save"]\ninclude = ["lib/**"]\n')
    result = run("preview", "defer", "--repo", repo, "--config", cfg, "--typecheck", "--json", "-j", "1")
    assert result.exit_code == 0, result.output  # reported, not refused: the type check itself is clean
    checks = json.loads(result.stdout)["target_checks"]
    assert (checks["promises"]["before"], checks["promises"]["after"], checks["promises"]["note"]) == (0, 1, "")
    assert [f[:3] for f in checks["promises"]["new"]] == [["lib/store.ts", 8, "no-floating-promises"]]
    assert not (repo / "wavemod-promises.eslint.config.mjs").exists()
    # The example's node_modules has no eslint: the report says the checks did not run, and why.
    plain = make_repo(tmp_path / "no-lint", files)
    (plain / "node_modules").symlink_to(helpdesk_modules)
    result = run("preview", "defer", "--repo", plain, "--config", cfg, "--typecheck", "--json", "-j", "1")
    assert json.loads(result.stdout)["target_checks"]["promises"]["note"] == "the target has no eslint (node_modules/.bin/eslint)"


def test_audit_counts_the_type_errors_of_the_tree_as_it_is(ticket_app: Path, tmp_path: Path) -> None:
    cfg = config_file(tmp_path)
    result = run("audit", "--repo", ticket_app, "--config", cfg, "--json", "-j", "1")
    report = json.loads(result.stdout)
    assert report["type_errors"] == 1 and "tsc" in report["typecheck"], report
    # Uncommitted changes of tracked files count (the audit is of the tree as it is).
    (ticket_app / "lib" / "format.ts").write_text("export const broken: string = 1;\n" + APP["lib/format.ts"])
    report = json.loads(run("audit", "--repo", ticket_app, "--config", cfg, "--json", "-j", "1").stdout)
    assert report["type_errors"] == 2
    assert json.loads(run("audit", "--repo", ticket_app, "--config", cfg, "--json", "--no-typecheck", "-j", "1").stdout)["type_errors"] is None


def test_a_preview_then_an_apply_run_the_base_suite_once(ticket_app: Path, tmp_path: Path) -> None:
    counter = tmp_path / "suite-runs"
    cfg = config_file(tmp_path, f'tests = "echo run >> {counter} && npm test"')
    result = run("preview", "tidy", "--repo", ticket_app, "--config", cfg, "--verify-tests", "--json", "-j", "1")
    assert result.exit_code == 0, result.output
    tests = json.loads(result.stdout)["target_checks"]["tests"]
    assert (tests["passed_before"], tests["failed_before"], tests["passed_after"], tests["failed_after"], tests["cached"]) == (1, 0, 1, 0, False)
    assert counter.read_text().count("run") == 3  # two base runs (flakiness), one with the wave
    result = run("apply", "tidy", "--repo", ticket_app, "--config", cfg, "--verify-tests", "--no-typecheck", "-j", "1")
    assert result.exit_code == 0, result.output
    assert counter.read_text().count("run") == 4  # only the run with the wave
    assert "1 passed / 0 failed before, 1 passed / 0 failed after" in (ticket_app / ".git" / "wavemod" / "tidy.md").read_text()
