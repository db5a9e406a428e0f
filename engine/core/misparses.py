"""Valid TypeScript that tree-sitter-typescript misreads, masked before parsing.

Some constructs make the grammar's error recovery swallow far more than themselves: a
`typeof import('m')` type argument in a call (`importOriginal<typeof import('m')>()`, how vitest
mocks are written) can turn a whole test file into one ERROR node, its imports included, so
nothing in the file is seen as calling anything. Parsing a masked copy instead, where each such
`import('m')` is an identifier of the same length (`typeof _wm3fa2...`, a valid type query), keeps
every byte offset and every other token as they are. Masks are unique tokens registered here, and
`unmask` turns any of them that an edit copied out of the masked tree back into the original text,
so a mask never reaches a written file.
"""
from __future__ import annotations

import hashlib
import re

_TYPEOF_IMPORT = re.compile(rb"""\btypeof\s+(import\s*\(\s*(['"])[^'"\n]*\2\s*\))""")
_MASK = re.compile(rb"_wm[0-9a-f]{7,}_*")
_ORIGINALS: dict[bytes, bytes] = {}  # mask -> the text it stands for (same length)


def _mask_for(original: bytes) -> bytes:
    digest = hashlib.sha1(original).hexdigest().encode()
    token = (b"_wm" + digest)[: len(original)]
    return token + b"_" * (len(original) - len(token))


def mask(source: bytes) -> bytes:
    """`source` with each misread construct replaced by a same-length identifier."""
    if b"typeof" not in source:
        return source

    def replace(match: re.Match[bytes]) -> bytes:
        original = match.group(1)
        token = _mask_for(original)
        _ORIGINALS.setdefault(token, original)
        start = match.start(1) - match.start(0)
        return match.group(0)[:start] + token

    return _TYPEOF_IMPORT.sub(replace, source)


def unmask(text: bytes) -> bytes:
    """`text` with every registered mask put back to what it stands for."""
    if b"_wm" not in text or not _ORIGINALS:
        return text
    return _MASK.sub(lambda m: _ORIGINALS.get(m.group(0), m.group(0)), text)
