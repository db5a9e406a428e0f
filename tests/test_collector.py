"""A run's garbage-collector setting (engine.core.collector): raised while the run works, and the
caller's own put back when it returns, also when it fails."""
from __future__ import annotations

import gc
from pathlib import Path

import pytest

from wavemod.engine.api import plan_wave
from wavemod.engine.core.collector import THRESHOLDS
from wavemod.engine.core.errors import ConfigError

CALLERS = (1234, 5, 6)


@pytest.fixture
def callers_setting():  # type: ignore[no-untyped-def]
    old = gc.get_threshold()
    gc.set_threshold(*CALLERS)
    yield
    gc.set_threshold(*old)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_run_collects_less_often_and_gives_the_caller_its_setting_back(example_repo: Path, config, callers_setting, workers: int) -> None:  # type: ignore[no-untyped-def]
    seen: list[tuple[int, ...]] = []
    result = plan_wave(example_repo, "wave-1", config, workers, progress=lambda phase, done, total: seen.append(gc.get_threshold()))
    assert result.changed and seen
    assert set(seen) == {THRESHOLDS} and THRESHOLDS != CALLERS
    assert gc.get_threshold() == CALLERS


def test_a_failed_run_gives_the_caller_its_setting_back(example_repo: Path, config, callers_setting) -> None:  # type: ignore[no-untyped-def]
    (example_repo / "lib" / "db" / "schema.postgres.sql").unlink()
    with pytest.raises(ConfigError):
        plan_wave(example_repo, "wave-1", config, 1)
    assert gc.get_threshold() == CALLERS
