"""Worker processes for the per-file work of a run (see engine.run.pipeline and engine.run.schedule).

The pool is forked before the caller reads the repository's sources: the workers then hold the run
settings (rules with their compiled tree-sitter queries, which cannot be pickled, so they are
inherited through fork) but no copy of the parent's heap. Each task carries its own bytes. What
other files became reaches a worker through the record store (engine.run.records), which it reads on
demand. Tasks are submitted as the files they need are finished, a few per message, and their
results come back in the order they finish.
"""
from __future__ import annotations

import gc
import queue
from collections.abc import Callable
from dataclasses import dataclass, replace
from types import TracebackType

from wavemod.engine.run.parallel import QuietPool
from wavemod.engine.analysis.project import FileSummary, ProjectIndex
from wavemod.engine.run.records import Record, digest, record_of, view, write
from wavemod.engine.run.relevance import Needles, Survey, survey
from wavemod.engine.run.runner import FileJob, RunSettings, combine, rewrite, rewrite_keeping
from wavemod.engine.core.types import FileChange

Progress = Callable[[str, int, int], None]  # (phase, done, total)

# Worker state: the settings, set before the fork; the project view of the current record store.
_STATE: dict[str, object] = {}


@dataclass(frozen=True)
class Task:
    """One file's work. Phase "analyse": rewrite and summarise, with `records` (the files it imports
    are final) seeing the project index of those files, then, when the project says the file has
    cross-file work left, continue with it from the same tree; without `records` (a file of an
    import cycle), without the project index. Phase "rewrite": the cross-file pass alone, from
    `job.start` (files of an import cycle, analysed together first)."""

    job: FileJob
    phase: str = "analyse"
    records: str | None = None  # the record store's directory
    report_existing: bool = False  # ProjectIndex.needs_rewrite: the file is one of the wave's
    drops_elsewhere: bool = False  # ProjectIndex.drops_elsewhere, as the parent knows it
    pinned: frozenset[str] = frozenset()  # ProjectIndex.pinned


@dataclass(frozen=True)
class Done:
    path: str
    phase: str
    change: FileChange  # texts left out when unchanged (the parent has them)
    # "analyse" of a file of an import cycle: its summary, of the text its own passes produced (the
    # parent propagates into the cycle's files together)
    summary: FileSummary | None
    missed: frozenset[str]  # paths it looked for and found no record of (engine.run.schedule checks them)
    # "analyse" of any other file: what it became, as stored for the other workers (the worker
    # propagated into it: everything it imports is final)
    record: Record | None = None
    # What the task looked at (engine.run.analysis_cache): the records of other files, by the digest
    # of their bytes (None: it found none; "?": unknown, the outcome is not cached), and the files
    # whose bytes the module resolver read for it.
    looked: tuple[tuple[str, str | None], ...] = ()
    read: tuple[str, ...] = ()
    digest: str | None = None  # of `record` (engine.run.records.digest)


def _start_worker() -> None:
    """Worker start: parse the schema (while the parent reads and scans the sources: the first
    tasks come after that); then what it holds stays (frozen out of the collector's scans), and
    the cyclic collector runs every 20,000 allocations instead of 700. A rewrite allocates millions
    of short-lived objects and frees nearly all of them by reference counting; collecting often
    cost 2-3% of a worker's time for a few thousand objects found."""
    settings: RunSettings = _STATE["settings"]  # type: ignore[assignment]
    try:
        settings.schema  # noqa: B018 - parsed on first use
    except Exception:  # noqa: BLE001 - a pool whose initializer fails restarts it forever
        pass  # raised again where a file first needs the schema, and reported there
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)


def _view(task: Task) -> ProjectIndex:
    """The view of the task's record store, kept across tasks (a new store starts a new view)."""
    if _STATE.get("records") != task.records:
        digests: dict[str, str] = {}
        _STATE.update(records=task.records, digests=digests, view=view(task.records, digests))  # type: ignore[arg-type]
    project: ProjectIndex = _STATE["view"]  # type: ignore[assignment]
    project.drops_elsewhere = task.drops_elsewhere
    project.pinned = task.pinned
    project.summaries.missed.clear()
    project.summaries.seen.clear()
    project.summaries.asking = task.job.path
    return project


SURVEY_CHUNK = 256  # files per message of the survey: few messages, enough of them to share out


# A file's own passes see the project index of what it imports: those files are final by its turn
# (engine.run.schedule), so calls to functions that turned async elsewhere are awaited in the same
# passes as the file's own rewrites, and only a file whose own functions turn async (its callers
# inside it then await them) needs the cross-file pass after. The files of an import cycle can't
# (what they import from one another is not final before they are all analysed): they take the
# plain way, their own passes without the index and the cross-file pass after. The outcome is the
# same either way (tests/test_fast_paths.py switches this off to compare).
OWN_PASSES_SEE_IMPORTS = True


def run_task(task: Task) -> Done:
    settings: RunSettings = _STATE["settings"]  # type: ignore[assignment]
    job = task.job
    settings.resolver.reads.clear()
    if task.phase == "rewrite":
        project = _view(task)
        change, _ = rewrite(job, settings, project)
        return Done(job.path, task.phase, _slim(change), None, _missed(project), looked=_looked(project, None), read=_read(settings))
    project = _view(task) if task.records is not None else None
    change, summary, parsed = rewrite_keeping(job, settings, project if OWN_PASSES_SEE_IMPORTS else None, want_summary=True)
    if project is None or summary is None or parsed is None:  # a cycle's file, or it failed
        looked = _looked(project, job.path) if project is not None else ()
        return Done(job.path, task.phase, _slim(change), summary, frozenset(), looked=looked, read=_read(settings))
    project.summaries[job.path] = summary
    project.extend([job.path])
    record = record_of(project, job.path)
    # Stored here rather than by the parent: the parent then only adopts the small record, and
    # never unpickles a full summary (its calls) or propagates again what this worker just did.
    digests: dict[str, str] = _STATE["digests"]  # type: ignore[assignment]
    write(task.records, job.path, record)
    digests[job.path] = digest(record)
    if not job.frozen and project.needs_rewrite(job.path, task.report_existing):
        second = FileJob.continuing(change, job.lang, job.in_wave)
        continued, _, _ = rewrite_keeping(second, settings, project, start=parsed)
        change = combine(change, continued)
    return Done(job.path, task.phase, _slim(change), None, _missed(project), record, _looked(project, job.path), _read(settings), digests[job.path])


def _looked(project: ProjectIndex, own: str | None) -> tuple[tuple[str, str | None], ...]:
    """The records the task asked for (engine.run.analysis_cache), but `own`: the file's own record is
    what the task itself wrote."""
    digests: dict[str, str] = _STATE["digests"]  # type: ignore[assignment]
    summaries = project.summaries
    return tuple(sorted((path, digests.get(path, "?") if dict.__contains__(summaries, path) else None) for path in summaries.seen if path != own))


def _read(settings: RunSettings) -> tuple[str, ...]:
    return tuple(sorted(settings.resolver.reads))


Surveyed = tuple[Survey, tuple[str, ...]]  # a file's survey, and the files the resolver read for it


def _survey_chunk(job: tuple[list[tuple[str, bytes, bool]], str, bool]) -> list[tuple[str, Surveyed]]:
    files, wave_id, parse_all = job
    settings: RunSettings = _STATE["settings"]  # type: ignore[assignment]
    key = f"needles {wave_id}"
    needles: Needles | None = _STATE.get(key)  # type: ignore[assignment]
    if needles is None:
        needles = _STATE[key] = Needles.for_wave(settings.rules, settings.config, settings.resolver, wave_id, settings.codemods)  # type: ignore[assignment]
    out = []
    for path, source, in_wave in files:
        settings.resolver.reads.clear()
        found = survey(path, source, needles, in_wave, parse_all)
        out.append((path, (found, _read(settings))))
    return out


def run_tasks(tasks: list[Task]) -> list[Done]:
    return [run_task(task) for task in tasks]


def _missed(project: ProjectIndex) -> frozenset[str]:
    """The paths a task looked for without a record, but its own: a file's own passes resolve its
    local calls through the index too, and its record is written only after them."""
    return frozenset(path for asking, path in project.summaries.missed if path != asking)


def _slim(change: FileChange) -> FileChange:
    """Don't ship unchanged text back from workers: the parent has it already."""
    if change.after == change.before:
        return replace(change, before=b"", after=b"")
    return replace(change, before=b"")


class WorkerPool:
    """`count` forked workers (none when count <= 1: tasks run in this process when submitted)."""

    def __init__(self, count: int, settings: RunSettings):
        self.count = count
        self.settings = settings
        self._pool: QuietPool | None = None
        self._done: queue.SimpleQueue[Done | BaseException] = queue.SimpleQueue()
        self._pending = 0

    def __enter__(self) -> WorkerPool:
        _STATE.clear()
        _STATE["settings"] = self.settings
        if self.count > 1:
            self._pool = QuietPool(self.count, initializer=_start_worker)
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
        _STATE.clear()

    @property
    def pending(self) -> int:
        """Tasks submitted whose results were not taken yet."""
        return self._pending

    def submit(self, tasks: list[Task]) -> None:
        """Queue tasks; with workers, in chunks of a few: each message to a worker costs the pool's
        threads here about as much as a small file's rewrite costs there."""
        self._pending += len(tasks)
        if self._pool is None:
            for task in tasks:
                try:
                    self._done.put(run_task(task))
                except BaseException as exc:  # noqa: BLE001 - handed to the caller by next()
                    self._done.put(exc)
            return
        size = max(1, min(16, len(tasks) // (self.count * 4)))
        for start in range(0, len(tasks), size):
            self._pool.apply_async(run_tasks, (tasks[start : start + size],), callback=self._put_all, error_callback=self._done.put)

    def survey(self, sources: dict[str, bytes], paths: list[str], in_wave: set[str], wave_id: str, parse_all: bool) -> dict[str, Surveyed]:
        """What the run decides from each file's bytes (engine.run.relevance.survey), across the workers:
        they are idle until it is done, and for 10,000 files it is over a second of work. With
        each survey, the files whose bytes it read besides its own (engine.run.analysis_cache)."""
        # Every n-th file to a chunk rather than runs of neighbours: the costly surveys (test files
        # with statements of their own, whose parameters are read) sit together under one folder,
        # and a run of them in one chunk kept one worker busy while the other had finished (wave 3
        # of the real-shaped 1,000 files: 0.17 s of CPU in one of four chunks, 0.05 in the others).
        count = max(1, -(-len(paths) // SURVEY_CHUNK))
        chunks = [[(p, sources[p], p in in_wave) for p in paths[first::count]] for first in range(count)]
        if self._pool is None or len(chunks) < 2:
            found = dict(pair for chunk in chunks for pair in _survey_chunk((chunk, wave_id, parse_all)))
        else:
            # One chunk per message (map would batch several): a message is pickled whole, and
            # held whole by the worker while it unpickles.
            jobs = [(chunk, wave_id, parse_all) for chunk in chunks]
            found = dict(pair for part in self._pool.map(_survey_chunk, jobs, chunksize=1) for pair in part)
        return {path: found[path] for path in paths}

    def _put_all(self, results: list[Done]) -> None:
        for result in results:
            self._done.put(result)

    def next(self) -> Done:
        """The next finished task's result (in finishing order)."""
        if not self._pending:
            raise RuntimeError("no task pending")
        self._pending -= 1
        result = self._done.get()
        if isinstance(result, BaseException):
            raise result
        return result
