"""Which source files of the project hold a name's bytes: `needle in source` for every file, asked
for many names in one run without reading the whole project once per name.

engine.analysis.handle_callers asks it for every top-level helper whose parameter may be the
database handle, to find the files that may call it. A plain scan reads every file of the project
for each name; on a 10,000-file project that asks about 40 helpers, that is 400,000 reads (most of
the cost is the reads themselves). So the first few names are scanned plainly (a small project
asks few: the scans cost less than an index), and from the next one on an index answers, built in
one read of every file:

* each file's distinct *runs of word bytes* (ASCII letters, digits, `_`, `$` and every byte of a
  UTF-8 multi-byte character), kept as one byte string of runs, one file after another;
* a name made only of word bytes (every identifier, ASCII or not) that occurs in a file's bytes
  lies inside one maximal run of them: it occurs in the file exactly when it occurs in one of that
  file's runs. The index's answer is therefore the plain scan's, file for file: a name inside a
  longer word (`getUser` in `getUserById`), in a string or a comment, counts, as it does there.

A name holding any other byte (an identifier spelled with an escape, `\\u0061`) is scanned plainly.
The index holds each file's runs once (about a seventh of the source bytes), in the process that
asks (one per worker), for the resolver's lifetime: one run, files as they were when it started.
"""
from __future__ import annotations

import hashlib
from bisect import bisect_right
from collections.abc import Callable, Iterable

from wavemod.engine.core.languages import language_for

# Word bytes kept; every other byte becomes a separator (a space, which `bytes.split` cuts on).
_WORD = frozenset(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_$") | frozenset(range(0x80, 0x100))
_SEPARATE = bytes(b if b in _WORD else 0x20 for b in range(256))
_JOIN = b"\n"  # between runs and between files: not a word byte, so no name found spans two runs

# Names scanned plainly before the index is built. Building it costs about as much as ten plain
# scans (measured on the benchmark's real-shaped corpora, 1,000 and 10,000 files: tokenizing every
# file once against reading every file once per name); a project asking fewer names never pays it.
PLAIN_SCANS = 8

Reader = Callable[[str], "bytes | None"]

# What a task "read" when it asked which files hold a name, among the paths it records as read
# (resolver.reads): the analysis cache (engine.run.analysis_cache) keeps, for such an entry, the
# digest of the files that held the name, and uses the entry only while the same files hold it (a
# file that starts to call a helper changes the answer without being among the files read).
_ASKED = "\x00mentions:"


def asked(name: str) -> str:
    """The read that stands for asking which files hold `name`."""
    return _ASKED + name


def asked_name(read: str) -> str | None:
    """The name of such a read; None for a file's path."""
    return read[len(_ASKED):] if read.startswith(_ASKED) else None


def holders_digest(files: list[str]) -> str:
    """What the cache compares: the files holding a name, in order."""
    return "mentions:" + hashlib.sha1("\n".join(files).encode()).hexdigest()


def is_word(needle: bytes) -> bool:
    """Whether every byte of `needle` is a word byte (the index answers only such names)."""
    return bool(needle) and not needle.translate(_SEPARATE).count(b" ")


def mentions_paths(files: Iterable[str]) -> list[str]:
    """The files a name is looked for in, in the order answers list them: the source files."""
    return [p for p in sorted(files) if language_for(p) is not None]


def plain_scan(paths: Iterable[str], read: Reader, needle: bytes) -> list[str]:
    """The paths, in the order given, whose bytes hold `needle` (unreadable ones left out)."""
    found = []
    for path in paths:
        source = read(path)
        if source is not None and needle in source:
            found.append(path)
    return found


class MentionIndex:
    """Each readable file's distinct runs of word bytes, one after another in one byte string."""

    def __init__(self, paths: list[str], runs: bytes, starts: list[int]):
        self.paths = paths  # the files indexed, in the order given to `build`
        self.runs = runs
        self.starts = starts  # where each file's runs begin in `runs`

    @classmethod
    def build(cls, paths: Iterable[str], read: Reader) -> MentionIndex:
        kept: list[str] = []
        pieces: list[bytes] = []
        starts: list[int] = []
        at = 0
        for path in paths:
            source = read(path)
            if source is None:
                continue  # the plain scan skips it too
            piece = _JOIN.join(set(source.translate(_SEPARATE).split()))
            kept.append(path)
            starts.append(at)
            pieces.append(piece)
            at += len(piece) + len(_JOIN)
        return cls(kept, _JOIN.join(pieces), starts)

    def files_with(self, needle: bytes) -> list[str]:
        """The indexed paths whose bytes hold `needle` (made of word bytes: `is_word`), in the
        order they were indexed."""
        found: list[str] = []
        runs, starts = self.runs, self.starts
        hit = runs.find(needle)
        while hit != -1:
            file = bisect_right(starts, hit) - 1
            found.append(self.paths[file])
            if file + 1 == len(starts):
                break
            hit = runs.find(needle, starts[file + 1])  # the next file's runs
        return found


class Mentions:
    """The files of a project holding a name, for one resolver: plain scans for the first
    PLAIN_SCANS names, then the index (module docstring)."""

    def __init__(self, paths: list[str], read: Reader):
        self.paths = paths
        self.read = read
        self.scans = 0
        self.index: MentionIndex | None = None

    def files_with(self, needle: bytes) -> list[str]:
        """The paths (in the order given) whose bytes hold `needle`, as `needle in source` says."""
        if not is_word(needle):
            return plain_scan(self.paths, self.read, needle)
        if self.index is None and self.scans < PLAIN_SCANS:
            self.scans += 1
            return plain_scan(self.paths, self.read, needle)
        if self.index is None:
            self.index = MentionIndex.build(self.paths, self.read)
        return self.index.files_with(needle)
