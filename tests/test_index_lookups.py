"""The fast lookups of the per-pass analysis agree with the plain definitions they replace."""
from __future__ import annotations

import random

from engine.dependencies import SPECIFIER, specifier_matches


def test_specifier_matches_are_exactly_the_regex_scan() -> None:
    sources = [
        b"import 'a'\nimport x from \"b\"\nconst c = require('c')\nawait import('d')",
        b"\n\n  \t import 'side-effect'\r\nimport\n'next-line'",
        b"from 'a from 'b'",  # the second `from` is inside the first match
        b"ximport('a') reimport 'b' require ( 'c' ) fromage 'd'",
    ]
    rng = random.Random(7)
    pieces = [b"from", b"import", b"require", b"(", b" ", b"\n", b"\r", b"\t", b"'", b'"', b"x"]
    sources += [b"".join(rng.choice(pieces) for _ in range(rng.randint(1, 12))) for _ in range(20000)]
    for source in sources:
        expected = [(m.start(), m.end(), m.groups()) for m in SPECIFIER.finditer(source)]
        assert [(m.start(), m.end(), m.groups()) for m in specifier_matches(source)] == expected, source
