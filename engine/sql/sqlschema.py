"""Reading a PostgreSQL schema file: tables, column types, nullability, defaults and keys.

Only CREATE TABLE and `ALTER TABLE ... ADD COLUMN` statements matter (a migration adds columns the
way the schema file declares them); everything else in the file (comments, seed INSERTs, CREATE
INDEX, `SELECT setval(...)`, functions) is skipped. Each statement is parsed on its own with
sqlglot (read="postgres"), so one statement sqlglot can't parse doesn't lose the rest; the ones that
fail are listed in `Schema.skipped`. Names are case-insensitive: everything is stored lower-case
with quotes removed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError
from sqlglot.tokens import TokenType

_T = exp.DataType.Type
TYPE_NAMES: dict[object, str] = {
    _T.INT: "integer", _T.BIGINT: "bigint", _T.SMALLINT: "smallint", _T.TINYINT: "smallint",
    _T.SERIAL: "serial", _T.BIGSERIAL: "bigserial", _T.SMALLSERIAL: "smallserial",
    _T.TEXT: "text", _T.VARCHAR: "varchar", _T.NVARCHAR: "varchar", _T.CHAR: "char", _T.NCHAR: "char",
    _T.BOOLEAN: "boolean", _T.TIMESTAMP: "timestamp", _T.TIMESTAMPTZ: "timestamptz",
    _T.DATE: "date", _T.TIME: "time", _T.TIMETZ: "timetz", _T.INTERVAL: "interval",
    _T.DECIMAL: "numeric", _T.FLOAT: "real", _T.DOUBLE: "double precision",
    _T.JSON: "json", _T.JSONB: "jsonb", _T.UUID: "uuid", _T.VARBINARY: "bytea",
}
TEXT_TYPES = frozenset({"text", "varchar", "char", "citext", "name"})


def _norm(name: str) -> str:
    name = name.strip()
    if len(name) >= 2 and name[0] == name[-1] == '"':
        name = name[1:-1].replace('""', '"')
    return name.lower()


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # normalised lower-case type name without parameters: integer, text, boolean, ...
    not_null: bool = False
    default: str | None = None  # the default expression as PostgreSQL SQL text


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    unique: tuple[tuple[str, ...], ...] = ()  # every UNIQUE constraint (inline ones as 1-tuples), in order

    def column(self, name: str) -> Column | None:
        name = _norm(name)
        return next((c for c in self.columns if c.name == name), None)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


@dataclass(frozen=True)
class Schema:
    tables: tuple[Table, ...] = ()
    skipped: tuple[str, ...] = ()  # CREATE TABLE statements that could not be parsed (first line + reason)

    def table(self, name: str) -> Table | None:
        name = _norm(name.split(".")[-1]) if '"' not in name else _norm(name)
        return next((t for t in self.tables if t.name == name), None)

    def column_type(self, table: str, column: str) -> str | None:
        t = self.table(table)
        c = t.column(column) if t else None
        return c.type if c else None

    def is_boolean(self, table: str, column: str) -> bool:
        return self.column_type(table, column) == "boolean"

    def is_text(self, table: str, column: str) -> bool:
        return self.column_type(table, column) in TEXT_TYPES

    def key_columns(self, table: str) -> tuple[str, ...]:
        """The primary key, else the first unique constraint, else ()."""
        t = self.table(table)
        if t is None:
            return ()
        if t.primary_key:
            return t.primary_key
        return t.unique[0] if t.unique else ()

    def unique_keys(self, table: str) -> tuple[tuple[str, ...], ...]:
        """Every key a conflict can be detected on: the primary key first, then the unique constraints."""
        t = self.table(table)
        if t is None:
            return ()
        keys = ((t.primary_key,) if t.primary_key else ()) + t.unique
        return tuple(dict.fromkeys(keys))

    def id_column(self, table: str) -> str | None:
        """The single-column primary key (what RETURNING should return), else None."""
        t = self.table(table)
        if t is not None and len(t.primary_key) == 1:
            return t.primary_key[0]
        return None


def _type_name(kind: exp.DataType | None) -> str:
    if kind is None:
        return ""
    if isinstance(kind, exp.DataType) and kind.this in TYPE_NAMES:
        return TYPE_NAMES[kind.this]
    text = kind.sql("postgres").lower()
    return re.sub(r"\s*\(.*\)$", "", text).strip()


def _names(node: exp.Expression | None) -> tuple[str, ...]:
    if node is None:
        return ()
    items = node.expressions if isinstance(node, (exp.Schema, exp.Tuple)) or node.expressions else [node]
    out = []
    for item in items:
        if isinstance(item, exp.Ordered):
            item = item.this
        out.append(_norm(item.name if isinstance(item, (exp.Identifier, exp.Column)) else item.sql("postgres")))
    return tuple(out)


def _column(item: exp.ColumnDef) -> tuple[Column, bool, bool]:
    """The column, whether it is the primary key, whether it is unique on its own."""
    name = item.name.lower()
    not_null, default, primary, unique = False, None, False, False
    for constraint in item.constraints:
        kind = constraint.args.get("kind")
        if isinstance(kind, exp.NotNullColumnConstraint) and not kind.args.get("allow_null"):
            not_null = True
        elif isinstance(kind, exp.DefaultColumnConstraint):
            default = kind.this.sql("postgres")
        elif isinstance(kind, exp.PrimaryKeyColumnConstraint):
            primary = not_null = True
        elif isinstance(kind, exp.UniqueColumnConstraint):
            unique = True
    return Column(name, _type_name(item.args.get("kind")), not_null, default), primary, unique


def _added_columns(alter: exp.Alter, tables: dict[str, Table]) -> None:
    """`ALTER TABLE t ADD COLUMN ...`: the table as it is afterwards (other actions are ignored)."""
    if not isinstance(alter.this, exp.Table) or alter.this.name.lower() not in tables:
        return
    table = tables[alter.this.name.lower()]
    for action in alter.args.get("actions") or []:
        if isinstance(action, exp.ColumnDef) and table.column(action.name) is None:
            column, primary, unique = _column(action)
            table = Table(table.name, table.columns + (column,), (column.name,) if primary else table.primary_key,
                          table.unique + (((column.name,),) if unique else ()))
    tables[table.name] = table


def _table(create: exp.Create) -> Table | None:
    target = create.this
    if not isinstance(target, exp.Schema) or not isinstance(target.this, exp.Table):
        return None  # CREATE TABLE ... AS SELECT: no column list to read
    name = target.this.name.lower()
    columns: list[Column] = []
    primary: tuple[str, ...] = ()
    unique: list[tuple[str, ...]] = []

    def table_constraint(node: exp.Expression) -> None:
        nonlocal primary
        if isinstance(node, exp.PrimaryKey):
            primary = _names(node)
        elif isinstance(node, exp.UniqueColumnConstraint):
            cols = _names(node.this)
            if cols:
                unique.append(cols)
        elif isinstance(node, exp.Constraint):
            for inner in node.expressions:
                table_constraint(inner)

    for item in target.expressions:
        if isinstance(item, exp.ColumnDef):
            column, is_primary, is_unique = _column(item)
            if is_primary:
                primary = (column.name,)
            if is_unique:
                unique.append((column.name,))
            columns.append(column)
        else:
            table_constraint(item)
    if primary:
        columns = [Column(c.name, c.type, True, c.default) if c.name in primary else c for c in columns]
    return Table(name, tuple(columns), primary, tuple(dict.fromkeys(unique)))


def _statements(text: str) -> list[str]:
    """The text of each statement (split at top-level semicolons by the PostgreSQL tokenizer)."""
    try:
        tokens = sqlglot.Dialect.get_or_raise("postgres").tokenize(text)
    except SqlglotError:
        return [s for s in re.split(r";\s*\n", text) if s.strip()]
    out, start = [], None
    for tok in tokens:
        if tok.token_type == TokenType.SEMICOLON:
            if start is not None:
                out.append(text[start:tok.start])
            start = None
        elif start is None:
            start = tok.start
    if start is not None:
        out.append(text[start:])
    return out


CREATE_TABLE = re.compile(r"^\s*CREATE\s+(?:(?:GLOBAL|LOCAL)\s+)?(?:(?:TEMP|TEMPORARY|UNLOGGED)\s+)?TABLE\b", re.I)
ADD_COLUMN = re.compile(r"^\s*ALTER\s+TABLE\b.*\bADD\b", re.I | re.S)


def load_schema(text: str) -> Schema:
    tables: dict[str, Table] = {}
    skipped: list[str] = []
    for statement in _statements(text):
        statement = re.sub(r"^(\s*--[^\n]*\n)+", "", statement)  # a leading comment hides the verb
        if not CREATE_TABLE.match(statement) and not ADD_COLUMN.match(statement):
            continue
        try:
            parsed = sqlglot.parse_one(statement, read="postgres")
        except SqlglotError as error:
            skipped.append(f"{statement.strip().splitlines()[0]}: {str(error).splitlines()[0]}")
            continue
        if isinstance(parsed, exp.Alter):
            _added_columns(parsed, tables)
            continue
        table = _table(parsed) if isinstance(parsed, exp.Create) else None
        if table is not None:
            tables[table.name] = table
    return Schema(tuple(tables.values()), tuple(skipped))


class SchemaText:
    """A schema's text, parsed on first use. Parsing a schema takes sqlglot a few hundredths of a
    second; a run's worker processes each parse it right after they start (engine.run.workers), while
    the parent reads and scans the sources, instead of the parent before them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._schema: Schema | None = None

    def get(self) -> Schema:
        if self._schema is None:
            self._schema = load_schema(self.text)
        return self._schema
