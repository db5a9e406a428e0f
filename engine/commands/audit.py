"""`wavemod audit`: how much SQLite is left in a repository, and each wave's acceptance status.

Every source is parsed exactly once: the same tree feeds the audit metrics and the facts the
acceptance checks need (passed to `evaluate` as `known`, so it does not parse again per wave).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wavemod.engine.analysis.context import FileContext
from wavemod.engine.run.acceptance import evaluate, excluded_barrel, module_imports
from wavemod.engine.analysis.bindings import FileIndex
from wavemod.engine.core.collector import fewer_collections
from wavemod.engine.core.config import Config
from wavemod.engine.core.globs import matches
from wavemod.engine.core.languages import count_errors, first_error_line, language_for, parse
from wavemod.engine.core.markdown import count, escape as md_escape
from wavemod.engine.analysis.leftovers import REASONS, prepare_calls, reason_of
from wavemod.engine.run.matcher import find_matches
from wavemod.engine.run.parallel import SHARED, map_paths
from wavemod.engine.run.pipeline import default_workers
from wavemod.engine.core.syntax import line_at
from wavemod.engine.core.types import CheckResult, Facts
from wavemod.engine.core.workspace import Workspace

SQLITE_PACKAGES = ("better-sqlite3", "sqlite", "sqlite3")
# A database file name in a string literal, e.g. 'data/app.db' (checked to be inside a string node).
DB_FILE = re.compile(rb"""(['"`])([^'"`\n]*\.db)\1""")
STRING_NODES = frozenset({"string", "string_fragment", "template_string"})


@dataclass(frozen=True)
class Hit:
    path: str
    line: int
    detail: str
    reason: str = ""  # prepare calls: why it was left (engine.analysis.leftovers)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.detail}"


@dataclass
class WaveStatus:
    wave_id: str
    title: str
    checks: list[CheckResult]

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.checks)


@dataclass
class AuditReport:
    files_scanned: int = 0
    connection_imports: list[Hit] = field(default_factory=list)
    auth_imports: list[Hit] = field(default_factory=list)
    sqlite_symbols: list[Hit] = field(default_factory=list)
    prepare_calls: list[Hit] = field(default_factory=list)
    parse_errors: list[Hit] = field(default_factory=list)  # the counts above can miss code inside them
    waves: list[WaveStatus] = field(default_factory=list)
    type_errors: int | None = None  # the target's type checker on the tree as it is (None: not run)
    typecheck_note: str = ""  # the command, or why it did not run

    @property
    def passed(self) -> bool:
        return all(w.passed for w in self.waves)

    def _sections(self) -> list[tuple[str, list[Hit]]]:
        return [
            ("Files importing the connection module", self.connection_imports),
            ("Files importing the SQLite auth module", self.auth_imports),
            ("SQLite-specific symbols", self.sqlite_symbols),
            ("Remaining prepare() calls", self.prepare_calls),
            ("Files with parse errors — the counts above miss code inside them", self.parse_errors),
        ]

    def prepare_reasons(self) -> dict[str, int]:
        """Remaining prepare calls by the reason they were left (engine.analysis.leftovers.REASONS)."""
        counts = dict.fromkeys(REASONS, 0)
        for hit in self.prepare_calls:
            counts[hit.reason] = counts.get(hit.reason, 0) + 1
        return counts

    def to_markdown(self) -> str:
        # Every check passes on no files: say so rather than PASS (--strict fails then too).
        overall = "NOTHING AUDITED" if not self.files_scanned else "PASS" if self.passed else "FAIL"
        lines = ["# wavemod audit", "", f"Overall: {overall} ({count(self.files_scanned, 'file')} scanned)", ""]
        for title, hits in self._sections():
            files = len({h.path for h in hits})
            lines += [f"## {title} ({count(files, 'file')}, {count(len(hits), 'place')})", ""]
            if hits is self.prepare_calls and hits:
                lines += ["By reason: " + ", ".join(f"{reason} {n}" for reason, n in self.prepare_reasons().items() if n), ""]
            lines += [f"- `{h}`" for h in hits] or ["None."]
            lines.append("")
        if self.typecheck_note:
            lines += ["## Type check", "", f"{count(self.type_errors, 'type error')} ({self.typecheck_note})" if self.type_errors is not None else self.typecheck_note, ""]
        lines += ["## Waves", ""]
        for wave in self.waves:
            lines.append(f"### {wave.wave_id}: {wave.title} — {'PASS' if wave.passed else 'FAIL'}")
            lines.append("")
            for check in wave.checks:
                lines.append(f"- {'PASS' if check.passed else 'FAIL'}: {md_escape(check.description)}")
                lines += [f"  - `{o}`" for o in check.offenders]
            lines.append("")
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        def hits(items: list[Hit]) -> list[dict[str, Any]]:
            return [{"path": h.path, "line": h.line, "detail": h.detail} for h in items]

        return {
            "passed": self.passed,
            "files_scanned": self.files_scanned,
            "connection_imports": hits(self.connection_imports),
            "auth_imports": hits(self.auth_imports),
            "sqlite_symbols": hits(self.sqlite_symbols),
            "prepare_calls": [{"path": h.path, "line": h.line, "detail": h.detail, "reason": h.reason} for h in self.prepare_calls],
            "prepare_reasons": self.prepare_reasons(),
            "parse_errors": hits(self.parse_errors),
            "type_errors": self.type_errors,
            "typecheck": self.typecheck_note,
            "waves": [
                {
                    "wave": w.wave_id,
                    "title": w.title,
                    "passed": w.passed,
                    "checks": [{"check": c.description, "passed": c.passed, "offenders": list(c.offenders)} for c in w.checks],
                }
                for w in self.waves
            ],
        }


def _sqlite_symbols(path: str, source: bytes, ctx: FileContext, imports: list[tuple[str, str, int]]) -> list[Hit]:
    out = [Hit(path, line, f"imports {spec}") for spec, _resolved, line in imports if spec in SQLITE_PACKAGES or spec.startswith("better-sqlite3/")]
    for found in re.finditer(rb"sqlite_master", source):
        out.append(Hit(path, line_at(source, found.start()), "sqlite_master"))
    for found in DB_FILE.finditer(source):
        node = ctx.tree.root_node.descendant_for_byte_range(found.start(2), found.end(2))
        if node is not None and node.type in STRING_NODES:  # not in a comment
            out.append(Hit(path, line_at(source, found.start()), f"database file {found.group(2).decode('utf-8', 'replace')}"))
    return out


@dataclass
class _FileAudit:
    """What one file contributes to the report (built in a worker process)."""

    facts: Facts
    audited: bool = False
    connection_imports: list[Hit] = field(default_factory=list)
    auth_imports: list[Hit] = field(default_factory=list)
    sqlite_symbols: list[Hit] = field(default_factory=list)
    prepare_calls: list[Hit] = field(default_factory=list)
    parse_errors: list[Hit] = field(default_factory=list)


def _audit_file(path: str) -> _FileAudit:
    config: Config = SHARED["config"]
    workspace: Workspace = SHARED["workspace"]
    source = workspace.read(path)
    lang = language_for(path) or "typescript"
    tree = parse(source, lang)
    index = FileIndex(path, tree, workspace.resolver)
    ctx = FileContext(path, source, tree, lang, index, config)
    imports = module_imports(index)
    # Same shape as acceptance's own facts, so the wave checks reuse this parse.
    found = {rule.id: find_matches(ctx, rule) for rule in config.check_rules}
    out = _FileAudit(Facts(tuple(imports), tuple((rid, ctx.line(next(iter(m.values())))) for rid, ms in found.items() for m in ms)))
    if not matches(path, config.audit_paths) or matches(path, config.audit_exclude):
        return out
    out.audited = True
    resolver = workspace.resolver
    counted = [(spec, resolved, line) for spec, resolved, line in imports if resolved in {SHARED["connection"], SHARED["auth"]}]
    counted = [(spec, resolved, line, direct) for spec, resolved, line in counted if not excluded_barrel(config, resolver, path, spec, direct := resolver.resolve(spec, path) or spec, resolved)]
    out.connection_imports = [Hit(path, line, f"imports {spec}" + ("" if direct == resolved else " (a barrel of the connection module)")) for spec, resolved, line, direct in counted if resolved == SHARED["connection"]]
    out.auth_imports = [Hit(path, line, f"imports {spec}" + ("" if direct == resolved else " (a barrel of the auth module)")) for spec, resolved, line, direct in counted if resolved == SHARED["auth"]]
    out.sqlite_symbols = _sqlite_symbols(path, source, ctx, imports)
    if not matches(path, config.exclude):  # the connection module and the adapter use SQLite on purpose
        for call in prepare_calls(ctx):
            reason, detail = reason_of(ctx, call)
            out.prepare_calls.append(Hit(path, ctx.line(call), f"prepare call, {reason}: {detail}", reason))
    errors = count_errors(tree.root_node)
    if errors:
        out.parse_errors = [Hit(path, first_error_line(tree.root_node) or 1, f"{errors} parse error(s), the first here")]
    return out


@fewer_collections()
def run_audit(repo: Path, config: Config, workers: int | None = None, typecheck: bool = False) -> AuditReport:
    """Every tracked source parsed once, across `workers` processes (default: one per core); with
    `typecheck`, the target's type errors counted too (engine.checks.checkgate)."""
    workspace = Workspace.open(repo)
    shared = {
        "config": config,
        "workspace": workspace,
        "connection": workspace.resolver.resolve_configured(config.connection_module),
        "auth": workspace.resolver.resolve_configured(config.auth_module),
    }
    paths = workspace.files
    results = map_paths(_audit_file, paths, shared, workers or default_workers())
    report = AuditReport()
    facts: dict[str, Facts] = {}
    for path, found in zip(paths, results):
        facts[path] = found.facts
        if found.audited:
            report.files_scanned += 1
            report.connection_imports += found.connection_imports
            report.auth_imports += found.auth_imports
            report.sqlite_symbols += found.sqlite_symbols
            report.prepare_calls += found.prepare_calls
            report.parse_errors += found.parse_errors
    report.sqlite_symbols.sort(key=lambda h: (h.path, h.line, h.detail))
    for wave in config.waves:
        report.waves.append(WaveStatus(wave.id, wave.title, evaluate(config, wave, {}, workspace, facts)))
    if typecheck:
        from wavemod.engine.checks.checkgate import type_errors_now

        report.type_errors, report.typecheck_note = type_errors_now(workspace.root, config)
    return report
