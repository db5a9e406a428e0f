"""The analysis cache: a file's outcome in a run, reused by the next run that would compute it again.

A repeated `preview`, or the `apply` right after a `preview`, analyses the same files with the
same rules. What one worker task computes for a file (engine.run.workers: its rewrite to a fixpoint,
its summary and its record, the project's view of it) is a function of

* the file's bytes (keyed by their git blob id, of the working-tree bytes: a file with
  uncommitted changes is keyed by what is on disk, which is what the run reads),
* the run's fingerprint: wavemod's version and the hash of its own code, the wave, the rules and
  the rest of the configuration, the target's file list and tsconfig paths (module resolution),
  the PostgreSQL schema text, the adapter contracts and the repository rules,
* the task's own flags (phase, in the wave, excluded, ...; a continuing task: the text it starts
  from), and
* what it looked up while it ran: the records of other files (by digest of the record's bytes,
  or their absence) and the bytes of other files it read through the module resolver (re-export
  tables, wrappers: by blob id).

The first three make the entry's file name; the last are stored in the entry and checked when it
is read: an entry is used only when every file it looked at is as it was then (a file holds a few
entries of one key that looked at different things: a run whose wave grows analyses some files
twice). Anything that does
not check out (another version, another key, unreadable or truncated bytes, a record or file that
changed) is ignored and the task runs; nothing in an entry is trusted without its checks.

Entries live in the repository's shared git directory, `wavemod/cache/` (beside the type-check
gate's base runs, engine.checks.checkrun), as `analysis-<blob>-<key>.pickle`, written to a temporary
name and renamed, so two processes never read half an entry.
"""
from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePath
from collections.abc import Callable
from typing import TYPE_CHECKING

from wavemod.engine.analysis.mentions import Mentions, asked_name, holders_digest, mentions_paths
from wavemod.engine.core.workspace import is_package_path

if TYPE_CHECKING:
    from wavemod.engine.run.relevance import Survey
    from wavemod.engine.run.runner import RunSettings
    from wavemod.engine.run.workers import Done, Surveyed, Task
    from wavemod.engine.core.workspace import ModuleResolver

CACHE_VERSION = 1
PREFIX = "analysis-"
VARIANTS = 4  # entries kept per key (see AnalysisCache.lookup)
# The cache keeps at most this many files per source file of the target (and at least MIN_KEPT):
# past that the oldest go, down to half of it (an entry a run still uses is written again).
KEPT_PER_FILE = 6
MIN_KEPT = 3000
# Task fields left out of its key. `job`: keyed field by field. `drops_elsewhere`: whether some
# file already analysed drops a handle parameter depends on the order workers finish in, and only
# lets the handle-parameters codemod skip a file early (ProjectIndex.has_droppable); what it
# removes comes from the records the task reads, which the entry checks.
_NOT_KEYS = frozenset({"job", "drops_elsewhere"})
_PACKAGES = ("engine", "codemods")
_LIBRARIES = ("tree-sitter", "tree-sitter-typescript", "sqlglot")  # what parses the code and the SQL


def blob_id(data: bytes) -> str:
    """The git blob id of `data` (what `git hash-object` prints)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


@lru_cache(maxsize=1)
def engine_digest() -> str:
    """wavemod's version, a hash of its own code (an editable install that changed a codemod must
    not reuse what the old code computed), Python's version and the versions of the libraries it
    runs on (a new tree-sitter grammar or sqlglot may parse differently)."""
    import sys
    from importlib import metadata

    versions = []
    for name in ("wavemod", *_LIBRARIES):
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=-")
    digest = hashlib.sha256(f"{CACHE_VERSION}\0{sys.version}\0{' '.join(versions)}\0".encode())
    top = Path(__file__).resolve().parents[2]
    for package in _PACKAGES:
        for path in sorted((top / package).rglob("*")):
            if path.is_file() and path.suffix in {".py", ".toml", ".scm"}:
                digest.update(str(path.relative_to(top)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def canonical(value: object) -> object:
    """`value` as plain nested tuples whose repr is the same in every process: dataclasses field
    by field (those shown in their repr), sets and dicts sorted. Anything else keeps its repr; one
    that shows an address makes keys that never match again (a miss, never a wrong hit)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, tuple((f.name, canonical(getattr(value, f.name))) for f in dataclasses.fields(value) if f.repr))
    if isinstance(value, dict):
        return ("dict", tuple(sorted(((canonical(k), canonical(v)) for k, v in value.items()), key=repr)))
    if isinstance(value, (set, frozenset)):
        return ("set", tuple(sorted((canonical(v) for v in value), key=repr)))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(canonical(v) for v in value))
    if isinstance(value, PurePath):
        return str(value)
    return value


def run_fingerprint(settings: RunSettings, wave_id: str) -> str:
    """Everything a run's tasks share that decides their outcome (see the module's docstring):
    every field of the run's settings (a field added to them is part of the key without a word
    here), the resolver by what decides where imports go, the schema by its text."""
    parts: list[object] = [engine_digest(), wave_id]
    for f in dataclasses.fields(settings):
        value = getattr(settings, f.name)
        if f.name == "resolver":
            value = (sorted(value.files), value.base_url, canonical(value.paths), canonical(value.links))
        elif f.name == "schema_text":
            value = value.text if value is not None else None
        elif f.name == "codemods":
            value = sorted(value)  # by name: their code is in engine_digest
        parts.append((f.name, canonical(value)))
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogateescape")).hexdigest()


@dataclass(frozen=True)
class Entry:
    """One task's outcome and what it looked at (checked before the outcome is used)."""

    version: int
    key: str
    records: tuple[tuple[str, str | None], ...]  # path -> digest of the record it read (None: absent)
    reads: tuple[tuple[str, str | None], ...]  # path -> blob id of the bytes it read (None: unreadable)
    done: Done  # with the file's record, when the task made one (engine.run.records)


class AnalysisCache:
    """The cache of one run: the entries' directory and the run's fingerprint."""

    def __init__(self, directory: Path, fingerprint: str):
        self.directory = directory
        self.fingerprint = fingerprint
        self.hits = 0
        self.misses = 0
        self._made = False  # the directory exists
        self._sources: dict[str, bytes] = {}
        self._reader: Callable[[str], bytes | None] | None = None
        self._blobs: dict[str, str | None] = {}
        self._resolver: ModuleResolver | None = None
        self._holders: Mentions | None = None  # which files hold a name (engine.analysis.mentions)
        self._asked: tuple[str, dict[str, str]] | None = None  # (tree digest, name -> holders digest)

    def begin(self, sources: dict[str, bytes], resolver: ModuleResolver) -> None:
        """The run's sources (and the resolver's reader for other tracked files and for packages'
        declaration files): what the blob ids of the files the tasks read are taken from."""
        self._sources = sources
        # (and the declaration files of installed packages a task read: engine.analysis.package_types)
        self._reader = (lambda path: resolver.reader(path) if path in resolver.files or is_package_path(path) else None) if resolver.reader is not None else None  # type: ignore[misc]
        self._blobs = {}
        self._resolver = resolver
        self._holders = None
        self._asked = None

    def blob(self, path: str) -> str | None:
        """The blob id of a file of this run (None: it cannot be read); for the question which
        files hold a name (engine.analysis.mentions.asked), the digest of the files that hold it
        in this run."""
        if path not in self._blobs:
            name = asked_name(path)
            if name is not None:
                self._blobs[path] = self._holders_of(name)
                return self._blobs[path]
            data = self._bytes(path)
            self._blobs[path] = blob_id(data) if data is not None else None
        return self._blobs[path]

    def _bytes(self, path: str) -> bytes | None:
        """A file's bytes in this run: the sources held in memory, else the resolver's reader."""
        data = self._sources.get(path)
        return self._reader(path) if data is None and self._reader is not None else data

    def _holders_of(self, name: str) -> str:
        """The digest of the files holding `name` in this run. Asking costs a scan of every source
        file (about 35 ms a name at 10,000 files, 40 names there): the answers are kept, one file
        per run fingerprint, for the tree they were found in (the digest of every source file's
        blob id), so a run on an unchanged tree reads them instead."""
        target = self.directory / f"{PREFIX}mentions-{self.fingerprint[:32]}.pickle"
        if self._asked is None:
            paths = mentions_paths(self._resolver.files if self._resolver is not None else ())
            tree = hashlib.sha1("\n".join(f"{p} {self.blob(p)}" for p in paths).encode()).hexdigest()
            try:
                with open(target, "rb") as handle:
                    stored = pickle.load(handle)
                answers = stored[2] if stored[:2] == ((CACHE_VERSION, self.fingerprint), tree) and isinstance(stored[2], dict) else {}
            except Exception:  # noqa: BLE001 - missing or unreadable: ask again
                answers = {}
            self._asked = (tree, answers)
        tree, answers = self._asked
        if name not in answers:
            answers[name] = holders_digest(self._mentions().files_with(name.encode()))
            self._write(target, ((CACHE_VERSION, self.fingerprint), tree, answers))
        return answers[name]

    def _mentions(self) -> Mentions:
        """Which files hold a name, asked as the workers ask it (engine.analysis.handle_callers:
        the same files, in the same order), of the bytes this run holds in memory."""
        if self._holders is None:
            self._holders = Mentions(mentions_paths(self._resolver.files if self._resolver is not None else ()), self._bytes)
        return self._holders

    # ---- surveys: one file per run fingerprint -----------------------------------------------------
    def surveys(self, paths: list[str], in_wave: set[str], parse_all: bool, compute: Callable[[list[str]], dict[str, Surveyed]]) -> dict[str, Survey]:
        """Each file's survey (engine.run.relevance.survey): from the cache when the file, and every
        file the survey read besides it, has the bytes it had; `compute` surveys the others."""
        target = self.directory / f"{PREFIX}surveys-{self.fingerprint[:32]}.pickle"
        try:
            with open(target, "rb") as handle:
                stored = pickle.load(handle)
            known: dict[tuple[str, bool, bool], tuple[str | None, tuple[tuple[str, str | None], ...], Survey]] = stored[1] if stored[0] == (CACHE_VERSION, self.fingerprint) else {}
        except Exception:  # noqa: BLE001 - missing or unreadable: survey every file
            known = {}
        out: dict[str, Survey] = {}
        todo: list[str] = []
        for path in paths:
            entry = known.get((path, path in in_wave, parse_all))
            if entry is not None and entry[0] == self.blob(path) and all(self.blob(p) == b for p, b in entry[1]):
                out[path] = entry[2]
            else:
                todo.append(path)
        if todo:
            for path, (found, reads) in compute(todo).items():
                out[path] = found
                known[(path, path in in_wave, parse_all)] = (self.blob(path), tuple((p, self.blob(p)) for p in reads), found)
            listed = set(paths)
            self._write(target, ((CACHE_VERSION, self.fingerprint), {k: v for k, v in known.items() if k[0] in listed}))
        return out

    # ---- barrels: one file per run fingerprint -----------------------------------------------------
    def reaching(self, paths: list[str], targets: frozenset[str], resolver: ModuleResolver) -> set[str]:
        """Those of `paths` that pass on names of one of `targets` (`resolver.reaches`, a barrel of
        one): from the cache when the path's answer for these targets was found over files that all
        have the bytes they had then. The answer is read from the export tables of every file
        reachable by re-exports, which a run on an unchanged tree otherwise scans all over again."""
        target = self.directory / f"{PREFIX}barrels-{self.fingerprint[:32]}.pickle"
        try:
            with open(target, "rb") as handle:
                stored = pickle.load(handle)
            known: dict[str, tuple[frozenset[str], tuple[tuple[str, str | None], ...], bool]] = stored[1] if stored[0] == (CACHE_VERSION, self.fingerprint) else {}
        except Exception:  # noqa: BLE001 - missing or unreadable: ask the resolver for every path
            known = {}
        out: set[str] = set()
        computed = False
        for path in paths:
            entry = known.get(path)
            if entry is not None and entry[0] == targets and all(self.blob(p) == b for p, b in entry[1]):
                answer = entry[2]
            else:
                outer, resolver.reads = resolver.reads, set()
                try:
                    answer = resolver.reaches(path, targets)
                    read = resolver.reads
                finally:
                    resolver.reads = outer | resolver.reads
                known[path] = (targets, tuple((p, self.blob(p)) for p in sorted(read | {path})), answer)
                computed = True
            if answer:
                out.add(path)
        if computed:
            self._write(target, ((CACHE_VERSION, self.fingerprint), known))
        return out

    @classmethod
    def for_repo(cls, root: Path, settings: RunSettings, wave_id: str) -> AnalysisCache | None:
        """The cache of a run in the git repository at `root`; None outside one."""
        from wavemod.engine.checks.checkrun import common_git_dir

        try:
            directory = common_git_dir(root) / "wavemod" / "cache"
        except Exception:  # noqa: BLE001 - not a git repository (or no git): no cache
            return None
        return cls(directory, run_fingerprint(settings, wave_id))

    def key(self, task: Task) -> tuple[str, str]:
        """(the blob id of the file's bytes, a hash of the rest of the task's key: every field of
        the task and its job, so that one added to them is part of it without a word here)."""
        job = task.job
        flags: list[object] = [CACHE_VERSION, self.fingerprint]
        for f in dataclasses.fields(job):
            if f.name == "start":  # the text a continuing task starts from
                flags.append(("start", "" if job.start is job.original or job.start == job.original else blob_id(job.start)))
            elif f.name != "original":  # (the blob id)
                flags.append((f.name, canonical(getattr(job, f.name))))
        for f in dataclasses.fields(task):
            if f.name == "records":  # a temporary directory: only whether there is one matters
                flags.append(("records", task.records is not None))
            elif f.name not in _NOT_KEYS:
                flags.append((f.name, canonical(getattr(task, f.name))))
        return blob_id(job.original), hashlib.sha256(repr(flags).encode("utf-8", "surrogateescape")).hexdigest()

    def _path(self, key: tuple[str, str]) -> Path:
        return self.directory / f"{PREFIX}{key[0]}-{key[1][:32]}.pickle"

    def lookup(self, key: tuple[str, str], path: str) -> list[Entry]:
        """The entries of a task's `key` (one per set of things it looked at: a file can be
        analysed twice in one run, when files join the wave, with different records of what it
        imports), when there is a readable file of this version and key. What they looked at is
        checked by the caller, who knows the run's records."""
        return [e for e in self._read(self._path(key)) if e.key == key[1] and e.done.path == path]

    @staticmethod
    def _read(path: Path) -> list[Entry]:
        try:
            with open(path, "rb") as handle:
                found = pickle.load(handle)
        except Exception:  # noqa: BLE001 - missing, truncated, garbage: ignored, never trusted
            return []
        if not isinstance(found, tuple):
            return []
        return [e for e in found if isinstance(e, Entry) and e.version == CACHE_VERSION]

    def remember(self, key: tuple[str, str], done: Done, records: dict[str, str | None], reads: dict[str, str | None]) -> None:
        """Store a computed task's entry, first, with a few older ones of its key that looked at
        other things. (Written as the results come in: the run is waiting for its workers then.)"""
        path = self._path(key)
        kept = [Entry(CACHE_VERSION, key[1], tuple(sorted(records.items())), tuple(sorted(reads.items())), done)]
        for entry in self._read(path):
            if entry.key == key[1] and all((entry.records, entry.reads) != (k.records, k.reads) for k in kept):
                kept.append(entry)
        self._write(path, tuple(kept[:VARIANTS]))

    def _write(self, path: Path, value: object) -> None:
        """Write to a temporary file in the directory, renamed into place (atomic: a reader sees
        the old file or the new one). A cache that cannot be written is no error."""
        try:
            if not self._made:
                self.directory.mkdir(parents=True, exist_ok=True)
                self._made = True
            fd, tmp = tempfile.mkstemp(prefix=".tmp-" + PREFIX, dir=self.directory)
            try:
                with os.fdopen(fd, "wb") as handle:
                    pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, path)
            except BaseException:
                os.unlink(tmp)
                raise
        except OSError:
            pass

    def prune(self, files: int) -> None:
        """Keep the cache's size bounded: entries pile up as files change (each version of a file
        has its own), so past KEPT_PER_FILE per source file the least recently written go."""
        limit = max(MIN_KEPT, KEPT_PER_FILE * files)
        try:
            found = [(e.stat().st_mtime_ns, e.path) for e in os.scandir(self.directory) if e.name.startswith(PREFIX)]
        except OSError:
            return
        if len(found) <= limit:
            return
        found.sort()
        for _, path in found[: len(found) - limit // 2]:
            try:
                os.unlink(path)
            except OSError:  # another run removed or replaced it first
                pass
