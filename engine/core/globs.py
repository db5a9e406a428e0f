"""Gitignore-style path globs: `*` stays inside a path segment, `**` spans segments."""
from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=1024)
def compile_glob(pattern: str) -> re.Pattern[str]:
    out: list[str] = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(c))
            i += 1
    # A directory pattern ("app/api/auth" or "app/api/auth/") also selects everything under it.
    return re.compile("".join(out).rstrip("/") + "(?:/.*)?$")


def matches(path: str, patterns: tuple[str, ...] | list[str]) -> bool:
    return any(compile_glob(p).match(path) for p in patterns)
