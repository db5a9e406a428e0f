"""The engine API the CLI (and tests, and the benchmark) call. Nothing here prints."""
from __future__ import annotations

from pathlib import Path

from wavemod.codemods.registry import CODEMODS

from wavemod.engine.run.analysis_cache import AnalysisCache
from wavemod.engine.core.config import Config, Rule, load_config
from wavemod.engine.analysis.created_modules import modules_to_create, settle, with_created
from wavemod.engine.core.collector import fewer_collections
from wavemod.engine.core.errors import ConfigError
from wavemod.engine.analysis.mockfollow import follow_mocks
from wavemod.engine.analysis.source_readers import list_source_readers
from wavemod.engine.sql.repository_rules import load_repository_rules
from wavemod.engine.run.pipeline import Progress, check_adapters, default_workers, run_settings, run_sources, wave_files
from wavemod.engine.core.types import WaveResult
from wavemod.engine.run.workers import WorkerPool
from wavemod.engine.core.workspace import ModuleResolver, Workspace, is_package_path

# The smallest project an example needs: the module paths the bundled rules name.
EXAMPLE_FIXTURE: dict[str, bytes] = {
    "tsconfig.json": b'{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["./*"] } } }\n',
    "lib/db/connection.ts": b"import Database from 'better-sqlite3'\nconst db = new Database(':memory:')\nexport default db\nexport function getDb() { return db }\nexport function getDatabase() { return db }\nexport function getConnection() { return db }\n",
    "lib/db/adapter.ts": b"export async function executeQuery<T = any>(sql: string, params?: unknown[]): Promise<T[]> { return [] }\nexport async function executeQueryOne<T = any>(sql: string, params?: unknown[]): Promise<T | undefined> { return undefined }\nexport async function executeRun(sql: string, params?: unknown[]): Promise<{ changes: number; lastInsertRowid?: number }> { return { changes: 0 } }\nexport async function executeTransaction<T>(fn: (tx: any) => Promise<T>): Promise<T> { return fn({}) }\n",
    "lib/auth/sqlite-auth.ts": b"export function verifyAuth(request: Request) { return null }\n",
}


def _reader(workspace: Workspace):  # type: ignore[no-untyped-def]
    """A tracked file's bytes by repository path, None when the target has no such file."""
    files = workspace.resolver.files
    return lambda path: workspace.read(path) if path in files and (workspace.root / path).is_file() else None


@fewer_collections()
def plan_wave(repo: Path, wave_id: str, config: Config | None = None, workers: int | None = None, progress: Progress | None = None, cache: bool = False) -> WaveResult:
    """The dry run of one wave: what would change, what needs a human. Writes nothing in the
    working tree; with `cache` (preview and apply: on unless --no-cache), the analysis cache in
    the repository's git directory is read and written (engine.run.analysis_cache: the outcome is the
    same with or without it)."""
    config = config or load_config(None, CODEMODS)
    wave = config.wave(wave_id)
    workspace = Workspace.open(repo)
    selected = wave_files(workspace, config, wave)
    # The schema is data, not a source file, but the SQL rewrite reads it: without it, comparisons
    # of BOOLEAN columns with 1/0 stay as they are and fail on PostgreSQL, so a missing one is an error.
    missing = [name for name in config.schema if not (workspace.root / name).is_file()]
    if missing and selected:  # (a wave that selects nothing reads no SQL: the preview says so)
        raise ConfigError(
            f"schema file {missing[0]} not found in {workspace.root}",
            hint="add the PostgreSQL schema there (the SQL rewrites read its column types), or change [project] schema in waves.toml",
            path=config.path,
        )
    schema = {name: (workspace.root / name).read_bytes() for name in config.schema_files(workspace.root) if name not in missing}
    frozen = frozenset(workspace.select(config.exclude, ()))
    rules_path = workspace.root / config.repository_rules
    repositories = load_repository_rules(rules_path) if wave.repositories and rules_path.is_file() else None
    read = _reader(workspace)
    created = modules_to_create(config.rules_of(wave), config, workspace.resolver, read) if selected else []
    resolver = with_created(workspace.resolver, created)
    settings = run_settings(config.rules_of(wave), config, resolver, schema, wave.sql_target, repositories, read, codemods=CODEMODS)
    if selected:
        check_adapters(settings)  # before any file is read for the run, let alone written
    selected |= {c.path for c in created}
    analysis = AnalysisCache.for_repo(workspace.root, settings, wave.id) if cache else None
    with WorkerPool(workers or default_workers(), settings) as pool:  # forked before the sources are read
        sources = {path: workspace.read(path) for path in workspace.files} | schema | {c.path: c.text for c in created}
        result = run_sources(sources, selected, settings, wave.id, pool, progress, frozen, cache=analysis)
    if analysis is not None:
        analysis.prune(len(sources))
    follow_mocks(result, config.rules_of(wave), sources, resolver, frozen)
    settle(result, created, sources)
    list_source_readers(result, sources)
    from wavemod.engine.run.acceptance import evaluate

    result.checks = evaluate(config, wave, {c.path: c.after for c in result.changes}, workspace, result.facts)
    return result


def check_wave(repo: Path, result: WaveResult, config: Config, typecheck: bool | None, tests: bool):  # type: ignore[no-untyped-def]
    """The target's own checks (type check, tests) on HEAD and on HEAD plus the wave's output, in a
    temporary worktree: nothing is written in the target (engine.checks.checkgate). Returns a GateReport."""
    from wavemod.engine.checks.checkgate import run_gates
    from wavemod.engine.core.errors import RepoError
    from wavemod.engine.core.workspace import open_repo

    grepo = open_repo(repo)
    root = Path(grepo.working_tree_dir or repo).resolve()
    if not grepo.head.is_valid():
        raise RepoError(f"{root} has no commits yet", hint="the checks run on the base commit and after the wave: commit the code first")
    return run_gates(root, grepo.head.commit.hexsha, result.changed, config, typecheck, tests)


def run_project(files: dict[str, bytes], rules: list[Rule], config: Config, targets: set[str] | None = None, fixture: bool = True, sql_target: str = "portable", excluded: frozenset[str] = frozenset()) -> WaveResult:
    """Run rules over an in-memory project: `files` (over the example fixture, unless disabled).
    `targets` are the wave's files (default: every file given); `excluded` files are never edited,
    as the project's `exclude` says. Module paths come from the given tsconfig.json when there is
    one, else `@/*` maps to the root."""
    sources: dict[str, bytes] = dict(EXAMPLE_FIXTURE) if fixture else {}
    sources.update(files)
    # Installed packages (`node_modules/...`) are read for their declarations, as a checkout's
    # are on disk, and are not files of the project (nor of the wave).
    packages = {p: sources.pop(p) for p in list(sources) if is_package_path(p)}
    files = {p: b for p, b in files.items() if p not in packages}
    readable = {**sources, **packages}
    if "tsconfig.json" in sources:
        import json5

        options = json5.loads(sources["tsconfig.json"].decode()).get("compilerOptions", {})
        base = options.get("baseUrl", ".").removeprefix("./").rstrip("/")
        resolver = ModuleResolver(frozenset(sources), "" if base in {"", "."} else base, dict(options.get("paths", {})), reader=readable.get)
    else:
        resolver = ModuleResolver(frozenset(sources), "", {"@/*": ["./*"]}, reader=readable.get)
    frozen = (frozenset(p for p in EXAMPLE_FIXTURE if p not in files) if fixture else frozenset()) | excluded
    wave = targets if targets is not None else {p for p in files if p not in config.schema}
    rules_text = sources.get(config.repository_rules)
    repositories = load_repository_rules(Path(config.repository_rules), rules_text.decode()) if rules_text is not None else None
    created = modules_to_create(rules, config, resolver, sources.get)
    resolver = with_created(resolver, created)
    sources.update({c.path: c.text for c in created})
    readable.update({c.path: c.text for c in created})
    result = run_sources(sources, wave | {c.path for c in created}, run_settings(rules, config, resolver, sources, sql_target, repositories, codemods=CODEMODS), frozen=frozen)
    follow_mocks(result, rules, sources, resolver, frozen)
    settle(result, created, sources)
    list_source_readers(result, sources)
    return result


def run_example(files: dict[str, str], rules: list[Rule], config: Config) -> dict[str, str]:
    """New texts of `files` after running `rules` on them (rule and codemod examples)."""
    result = run_project({p: t.encode() for p, t in files.items()}, rules, config)
    out = dict(files)
    for change in result.changes:
        if change.path in files:
            out[change.path] = change.after.decode()
    return out


class WaveOverview:
    def __init__(self, wave, files: int, matches: dict[str, int], repository_rules: int = 0):
        self.wave, self.files, self.matches, self.repository_rules = wave, files, matches, repository_rules


def _count_matches(path: str) -> dict[str, int]:
    """Matches per rule in one file, for every rule some wave selecting the file runs."""
    from wavemod.engine.analysis.context import FileContext
    from wavemod.engine.analysis.bindings import FileIndex
    from wavemod.engine.core.languages import language_for, parse
    from wavemod.engine.run.matcher import find_matches
    from wavemod.engine.run.parallel import SHARED

    config: Config = SHARED["config"]
    workspace: Workspace = SHARED["workspace"]
    lang = language_for(path) or "typescript"
    source = workspace.read(path)
    counts = dict.fromkeys(SHARED["rules_of"][path], 0)
    possible = [rule_id for rule_id in counts if config.rules[rule_id].may_match(source)]
    if not possible:  # no rule's needles occur: nothing to count, no tree needed (most files)
        return counts
    tree = parse(source, lang)
    ctx = FileContext(path, source, tree, lang, FileIndex(path, tree, workspace.resolver), config)
    return counts | {rule_id: len(find_matches(ctx, config.rules[rule_id])) for rule_id in possible}


def wave_overview(repo: Path, config: Config, workers: int | None = None) -> list[WaveOverview]:
    """Per wave: files selected and query matches per rule (a quick count, no rewriting). Each file
    is parsed once, whichever waves select it, across worker processes."""
    from wavemod.engine.run.parallel import map_paths

    workspace = Workspace.open(repo)
    rules_path = workspace.root / config.repository_rules
    repository_rules = len(load_repository_rules(rules_path).rules) if rules_path.is_file() else 0
    selected = {wave.id: sorted(wave_files(workspace, config, wave)) for wave in config.waves}
    rules_of: dict[str, set[str]] = {}
    for wave in config.waves:
        queried = {rule.id for rule in config.rules_of(wave) if rule.query}
        for path in selected[wave.id]:
            rules_of.setdefault(path, set()).update(queried)
    paths = sorted(rules_of)
    found = dict(zip(paths, map_paths(_count_matches, paths, {"config": config, "workspace": workspace, "rules_of": rules_of}, workers or default_workers())))
    out = []
    for wave in config.waves:
        counts = {rule.id: sum(found[path][rule.id] for path in selected[wave.id]) for rule in config.rules_of(wave) if rule.query}
        out.append(WaveOverview(wave, len(selected[wave.id]), counts, repository_rules if wave.repositories else 0))
    return out
