"""The shortcuts that keep the SQL rewrite cheap give the rewrite's own answers.

- the byte test before tokenizing (`nothing_to_rewrite`) says "nothing" only where tokenizing and
  scanning find no edit and no problem;
- a rewrite's result, cached as its own fixed point, is what rewriting it again gives;
- the compiled tokenizer is the one in use (the dependency is `sqlglot[c]`);
- the survey's search for function-typed names (engine.analysis.wrappers) finds what the name-first pattern
  it replaced finds.
"""
from __future__ import annotations

import random
import re

import pytest

from wavemod.codemods.sql_dialect import _REWRITES, cached_rewrite
from wavemod.engine.sql.sqldialect import Rewrite, _Pass, nothing_to_rewrite, rewrite, rewrite_to_fixpoint, tokenize
from wavemod.engine.sql.sqlschema import load_schema
from wavemod.engine.analysis.wrappers import _function_typed_names

SCHEMA = load_schema(
    "CREATE TABLE tickets (id SERIAL PRIMARY KEY, title TEXT, is_active BOOLEAN NOT NULL DEFAULT TRUE, "
    "created_at TIMESTAMP, priority INTEGER);\n"
    "CREATE TABLE users (id SERIAL PRIMARY KEY, email TEXT UNIQUE, is_admin BOOLEAN);\n"
)

WORDS = ["SELECT", "select", "*", "FROM", "tickets", "users", "t", "u", "WHERE", "AND", "OR", "id", "t.id", "=", "<>", "!=",
         "?", "0", "1", "2", "1.5", "is_active", "is_admin", "title", "ORDER", "BY", "DESC", "LIMIT", "10", ",", ";", "UPDATE",
         "SET", "INSERT", "INTO", "VALUES", "DELETE", "GROUP", "COUNT", "LIKE", "created_at", "datetime", "date", "-- note\n",
         "\n", "  ", "ALTER", "TABLE", "ADD", "COLUMN", "PRAGMA", "sqlite_master", "GLOB", "OFFSET", ":name", "@id", "%",
         "__wm_0__", "WITH", "RETURNING", "REPLACE", "AUTOINCREMENT", "AUTO_INCREMENT", "PRIMARY", "KEY", "+", "-", "<", ">=", ".", "NULL", "IS",
         "AS", "as", "openCount", "TOTAL"]


def _texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 18))) for _ in range(count)]


def _scan(sql: str, schema, target: str, returning: bool) -> _Pass:
    run = _Pass(sql, tokenize(sql), target, schema, returning)
    assert not run.unbalanced
    run.scan()
    return run


@pytest.mark.parametrize("target", ["portable", "postgres"])
@pytest.mark.parametrize("with_schema", [True, False])
@pytest.mark.parametrize("returning", [False, True])
def test_byte_test_says_nothing_only_where_the_scan_finds_nothing(target: str, with_schema: bool, returning: bool) -> None:
    schema = SCHEMA if with_schema else None
    judged = 0
    for sql in _texts(1500, ["portable", "postgres"].index(target) * 4 + with_schema * 2 + returning):
        if nothing_to_rewrite(sql, schema, returning):
            judged += 1
            run = _scan(sql, schema, target, returning)
            assert (run.edits, run.problems) == ([], []), sql
            assert rewrite(sql, target, schema, returning) == Rewrite(sql)
    assert judged > 50  # the test would prove nothing if the byte test never answered


@pytest.mark.parametrize("sql", [
    "SELECT * FROM tickets WHERE id = ?",
    "select id, title from tickets t where t.id = :id order by id desc",
    "DELETE FROM users WHERE id = @id",
])
def test_plain_statements_are_not_tokenized(sql: str) -> None:
    assert nothing_to_rewrite(sql, SCHEMA, False)
    assert rewrite(sql, "postgres", SCHEMA) == Rewrite(sql)


@pytest.mark.parametrize("sql", [
    "SELECT * FROM tickets WHERE is_active = 1",  # a boolean, with the schema
    "SELECT * FROM tickets WHERE title LIKE ?",
    "SELECT * FROM tickets LIMIT 5, 10",
    "INSERT INTO tickets (title) VALUES (?)",  # parentheses: always tokenized
    "SELECT 'unterminated FROM tickets",  # a quote: the tokenizer decides
    "SELECT * FROM tickets GROUP BY id",
    "ALTER TABLE tickets ADD COLUMN x TEXT",
])
def test_texts_the_byte_test_leaves_to_the_tokenizer(sql: str) -> None:
    assert not nothing_to_rewrite(sql, SCHEMA, False)


@pytest.mark.parametrize("sql", [
    "id INTEGER PRIMARY KEY AUTO_INCREMENT",  # both spellings are one token type
    "id INTEGER PRIMARY KEY AUTOINCREMENT",
    "SELECT name FROM sqlite_master",
    "PRAGMA foreign_keys = ON",
    "SELECT * FROM tickets WHERE title GLOB ?",
])
def test_plain_texts_the_scan_acts_on_are_left_to_it(sql: str) -> None:
    run = _scan(sql, SCHEMA, "postgres", False)
    assert run.edits or run.problems
    assert not nothing_to_rewrite(sql, SCHEMA, False)


CHANGING = [
    "SELECT * FROM tickets WHERE is_active = 1 AND created_at > datetime('now', '-7 days')",
    "INSERT OR IGNORE INTO tickets (title, is_active) VALUES (?, 1)",
    "SELECT julianday('now') - julianday(created_at) FROM tickets WHERE title LIKE ?",
    "SELECT group_concat(title, ', ') FROM tickets GROUP BY priority",
    "SELECT ifnull(title, '') AS t, strftime('%Y-%m', created_at) AS m FROM tickets",
    "INSERT INTO users (email, is_admin) VALUES (?, 0)",
]


@pytest.mark.parametrize("returning", [False, True])
@pytest.mark.parametrize("target", ["portable", "postgres"])
def test_a_rewrite_result_is_its_own_fixed_point(target: str, returning: bool) -> None:
    for sql in CHANGING:
        first, fixpoint = rewrite_to_fixpoint(sql, target, SCHEMA, returning)
        again = rewrite(first.sql, target, SCHEMA, returning)
        if fixpoint:
            assert again == Rewrite(first.sql, (), first.problems), sql
        # what the cache answers for the rewritten text, without tokenizing it, is the same
        _REWRITES.clear()
        assert cached_rewrite(sql, target, SCHEMA, returning) == first
        assert (first.sql, target, returning, id(SCHEMA)) in _REWRITES or not (fixpoint and first.changed)
        assert cached_rewrite(first.sql, target, SCHEMA, returning) == again


def test_the_compiled_tokenizer_is_used() -> None:
    import sqlglot.tokenizer_core as core

    assert core.__file__.endswith(".so"), f"sqlglot's tokenizer is the pure-Python one ({core.__file__}): install sqlglot[c]"


# The pattern the survey used before (name first): the reference for the faster search.
_NAME_FIRST = re.compile(rb"([A-Za-z_$][\w$]*)\s*\??:\s*(?:<[^>]*>\s*)?\([^()]*\)\s*=>")

SOURCES = [
    b"export function safeQuery<T>(fn: () => T, label: string): T { try { return fn() } catch (e) { throw e } }",
    b"function run(op?: (db: Db) => Promise<void>, onDone:(x: number)=>void) { op(db); onDone(1) }",
    b"const Button = ({ onClick }: { onClick: () => void }) => <button onClick={onClick} />",
    b"type Cb = { handler : <T>(value: T) => T; $x: () => 1; _y?: (a: string, b: number) => boolean }",
    b"interface P { a: string; b: (c: (d: number) => void) => void }\nconst m = { k: 1 }; f(a ? b: (x) => x)",
    b"no function types here: just text: (and parentheses)",
]


@pytest.mark.parametrize("source", SOURCES)
def test_function_typed_names_match_the_name_first_pattern(source: bytes) -> None:
    assert _function_typed_names(source) == {m.group(1) for m in _NAME_FIRST.finditer(source)}
