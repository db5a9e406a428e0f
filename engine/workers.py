"""Worker processes for the two per-file phases of a run (see engine.pipeline).

One pool serves both phases and is forked before the caller reads the repository's sources: the
workers then hold the run settings (rules with their compiled tree-sitter queries, which cannot be
pickled, so they are inherited through fork) but no copy of the parent's heap. Each job carries its
own bytes. The project index, which only exists between the phases, reaches the workers through a
temporary pickle that each worker loads once.
"""
from __future__ import annotations

import multiprocessing
import os
import pickle
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import partial
from types import TracebackType

from .project import FileSummary, FunctionInfo, ProjectIndex
from .runner import FileJob, RunSettings, rewrite
from .types import FileChange

Progress = Callable[[str, int, int], None]  # (phase, done, total)
Result = tuple[FileChange, FileSummary | None]

# Worker state. The settings are set before the fork; the project index is loaded on first use.
_STATE: dict[str, object] = {}


def _analyse(job: FileJob) -> Result:
    change, summary = rewrite(job, _STATE["settings"], None, want_summary=True)  # type: ignore[arg-type]
    return _slim(change), summary


def _rewrite(project_file: tuple[str, int] | None, job: FileJob) -> Result:
    """`project_file`: the pickled index and the rewrite it belongs to (a path alone could be
    reused by a later temporary file); None when the index is in _STATE already."""
    if project_file is not None and _STATE.get("project_file") != project_file:
        with open(project_file[0], "rb") as handle:
            _STATE.update(project=pickle.load(handle), project_file=project_file)
    change, _ = rewrite(job, _STATE["settings"], _STATE["project"])  # type: ignore[arg-type]
    return _slim(change), None


# What the rewrite phase asks of a function: only whether it is async (after propagation, with
# ProjectIndex.newly_async). Two shared records instead of one per function: pickled once each.
_ASYNC = FunctionInfo("", 0, True, True, None)
_SYNC = FunctionInfo("", 0, False, False, None)


def rewrite_view(project: ProjectIndex) -> ProjectIndex:
    """The project index as the rewrite phase reads it (ProjectIndex.resolve, is_async,
    newly_async, unused_handles), without what only propagation needed: the calls and the details
    of each function. Every worker holds one copy, so its size counts once per core."""
    view = ProjectIndex(
        {
            path: replace(summary, calls=[], functions={name: _ASYNC if info.is_async else _SYNC for name, info in summary.functions.items()})
            for path, summary in project.summaries.items()
        }
    )
    view.newly_async, view.droppable = project.newly_async, project.droppable
    return view


def _slim(change: FileChange) -> FileChange:
    """Don't ship unchanged text back from workers: the parent has it already."""
    if change.after == change.before:
        return replace(change, before=b"", after=b"")
    return replace(change, before=b"")


class WorkerPool:
    """`count` forked workers (none when count <= 1: everything runs in this process)."""

    def __init__(self, count: int, settings: RunSettings):
        self.count = count
        self.settings = settings
        self._pool: multiprocessing.pool.Pool | None = None
        self._project_file: str | None = None
        self._rewrites = 0

    def __enter__(self) -> WorkerPool:
        _STATE.clear()
        _STATE["settings"] = self.settings
        if self.count > 1:
            self._pool = multiprocessing.get_context("fork").Pool(self.count)
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
        self._drop_project_file()
        _STATE.clear()

    def _inline(self, total: int) -> bool:
        """Run here: no workers, or too few jobs to be worth shipping to them."""
        return self._pool is None or total < 2 * self.count

    def _drop_project_file(self) -> None:
        if self._project_file is not None:
            os.unlink(self._project_file)
            self._project_file = None

    def analyse(self, jobs: list[FileJob], progress: Progress | None = None) -> Iterator[Result]:
        """Phase 1: each job rewritten without the project index, with its summary."""
        return self._map(_analyse, jobs, "analyse", progress)

    def rewrite(self, jobs: list[FileJob], project: ProjectIndex, progress: Progress | None = None) -> Iterator[Result]:
        """Phase 3: each job continued with the project index."""
        _STATE["project"] = project
        if self._inline(len(jobs)):
            return self._map(partial(_rewrite, None), jobs, "rewrite", progress)
        self._drop_project_file()  # a later run on the same pool has a project of its own
        self._rewrites += 1
        fd, self._project_file = tempfile.mkstemp(prefix="wavemod-project-", suffix=".pickle")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(rewrite_view(project), handle, protocol=pickle.HIGHEST_PROTOCOL)
        return self._map(partial(_rewrite, (self._project_file, self._rewrites)), jobs, "rewrite", progress)

    def _map(self, fn: Callable[[FileJob], Result], jobs: list[FileJob], phase: str, progress: Progress | None) -> Iterator[Result]:
        total = len(jobs)
        if self._inline(total):
            results: Iterator[Result] = map(fn, jobs)
        else:
            # Small chunks keep both workers busy to the end; large ones save pickling round trips.
            results = self._pool.imap(fn, jobs, chunksize=max(1, min(64, total // (self.count * 8))))
        for done, result in enumerate(results, 1):
            if progress:  # before the yield: a consumer that stops at the last result never resumes us
                progress(phase, done, total)
            yield result
