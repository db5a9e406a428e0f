"""Loading and validating `waves.toml` and `rules/*.toml`.

Every problem is a ConfigError naming the file, the line and what to do; nothing is half-loaded.
"""
from __future__ import annotations

import re
import tomllib
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tree_sitter import Query

from wavemod.engine.core.errors import ConfigError
from wavemod.engine.core.languages import LANGUAGE_NAMES, language
from wavemod.engine.core.query_anchors import anchors

PACKAGE_ROOT = Path(__file__).resolve().parents[2]
CAPTURE_RE = re.compile(r"@([A-Za-z_][A-Za-z0-9_.-]*)")
FILTER_KEYS = {"capture", "bound_to", "not_bound_to", "resolves_to", "not_resolves_to", "text_in"}
RULE_KEYS = {"id", "description", "query", "target", "replace", "codemod", "message", "priority", "options", "filters", "imports", "examples", "needs"}
WAVE_KEYS = {"id", "title", "description", "rules", "include", "exclude", "include_dependencies", "branch", "checks", "sql_target", "sqlcheck", "repositories"}
CHECK_KINDS = {"no-import": {"module", "paths"}, "no-match": {"rule", "paths"}, "no-package": {"package", "outside"}}
CHECK_KEYS = {"kind", "module", "rule", "package", "paths", "outside", "except", "description"}
PROJECT_KEYS = {
    "rule_files", "exclude", "audit_paths", "audit_exclude", "connection_module", "auth_module", "auth_service_module",
    "adapter_module", "schema", "sqlite_schema", "postgres_migrations", "repository_rules", "repositories_dir",
    "repositories_module", "repository_timestamps", "typecheck", "tests",
}


@dataclass(frozen=True)
class Example:
    before: str
    after: str
    path: str = "example.ts"
    findings: int | None = None  # expected number of findings, when the example is about one
    # Other files of the example's project, unchanged by it (the module a call goes to, say)
    context: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Filter:
    capture: str
    bound_to: str | None = None
    not_bound_to: str | None = None
    resolves_to: tuple[str, ...] = ()
    not_resolves_to: tuple[str, ...] = ()
    text_in: tuple[str, ...] = ()


@dataclass(frozen=True)
class BindingSet:
    """What counts as 'bound to module M': imports of M (any spelling) and what flows from them."""

    name: str
    modules: tuple[str, ...]
    values: tuple[str, ...] = ("default",)  # imported names that ARE the bound object
    factories: tuple[str, ...] = ()  # imported functions whose result is the bound object
    type_names: tuple[str, ...] = ()  # parameter types, e.g. "Database.Database"


@dataclass(frozen=True)
class Rule:
    id: str
    description: str
    source: Path
    line: int
    query: str = ""
    target: str | None = None  # capture a template replaces; default: @match, else the largest capture
    replace: str | None = None
    codemod: str | None = None
    message: str | None = None
    priority: int = 0
    options: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    filters: tuple[Filter, ...] = ()
    add_imports: tuple[tuple[str, str], ...] = ()
    examples: tuple[Example, ...] = ()
    needs: tuple[bytes, ...] = ()  # a match is impossible unless one of these occurs in the file

    def may_match(self, source: bytes) -> bool:
        return not self.needs or any(needle in source for needle in self.needs)

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}"


@dataclass(frozen=True)
class Check:
    kind: str
    description: str
    module: str = ""
    rule: str = ""
    package: str = ""
    paths: tuple[str, ...] = ()
    outside: tuple[str, ...] = ()
    exceptions: tuple[str, ...] = ()  # paths the check does not look at (`except` in waves.toml)


@dataclass(frozen=True)
class Wave:
    id: str
    title: str
    description: str
    rules: tuple[str, ...]
    include: tuple[str, ...]
    exclude: tuple[str, ...]
    branch: str
    include_dependencies: bool = False
    checks: tuple[Check, ...] = ()
    sql_target: str = "portable"
    sqlcheck: bool = False  # run sqlcheck as an acceptance check before committing
    repositories: bool = False  # statements that match a repository rule become repository calls


@dataclass
class Config:
    path: Path
    rules: dict[str, Rule]
    bindings: dict[str, BindingSet]
    waves: list[Wave]
    exclude: tuple[str, ...] = ()  # never touched by any wave (e.g. the adapter's own internals)
    audit_paths: tuple[str, ...] = ("app/**", "lib/**")
    audit_exclude: tuple[str, ...] = ("**/__tests__/**",)
    connection_module: str = "@/lib/db/connection"
    auth_module: str = "@/lib/auth/sqlite-auth"
    auth_service_module: str = "@/lib/auth/auth-service"  # where the auth swap points importers
    adapter_module: str = "@/lib/db/adapter"
    schema: tuple[str, ...] = ()  # PostgreSQL schema file(s) in the target repository
    # The SQLite side as the app builds it: schema file(s) then migrations, in order (globs expand
    # sorted by name); `wavemod schema diff/sync` compare the PostgreSQL side with it.
    sqlite_schema: tuple[str, ...] = ()
    # PostgreSQL migrations, applied after the schema file(s) in file-name order; `schema sync`
    # writes new ones here.
    postgres_migrations: str = ""
    # Repository layer, in the target repository: the rule file `repositories suggest` writes and
    # waves with `repositories = true` read, and where the generated modules go.
    repository_rules: str = "wavemod/repositories.toml"
    repositories_dir: str = "lib/repositories"
    repositories_module: str = "@/lib/repositories"
    repository_timestamps: str = "string"  # TypeScript type of timestamp columns: string | Date
    # The target's own checks, run in the target's root (engine.checks.checkgate): the type checker (default:
    # its node_modules/.bin/tsc) and the test suite (default: package.json's `test` script).
    typecheck: str | None = None
    tests: str | None = None
    queries: dict[tuple[str, str], Query] = field(default_factory=dict, repr=False)
    # (rule id, language) -> the literals every match of the query holds (engine.core.query_anchors)
    anchors: dict[tuple[str, str], tuple[bytes, ...]] = field(default_factory=dict, repr=False)

    def is_postgres_migration(self, path: str) -> bool:
        return bool(self.postgres_migrations) and path.endswith(".sql") and path.rpartition("/")[0] == self.postgres_migrations

    def schema_files(self, root: Path) -> list[str]:
        """The PostgreSQL schema as the target applies it: the schema files, then every migration
        (`*.sql` in postgres_migrations) by file name. Paths relative to `root`."""
        folder = root / self.postgres_migrations if self.postgres_migrations else None
        migrations = sorted(p.name for p in folder.glob("*.sql")) if folder is not None and folder.is_dir() else []
        return list(self.schema) + [f"{self.postgres_migrations}/{name}" for name in migrations]

    def wave(self, wave_id: str) -> Wave:
        for wave in self.waves:
            if wave.id == wave_id:
                return wave
        known = ", ".join(w.id for w in self.waves)
        raise ConfigError(f"unknown wave '{wave_id}'", hint=f"known waves: {known}", path=self.path)

    def previous_wave(self, wave_id: str) -> Wave | None:
        ids = [w.id for w in self.waves]
        index = ids.index(wave_id)
        return self.waves[index - 1] if index > 0 else None

    @property
    def check_rules(self) -> list[Rule]:
        """Rules that acceptance checks count matches of."""
        ids = {c.rule for w in self.waves for c in w.checks if c.kind == "no-match"}
        return [self.rules[i] for i in sorted(ids)]

    def rules_of(self, wave: Wave) -> list[Rule]:
        return [self.rules[rule_id] for rule_id in wave.rules]

    def query(self, rule: Rule, lang: str) -> Query:
        return self.queries[(rule.id, lang)]


# Module names a rule file may take from waves.toml instead of spelling them: a string value that is
# exactly "$project.<key>" becomes that [project] setting, so one waves.toml points the bundled
# rules at a target's own connection, adapter and auth modules.
PROJECT_REFERENCES = ("connection_module", "adapter_module", "auth_module", "auth_service_module")


def _substitute(value: Any, settings: dict[str, str], path: Path, raw: str) -> Any:
    if isinstance(value, dict):
        return {k: _substitute(v, settings, path, raw) for k, v in value.items()}
    if isinstance(value, list):
        return [_substitute(v, settings, path, raw) for v in value]
    if isinstance(value, str) and value.startswith("$project."):
        key = value.removeprefix("$project.")
        # `.name`: the module's last path segment, which every spelling of an import of it ends in
        # (a rule's `needs`, the cheap byte test that saves parsing files that cannot match).
        key, basename = (key.removesuffix(".name"), True) if key.endswith(".name") else (key, False)
        if key in settings and basename:
            return settings[key].rstrip("/").rsplit("/", 1)[-1]
        if key not in settings:
            raise ConfigError(
                f"unknown reference {value}",
                hint=f"a rule file can name these [project] settings: {', '.join('$project.' + k for k in PROJECT_REFERENCES)} (add .name for the module's file name)",
                path=path,
                line=_line_of(raw, value),
            )
        return settings[key]
    return value


def _read_toml(path: Path) -> tuple[dict[str, Any], str]:
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read {path.name}: {exc.strerror}", hint="check the path", path=path) from exc
    try:
        return tomllib.loads(raw), raw
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise ConfigError(
            f"malformed TOML: {exc}",
            hint="fix the syntax at that line (strings need quotes, tables [name], arrays [a, b])",
            path=path,
            line=int(match.group(1)) if match else None,
        ) from exc


def _line_of(raw: str, needle: str, default: int = 1) -> int:
    index = raw.find(needle)
    return raw.count("\n", 0, index) + 1 if index >= 0 else default


def _strings(value: Any, what: str, path: Path, line: int) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ConfigError(f"{what} must be a string or a list of strings", hint="e.g. [\"app/**\"]", path=path, line=line)


def _parse_rule(data: dict[str, Any], path: Path, raw: str) -> Rule:
    rule_id = data.get("id")
    if not isinstance(rule_id, str) or not rule_id:
        line = _line_of(raw, "[[rules]]")
        raise ConfigError("a rule has no `id`", hint="every [[rules]] entry needs id = \"...\"", path=path, line=line)
    line = _line_of(raw, f'"{rule_id}"')
    unknown = set(data) - RULE_KEYS
    if unknown:
        raise ConfigError(
            f"rule '{rule_id}' has unknown key(s): {', '.join(sorted(unknown))}",
            hint=f"allowed keys: {', '.join(sorted(RULE_KEYS))}",
            path=path,
            line=line,
        )
    actions = [k for k in ("replace", "codemod", "message") if k in data]
    if not actions:
        raise ConfigError(
            f"rule '{rule_id}' does nothing",
            hint="give it `replace` (a template), `codemod` (a Python transform) or `message` (detect only)",
            path=path,
            line=line,
        )
    if "replace" in data and "codemod" in data:
        raise ConfigError(f"rule '{rule_id}' has both `replace` and `codemod`", hint="keep one of them", path=path, line=line)
    if "codemod" not in data and not data.get("query"):
        raise ConfigError(f"rule '{rule_id}' has no `query`", hint="template and detect-only rules need a tree-sitter query", path=path, line=line)
    filters = []
    for item in data.get("filters", []):
        if not isinstance(item, dict) or "capture" not in item or set(item) - FILTER_KEYS:
            raise ConfigError(
                f"rule '{rule_id}' has a malformed filter",
                hint=f"a filter is a table with `capture` and one of: {', '.join(sorted(FILTER_KEYS - {'capture'}))}",
                path=path,
                line=line,
            )
        filters.append(
            Filter(
                capture=item["capture"],
                bound_to=item.get("bound_to"),
                not_bound_to=item.get("not_bound_to"),
                resolves_to=_strings(item.get("resolves_to", []), "resolves_to", path, line),
                not_resolves_to=_strings(item.get("not_resolves_to", []), "not_resolves_to", path, line),
                text_in=_strings(item.get("text_in", []), "text_in", path, line),
            )
        )
    imports = []
    for item in (data.get("imports") or {}).get("add", []):
        if not isinstance(item, dict) or not {"name", "module"} <= set(item):
            raise ConfigError(f"rule '{rule_id}': imports.add entries need `name` and `module`", path=path, line=line)
        imports.append((item["name"], item["module"]))
    examples = []
    for item in data.get("examples", []):
        if not isinstance(item, dict) or "before" not in item or "after" not in item:
            raise ConfigError(f"rule '{rule_id}': an example needs `before` and `after`", path=path, line=line)
        examples.append(Example(item["before"], item["after"], item.get("path", "example.ts"), item.get("findings")))
    return Rule(
        id=rule_id,
        description=str(data.get("description", "")),
        source=path,
        line=line,
        query=data.get("query", ""),
        target=data.get("target"),
        replace=data.get("replace"),
        codemod=data.get("codemod"),
        message=data.get("message"),
        priority=int(data.get("priority", 0)),
        options=dict(data.get("options", {})),
        filters=tuple(filters),
        add_imports=tuple(imports),
        examples=tuple(examples),
        needs=tuple(n.encode() for n in _strings(data.get("needs", []), "needs", path, line)),
    )


def _compile(rule: Rule, config: Config, known_bindings: dict[str, BindingSet]) -> None:
    if not rule.query:
        return
    for lang in LANGUAGE_NAMES:
        try:
            query = Query(language(lang), rule.query)
        except Exception as exc:  # tree-sitter raises QueryError/NameError/SyntaxError variants
            raise ConfigError(
                f"rule '{rule.id}' has an invalid tree-sitter query: {exc}",
                hint="check node and field names against tree-sitter-typescript (try it on a small example)",
                path=rule.source,
                line=rule.line,
            ) from exc
        config.queries[(rule.id, lang)] = query
        config.anchors[(rule.id, lang)] = anchors(rule.query, query)
    captures = {query.capture_name(i) for i in range(query.capture_count)}
    used: list[tuple[str, str]] = [(f.capture, "filter") for f in rule.filters]
    if rule.replace is not None:
        if rule.target is not None:
            used.append((rule.target, "target"))
        used.extend((name, "replace template") for name in CAPTURE_RE.findall(rule.replace))
    for name, where in used:
        if name not in captures:
            raise ConfigError(
                f"rule '{rule.id}' uses unknown capture @{name} in its {where}",
                hint=f"the query captures: {', '.join('@' + c for c in sorted(captures)) or 'nothing'}",
                path=rule.source,
                line=rule.line,
            )
    for f in rule.filters:
        for name in (f.bound_to, f.not_bound_to):
            if name and name not in known_bindings:
                raise ConfigError(
                    f"rule '{rule.id}' filters on unknown binding set '{name}'",
                    hint=f"declare [bindings.{name}] in a rule file; known: {', '.join(sorted(known_bindings)) or 'none'}",
                    path=rule.source,
                    line=rule.line,
                )


def _parse_bindings(data: dict[str, Any], path: Path, raw: str) -> dict[str, BindingSet]:
    out = {}
    for name, table in (data.get("bindings") or {}).items():
        line = _line_of(raw, f"[bindings.{name}]")
        if not isinstance(table, dict) or "modules" not in table:
            raise ConfigError(f"binding set '{name}' needs `modules`", hint="modules = [\"@/lib/db/connection\"]", path=path, line=line)
        out[name] = BindingSet(
            name=name,
            modules=_strings(table["modules"], "modules", path, line),
            values=_strings(table.get("values", ["default"]), "values", path, line),
            factories=_strings(table.get("factories", []), "factories", path, line),
            type_names=_strings(table.get("types", []), "types", path, line),
        )
    return out


def _parse_check(item: Any, wave_id: str, path: Path, line: int) -> Check:
    if not isinstance(item, dict) or item.get("kind") not in CHECK_KINDS:
        raise ConfigError(
            f"wave '{wave_id}' has a check with an unknown kind",
            hint=f"kind is one of: {', '.join(sorted(CHECK_KINDS))}",
            path=path,
            line=line,
        )
    kind = item["kind"]
    missing = CHECK_KINDS[kind] - set(item)
    if missing:
        raise ConfigError(f"wave '{wave_id}': check '{kind}' needs {', '.join(sorted(missing))}", path=path, line=line)
    unknown = set(item) - CHECK_KEYS
    if unknown:
        raise ConfigError(f"wave '{wave_id}': check '{kind}' has unknown key(s): {', '.join(sorted(unknown))}", hint=f"allowed: {', '.join(sorted(CHECK_KEYS))}", path=path, line=line)
    paths = _strings(item.get("paths", []), "paths", path, line)
    outside = _strings(item.get("outside", []), "outside", path, line)
    exceptions = _strings(item.get("except", []), "except", path, line)
    if kind == "no-import":
        text = f"no import of {item['module']} in {', '.join(paths)}" + (f" (except {', '.join(exceptions)})" if exceptions else "")
    elif kind == "no-match":
        text = f"no match of rule {item['rule']} in {', '.join(paths)}"
    else:
        text = f"no import of package {item['package']} outside {', '.join(outside) or 'nothing'}"
    return Check(kind, item.get("description", text), item.get("module", ""), item.get("rule", ""), item.get("package", ""), paths, outside, exceptions)


def _command(project: dict[str, Any], key: str, path: Path, raw: str) -> str | None:
    """A command line of the target ([project] typecheck / tests): a non-empty string."""
    if key not in project:
        return None
    value = project[key]
    if not isinstance(value, str) or not value.strip():
        example = '"npx tsc --noEmit --pretty false"' if key == "typecheck" else '"npx vitest run"'
        raise ConfigError(f"project.{key} must be a command line (a non-empty string)", hint=f"e.g. {key} = {example}", path=path, line=_line_of(raw, key))
    return value.strip()


def load_config(path: Path | None = None, codemods: Collection[str] | None = None) -> Config:
    """Load waves.toml and every rule file it names; validate everything before returning.

    `codemods` are the names a rule may give as `codemod` (the registry, codemods.registry.CODEMODS,
    handed in by the caller: the engine does not import the codemods); None leaves them unchecked."""
    waves_path = (path or PACKAGE_ROOT / "waves.toml").resolve()
    data, raw = _read_toml(waves_path)
    project = data.get("project", {})
    if not isinstance(project, dict):
        raise ConfigError("[project] must be a table", hint="[project] on its own line, then key = value lines", path=waves_path, line=_line_of(raw, "project"))
    unknown = set(project) - PROJECT_KEYS
    if unknown:
        first = sorted(unknown)[0]
        raise ConfigError(f"[project] has unknown key(s): {', '.join(sorted(unknown))}", hint=f"allowed: {', '.join(sorted(PROJECT_KEYS))}", path=waves_path, line=_line_of(raw, first))
    commands = {key: _command(project, key, waves_path, raw) for key in ("typecheck", "tests")}
    rule_globs = _strings(project.get("rule_files", ["rules/*.toml"]), "project.rule_files", waves_path, _line_of(raw, "rule_files"))
    rule_files: list[Path] = []
    for pattern in rule_globs:
        found = sorted(waves_path.parent.glob(pattern))
        if not found:
            raise ConfigError(f"no rule files match '{pattern}'", hint="check project.rule_files", path=waves_path, line=_line_of(raw, pattern))
        rule_files.extend(found)
    config = Config(
        path=waves_path,
        rules={},
        bindings={},
        waves=[],
        exclude=_strings(project.get("exclude", []), "project.exclude", waves_path, 1),
        audit_paths=_strings(project.get("audit_paths", ["app/**", "lib/**"]), "project.audit_paths", waves_path, 1),
        audit_exclude=_strings(project.get("audit_exclude", ["**/__tests__/**"]), "project.audit_exclude", waves_path, 1),
        connection_module=project.get("connection_module", "@/lib/db/connection"),
        auth_module=project.get("auth_module", "@/lib/auth/sqlite-auth"),
        auth_service_module=project.get("auth_service_module", "@/lib/auth/auth-service"),
        adapter_module=project.get("adapter_module", "@/lib/db/adapter"),
        schema=_strings(project.get("schema", []), "project.schema", waves_path, _line_of(raw, "schema")),
        sqlite_schema=_strings(project.get("sqlite_schema", []), "project.sqlite_schema", waves_path, _line_of(raw, "sqlite_schema")),
        postgres_migrations=str(project.get("postgres_migrations", "")).strip("/"),
        repository_rules=str(project.get("repository_rules", "wavemod/repositories.toml")),
        repositories_dir=str(project.get("repositories_dir", "lib/repositories")).rstrip("/"),
        repositories_module=str(project.get("repositories_module", "@/lib/repositories")).rstrip("/"),
        repository_timestamps=str(project.get("repository_timestamps", "string")),
        typecheck=commands["typecheck"],
        tests=commands["tests"],
    )
    if config.postgres_migrations.startswith(("/", "..")) or "/../" in f"/{config.postgres_migrations}/":
        raise ConfigError("project.postgres_migrations must be a directory inside the target repository", hint='e.g. "db/migrations/postgres"', path=waves_path, line=_line_of(raw, "postgres_migrations"))
    if config.repository_timestamps not in {"string", "Date"}:
        raise ConfigError('project.repository_timestamps must be "string" or "Date"', path=waves_path, line=_line_of(raw, "repository_timestamps"))
    file_ids: dict[str, list[str]] = {}
    parsed: list[Rule] = []
    settings = {key: getattr(config, key) for key in PROJECT_REFERENCES}
    for rule_file in rule_files:
        rdata, rraw = _read_toml(rule_file)
        rdata = _substitute(rdata, settings, rule_file, rraw)
        config.bindings.update(_parse_bindings(rdata, rule_file, rraw))
        ids = []
        for item in rdata.get("rules", []):
            rule = _parse_rule(item, rule_file, rraw)
            if rule.id in config.rules:
                raise ConfigError(f"rule id '{rule.id}' is defined twice", hint=f"first in {config.rules[rule.id].where}", path=rule_file, line=rule.line)
            config.rules[rule.id] = rule
            parsed.append(rule)
            ids.append(rule.id)
        file_ids[rule_file.stem] = ids
    for rule in parsed:
        if codemods is not None and rule.codemod and rule.codemod not in codemods:
            raise ConfigError(
                f"rule '{rule.id}' names unknown codemod '{rule.codemod}'",
                hint=f"known codemods: {', '.join(sorted(codemods))}",
                path=rule.source,
                line=rule.line,
            )
        _compile(rule, config, config.bindings)
    seen_waves: set[str] = set()
    for item in data.get("waves", []):
        wave_id = item.get("id")
        line = _line_of(raw, f'"{wave_id}"') if wave_id else _line_of(raw, "[[waves]]")
        if not isinstance(wave_id, str) or not wave_id:
            raise ConfigError("a wave has no `id`", hint="every [[waves]] entry needs id = \"...\"", path=waves_path, line=line)
        if wave_id in seen_waves:
            raise ConfigError(f"wave '{wave_id}' is defined twice", path=waves_path, line=line)
        seen_waves.add(wave_id)
        unknown = set(item) - WAVE_KEYS
        if unknown:
            raise ConfigError(f"wave '{wave_id}' has unknown key(s): {', '.join(sorted(unknown))}", hint=f"allowed: {', '.join(sorted(WAVE_KEYS))}", path=waves_path, line=line)
        rule_ids: list[str] = []
        for ref in _strings(item.get("rules", []), "rules", waves_path, line):
            name = ref.removeprefix("rules/").removesuffix(".toml")
            if ref in config.rules:
                rule_ids.append(ref)
            elif name in file_ids:
                rule_ids.extend(file_ids[name])
            else:
                raise ConfigError(
                    f"wave '{wave_id}' names unknown rule or rule file '{ref}'",
                    hint=f"known rules: {', '.join(sorted(config.rules))}",
                    path=waves_path,
                    line=_line_of(raw, f'"{ref}"', line),
                )
        if "branch" not in item:
            raise ConfigError(f"wave '{wave_id}' has no `branch`", hint='e.g. branch = "wavemod/wave-1"', path=waves_path, line=line)
        if item.get("sql_target", "portable") not in {"portable", "postgres"}:
            raise ConfigError(f"wave '{wave_id}': sql_target must be \"portable\" or \"postgres\"", path=waves_path, line=line)
        checks = tuple(_parse_check(c, wave_id, waves_path, line) for c in item.get("checks", []))
        for check in checks:
            if check.kind == "no-match" and check.rule not in config.rules:
                raise ConfigError(f"wave '{wave_id}': check names unknown rule '{check.rule}'", path=waves_path, line=line)
        config.waves.append(
            Wave(
                id=wave_id,
                title=str(item.get("title", wave_id)),
                description=str(item.get("description", "")),
                rules=tuple(dict.fromkeys(rule_ids)),
                include=_strings(item.get("include", ["**"]), "include", waves_path, line),
                exclude=_strings(item.get("exclude", []), "exclude", waves_path, line),
                branch=str(item["branch"]),
                include_dependencies=bool(item.get("include_dependencies", False)),
                checks=checks,
                sql_target=str(item.get("sql_target", "portable")),
                sqlcheck=bool(item.get("sqlcheck", False)),
                repositories=bool(item.get("repositories", False)),
            )
        )
    if not config.waves:
        raise ConfigError("no waves defined", hint="add [[waves]] entries", path=waves_path)
    return config
