"""Whether SQLite still accepts a statement a PostgreSQL-target wave rewrote.

A wave with `sql_target = "postgres"` writes SQL only PostgreSQL runs (`ILIKE`, `::` casts,
`NOW()`), while the adapter's SQLite backend is what the app's own tests and local runs use until
the switch. SQLite itself (the sqlite3 module's library, preparing the statement against an empty
database that gets each table and column it asks for) says which rewritten statements it refuses,
so the pull request can say which code no longer runs on the old database before the tests find
out. Only what the rewrite broke counts: a statement SQLite refused before it is not reported.
"""
from __future__ import annotations

import re
import sqlite3
from functools import lru_cache

# Ends a statement's SQL note when the rewrite made SQLite refuse it (the PR counts these).
SQLITE_REFUSES = "no longer runs on SQLite"
# Errors that come after the statement parsed and that an empty database cannot settle.
_AFTER_PARSING = ("no such collation", "no such module", "ambiguous column name", "ON CONFLICT clause does not match")
_MISSING = re.compile(r"^(?:no such (table|column): (.+)|table \S+ has no (column) named (.+))$")
# Functions of SQLite releases newer than some Python builds bundle (better-sqlite3 ships 3.44 or
# later): known to the target's SQLite, so not a reason to refuse a statement.
NEWER_FUNCTIONS = frozenset({"string_agg", "concat", "concat_ws", "timediff", "octet_length", "unistr", "unistr_quote", "format"})
_NO_FUNCTION = re.compile(r"^no such function: (\w+)$")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
MAX_NAMES = 64  # tables and columns made up for one statement before giving up (None: it parsed)


@lru_cache(maxsize=4096)
def sqlite_refusal(sql: str) -> str | None:
    """SQLite's reason for refusing to prepare `sql` (`near "ILIKE": syntax error`, `no such
    function: STRPOS`), or None when it prepares it. The app's tables are not there: each
    table SQLite asks for is made up (empty, untyped) and the statement prepared again, so that
    SQLite gets as far as its functions. The first column it asks for gives every made-up table
    every word of the statement as a column at once: asking for them one by one took a prepare
    and an ALTER per column and table (about 18 statements per text on real SQL; 3x the time
    for the same answers on the 2,427 texts the bundled targets, the practice corpus and the
    real-shaped benchmark corpus ask about)."""
    connection = sqlite3.connect(":memory:")
    made_up = _MadeUp(connection, sql)
    try:
        for _ in range(MAX_NAMES):
            try:
                connection.execute("EXPLAIN " + sql.strip().rstrip(";"))
                return None
            except sqlite3.ProgrammingError:
                return None  # (bindings missing: the statement parsed)
            except sqlite3.Warning:
                return None  # (more than one statement: judged one by one where the wave splits them)
            except sqlite3.Error as error:
                message = str(error)
                newer = _NO_FUNCTION.match(message)
                if newer is not None and newer.group(1).lower() in NEWER_FUNCTIONS:
                    connection.create_function(newer.group(1), -1, lambda *args: None)
                    continue
                if message.startswith(_AFTER_PARSING):
                    return None
                missing = _MISSING.match(message)
                if missing is None:
                    return message
                if not made_up.add(missing.group(1) or missing.group(3), missing.group(2) or missing.group(4)):
                    return None
        return None
    finally:
        connection.close()


class _MadeUp:
    """The tables and columns made up for one statement, in one in-memory database."""

    def __init__(self, connection: sqlite3.Connection, sql: str) -> None:
        self.connection = connection
        self.sql = sql
        self.tables: list[str] = []
        self.words: list[str] | None = None  # the columns every table has, once one was asked for

    def add(self, kind: str, name: str) -> bool:
        """Make up the table or column SQLite asked for; False when that cannot be done (the name
        is not one to make up)."""
        try:
            if kind == "table":
                self._table(name)
            elif not self.tables:
                return False  # (a column of no table: `SELECT missing`, an alias SQLite cannot see)
            else:
                self._column(name.rpartition(".")[2])
            return True
        except sqlite3.Error:
            return False

    def _table(self, name: str) -> None:
        schema, _, table = name.rpartition(".")
        if schema and schema.lower() not in {"main", "temp"} and schema not in {row[1] for row in self.connection.execute("PRAGMA database_list")}:
            self.connection.execute(f"ATTACH DATABASE ':memory:' AS {_quoted(schema)}")
        qualified = f"{_quoted(schema)}.{_quoted(table)}" if schema else _quoted(table)
        self.connection.execute(f"CREATE TABLE {qualified} ({self._columns()})")
        self.tables.append(qualified)

    def _column(self, column: str) -> None:
        if self.words is None:
            # Every word of the statement, once (SQLite's names ignore case): the columns it asks
            # for next are among them, and a word that names no column changes no answer.
            self.words = list({word.lower(): word for word in [*_WORD.findall(self.sql), column]}.values())
            for table in self.tables:
                self.connection.execute(f"DROP TABLE {table}")
                self.connection.execute(f"CREATE TABLE {table} ({self._columns()})")
            return
        # A quoted name no word spells (`"due date"`): added to every table made up so far.
        for table in self.tables:
            try:
                self.connection.execute(f"ALTER TABLE {table} ADD COLUMN {_quoted(column)}")
            except sqlite3.OperationalError:
                pass  # (the table has it: the alias named another table)

    def _columns(self) -> str:
        return ", ".join(["_wavemod_ INTEGER", *(_quoted(word) for word in self.words or ())])


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def newly_refused(before: str, after: str) -> str | None:
    """SQLite's refusal of `after` when it did not refuse `before` (what the rewrite broke there;
    interpolation markers and the like are the same in both, so they cannot be the reason)."""
    reason = sqlite_refusal(after)
    return reason if reason is not None and sqlite_refusal(before) is None else None
