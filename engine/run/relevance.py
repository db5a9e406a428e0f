"""Which files a run can leave unparsed: nothing in them can change, or be reported, in this run.

Parsing and indexing are most of what a run costs, and most files of an application hold no
database code at all (components, utilities, plain tests). A file needs its tree when:

* one of the run's rules could act on it by itself: the rule's needles occur in its bytes
  (`Rule.needs`), or its codemod says it may act (`Codemod.acts_alone`); or one of the wave's
  acceptance checks looks at it and could find something (a match of its rule, an import of the
  module or package it names); or it names the SQLite handle's type (handle parameters are
  dropped across files); or
* it imports a module through which a function that turns async in this run (or loses its SQLite
  handle parameter) is reached: its calls may then need awaiting; or, for a file of the wave, an
  async function of a module the run analysed (a call nobody awaits is listed). Which modules
  those are is only known once the files it imports are analysed (engine.run.schedule, `Reach`); or
* a file with a transaction calls into it and it may hold or re-export an async function: every
  call inside a transaction callback must be awaited, whatever module it goes to (`needs_callees`).
  The callees' turn comes before their callers', so this counts every file with a transaction,
  whether it is analysed in the end or not (`transaction_callees`).

Calls nobody awaits to functions that were async already are listed where the callee's module is
one the run parses; `wavemod promises` reads every file and lists them all.

Everything else keeps its text. Its facts for the acceptance checks (its imports) come from the
byte scan, which reads specifiers as the tree does (comments before them, template literals) and
only has to be right about modules no check of the wave names.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from wavemod.engine.run.acceptance import in_scope
from wavemod.engine.analysis.bindings import index_file
from wavemod.engine.core.config import Check, Config, Rule
from wavemod.engine.analysis.context import Codemod
from wavemod.engine.analysis.dependencies import imports_of
from wavemod.engine.analysis.project import FileSummary, ProjectIndex
from wavemod.engine.core.types import Facts
from wavemod.engine.core.workspace import ModuleResolver
from wavemod.engine.analysis.handle_callers import helper_parameters
from wavemod.engine.analysis.wrappers import could_wrap

@dataclass(frozen=True)
class Scan:
    """What the bytes of a file say without parsing it: its imports and what they resolve to."""

    facts: Facts
    modules: frozenset[str]  # resolved repository paths, and package specifiers as written

    @property
    def specifiers(self) -> frozenset[str]:
        return frozenset(spec for spec, _, _ in self.facts.imports)


def scan(path: str, source: bytes, resolver: ModuleResolver) -> Scan:
    imports = tuple(imports_of(path, source, resolver))
    return Scan(Facts(imports, ()), frozenset(resolved for _, resolved, _ in imports))


@dataclass(frozen=True)
class Survey:
    """What a run decides about a file from its bytes alone, before anything is analysed."""

    scan: Scan
    need: bool  # Needles.need_tree (or every file: a run that parses everything)
    transaction: bool  # Needles.needs_callees
    wraps: bool = False  # it may define a wrapper that calls a callback (engine.analysis.wrappers)


def survey(path: str, source: bytes, needles: Needles, in_wave: bool, parse_all: bool) -> Survey:
    found = scan(path, source, needles.resolver)
    return Survey(found, parse_all or needles.need_tree(path, source, found, in_wave), needles.needs_callees(source), could_wrap(source))


@dataclass(frozen=True)
class Needles:
    """What makes a file relevant by itself to one run, precomputed once per run."""

    rules: tuple[Rule, ...]
    config: Config
    resolver: ModuleResolver
    checks: tuple[Check, ...]  # the acceptance checks the run's facts are for
    handle_types: tuple[bytes, ...]
    transactions: tuple[bytes, ...]  # better-sqlite3's `.transaction(` and the adapter's helpers
    codemods: Mapping[str, Codemod]  # the run's registry (RunSettings.codemods)

    @classmethod
    def for_wave(cls, rules: list[Rule], config: Config, resolver: ModuleResolver, wave_id: str, codemods: Mapping[str, Codemod]) -> Needles:
        """The needles of a run of `wave_id`: the facts gathered are for that wave's acceptance checks
        (every wave's, in a run of no wave)."""
        waves = [w for w in config.waves if w.id == wave_id] or config.waves
        return cls.of(rules, config, resolver, tuple(c for w in waves for c in w.checks), codemods)

    @classmethod
    def of(cls, rules: list[Rule], config: Config, resolver: ModuleResolver, checks: tuple[Check, ...], codemods: Mapping[str, Codemod]) -> Needles:
        types = tuple(t.encode() for binding in config.bindings.values() for t in binding.type_names)
        helpers = {str(rule.options["transaction_helper"]).encode() for rule in rules if "transaction_helper" in rule.options}
        return cls(tuple(rules), config, resolver, checks, types, (b".transaction(", *sorted(helpers)), codemods)

    def needs_callees(self, source: bytes) -> bool:
        """Whether the file's calls to functions that are already async matter to its text: inside
        a transaction callback every such call is awaited (unawaited, it would run outside the
        transaction), so the modules it calls into must be known, database code or not."""
        return any(t in source for t in self.transactions)

    def need_tree(self, path: str, source: bytes, found: Scan, in_wave: bool) -> bool:
        """Could this file change, or hold a finding or a fact, with nothing else in the run
        changing? (The cross-file part is `Reach`.) Database code outside the wave is not
        enough: no rule rewrites it there, so only calls into what turns async can change it."""
        if any(t in source for t in self.handle_types):  # handle parameters are dropped across files
            return True
        if any(in_scope(check, path) and self._seen_by(check, source, found) for check in self.checks):
            return True
        if any(self._acts(rule, source, found, in_wave) for rule in self.rules):
            return True
        # A helper the connection is passed to (engine.analysis.handle_callers) may import nothing of it.
        return in_wave and b".prepare(" in source and helper_parameters(path, self.resolver, self.config, index_file)

    def _seen_by(self, check: Check, source: bytes, found: Scan) -> bool:
        """Whether the check could find something in the file (a byte scan's imports are not
        trusted for the module or package a check names: those files get their tree)."""
        if check.kind == "no-match":
            rule = self.config.rules[check.rule]
            return bool(rule.query) and rule.may_match(source)
        if check.kind == "no-import":
            target = frozenset({self.resolver.resolve_configured(check.module)})
            return any(self.resolver.reaches(module, target) for module in found.modules if module in self.resolver.files or module in target)
        return any(s == check.package or s.startswith(check.package + "/") for s in found.specifiers)

    def _acts(self, rule: Rule, source: bytes, found: Scan, in_wave: bool) -> bool:
        if not rule.codemod:
            return in_wave and rule.may_match(source)
        codemod = self.codemods[rule.codemod]
        if not (in_wave or codemod.GLOBAL) or not codemod.wants(source):
            return False
        if codemod.USES_QUERY and rule.query and not rule.may_match(source):
            return False
        return codemod.acts_alone(source, found.modules, rule, self.config, self.resolver)


_REEXPORT = re.compile(rb"\bexport\s*(?:type\s*)?(?:\*|\{[^}]*\})\s*(?:as\s+[\w$]+\s*)?from\b")


def reexports(source: bytes) -> bool:
    return _REEXPORT.search(source) is not None


def callee_module(source: bytes) -> bool:
    """Whether a module may hold, or pass on, a function a caller needs to know is async: it says
    `async`, or it re-exports from another module."""
    return b"async" in source or reexports(source)


def _links(summary: FileSummary) -> set[str]:
    """The files a module passes calls on to: what it re-exports from, and the modules of the
    classes of its exported instances (ProjectIndex.resolve follows those links)."""
    targets = {source for source, _ in summary.reexports.values()} | set(summary.star_exports)
    return targets | {ref[1] for ref in summary.instances.values() if ref[0] != "local"}


class Reach:
    """The analysed files through which a call can reach a function that turns async in this run
    or loses a handle parameter (`changed`); and those plus the ones reaching any async function of
    the analysed files (`with_async`: the wave's own files report calls to those that nobody
    awaits). A file is in a set when one of its own functions is, or when it links (`_links`) to a
    file in it. Files are added once final, after the files they import (engine.run.schedule)."""

    def __init__(self) -> None:
        self.changed: set[str] = set()
        self.with_async: set[str] = set()

    def add(self, project: ProjectIndex, paths: list[str]) -> None:
        """Add final files; the files of an import cycle come together (hence the fixpoint)."""
        own_changed: dict[str, bool] = {}
        own_async: dict[str, bool] = {}
        for path in paths:
            gids = [project.gid(path, name) for name in project.summaries[path].functions]
            own_changed[path] = any(gid in project.newly_async or gid in project.droppable for gid in gids)
            own_async[path] = own_changed[path] or any(f.is_async for f in project.summaries[path].functions.values())
        links = {path: _links(project.summaries[path]) for path in paths}
        for found, own in ((self.changed, own_changed), (self.with_async, own_async)):
            grew = True
            while grew:
                grew = False
                for path in paths:
                    if path not in found and (own[path] or not links[path].isdisjoint(found)):
                        found.add(path)
                        grew = True


def transaction_callees(sources: dict[str, bytes], scans: dict[str, Scan], callers: list[str], also: set[str]) -> set[str]:
    """Files the `callers` (the files with a transaction: `Needles.needs_callees`) may call into
    that may hold, or pass on, an async function: their functions must be known. `also`: modules a
    rewrite may add an import of (the adapter, the auth service, repository modules). Decided
    before anything is analysed, so this counts every file with a transaction, analysed in the end
    or not."""
    callers = sorted(callers)
    found: set[str] = set()
    seen = set(callers)
    while callers:
        caller = callers.pop()
        for module in (scans[caller].modules | also) - found:
            if module in scans and module != caller and callee_module(sources[module]):
                found.add(module)
                if reexports(sources[module]) and module not in seen:  # it passes its callees on
                    seen.add(module)
                    callers.append(module)
    return found
