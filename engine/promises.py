"""The floating-promise check: calls to async functions that are neither awaited, returned, chained
nor handed to a Promise combinator. It runs the async-propagation analysis read-only over the
whole repository (nothing is newly async in a finished migration, so it only reports)."""
from __future__ import annotations

from pathlib import Path

from .config import Config
from .pipeline import default_workers, run_sources
from .types import Finding
from .workspace import Workspace


def floating_promises(repo: Path, config: Config, workers: int | None = None) -> list[Finding]:
    workspace = Workspace.open(repo)
    sources = {path: workspace.read(path) for path in workspace.files}
    rules = [rule for rule in config.rules.values() if rule.codemod == "async-propagation"]
    frozen = frozenset(workspace.select(config.exclude, ()))
    result = run_sources(sources, set(), rules, config, workspace.resolver, "promises", workers or default_workers(), frozen=frozen)
    return [f for f in result.findings if f.kind == "floating-promise"]
