"""Markdown helpers shared by the pull-request description and the audit report."""
from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


def escape(text: str) -> str:
    """`text` shown literally in markdown: the globs of a check (`app/api/**, lib/**`) would
    otherwise turn the text between two `**` bold."""
    return _SPECIAL.sub(r"\\\1", text)
