"""One pipeline for preview and apply: run a wave over a set of sources and return FileChanges.

Phase 1: a file that needs a tree (engine.run.relevance: the rest cannot change in this run) is
rewritten to a fixpoint (the wave's rules in wave files) and summarised (functions, exports,
calls). Its passes see the project index of the files it imports, which are final by then.
Phase 2: the project index adds the summary and computes which of its functions turn async and
which SQLite-handle parameters go.
Phase 3: a file whose own functions turn async, or that has other cross-file work left, continues
from its phase-1 text with the project index, so awaits and async land across files and within
it (and across wave boundaries: a wave must type-check on its own).

Files go through the phases in import order (engine.run.schedule), each after the files it imports, so
that one worker job runs phases 1 and 3 of a file on one tree, with phase 2 for that file between
them. The files of an import cycle go through each phase together, phase 1 without the project
index (what they import from one another is not final yet): a file's outcome is the same either
way (tests/test_fast_paths.py).
"""
from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import replace

from wavemod.engine.run.analysis_cache import AnalysisCache
from wavemod.engine.analysis.adapter_contract import AdapterContract, Reader, read_contract, require_helpers, rule_helpers
from wavemod.engine.core.config import Config, Rule, Wave
from wavemod.engine.analysis.connection_helpers import read_helpers
from wavemod.engine.analysis.context import Codemod
from wavemod.engine.core.globs import matches
from wavemod.engine.analysis.functions import UNREWRITTEN_TRANSACTION
from wavemod.engine.analysis.bindings import FileIndex
from wavemod.engine.core.languages import language_for, parse
from wavemod.engine.analysis.project import FileSummary, ProjectIndex, summarize
from wavemod.engine.sql.repository_rules import RepositoryIndex
from wavemod.engine.run.runner import RunSettings
from wavemod.engine.run.schedule import Schedule
from wavemod.engine.sql.sqlschema import Schema, SchemaText
from wavemod.engine.core.types import FileChange, Finding, Status, WaveResult
from wavemod.engine.run.workers import Progress, WorkerPool
from wavemod.engine.core.workspace import ModuleResolver, Workspace


# Codemods that generate calls to the adapter module (their rule options name it).
CALLING_CODEMODS = frozenset({"prepare-call", "connection-helpers", "statement-variables", "transactions", "exec-statements"})
MAX_JOIN_ROUNDS = 3


def run_sources(
    sources: dict[str, bytes],
    wave_paths: set[str],
    settings: RunSettings,
    wave_id: str = "",
    pool: WorkerPool | None = None,
    progress: Progress | None = None,
    frozen: frozenset[str] = frozenset(),
    parse_all: bool = False,
    cache: AnalysisCache | None = None,
) -> WaveResult:
    """Run the settings' rules over `wave_paths` (propagation over all `sources`); nothing is
    written. Without a `pool` everything runs in this process. Files that hold nothing the run
    could change are left unparsed (engine.run.relevance), unless `parse_all`: a check of the whole
    repository (`promises`) looks at every call. With a `cache` (engine.run.analysis_cache), a file's
    analysis that was done before on the same bytes, looking at the same things, is reused."""
    if pool is None:
        with WorkerPool(1, settings) as inline:
            return run_sources(sources, wave_paths, settings, wave_id, inline, progress, frozen, parse_all, cache)
    # A file outside the wave whose better-sqlite3 transaction calls a function the wave makes
    # async cannot await it without its transaction being rewritten (it would commit first, and the
    # work would land after it): such files join the wave, and the run is repeated with them.
    # Likewise a function an excluded file calls keeps its handle parameters (that call is never
    # edited): found after a run, which is then repeated with them kept.
    joined: set[str] = set()
    pinned: frozenset[str] = frozenset()
    for _ in range(MAX_JOIN_ROUNDS):
        result, pins = _run_once(sources, wave_paths | joined, settings, wave_id, pool, progress, frozen, parse_all, pinned, cache)
        more = {
            c.path
            for c in result.changes
            if not c.in_wave and c.path not in frozen and any(UNREWRITTEN_TRANSACTION in f.message for f in c.findings)
        }
        if not more - joined and pins <= pinned:
            break
        joined |= more
        pinned |= pins
    result.joined = sorted(joined)
    result.kept_parameters = sorted(pinned)
    return result


def _called_from_excluded(project: ProjectIndex, frozen: frozenset[str], analysed: dict[str, FileChange], summary_of: SummaryOf) -> set[str]:
    """The functions whose handle parameters the run drops that an excluded file calls."""
    if not project.droppable:
        return set()
    out = set()
    for path in sorted(frozen & set(analysed)):
        for call in summary_of(analysed[path]).calls:
            target = project.resolve(path, call.ref)
            if target is not None and target in project.droppable:
                out.add(target)
    return out


def _run_once(
    sources: dict[str, bytes],
    wave_paths: set[str],
    settings: RunSettings,
    wave_id: str,
    pool: WorkerPool,
    progress: Progress | None,
    frozen: frozenset[str],
    parse_all: bool,
    pinned: frozenset[str] = frozenset(),
    cache: AnalysisCache | None = None,
) -> tuple[WaveResult, set[str]]:
    paths = sorted(p for p in sources if language_for(p))
    in_wave = {p for p in wave_paths if p not in frozen}
    if cache is None:
        surveys = {path: found for path, (found, _) in pool.survey(sources, paths, in_wave, wave_id, parse_all).items()}
    else:
        cache.begin(sources, settings.resolver)
        surveys = cache.surveys(paths, in_wave, parse_all, lambda todo: pool.survey(sources, todo, in_wave, wave_id, parse_all))
    extra: dict[str, set[str]] = {}
    while True:
        schedule = Schedule(sources, paths, surveys, wave_paths, settings, pool, progress, frozen, extra, pinned=pinned, cache=cache)
        late = schedule.run()
        if not late:
            break
        # A file looked for one the byte scan did not order before it: run again with that order.
        if all(path in extra.get(asking, ()) for asking, path in late):  # each run adds an edge, or stops
            raise RuntimeError(f"internal error: the analysis order does not settle ({sorted(late)[:3]})")
        for asking, path in late:
            extra.setdefault(asking, set()).add(path)
    project = schedule.project
    schedule.changes.update(_pruned_barrels(sources, schedule.changes, {p: surveys[p].scan.modules for p in paths}, wave_paths, frozen, settings, cache))
    result = WaveResult(wave_id, parsed_paths=tuple(sorted(schedule.analysed)))
    for path in paths:
        change = schedule.changes.get(path)
        if change is None:  # not analysed: nothing in it can change in this run
            change = FileChange(path, sources[path], sources[path], Status.UNCHANGED, in_wave=path in wave_paths and path not in frozen, facts=surveys[path].scan.facts)
        if change.facts is not None:
            result.facts[path] = change.facts
        if change.in_wave or change.status is not Status.UNCHANGED or change.findings:
            result.changes.append(change)
    summary_of = _summaries(settings)  # each left file parsed once for both questions below
    _excluded_callers(result, project, frozen, schedule.changes, summary_of)
    result.async_functions = sorted(project.newly_async)
    if project.newly_async:
        for change in result.failed:
            stranded = _unawaited_calls(project, change, summary_of)
            if stranded:
                result.stranded_calls[change.path] = stranded
    result.awaited_calls = sum(max(0, c.after.count(b"await ") - c.before.count(b"await ")) for c in result.changes if c.changed)
    return result, _called_from_excluded(project, frozen, schedule.changes, summary_of)


def _excluded_callers(result: WaveResult, project: ProjectIndex, frozen: frozenset[str], analysed: dict[str, FileChange], summary_of: SummaryOf) -> None:
    """Calls in excluded files (never edited) to functions this run made async: nothing awaits them
    now, so what they did synchronously (opening the database runs the migrations, say) would run
    late, or fail unseen. Listed for review on the excluded file."""
    if not project.newly_async:
        return
    by_path = {c.path: i for i, c in enumerate(result.changes)}
    for path in sorted(frozen & set(analysed)):
        change = analysed[path]
        calls = _unawaited_calls(project, change, summary_of, frozenset({"awaited", "returned", "combined", "chained", "voided"}))
        if not calls:
            continue
        found = {
            Finding(path, line, "async-propagation", f"`{name}` is now async, but this file is excluded from every wave, so the call is not awaited: exclude `{name}`'s module too, or await it by hand", "floating-promise")
            for line, gid in calls
            for name in [gid.split("::", 1)[-1]]
        }
        updated = replace(change, findings=tuple(sorted(set(change.findings) | found, key=Finding.sort_key)))
        if path in by_path:
            result.changes[by_path[path]] = updated
        else:
            result.changes.append(updated)
    result.changes.sort(key=lambda c: c.path)


def _unawaited_calls(project: ProjectIndex, change: FileChange, summary_of: SummaryOf, handled: frozenset[str] = frozenset({"awaited"})) -> tuple[tuple[int, str], ...]:
    """The calls of a file the run left as it was (it failed, or is excluded) to functions the run
    turned async. The index keeps no calls of it: its original text is summarised here."""
    return tuple(project.calls_to_newly_async(summary_of(change), handled))


SummaryOf = Callable[[FileChange], FileSummary]


def _summaries(settings: RunSettings) -> SummaryOf:
    """The summary of a file's original text, made once per file of a run (the index keeps none of
    a file the run left as it was)."""
    made: dict[str, FileSummary] = {}

    def summary_of(change: FileChange) -> FileSummary:
        if change.path not in made:
            tree = parse(change.before, language_for(change.path) or "typescript")
            made[change.path] = summarize(FileIndex(change.path, tree, settings.resolver), set())
        return made[change.path]

    return summary_of


def _pruned_barrels(sources, changes, modules_of, wave_paths, frozen, settings: RunSettings, cache: AnalysisCache | None = None) -> dict[str, FileChange]:
    """The wave's barrels of the modules whose unused imports go (the drop-unused-imports rule's
    modules) lose the re-exports nobody imports any more (engine.analysis.barrels)."""
    from wavemod.engine.run.acceptance import module_imports
    from wavemod.engine.analysis.barrels import prune_barrels
    from wavemod.engine.analysis.bindings import FileIndex
    from wavemod.engine.core.languages import parse
    from wavemod.engine.core.types import Facts

    resolver = settings.resolver
    names = {m for rule in settings.rules if rule.codemod == "drop-unused-imports" for m in rule.options.get("modules", [settings.config.connection_module])}
    targets = frozenset(t for t in (resolver.resolve_configured(m) for m in names) if t in resolver.files)
    if not targets:
        return {}
    reaching = (lambda candidates: cache.reaching(candidates, targets, resolver)) if cache is not None else None
    pruned = prune_barrels(sources, changes, modules_of, wave_paths, frozen, targets, resolver, reaching)
    for path, change in pruned.items():
        index = FileIndex(path, parse(change.after, language_for(path) or "typescript"), resolver)
        old = change.facts.matches if change.facts is not None else ()
        pruned[path] = replace(change, facts=Facts(tuple(module_imports(index)), old))
    return pruned


def load_schemas(config: Config, sources: dict[str, bytes]) -> Schema | None:
    """The PostgreSQL schema named in the config, read from the target's sources (None if absent)."""
    text = schema_text(config, sources)
    return text.get() if text is not None else None


def schema_text(config: Config, sources: dict[str, bytes]) -> SchemaText | None:
    """The text of the PostgreSQL schema named in the config, parsed on first use (None if absent)."""
    names = list(config.schema) + sorted(name for name in sources if config.is_postgres_migration(name))
    texts = [sources[name].decode("utf-8", "replace") for name in names if name in sources]
    return SchemaText("\n;\n".join(texts)) if texts else None


def run_settings(
    rules: list[Rule],
    config: Config,
    resolver: ModuleResolver,
    sources: dict[str, bytes],
    sql_target: str = "portable",
    repositories: RepositoryIndex | None = None,
    read: Reader | None = None,
    *,
    codemods: Mapping[str, Codemod],
) -> RunSettings:
    """What every file of a run shares; `sources` need only hold the config's schema files, and
    `read` gives any file of the target (the adapter modules the rules call are read through it);
    `codemods` is the registry the rules' codemods are taken from (codemods.registry.CODEMODS)."""
    reader = read or sources.get
    helpers = {resolver.resolve_configured(m): read_helpers(m, resolver, reader) for binding in config.bindings.values() for m in binding.modules}
    return RunSettings(rules, config, resolver, sql_target, schema_text(config, sources), repositories, adapter_contracts(rules, resolver, reader), {m: h for m, h in helpers.items() if h}, codemods)


def adapter_contracts(rules: list[Rule], resolver: ModuleResolver, read: Reader) -> dict[str, AdapterContract | None]:
    """The contract of every adapter module the rules generate calls to (None: no such file)."""
    out: dict[str, AdapterContract | None] = {}
    for rule in rules:
        if rule.codemod not in CALLING_CODEMODS:
            continue
        _, module, helper = rule_helpers(rule.options)
        if module not in out:
            out[module] = read_contract(module, resolver, read, helper)
    return out


def check_adapters(settings: RunSettings) -> None:
    """Every helper the rules would call exists in the target's adapter (exit 2 before anything is
    written, naming all that is missing and what the module exports)."""
    needed: dict[str, dict[str, str]] = {}  # module -> {role: helper}
    where: dict[str, str] = {}  # module -> the first rule naming it
    for rule in settings.rules:
        if rule.codemod not in CALLING_CODEMODS:
            continue
        methods, module, helper = rule_helpers(rule.options)
        roles = {"transactions": {"transaction": helper}, "exec-statements": {"run": methods["run"]}}.get(rule.codemod, methods)
        needed.setdefault(module, {}).update(roles)
        where.setdefault(module, rule.where)
    for module, helpers in needed.items():
        require_helpers(settings.adapters.get(module), module, helpers, where[module])


def some_wave_touches(path: str, config: Config) -> bool:
    """Whether a wave may rewrite the file: its globs take it in, or it may come in as a dependency
    of one (`include_dependencies`), and the wave does not exclude it. A file every wave leaves (a
    test helper that resets the SQLite database on purpose) keeps its SQLite SQL."""
    for wave in config.waves:
        if matches(path, tuple(wave.exclude)):
            continue
        if wave.include_dependencies or matches(path, tuple(wave.include)):
            return True
    return not config.waves


def wave_files(workspace: Workspace, config: Config, wave: Wave) -> set[str]:
    """The wave's globs over tracked sources, plus (optionally) the modules they import, transitively."""
    exclude = tuple(wave.exclude) + tuple(config.exclude)
    selected = set(workspace.select(wave.include, exclude))
    if wave.include_dependencies:
        from wavemod.engine.analysis.dependencies import imported_closure

        allowed = set(workspace.select(("**",), exclude))
        selected |= imported_closure(workspace, selected) & allowed
    return selected


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))
