"""Loading a PostgreSQL schema the way real ones are written: file by file, statement by statement.

A schema file is often in reading order rather than dependency order (a foreign key names a table
created further down). Each statement runs on its own; one that fails because a relation it names
does not exist yet is tried again after the rest, for a few rounds. What still fails is returned
with its file and line, and everything else is loaded: a check that needs the schema goes on.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlglot
from sqlglot.errors import SqlglotError
from sqlglot.tokens import TokenType

ROUNDS = 5
# undefined_table, undefined_object (a type or extension created later), invalid_schema_name
RETRY_STATES = {"42P01", "42704", "3F000"}


@dataclass(frozen=True)
class Statement:
    path: str
    line: int
    sql: str


@dataclass(frozen=True)
class LoadFailure:
    path: str
    line: int
    sql: str
    message: str

    def to_json(self) -> dict[str, object]:
        return {"path": self.path, "line": self.line, "sql": self.sql, "message": self.message}


def split(path: str, text: str) -> list[Statement]:
    """The statements of one file with the line each starts on (PostgreSQL's tokenizer: semicolons
    inside strings, dollar quotes and comments do not split)."""
    try:
        tokens = sqlglot.Dialect.get_or_raise("postgres").tokenize(text)
    except SqlglotError:
        return [Statement(path, 1, text)] if text.strip() else []
    out: list[Statement] = []
    start: int | None = None
    for tok in tokens:
        if tok.token_type == TokenType.SEMICOLON:
            if start is not None:
                out.append(Statement(path, text.count("\n", 0, start) + 1, text[start:tok.start].strip()))
            start = None
        elif start is None:
            start = tok.start
    if start is not None and text[start:].strip():
        out.append(Statement(path, text.count("\n", 0, start) + 1, text[start:].strip()))
    return out


def load(conn, files: list[tuple[str, str]], rounds: int = ROUNDS) -> list[LoadFailure]:
    """Run every statement of `files` ((path, text) in order) on `conn` (autocommit). Statements that
    fail for a relation not created yet are retried after the others, up to `rounds` times.
    Returns what still fails."""
    import psycopg

    pending = [s for path, text in files for s in split(path, text)]
    failures: list[LoadFailure] = []
    for round_ in range(rounds):
        retry: list[tuple[Statement, str]] = []
        for statement in pending:
            try:
                conn.execute(statement.sql.encode())
            except psycopg.Error as exc:
                message = _message(exc)
                if getattr(exc, "sqlstate", None) in RETRY_STATES and round_ < rounds - 1:
                    retry.append((statement, message))
                else:
                    failures.append(LoadFailure(statement.path, statement.line, statement.sql, message))
        if not retry:
            break
        if len(retry) == len(pending):  # no progress: nothing will change in another round
            failures += [LoadFailure(s.path, s.line, s.sql, m) for s, m in retry]
            break
        pending = [s for s, _m in retry]
    return sorted(failures, key=lambda f: (f.path, f.line))


def _message(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
