"""End to end: the bundled example applications, migrated wave by wave, must keep working.

Two targets: examples/helpdesk, and examples/servicedesk, written the way such apps are written
(its adapter's own API, a barrel, wrappers, map callbacks, multi-line casts, scripts), not to fit
the engine's output. Both contain the patterns of real code around queries: the connection through
a barrel (named, renamed, star and default-of-import re-exports), `ReturnType<typeof getDb>`
parameters, the project's own try/catch wrappers, a package's wrapper (memoize-one), read-only and
writing `map` callbacks.

In a temporary git repository: the example's own tests pass on SQLite; its PostgreSQL schema lags
behind the SQLite schema and migrations the code runs on, so `wavemod schema diff` finds what is
missing and `wavemod schema sync` writes it as a new PostgreSQL migration (committed before the
waves; `schema diff` is clean afterwards). Then for each wave in order: `wavemod apply`, `tsc
--noEmit` with zero errors, every floating promise listed for review, and the example's tests for
that wave and the earlier ones (tests/waves.json says which) passing on a real PostgreSQL server
with the synced schema. After wave 3: everything passes on PostgreSQL, `audit --strict` passes and
`sqlcheck` finds no failing query (dynamic ones are listed). Real git, node, tsc and PostgreSQL;
nothing is mocked.

The migration runs twice: with the adapter alone, and with a repository layer first proposed by
`wavemod repositories suggest` (its modules must type-check against the example's schema before
any wave uses them; the waves then send the statements it maps to repository methods).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wavemod.engine.cli import app
from wavemod.engine.core.config import load_config
from wavemod.engine.postgres.pgserver import scratch_database
from wavemod.engine.commands.promises import floating_promises
from wavemod.engine.core.globs import matches
from tests.conftest import ROOT, git

WAVES = ["wave-1", "wave-2", "wave-3"]
CACHE = ROOT / ".cache"
EXAMPLES = ROOT / "examples"


def _manifest(example: str) -> dict[str, dict[str, str]]:
    return json.loads((EXAMPLES / example / "tests" / "waves.json").read_text())


def _node_env() -> dict[str, str]:
    env = dict(os.environ, npm_config_cache=str(CACHE / "npm"), npm_config_fund="false", npm_config_audit="false")
    node = shutil.which("node")
    if node:
        prefix = Path(os.path.realpath(node)).parent.parent
        if (prefix / "include" / "node" / "node.h").exists():
            env["npm_config_nodedir"] = str(prefix)  # better-sqlite3 builds offline against local headers
    return env


def install_packages(source: Path, name: str) -> Path:
    """The node packages of `source`'s lock file, installed once per lock file under .cache and
    reused across runs; test processes that ask at once wait for one install (a file lock)."""
    import fcntl

    lock = (source / "package-lock.json").read_bytes()
    target = CACHE / f"{name}-{hashlib.sha256(lock).hexdigest()[:16]}"
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / f"{target.name}.lock", "w") as guard:
        fcntl.flock(guard, fcntl.LOCK_EX)
        if not (target / ".complete").exists():
            shutil.rmtree(target, ignore_errors=True)
            target.mkdir(parents=True)
            for item in ("package.json", "package-lock.json"):
                shutil.copy(source / item, target / item)
            result = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=target, env=_node_env(), capture_output=True, text=True)
            assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
            (target / ".complete").write_text("ok\n")
    return target / "node_modules"


def node_modules(example: str) -> Path:
    """A bundled example's dependencies."""
    return install_packages(EXAMPLES / example, example)


@pytest.fixture(scope="module")
def helpdesk_modules() -> Path:
    """The helpdesk example's packages (tests of other modules type-check against them too)."""
    return node_modules("helpdesk")


@dataclass
class Migration:
    repo: Path
    layer: str  # adapter | repositories
    example: str = "helpdesk"
    findings: list[str] = field(default_factory=list)  # "path::callee" listed for review so far
    repository_sites: int = 0  # call sites the waves sent to repository methods


@pytest.fixture(scope="module", params=[("helpdesk", "adapter"), ("helpdesk", "repositories"), ("servicedesk", "adapter")], ids=lambda p: "-".join(p))
def migration(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Migration:
    example, layer = request.param
    repo = tmp_path_factory.mktemp(f"e2e-{example}-{layer}") / example
    shutil.copytree(EXAMPLES / example, repo, ignore=shutil.ignore_patterns("node_modules", "*.db"))
    (repo / "node_modules").symlink_to(node_modules(example))
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", f"{example} before migration")
    return Migration(repo, layer, example)


def _run_example_tests(repo: Path, files: list[str], database_url: str | None) -> subprocess.CompletedProcess[str]:
    env = _node_env()
    env.pop("DATABASE_URL", None)
    if database_url:
        env.update(DATABASE_URL=database_url, DB_TYPE="postgres")
    return subprocess.run(["npx", "tsx", "--test", *[f"tests/{f}" for f in files]], cwd=repo, env=env, capture_output=True, text=True, timeout=600)


def _summary(output: str) -> str:
    return " ".join(re.findall(r"^# (?:tests|pass|fail) \d+", output, re.M))


def test_example_passes_on_sqlite_before_migration(migration: Migration) -> None:
    manifest = _manifest(migration.example)
    files = sorted(f for wave in WAVES for f in manifest[wave])
    assert sorted(p.name for p in (migration.repo / "tests").glob("*.test.ts")) == files, "tests/waves.json must name every test file"
    result = _run_example_tests(migration.repo, files, None)
    assert result.returncode == 0, result.stdout[-4000:]
    assert "# fail 0" in result.stdout


def test_schema_sync_writes_what_postgres_lacks(migration: Migration, postgres_url: str) -> None:
    repo = str(migration.repo)
    before = CliRunner().invoke(app, ["schema", "diff", "--repo", repo, "--json", "--database-url", postgres_url])
    assert before.exit_code == 5, before.output
    counts = json.loads(before.stdout)["counts"]
    # Both examples' PostgreSQL schemas lag behind their SQLite side (helpdesk: 4 tables and 2
    # columns; servicedesk: 2 tables and 2 columns, see its README).
    assert counts.get("missing-table", 0) >= 2 and counts.get("missing-column", 0) >= 2, counts
    sync = CliRunner().invoke(app, ["schema", "sync", "--repo", repo, "--json", "--database-url", postgres_url])
    assert sync.exit_code == 0, sync.output
    written = json.loads(sync.stdout)["path"]
    assert git(migration.repo, "status", "--porcelain", "--untracked-files=all").strip() == f"?? {written}"
    after = CliRunner().invoke(app, ["schema", "diff", "--repo", repo, "--json", "--database-url", postgres_url])
    assert after.exit_code == 0 and json.loads(after.stdout)["clean"], after.output
    git(migration.repo, "add", "-A")
    git(migration.repo, "commit", "-q", "-m", "PostgreSQL migration written by wavemod schema sync")


def test_repository_proposal_type_checks(migration: Migration) -> None:
    if migration.layer != "repositories":
        assert not (migration.repo / "wavemod").exists()  # the adapter-only run has no repository rules
        return
    result = CliRunner().invoke(app, ["repositories", "suggest", "--repo", str(migration.repo), "--min-sites", "1", "--json"])
    assert result.exit_code == 0, result.output
    proposal = json.loads(result.stdout)
    assert proposal["covered"] >= 60 and len(proposal["methods"]) >= 40, {k: proposal[k] for k in ("call_sites", "shaped", "covered")}
    assert "wavemod/repositories.toml" in proposal["written"] and "lib/repositories/users-repository.ts" in proposal["written"]
    tsc = subprocess.run(["npx", "tsc", "--noEmit"], cwd=migration.repo, env=_node_env(), capture_output=True, text=True, timeout=600)
    assert tsc.returncode == 0, tsc.stdout[-4000:]
    git(migration.repo, "add", "-A")
    git(migration.repo, "commit", "-q", "-m", "repository layer proposed by wavemod")


@pytest.mark.parametrize("wave", WAVES)
def test_wave_applies_type_checks_and_passes_on_postgres(migration: Migration, wave: str, postgres_url: str) -> None:
    result = CliRunner().invoke(app, ["apply", wave, "--repo", str(migration.repo), "--jobs", "2", "--database-url", postgres_url])
    assert result.exit_code == 0, result.output
    assert git(migration.repo, "rev-parse", "--abbrev-ref", "HEAD").strip() == load_config().wave(wave).branch
    assert git(migration.repo, "status", "--porcelain") == ""

    pr = (migration.repo / ".git" / "wavemod" / f"{wave}.md").read_text()
    assert ("## SQL on PostgreSQL (sqlcheck)" in pr) == load_config().wave(wave).sqlcheck
    if load_config().wave(wave).sqlcheck:
        # The check runs on the written files: what the wave rewrote is counted as rewritten.
        rewritten = re.search(r"^\| rewritten-ok \| (\d+) \|$", pr, re.M)
        assert rewritten and (int(rewritten.group(1)) > 0) == ("## SQL rewritten for PostgreSQL" in pr), pr[-3000:]
    migration.findings += [f"{m.group(1)}::{m.group(2)}" for m in re.finditer(r"`([^`:]+):\d+`[^`\n]*`([^`]+)`", pr)]
    sites = re.search(r"call sites: (\d+) to repository methods, (\d+) to adapter calls", pr)
    assert sites, "the PR description counts call sites by destination"
    migration.repository_sites += int(sites.group(1))
    if migration.layer == "adapter":
        assert int(sites.group(1)) == 0

    tsc = subprocess.run(["npx", "tsc", "--noEmit"], cwd=migration.repo, env=_node_env(), capture_output=True, text=True, timeout=600)
    assert tsc.returncode == 0, tsc.stdout[-4000:]

    # Zero un-awaited calls to async functions that were not listed for review.
    for finding in floating_promises(migration.repo, load_config(), workers=2):
        callee = re.search(r"`([^`]+)`", finding.message)
        assert callee and f"{finding.path}::{callee.group(1)}" in migration.findings, f"not listed: {finding.path}:{finding.line} {finding.message}"

    manifest = _manifest(migration.example)
    # Tests of code the waves list for a human (waves.json "by-hand"): the last wave's pull request
    # must list the file the reason names; they run on PostgreSQL after that hand edit only.
    by_hand = manifest.get("by-hand", {})
    if wave == WAVES[-1]:
        listed = "".join((migration.repo / ".git" / "wavemod" / f"{w}.md").read_text() for w in WAVES)
        for test, reason in by_hand.items():
            path = reason.split(":", 1)[0]
            assert f"`{path}:" in listed, f"{test}: {path} is not listed for review in the pull requests"
    due = [f for w in WAVES[: WAVES.index(wave) + 1] for f in manifest[w] if f not in by_hand]
    with scratch_database(postgres_url) as url:
        run = _run_example_tests(migration.repo, sorted(due), url)
    assert run.returncode == 0, _summary(run.stdout) + "\n" + run.stdout[-4000:]
    assert re.search(r"^# pass [1-9]", run.stdout, re.M) and "# fail 0" in run.stdout, _summary(run.stdout)


def test_after_all_waves_no_sqlite_left_and_every_query_works_on_postgres(migration: Migration, postgres_url: str) -> None:
    assert git(migration.repo, "rev-parse", "--abbrev-ref", "HEAD").strip() == load_config().wave("wave-3").branch
    audit = CliRunner().invoke(app, ["audit", "--repo", str(migration.repo), "--strict", "--json"])
    importers = [
        str(p.relative_to(migration.repo))
        for p in migration.repo.rglob("*.ts")
        if "node_modules" not in p.parts and "better-sqlite3" in p.read_text(errors="replace")
    ]
    # Only where wave 3's own check allows it: the connection module, the adapter, test helpers.
    (allowed,) = [c for c in load_config().wave("wave-3").checks if c.kind == "no-package"]
    left = sorted(path for path in importers if not matches(path, allowed.outside))
    manifest = _manifest(migration.example)
    if not manifest.get("by-hand") and not manifest.get("listed"):
        assert audit.exit_code == 0, audit.output
        assert importers and not left, left
    else:
        # A target with code left on SQLite (waves.json by-hand and listed): what the audit still
        # finds importing the connection (directly or through a barrel) or better-sqlite3 is
        # exactly the set the manifest names, and a line of the pull requests names each file with
        # the finding the manifest gives for it.
        lines = [line for w in WAVES for line in (migration.repo / ".git" / "wavemod" / f"{w}.md").read_text().splitlines()]
        report = json.loads(audit.stdout)
        found = {h["path"] for h in report["connection_imports"]} | set(left)
        found -= {"lib/db/adapter.ts", "lib/db/connection.ts"}  # the SQLite side itself
        listed = manifest.get("listed", {})
        named = set(listed) | {reason.split(":", 1)[0] for reason in manifest.get("by-hand", {}).values()}
        assert found == named, {"not named": sorted(found - named), "named, not found": sorted(named - found)}
        # A `.prepare(` left is in a file the manifest names (a callback handed to a package's
        # wrapper, a helper a script passes its own SQLite file), counted by its reason.
        assert {c["path"] for c in report["prepare_calls"]} <= named, report["prepare_calls"]
        assert sum(report["prepare_reasons"].values()) == len(report["prepare_calls"]), report["prepare_reasons"]
        for path, entry in listed.items():
            assert any(f"`{path}:" in line and entry["finding"] in line for line in lines), f"{path}: no line of the pull requests says {entry['finding']!r}"
        for path in named - set(listed):
            assert any(f"`{path}:" in line for line in lines), f"{path} is not listed in the pull requests"
    if migration.layer == "repositories":
        assert migration.repository_sites >= 60, migration.repository_sites
    check = CliRunner().invoke(app, ["sqlcheck", "--repo", str(migration.repo), "--json", "--database-url", postgres_url])
    data = json.loads(check.stdout)
    counts = data["counts"]
    assert counts["fails"] == 0 and counts["ok"] > (100 if migration.example == "helpdesk" else 30) and counts["dynamic"] > 0, counts
    assert data["causes"] == {"schema": 0, "dialect": 0, "semantics": 0, "other": 0} and data["schema_failures"] == []
    assert check.exit_code == 0
    diff = CliRunner().invoke(app, ["schema", "diff", "--repo", str(migration.repo), "--database-url", postgres_url])
    assert diff.exit_code == 0, diff.output
