"""The order a run analyses its files in: each file after the files it imports.

A file's cross-file work (awaits of calls to functions that turned async elsewhere, handle
arguments dropped) needs to know what its callees became. Calls go from importers to what they
import, so once the files a file imports are final, everything it needs is known: its own passes
see them (engine.run.workers), and one worker job runs them, the propagation into the file and its
cross-file pass (when its own functions turn async) on one tree. The file is parsed once, and no
global round of propagation waits for the slowest file; the worker stores the file's record and
the parent adopts it. The files of an import cycle go together: their own passes, then
propagation over all of them at once in the parent, then the cross-file passes of those that
need one.

Which files are analysed at all is decided when their turn comes (engine.run.relevance): those that
may change by themselves, those a wave's check looks at, modules a file with a transaction calls
into, and importers of modules through which a function that turned async is reached, which is
known by then. The rest is never parsed.

The order comes from a byte scan of the imports (engine.run.relevance.scan) plus the modules a rewrite
may add imports of. Should a file's analysis look for a file the scan did not put before it, and
that file be analysed later, the outcome could miss what it became: the run notices (every lookup
of an absent file is recorded) and the pipeline runs again with that edge added.
"""
from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable
from dataclasses import replace

from wavemod.engine.run.analysis_cache import AnalysisCache, Entry

from wavemod.engine.core.languages import language_for
from wavemod.engine.analysis.project import FileSummary, ProjectIndex
from wavemod.engine.run.records import Record, RecordStore, adopt, digest, write
from wavemod.engine.run.relevance import Reach, Survey, transaction_callees
from wavemod.engine.run.runner import FileJob, RunSettings, combine
from wavemod.engine.core.types import FileChange, Status
from wavemod.engine.analysis.wrappers import module_wrappers, wrapper_edges
from wavemod.engine.run.workers import Done, Progress, Task, WorkerPool


def import_cycles(paths: list[str], deps: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of the import graph, each listed after every component
    it imports (Tarjan's algorithm emits them in that order), with an explicit stack: import
    chains can be deeper than Python's recursion limit."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    for root in paths:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(sorted(deps[root])))]
        while work:
            node, successors = work[-1]
            for nxt in successors:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(deps[nxt]))))
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    out.append(sorted(component))
    return out


def _imported_closure(path: str, deps: dict[str, set[str]]) -> set[str]:
    seen = {path}
    work = [path]
    while work:
        for dep in deps[work.pop()]:
            if dep not in seen:
                seen.add(dep)
                work.append(dep)
    return seen


def injected_modules(settings: RunSettings, known: set[str]) -> set[str]:
    """Repository files a rewrite may add an import of: the modules the rules name (options,
    replacement specifiers, import edits: some name a binding's source rather than a module to
    import, which costs nothing but an edge), the adapter, and the repository rules' modules."""
    resolver = settings.resolver
    names: set[str] = {settings.config.adapter_module}
    for rule in settings.rules:
        names.update(module for _, module in rule.add_imports)
        if rule.replace:
            names.add(rule.replace)
        for value in rule.options.values():
            names.update(v for v in (value if isinstance(value, (list, tuple)) else [value]) if isinstance(v, str))
    if settings.repositories:
        names.update(rule.module for rule in settings.repositories.rules.values())
    return {resolved for resolved in (resolver.resolve_configured(name) for name in names if "/" in name) if resolved in known}


def _add_wrapper_edges(deps: dict[str, set[str]], sources: dict[str, bytes], paths: list[str], surveys: dict[str, Survey], settings: RunSettings) -> None:
    """A wrapper of the project turns async when a callback a caller hands it does (engine.analysis.wrappers):
    its module goes together with the files that call its wrappers by name, as an import cycle."""
    resolver = settings.resolver
    wrappers = {p: module_wrappers(resolver, p) for p in paths if surveys[p].wraps}
    names = sorted({name for found in wrappers.values() for name in found})
    if not names:
        return
    called = re.compile(rb"\b(?:" + b"|".join(re.escape(n.encode()) for n in names) + rb")\s*(?:<[^>]*>)?\(")
    # The pattern (a `\b` before an alternation) has no literal prefix for the regex engine to jump
    # to, so it is tried at every byte; a file that holds none of the names cannot match, and a
    # substring test per name is far cheaper (a tenth of a warm run's time went to the search).
    spelled = [n.encode() for n in names]
    for p in paths:
        source = sources[p]
        if any(n in source for n in spelled) and called.search(source):
            for module in wrapper_edges(resolver, surveys[p].scan.modules, source):
                if module != p and module in deps:
                    deps[module].add(p)


class Schedule:
    """One run's analysis (phases 1 to 3 of engine.run.pipeline), file by file in import order."""

    def __init__(
        self,
        sources: dict[str, bytes],
        paths: list[str],
        surveys: dict[str, Survey],
        wave_paths: set[str],
        settings: RunSettings,
        pool: WorkerPool,
        progress: Progress | None,
        frozen: frozenset[str],
        extra_deps: dict[str, set[str]],
        pinned: frozenset[str] = frozenset(),
        cache: AnalysisCache | None = None,
    ):
        self.sources, self.wave_paths, self.frozen, self.pool, self.progress = sources, wave_paths, frozen, pool, progress
        self.settings, self.cache = settings, cache
        self.scans = scans = {p: surveys[p].scan for p in paths}
        self.need = {p: surveys[p].need for p in paths}
        known = set(paths)
        injected = injected_modules(settings, known)
        self.tx_callees = transaction_callees(sources, scans, [p for p in paths if surveys[p].transaction], injected)
        deps: dict[str, set[str]] = {p: (set(scans[p].modules & known) | extra_deps.get(p, set())) - {p} for p in paths}
        _add_wrapper_edges(deps, sources, paths, surveys, settings)
        # A file the rules act on may import these afterwards: it goes after them, unless one of
        # them imports it (an order cannot put a file after itself).
        after = {module: _imported_closure(module, deps) for module in injected}
        for p in paths:
            if self.need[p]:
                deps[p] |= {module for module in injected if module != p and p not in after[module]}
        self.units = import_cycles(paths, deps)
        self.unit_of = {p: u for u, members in enumerate(self.units) for p in members}
        self.dependents: list[set[int]] = [set() for _ in self.units]
        self.waiting_on = [0] * len(self.units)
        for u, members in enumerate(self.units):
            needed = {self.unit_of[d] for p in members for d in deps[p]} - {u}
            self.waiting_on[u] = len(needed)
            for d in needed:
                self.dependents[d].add(u)
        self.project = ProjectIndex({})
        self.project.pinned = pinned
        self.reach = Reach()
        self.store = RecordStore(len(paths))
        self.changes: dict[str, FileChange] = {}  # analysed files: their outcome so far
        self.cycle_summaries: dict[int, dict[str, FileSummary]] = {}
        self.cycle_left: dict[int, int] = {}
        self.missed: set[tuple[str, str]] = set()  # (file, absent path it looked for)
        self.counts = {"analyse": [0, 0], "rewrite": [0, 0]}  # phase -> [done, submitted]
        self._analysed: list[str] = []  # the files submitted for analysis (`analysed`)
        self._batch: list[Task] = []  # tasks to submit together (when _release ends)
        # With the analysis cache: outcomes taken from it (finished like the workers' results),
        # the tasks sent to the workers (their outcomes go into it), the digests of the records of
        # the files final so far.
        self._hits: deque[Done] = deque()
        self._unwritten: list[tuple[str, Record]] = []  # records of the cache's outcomes, not stored yet
        self._computing: dict[tuple[str, str], tuple[str, str]] = {}  # (path, phase) -> its key
        self.digests: dict[str, str] = {}

    def run(self) -> set[tuple[str, str]]:
        """Analyse every file that needs it; returns the lookups of files that turned out to be
        analysed after the file that looked for them (none, unless the scan missed an import)."""
        try:
            self._release(u for u, waiting in enumerate(self.waiting_on) if not waiting)
            while self._hits or self.pool.pending:
                self._finish(self._hits.popleft() if self._hits else self.pool.next())
        finally:
            self.store.close()
        return {(asking, path) for asking, path in self.missed if dict.__contains__(self.project.summaries, path)}

    # ---- deciding and submitting -------------------------------------------------------------
    def _wanted(self, path: str) -> bool:
        if self.need[path] or path in self.tx_callees:
            return True
        reached = self.reach.with_async if path in self.wave_paths else self.reach.changed
        return not self.scans[path].modules.isdisjoint(reached)

    def _release(self, ready: Iterable[int]) -> None:
        """Start the units whose imports are all final (and submit the tasks queued so far); a unit
        with nothing to analyse is final at once."""
        work = list(ready)
        while work:
            u = work.pop()
            members = self.units[u]
            # An import cycle is analysed whole when any of its files is wanted: what one of them
            # becomes may reach all the others.
            if not any(self._wanted(p) for p in members):
                work.extend(self._complete(u))
            elif len(members) == 1:
                self._submit(members[0], records=True)
            else:
                self.cycle_summaries[u], self.cycle_left[u] = {}, len(members)
                for p in members:
                    self._submit(p, records=False)
        tasks, self._batch = self._batch, []
        if tasks:
            self._flush_records()
        self.pool.submit(tasks)

    def _flush_records(self) -> None:
        """Store the records the cache gave. Only workers read records, and a task reads those of
        files final before it was sent, so they go in just before the next tasks do: a warm run
        that finds every file in the cache sends no task, and writes no record (a file each)."""
        for path, record in self._unwritten:
            write(self.store.directory, path, record)
        self._unwritten.clear()

    def _submit(self, path: str, records: bool) -> None:
        self._analysed.append(path)
        source = self.sources[path]
        job = FileJob(path, language_for(path) or "typescript", source, source, path in self.wave_paths and path not in self.frozen, path in self.frozen)
        self._send(Task(job, "analyse", self.store.directory if records else None, path in self.wave_paths, bool(self.project.droppable), self.project.pinned))

    def _send(self, task: Task) -> None:
        self.counts[task.phase][1] += 1
        if self.cache is not None:
            key = self.cache.key(task)
            entry = next((e for e in self.cache.lookup(key, task.job.path) if self._holds(e)), None)
            if entry is not None:
                self.cache.hits += 1
                if entry.done.record is not None:  # where the worker would have stored it (_flush_records)
                    self._unwritten.append((task.job.path, entry.done.record))
                self._hits.append(entry.done)
                return
            self.cache.misses += 1
            self._computing[(task.job.path, task.phase)] = key
        self._batch.append(task)

    # ---- the analysis cache ----------------------------------------------------------------------
    def _holds(self, entry: Entry) -> bool:
        """Whether everything the entry's task looked at is as it was: each record it read is the
        same (one it found absent is still absent: should it be analysed later after all, the run
        notices, as for a computed outcome), each file the resolver read has the same bytes."""
        for path, recorded in entry.records:
            if self.digests.get(path) != recorded:
                return False
        return all(self.cache.blob(path) == blob for path, blob in entry.reads)  # type: ignore[union-attr]

    def _remember(self, done: Done) -> None:
        """A final file's record digest; a computed outcome goes into the cache."""
        if done.record is not None:
            self.digests[done.path] = done.digest or digest(done.record)
        key = self._computing.pop((done.path, done.phase), None)
        if key is None or any(d == "?" for _, d in done.looked):
            return
        self.cache.remember(key, done, dict(done.looked), {p: self.cache.blob(p) for p in done.read})  # type: ignore[union-attr]

    def _complete(self, u: int) -> list[int]:
        """Unit `u` is final: the units only it held back."""
        ready = []
        for d in sorted(self.dependents[u]):
            self.waiting_on[d] -= 1
            if not self.waiting_on[d]:
                ready.append(d)
        return ready

    # ---- results -------------------------------------------------------------------------------
    def _finish(self, done: Done) -> None:
        path, source = done.path, self.sources[done.path]
        if self.cache is not None:
            self._remember(done)
        change = _fill(done.change, source)
        self.missed.update((path, absent) for absent in done.missed)
        counts = self.counts[done.phase]
        counts[0] += 1
        if self.progress:
            self.progress(done.phase, counts[0], counts[1])
        if done.phase == "rewrite":
            self.changes[path] = combine(self.changes[path], change)
            return
        self.changes[path] = change
        u = self.unit_of[path]
        if len(self.units[u]) == 1:
            if done.record is not None:  # (None when the file failed)
                adopt(self.project, path, done.record)
                self.reach.add(self.project, [path])
            self._release(self._complete(u))
            return
        if done.summary is not None:
            self.cycle_summaries[u][path] = done.summary
        self.cycle_left[u] -= 1
        if self.cycle_left[u]:
            return
        summaries = self.cycle_summaries.pop(u)
        self._add(summaries)
        for member in sorted(summaries):
            first = self.changes[member]
            if member in self.frozen or first.status is Status.FAILED or not self._needs_rewrite(member):
                continue
            job = FileJob.continuing(first, language_for(member) or "typescript", member in self.wave_paths)
            self._send(Task(job, "rewrite", self.store.directory, member in self.wave_paths, bool(self.project.droppable), self.project.pinned))
        self._release(self._complete(u))

    def _needs_rewrite(self, path: str) -> bool:
        with self.project.summaries.asking_for(path):
            return self.project.needs_rewrite(path, path in self.wave_paths)

    def _add(self, summaries: dict[str, FileSummary]) -> None:
        """An import cycle's final summaries: propagate into them, record them. (A file outside a
        cycle was propagated into and recorded by its worker: `_finish` adopts its record.)"""
        paths = sorted(summaries)
        if not paths:  # every file of the cycle failed: nothing to propagate
            return
        for path in paths:
            self.project.summaries[path] = summaries[path]
        with self.project.summaries.asking_for(paths[0]):
            self.project.extend(paths)
        self.reach.add(self.project, paths)
        for path in paths:
            self.digests[path] = self.store.put(self.project, path)

    @property
    def analysed(self) -> list[str]:
        """The files sent to be analysed (parsed), in the order they were."""
        return self._analysed


def _fill(change: FileChange, source: bytes) -> FileChange:
    """A worker's result with the texts it left out (unchanged) put back."""
    after = change.after if change.after else source
    status = Status.CHANGED if after != source and change.status is not Status.FAILED else change.status
    return replace(change, before=source, after=after, status=status)
