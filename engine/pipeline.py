"""One pipeline for preview and apply: run a wave over a set of sources and return FileChanges.

Phase 1 (parallel): every repository source is parsed; wave files get the wave's rules to a local
fixpoint; every file yields a summary (functions, exports, calls).
Phase 2 (parent): the project index joins the summaries and computes which functions turn async.
Phase 3 (parallel): wave files and every file that calls a function that turned async continue from
their phase-1 text with the project index, so awaits and async land across files (and across wave
boundaries: a wave must type-check on its own).
"""
from __future__ import annotations

from collections import Counter
import os
from dataclasses import replace

from .config import Config, Rule, Wave
from .languages import language_for
from .project import FileSummary, ProjectIndex
from .repository_rules import RepositoryIndex
from .runner import FileJob, RunSettings
from .sqlschema import Schema, load_schema
from .dependencies import specifier_matches
from .types import Facts, FileChange, Status, WaveResult
from .workers import Progress, WorkerPool
from .workspace import ModuleResolver, Workspace


DATABASE_HINTS = (b"prepare(", b".transaction(", b".exec(", b".pragma(", b"execute")


def _isolated(path: str, source: bytes, resolver: ModuleResolver) -> Facts | None:
    """Facts of a file outside the wave that needs no analysis, else None.

    A file that imports nothing from the repository and has no database code can neither turn
    async nor call anything that does, so only its imports matter (for acceptance checks)."""
    if any(hint in source for hint in DATABASE_HINTS):
        return None
    imports = []
    for match in specifier_matches(source):
        spec = match.group(2).decode("utf-8", "replace")
        resolved = resolver.resolve(spec, path)
        if resolved is not None:
            return None
        imports.append((spec, spec, source.count(b"\n", 0, match.start()) + 1))
    return Facts(tuple(imports), ())


def _fill(change: FileChange, before: bytes, start: bytes) -> FileChange:
    after = change.after if change.after else start
    return replace(change, before=before, after=after, status=Status.CHANGED if after != before and change.status is not Status.FAILED else change.status)


def run_sources(
    sources: dict[str, bytes],
    wave_paths: set[str],
    settings: RunSettings,
    wave_id: str = "",
    pool: WorkerPool | None = None,
    progress: Progress | None = None,
    frozen: frozenset[str] = frozenset(),
) -> WaveResult:
    """Run the settings' rules over `wave_paths` (propagation over all `sources`); nothing is
    written. Without a `pool` everything runs in this process."""
    if pool is None:
        with WorkerPool(1, settings) as inline:
            return run_sources(sources, wave_paths, settings, wave_id, inline, progress, frozen)
    resolver = settings.resolver
    paths = sorted(p for p in sources if language_for(p))
    phase1: dict[str, FileChange] = {}
    summaries: dict[str, FileSummary] = {}
    jobs = []
    for p in paths:
        isolated = None if p in wave_paths else _isolated(p, sources[p], resolver)
        if isolated is not None:
            phase1[p] = FileChange(p, sources[p], sources[p], Status.UNCHANGED, in_wave=False, facts=isolated)
        else:
            jobs.append(FileJob(p, language_for(p) or "typescript", sources[p], sources[p], p in wave_paths and p not in frozen, p in frozen))
    for job, (change, summary) in zip(jobs, pool.analyse(jobs, progress)):
        phase1[job.path] = _fill(change, job.original, job.original)
        if summary is not None:
            summaries[job.path] = summary
    project = ProjectIndex(summaries)
    project.propagate()
    targets = (project.files_needing_rewrite() & set(phase1)) - frozen
    again = [
        FileJob(p, language_for(p) or "typescript", sources[p], phase1[p].after, p in wave_paths, errors_before=phase1[p].errors_before, settled=True)
        for p in sorted(targets)
        if phase1[p].status is not Status.FAILED
    ]
    final = dict(phase1)
    for job, (change, _) in zip(again, pool.rewrite(again, project, progress)):
        merged = _fill(change, job.original, job.original)
        if change.status is not Status.FAILED:
            counts: dict[str, int] = dict(phase1[job.path].rule_counts)
            for rule, count in change.rule_counts:
                counts[rule] = counts.get(rule, 0) + count
            sites = Counter(dict(phase1[job.path].call_sites)) + Counter(dict(change.call_sites))
            merged = replace(
                merged,
                rule_counts=tuple(sorted(counts.items())),
                errors_before=phase1[job.path].errors_before,
                notes=phase1[job.path].notes + change.notes,
                call_sites=tuple(sorted(sites.items())),
            )
        final[job.path] = merged
    result = WaveResult(wave_id)
    for path in paths:
        change = final[path]
        if change.facts is not None:
            result.facts[path] = change.facts
        if change.in_wave or change.status is not Status.UNCHANGED or change.findings:
            result.changes.append(change)
    result.async_functions = sorted(project.newly_async)
    result.awaited_calls = sum(max(0, c.after.count(b"await ") - c.before.count(b"await ")) for c in result.changes if c.changed)
    return result


def load_schemas(config: Config, sources: dict[str, bytes]) -> Schema | None:
    """The PostgreSQL schema named in the config, read from the target's sources (None if absent)."""
    texts = [sources[name].decode("utf-8", "replace") for name in config.schema if name in sources]
    return load_schema("\n;\n".join(texts)) if texts else None


def run_settings(
    rules: list[Rule], config: Config, resolver: ModuleResolver, sources: dict[str, bytes], sql_target: str = "portable", repositories: RepositoryIndex | None = None
) -> RunSettings:
    """What every file of a run shares; `sources` need only hold the config's schema files."""
    return RunSettings(rules, config, resolver, sql_target, load_schemas(config, sources), repositories)


def wave_files(workspace: Workspace, config: Config, wave: Wave) -> set[str]:
    """The wave's globs over tracked sources, plus (optionally) the modules they import, transitively."""
    exclude = tuple(wave.exclude) + tuple(config.exclude)
    selected = set(workspace.select(wave.include, exclude))
    if wave.include_dependencies:
        from .dependencies import imported_closure

        allowed = set(workspace.select(("**",), exclude))
        selected |= imported_closure(workspace, selected) & allowed
    return selected


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))
