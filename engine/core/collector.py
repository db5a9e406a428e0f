"""How often CPython's cyclic garbage collector runs while a whole run is in progress.

A run allocates millions of small objects, and many of them live until it ends: the summaries,
records, findings and changes of every file, and on a warm run the analysis cache's entries. With
the default thresholds (700, 10, 10) the collector walks that growing heap again and again: on a
warm wave-3 preview of 10,000 real-shaped files it ran 682 young and 5 full collections, 0.38 s of
a 2.9 s run (bench/README.md). Ten thousand allocations between young collections take that to
44 and 1, 0.15 s. Cycles are still collected, only later; the peak memory of the benchmark's runs does not
change measurably (what a run keeps is not garbage, and most of what it drops is freed by
reference counting the moment it goes).

The setting is process-wide: `fewer_collections` puts the old one back when the run returns, so a
program that calls the engine keeps its own. Worker processes forked during the run inherit it.
"""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

THRESHOLDS = (10_000, 10, 10)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the body with the collector's young-generation threshold raised (THRESHOLDS)."""
    old = gc.get_threshold()
    gc.set_threshold(*THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*old)
