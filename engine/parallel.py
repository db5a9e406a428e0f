"""Per-file work of the read-only commands (audit, waves, sqlcheck, repositories suggest) across
forked worker processes.

Workers inherit `shared` through fork: the config holds compiled tree-sitter queries, which cannot
be pickled. Each job is a path; each worker reads and parses the file itself.
"""
from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

SHARED: dict[str, Any] = {}


def map_paths(fn: Callable[[str], T], paths: list[str], shared: dict[str, Any], workers: int) -> list[T]:
    """`[fn(path) for path in paths]`, in order; `fn` reads `SHARED`, which holds `shared`."""
    SHARED.clear()
    SHARED.update(shared)
    try:
        if workers <= 1 or len(paths) < 2 * workers:  # too little work to be worth the fork
            return [fn(path) for path in paths]
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return pool.map(fn, paths, chunksize=max(1, min(64, len(paths) // (workers * 8))))
    finally:
        SHARED.clear()
