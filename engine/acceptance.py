"""Acceptance checks of a wave, evaluated over file texts (the preview's output or the repo)."""
from __future__ import annotations

from codemods.base import FileContext
from .bindings import FileIndex
from .config import Check, Config, Wave
from .globs import matches
from .languages import language_for, parse
from .matcher import find_matches
from .syntax import line_of, string_value, walk
from .types import CheckResult
from .workspace import Workspace

IMPORT_NODES = frozenset({"import_statement", "export_statement"})


def module_imports(index: FileIndex) -> list[tuple[str, str, int]]:
    """(specifier, resolved, line) of every static import/re-export, require() and import()."""
    out = []
    for node in walk(index.tree.root_node):
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
            out.append((spec, index.resolver.resolve(spec, index.path) or spec, line_of(node)))
    return out


def _check(config: Config, check: Check, texts: dict[str, bytes], workspace: Workspace) -> CheckResult:
    offenders: list[str] = []
    scope = [p for p in sorted(texts) if language_for(p)]
    if check.kind == "no-package":
        scope = [p for p in scope if not matches(p, check.outside)]
    else:
        scope = [p for p in scope if matches(p, check.paths)]
    target = workspace.resolver.resolve_configured(check.module) if check.module else ""
    for path in scope:
        lang = language_for(path) or "typescript"
        tree = parse(texts[path], lang)
        index = FileIndex(path, tree, workspace.resolver)
        if check.kind == "no-import":
            offenders += [f"{path}:{line}: imports {spec}" for spec, resolved, line in module_imports(index) if resolved == target]
        elif check.kind == "no-package":
            offenders += [f"{path}:{line}: imports {spec}" for spec, _r, line in module_imports(index) if spec == check.package or spec.startswith(check.package + "/")]
        else:
            rule = config.rules[check.rule]
            ctx = FileContext(path, texts[path], tree, lang, index, config)
            offenders += [f"{path}:{ctx.line(next(iter(m.values())))}: matches {rule.id}" for m in find_matches(ctx, rule)]
    return CheckResult(check.description, not offenders, tuple(offenders))


def evaluate(config: Config, wave: Wave, overrides: dict[str, bytes], workspace: Workspace) -> list[CheckResult]:
    """Evaluate the wave's checks on the repository as it would be with `overrides` applied."""
    texts: dict[str, bytes] = {}
    for path in workspace.files:
        texts[path] = overrides[path] if path in overrides else workspace.read(path)
    return [_check(config, check, texts, workspace) for check in wave.checks]


__all__ = ["evaluate", "module_imports"]
