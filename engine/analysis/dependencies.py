"""Which repository files a set of files imports, transitively (for `include_dependencies`)."""
from __future__ import annotations

import re
from collections.abc import Iterator

from wavemod.engine.core.workspace import ModuleResolver, Workspace

# A light scan is enough here: it only widens a wave's file set, and every import it finds is
# resolved through the same resolver the engine uses.
# Between a keyword and its specifier there may be comments (`from /* the SQLite side */ '...'`), and
# import()/require() may take a template literal without substitutions: the tree sees those too.
_GAP = rb"(?:\s|/\*[\s\S]*?\*/|//[^\n]*\n)*"
SPECIFIER = re.compile(
    rb"(?:\bfrom" + _GAP + rb"|\bimport" + _GAP + rb"\(" + _GAP + rb"|\brequire" + _GAP + rb"\(" + _GAP + rb"|^\s*import\s+)"
    rb"""(?P<quote>['"`])(?P<spec>(?:(?!\$\{)[^'"`\n])+)(?P=quote)""",
    re.M,
)
KEYWORDS = (b"from", b"import", b"require")
WHITESPACE = b" \t\n\r\f\v"  # `\s` of a bytes pattern


def _starts(source: bytes) -> list[int]:
    """Every offset where a SPECIFIER match can begin: at a keyword, or at a line start followed by
    nothing but whitespace up to `import`."""
    starts: list[int] = []
    for keyword in KEYWORDS:
        at = source.find(keyword)
        while at != -1:
            starts.append(at)
            if keyword == b"import":
                line = at
                while line > 0 and source[line - 1] in WHITESPACE:
                    line -= 1
                    if source[line - 1 : line] == b"\n" or line == 0:
                        starts.append(line)
            at = source.find(keyword, at + 1)
    return sorted(set(starts))


def specifier_matches(source: bytes) -> Iterator[re.Match[bytes]]:
    """The matches of `SPECIFIER.finditer(source)`, trying the pattern only where one can begin
    (a regex scan tries every offset and is slow: a repository is megabytes of source)."""
    end = 0
    for start in _starts(source):
        if start < end:
            continue  # inside the previous match, as finditer continues after it
        match = SPECIFIER.match(source, start)
        if match is not None:
            end = match.end()
            yield match


def imports_of(path: str, source: bytes, resolver: ModuleResolver) -> list[tuple[str, str, int]]:
    """(specifier, resolved repository path or the specifier itself, line) of every import the
    scan finds in `source`."""
    out = []
    for match in specifier_matches(source):
        spec = match.group(2).decode("utf-8", "replace")
        out.append((spec, resolver.resolve(spec, path) or spec, source.count(b"\n", 0, match.start()) + 1))
    return out


def imported_closure(workspace: Workspace, start: set[str]) -> set[str]:
    seen = set(start)
    todo = list(start)
    files = set(workspace.files)
    while todo:
        path = todo.pop()
        try:
            source = workspace.read(path)
        except OSError:
            continue
        for _, target, _ in imports_of(path, source, workspace.resolver):
            if target in files and target not in seen:
                seen.add(target)
                todo.append(target)
    return seen
