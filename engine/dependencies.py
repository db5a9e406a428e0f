"""Which repository files a set of files imports, transitively (for `include_dependencies`)."""
from __future__ import annotations

import re

from .workspace import Workspace

# A light scan is enough here: it only widens a wave's file set, and every import it finds is
# resolved through the same resolver the engine uses.
SPECIFIER = re.compile(rb"""(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)(['"])([^'"\n]+)\1""", re.M)


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
        for match in SPECIFIER.finditer(source):
            spec = match.group(2).decode("utf-8", "replace")
            target = workspace.resolver.resolve(spec, path)
            if target and target in files and target not in seen:
                seen.add(target)
                todo.append(target)
    return seen
