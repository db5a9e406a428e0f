"""Files are analysed in import order (engine.run.schedule): import cycles, deep chains, and an import
the byte scan misses all give the outcome of analysing everything at once."""
from __future__ import annotations

import pytest

import wavemod.engine.run.relevance as relevance
import wavemod.engine.run.schedule as schedule
from wavemod.engine.api import run_project
from wavemod.engine.core.config import Config
from wavemod.engine.run.relevance import Needles, Scan
from wavemod.engine.run.schedule import import_cycles
from wavemod.engine.core.types import WaveResult


def _texts(result: WaveResult) -> dict[str, str]:
    return {c.path: c.after.decode() for c in result.changes}


def _digest(result: WaveResult) -> list[tuple]:
    return [(c.path, c.status, c.after, c.findings, c.rule_counts, c.notes, c.call_sites) for c in sorted(result.changes, key=lambda c: c.path)] + [
        tuple(result.async_functions)
    ]


def test_import_cycles_come_after_what_they_import_and_deep_chains_need_no_recursion() -> None:
    deps = {"app.ts": {"svc.ts"}, "svc.ts": {"a.ts"}, "a.ts": {"b.ts"}, "b.ts": {"a.ts", "db.ts"}, "db.ts": set(), "lone.ts": set()}
    order = import_cycles(sorted(deps), deps)
    assert sorted(map(tuple, order)) == sorted([("app.ts",), ("svc.ts",), ("a.ts", "b.ts"), ("db.ts",), ("lone.ts",)])
    position = {p: i for i, component in enumerate(order) for p in component}
    for path, imported in deps.items():
        assert all(position[d] <= position[path] for d in imported)  # never before what it imports
    chain = {f"m{i:05}.ts": {f"m{i + 1:05}.ts"} for i in range(5000)} | {"m05000.ts": set()}
    order = import_cycles(sorted(chain), chain)
    assert [c[0] for c in order] == sorted(chain, reverse=True)


# Two modules import each other: the queries call a formatter of the other module, which calls
# back into the queries. A service and a route sit on top of the cycle.
CYCLE = {
    "lib/tickets/queries.ts": (
        "import db from '@/lib/db/connection'\nimport { label } from './format'\n"
        "export function getTicket(id: number) {\n  return db.prepare('SELECT * FROM tickets WHERE id = ?').get(id) as { title: string }\n}\n"
        "export function describe(id: number): string {\n  return label(id)\n}\n"
    ),
    "lib/tickets/format.ts": "import { getTicket } from './queries'\nexport function label(id: number): string {\n  return `#${id} ${getTicket(id).title}`\n}\n",
    "lib/tickets/service.ts": "import { describe } from './queries'\nexport function headline(id: number): string {\n  return describe(id).toUpperCase()\n}\n",
    "app/api/tickets/route.ts": "import { headline } from '@/lib/tickets/service'\nexport function GET() {\n  return Response.json({ headline: headline(1) })\n}\n",
}


def _everything_needs_a_tree(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Needles, "need_tree", lambda self, path, source, found, in_wave: True)


def test_async_goes_round_an_import_cycle_and_on_to_its_importers(config: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    rules = config.rules_of(config.wave("wave-1"))
    result = run_project({p: t.encode() for p, t in CYCLE.items()}, rules, config)
    after = _texts(result)
    assert "export async function label(id: number): Promise<string> {\n  return `#${id} ${(await getTicket(id)).title}`" in after["lib/tickets/format.ts"]
    assert "export async function describe(id: number): Promise<string> {\n  return label(id)" in after["lib/tickets/queries.ts"]  # returned
    assert "return (await describe(id)).toUpperCase()" in after["lib/tickets/service.ts"]
    assert "headline: await headline(1)" in after["app/api/tickets/route.ts"]
    _everything_needs_a_tree(monkeypatch)
    plain = run_project({p: t.encode() for p, t in CYCLE.items()}, rules, config)
    assert _digest(result) == _digest(plain)


def test_an_import_the_scan_misses_is_noticed_and_the_run_repeated_in_the_right_order(config: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    rules = config.rules_of(config.wave("wave-1"))
    files = {p: t.encode() for p, t in CYCLE.items() if p.startswith("lib/tickets/") and p != "lib/tickets/format.ts"}
    files["lib/tickets/queries.ts"] = files["lib/tickets/queries.ts"].replace(b"import { label } from './format'\n", b"").replace(b"return label(id)", b"return getTicket(id).title")
    expected = run_project(files, rules, config)
    assert "return (await describe(id)).toUpperCase()" in _texts(expected)["lib/tickets/service.ts"]

    # The scan of the service loses its import of the queries module: nothing orders the two, and
    # the service (analysed first: independent files are taken in reverse path order) looks up a
    # module that is analysed after it. The run notices and repeats with the edge added.
    real_scan = relevance.scan

    def blind_scan(path: str, source: bytes, resolver) -> Scan:  # type: ignore[no-untyped-def]
        found = real_scan(path, source, resolver)
        if path == "lib/tickets/service.ts":
            return Scan(found.facts, frozenset(m for m in found.modules if not m.endswith("queries.ts")))
        return found

    runs: list[dict[str, set[str]]] = []
    real_init = schedule.Schedule.__init__

    def counting_init(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        runs.append({k: set(v) for k, v in args[-1].items()})
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(relevance, "scan", blind_scan)
    monkeypatch.setattr(schedule.Schedule, "__init__", counting_init)
    # The service needs its tree by itself here (it names the handle type in a comment), or the
    # blind scan would leave it unparsed: relevance trusts the scan too.
    files["lib/tickets/service.ts"] = b"// takes no Database handle\n" + files["lib/tickets/service.ts"]
    repeated = run_project(files, rules, config)
    assert runs == [{}, {"lib/tickets/service.ts": {"lib/tickets/queries.ts"}}]
    assert _texts(repeated)["lib/tickets/service.ts"] == "// takes no Database handle\n" + _texts(expected)["lib/tickets/service.ts"]


def test_files_go_after_the_modules_a_rewrite_imports_without_making_cycles(config: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    from wavemod.engine.api import EXAMPLE_FIXTURE

    # The adapter itself imports a module with database code: that module cannot go after the
    # adapter (whose import the rewrite adds), or the two would form a cycle that is not there.
    files = {
        "lib/db/adapter.ts": b"import { audit } from './audit'\n" + EXAMPLE_FIXTURE["lib/db/adapter.ts"],
        "lib/db/audit.ts": b"import db from '@/lib/db/connection'\nexport function audit(id: number) {\n  return db.prepare('SELECT 1 FROM t WHERE id = ?').get(id)\n}\n",
        "lib/tickets.ts": b"import db from '@/lib/db/connection'\nexport function all() {\n  return db.prepare('SELECT * FROM t').all()\n}\n",
    }
    made: list[schedule.Schedule] = []
    real_init = schedule.Schedule.__init__
    monkeypatch.setattr(schedule.Schedule, "__init__", lambda self, *a, **k: made.append(self) or real_init(self, *a, **k))
    result = run_project(files, config.rules_of(config.wave("wave-1")), config, targets={"lib/db/audit.ts", "lib/tickets.ts"})
    first = made[0]
    assert all(len(unit) == 1 for unit in first.units)  # no import cycle, none made up
    position = {unit[0]: i for i, unit in enumerate(first.units)}
    assert position["lib/db/adapter.ts"] < position["lib/tickets.ts"]  # goes after the adapter it will import
    assert position["lib/db/audit.ts"] < position["lib/db/adapter.ts"]  # which imports it
    # The rewritten audit module calls into the adapter, analysed after it: the run notices and
    # repeats with the two as the import cycle they now are.
    assert len(made) == 2 and ["lib/db/adapter.ts", "lib/db/audit.ts"] in made[1].units
    assert "await executeQueryOne" in _texts(result)["lib/db/audit.ts"] and "await executeQuery" in _texts(result)["lib/tickets.ts"]


def test_records_go_to_memory_only_with_room_to_spare(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os

    from wavemod.engine.run.records import _in_memory

    shm = tmp_path / "shm"
    shm.mkdir()
    real_statvfs = os.statvfs
    free = {"bytes": 1 << 40}

    class Stats:
        f_frsize = 4096

        @property
        def f_bavail(self) -> int:
            return free["bytes"] // 4096

    monkeypatch.setattr(os, "statvfs", lambda path: Stats() if path == str(shm) else real_statvfs(path))
    assert _in_memory(4096 * 10_000, str(shm)) == str(shm)
    free["bytes"] = 32 << 20  # a container's small /dev/shm: not enough for 10,000 records
    assert _in_memory(4096 * 10_000, str(shm)) is None
    assert _in_memory(1, str(tmp_path / "absent")) is None


def test_an_import_cycle_whose_files_all_fail_is_reported_not_a_crash(config: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    import wavemod.engine.run.runner as runner

    real = runner._rewrite
    cycle = {"lib/tickets/queries.ts", "lib/tickets/format.ts"}

    def failing(job, *args):  # type: ignore[no-untyped-def]
        if job.path in cycle:
            raise RuntimeError("boom")
        return real(job, *args)

    monkeypatch.setattr(runner, "_rewrite", failing)
    result = run_project({p: t.encode() for p, t in CYCLE.items()}, config.rules_of(config.wave("wave-1")), config)
    assert sorted(c.path for c in result.failed) == sorted(cycle)
    assert all("internal error: RuntimeError: boom" in c.reason for c in result.failed)
    assert _texts(result)["lib/tickets/service.ts"] == CYCLE["lib/tickets/service.ts"]  # nothing it calls turned async
