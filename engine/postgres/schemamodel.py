"""The schema the code runs on, read from a real SQLite database, in a form both sides share.

`sqlite_side` executes the target's SQLite schema file(s) and migrations, in the order the app
applies them, in an in-memory database through Python's sqlite3, and reads tables, columns, keys,
foreign keys and indexes back from SQLite's own catalog (PRAGMA table_xinfo, index_list,
foreign_key_list), plus what only the declarations say: AUTOINCREMENT, 0/1 flag columns (a CHECK
`IN (0, 1)`, or an is_/has_ name with a 0/1 default), COLLATE NOCASE, a declared JSON type.
"""
from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from wavemod.engine.core.errors import ConfigError

FLAG_NAME = re.compile(r"^(is|has|can|should|allow|enable|enabled)_|_(enabled|flag)$", re.I)


@dataclass
class Column:
    name: str
    type: str  # the declared type, as written (SQLite) or as the server names it (PostgreSQL)
    family: str  # integer | float | numeric | text | boolean | timestamp | date | json | blob
    not_null: bool = False
    default: str | None = None  # normalised (see normalise_default)
    autoincrement: bool = False  # SQLite INTEGER PRIMARY KEY (AUTOINCREMENT) / PostgreSQL serial or identity
    nocase: bool = False  # COLLATE NOCASE (SQLite) / citext (PostgreSQL)
    raw_default: str | None = None  # the default as written


@dataclass
class ForeignKey:
    columns: tuple[str, ...]
    table: str
    references: tuple[str, ...]
    on_delete: str = "NO ACTION"

    @property
    def key(self) -> tuple:
        return (self.columns, self.table, self.references)


@dataclass
class Index:
    name: str
    table: str
    columns: tuple[str, ...]  # column names, or expressions as written (lower-case)
    unique: bool = False
    where: str = ""  # the partial index's predicate, lower-case, as written

    @property
    def key(self) -> tuple:
        return (self.table, self.columns, self.unique, bool(self.where))


@dataclass
class Table:
    name: str
    columns: dict[str, Column] = field(default_factory=dict)
    primary_key: tuple[str, ...] = ()
    unique: list[tuple[str, ...]] = field(default_factory=list)
    foreign_keys: list[ForeignKey] = field(default_factory=list)
    indexes: list[Index] = field(default_factory=list)


@dataclass
class SchemaModel:
    tables: dict[str, Table] = field(default_factory=dict)


def family_of_sqlite(declared: str) -> str:
    """SQLite's affinity rules (https://sqlite.org/datatype3.html 3.1), refined by the declared name."""
    t = declared.upper()
    if "JSON" in t:
        return "json"
    if "BOOL" in t:
        return "boolean"
    if "DATETIME" in t or "TIMESTAMP" in t:
        return "timestamp"
    if t.startswith("DATE"):
        return "date"
    if "INT" in t:
        return "integer"
    if any(k in t for k in ("CHAR", "CLOB", "TEXT")) or not t:
        return "text"
    if "BLOB" in t:
        return "blob"
    if any(k in t for k in ("REAL", "FLOA", "DOUB")):
        return "float"
    return "numeric"


def family_of_postgres(data_type: str) -> str:
    t = data_type.lower()
    if t in {"integer", "bigint", "smallint"}:
        return "integer"
    if t in {"real", "double precision"}:
        return "float"
    if t == "numeric":
        return "numeric"
    if t == "boolean":
        return "boolean"
    if t.startswith("timestamp"):
        return "timestamp"
    if t == "date":
        return "date"
    if t in {"json", "jsonb"}:
        return "json"
    if t == "bytea":
        return "blob"
    return "text"  # text, character varying, character, citext, USER-DEFINED (citext) ...


def normalise_default(value: str | None, family: str) -> str | None:
    """Defaults compared across the dialects: casts, outer parentheses, case and spellings of 'now'
    removed; 0/1 of flag columns read as false/true."""
    if value is None:
        return None
    text = value.strip()
    while text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    text = re.sub(r"::[a-z ]+(\(\d+(,\s*\d+)?\))?(\[\])?", "", text, flags=re.I).strip()
    low = text.lower()
    if low in {"now()", "current_timestamp", "datetime('now')", "localtimestamp", "transaction_timestamp()"}:
        return "current_timestamp"
    if low in {"current_date", "date('now')"}:
        return "current_date"
    if low == "null":
        return None
    if family == "boolean":
        return {"1": "true", "0": "false", "'1'": "true", "'0'": "false", "true": "true", "false": "false"}.get(low, low)
    if re.fullmatch(r"'-?\d+(\.\d+)?'", text):
        text = text[1:-1]
    if re.fullmatch(r"-?\d+\.0+", text):
        text = text.split(".")[0]
    return text if text.startswith("'") else low


# ---- the SQLite side -------------------------------------------------------------------------------

def sqlite_files(root: Path, patterns: tuple[str, ...], config_path: Path) -> list[tuple[str, str]]:
    """(path, text) of the SQLite schema files and migrations, in the configured order. An entry
    that names no file of this target is passed over (one config can list the layouts of several
    targets); none at all is an error."""
    out: list[tuple[str, str]] = []
    for pattern in patterns:
        if any(ch in pattern for ch in "*?["):
            found = sorted((p for p in root.glob(pattern) if p.is_file()), key=lambda p: p.as_posix())
        else:
            found = [root / pattern] if (root / pattern).is_file() else []
        out += [(p.relative_to(root).as_posix(), p.read_text(encoding="utf-8")) for p in found]
    if not out:
        what = f"no SQLite schema file found in {root} (sqlite_schema: {', '.join(patterns)})" if patterns else "no SQLite schema configured"
        raise ConfigError(what, hint='set [project] sqlite_schema = ["path/schema.sqlite.sql", "path/migrations/*.sql"] in waves.toml', path=config_path)
    return out


def build_sqlite(files: list[tuple[str, str]]) -> sqlite3.Connection:
    """An in-memory SQLite database with every file executed in order, statement by statement so a
    failure names its file and line."""
    conn = sqlite3.connect(":memory:")
    conn.execute("PRAGMA foreign_keys = ON")
    for path, text in files:
        buffer, start = "", 1
        for number, line in enumerate(text.splitlines(keepends=True), 1):
            if _blank(buffer):
                buffer, start = "", number  # comments before a statement are not where it starts
            buffer += line
            if sqlite3.complete_statement(buffer):
                _run(conn, buffer, path, start)
                buffer = ""
        if not _blank(buffer):
            _run(conn, buffer, path, start)
    return conn


def _blank(sql: str) -> bool:
    return re.fullmatch(r"(\s|--[^\n]*)*", sql) is not None


def _run(conn: sqlite3.Connection, sql: str, path: str, line: int) -> None:
    try:
        conn.executescript(sql)
    except sqlite3.Error as exc:
        raise ConfigError(f"the SQLite schema does not build: {exc}", hint="the statement fails on SQLite too: fix it or the order of [project] sqlite_schema", path=path, line=line) from exc


def _column_definitions(create_sql: str) -> dict[str, str]:
    """Column name -> its definition text, from a CREATE TABLE statement as SQLite stores it (SQLite
    appends the definition of every column added by ALTER TABLE)."""
    body = create_sql[create_sql.index("(") + 1: create_sql.rindex(")")]
    parts, depth, current, quote = [], 0, "", ""
    for ch in body:
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"`[":
            quote = "]" if ch == "[" else ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0 and not quote:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    out = {}
    for part in parts:
        text = re.sub(r"--[^\n]*", "", part).strip()
        match = re.match(r'^["`\[]?([A-Za-z_][\w$]*)["`\]]?\s*(.*)$', text, re.S)
        if match and match.group(1).upper() not in {"PRIMARY", "UNIQUE", "FOREIGN", "CHECK", "CONSTRAINT"}:
            out[match.group(1).lower()] = match.group(2)
    return out


def is_flag(name: str, family: str, definition: str, default: str | None) -> bool:
    """A 0/1 column PostgreSQL should hold as BOOLEAN: declared BOOLEAN, checked `IN (0, 1)`, or an
    integer with a flag's name (is_, has_ ...) and a 0/1 default."""
    if family == "boolean":
        return True
    if family != "integer":
        return False
    if re.search(rf"\bcheck\s*\(\s*\"?{re.escape(name)}\"?\s+in\s*\(\s*[01]\s*,\s*[01]\s*\)\s*\)", definition, re.I):
        return True
    return bool(FLAG_NAME.search(name)) and default in {"0", "1"}


def sqlite_side(files: list[tuple[str, str]]) -> SchemaModel:
    conn = build_sqlite(files)
    model = SchemaModel()
    rows = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid").fetchall()
    for name, create_sql in rows:
        table = Table(name.lower())
        definitions = _column_definitions(create_sql or "")
        pk_columns = []
        for _cid, col, declared, notnull, default, pk, hidden in conn.execute(f'PRAGMA table_xinfo("{name}")'):
            if hidden:
                continue
            col_l = col.lower()
            definition = definitions.get(col_l, "")
            family = family_of_sqlite(declared or "")
            raw = default
            default_text = normalise_default(default, family)
            if is_flag(col_l, family, definition, default_text):
                family = "boolean"
                default_text = normalise_default(default, "boolean")
            if family == "text" and default_text in {"current_timestamp", "current_date"}:
                family = "timestamp" if default_text == "current_timestamp" else "date"  # TEXT dates
            rowid = pk == 1 and (declared or "").upper() == "INTEGER"
            table.columns[col_l] = Column(col_l, declared or "", family, bool(notnull) or pk > 0, default_text,
                                          autoincrement=rowid,
                                          nocase=bool(re.search(r"\bCOLLATE\s+NOCASE\b", definition, re.I)), raw_default=raw)
            if pk:
                pk_columns.append((pk, col_l))
        table.primary_key = tuple(c for _n, c in sorted(pk_columns))
        for _seq, index_name, unique, origin, partial in conn.execute(f'PRAGMA index_list("{name}")'):
            columns = tuple((r[2] or "").lower() for r in conn.execute(f'PRAGMA index_info("{index_name}")'))
            if origin == "pk":
                continue
            if origin == "u":
                table.unique.append(columns)
                continue
            sql = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", (index_name,)).fetchone()[0] or ""
            table.indexes.append(_sqlite_index(index_name, table.name, sql, bool(unique)))
        fks: dict[int, ForeignKey] = {}
        for fk_id, _seq, ref_table, source, target, _upd, on_delete, _match in conn.execute(f'PRAGMA foreign_key_list("{name}")'):
            fk = fks.setdefault(fk_id, ForeignKey((), ref_table.lower(), (), on_delete))
            fk.columns += (source.lower(),)
            fk.references += ((target or "id").lower(),)
        table.foreign_keys = list(fks.values())[::-1]  # SQLite lists them last-declared first
        model.tables[table.name] = table
    conn.close()
    return model


def _sqlite_index(name: str, table: str, sql: str, unique: bool) -> Index:
    """An index from its CREATE INDEX text: the column list (names or expressions) and the WHERE."""
    start = sql.index("(", sql.lower().index(" on "))
    depth, end = 0, start
    for end in range(start, len(sql)):
        depth += {"(": 1, ")": -1}.get(sql[end], 0)
        if depth == 0:
            break
    items = [p.strip() for p in _top_level_split(sql[start + 1:end])]
    where = re.search(r"\bWHERE\b(.*)$", sql[end + 1:], re.I | re.S)
    return Index(name.lower(), table, tuple(" ".join(i.lower().split()) for i in items), unique, " ".join(where.group(1).split()).lower() if where else "")


def _top_level_split(text: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for ch in text:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if ch == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    return parts + [current]
