"""One error type for everything a user can get wrong; the CLI renders it and exits with its code."""
from __future__ import annotations

from pathlib import Path


class WavemodError(Exception):
    """An error with a message, a hint and a distinct exit code.

    `path` and `line` name the place the user has to look at, when there is one.
    """

    exit_code = 1

    def __init__(self, message: str, hint: str = "", path: Path | str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.path = str(path) if path is not None else None
        self.line = line

    def render(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        text = f"{where}{self.message}"
        if self.hint:
            text += f"\nHint: {self.hint}"
        return text


class ConfigError(WavemodError):
    """Malformed rule or wave files, unknown rules, captures, codemods or waves, a schema they name
    that is missing or does not load."""

    exit_code = 2


class RepoError(WavemodError):
    """The target is not a git repository, the tree is dirty, a branch exists, a path is outside."""

    exit_code = 3


class RewriteError(WavemodError):
    """A rewrite could not be completed safely (no convergence, failed verification)."""

    exit_code = 4


class AcceptanceError(WavemodError):
    """An acceptance check failed where it must pass (apply, audit --strict)."""

    exit_code = 5
