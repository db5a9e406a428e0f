"""The files holding a name (engine.analysis.mentions): the index answers what `needle in source`
answers for every file, file for file and in the same order, whatever the name is inside of."""
from __future__ import annotations

import pytest

from wavemod.engine.analysis import mentions
from wavemod.engine.analysis.mentions import MentionIndex, Mentions, is_word, plain_scan

FILES: dict[str, bytes | None] = {
    "app/a.ts": b"import { getUser } from '@/lib/users'\nexport const x = getUser(db, 1)\n",
    "app/b.ts": b"const user = getUserById(db, 2) // getUser? no\n",
    "app/c.ts": b"console.log('count:', countRows)\n",
    "app/d.ts": "export function z\u00e4hle(db: any) { return db.prepare('SELECT 1').get() }\n".encode(),
    "app/e.ts": b"const q = `SELECT * FROM t WHERE name = '${name}'`; ids['openCount'](db)\n",
    "app/f.ts": None,  # unreadable
    "app/g.ts": b"",
    "lib/h.ts": b"export const $store = 1; export const _under_score = $store\n",
}
PATHS = sorted(FILES)
NAMES = [b"getUser", b"getUserById", b"User", b"countRows", b"z\xc3\xa4hle", b"\xc3\xa4", b"openCount", b"name", b"$store", b"_under_score",
         b"db", b"x", b"e", b"missing", b"SELECT", b"prepare"]


def read(path: str) -> bytes | None:
    return FILES[path]


@pytest.mark.parametrize("name", NAMES)
def test_the_index_finds_the_files_a_plain_scan_finds(name: bytes) -> None:
    assert is_word(name)
    assert MentionIndex.build(PATHS, read).files_with(name) == plain_scan(PATHS, read, name)


def test_a_name_inside_a_longer_word_or_a_string_counts() -> None:
    index = MentionIndex.build(PATHS, read)
    assert index.files_with(b"getUser") == ["app/a.ts", "app/b.ts"]
    assert index.files_with(b"openCount") == ["app/e.ts"]  # inside a string
    assert index.files_with(b"missing") == []


def test_a_name_with_other_bytes_is_scanned_plainly() -> None:
    assert not is_word(b"get User") and not is_word(b"\\u0061bc") and not is_word(b"")
    found = Mentions(PATHS, read)
    found.scans = mentions.PLAIN_SCANS  # the next word name would be answered by the index
    assert found.files_with(b"(db, ") == ["app/a.ts", "app/b.ts"]
    assert found.index is None


def test_the_index_is_built_after_the_plain_scans_and_answers_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mentions, "PLAIN_SCANS", 2)
    reads: list[str] = []

    def counting(path: str) -> bytes | None:
        reads.append(path)
        return FILES[path]

    found = Mentions(PATHS, counting)
    answers = [found.files_with(name) for name in NAMES]
    assert answers == [plain_scan(PATHS, read, name) for name in NAMES]
    assert found.index is not None
    # Two plain scans, then one read of every file for the index; none after.
    assert len(reads) == 3 * len(PATHS)
