"""The type-check gate: the target's TypeScript errors before and after a wave, and which are new.

Matching before and after. A wave moves lines (an added import shifts everything below it), so an
error cannot be known by its line. Errors are compared as a multiset of (file, code, message): an
error counts as new only when the wave raised the number of errors with that file, code and message,
so errors that were there before never count, wherever they moved. When the count rose, which of the
equal errors are the new ones is decided by mapping the old lines through the file's diff
(difflib): an error standing where an old one maps to is the old one; the others are named.
Mapping lines alone would miss an old error whose line the wave rewrote (it maps nowhere), and
would call it new; the multiset cannot be fooled that way.
"""
from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from wavemod.engine.checks.checkrun import CommandRun, tail
from wavemod.engine.core.errors import ConfigError

# `file(line,col): error TS2322: message`, as tsc prints it with --pretty false; continuation
# lines of a message chain are indented.
DIAGNOSTIC = re.compile(r"^(?P<file>[^\s(][^(]*)\((?P<line>\d+),(?P<col>\d+)\): (?P<severity>error|warning) (?P<code>TS\d+): (?P<message>.*)$")
GLOBAL = re.compile(r"^(?P<severity>error|warning) (?P<code>TS\d+): (?P<message>.*)$")
DEFAULT_ARGS = "--noEmit --pretty false"


@dataclass(frozen=True)
class Diagnostic:
    """One diagnostic of the type checker (path relative to the repository; line 0: no file)."""

    path: str
    line: int
    code: str
    message: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.path, self.code, self.message)

    def to_json(self) -> list:
        return [self.path, self.line, self.code, self.message]

    @classmethod
    def from_json(cls, item: list) -> "Diagnostic":
        return cls(str(item[0]), int(item[1]), str(item[2]), str(item[3]))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.path else "(project)"
        return f"{where}: {self.code}: {self.message}"


def typecheck_command(root: Path, configured: str | None) -> str | None:
    """The command that type-checks the target: `[project] typecheck`, else its own tsc, else None."""
    if configured:
        return configured
    if (root / "node_modules" / ".bin" / "tsc").exists():
        return f"node_modules/.bin/tsc {DEFAULT_ARGS}"
    return None


def _relative(path: str, tree: Path) -> str:
    pure = PurePosixPath(path.replace("\\", "/"))
    if pure.is_absolute():
        try:
            return str(pure.relative_to(PurePosixPath(str(tree))))
        except ValueError:
            return str(pure)
    return str(pure).removeprefix("./")


def parse_output(text: str, tree: Path) -> list[Diagnostic]:
    """The errors in tsc's plain output (warnings are not errors: they never block)."""
    found: list[Diagnostic] = []
    current: list[str] | None = None
    for raw in text.splitlines():
        line = raw.rstrip()
        match = DIAGNOSTIC.match(line)
        whole = GLOBAL.match(line) if match is None else None
        if match or whole:
            m = match or whole
            assert m is not None
            if m.group("severity") != "error":
                current = None
                continue
            path = _relative(m.group("file"), tree) if match else ""
            found.append(Diagnostic(path, int(m.group("line")) if match else 0, m.group("code"), m.group("message").strip()))
            current = [m.group("message").strip()]
        elif current is not None and raw[:1].isspace() and line.strip():
            # A message chain ("Type 'X' is not assignable ... \n  Property 'y' is missing"): part of the message.
            current.append(line.strip())
            last = found[-1]
            found[-1] = Diagnostic(last.path, last.line, last.code, " ".join(current))
        else:
            current = None
    return found


def run_result(run: CommandRun, tree: Path) -> list[Diagnostic]:
    """The errors of a finished run; a run that failed without saying why is an error itself
    (a checker that did not run must not pass for one that found nothing)."""
    errors = parse_output(run.output, tree)
    if run.returncode != 0 and not errors:
        raise ConfigError(
            f"the type check `{run.command}` exited with {run.returncode} without reporting a type error:\n{tail(run.output)}",
            hint="fix the command ([project] typecheck in waves.toml) so that it prints tsc's `file(line,col): error TSxxxx: message` lines (tsc --pretty false), or pass --no-typecheck",
        )
    return errors


def _line_map(before: bytes, after: bytes) -> dict[int, int]:
    """Old line -> new line for the lines the diff keeps (1-based)."""
    old = before.decode("utf-8", "replace").splitlines()
    new = after.decode("utf-8", "replace").splitlines()
    out: dict[int, int] = {}
    for block in difflib.SequenceMatcher(None, old, new, autojunk=False).get_matching_blocks():
        for i in range(block.size):
            out[block.a + i + 1] = block.b + i + 1
    return out


def new_errors(before: list[Diagnostic], after: list[Diagnostic], texts: dict[str, tuple[bytes, bytes]]) -> list[Diagnostic]:
    """The errors of `after` that the wave added (see the module doc). `texts`: path -> (before,
    after) bytes of the files the wave changed, to map lines through."""
    old_by_key: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for error in before:
        old_by_key[error.key].append(error.line)
    new_by_key: dict[tuple[str, str, str], list[Diagnostic]] = defaultdict(list)
    for error in after:
        new_by_key[error.key].append(error)
    added: list[Diagnostic] = []
    maps: dict[str, dict[int, int]] = {}
    for key, errors in new_by_key.items():
        surplus = len(errors) - len(old_by_key.get(key, []))
        if surplus <= 0:
            continue
        path = key[0]
        if path in texts and path not in maps:
            maps[path] = _line_map(*texts[path])
        line_map = maps.get(path)
        moved = [line_map.get(line) if line_map is not None else line for line in old_by_key.get(key, [])]
        # Errors standing where an old one now stands are the old ones; name the others first.
        ranked = sorted(errors, key=lambda e: (e.line in moved, e.line))
        added.extend(ranked[:surplus])
    return sorted(added, key=lambda e: (e.path, e.line, e.code, e.message))
