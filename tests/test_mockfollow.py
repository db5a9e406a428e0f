"""Mocks of a module an import swap moved importers away from (engine.analysis.mockfollow): what the added
mock looks like in the forms the golden case does not pin down, and when nothing is added."""
from __future__ import annotations

from wavemod.engine.api import run_project
from wavemod.engine.core.config import load_config
from wavemod.engine.analysis.mockfollow import RULE_ID

CONFIG = load_config()
AUTH = [r for r in CONFIG.rules.values() if r.source.stem == "auth"]
ROUTE = "import { verifyAuth } from '@/lib/auth/sqlite-auth'\nexport function GET(request: Request) {\n  return Response.json(verifyAuth(request))\n}\n"


def _run(test_path: str, test: bytes, route: str = ROUTE) -> tuple[bytes, object]:
    result = run_project({"app/api/me/route.ts": route.encode(), test_path: test}, AUTH, CONFIG, targets={"app/api/me/route.ts"})
    change = next((c for c in result.changes if c.path == test_path), None)
    return (change.after if change is not None else test), result


def test_crlf_and_indentation_of_the_mock_are_kept() -> None:
    test = b"describe('me', () => {\r\n  beforeEach(() => {\r\n    vi.doMock('@/lib/auth/sqlite-auth', () => ({ verifyAuth: () => null }));\r\n  });\r\n});\r\n"
    after, _ = _run("app/api/me/me.test.ts", test)
    assert after == test.replace(
        b"    vi.doMock('@/lib/auth/sqlite-auth', () => ({ verifyAuth: () => null }));\r\n",
        b"    vi.doMock('@/lib/auth/sqlite-auth', () => ({ verifyAuth: () => null }));\r\n    vi.doMock('@/lib/auth/auth-service', () => ({ verifyAuth: () => null }));\r\n",
    )


def test_a_file_that_mocks_the_new_module_already_is_left_alone() -> None:
    test = b"vi.mock('@/lib/auth/sqlite-auth', () => ({ verifyAuth: () => null }))\nvi.mock('@/lib/auth/auth-service', () => ({ verifyAuth: () => null }))\n"
    after, result = _run("app/api/me/me.test.ts", test)
    assert after == test and result.followed_mocks == []  # type: ignore[attr-defined]


def test_nothing_is_added_when_the_swap_edited_nothing() -> None:
    """A route that imports the auth service already: the swap rewrites nothing, the mocks of the
    old module still reach whatever imports it."""
    test = b"vi.mock('@/lib/auth/sqlite-auth', () => ({ verifyAuth: () => null }))\n"
    after, result = _run("app/api/me/me.test.ts", test, ROUTE.replace("sqlite-auth", "auth-service"))
    assert after == test and result.followed_mocks == []  # type: ignore[attr-defined]


def test_a_mock_that_is_not_a_statement_of_its_own_is_listed() -> None:
    test = b"const mocked = vi.mock('@/lib/auth/sqlite-auth', () => ({ verifyAuth: () => null }))\n"
    after, result = _run("app/api/me/me.test.ts", test)
    assert after == test
    assert [(f.line, f.rule) for f in result.findings if f.path == "app/api/me/me.test.ts"] == [(1, RULE_ID)]  # type: ignore[attr-defined]


def test_the_added_mock_counts_as_the_engine_rule_and_its_span_is_recorded() -> None:
    test = b"import { x } from './x'\nvi.mock('@/lib/auth/sqlite-auth', () => ({ verifyAuth: () => null })) // session\nx()\n"
    after, result = _run("app/api/me/me.test.ts", test)
    assert after == test.replace(b"// session\n", b"// session\nvi.mock('@/lib/auth/auth-service', () => ({ verifyAuth: () => null }))\n")
    change = next(c for c in result.changes if c.path == "app/api/me/me.test.ts")  # type: ignore[attr-defined]
    assert dict(change.rule_counts) == {RULE_ID: 1} and not change.in_wave
    [(start, end, rule)] = change.rule_spans
    assert rule == RULE_ID and after[start:end] == b"\nvi.mock('@/lib/auth/auth-service', () => ({ verifyAuth: () => null }))"
    assert result.mock_only == ["app/api/me/me.test.ts"]  # type: ignore[attr-defined]
