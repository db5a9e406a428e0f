"""The target's adapter is the contract: read from its source, checked before anything is written.

The rule-level behaviour (handle members, spread parameters, no script helper) is pinned by the
golden case `adapter-contract`; these tests cover what the CLI does with a target whose adapter is
missing or lacks a helper, and the reading of adapters written in other shapes.
"""
from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from conftest import make_repo
from wavemod.engine.analysis.adapter_contract import read_contract
from wavemod.engine.cli import app
from wavemod.engine.core.config import load_config
from wavemod.engine.core.workspace import ModuleResolver
from test_apply import SMALL_FILES, snapshot
from test_cli import config_dir

runner = CliRunner()


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_a_missing_adapter_stops_the_wave_with_the_hint_to_create_one(tmp_path: Path) -> None:
    files = {k: v for k, v in SMALL_FILES.items() if k != "lib/db/adapter.ts"}
    repo = make_repo(tmp_path / "app", files)
    before = snapshot(repo)
    for command in ("preview", "apply"):
        result = runner.invoke(app, [command, "wave-1", "--repo", str(repo)])
        assert result.exit_code == 2, result.output
        assert "the adapter module @/lib/db/adapter does not exist in the target" in _flat(result.output)
        assert "wavemod init adapter" in _flat(result.output)
    assert snapshot(repo) == before


def test_an_adapter_without_a_configured_helper_is_named_with_what_it_exports(tmp_path: Path) -> None:
    adapter = (
        "export async function executeQuery<T>(sql: string, params?: unknown[]): Promise<T[]> { return [] }\n"
        "export const executeRun = async (sql: string, params?: unknown[]) => ({ changes: 0 })\n"
        "export function getDatabase() { return null }\n"
    )
    repo = make_repo(tmp_path / "app", {**SMALL_FILES, "lib/db/adapter.ts": adapter})
    before = snapshot(repo)
    result = runner.invoke(app, ["apply", "wave-1", "--repo", str(repo)])
    assert result.exit_code == 2, result.output
    message = _flat(result.output)
    assert "does not export executeQueryOne, executeTransaction" in message
    assert "it exports: executeQuery, executeRun, getDatabase" in message
    assert "adapter.toml" in message  # the rule whose options name the helper
    assert snapshot(repo) == before


def test_rule_files_take_module_names_from_the_project(tmp_path: Path) -> None:
    waves = (Path(__file__).parent.parent / "waves.toml").read_text().replace(
        'adapter_module = "@/lib/db/adapter"', 'adapter_module = "@/lib/data/async-db"'
    ).replace('auth_service_module = "@/lib/auth/auth-service"', 'auth_service_module = "@/lib/auth/session-service"')
    config = load_config(config_dir(tmp_path, waves))
    assert config.rules["prepare-call"].options["module"] == "@/lib/data/async-db"
    assert config.rules["auth-import-swap"].replace == "@/lib/auth/session-service"
    assert config.rules["auth-import-swap"].needs == (b"sqlite-auth",)
    assert config.bindings["sqlite"].modules == ("@/lib/db/connection",)


def test_an_unknown_project_reference_is_a_config_error(tmp_path: Path) -> None:
    extra = '[[rules]]\nid = "x"\ncodemod = "prepare-call"\n[rules.options]\nmodule = "$project.adaptor_module"\n'
    result = runner.invoke(app, ["waves", "--config", str(config_dir(tmp_path, extra_rule=extra)), "--repo", str(tmp_path)])
    assert result.exit_code == 2
    assert "unknown reference $project.adaptor_module" in _flat(result.output)
    assert "extra.toml:5" in _flat(result.output)


def _contract(files: dict[str, str], helper: str = "executeTransaction"):  # type: ignore[no-untyped-def]
    resolver = ModuleResolver(frozenset(files), "", {"@/*": ["./*"]})
    return read_contract("@/lib/db/adapter", resolver, lambda p: files[p].encode() if p in files else None, helper)


def test_the_handle_type_is_followed_through_imports_and_re_exports() -> None:
    files = {
        "lib/db/types.ts": "export interface Base { get(sql: string, params?: unknown[]): Promise<unknown> }\nexport type Handle = Base & { run(sql: string, ...params: unknown[]): Promise<void> }\n",
        "lib/db/tx.ts": "import type { Handle } from './types'\nexport function executeTransaction<T>(fn: (h: Handle) => Promise<T>): Promise<T> { return fn(null as any) }\n",
        "lib/db/adapter/index.ts": "export * from '../tx'\nexport { query as executeQuery } from '../query'\n",
        "lib/db/query.ts": "export async function query(sql: string) { return [] }\n",
    }
    contract = _contract(files)
    assert contract is not None and contract.path == "lib/db/adapter/index.ts"
    assert set(contract.exports) == {"executeTransaction", "executeQuery"}
    assert contract.signature("executeQuery").takes_params is False  # (sql) only
    assert contract.handle_type == "Handle"
    assert contract.handle_member("get", "executeQueryOne") == "get"
    assert contract.handle_member("run", "executeRun") == "run" and contract.handle["run"].rest
    assert contract.handle_member("all", "executeQuery") is None  # the handle has no way to list rows


def test_an_adapter_that_is_not_there_reads_as_none() -> None:
    assert _contract({"lib/other.ts": "export const x = 1\n"}) is None


def test_a_created_module_keeps_importing_the_same_files_from_its_new_folder() -> None:
    from wavemod.engine.analysis.created_modules import relocate

    source = b"import db from '../db/connection'\nimport { x } from \"./util\"\nexport * from './types'\nvi.mock('../db/connection')\nconst m = require('pkg')\n"
    moved = relocate(source, "lib/auth/sqlite-auth.ts", "lib/services/auth/auth-service.ts")
    assert moved == b"import db from '../../db/connection'\nimport { x } from \"../../auth/util\"\nexport * from '../../auth/types'\nvi.mock('../../db/connection')\nconst m = require('pkg')\n"
    assert relocate(source, "lib/auth/a.ts", "lib/auth/b.ts") == source
