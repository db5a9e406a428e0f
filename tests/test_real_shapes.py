"""The golden cases of barrels, wrappers and map callbacks come out the same across worker
processes: a wrapper's module is analysed together with its callers (engine.analysis.wrappers), and a
barrel's re-exports are pruned on the final texts (engine.analysis.barrels), whatever the order the workers
finish in."""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from wavemod.codemods.registry import CODEMODS
from wavemod.engine.api import EXAMPLE_FIXTURE
from wavemod.engine.run.pipeline import run_settings, run_sources
from wavemod.engine.run.workers import WorkerPool
from wavemod.engine.core.workspace import ModuleResolver
from test_golden import CONFIG, _files, _rules

GOLDEN = Path(__file__).parent / "golden"
CASES = ["receivers-barrels", "receivers-return-type", "wrapper-callbacks", "map-callbacks"]


@pytest.mark.parametrize("name", CASES)
def test_two_workers_give_the_golden_output(name: str) -> None:
    case = GOLDEN / name
    spec = tomllib.loads((case / "case.toml").read_text())
    inputs = _files(case / "input")
    sources = {**EXAMPLE_FIXTURE, **inputs}
    resolver = ModuleResolver(frozenset(sources), "", {"@/*": ["./*"]}, reader=sources.get)
    settings = run_settings(_rules(spec.get("rules", ["rules/adapter.toml"])), CONFIG, resolver, sources, codemods=CODEMODS)
    targets = set(spec["targets"]) if "targets" in spec else set(inputs)
    with WorkerPool(2, settings) as pool:
        result = run_sources(sources, targets, settings, pool=pool, frozen=frozenset(p for p in EXAMPLE_FIXTURE if p not in inputs))
    outputs = {**inputs, **{c.path: c.after for c in result.changes if c.path in inputs}}
    assert outputs == _files(case / "expected")
