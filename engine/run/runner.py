"""The per-file rewrite loop. It never raises: every outcome is a FileChange.

Each pass parses the current text, runs the rules and codemods, resolves overlaps and splices the
accepted edits. The loop ends when a pass produces no edit (the fixpoint, which is also why a second
run of the engine on its own output changes nothing) or fails after MAX_PASSES. Findings of every
pass are kept, moved with the code they point at, unless an edit rewrote that code (engine.core.carried).
"""
from __future__ import annotations

import traceback
from collections import Counter
from dataclasses import dataclass, field, replace

from collections.abc import Mapping

from tree_sitter import Tree

from wavemod.engine.analysis.context import Codemod, FileContext
from wavemod.engine.analysis.adapter_contract import AdapterContract
from wavemod.engine.analysis.bindings import FileIndex
from wavemod.engine.core.carried import Carried, across, carry_findings, merged
from wavemod.engine.analysis.dangling import dangling_references, removed_declarations, unresolved_imports
from wavemod.engine.core.config import Config, Rule
from wavemod.engine.analysis.connection_helpers import ConnectionHelper
from wavemod.engine.core.edits import apply, kept_segments, resolve
from wavemod.engine.core.editspans import carry
from wavemod.engine.analysis.imports import ensure_imports
from wavemod.engine.core.languages import count_errors, first_error_line, parse, reparse
from wavemod.engine.run.matcher import find_matches, run_declarative
from wavemod.engine.analysis.parse_errors import ErrorSite, added_errors, error_sites, new_errors
from wavemod.engine.analysis.placement import is_sqlite_transaction_callback
from wavemod.engine.analysis.project import FileSummary, ProjectIndex, summarize
from wavemod.engine.analysis.functions import async_names
from wavemod.engine.run.acceptance import module_imports
from wavemod.engine.core.types import Edit, Facts, FileChange, Finding, Status
from wavemod.engine.sql.repository_rules import RepositoryIndex
from wavemod.engine.sql.sqlschema import Schema, SchemaText
from wavemod.engine.core.workspace import ModuleResolver

MAX_PASSES = 8


@dataclass
class FileJob:
    path: str
    lang: str
    original: bytes
    start: bytes  # text to continue from (the output of an earlier phase), else the original
    in_wave: bool
    frozen: bool = False  # excluded by the project: summarised for propagation, never edited
    errors_before: int | None = None  # known from an earlier phase: the original is not re-parsed
    # `start` is a fixpoint of the rules without the project index (an earlier phase's output): the
    # first pass runs only the codemods that read the index or react to edits of the same pass.
    settled: bool = False
    spans: tuple[tuple[int, int, str], ...] = ()  # rules' spans of `start` (engine.core.editspans)

    @classmethod
    def continuing(cls, first: FileChange, lang: str, in_wave: bool) -> FileJob:
        """The cross-file pass of a file, from the text its own passes produced (`first`, with its
        texts filled in: an unchanged file continues from the very bytes of its original)."""
        return cls(first.path, lang, first.before, first.after, in_wave, errors_before=first.errors_before, settled=True, spans=first.rule_spans)


def _run_rules(ctx: FileContext, rules: list[Rule], in_wave: bool, project_only: bool = False) -> None:
    """Every rule once over the file; with `project_only`, only the codemods whose edits can differ
    from a pass without the project index (the others already produced nothing on this text)."""
    ordered = sorted(rules, key=lambda r: bool(r.codemod) and getattr(ctx.codemods[r.codemod], "RUNS_LAST", False))
    for rule in ordered:
        if rule.codemod:
            codemod = ctx.codemods[rule.codemod]
            if (not in_wave and not codemod.GLOBAL) or not codemod.wants(ctx.source):
                continue
            if project_only and not (codemod.READS_PROJECT or codemod.READS_EDITS):
                continue
            matches = find_matches(ctx, rule) if rule.query else []
            if rule.query and not matches and codemod.USES_QUERY:
                continue
            codemod.transform(ctx, rule, matches)
        elif in_wave and not project_only:
            run_declarative(ctx, rule, find_matches(ctx, rule))


def _blame(job: FileJob, text: bytes, before: list[ErrorSite], edits: list[Edit]) -> list[str]:
    """Which rules' edits, applied alone to the pass input, create parse errors."""
    by_rule: dict[str, list[Edit]] = {}
    for edit in edits:
        by_rule.setdefault(edit.rule, []).append(edit)
    guilty = []
    for rule, own in sorted(by_rule.items()):
        out = apply(text, own)
        if new_errors(before, error_sites(parse(out, job.lang).root_node, out), kept_segments(len(text), own)):
            guilty.append(rule)
    return guilty or sorted(by_rule)


def _failed_parse(job: FileJob, created: list[ErrorSite], rules: list[str], errors_before: int, errors_after: int, findings: tuple[Finding, ...] = ()) -> FileChange:
    first = created[0]
    shown = first.text[:60].decode(errors="replace") or first.kind.lower()
    reason = (
        f"rule(s) {', '.join(rules)} would add parse errors ({errors_before} before, {errors_after} after; new at line {first.line}: {shown!r}); the file was left as it was"
    )
    return FileChange(job.path, job.original, job.original, Status.FAILED, reason, findings, in_wave=job.in_wave, errors_before=errors_before, errors_after=errors_after)


@dataclass(frozen=True)
class RunSettings:
    """What every file of a run shares."""

    rules: list[Rule]
    config: Config
    resolver: ModuleResolver
    sql_target: str = "portable"
    schema_text: SchemaText | None = None
    repositories: RepositoryIndex | None = None  # the wave's repository rules, when it uses them
    # module -> the target's adapter as read from its source (None: no such file), for the codemods
    # that generate calls to it (engine.analysis.adapter_contract)
    adapters: dict[str, AdapterContract | None] = field(default_factory=dict)
    # connection module -> the query helpers it defines (engine.analysis.connection_helpers)
    connection_helpers: dict[str, dict[str, ConnectionHelper]] = field(default_factory=dict)
    # name -> codemod (codemods.registry.CODEMODS), handed in by whoever starts the run (engine.api)
    codemods: Mapping[str, Codemod] = field(default_factory=dict, repr=False)

    @property
    def schema(self) -> Schema | None:
        return self.schema_text.get() if self.schema_text is not None else None


def _context(job: FileJob, settings: RunSettings, text: bytes, tree: Tree, index: FileIndex, project: ProjectIndex | None) -> FileContext:
    return FileContext(job.path, text, tree, job.lang, index, settings.config, project, settings.sql_target, settings.schema, settings.repositories, in_wave=job.in_wave, adapters=settings.adapters, connection_helpers=settings.connection_helpers, codemods=settings.codemods)


@dataclass(frozen=True)
class Parsed:
    """A file's final tree and its index, kept for a pass that continues from the same text."""

    tree: Tree
    index: FileIndex


def rewrite(job: FileJob, settings: RunSettings, project: ProjectIndex | None, want_summary: bool = False) -> tuple[FileChange, FileSummary | None]:
    change, summary, _ = rewrite_keeping(job, settings, project, want_summary)
    return change, summary


def rewrite_keeping(
    job: FileJob, settings: RunSettings, project: ProjectIndex | None, want_summary: bool = False, start: Parsed | None = None
) -> tuple[FileChange, FileSummary | None, Parsed | None]:
    """The rewrite loop over one file; also returns its final tree and index (None when the file
    failed). `start`: the tree and index of `job.start`, from the pass that produced it."""
    try:
        return _rewrite(job, settings, project, want_summary, start)
    except Exception as exc:  # the runner's contract: report, never raise
        where = traceback.extract_tb(exc.__traceback__)[-1]
        reason = f"internal error: {type(exc).__name__}: {exc} (at {where.filename.rsplit('/', 1)[-1]}:{where.lineno}); the file was left as it was"
        return FileChange(job.path, job.original, job.original, Status.FAILED, reason, in_wave=job.in_wave), None, None


def combine(first: FileChange, second: FileChange) -> FileChange:
    """A file's outcome over two phases: `second` continued from the text `first` produced (both
    with their texts filled in). A failure of the second fails the file, as it was."""
    if second.status is Status.FAILED:
        return second
    counts: dict[str, int] = dict(first.rule_counts)
    for rule, count in second.rule_counts:
        counts[rule] = counts.get(rule, 0) + count
    sites = Counter(dict(first.call_sites)) + Counter(dict(second.call_sites))
    # The first phase's findings hold where the second left their lines as they were.
    kept = [f for f in across(first.findings, first.after, second.after) if f.kind != "parse-error"]
    return replace(
        second,
        findings=tuple(sorted(set(merged(list(second.findings), [Carried(f, 0, 0) for f in kept])), key=Finding.sort_key)),
        rule_counts=tuple(sorted(counts.items())),
        errors_before=first.errors_before,
        notes=first.notes + second.notes,
        call_sites=tuple(sorted(sites.items())),
    )


def _rewrite(job: FileJob, settings: RunSettings, project: ProjectIndex | None, want_summary: bool, start: Parsed | None) -> tuple[FileChange, FileSummary | None, Parsed | None]:
    rules, config, resolver = settings.rules, settings.config, settings.resolver
    continuing = job.start is not job.original
    tree = start.tree if start is not None else parse(job.start, job.lang)
    original_tree = None if continuing else tree
    errors_before = job.errors_before if job.errors_before is not None else count_errors(parse(job.original, job.lang).root_node) if continuing else count_errors(tree.root_node)
    # Where the original's first parse error is, read now: the passes edit the tree in place. A
    # continuing job parses the original again, which only files with parse errors do.
    error_line = first_error_line((original_tree or parse(job.original, job.lang)).root_node) if errors_before else None
    original_async: set[str] = set()
    text = job.start
    counts: Counter[str] = Counter()
    sites: Counter[str] = Counter()
    required: set[tuple[str, str]] = set()
    conflicts: list[Finding] = []
    findings: list[Finding] = []
    carried: list[Carried] = []  # earlier passes' findings, placed in the current text (engine.core.carried)
    notes: dict[tuple[str, str], Finding] = {}  # (rule, message) -> first note: passes repeat nothing once applied
    errors = count_errors(tree.root_node) if continuing else errors_before
    removed: dict[str, str] = {}  # names whose declaration an edit removed -> the rule (engine.analysis.dangling)
    spans = job.spans  # which rule wrote which bytes, for the checks that name the rule of a line
    for step in range(MAX_PASSES):
        index = start.index if start is not None and step == 0 else FileIndex(job.path, tree, resolver)
        if want_summary and tree is original_tree:
            original_async = async_names(index)
        ctx = _context(job, settings, text, tree, index, project)
        if not job.frozen:
            project_only = step == 0 and job.settled and project is not None
            _run_rules(ctx, rules, job.in_wave, project_only)
            if project_only and not ctx.edits:
                # Nothing cross-file to do after all: one full pass for the findings of every rule.
                ctx = _context(job, settings, text, tree, index, project)
                _run_rules(ctx, rules, job.in_wave)
        # Imports the new code needs go in with it (same pass), so a file usually converges in one
        # rewriting pass plus the pass that confirms nothing is left.
        required.update(imp for edit in ctx.edits for imp in edit.imports)
        if required:
            ensure_imports(ctx, required)
        if not ctx.edits:
            findings = merged(ctx.findings, carried)
            break
        accepted, clashes = resolve(ctx.edits)
        for clash in clashes:
            if not clash.nested:
                conflicts.append(Finding(job.path, ctx.line(clash.loser.start), clash.loser.rule, f"edit overlaps one of rule {clash.winner.rule} and was dropped", "conflict"))
        for name, rule in removed_declarations(index, accepted).items():
            removed.setdefault(name, rule)
        new_text = apply(text, accepted)
        carried = carry_findings(text, carried, ctx.findings, accepted, new_text)
        # Read before the reparse, which edits `tree` in place.
        sites_before = error_sites(tree.root_node, text)
        spans = carry(spans, accepted)
        new_tree = reparse(tree, text, new_text, [(e.start, e.end, e.text) for e in accepted], job.lang)
        errors_now = count_errors(new_tree.root_node)
        # Errors carried along inside kept or moved text are the old ones; only created ones fail.
        created = new_errors(sites_before, error_sites(new_tree.root_node, new_text), kept_segments(len(text), accepted)) if errors_now else []
        if created:
            return _failed_parse(job, created, _blame(job, text, sites_before, accepted), errors_before, errors_now, tuple(ctx.findings)), None, None
        counts.update(edit.rule for edit in accepted)
        sites.update(edit.site for edit in accepted if edit.site)
        applied_rules = {edit.rule for edit in accepted}
        for note in ctx.notes:
            if note.rule in applied_rules:
                notes.setdefault((note.rule, f"{note.line}:{note.message}"), note)
        text, tree, errors = new_text, new_tree, errors_now
    else:
        rules_seen = ", ".join(sorted(counts))
        reason = f"did not converge after {MAX_PASSES} passes (rules: {rules_seen}); the file was left as it was"
        return FileChange(job.path, job.original, job.original, Status.FAILED, reason, in_wave=job.in_wave), None, None
    if errors and text != job.original:
        # The passes compared each pass with the one before; the whole file is compared with its
        # original too, the way apply checks it again, so the two can never disagree.
        created = added_errors(job.original, text, job.lang)
        if created:
            return _failed_parse(job, created, sorted(counts), errors_before, errors), None, None
    if text != job.original:
        problems = dangling_references(index, removed) + unresolved_imports(index, job.original)
        if problems:
            reason = "; ".join(problems) + "; the file was left as it was"
            return FileChange(job.path, job.original, job.original, Status.FAILED, reason, tuple(findings), in_wave=job.in_wave, errors_before=errors_before, errors_after=errors), None, None
    if errors_before and (job.in_wave or text != job.original):
        # Rules cannot see inside what does not parse: say so, or such code would pass for migrated.
        line = error_line or 1
        message = f"{errors_before} parse error(s) in this file, the first at line {line}: code inside them is not rewritten; fix the syntax and run the wave again"
        findings = [*findings, Finding(job.path, line, "parser", message, "parse-error")]
    all_findings = tuple(sorted(set(findings) | set(conflicts), key=Finding.sort_key))
    facts = Facts(
        tuple(module_imports(index)),
        tuple((rule.id, ctx.line(next(iter(m.values())))) for rule in config.check_rules for m in find_matches(ctx, rule)),
    )
    handle = config.bindings.get("sqlite") if any(r.codemod == "handle-parameters" for r in rules) else None
    summary = summarize(index, original_async, lambda fn: is_sqlite_transaction_callback(ctx, fn), handle) if want_summary else None
    if summary is not None and job.frozen:
        # An excluded file is never edited, so none of its functions can turn async: its callers
        # must not await them (they would await a value that is still synchronous).
        summary.functions = {name: replace(info, becomes=None, reason="its module is excluded from every wave ([project] exclude)") for name, info in summary.functions.items()}
    status = Status.CHANGED if text != job.original else Status.UNCHANGED
    change = FileChange(job.path, job.original, text, status, "", all_findings, tuple(sorted(counts.items())), job.in_wave, errors_before, errors, facts, tuple(notes.values()), tuple(sorted(sites.items())), rule_spans=spans)
    return change, summary, Parsed(tree, index)
