"""Markdown helpers shared by the pull-request description and the audit report."""
from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


def escape(text: str) -> str:
    """`text` shown literally in markdown: the globs of a check (`app/api/**, lib/**`) would
    otherwise turn the text between two `**` bold."""
    return _SPECIAL.sub(r"\\\1", text)


def count(n: int, noun: str) -> str:
    """`1 file`, `2 files`: counts in reports and commit messages read as sentences."""
    return f"{n} {noun}{'' if n == 1 else 's'}"
