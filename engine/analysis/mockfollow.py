"""Module mocks follow an import swap.

A swap rule (the auth swap: `[project] auth_module` -> `auth_service_module`) points the importers
of module M at module N. A test that says `vi.mock('@/lib/auth', () => ({ requireRole: fake }))`
intercepted M for the code it tests; once that code imports N, the mock intercepts nothing, the
real function runs and the test fails (a 401 where the fake user was meant). Test files are
usually outside the waves (excluded, or not in their globs), so the swap never sees them.

After a run in which a swap rule edited something, every file of the target whose
`vi.mock / jest.mock / vi.doMock / jest.doMock` names M (any spelling: alias, relative path,
`import('M')`, resolved like imports) gets a second mock call for N right after it, with the same
factory, so code that still imports M (a test helper) keeps its mock and the swapped code gets
the same fake. Strings inside the factory that name M (`importOriginal<typeof import('M')>()`,
`vi.importActual('M')`) name N in the copy. The wave broke these mocks, so the wave edits them,
in files excluded from it too: the PR description lists those files apart, as edited only for their
mocks. Two cases are listed for review instead: a file the project excludes from every wave (never
edited), and a mock without a factory (an automock or a `__mocks__` file: a second automock of N
would not share the fakes the test configures through M).
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, replace

from tree_sitter import Node

from wavemod.engine.core.config import Rule
from wavemod.engine.core.languages import language_for, parse
from wavemod.engine.core.syntax import line_at, string_value, walk
from wavemod.engine.core.types import FileChange, Finding, FollowedMock, Status, WaveResult
from wavemod.engine.core.workspace import ModuleResolver

RULE_ID = "mock-follow"  # the engine's own rule id for the mock calls it adds (rule counts, spans)
MOCK_CALLS = frozenset({b"vi.mock", b"jest.mock", b"vi.doMock", b"jest.doMock"})
NEEDLES = (b".mock(", b".doMock(")
TYPE_IMPORT = re.compile(rb"\bimport\(\s*('[^'\n]*'|\"[^\"\n]*\")\s*\)")


@dataclass(frozen=True)
class Swap:
    """A rule of the run that points importers of one module at another."""

    rule: str
    old_file: str  # M's file
    new_file: str  # N's file (it may be one the run creates)
    new_module: str  # N as the rule writes it


def swaps(rules: list[Rule], result: WaveResult, resolver: ModuleResolver) -> list[Swap]:
    """The run's module swaps that edited something: a rule replacing a matched specifier with one
    fixed module, filtered on the specifier resolving to the module it moves away from."""
    edited = {rule for rule, (_, edits) in result.rule_totals().items() if edits}
    out = []
    for rule in rules:
        if rule.id not in edited or rule.codemod or not rule.replace or "@" in rule.replace.replace("@/", ""):
            continue
        new_file = resolver.resolve(rule.replace, "_.ts")
        if new_file is None:
            continue
        for f in rule.filters:
            for module in f.resolves_to:
                old_file = resolver.resolve(module, "_.ts")
                if old_file is not None and old_file != new_file:
                    out.append(Swap(rule.id, old_file, new_file, rule.replace))
    return out


def _mock_calls(root: Node) -> list[tuple[Node, Node]]:
    """(call, the node naming its module) of every mock call: a string, or `import('m')`."""
    out = []
    for node in walk(root):
        if node.type != "call_expression":
            continue
        callee = node.child_by_field_name("function")
        args = node.child_by_field_name("arguments")
        if callee is None or callee.text not in MOCK_CALLS or args is None or not args.named_children:
            continue
        first = args.named_children[0]
        if first.type == "call_expression" and first.child_by_field_name("function") is not None and first.child_by_field_name("function").type == "import":
            inner = first.child_by_field_name("arguments")
            first = inner.named_children[0] if inner is not None and inner.named_children else first
        if first.type == "string":
            out.append((node, first))
    return out


def _specifier_for(swap: Swap, written: str, path: str, resolver: ModuleResolver) -> str:
    """How the added mock names N: relative when the test's own mock is relative (from the test's
    folder, with its `.js` ending if it has one), else as the swap rule writes it."""
    if not written.startswith("."):
        return swap.new_module
    stem = posixpath.splitext(swap.new_file)[0]
    if posixpath.basename(stem) == "index":
        stem = posixpath.dirname(stem)
    relative = posixpath.relpath(stem, posixpath.dirname(path) or ".")
    relative = relative if relative.startswith(".") else "./" + relative
    return relative + (".js" if written.endswith(".js") else "")


def _statement(call: Node) -> Node | None:
    """The statement the mock call is, when it is one on its own (`vi.mock(...)` or `await vi.doMock(...)`)."""
    node = call.parent
    if node is not None and node.type == "await_expression":
        node = node.parent
    return node if node is not None and node.type == "expression_statement" else None


def _statement_end(statement: Node) -> int:
    """Where the statement's own text ends: after its `;`, if it has one; never after a trailing
    comment (tree-sitter counts one into a statement without `;`)."""
    semicolon = next((c for c in statement.children if c.type == ";"), None)
    return semicolon.end_byte if semicolon is not None else statement.named_children[0].end_byte


def _insertion(source: bytes, statement: Node, added: bytes) -> tuple[int, bytes]:
    """Where and what to insert to put `added` on its own line after `statement`, indented like it:
    after a trailing comment on the same line, if any."""
    newline = b"\r\n" if b"\r\n" in source else b"\n"
    line_start = source.rfind(b"\n", 0, statement.start_byte) + 1
    indent = source[line_start : statement.start_byte]
    if indent.strip():
        indent = b""
    end = _statement_end(statement)
    line_end = source.find(b"\n", end)
    line_end = len(source) if line_end < 0 else line_end
    rest = source[end:line_end].rstrip(b"\r")
    at = end + len(rest) if not rest.strip() or rest.strip().startswith(b"//") else end
    return at, newline + indent + added


def follow_in_file(path: str, source: bytes, swaps_: list[Swap], resolver: ModuleResolver) -> tuple[list[tuple[int, bytes]], list[tuple[Node, Swap, str, bool]]]:
    """The insertions that make `source`'s mocks of each swap's M cover N too, and every mock of M
    found: (call, swap, the new specifier or "", followed)."""
    tree = parse(source, language_for(path) or "typescript")
    calls = _mock_calls(tree.root_node)
    target_of = {id(spec): resolver.resolve(string_value(spec) or "", path) for _, spec in calls}
    inserts: list[tuple[int, bytes]] = []
    found: list[tuple[Node, Swap, str, bool]] = []
    for swap in swaps_:
        if any(target_of[id(spec)] == swap.new_file for _, spec in calls):
            continue  # the file mocks N itself already (a wave file the swap rewrote, or a rerun)
        for call, spec in calls:
            if target_of[id(spec)] != swap.old_file:
                continue
            args = call.child_by_field_name("arguments")
            statement = _statement(call)
            new_spec = _specifier_for(swap, string_value(spec) or "", path, resolver)
            if len(args.named_children) < 2 or statement is None:
                found.append((call, swap, new_spec, False))
                continue
            # The copy: the statement with every string naming M (the mock's own and the
            # factory's importOriginal/importActual types and calls) naming N.
            copy = bytearray(source[statement.start_byte : _statement_end(statement)])
            strings = {(n.start_byte, n.end_byte) for n in walk(statement) if n.type == "string" and n.end_byte <= statement.start_byte + len(copy)}
            # `typeof import('m')` is masked before parsing (engine.core.misparses): its string is read here.
            strings |= {(statement.start_byte + m.start(1), statement.start_byte + m.end(1)) for m in TYPE_IMPORT.finditer(copy)}
            for start, end in sorted(strings, reverse=True):
                spelled = source[start + 1 : end - 1].decode("utf-8", "replace")
                if (start, end) != (spec.start_byte, spec.end_byte) and resolver.resolve(spelled, path) != swap.old_file:
                    continue
                quote = source[start : start + 1]
                copy[start - statement.start_byte : end - statement.start_byte] = quote + _specifier_for(swap, spelled, path, resolver).encode() + quote
            inserts.append(_insertion(source, statement, bytes(copy)))
            found.append((call, swap, new_spec, True))
    return inserts, found


def _shift(offset: int, inserts: list[tuple[int, bytes]], inclusive: bool) -> int:
    return offset + sum(len(text) for at, text in inserts if at < offset or (inclusive and at == offset))


def follow_mocks(result: WaveResult, rules: list[Rule], sources: dict[str, bytes], resolver: ModuleResolver, frozen: frozenset[str]) -> None:
    """Make the mocks of every swapped-away module cover the module it was swapped to, in every
    file of the target (engine docstring above); record each in `result.followed_mocks`."""
    found_swaps = swaps(rules, result, resolver)
    if not found_swaps:
        return
    stems = {_spelled_name(s.old_file) for s in found_swaps}
    by_path = {c.path: i for i, c in enumerate(result.changes)}
    for path in sorted(sources):
        change = result.changes[by_path[path]] if path in by_path else None
        if not language_for(path) or (change is not None and (change.status is Status.FAILED or change.deleted)):
            continue
        text = change.after if change is not None else sources[path]
        # (a specifier of M ends in its name: a cheap test that leaves most files unparsed)
        if not any(n in text for n in NEEDLES) or not any(stem in text for stem in stems):
            continue
        inserts, found = follow_in_file(path, text, found_swaps, resolver)
        if not found:
            continue
        only_mocks = change is None or not change.changed
        if path in frozen:
            inserts = []
        before = change.before if change is not None else sources[path]
        findings: list[Finding] = []
        # Lines of the text as written: after the mocks added above them.
        moved = lambda n: n + sum(added.count(b"\n") for at, added in inserts if line_at(text, at) < n)  # noqa: E731
        for call, swap, new_spec, followed in found:
            spelled = (call.text or b"").split(b"(", 1)[0].decode()
            line = moved(line_at(text, call.start_byte))
            mock = f"{spelled}('{_first_spec(call)}')"
            done = followed and path not in frozen
            result.followed_mocks.append(FollowedMock(path, line, mock, new_spec if done else "", swap.rule, done))
            if path in frozen:
                why = "this file is excluded from every wave, so the mock was left as it is"
            elif not followed:
                why = "it has no factory (an automock or a __mocks__ file): a second automock would not share the fakes the test sets up through the old module, so mock it by hand" if len(call.child_by_field_name("arguments").named_children) < 2 else "it is not a statement of its own, so it was left as it is"
            else:
                continue
            findings.append(Finding(path, line, RULE_ID, f"`{mock}` no longer intercepts the code `{swap.rule}` moved to `{new_spec}`: {why}", "review"))
        if not inserts and not findings:
            continue
        after = text
        for at, added in sorted(inserts, reverse=True):
            after = after[:at] + added + after[at:]
        old_findings = tuple(replace(f, line=moved(f.line)) for f in change.findings) if change is not None else ()
        spans = tuple((_shift(s, inserts, False), _shift(e, inserts, True), r) for s, e, r in change.rule_spans) if change is not None else ()
        spans += tuple((_shift(at, inserts, False), _shift(at, inserts, False) + len(added), RULE_ID) for at, added in inserts)
        counts = dict(change.rule_counts) if change is not None else {}
        if inserts:
            counts[RULE_ID] = counts.get(RULE_ID, 0) + len(inserts)
        updated = FileChange(
            path,
            before,
            after,
            Status.CHANGED if after != before else Status.UNCHANGED,
            reason=change.reason if change is not None else "",
            findings=tuple(sorted(set(old_findings) | set(findings), key=Finding.sort_key)),
            rule_counts=tuple(sorted(counts.items())),
            in_wave=change.in_wave if change is not None else False,
            errors_before=change.errors_before if change is not None else 0,
            errors_after=change.errors_after if change is not None else 0,
            facts=None if inserts else change.facts if change is not None else None,  # (lines moved: the checks read it again)
            notes=change.notes if change is not None else (),
            call_sites=change.call_sites if change is not None else (),
            created=change.created if change is not None else False,
            rule_spans=tuple(sorted(spans)),
        )
        if inserts:
            result.facts.pop(path, None)
        if only_mocks and inserts:
            result.mock_only.append(path)
        if change is not None:
            result.changes[by_path[path]] = updated
        else:
            result.changes.append(updated)
    result.changes.sort(key=lambda c: c.path)
    result.mock_only.sort()


def _spelled_name(path: str) -> bytes:
    """The last segment every specifier of the module at `path` ends in (its folder's for an index file)."""
    stem = posixpath.splitext(posixpath.basename(path))[0]
    return (posixpath.basename(posixpath.dirname(path)) if stem == "index" else stem).encode()


def _first_spec(call: Node) -> str:
    return next((string_value(spec) or "" for c, spec in _mock_calls(call) if c.id == call.id), "")

