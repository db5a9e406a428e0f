"""Where worker processes find what the files analysed so far became (see engine.run.schedule).

As soon as a file is final its record is written: its summary as the cross-file pass reads
it (each function and whether it is async, exports, re-exports, instances; not its calls, which
only propagation reads), and which of its functions turn async or lose handle parameters. A worker
loads a record the first time a call it resolves leads to that file, so it reads each record at
most once, and only the ones it needs. Records are small files in a temporary directory rather than
messages: which worker needs which is only known inside the worker, when it resolves a call.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from dataclasses import dataclass, replace

from wavemod.engine.analysis.project import FileSummary, FunctionInfo, ProjectIndex, Summaries

# What the cross-file pass asks of a function: only whether it is async (after propagation, with
# ProjectIndex.newly_async). Two shared records instead of one per function.
_ASYNC = FunctionInfo("", 0, True, True, None)
_SYNC = FunctionInfo("", 0, False, False, None)


@dataclass(frozen=True)
class Record:
    summary: FileSummary  # slim: see slim()
    newly_async: tuple[str, ...]  # qualified names of its functions that turn async
    droppable: tuple[tuple[str, tuple[int, ...]], ...]  # qualified name -> handle positions that go


def slim(summary: FileSummary) -> FileSummary:
    """The summary without what only propagation reads: the calls and the details of each function."""
    return replace(summary, calls=[], functions={name: _ASYNC if info.is_async else _SYNC for name, info in summary.functions.items()})


def record_of(project: ProjectIndex, path: str) -> Record:
    summary = project.summaries[path]
    gids = {name: project.gid(path, name) for name in summary.functions}
    return Record(
        slim(summary),
        tuple(name for name, gid in gids.items() if gid in project.newly_async),
        tuple((name, project.droppable[gid]) for name, gid in gids.items() if gid in project.droppable),
    )


def _file(directory: str, path: str) -> str:
    return os.path.join(directory, hashlib.sha1(path.encode()).hexdigest() + ".pickle")


def _in_memory(needed: int, shm: str = "/dev/shm") -> str | None:
    """/dev/shm when the system has it with room to spare: a record is written per analysed file,
    and on a journaling disk each write costs about 20 times as much. (A container may give it as
    little as 64 MB: then None, the system's temporary directory.)"""
    try:
        stats = os.statvfs(shm)
    except OSError:
        return None
    return shm if os.access(shm, os.W_OK) and stats.f_bavail * stats.f_frsize >= needed else None


class RecordStore:
    """The parent's side: a temporary directory of records, removed on close."""

    def __init__(self, files: int) -> None:
        """`files`: how many records there may be (about 2 KB each)."""
        self._tmp = tempfile.TemporaryDirectory(prefix="wavemod-records-", dir=_in_memory(4096 * files + (16 << 20)))
        self.directory = self._tmp.name

    def put(self, project: ProjectIndex, path: str) -> str:
        """Store the file's record as the project has it; returns its digest."""
        record = record_of(project, path)
        write(self.directory, path, record)
        return digest(record)

    def close(self) -> None:
        self._tmp.cleanup()


def write(directory: str, path: str, record: Record) -> None:
    """Store a file's record (the parent for the files of an import cycle, a worker for the others,
    right after it found what its file became)."""
    target = _file(directory, path)
    with open(target + ".tmp", "wb") as handle:  # renamed into place: a reader never sees half a record
        pickle.dump(record, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(target + ".tmp", target)


def digest(record: Record) -> str:
    """What a task that read a record remembers of it (engine.run.analysis_cache): a hash of its
    repr, which holds dicts, lists and tuples only, in their (deterministic) order. Not of its
    pickled bytes: those depend on which equal strings happen to be one object."""
    return hashlib.sha1(repr(record).encode("utf-8", "surrogateescape")).hexdigest()


def adopt(project: ProjectIndex, path: str, record: Record) -> None:
    """Add a final file to a project index from its record."""
    dict.__setitem__(project.summaries, path, record.summary)
    project.newly_async.update(project.gid(path, name) for name in record.newly_async)
    project.droppable.update((project.gid(path, name), positions) for name, positions in record.droppable)


def view(directory: str, digests: dict[str, str] | None = None) -> ProjectIndex:
    """A worker's project index over the records in `directory`, loaded on first use. A path
    without a record is remembered as absent for the task at hand only (Summaries.missed): it may
    be written later, for a later task. `digests` gets the digest of each record loaded."""
    project = ProjectIndex(Summaries())

    def load(path: str) -> FileSummary | None:
        try:
            with open(_file(directory, path), "rb") as handle:
                record: Record = pickle.load(handle)
        except FileNotFoundError:
            return None
        if digests is not None:
            digests[path] = digest(record)
        adopt(project, path, record)
        return record.summary

    project.summaries.loader = load
    return project
