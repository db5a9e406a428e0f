"""Engine guarantees: edits, the parse-error guard, the fixpoint cap, config validation."""
from __future__ import annotations

from pathlib import Path

import pytest

from wavemod.codemods.registry import CODEMODS
from wavemod.engine.api import run_project
from wavemod.engine.core.config import load_config
from wavemod.engine.core.edits import apply, resolve
from wavemod.engine.core.errors import ConfigError
from wavemod.engine.core.globs import matches
from wavemod.engine.core.types import Edit, Status
from wavemod.engine.core.workspace import ModuleResolver


def _config(tmp_path: Path, rules: str, waves_extra: str = "") -> Path:
    (tmp_path / "rules").mkdir(exist_ok=True)
    (tmp_path / "rules" / "custom.toml").write_text(rules)
    waves = tmp_path / "waves.toml"
    waves.write_text(f'[[waves]]\nid = "w"\nbranch = "wavemod/w"\nrules = ["rules/custom.toml"]\n{waves_extra}')
    return waves


def test_overlapping_edits_keep_the_higher_priority_and_report_the_loser() -> None:
    a = Edit(0, 5, b"AAAAA", "low", priority=0)
    b = Edit(3, 8, b"BBBBB", "high", priority=5)
    accepted, conflicts = resolve([a, b])
    assert accepted == [b]
    assert [(c.winner.rule, c.loser.rule, c.nested) for c in conflicts] == [("high", "low", False)]


def test_nested_edit_is_deferred_and_identical_edits_merge() -> None:
    outer = Edit(0, 10, b"X", "outer")
    inner = Edit(2, 4, b"y", "inner")
    accepted, conflicts = resolve([outer, inner, Edit(2, 4, b"y", "inner")])
    assert accepted == [inner] and conflicts[0].nested


def test_insertions_at_one_point_both_apply_and_untouched_bytes_stay() -> None:
    source = "ä\r\n\tb".encode()
    out = apply(source, [Edit(0, 0, b"1", "r", priority=1), Edit(0, 0, b"2", "r"), Edit(3, 5, b"", "r")])
    # higher priority first at the same point; the deletion takes exactly bytes 3..5 ("\n\t")
    assert out == b"12" + "ä".encode() + b"\rb"


def test_a_rule_that_breaks_the_syntax_fails_the_file_and_names_the_rule(tmp_path: Path) -> None:
    config = load_config(_config(tmp_path, '[[rules]]\nid = "breaker"\nquery = "(return_statement) @match"\nreplace = "return ("\n'))
    source = b"export function f() {\n  return 1\n}\n"
    result = run_project({"lib/f.ts": source}, list(config.rules.values()), config)
    change = next(c for c in result.changes if c.path == "lib/f.ts")
    assert change.status is Status.FAILED
    assert change.after == source
    assert "breaker" in change.reason and "parse errors" in change.reason


def test_a_rule_that_never_converges_fails_instead_of_stopping_silently(tmp_path: Path) -> None:
    config = load_config(_config(tmp_path, '[[rules]]\nid = "grower"\nquery = "(number) @match"\nreplace = "(@match + 1)"\n'))
    source = b"export const n = 1\n"
    change = next(c for c in run_project({"lib/n.ts": source}, list(config.rules.values()), config).changes if c.path == "lib/n.ts")
    assert change.status is Status.FAILED and "did not converge" in change.reason and change.after == source


def test_a_template_rule_rewrites_and_a_detect_only_rule_reports(tmp_path: Path) -> None:
    rules = (
        '[[rules]]\nid = "rename"\nquery = \'((identifier) @match (#eq? @match "oldName"))\'\nreplace = "newName"\n'
        '[[rules]]\nid = "todo"\nquery = \'((comment) @match (#match? @match "TODO"))\'\nmessage = "a TODO left in migrated code"\n'
    )
    config = load_config(_config(tmp_path, rules))
    result = run_project({"lib/a.ts": b"// TODO later\nexport const oldName = 1\n"}, list(config.rules.values()), config)
    change = next(c for c in result.changes if c.path == "lib/a.ts")
    assert change.after == b"// TODO later\nexport const newName = 1\n"
    assert [(f.line, f.rule) for f in result.findings] == [(1, "todo")]


@pytest.mark.parametrize(
    ("rules", "waves_extra", "message"),
    [
        ('[[rules]]\nid = "x"\ncodemod = "no-such-codemod"\n', "", "unknown codemod 'no-such-codemod'"),
        ('[[rules]]\nid = "x"\nquery = "(identifier) @a"\nreplace = "b"\n[[rules]]\nid = "x"\nquery = "(identifier) @a"\nreplace = "c"\n', "", "defined twice"),
        ('[[rules]]\nid = "x"\nquery = "(identifier) @a"\n', "", "does nothing"),
        ('[[rules]]\nid = "x"\nquery = "(identifier) @a"\nreplace = "b"\nbogus = 1\n', "", "unknown key(s): bogus"),
        ('[[rules]]\nid = "x"\nquery = "(identifier) @a"\nreplace = "b"\n[[rules.filters]]\ncapture = "a"\nbound_to = "nope"\n', "", "unknown binding set 'nope'"),
        ('[[rules]]\nid = "x"\nquery = "(identifier) @a"\nreplace = "b"\n', '[[waves]]\nid = "w2"\nbranch = "b"\nrules = ["missing-rule"]\n', "unknown rule or rule file 'missing-rule'"),
        ('[[rules]]\nid = "x"\nquery = "(identifier) @a"\nreplace = "b"\n', 'sql_target = "oracle"\n', "sql_target"),
    ],
)
def test_bad_configuration_is_a_located_config_error(tmp_path: Path, rules: str, waves_extra: str, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(_config(tmp_path, rules, waves_extra), CODEMODS)
    assert message in info.value.message
    assert info.value.path and info.value.path.endswith((".toml",))
    assert info.value.line is not None and info.value.hint is not None


def test_globs_keep_stars_inside_segments() -> None:
    assert matches("app/api/auth/login/route.ts", ("app/api/auth/**",))
    assert not matches("app/api/authx/route.ts", ("app/api/auth/**",))
    assert matches("lib/db/queries.ts", ("lib/*/queries.ts",)) and not matches("lib/a/b/queries.ts", ("lib/*/queries.ts",))
    assert matches("lib/x/__tests__/a.ts", ("**/__tests__/**",))


def test_module_resolution_through_paths_relative_and_index_files() -> None:
    files = frozenset({"lib/db/connection.ts", "lib/auth/index.ts", "app/api/a/route.ts"})
    resolver = ModuleResolver(files, "", {"@/*": ["./*"]})
    assert resolver.resolve("@/lib/db/connection", "app/api/a/route.ts") == "lib/db/connection.ts"
    assert resolver.resolve("../../../lib/db/connection", "app/api/a/route.ts") == "lib/db/connection.ts"
    assert resolver.resolve("../../../lib/db/connection.js", "app/api/a/route.ts") == "lib/db/connection.ts"
    assert resolver.resolve("@/lib/auth", "app/api/a/route.ts") == "lib/auth/index.ts"
    assert resolver.resolve("better-sqlite3", "app/api/a/route.ts") is None


def test_sql_changes_are_listed_per_query_for_reviewers() -> None:
    config = load_config()
    rules = [r for r in config.rules.values() if r.source.stem == "sql"]
    source = b"import { executeQuery } from '@/lib/db/adapter'\n\nexport async function f() {\n  return executeQuery(\"SELECT * FROM t WHERE at > datetime('now')\")\n}\n"
    result = run_project({"lib/f.ts": source}, rules, config)
    assert [(n.path, n.line, n.kind) for n in result.notes] == [("lib/f.ts", 4, "sql-change")]
    assert "CURRENT_TIMESTAMP" in result.notes[0].message
    again = run_project({"lib/f.ts": result.changed[0].after}, rules, config)
    assert again.notes == [] and again.changed == []


def test_the_adapter_import_and_the_dropped_connection_import_land_in_one_pass(config, indexed: list[str]) -> None:
    source = (
        b"import { NextResponse } from 'next/server';\n"
        b"import db from '@/lib/db/connection';\n"
        b"\n"
        b"export async function GET() {\n"
        b"  const rows = db.prepare('SELECT id FROM tickets').all();\n"
        b"  return NextResponse.json(rows);\n"
        b"}\n"
    )
    rules = [r for r in config.rules.values() if r.source.name == "adapter.toml"]
    change = next(c for c in run_project({"app/api/t/route.ts": source}, rules, config).changes if c.path == "app/api/t/route.ts")
    assert change.after == (
        b"import { NextResponse } from 'next/server';\n"
        b"import { executeQuery } from '@/lib/db/adapter';\n"
        b"\n"
        b"export async function GET() {\n"
        b"  const rows = await executeQuery('SELECT id FROM tickets');\n"
        b"  return NextResponse.json(rows);\n"
        b"}\n"
    )
    # One pass rewrites (the new import goes after the last import that stays), one confirms.
    assert indexed.count("app/api/t/route.ts") == 2
