"""`wavemod repositories suggest`: propose the repository layer from the code and the schema.

Every better-sqlite3 execution of the scanned files is normalised to its shape (engine.sql.sqlshape);
equal shapes with the same terminal method are one method. Groups are ranked by the call sites they
cover and written as a repository module per table (`<dir>/<table>-repository.ts`: async methods
on the adapter, row interfaces from the PostgreSQL schema) plus the rule file that maps each shape
to its method. The proposal is meant to be read and edited before a wave uses it: nothing existing
is overwritten without `force`.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from sqlglot import exp

from wavemod.codemods.registry import CODEMODS

from wavemod.engine.analysis.context import FileContext
from wavemod.engine.analysis.bindings import FileIndex
from wavemod.engine.analysis.callsites import CallSite, execution_sites
from wavemod.engine.core.config import Config, load_config
from wavemod.engine.core.errors import ConfigError, RepoError
from wavemod.engine.core.languages import language_for, parse
from wavemod.engine.run.parallel import SHARED, map_paths
from wavemod.engine.run.pipeline import default_workers, load_schemas, wave_files
from wavemod.engine.sql.rowtypes import result_type, row_interface, ts_type
from wavemod.engine.sql.sqldialect import rewrite
from wavemod.engine.sql.sqlschema import Schema, Table
from wavemod.engine.sql.sqlshape import Param, Shape, shape_of
from wavemod.engine.core.workspace import Workspace

HELPERS = {"get": "executeQueryOne", "all": "executeQuery", "run": "executeRun"}
OPERATOR_WORDS = {"<>": "Not", ">": "Above", ">=": "From", "<": "Below", "<=": "Until", "like": "Like", "in": "In"}
SOFT_DELETE_COLUMNS = {"deleted_at", "is_deleted", "deleted", "archived_at"}


@dataclass
class Method:
    table: str
    name: str
    terminal: str
    shape: Shape
    sql: str  # what the repository module runs (target dialect, RETURNING for inserts)
    sites: list[CallSite]
    params: list[tuple[str, str]] = field(default_factory=list)  # (name, TypeScript type), canonical order

    @property
    def object_name(self) -> str:
        return _camel(self.table) + "Repository"


@dataclass(frozen=True)
class Skipped:
    sql: str
    terminal: str
    sites: int
    reason: str


@dataclass
class Proposal:
    methods: list[Method]  # ranked: most call sites first
    total_sites: int  # every execution in the scanned files
    shaped_sites: int  # executions whose statement has a shape
    skipped: list[Skipped]
    files: dict[str, str]  # repository-relative path -> text
    pinned_sites: int = 0  # shaped, but inside a transaction callback: they stay on its handle
    written: list[str] = field(default_factory=list)

    def coverage(self, top: int | None = None) -> int:
        """Call sites covered by the `top` highest-ranked methods (all when None)."""
        return sum(len(m.sites) for m in self.methods[:top])


def _pascal(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[_\W]+", name) if part)


def _camel(name: str) -> str:
    pascal = _pascal(name)
    return pascal[:1].lower() + pascal[1:]


def _subject(column: str) -> str:
    """tenant_id -> Tenant, id -> Id, created_at -> CreatedAt."""
    if column != "id" and column.endswith("_id"):
        column = column[: -len("_id")]
    return _pascal(column)


def _predicates(statement) -> list[str]:
    where = statement.args.get("where")
    if where is None:
        return []
    condition = where.this
    parts = list(condition.flatten()) if isinstance(condition, exp.And) else [condition]
    words = []
    for part in parts:
        if isinstance(part, exp.Is):
            column = part.this.name if isinstance(part.this, exp.Column) else "value"
            words.append(("Without" if isinstance(part.expression, exp.Null) else "With") + _subject(column))
        elif isinstance(part, exp.Not) and isinstance(part.this, exp.Is):
            column = part.this.this.name if isinstance(part.this.this, exp.Column) else "value"
            words.append("With" + _subject(column))
        else:
            column = next((c.name for c in part.find_all(exp.Column)), "")
            op = {exp.EQ: "=", exp.NEQ: "<>", exp.GT: ">", exp.GTE: ">=", exp.LT: "<", exp.LTE: "<=", exp.Like: "like", exp.In: "in"}.get(type(part), "?")
            words.append(_subject(column) + ("" if op == "=" else OPERATOR_WORDS.get(op, "Matching")) if column else "Condition")
    return words


def base_name(shape: Shape, terminal: str) -> str:
    """findById, findAllByStatus, countByTenant, softDeleteById, updateStatusById, deleteById, insert."""
    statement = shape.statement
    by = "And".join(_predicates(statement))
    suffix = f"By{by}" if by else ""
    if shape.kind == "insert":
        return "insert"
    if shape.kind == "delete":
        return "delete" + (suffix or "All")
    if shape.kind == "update":
        columns = [e.this.name for e in statement.expressions if isinstance(e, exp.EQ) and isinstance(e.this, exp.Column)]
        meaningful = [c for c in columns if c not in {"updated_at"}]
        if meaningful and set(meaningful) <= SOFT_DELETE_COLUMNS:
            return "softDelete" + suffix
        named = "And".join(_pascal(c) for c in meaningful[:2]) + ("AndMore" if len(meaningful) > 2 else "")
        return "update" + (named or "Timestamps") + suffix
    projections = statement.expressions
    if len(projections) == 1 and isinstance(projections[0].unalias(), exp.Count):
        return "count" + suffix
    if terminal == "get":
        return "find" + (suffix or "First")
    return "findAll" + suffix


def _unique(name: str, shape: Shape, taken: set[str]) -> str:
    """Unique within its repository: the ORDER BY or LIMIT distinguishes, else a number."""
    if name not in taken:
        return name
    order = shape.statement.args.get("order")
    if order is not None:
        keys = [o.this.name for o in order.expressions if isinstance(o.this, exp.Column)]
        candidate = name + "OrderedBy" + "And".join(_pascal(k) for k in keys)
        if keys and candidate not in taken:
            return candidate
    if shape.statement.args.get("limit") is not None and name + "Limited" not in taken:
        return name + "Limited"
    number = 2
    while f"{name}{number}" in taken:
        number += 1
    return f"{name}{number}"


# What a better-sqlite3 call accepted for a parameter: the default type of method parameters, so
# existing callers type-check as they are (`findById(info.lastInsertRowid)` passes number | bigint |
# undefined). `--typed-params` uses the column's type instead, for callers ready to be tightened.
LOOSE_PARAM = "SqlValue"
LOOSE_PARAM_TYPE = "export type SqlValue = string | number | bigint | boolean | Date | Buffer | null | undefined"


def _param_names(params: tuple[Param, ...], table: Table, timestamps: str, typed: bool) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    used: set[str] = set()
    for index, param in enumerate(params):
        column = table.column(param.column) if param.column else None
        if param.role in ("limit", "offset"):
            name, kind = param.role, "number"
        elif column is not None:
            name = _camel(column.name)
            kind = ts_type(column.type, timestamps)
            if param.op == "like":
                kind = "string"
        else:
            name, kind = f"value{index + 1}", "unknown"
        if column is not None and typed and not column.not_null and param.role == "value" and param.op == "=":
            kind += " | null"  # inserted or assigned: NULL is a value
        if not typed:
            kind = LOOSE_PARAM if param.role == "value" else kind
        if name in used:
            name = f"{name}{index + 1}"
        used.add(name)
        out.append((name, kind))
    return out


def _file_sites(path: str) -> list[CallSite]:
    workspace: Workspace = SHARED["workspace"]
    lang = language_for(path)
    source = workspace.read(path)
    if lang is None or b"prepare(" not in source:
        return []
    tree = parse(source, lang)
    ctx = FileContext(path, source, tree, lang, FileIndex(path, tree, workspace.resolver), SHARED["config"], schema=SHARED["schema"])
    return list(execution_sites(ctx))


def _collect(workspace: Workspace, config: Config, paths: list[str], schema: Schema | None, workers: int | None) -> list[CallSite]:
    """The execution sites of the given files, in path order, across worker processes."""
    found = map_paths(_file_sites, paths, {"workspace": workspace, "config": config, "schema": schema}, workers or default_workers())
    return [site for sites in found for site in sites]


def _module_sql(shape: Shape, schema: Schema, sql_target: str) -> tuple[str | None, str]:
    """The SQL the repository runs (None + why when the target has no form for it)."""
    returning = shape.kind == "insert" and schema.id_column(shape.table) is not None
    result = rewrite(shape.key, sql_target, schema, returning=returning)
    if result.problems:
        return None, "; ".join(result.problems)
    return result.sql, ""


def propose(
    repo: Path,
    config: Config | None = None,
    wave_id: str | None = None,
    min_sites: int = 2,
    top: int | None = None,
    sql_target: str = "portable",
    timestamps: str | None = None,
    typed_params: bool = False,
    workers: int | None = None,
) -> Proposal:
    """The repository layer for the repository's (or one wave's) statements; writes nothing."""
    config = config or load_config(None, CODEMODS)
    workspace = Workspace.open(repo)
    timestamps = timestamps or config.repository_timestamps
    if wave_id is not None:
        paths = sorted(wave_files(workspace, config, config.wave(wave_id)))
    else:
        paths = workspace.select(("**",), tuple(config.exclude) + tuple(config.audit_exclude))
    schema = load_schemas(config, {name: (workspace.root / name).read_bytes() for name in config.schema_files(workspace.root) if (workspace.root / name).is_file()})
    if schema is None or not schema.tables:
        raise ConfigError(
            f"no PostgreSQL schema found in {repo} ({', '.join(config.schema) or 'none configured'})",
            hint="row interfaces come from the schema: set [project] schema in waves.toml to the schema file",
            path=config.path,
        )
    sites = _collect(workspace, config, paths, schema, workers)
    groups: dict[tuple[str, str], list[CallSite]] = defaultdict(list)
    shapes: dict[tuple[str, str], Shape] = {}
    pinned = 0
    for site in sites:
        shape = shape_of(site.sql, True, schema) if site.sql else None
        if shape is None or site.args != sum(1 for p in shape.params if p.source is not None):
            continue
        if not site.movable:
            pinned += 1
            continue
        groups[(shape.key, site.terminal)].append(site)
        shapes.setdefault((shape.key, site.terminal), shape)
    ranked = sorted(groups, key=lambda k: (-len(groups[k]), shapes[k].table, k))
    methods: list[Method] = []
    skipped: list[Skipped] = []
    taken: dict[str, set[str]] = defaultdict(set)
    for key in ranked:
        shape, terminal, members = shapes[key], key[1], groups[key]
        table = schema.table(shape.table)
        reason = ""
        if len(members) < min_sites:
            reason = f"fewer than {min_sites} call sites"
        elif top is not None and len(methods) >= top:
            reason = f"beyond the top {top}"
        elif table is None:
            reason = f"table {shape.table} is not in the schema"
        sql, why = _module_sql(shape, schema, sql_target) if not reason else (None, "")
        if reason or sql is None:
            skipped.append(Skipped(key[0], terminal, len(members), reason or why or f"no {sql_target} form"))  # `why` names the target
            continue
        name = _unique(base_name(shape, terminal), shape, taken[table.name])
        taken[table.name].add(name)
        methods.append(Method(table.name, name, terminal, shape, sql, members, _param_names(shape.params, table, timestamps, typed_params)))
    shaped = sum(len(v) for v in groups.values()) + pinned
    files = render(methods, schema, config, timestamps) if methods else {}
    return Proposal(methods, len(sites), shaped, skipped, files, pinned_sites=pinned)


def _ts_string(sql: str) -> str:
    if "'" not in sql and "\\" not in sql and "\n" not in sql:
        return f"'{sql}'"
    return "`" + sql.replace("\\", "\\\\").replace("`", "\\`").replace("${", "\\${") + "`"


def _module_path(config: Config, table: str) -> tuple[str, str]:
    stem = table.replace("_", "-") + "-repository"
    return f"{config.repositories_dir}/{stem}.ts", f"{config.repositories_module}/{stem}"


def _method_source(method: Method, table: Table, timestamps: str) -> list[str]:
    helper = HELPERS[method.terminal]
    signature = ", ".join(f"{name}: {kind}" for name, kind in method.params)
    arguments = ", ".join(name for name, _ in method.params)
    call_args = f"{_ts_string(method.sql)}, [{arguments}]" if arguments else _ts_string(method.sql)
    count = len(method.sites)
    doc = ["  /**", f"   * `{method.shape.key}` ({method.terminal}, {count} call site{'s' if count != 1 else ''})"]
    for (name, _), param in zip(method.params, method.shape.params):
        column = table.column(param.column) if param.column else None
        if column is not None:
            doc.append(f"   * @param {name} {table.name}.{column.name} ({column.type}{'' if column.not_null else ', nullable'})")
        elif param.role != "value":
            doc.append(f"   * @param {name} {param.role.upper()}")
    doc.append("   */")
    if method.terminal == "run":
        return [*doc, f"  async {method.name}({signature}): Promise<Awaited<ReturnType<typeof {helper}>>> {{", f"    return {helper}({call_args})", "  },"]
    row = result_type(method.shape.statement, table, timestamps)
    returns = "T | undefined" if method.terminal == "get" else "T[]"
    return [*doc, f"  async {method.name}<T = {row}>({signature}): Promise<{returns}> {{", f"    return {helper}<T>({call_args})", "  },"]


def render(methods: list[Method], schema: Schema, config: Config, timestamps: str) -> dict[str, str]:
    """The repository modules and the rule file, as repository-relative path -> text."""
    by_table: dict[str, list[Method]] = defaultdict(list)
    for method in methods:
        by_table[method.table].append(method)
    files: dict[str, str] = {}
    schema_file = config.schema[0] if config.schema else "the schema"
    for table_name, members in sorted(by_table.items()):
        table = schema.table(table_name)
        path, _ = _module_path(config, table_name)
        helpers = sorted({HELPERS[m.terminal] for m in members})
        lines = [
            f"// Proposed by `wavemod repositories suggest`: one method per recurring statement on `{table_name}`.",
            f"// Review and edit before a wave uses it; {config.repository_rules} maps call sites to these methods.",
            f"import {{ {', '.join(helpers)} }} from '{config.adapter_module}'",
            "",
            row_interface(table, schema_file, timestamps),
            "",
            *([LOOSE_PARAM_TYPE, ""] if any(kind == LOOSE_PARAM for m in members for _, kind in m.params) else []),
            f"export const {members[0].object_name} = {{",
        ]
        for method in members:
            lines.extend(_method_source(method, table, timestamps))
        lines.append("}")
        files[path] = "\n".join(lines) + "\n"
    files[config.repository_rules] = _rules_file(methods, config)
    return files


def _rules_file(methods: list[Method], config: Config) -> str:
    sites = sum(len(m.sites) for m in methods)
    lines = [
        f"# Repository rules proposed by `wavemod repositories suggest`: {len(methods)} methods, {sites} call sites.",
        "# Each maps a statement shape and terminal method to a repository method. Edit freely (remove a",
        "# rule to keep its statements on the adapter); waves with `repositories = true` use this file.",
    ]
    for method in methods:
        _, module = _module_path(config, method.table)
        lines += [
            "",
            "[[repositories]]",
            f"id = {json.dumps(method.table + '.' + method.name)}",
            f"sql = {json.dumps(method.shape.key)}",
            f"terminal = {json.dumps(method.terminal)}",
            f"call = {json.dumps(method.object_name + '.' + method.name)}",
            f"module = {json.dumps(module)}",
            f"sites = {len(method.sites)}",
        ]
    return "\n".join(lines) + "\n"


def write(repo: Path, proposal: Proposal, force: bool = False) -> list[str]:
    """Write the proposal; refuses (writing nothing) if a file exists and `force` is not given."""
    root = Path(repo).resolve()
    existing = [path for path in sorted(proposal.files) if (root / path).exists()]
    if existing and not force:
        raise RepoError(
            f"{existing[0]} already exists" + (f" (and {len(existing) - 1} more of the proposal's files)" if len(existing) > 1 else ""),
            hint="the proposal never overwrites edited files: move them away, or pass --force to replace them",
            path=root / existing[0],
        )
    for path, text in sorted(proposal.files.items()):
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    proposal.written = sorted(proposal.files)
    return proposal.written
