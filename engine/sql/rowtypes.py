"""TypeScript types from the PostgreSQL schema: row interfaces and the types of statement results."""
from __future__ import annotations

from sqlglot import exp

from wavemod.engine.sql.sqlschema import Column, Table

NUMERIC = {"integer", "bigint", "smallint", "serial", "bigserial", "smallserial", "numeric", "real", "double precision"}
TEXTUAL = {"text", "varchar", "char", "citext", "name", "uuid", "interval", "time", "timetz"}
TIMESTAMPS = {"timestamp", "timestamptz", "date"}


def ts_type(column_type: str, timestamps: str = "string") -> str:
    """The TypeScript type node-pg gives a column of `column_type` (bigint/numeric: the example
    adapters parse them to numbers)."""
    if column_type in NUMERIC:
        return "number"
    if column_type in TEXTUAL:
        return "string"
    if column_type == "boolean":
        return "boolean"
    if column_type in TIMESTAMPS:
        return timestamps
    if column_type == "bytea":
        return "Buffer"
    return "unknown"  # json, jsonb and types the schema reader doesn't know


def type_name(table: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in table.split("_") if part) + "Row"


def row_interface(table: Table, source: str, timestamps: str) -> str:
    """`export interface UsersRow { ... }`: NOT NULL columns required, the others optional and nullable."""
    lines = [f"/** A row of `{table.name}` ({source}). */", f"export interface {type_name(table.name)} {{"]
    for column in table.columns:
        lines.append(f"  {_field(column, column.name in table.primary_key, timestamps)}")
    lines.append("}")
    return "\n".join(lines)


def _field(column: Column, primary: bool, timestamps: str) -> str:
    kind = ts_type(column.type, timestamps)
    required = column.not_null or primary  # a primary key is NOT NULL without saying so
    return f"{column.name}: {kind}" if required else f"{column.name}?: {kind} | null"


def result_type(statement: exp.Expression, table: Table, timestamps: str) -> str:
    """The row type a SELECT returns: the table's row for `*`, a Pick for plain columns, else an
    object type with aliased aggregates (`COUNT(*) AS n` -> `n: number`)."""
    row = type_name(table.name)
    projections = statement.expressions if isinstance(statement, exp.Select) else []
    if len(projections) == 1 and isinstance(projections[0], exp.Star):
        return row
    if projections and all(isinstance(p, exp.Column) and not isinstance(p.this, exp.Star) and table.column(p.name) for p in projections):
        names = " | ".join(f"'{p.name}'" for p in projections)
        return f"Pick<{row}, {names}>"
    fields = []
    for projection in projections:
        name, inner = projection.alias_or_name, projection.unalias()
        if not name or isinstance(inner, exp.Star):
            return "Record<string, unknown>"
        fields.append(f"{name}: {_expression_type(inner, table, timestamps)}")
    return "{ " + "; ".join(fields) + " }" if fields else "Record<string, unknown>"


def _expression_type(node: exp.Expression, table: Table, timestamps: str) -> str:
    if isinstance(node, exp.Column):
        column = table.column(node.name)
        return ts_type(column.type, timestamps) + ("" if column.not_null else " | null") if column else "unknown"
    if isinstance(node, exp.Count):
        return "number"
    if isinstance(node, (exp.Sum, exp.Avg, exp.Max, exp.Min)):
        return "number | null"
    if isinstance(node, exp.Literal):
        return "string" if node.is_string else "number"
    if isinstance(node, exp.Coalesce) or isinstance(node, (exp.Add, exp.Sub, exp.Mul, exp.Div)):
        leaves = [n for n in node.find_all(exp.Count, exp.Sum, exp.Avg, exp.Max, exp.Min, exp.Literal) if not isinstance(n, exp.Literal) or not n.is_string]
        return "number" if leaves else "unknown"
    return "unknown"
