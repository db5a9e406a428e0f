"""A wrapper of the project whose callback turned async still catches the callback's rejection:
the wave's output of the golden case `wrapper-callbacks` runs under node (tsx from the example's
installed dependencies), beside the wrapper as it was, which lets the rejection through."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

from wavemod.engine.api import run_project
from wavemod.engine.core.config import load_config
from tests.test_e2e_example import helpdesk_modules  # noqa: F401 - the fixture: the example's dependencies

CASE = Path(__file__).parent / "golden" / "wrapper-callbacks" / "input"
CONFIG = load_config()
DRIVER = """import { safeQuery, trackDatabaseQuery } from './safe-query'

async function main() {
  const value = await safeQuery(async () => 42, 'answer')
  const tracked = await trackDatabaseQuery('answer', async () => 'tracked')
  let caught = ''
  try {
    await safeQuery(async () => { throw new Error('connection refused') }, 'tickets')
  } catch (error) {
    caught = (error as Error).message
  }
  console.log(JSON.stringify({ value, tracked, caught }))
}

main()
"""


def _migrated_wrapper() -> bytes:
    files = {p.relative_to(CASE).as_posix(): p.read_bytes() for p in CASE.rglob("*") if p.is_file()}
    rules = [rule for rule in CONFIG.rules.values() if rule.source.stem == "adapter"]
    result = run_project(files, rules, CONFIG)
    assert not result.failed
    return next(c.after for c in result.changes if c.path == "lib/db/safe-query.ts")


def _run(tmp: Path, wrapper: bytes, modules: Path) -> dict:
    tmp.mkdir()
    (tmp / "safe-query.ts").write_bytes(wrapper)
    (tmp / "main.ts").write_text(DRIVER)
    done = subprocess.run([str(modules / ".bin" / "tsx"), "main.ts"], cwd=tmp, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_migrated_wrapper_catches_the_rejection(tmp_path: Path, helpdesk_modules: Path) -> None:  # noqa: F811
    migrated = _migrated_wrapper()
    assert b"return await fn()" in migrated
    after = _run(tmp_path / "after", migrated, helpdesk_modules)
    assert after == {"value": 42, "tracked": "tracked", "caught": "database error: tickets"}
    # The wrapper as it was returns the callback's Promise from inside its try: the rejection
    # escapes its catch (which is what the rewrite is for).
    before = _run(tmp_path / "before", (CASE / "lib/db/safe-query.ts").read_bytes(), helpdesk_modules)
    assert before["caught"] == "connection refused"
