"""`wavemod sqlcheck`: ask a real PostgreSQL server to PREPARE every recovered query.

DML is PREPAREd (parse, analyse and plan against the schema, nothing runs); other statements (DDL
from exec) run inside a transaction that is rolled back. Each query comes out ok, rewritten-ok,
fails (with the server's message) or dynamic (its text can't be known statically). A failure says
whose it is (`cause`, from the server's SQLSTATE): `schema` (a relation or column the PostgreSQL
schema lacks), `dialect` (syntax and functions PostgreSQL does not have) or `semantics` (grouping,
ambiguity, types). The schema is loaded statement by statement (engine.postgres.schemaload): statements it
cannot load are listed with file:line, and the check goes on with the rest.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


from wavemod.engine.analysis.context import FileContext
from wavemod.engine.analysis.bindings import FileIndex
from wavemod.engine.core.config import Config
from wavemod.engine.core.errors import ConfigError
from wavemod.engine.core.globs import matches
from wavemod.engine.core.languages import language_for, parse
from wavemod.engine.run.parallel import SHARED, map_paths
from wavemod.engine.postgres.schemaload import LoadFailure, load
from wavemod.engine.run.pipeline import default_workers, some_wave_touches
from wavemod.engine.analysis.sqlrecover import MARKER, query_sites
from wavemod.engine.sql.sqlshape import number_placeholders
from wavemod.engine.sql.sqltext import split_statements
from wavemod.engine.core.workspace import Workspace

MARKER_RE = re.compile(r"__wm_\d+__")
PREPARABLE = ("select", "insert", "update", "delete", "with", "values", "merge")
# Additive DDL runs for real, first, on the throwaway database: later queries may need its tables
# and the columns code adds to them.
ADDITIVE = re.compile(r"^\s*(create\s+(table|index|unique\s+index|view|sequence)\b|alter\s+table\s+\S+\s+add\s+(column\s+)?(if\s+not\s+exists\s+)?(?!constraint\b|primary\b|foreign\b|unique\b|check\b)\w)", re.I)
# Statements PostgreSQL refuses inside a transaction block: run as they are (the database is throwaway).
NON_TRANSACTIONAL = re.compile(r"^\s*(vacuum|analyze|reindex|cluster|create\s+index\s+concurrently)\b", re.I)


@dataclass(frozen=True)
class QueryCheck:
    path: str
    line: int
    status: str  # ok | rewritten-ok | fails | dynamic
    sql: str
    message: str = ""
    cause: str = ""  # for failures: schema | dialect | semantics | other


# SQLSTATE -> whose the failure is: the schema's, the SQL dialect's (the waves'), or the query's meaning.
CAUSES = {
    "42P01": "schema", "42703": "schema", "3F000": "schema",
    "42601": "dialect", "42704": "dialect", "42883": "dialect", "0A000": "dialect", "42P02": "dialect",
    "42803": "semantics", "42702": "semantics", "42725": "semantics", "42804": "semantics", "42846": "semantics",
    "22P02": "semantics", "42P10": "semantics", "42P18": "semantics", "42P20": "semantics", "42P09": "semantics",
}


def cause_of(sqlstate: str | None) -> str:
    """schema | dialect | semantics | other, from a PostgreSQL SQLSTATE."""
    if not sqlstate:
        return "other"
    return CAUSES.get(sqlstate) or ("semantics" if sqlstate.startswith("42") else "other")


@dataclass
class SqlCheckReport:
    wave: str | None
    checks: list[QueryCheck] = field(default_factory=list)
    schema_failures: list[LoadFailure] = field(default_factory=list)  # schema statements that did not load

    def counts(self) -> dict[str, int]:
        counter = Counter(c.status for c in self.checks)
        return {status: counter.get(status, 0) for status in ("ok", "rewritten-ok", "fails", "dynamic")}

    def causes(self) -> dict[str, int]:
        """Failing queries by cause: what the schema owes, what the waves owe."""
        counter = Counter(c.cause for c in self.checks if c.status == "fails")
        return {cause: counter.get(cause, 0) for cause in ("schema", "dialect", "semantics", "other")}

    @property
    def passed(self) -> bool:
        return not any(c.status == "fails" for c in self.checks)

    def to_json(self) -> dict[str, Any]:
        return {"wave": self.wave, "counts": self.counts(), "causes": self.causes(), "schema_failures": [f.to_json() for f in self.schema_failures],
                "queries": [c.__dict__ for c in self.checks]}

    def to_markdown(self, details: str | None = None) -> str:
        """Counts, failures and dynamic queries; with `details` (the file holding the full text)
        the dynamic queries are counted, not listed."""
        counts = self.counts()
        lines = ["| status | queries |", "|---|---:|"] + [f"| {k} | {v} |" for k, v in counts.items()]
        failures = [c for c in self.checks if c.status == "fails"]
        if failures:
            causes = ", ".join(f"{cause} {n}" for cause, n in self.causes().items() if n)
            lines += ["", f"Failures by cause: {causes}.", ""]
            lines += [f"- `{c.path}:{c.line}` ({c.cause}): {c.message}\n  ```sql\n  {c.sql.strip()}\n  ```" for c in failures]
        if self.schema_failures:
            lines += ["", "Schema statements that do not load (the check ran without them):", ""]
            lines += [f"- `{f.path}:{f.line}`: {f.message}" for f in self.schema_failures]
        dynamic = [c for c in self.checks if c.status == "dynamic"]
        if dynamic and details is not None:
            lines += ["", f"Dynamic SQL (check by hand): {len(dynamic)} queries, listed in `{details}`."]
        elif dynamic:
            lines += ["", "Dynamic SQL (check by hand):", ""] + [f"- `{c.path}:{c.line}`: {c.message}" for c in dynamic]
        return "\n".join(lines)


def to_numbered(sql: str) -> str:
    """`?` -> `$1..$n`, leaving `?` inside strings, identifiers and comments alone."""
    numbered = number_placeholders(sql, "${}", first=1)
    return sql if numbered is None else numbered



Query = tuple[str, int, str | None, str]  # (path, line, SQL or None, reason)


def _collect_file(path: str) -> list[Query]:
    text: bytes = SHARED["texts"][path]
    lang = language_for(path) or "typescript"
    tree = parse(text, lang)
    ctx = FileContext(path, text, tree, lang, FileIndex(path, tree, SHARED["workspace"].resolver), SHARED["config"])
    out: list[Query] = []
    for site in query_sites(ctx, SHARED["config"].adapter_module):
        if site.recovered is None:
            out.append((path, site.line, None, f"dynamic SQL: {site.reason}"))
            continue
        for variant in site.recovered.variants:
            statements = split_statements(variant.sql) if site.kind == "exec" else [variant.sql]
            for statement in statements or [variant.sql]:
                out.append((path, site.line, statement, ""))
    return out


def collect(texts: dict[str, bytes], workspace: Workspace, config: Config, workers: int = 1) -> list[Query]:
    """Every query statement in the given files, in path order, across `workers` processes. Files
    no wave touches ([project] exclude: the connection module is the SQLite side itself, the adapter
    talks to both; or every wave's globs leave it) never send their SQL to PostgreSQL and are not
    collected."""
    paths = [p for p in sorted(texts) if language_for(p) and not matches(p, config.exclude) and some_wave_touches(p, config)
             and (b"prepare" in texts[p] or b"execute" in texts[p] or b"exec(" in texts[p])]
    found = map_paths(_collect_file, paths, {"texts": texts, "workspace": workspace, "config": config}, workers)
    return [query for queries in found for query in queries]


def check(
    queries: list[tuple[str, int, str | None, str]], url: str, schema: str | list[tuple[str, str]], original: set[tuple[str, str]] | None = None, failures: list[LoadFailure] | None = None
) -> list[QueryCheck]:
    """Check `queries` on a scratch database of the server at `url` with `schema` loaded (its text,
    or (path, text) per file in order). Schema statements that do not load go to `failures`."""
    import psycopg

    from wavemod.engine.postgres.pgserver import scratch_database

    files = [("schema", schema)] if isinstance(schema, str) else schema
    with scratch_database(url) as db, psycopg.connect(db, autocommit=True) as conn:
        failed = load(conn, files)
        if failures is not None:
            failures.extend(failed)
        order = sorted(range(len(queries)), key=lambda i: 0 if queries[i][2] and ADDITIVE.match(MARKER_RE.sub("?", queries[i][2])) else 1)
        checked: dict[int, QueryCheck] = {}
        for n in order:
            path, line, sql, reason = queries[n]
            checked[n] = _check_one(conn, n, path, line, sql, reason, original)
        return [checked[n] for n in range(len(queries))]


def _check_one(conn, n: int, path: str, line: int, sql: str | None, reason: str, original: set[tuple[str, str]] | None) -> QueryCheck:
    import psycopg

    if sql is None:
        return QueryCheck(path, line, "dynamic", "", reason)
    has_markers = bool(MARKER_RE.search(sql))
    sent = to_numbered(MARKER_RE.sub("?", sql))
    ok = "rewritten-ok" if original is not None and (path, sql) not in original else "ok"
    try:
        if sent.lstrip().lower().startswith(PREPARABLE):
            conn.execute(f"PREPARE wm_q{n} AS {sent}".encode())
            conn.execute(f"DEALLOCATE wm_q{n}".encode())
        elif ADDITIVE.match(sent) or NON_TRANSACTIONAL.match(sent):
            conn.execute(sent.encode())
        else:
            with conn.transaction(force_rollback=True):
                conn.execute(sent.encode())
    except psycopg.Error as exc:
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if "could not determine data type of parameter" in message:
            return QueryCheck(path, line, ok, sql, "parameter types inferred at run time")
        if has_markers:
            return QueryCheck(path, line, "dynamic", sql, f"interpolations decide the final SQL ({message})")
        return QueryCheck(path, line, "fails", sql, message, cause_of(getattr(exc, "sqlstate", None)))
    return QueryCheck(path, line, ok, sql, "checked with interpolations as parameters" if has_markers else "")


def schema_files(root: Path, config: Config) -> list[tuple[str, str]]:
    """(path, text) of each PostgreSQL schema file, then each migration, in the order they apply."""
    if not config.schema:
        raise ConfigError("no PostgreSQL schema configured", hint="set [project] schema = [\"path/to/schema.postgres.sql\"] in waves.toml", path=config.path)
    parts = []
    for name in config.schema_files(root):
        path = root / name
        if not path.is_file():
            raise ConfigError(f"schema file {name} not found in {root}", hint="check [project] schema in waves.toml", path=config.path)
        parts.append((name, path.read_text(encoding="utf-8")))
    return parts



def run_sqlcheck(
    repo: Path, config: Config, wave_id: str | None = None, database_url: str | None = None, workers: int | None = None, written: tuple[str, dict[str, bytes]] | None = None
) -> SqlCheckReport:
    """Check the repository's queries as they are, or as they will be after `wave_id`. `written`
    is (wave id, the texts its files had before): the wave is already on disk (apply), and queries
    that differ from those texts count as rewritten."""
    from contextlib import nullcontext

    from wavemod.engine.postgres.pgserver import temporary_postgres

    workspace = Workspace.open(repo)
    count = workers or default_workers()
    before = {p: workspace.read(p) for p in workspace.files}
    texts = dict(before)
    if wave_id is not None:
        from wavemod.engine.api import plan_wave

        result = plan_wave(repo, wave_id, config, workers)
        texts.update({c.path: c.after for c in result.changes if not c.deleted})
        for change in result.changes:
            if change.deleted:
                texts.pop(change.path, None)
            if change.created:
                before[change.path] = b""
    elif written is not None:
        wave_id = written[0]
        before.update(written[1])
    queries = collect(texts, workspace, config, count)
    original = None
    if wave_id is not None:
        # What the wave did not touch is its own "before": only the changed files are read twice.
        changed = {p for p in texts if texts[p] != before.get(p, b"")}
        original = {(path, sql) for path, _l, sql, _r in queries if sql is not None and path not in changed}
        original |= {(path, sql) for path, _l, sql, _r in collect({p: before[p] for p in changed}, workspace, config, count) if sql is not None}
    schema = schema_files(workspace.root, config)
    server = nullcontext(database_url) if database_url else temporary_postgres()
    report = SqlCheckReport(wave_id)
    with server as url:
        report.checks = check(queries, url, schema, original, report.schema_failures)
    return report


__all__ = ["run_sqlcheck", "SqlCheckReport", "QueryCheck", "to_numbered", "MARKER"]
