"""Per-file work of the read-only commands (audit, waves, sqlcheck, repositories suggest) across
forked worker processes.

Workers inherit `shared` through fork: the config holds compiled tree-sitter queries, which cannot
be pickled. Each job is a path; each worker reads and parses the file itself.
"""
from __future__ import annotations

import multiprocessing
import multiprocessing.pool
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

SHARED: dict[str, Any] = {}


class QuietPool(multiprocessing.pool.Pool):
    """multiprocessing's pool of forked workers, without its worker-handler thread waking for every
    result.

    That thread waits on the results pipe besides the workers' exits and its change notifier
    (CPython 3.8 to 3.13), and the pipe stays readable until the result-handler thread has read
    the result: it spins meanwhile, about a second of the parent's CPU per 10,000 files, which a
    two-core machine takes from the workers. It still wakes when a worker exits and when the pool
    is closed, terminated or drained (the notifier)."""

    def __init__(self, processes: int, initializer: Callable[[], None] | None = None) -> None:
        super().__init__(processes, initializer, context=multiprocessing.get_context("fork"))

    def _get_sentinels(self) -> list[Any]:
        return [self._change_notifier._reader]  # type: ignore[attr-defined]


def map_paths(fn: Callable[[str], T], paths: list[str], shared: dict[str, Any], workers: int) -> list[T]:
    """`[fn(path) for path in paths]`, in order; `fn` reads `SHARED`, which holds `shared`."""
    SHARED.clear()
    SHARED.update(shared)
    try:
        if workers <= 1 or len(paths) < 2 * workers:  # too little work to be worth the fork
            return [fn(path) for path in paths]
        with QuietPool(workers) as pool:
            return pool.map(fn, paths, chunksize=max(1, min(64, len(paths) // (workers * 8))))
    finally:
        SHARED.clear()
