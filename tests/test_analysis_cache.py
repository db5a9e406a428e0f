"""The analysis cache (engine.run.analysis_cache): a warm run reuses what a run before it computed, its
output is byte-identical to a run without the cache, and a stale or corrupt cache is never trusted.

Everything runs on the bundled example application, committed in a real git repository."""
from __future__ import annotations

import pickle
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wavemod.engine.output import report
from wavemod.engine.run.analysis_cache import CACHE_VERSION, PREFIX, AnalysisCache, Entry
from wavemod.engine.core.workspace import ModuleResolver

SURVEYS = PREFIX + "surveys-"
BARRELS = PREFIX + "barrels-"
MENTIONS = PREFIX + "mentions-"
from wavemod.engine.api import plan_wave
from wavemod.engine.cli import app
from wavemod.engine.output.diffs import patch
from tests.conftest import git

WAVES = ("wave-1", "wave-2", "wave-3")


def outputs(repo: Path, wave: str, config, jobs: int = 1, cache: bool = True) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """What `preview --json` and `preview --patch` print, from the engine."""
    result = plan_wave(repo, wave, config, jobs, cache=cache)
    return report.dumps(report.to_json(result)), patch(result.changes)


def entries(repo: Path) -> list[Path]:
    """The task entries (one file per file and key)."""
    return sorted(p for p in (repo / ".git" / "wavemod" / "cache").glob(f"{PREFIX}*") if not p.name.startswith((SURVEYS, BARRELS, MENTIONS)))


def survey_files(repo: Path) -> list[Path]:
    return sorted((repo / ".git" / "wavemod" / "cache").glob(f"{SURVEYS}*"))


def barrel_files(repo: Path) -> list[Path]:
    return sorted((repo / ".git" / "wavemod" / "cache").glob(f"{BARRELS}*"))


def stamps(repo: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in entries(repo)}


def cli_preview(repo: Path, wave: str, jobs: int, tmp_path: Path, *extra: str) -> tuple[str, str]:
    out = tmp_path / f"{wave}-{jobs}-{len(list(tmp_path.iterdir()))}.diff"
    result = CliRunner().invoke(app, ["preview", wave, "--repo", str(repo), "--json", "--patch", str(out), "-j", str(jobs), *extra])
    assert result.exit_code in (0, 5), result.output
    return result.stdout, out.read_text(encoding="utf-8")


@pytest.mark.parametrize("wave", WAVES)
def test_preview_is_identical_with_and_without_the_cache_with_one_and_two_workers(example_repo: Path, wave: str, tmp_path: Path) -> None:
    scratch = tmp_path / "out"
    scratch.mkdir()
    expected = cli_preview(example_repo, wave, 1, scratch, "--no-cache")
    assert not entries(example_repo), "--no-cache writes no cache"
    assert cli_preview(example_repo, wave, 2, scratch) == expected  # cold: fills the cache
    filled = stamps(example_repo)
    assert filled, "the run wrote its analysis to .git/wavemod/cache"
    assert cli_preview(example_repo, wave, 1, scratch) == expected  # warm, one worker
    assert cli_preview(example_repo, wave, 2, scratch) == expected  # warm, two workers
    # Every file's analysis came from the cache: no entry was computed (and written) again.
    assert stamps(example_repo) == filled


def test_a_warm_run_indexes_no_file_and_a_changed_file_is_analysed_again(example_repo: Path, config, indexed: list[str]) -> None:  # type: ignore[no-untyped-def]
    cold = outputs(example_repo, "wave-2", config)
    assert indexed, "the cold run analysed files"
    indexed.clear()
    assert outputs(example_repo, "wave-2", config) == cold
    assert indexed == []
    target = example_repo / "lib" / "settings" / "user-settings.ts"
    target.write_bytes(target.read_bytes() + b"\n// a comment at the end\n")  # uncommitted: keyed by the bytes on disk
    edited = outputs(example_repo, "wave-2", config)
    assert "lib/settings/user-settings.ts" in indexed
    assert len(set(indexed)) < 10, "only the changed file (and what its record reaches) is analysed again"
    assert edited == outputs(example_repo, "wave-2", config, cache=False)
    assert edited != cold


def test_a_warm_run_stores_no_record_until_a_task_goes_to_a_worker(example_repo: Path, config, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """The records of the outcomes the cache gives are for the workers' tasks only: a warm run
    that computes nothing stores none; when a file changed, they are stored before its task goes,
    and the outcome is a run's without the cache."""
    from wavemod.engine.run import schedule

    stored: list[str] = []
    store = schedule.write
    monkeypatch.setattr(schedule, "write", lambda directory, path, record: (stored.append(path), store(directory, path, record))[1])
    cold = outputs(example_repo, "wave-2", config, jobs=2)
    assert outputs(example_repo, "wave-2", config, jobs=2) == cold
    assert stored == []
    target = example_repo / "lib" / "settings" / "user-settings.ts"
    target.write_bytes(target.read_bytes() + b"\n// a comment at the end\n")
    assert outputs(example_repo, "wave-2", config, jobs=2) == outputs(example_repo, "wave-2", config, jobs=2, cache=False)
    assert stored and "lib/settings/user-settings.ts" not in stored  # the others' records, for its task


def test_a_caller_is_analysed_again_when_what_it_calls_changes(example_repo: Path, config) -> None:  # type: ignore[no-untyped-def]
    """The route's bytes stay the same, but the function it calls no longer turns async: its
    cached outcome (which awaits the call) must not be reused."""
    route = "app/api/settings/route.ts"
    before = outputs(example_repo, "wave-3", config)
    assert "settings: await getSettings(" in before[1]
    module = example_repo / "lib" / "settings" / "user-settings.ts"
    text = module.read_text(encoding="utf-8")
    start = text.index("export function getSettings(")
    end = text.index("export function getSetting(")
    module.write_text(text[:start] + "export function getSettings(userId: number): Record<string, string> {\n  return { ...DEFAULTS, user: String(userId) };\n}\n\n" + text[end:], encoding="utf-8")
    after = outputs(example_repo, "wave-3", config)
    assert after == outputs(example_repo, "wave-3", config, cache=False)
    assert "await getSettings(" not in after[1]
    assert route in after[1] or route in before[1]


COUNTS = "export function countRows(db, table: string): number {\n  return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n\n}\n"


def test_a_helper_is_analysed_again_when_a_caller_passes_another_database(example_repo: Path, config) -> None:  # type: ignore[no-untyped-def]
    """The helper's bytes stay the same, but the only file calling it now passes a database it
    opens itself: the helper's cached outcome (moved to the adapter) must not be reused."""
    (example_repo / "lib" / "reports").mkdir(parents=True, exist_ok=True)
    (example_repo / "lib" / "reports" / "counts.ts").write_text(COUNTS, encoding="utf-8")
    script = example_repo / "scripts" / "count-stats.ts"
    script.write_text("import { getDatabase } from '@/lib/db/connection'\nimport { countRows } from '@/lib/reports/counts'\n\nconsole.log(`tickets: ${countRows(getDatabase(), 'tickets')}`)\n", encoding="utf-8")
    git(example_repo, "add", "-A")
    git(example_repo, "commit", "-q", "-m", "counts")
    before = outputs(example_repo, "wave-3", config)
    assert "+export async function countRows(table: string)" in before[1]
    script.write_text("import Database from 'better-sqlite3'\nimport { countRows } from '@/lib/reports/counts'\n\nconsole.log(`tickets: ${countRows(new Database('archive.db'), 'tickets')}`)\n", encoding="utf-8")
    after = outputs(example_repo, "wave-3", config)
    assert after == outputs(example_repo, "wave-3", config, cache=False)
    assert "countRows(table: string)" not in after[1]


def test_a_helper_is_analysed_again_when_a_file_that_did_not_name_it_starts_to_call_it(example_repo: Path, config, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """The helper's bytes and its callers' stay the same; a file that did not name it (so was not
    among the files its verdict read) starts to call it with a database it opens itself. Which
    files name it is asked again only on a changed tree."""
    scans: list[str] = []
    scan = AnalysisCache._mentions
    monkeypatch.setattr(AnalysisCache, "_mentions", lambda self: scans.append("scan") or scan(self))
    (example_repo / "lib" / "reports").mkdir(parents=True, exist_ok=True)
    (example_repo / "lib" / "reports" / "counts.ts").write_text(COUNTS, encoding="utf-8")
    (example_repo / "scripts" / "count-stats.ts").write_text("import { getDatabase } from '@/lib/db/connection'\nimport { countRows } from '@/lib/reports/counts'\n\nconsole.log(`tickets: ${countRows(getDatabase(), 'tickets')}`)\n", encoding="utf-8")
    archive = example_repo / "scripts" / "archive.ts"
    archive.write_text("console.log('archive')\n", encoding="utf-8")
    git(example_repo, "add", "-A")
    git(example_repo, "commit", "-q", "-m", "counts")
    before = outputs(example_repo, "wave-3", config)
    assert "+export async function countRows(table: string)" in before[1] and scans
    scans.clear()
    assert outputs(example_repo, "wave-3", config) == before and not scans  # (the answers kept for this tree)
    archive.write_text("import Database from 'better-sqlite3'\nimport { countRows } from '@/lib/reports/counts'\n\nconsole.log(`archived: ${countRows(new Database('archive.db'), 'tickets')}`)\n", encoding="utf-8")
    after = outputs(example_repo, "wave-3", config)
    assert after == outputs(example_repo, "wave-3", config, cache=False)
    assert "countRows(table: string)" not in after[1] and scans


def test_switching_branches_reuses_only_what_still_holds(example_repo: Path, config) -> None:  # type: ignore[no-untyped-def]
    on_main = outputs(example_repo, "wave-2", config)
    git(example_repo, "checkout", "-q", "-b", "other")
    target = example_repo / "lib" / "settings" / "user-settings.ts"
    target.write_text(target.read_text(encoding="utf-8").replace("page_size: '20'", "page_size: '50'"), encoding="utf-8")
    git(example_repo, "commit", "-q", "-am", "bigger pages")
    on_other = outputs(example_repo, "wave-2", config)
    assert on_other == outputs(example_repo, "wave-2", config, cache=False)
    assert on_other != on_main
    git(example_repo, "checkout", "-q", "main")
    assert outputs(example_repo, "wave-2", config) == on_main


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _garbage(path: Path) -> None:
    path.write_bytes(b"\x80\x05not a pickle at all" * 7)


def _wrong_version(path: Path) -> None:
    stored = pickle.loads(path.read_bytes())
    if path.name.startswith((SURVEYS, BARRELS)):  # ((version, fingerprint), answers by path)
        (version, fingerprint), surveys = stored
        path.write_bytes(pickle.dumps(((version + 1, fingerprint), surveys)))
    else:
        path.write_bytes(pickle.dumps(tuple(replace(entry, version=entry.version + 1) for entry in stored)))


def _empty(path: Path) -> None:
    path.write_bytes(b"")


@pytest.mark.parametrize("damage", [_truncate, _garbage, _wrong_version, _empty], ids=["truncated", "garbage", "wrong-version", "empty"])
def test_a_damaged_cache_is_ignored_and_replaced(example_repo: Path, config, damage) -> None:  # type: ignore[no-untyped-def]
    expected = outputs(example_repo, "wave-2", config, cache=False)
    assert outputs(example_repo, "wave-2", config) == expected
    found = entries(example_repo) + survey_files(example_repo) + barrel_files(example_repo)
    assert len(survey_files(example_repo)) == 1
    assert len(barrel_files(example_repo)) == 1  # the example's lib/db/index.ts re-exports the connection
    for path in found:
        damage(path)
    assert outputs(example_repo, "wave-2", config) == expected
    # The damaged entries were computed again and written whole.
    for path in entries(example_repo):
        kept = pickle.loads(path.read_bytes())
        assert kept and all(isinstance(entry, Entry) and entry.version == CACHE_VERSION for entry in kept)
    assert outputs(example_repo, "wave-2", config) == expected


def test_an_entry_of_another_file_is_not_taken_for_this_one(example_repo: Path, config) -> None:  # type: ignore[no-untyped-def]
    """Entries whose contents were swapped (well-formed, current version, another key) are ignored."""
    expected = outputs(example_repo, "wave-2", config, cache=False)
    outputs(example_repo, "wave-2", config)
    found = entries(example_repo)
    datas = [p.read_bytes() for p in found]
    for path, data in zip(found, datas[1:] + datas[:1]):
        path.write_bytes(data)
    assert outputs(example_repo, "wave-2", config) == expected


def test_another_configuration_does_not_reuse_the_entries(example_repo: Path, config) -> None:  # type: ignore[no-untyped-def]
    """The rules are part of the key: a run with other rules neither reads nor overwrites the first's."""
    outputs(example_repo, "wave-2", config)
    first = stamps(example_repo)
    other = replace(config, connection_module="@/lib/db/elsewhere")
    assert outputs(example_repo, "wave-2", other) == outputs(example_repo, "wave-2", other, cache=False)
    assert set(stamps(example_repo)) > set(first), "the other configuration wrote entries of its own"


def test_two_previews_at_once_share_the_cache(example_repo: Path, config) -> None:  # type: ignore[no-untyped-def]
    """Two processes fill and read one cache at the same time: each entry is renamed into place
    whole, so neither reads half of one, and both print what a run without the cache prints."""
    expected = outputs(example_repo, "wave-2", config, cache=False)[0] + "\n"
    wavemod = Path(sys.executable).with_name("wavemod")
    for _ in range(2):  # cold (both write), then warm (both read, and write nothing new)
        runs = [subprocess.Popen([str(wavemod), "preview", "wave-2", "--repo", str(example_repo), "--json", "-j", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
        for run in runs:
            out, err = run.communicate(timeout=600)
            assert run.returncode in (0, 5), err.decode()
            assert out.decode() == expected
    assert not list((example_repo / ".git" / "wavemod" / "cache").glob(".tmp-*")), "no temporary file is left behind"


def test_the_cache_keeps_its_newest_entries_past_its_bound(example_repo: Path, config, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import wavemod.engine.run.analysis_cache as analysis_cache

    expected = outputs(example_repo, "wave-2", config, cache=False)
    outputs(example_repo, "wave-2", config)
    before = sorted(stamps(example_repo).items(), key=lambda item: item[1])
    assert len(before) > 20
    monkeypatch.setattr(analysis_cache, "MIN_KEPT", 20)
    monkeypatch.setattr(analysis_cache, "KEPT_PER_FILE", 0)
    assert outputs(example_repo, "wave-2", config) == expected  # a warm run: nothing written, then pruned
    kept = stamps(example_repo)
    assert len(kept) + len(survey_files(example_repo)) <= 10
    assert set(kept) <= {name for name, _ in before[-10:]}, "the newest entries stay"
    assert outputs(example_repo, "wave-2", config) == expected


def test_a_barrel_answer_is_asked_again_when_a_file_of_its_re_export_chain_changes(tmp_path: Path) -> None:
    """Which files pass on names of the connection module (engine.analysis.barrels) is remembered with the
    bytes of every file the answer read: an unchanged tree reads no export table, and a change
    two re-exports away changes the answer."""
    files = {
        "lib/db/index.ts": b"export * from './queries';\nexport const version = 1;\n",
        "lib/db/queries.ts": b"export function count() { return 1; }\n",
        "lib/db/connection.ts": b"export const db = open();\n",
        "app/page.ts": b"import { count } from '@/lib/db';\nexport default count;\n",
    }
    read: list[str] = []
    targets = frozenset({"lib/db/connection.ts"})
    candidates = ["app/page.ts", "lib/db/index.ts", "lib/db/queries.ts"]

    def barrels(sources: dict[str, bytes]) -> set[str]:
        def reader(path: str) -> bytes | None:
            read.append(path)
            return sources.get(path)

        resolver = ModuleResolver(frozenset(sources), reader=reader)
        cache = AnalysisCache(tmp_path / "cache", "f" * 64)
        cache.begin(sources, resolver)
        return cache.reaching(candidates, targets, resolver)

    assert barrels(files) == set()
    assert read, "the cold run read the export tables"
    read.clear()
    assert barrels(files) == set()
    assert read == [], "a warm run on the same bytes reads no export table"
    changed = {**files, "lib/db/queries.ts": b"export { db } from './connection';\nexport function count() { return 1; }\n"}
    assert barrels(changed) == {"lib/db/index.ts", "lib/db/queries.ts"}
    assert barrels(files) == set()
