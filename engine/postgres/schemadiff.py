"""`wavemod schema diff`: what the PostgreSQL schema lacks of the schema the code runs on (SQLite).

The SQLite side is built for real (engine.postgres.schemamodel); the PostgreSQL side is the target's schema
file(s) and migrations loaded into a scratch database of the throwaway server sqlcheck uses
(engine.postgres.schemaload), read back from the server's catalog. Differences: missing tables, columns,
primary/unique keys, foreign keys and indexes; columns whose type family, NOT NULL or default differ.
Tables only PostgreSQL has are not differences (the version table, tables the app creates in code).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wavemod.engine.core.config import Config
from wavemod.engine.postgres.schemaload import LoadFailure, load
from wavemod.engine.postgres.schemamodel import Column, ForeignKey, Index, SchemaModel, Table, family_of_postgres, normalise_default, sqlite_files, sqlite_side

# SQLite family -> PostgreSQL families that hold the same values the same way
COMPATIBLE = {
    "integer": {"integer"}, "float": {"float", "numeric"}, "numeric": {"numeric", "integer", "float"},
    "text": {"text", "json"}, "boolean": {"boolean"}, "timestamp": {"timestamp"}, "date": {"date", "timestamp"},
    "json": {"json"}, "blob": {"blob"},
}


@dataclass(frozen=True)
class Difference:
    kind: str  # missing-table | missing-column | type | not-null | default | missing-key | missing-foreign-key | missing-index
    table: str
    name: str  # column, key, foreign key or index
    expected: str = ""  # what the SQLite side has
    actual: str = ""  # what the PostgreSQL side has

    def describe(self) -> str:
        where = f"{self.table}.{self.name}" if self.name else self.table
        detail = f": SQLite {self.expected}, PostgreSQL {self.actual or 'none'}" if self.expected or self.actual else ""
        return f"{self.kind} {where}{detail}"


@dataclass
class SchemaDiff:
    sqlite: SchemaModel
    postgres: SchemaModel
    differences: list[Difference] = field(default_factory=list)
    load_failures: list[LoadFailure] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.differences

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for d in self.differences:
            out[d.kind] = out.get(d.kind, 0) + 1
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "clean": self.clean,
            "tables": {"sqlite": len(self.sqlite.tables), "postgres": len(self.postgres.tables)},
            "counts": self.counts(),
            "differences": [d.__dict__ for d in self.differences],
            "load_failures": [f.to_json() for f in self.load_failures],
        }


# ---- the PostgreSQL side ---------------------------------------------------------------------------

COLUMNS_SQL = """
SELECT c.table_name, c.column_name, c.data_type, c.udt_name, c.is_nullable = 'NO', c.column_default, c.is_identity = 'YES'
  FROM information_schema.columns c JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
 WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
 ORDER BY c.table_name, c.ordinal_position"""
CONSTRAINTS_SQL = """
SELECT rel.relname, con.contype, con.conname,
       ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n ORDER BY k.i)::text[],
       ref.relname,
       ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n ORDER BY k.i)::text[],
       con.confdeltype
  FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid LEFT JOIN pg_class ref ON ref.oid = con.confrelid
 WHERE rel.relnamespace = current_schema()::regnamespace AND con.contype IN ('p', 'u', 'f')
 ORDER BY rel.relname, con.conname"""
INDEXES_SQL = """
SELECT t.relname, i.relname, ix.indisunique, pg_get_expr(ix.indpred, ix.indrelid),
       ARRAY(SELECT pg_get_indexdef(ix.indexrelid, k + 1, true) FROM generate_subscripts(ix.indkey, 1) k ORDER BY k)::text[]
  FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
 WHERE t.relnamespace = current_schema()::regnamespace AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid)"""
ON_DELETE = {"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}


def postgres_side(conn) -> SchemaModel:
    """The schema of the connection's current schema, read from the server's catalog."""
    model = SchemaModel()
    for table, column, data_type, udt, not_null, default, identity in conn.execute(COLUMNS_SQL):
        t = model.tables.setdefault(table, Table(table))
        family = family_of_postgres(udt if data_type == "USER-DEFINED" else data_type)
        serial = identity or (default or "").startswith("nextval(")
        t.columns[column] = Column(column, udt if data_type == "USER-DEFINED" else data_type, family, not_null,
                                   None if serial else normalise_default(default, family), autoincrement=serial, nocase=udt == "citext", raw_default=default)
    for table, kind, _name, columns, ref, ref_columns, on_delete in conn.execute(CONSTRAINTS_SQL):
        t = model.tables.get(table)
        if t is None:
            continue
        if kind == "p":
            t.primary_key = tuple(columns)
        elif kind == "u":
            t.unique.append(tuple(columns))
        else:
            t.foreign_keys.append(ForeignKey(tuple(columns), ref, tuple(ref_columns), ON_DELETE.get(on_delete, "NO ACTION")))
    for table, name, unique, predicate, columns in conn.execute(INDEXES_SQL):
        t = model.tables.get(table)
        if t is not None:
            t.indexes.append(Index(name, table, tuple(" ".join(c.lower().split()) for c in columns), unique, (predicate or "").lower()))
    return model


def load_postgres(url: str, files: list[tuple[str, str]], extra: list[tuple[str, str]] = ()) -> tuple[SchemaModel, list[LoadFailure]]:
    """Load `files` (then `extra`) into a scratch database on the server at `url`; read it back."""
    import psycopg

    from wavemod.engine.postgres.pgserver import scratch_database

    with scratch_database(url, "wavemod_schema") as db, psycopg.connect(db, autocommit=True) as conn:
        failures = load(conn, list(files) + list(extra))
        return postgres_side(conn), failures


# ---- the comparison --------------------------------------------------------------------------------

def _index_columns(index: Index, table: Table) -> tuple[str, ...]:
    """Index items comparable across dialects: `name COLLATE NOCASE` and `lower(name)` both read as
    `lower(name)`, a citext column as `lower(name)`, quotes dropped."""
    out = []
    for item in index.columns:
        item = item.replace('"', "")
        if item.endswith(" collate nocase"):
            item = f"lower({item[: -len(' collate nocase')].strip()})"
        elif item in table.columns and table.columns[item].nocase:
            item = f"lower({item})"
        out.append(item)
    return tuple(out)


def compare(sqlite: SchemaModel, postgres: SchemaModel) -> list[Difference]:
    out: list[Difference] = []
    for name, table in sqlite.tables.items():
        pg = postgres.tables.get(name)
        if pg is None:
            out.append(Difference("missing-table", name, "", f"{len(table.columns)} columns", ""))
            continue
        for column in table.columns.values():
            other = pg.columns.get(column.name)
            if other is None:
                out.append(Difference("missing-column", name, column.name, column.type or "(no type)", ""))
                continue
            if other.family not in COMPATIBLE[column.family]:
                out.append(Difference("type", name, column.name, f"{column.type} ({column.family})", f"{other.type} ({other.family})"))
            if column.not_null != other.not_null:
                out.append(Difference("not-null", name, column.name, "NOT NULL" if column.not_null else "NULL", "NOT NULL" if other.not_null else "NULL"))
            if not column.autoincrement and not other.autoincrement and column.default != other.default:
                out.append(Difference("default", name, column.name, column.raw_default or "none", other.raw_default or "none"))
        keys = {tuple(k) for k in pg.unique} | ({pg.primary_key} if pg.primary_key else set())
        for key in ([table.primary_key] if table.primary_key else []) + table.unique:
            if tuple(key) not in keys:
                out.append(Difference("missing-key", name, ", ".join(key), "PRIMARY KEY" if key == table.primary_key else "UNIQUE", ""))
        have = {fk.key for fk in pg.foreign_keys}
        for fk in table.foreign_keys:
            if fk.key not in have:
                out.append(Difference("missing-foreign-key", name, ", ".join(fk.columns), f"REFERENCES {fk.table}({', '.join(fk.references)})", ""))
        indexed = {(_index_columns(i, pg), i.unique, bool(i.where)) for i in pg.indexes}
        indexed |= {(tuple(k), True, False) for k in keys}
        for index in table.indexes:
            if (_index_columns(index, table), index.unique, bool(index.where)) not in indexed:
                out.append(Difference("missing-index", name, index.name, f"({', '.join(index.columns)})" + (f" WHERE {index.where}" if index.where else ""), ""))
    return out


def run_diff(repo: Path, config: Config, database_url: str | None = None, extra: list[tuple[str, str]] = ()) -> SchemaDiff:
    """Compare the target's SQLite side with its PostgreSQL side (plus `extra` (path, text) files
    applied after it, e.g. a migration not written yet)."""
    from contextlib import nullcontext

    from wavemod.engine.postgres.pgserver import temporary_postgres
    from wavemod.engine.postgres.sqlcheck import schema_files

    root = repo.resolve()
    sqlite = sqlite_side(sqlite_files(root, config.sqlite_schema, config.path))
    files = schema_files(root, config)
    with nullcontext(database_url) if database_url else temporary_postgres() as url:
        postgres, failures = load_postgres(url, files, list(extra))
    return SchemaDiff(sqlite, postgres, compare(sqlite, postgres), failures)
