"""What a package's declarations say about a wrapper it exports (engine.analysis.package_types), read from
node_modules laid out as npm installs it, and a cached analysis that depended on them (a real run
of the example application in a git repository, node_modules untracked on disk)."""
from __future__ import annotations

from pathlib import Path

from conftest import git

from wavemod.engine.run.analysis_cache import AnalysisCache
from wavemod.engine.api import plan_wave
from wavemod.engine.output.diffs import patch
from wavemod.engine.analysis.package_types import accepts_async_callback
from wavemod.engine.core.workspace import ModuleResolver

P_RETRY = {
    "node_modules/p-retry/package.json": b'{"name": "p-retry", "type": "module", "exports": {"types": "./index.d.ts", "default": "./index.js"}}',
    "node_modules/p-retry/index.d.ts": b"export type Options = {readonly retries?: number};\n"
    b"export default function pRetry<T>(\n\tinput: (attemptCount: number) => PromiseLike<T> | T,\n\toptions?: Options\n): Promise<T>;\n",
}
MEMOIZE_ONE = {
    "node_modules/memoize-one/package.json": b'{"name": "memoize-one", "main": "dist/memoize-one.cjs.js", "types": "dist/memoize-one.d.ts"}',
    "node_modules/memoize-one/dist/memoize-one.d.ts": b"export declare type MemoizedFn<TFunc extends (this: any, ...args: any[]) => any> = {\n    clear: () => void;\n    (this: ThisParameterType<TFunc>, ...args: Parameters<TFunc>): ReturnType<TFunc>;\n};\n"
    b"declare function memoizeOne<TFunc extends (this: any, ...newArgs: any[]) => any>(resultFn: TFunc): MemoizedFn<TFunc>;\nexport default memoizeOne;\n",
}
# @types/async-retry: `export =` of a function whose callback type is an alias in its namespace.
ASYNC_RETRY = {
    "node_modules/async-retry/package.json": b'{"name": "async-retry", "main": "lib/index.js"}',
    "node_modules/@types/async-retry/package.json": b'{"name": "@types/async-retry", "types": "index.d.ts"}',
    "node_modules/@types/async-retry/index.d.ts": b"declare function AsyncRetry<TRet>(fn: AsyncRetry.RetryFunction<TRet>, opts?: AsyncRetry.Options): Promise<TRet>;\n"
    b"declare namespace AsyncRetry {\n    interface Options { retries?: number }\n    type RetryFunction<TRet, TErr = Error> = (bail: (e: TErr) => void, attempt: number) => TRet | Promise<TRet>;\n}\nexport = AsyncRetry;\n",
}
NAMED = {
    "node_modules/@acme/jobs/package.json": b'{"name": "@acme/jobs", "exports": {".": {"import": {"types": "./types/index.d.ts", "default": "./esm/index.js"}}}}',
    "node_modules/@acme/jobs/types/index.d.ts": b"declare function later(fn: () => void): void;\n"
    b"export declare function withLock<T>(name: string, fn: () => Promise<T> | T): Promise<T>;\nexport declare function withLock<T>(fn: () => T): T;\n"
    b"export declare function inSpan<T>(name: string, fn: () => Promise<T> | T): Promise<T>;\nexport { later as defer };\n",
}


def resolver(files: dict[str, bytes]) -> ModuleResolver:
    return ModuleResolver(frozenset(p for p in files if "node_modules/" not in p), reader=files.get)


def test_a_callback_parameter_that_takes_a_promise_of_a_function_returning_one_accepts_an_async_callback() -> None:
    r = resolver({**P_RETRY, **MEMOIZE_ONE, **ASYNC_RETRY, **NAMED})
    assert accepts_async_callback(r, "p-retry", "default", 0, "app/api/route.ts")
    assert not accepts_async_callback(r, "p-retry", "default", 1, "app/api/route.ts")  # the options
    assert not accepts_async_callback(r, "memoize-one", "default", 0, "lib/statuses.ts")
    assert accepts_async_callback(r, "async-retry", "default", 0, "lib/jobs.ts")  # through @types
    assert accepts_async_callback(r, "@acme/jobs", "inSpan", 1, "lib/jobs.ts")
    # Overloads must all say so; a local function exported under another name returns nothing.
    assert not accepts_async_callback(r, "@acme/jobs", "withLock", 1, "lib/jobs.ts")
    assert not accepts_async_callback(r, "@acme/jobs", "defer", 0, "lib/jobs.ts")
    # No declarations installed, a subpath, a runtime module: nothing is known.
    assert not accepts_async_callback(r, "p-map", "default", 0, "lib/jobs.ts")
    assert not accepts_async_callback(r, "p-retry/index.js", "default", 0, "lib/jobs.ts")
    assert not accepts_async_callback(r, "node:timers", "setTimeout", 0, "lib/jobs.ts")


def test_the_nearest_node_modules_is_read_and_every_read_is_recorded() -> None:
    nested = {"packages/web/" + p: b for p, b in P_RETRY.items()}
    r = resolver(nested)
    assert accepts_async_callback(r, "p-retry", "default", 0, "packages/web/app/api/route.ts")
    assert not accepts_async_callback(r, "p-retry", "default", 0, "packages/admin/app/api/route.ts")
    r.reads.clear()
    assert accepts_async_callback(r, "p-retry", "default", 0, "packages/web/app/api/route.ts")  # (answered from memory)
    assert {"packages/web/node_modules/p-retry/package.json", "packages/web/node_modules/p-retry/index.d.ts"} <= r.reads
    cache = AnalysisCache(Path("/nonexistent"), "f" * 64)
    cache.begin({}, r)
    assert cache.blob("packages/web/node_modules/p-retry/index.d.ts") is not None, "the cache checks a declaration file a task read"


ROUTE = """import pRetry from 'p-retry'
import { getDb } from '@/lib/db/connection'

// The nightly import may hold the write lock for a moment: retry before failing.
export async function GET(request: Request) {
  const id = Number(new URL(request.url).searchParams.get('id'))
  const ticket = await pRetry(() => getDb().prepare('SELECT * FROM tickets WHERE id = ?').get(id), { retries: 3 })
  return Response.json(ticket ?? null)
}
"""


def test_a_cached_analysis_is_not_reused_when_the_package_declarations_change(example_repo: Path, config) -> None:  # type: ignore[no-untyped-def]
    """The route's bytes stay the same, but the installed package's declarations no longer take a
    Promise-returning callback: its cached outcome (an async callback) must not be reused."""


    route = example_repo / "app" / "api" / "tickets" / "retried" / "route.ts"
    route.parent.mkdir(parents=True)
    route.write_text(ROUTE, encoding="utf-8")
    git(example_repo, "add", "-A")
    git(example_repo, "commit", "-qm", "retried route")
    for path, data in P_RETRY.items():
        (example_repo / path).parent.mkdir(parents=True, exist_ok=True)
        (example_repo / path).write_bytes(data)
    before = patch(plan_wave(example_repo, "wave-3", config, 1, cache=True).changes)
    assert "await pRetry(async () => await " in before
    declarations = example_repo / "node_modules" / "p-retry" / "index.d.ts"
    declarations.write_bytes(P_RETRY["node_modules/p-retry/index.d.ts"].replace(b"PromiseLike<T> | T", b"T"))
    after = plan_wave(example_repo, "wave-3", config, 1, cache=True)
    assert patch(after.changes) == patch(plan_wave(example_repo, "wave-3", config, 1, cache=False).changes)
    assert "pRetry(async" not in patch(after.changes)
    assert any("callback passed to pRetry" in f.message and f.path.endswith("retried/route.ts") for f in after.findings)
