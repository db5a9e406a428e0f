"""Acceptance checks of a wave, evaluated over file texts (the preview's output or the repo)."""
from __future__ import annotations

from wavemod.engine.analysis.context import FileContext
from wavemod.engine.analysis.bindings import FileIndex
from wavemod.engine.core.config import Check, Config, Wave
from wavemod.engine.core.globs import matches
from wavemod.engine.core.languages import language_for, parse
from wavemod.engine.run.matcher import find_matches
from wavemod.engine.core.reexports import origins
from wavemod.engine.core.syntax import line_of, string_value
from wavemod.engine.core.types import CheckResult, Facts
from wavemod.engine.core.workspace import Workspace

IMPORT_NODES = frozenset({"import_statement", "export_statement"})


def module_imports(index: FileIndex) -> list[tuple[str, str, int]]:
    """(specifier, resolved, line) of every static import/re-export, require() and import()."""
    out = []
    for node in index.nodes("import_statement", "export_statement", "call_expression"):
        spec_node = None
        if node.type in IMPORT_NODES:
            spec_node = node.child_by_field_name("source")
        elif node.type == "call_expression":
            function = node.child_by_field_name("function")
            if function is not None and function.type in {"import", "identifier"} and function.text in (b"import", b"require"):
                args = node.child_by_field_name("arguments")
                spec_node = args.named_children[0] if args is not None and args.named_children else None
        spec = string_value(spec_node) if spec_node is not None else None
        if spec:
            resolved = index.resolver.resolve(spec, index.path) or spec
            out.append((spec, resolved, line_of(node)))
            if node.type == "import_statement":
                out += [(spec, origin, line_of(node)) for origin in _through_barrel(index, node, resolved)]
    return out


def excluded_barrel(config: Config, resolver, path: str, spec: str, direct: str, resolved: str) -> bool:
    """Whether an import entry (of `resolved`) comes through a barrel (`direct`) no wave touches
    ([project] exclude: the auth service that re-exports the auth module on purpose): that one
    does not count as an import of the module."""
    return direct != resolved and direct in resolver.files and matches(direct, config.exclude)


def _through_barrel(index: FileIndex, statement, resolved: str) -> list[str]:
    """The modules the names an import takes from a barrel come from (engine.core.reexports): an import
    of the connection's `db` through `lib/db/index.ts` is an import of the connection module."""
    resolver = index.resolver
    table = resolver.export_table(resolved) if resolved in resolver.files else None
    if table is None or not (table.named or table.stars):
        return []
    found: set[str] = set()
    for binding in index.imports.values():
        if binding.statement == statement and binding.imported != "*" and not binding.type_only:
            found |= {module for module, _ in origins(resolver, resolved, binding.imported) if module != resolved and module in resolver.files}
    return sorted(found)


def _file_facts(config: Config, path: str, source: bytes, workspace: Workspace) -> Facts:
    lang = language_for(path) or "typescript"
    tree = parse(source, lang)
    index = FileIndex(path, tree, workspace.resolver)
    ctx = FileContext(path, source, tree, lang, index, config)
    matches = tuple((rule.id, ctx.line(next(iter(m.values())))) for rule in config.check_rules for m in find_matches(ctx, rule))
    return Facts(tuple(module_imports(index)), matches)


def in_scope(check: Check, path: str) -> bool:
    """Whether the check looks at this file."""
    if check.kind == "no-package":
        return not matches(path, check.outside)
    return matches(path, check.paths) and not matches(path, check.exceptions)


def _check(config: Config, check: Check, facts: dict[str, Facts], workspace: Workspace) -> CheckResult:
    offenders: list[str] = []
    scope = [p for p in sorted(facts) if in_scope(check, p)]
    target = workspace.resolver.resolve_configured(check.module) if check.module else ""
    for path in scope:
        fact = facts[path]
        if check.kind == "no-import":
            offenders += [
                f"{path}:{line}: imports {spec}" + ("" if direct == target else f" (re-exports {check.module})")
                for spec, resolved, line in fact.imports
                if resolved == target and not excluded_barrel(config, workspace.resolver, path, spec, direct := workspace.resolver.resolve(spec, path) or spec, resolved)
            ]
        elif check.kind == "no-package":
            offenders += [f"{path}:{line}: imports {spec}" for spec, _r, line in fact.imports if spec == check.package or spec.startswith(check.package + "/")]
        else:
            offenders += [f"{path}:{line}: matches {rule}" for rule, line in fact.matches if rule == check.rule]
    return CheckResult(check.description, not offenders, tuple(offenders))


def evaluate(config: Config, wave: Wave, overrides: dict[str, bytes], workspace: Workspace, known: dict[str, Facts] | None = None) -> list[CheckResult]:
    """Evaluate the wave's checks on the repository as it would be with `overrides` applied.
    `known` facts (gathered by a run) are used as they are; other files are parsed here."""
    facts: dict[str, Facts] = {}
    for path in workspace.files:
        if known is not None and path in known:
            facts[path] = known[path]
        else:
            source = overrides[path] if path in overrides else workspace.read(path)
            facts[path] = _file_facts(config, path, source, workspace)
    return [_check(config, check, facts, workspace) for check in wave.checks]


__all__ = ["evaluate", "in_scope", "module_imports"]
