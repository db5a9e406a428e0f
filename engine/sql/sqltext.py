"""Small text helpers shared by the SQL rewrites and checks: statements split on top-level
semicolons, a query quoted short for a message, a keyword in the original's case.

They sit below engine.sql.sqldialect and engine.sql.sqlfixes (which both use them) so neither needs the
other at import time, and below codemods.exec_statements and engine.postgres.sqlcheck (which split DDL).
"""
from __future__ import annotations

from sqlglot.tokens import Tokenizer, TokenType


def split_statements(sql: str) -> list[str]:
    """Split on top-level semicolons using sqlglot's tokenizer (quotes and comments respected)."""
    try:
        tokens = Tokenizer(dialect="sqlite").tokenize(sql)
    except Exception:
        return []
    pieces, start = [], 0
    for token in tokens:
        if token.token_type == TokenType.SEMICOLON:
            pieces.append(sql[start : token.start])
            start = token.end + 1
    pieces.append(sql[start:])
    return [p.strip() for p in pieces if p.strip()]


def short(text: str, limit: int = 70) -> str:
    """`text` on one line, cut to `limit` characters with an ellipsis (for messages)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def same_case(original: str, replacement: str) -> str:
    """`replacement` lower-cased when the keyword it replaces was written in lower case."""
    return replacement.lower() if original.islower() else replacement
