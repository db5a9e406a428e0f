"""The shape of a single-table SQL statement: what repository rules match on.

Two statements have the same shape when they mean the same thing up to spelling: keyword and
identifier case, whitespace, the table's alias (`u.id` vs `id`), the order of AND-ed predicates,
of INSERT columns and of UPDATE assignments, and (with `lift`) comparison literals, which become
parameters (`status = 'open'` has the shape of `status = ?`, the literal being the argument).

A shape keeps where each of its parameters came from: `Param.source` is the index of the `?` in
the original text (so call arguments can be reordered to the canonical order) or `Param.literal`
the lifted literal. Statements with joins, subqueries, unions, CTEs, named parameters or
interpolations have no shape: they stay with the adapter.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError
from sqlglot.tokens import Tokenizer, TokenType

from wavemod.engine.sql.sqlschema import Schema

MARK = re.compile(r":wm([pl])(\d+)\b")
COMPARISONS = (exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE, exp.Like)
NESTED = (exp.Subquery, exp.Union, exp.Intersect, exp.Except, exp.With, exp.Join, exp.Exists)


@dataclass(frozen=True)
class Param:
    """One `?` of the canonical statement."""

    source: int | None  # index of the `?` in the original SQL, or None for a lifted literal
    literal: str | None = None  # the lifted literal as SQL text ('open', 5)
    column: str | None = None  # the column it is compared with / assigned to / inserted into
    role: str = "value"  # value | limit | offset
    op: str = "="  # comparison operator, for names (=, <>, >, >=, <, <=, like)


@dataclass(frozen=True)
class Shape:
    kind: str  # select | insert | update | delete
    table: str
    key: str  # canonical SQL, every parameter spelled `?`
    params: tuple[Param, ...]
    statement: exp.Expression  # canonical AST (parameters as :wmpN / :wmlN placeholders)

    @property
    def lifted(self) -> bool:
        return any(p.source is None for p in self.params)


def number_placeholders(sql: str, spell: str, strict: bool = False, first: int = 0) -> str | None:
    """Each positional `?` -> `spell.format(n)` (n counting from `first`), leaving `?` inside strings, identifiers
    and comments alone. None if the SQL can't be tokenized, or (`strict`) if it has other parameter
    forms (?NNN, :name, @name, $name: bound by name or number, not by position)."""
    try:
        tokens = Tokenizer(dialect="sqlite").tokenize(sql)
    except Exception:
        return None
    out, cursor, n = [], 0, first
    for token in tokens:
        numbered = token.token_type == TokenType.PLACEHOLDER and sql[token.end + 1 : token.end + 2].isdigit()
        if strict and (
            numbered
            or token.token_type in (TokenType.PARAMETER, TokenType.COLON)
            or (token.token_type == TokenType.PLACEHOLDER and token.text != "?")
            or (token.token_type not in (TokenType.STRING, TokenType.IDENTIFIER) and token.text[:1] in {"$", "@", ":"})
        ):
            return None
        if token.token_type == TokenType.PLACEHOLDER and token.text == "?" and not numbered:
            out.append(sql[cursor : token.start])
            out.append(spell.format(n))
            cursor, n = token.end + 1, n + 1
    out.append(sql[cursor:])
    return "".join(out)


def _single_table(statement: exp.Expression) -> exp.Table | None:
    if isinstance(statement, exp.Select):
        source = statement.args.get("from_") or statement.args.get("from")
        table = source.this if source is not None else None
    elif isinstance(statement, (exp.Update, exp.Delete)):
        table = statement.this
        if statement.args.get("from_") or statement.args.get("from") or statement.args.get("using"):
            return None
    elif isinstance(statement, exp.Insert):
        target = statement.this
        table = target.this if isinstance(target, exp.Schema) else None
        values = statement.expression
        if not isinstance(values, exp.Values) or len(values.expressions) != 1:
            return None
        if statement.args.get("conflict") or statement.args.get("returning") or statement.args.get("alternative"):
            return None
    else:
        return None
    if not isinstance(table, exp.Table) or table.args.get("db") or not isinstance(table.this, exp.Identifier):
        return None
    return table


def _unqualify(statement: exp.Expression, table: exp.Table) -> bool:
    """Drop the alias and `t.` qualifiers; False if a column names another table."""
    names = {table.name.lower()}
    alias = table.alias
    if alias:
        names.add(alias.lower())
        table.set("alias", None)
    for column in statement.find_all(exp.Column):
        qualifier = column.table
        if qualifier:
            if qualifier.lower() not in names:
                return False
            column.set("table", None)
    return True


def _lower_identifiers(statement: exp.Expression) -> None:
    for ident in statement.find_all(exp.Identifier):
        if not ident.quoted:
            ident.set("this", ident.this.lower())


def _literal_value(node: exp.Expression) -> str | None:
    if isinstance(node, exp.Literal):
        return node.sql(dialect="sqlite")
    if isinstance(node, exp.Neg) and isinstance(node.this, exp.Literal) and not node.this.is_string:
        return "-" + node.this.sql(dialect="sqlite")
    return None


def _lift(where: exp.Expression, literals: list[str], table: str, schema: Schema | None) -> None:
    """`column <op> literal` -> `column <op> :wmlN` (not for boolean columns: `is_active = 1` is a
    flag in the statement's meaning, and JS `1` is not a TypeScript boolean)."""
    for comparison in list(where.find_all(*COMPARISONS)):
        left, right = comparison.this, comparison.expression
        if isinstance(right, exp.Column) and _literal_value(left) is not None:
            left, right = right, left
        value = _literal_value(right)
        if not isinstance(left, exp.Column) or value is None:
            continue
        if schema is not None and schema.table(table) is not None:
            column_type = schema.column_type(table, left.name)
            if column_type is None or column_type == "boolean":
                continue
        elif not (isinstance(right, exp.Literal) and right.is_string):
            continue  # without a schema only strings are surely values, not flags
        right.replace(exp.Placeholder(this=f"wml{len(literals)}"))
        literals.append(value)


def _sort_conjuncts(where: exp.Where) -> None:
    condition = where.this
    if not isinstance(condition, exp.And):
        return
    parts = list(condition.flatten())
    parts.sort(key=_anonymous)
    rebuilt = parts[0]
    for part in parts[1:]:
        rebuilt = exp.And(this=rebuilt, expression=part)
    where.set("this", rebuilt)


def _anonymous(node: exp.Expression) -> str:
    return MARK.sub("?", node.sql(dialect="sqlite"))


def _canonical_order(statement: exp.Expression) -> None:
    where = statement.args.get("where")
    if isinstance(where, exp.Where):
        _sort_conjuncts(where)
    if isinstance(statement, exp.Update):
        statement.set("expressions", sorted(statement.expressions, key=_anonymous))
    if isinstance(statement, exp.Insert):
        columns = statement.this.expressions
        row = statement.expression.expressions[0].expressions
        if len(columns) == len(row):
            pairs = sorted(zip(columns, row), key=lambda pair: pair[0].name)
            statement.this.set("expressions", [c for c, _ in pairs])
            statement.expression.expressions[0].set("expressions", [v for _, v in pairs])


def _param_context(statement: exp.Expression) -> dict[str, tuple[str | None, str, str]]:
    """Placeholder name -> (column, role, op)."""
    out: dict[str, tuple[str | None, str, str]] = {}
    for placeholder in statement.find_all(exp.Placeholder):
        name, parent = str(placeholder.this), placeholder.parent
        column, role, op = None, "value", "="
        if isinstance(parent, exp.Limit):
            role = "limit"
        elif isinstance(parent, exp.Offset):
            role = "offset"
        elif isinstance(parent, exp.Tuple) and isinstance(statement, exp.Insert):
            index = parent.expressions.index(placeholder)
            columns = statement.this.expressions
            column = columns[index].name if index < len(columns) else None
        elif isinstance(parent, COMPARISONS) or isinstance(parent, exp.In):
            other = parent.this if parent.this is not placeholder else parent.expression
            column = other.name if isinstance(other, exp.Column) else None
            op = {exp.EQ: "=", exp.NEQ: "<>", exp.GT: ">", exp.GTE: ">=", exp.LT: "<", exp.LTE: "<=", exp.Like: "like", exp.In: "in"}.get(type(parent), "=")
        out[name] = (column, role, op)
    return out


_SHAPES: dict[tuple[str, bool, int], Shape | None] = {}


def shape_of(sql: str, lift: bool = False, schema: Schema | None = None) -> Shape | None:
    """The canonical shape of `sql` (SQLite spelling), or None when it has none. Pure, so cached
    (passes and phases ask again for the same SQL; the schema is one object per run)."""
    key = (sql, lift, id(schema))
    if key not in _SHAPES:
        if len(_SHAPES) > 50_000:
            _SHAPES.clear()
        _SHAPES[key] = _shape_of(sql, lift, schema)
    return _SHAPES[key]


def _shape_of(sql: str, lift: bool, schema: Schema | None) -> Shape | None:
    marked = number_placeholders(sql, ":wmp{}", strict=True)
    if marked is None or "__wm_" in marked:
        return None
    try:
        statements = sqlglot.parse(marked, read="sqlite")
    except (SqlglotError, ValueError):
        return None
    if len(statements) != 1 or statements[0] is None:
        return None
    statement = statements[0]
    if any(True for _ in statement.find_all(*NESTED)) or any(s is not statement for s in statement.find_all(exp.Select)):
        return None
    table = _single_table(statement)
    if table is None or not _unqualify(statement, table):
        return None
    _lower_identifiers(statement)
    table_name = table.name
    literals: list[str] = []
    where = statement.args.get("where")
    if lift and isinstance(where, exp.Where):
        _lift(where, literals, table_name, schema)
    _canonical_order(statement)
    text = statement.sql(dialect="sqlite")
    context = _param_context(statement)
    params = []
    for match in MARK.finditer(text):
        kind, number = match.group(1), int(match.group(2))
        column, role, op = context.get(f"wm{kind}{number}", (None, "value", "="))
        if kind == "p":
            params.append(Param(number, None, column, role, op))
        else:
            params.append(Param(None, literals[number], column, role, op))
    kind = {exp.Select: "select", exp.Insert: "insert", exp.Update: "update", exp.Delete: "delete"}[type(statement)]
    return Shape(kind, table_name, MARK.sub("?", text), tuple(params), statement)


def match_shape(sql: str, keys: set[str] | frozenset[str], schema: Schema | None) -> Shape | None:
    """The shape of `sql` that is one of `keys`: as written first, then with literals lifted."""
    plain = shape_of(sql, False, schema)
    if plain is None:
        return None
    if plain.key in keys:
        return plain
    lifted = shape_of(sql, True, schema)
    if lifted is not None and lifted.lifted and lifted.key in keys:
        return lifted
    return None
