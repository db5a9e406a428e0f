"""The floating-promise check: calls to async functions that are neither awaited, returned, chained
nor handed to a Promise combinator. It runs the async-propagation analysis read-only over the
whole repository (nothing is newly async in a finished migration, so it only reports)."""
from __future__ import annotations

from pathlib import Path

from wavemod.codemods.registry import CODEMODS

from wavemod.engine.core.config import Config
from wavemod.engine.run.pipeline import default_workers, run_settings, run_sources
from wavemod.engine.core.types import Finding
from wavemod.engine.run.workers import WorkerPool
from wavemod.engine.core.workspace import Workspace


def floating_promises(repo: Path, config: Config, workers: int | None = None) -> list[Finding]:
    workspace = Workspace.open(repo)
    rules = [rule for rule in config.rules.values() if rule.codemod == "async-propagation"]
    frozen = frozenset(workspace.select(config.exclude, ()))
    settings = run_settings(rules, config, workspace.resolver, {}, codemods=CODEMODS)
    with WorkerPool(workers or default_workers(), settings) as pool:  # forked before the sources are read
        sources = {path: workspace.read(path) for path in workspace.files}
        # Every file counts as the wave's, so that calls nobody awaits are reported everywhere.
        result = run_sources(sources, set(sources), settings, "promises", pool, frozen=frozen, parse_all=True)
    return [f for f in result.findings if f.kind == "floating-promise"]
