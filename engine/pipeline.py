"""One pipeline for preview and apply: run a wave over a set of sources and return FileChanges.

Phase 1 (parallel): the sources that need a tree are parsed (engine.relevance: the rest cannot
change in this run); wave files get the wave's rules to a local fixpoint; every parsed file yields a
summary (functions, exports, calls).
Phase 2 (parent): the project index joins the summaries and computes which functions turn async.
Phases 1 and 2 repeat in rounds while that reaches files not parsed yet (their importers).
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
from .relevance import Needles, bearing, callee_module, reexports, scan
from .repository_rules import RepositoryIndex
from .runner import FileJob, RunSettings
from .sqlschema import Schema, load_schema
from .types import Facts, FileChange, Status, WaveResult
from .workers import Progress, WorkerPool
from .workspace import ModuleResolver, Workspace


def _fill(change: FileChange, before: bytes, start: bytes) -> FileChange:
    after = change.after if change.after else start
    return replace(change, before=before, after=after, status=Status.CHANGED if after != before and change.status is not Status.FAILED else change.status)


def _counting_on(progress: Progress | None, before: int) -> Progress | None:
    """Progress of one more round of a phase, counted on from the `before` files of the earlier ones."""
    if progress is None or not before:
        return progress
    return lambda phase, done, total: progress(phase, before + done, before + total)


def _analyse(
    sources: dict[str, bytes],
    paths: list[str],
    wave_paths: set[str],
    settings: RunSettings,
    wave_id: str,
    pool: WorkerPool,
    progress: Progress | None,
    frozen: frozenset[str],
    parse_all: bool,
) -> tuple[dict[str, FileChange], ProjectIndex, int]:
    """Phase 1 and 2: each file that needs a tree rewritten without the project index and
    summarised, in rounds (engine.relevance): the files that may matter by themselves first, then
    the importers of the modules through which a function that turned async is reached, and the
    modules files with transactions call into. The rest is never parsed: most files of an
    application hold no database code. Returns every file's phase-1 outcome, the propagated index
    and how many files were parsed."""
    resolver = settings.resolver
    phase1: dict[str, FileChange] = {}
    summaries: dict[str, FileSummary] = {}
    # The facts gathered are for this wave's acceptance checks (every wave's, in other runs).
    waves = [w for w in settings.config.waves if w.id == wave_id] or settings.config.waves
    needles = Needles.of(settings.rules, settings.config, resolver, tuple(c for w in waves for c in w.checks))
    scans = {p: scan(p, sources[p], resolver) for p in paths}
    batch = [p for p in paths if parse_all or needles.need_tree(p, sources[p], scans[p], p in wave_paths and p not in frozen)]
    waiting = set(paths) - set(batch)
    callers: set[str] = set()  # analysed files whose callees must be known (transactions, re-exports)
    project = ProjectIndex(summaries)
    while batch:
        callers.update(p for p in batch if needles.needs_callees(sources[p]))
        jobs = [FileJob(p, language_for(p) or "typescript", sources[p], sources[p], p in wave_paths and p not in frozen, p in frozen) for p in batch]
        for job, (change, summary) in zip(jobs, pool.analyse(jobs, _counting_on(progress, len(phase1)))):
            phase1[job.path] = _fill(change, job.original, job.original)
            if summary is not None:
                summaries[job.path] = summary
            if phase1[job.path].after != job.original:  # its calls resolve through its new imports
                scans[job.path] = scan(job.path, phase1[job.path].after, resolver)
        project = ProjectIndex(summaries)
        project.propagate()
        reached, reached_by_wave = bearing(project)
        callees = {m for p in callers for m in scans[p].modules if m in waiting and callee_module(sources[m])}
        callers.update(m for m in callees if reexports(sources[m]))  # it passes its callees on
        batch = sorted(callees | {p for p in waiting if scans[p].modules & (reached_by_wave if p in wave_paths else reached)})
        waiting.difference_update(batch)
    for p in waiting:
        phase1[p] = FileChange(p, sources[p], sources[p], Status.UNCHANGED, in_wave=p in wave_paths and p not in frozen, facts=scans[p].facts)
    return phase1, project, len(paths) - len(waiting)


def run_sources(
    sources: dict[str, bytes],
    wave_paths: set[str],
    settings: RunSettings,
    wave_id: str = "",
    pool: WorkerPool | None = None,
    progress: Progress | None = None,
    frozen: frozenset[str] = frozenset(),
    parse_all: bool = False,
) -> WaveResult:
    """Run the settings' rules over `wave_paths` (propagation over all `sources`); nothing is
    written. Without a `pool` everything runs in this process. Files that hold nothing the run
    could change are left unparsed (engine.relevance), unless `parse_all`: a check of the whole
    repository (`promises`) looks at every call."""
    if pool is None:
        with WorkerPool(1, settings) as inline:
            return run_sources(sources, wave_paths, settings, wave_id, inline, progress, frozen, parse_all)
    paths = sorted(p for p in sources if language_for(p))
    phase1, project, parsed = _analyse(sources, paths, wave_paths, settings, wave_id, pool, progress, frozen, parse_all)
    targets = (project.files_needing_rewrite(wave_paths) & set(phase1)) - frozen
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
    result = WaveResult(wave_id, parsed=parsed)
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
