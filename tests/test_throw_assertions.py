"""Throw assertions on a function that turned async (codemods.throw_assertions): the forms the
golden case propagation-throw-assertions does not pin down."""
from __future__ import annotations

from wavemod.engine.api import run_project
from wavemod.engine.core.config import load_config

CONFIG = load_config()
RULES = [r for r in CONFIG.rules.values() if r.source.stem == "adapter"]
LIB = b"import db from '@/lib/db/connection'\nexport function load(id: number) {\n  const row = db.prepare('SELECT * FROM t WHERE id = ?').get(id)\n  if (!row) throw new Error('missing')\n  return row\n}\n"


def _test_after(test: bytes) -> bytes:
    result = run_project({"lib/load.ts": LIB, "lib/load.test.ts": test}, RULES, CONFIG, targets={"lib/load.ts"})
    return next((c.after for c in result.changes if c.path == "lib/load.test.ts"), test)


def test_a_comment_in_the_callback_keeps_the_assertion_as_it_is() -> None:
    """The rewrite would drop the callback's text around the call, the comment with it."""
    test = b"import { load } from './load'\nit('throws', () => {\n  expect(() => /* no row 9 */ load(9)).toThrow('missing')\n})\n"
    assert _test_after(test) == test


def test_a_multi_line_callback_keeps_its_call_as_written() -> None:
    test = b"import { load } from './load'\nit('throws', () => {\n  expect(() =>\n    load(9)\n  ).toThrow('missing')\n})\n"
    assert _test_after(test) == b"import { load } from './load'\nit('throws', async () => {\n  await expect(load(9)\n  ).rejects.toThrow('missing')\n})\n"
