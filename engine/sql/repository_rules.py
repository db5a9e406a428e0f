"""Repository rules: a statement shape and terminal method mapped to a repository method.

They live with the code being migrated (`[project] repository_rules` in waves.toml, a path in the
target repository, written by `wavemod repositories suggest` and edited by its owners):

    [[repositories]]
    id = "users.findById"
    sql = "SELECT * FROM users WHERE id = ?"     # any spelling with the same shape
    terminal = "get"                             # get | all | run
    call = "usersRepository.findById"
    module = "@/lib/repositories/users-repository"
    args = [0]                                   # optional: canonical parameter of each method argument

A wave with `repositories = true` rewrites every matching `db.prepare(SQL).<terminal>(args)` to
`await usersRepository.findById(args...)`; what matches no rule goes to the adapter as before.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wavemod.engine.core.errors import ConfigError
from wavemod.engine.sql.sqlschema import Schema
from wavemod.engine.sql.sqlshape import shape_of

KEYS = {"id", "description", "sql", "terminal", "call", "module", "args", "sites"}
CALL = re.compile(r"^[A-Za-z_$][\w$]*\.[A-Za-z_$][\w$]*$")
# Repository rewrites replace the whole statement, SQL included: they win over edits inside it
# (SQL dialect fixes of a literal that is about to move into the repository module).
PRIORITY = 10


@dataclass(frozen=True)
class RepositoryRule:
    id: str
    sql: str
    terminal: str
    call: str  # object.method
    module: str
    key: str  # the shape of `sql`
    args: tuple[int, ...]  # method argument i takes canonical parameter args[i]
    source: Path
    line: int
    description: str = ""

    @property
    def object_name(self) -> str:
        return self.call.split(".", 1)[0]

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}"


@dataclass(frozen=True)
class RepositoryIndex:
    """The rules of a run, by (shape, terminal)."""

    rules: dict[tuple[str, str], RepositoryRule] = field(default_factory=dict)

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(key for key, _ in self.rules)

    def __bool__(self) -> bool:
        return bool(self.rules)

    def get(self, key: str, terminal: str) -> RepositoryRule | None:
        return self.rules.get((key, terminal))

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(r.id for r in self.rules.values())


def _line_of(raw: str, needle: str) -> int:
    index = raw.find(needle)
    return raw.count("\n", 0, index) + 1 if index >= 0 else 1


def _fail(message: str, path: Path, line: int, hint: str = "") -> ConfigError:
    return ConfigError(message, hint=hint or "fix the entry, or run `wavemod repositories suggest --force` to regenerate the file", path=path, line=line)


def _rule(item: Any, path: Path, raw: str, schema: Schema | None) -> RepositoryRule:
    if not isinstance(item, dict) or not isinstance(item.get("id"), str):
        raise _fail("a [[repositories]] entry has no `id`", path, _line_of(raw, "[[repositories]]"))
    rule_id = item["id"]
    line = _line_of(raw, f'"{rule_id}"')
    unknown = set(item) - KEYS
    if unknown:
        raise _fail(f"repository rule '{rule_id}' has unknown key(s): {', '.join(sorted(unknown))}", path, line, f"allowed keys: {', '.join(sorted(KEYS))}")
    missing = {"sql", "terminal", "call", "module"} - set(item)
    if missing:
        raise _fail(f"repository rule '{rule_id}' needs {', '.join(sorted(missing))}", path, line)
    if item["terminal"] not in ("get", "all", "run"):
        raise _fail(f"repository rule '{rule_id}': terminal must be get, all or run", path, line)
    if not isinstance(item["call"], str) or not CALL.match(item["call"]):
        raise _fail(f"repository rule '{rule_id}': call must be `object.method`", path, line, 'e.g. call = "usersRepository.findById"')
    shape = shape_of(str(item["sql"]), False, schema)
    if shape is None:
        raise _fail(
            f"repository rule '{rule_id}': the SQL has no shape a repository method can take",
            path,
            line,
            "only single-table SELECT/INSERT/UPDATE/DELETE with positional `?` parameters (no joins, subqueries or named parameters)",
        )
    count = len(shape.params)
    args = item.get("args", list(range(count)))
    if not isinstance(args, list) or sorted(args) != list(range(count)):
        raise _fail(f"repository rule '{rule_id}': args must list each of the statement's {count} parameter(s) once (0-based)", path, line, f"e.g. args = {list(range(count))}")
    return RepositoryRule(rule_id, str(item["sql"]), item["terminal"], item["call"], str(item["module"]), shape.key, tuple(args), path, line, str(item.get("description", "")))


def load_repository_rules(path: Path, raw: str | None = None, schema: Schema | None = None) -> RepositoryIndex:
    """The rules of one file (`raw`: its text, when already read); a ConfigError naming the file
    and line for anything malformed."""
    try:
        raw = path.read_text(encoding="utf-8") if raw is None else raw
        data = tomllib.loads(raw)
    except OSError as exc:
        raise _fail(f"cannot read {path.name}: {exc.strerror}", path, 1) from exc
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise _fail(f"malformed TOML: {exc}", path, int(match.group(1)) if match else 1) from exc
    index: dict[tuple[str, str], RepositoryRule] = {}
    seen: dict[str, RepositoryRule] = {}
    for item in data.get("repositories", []):
        rule = _rule(item, path, raw, schema)
        if rule.id in seen:
            raise _fail(f"repository rule id '{rule.id}' is defined twice", path, rule.line, f"first at line {seen[rule.id].line}")
        other = index.get((rule.key, rule.terminal))
        if other is not None:
            raise _fail(f"repository rules '{other.id}' and '{rule.id}' map the same statement and terminal", path, rule.line, "keep one of them")
        seen[rule.id] = rule
        index[(rule.key, rule.terminal)] = rule
    return RepositoryIndex(index)
