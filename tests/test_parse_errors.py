"""Parse errors compared as sites (engine.analysis.parse_errors): tree-sitter's own misparses carried along
by a rewrite do not fail a file; an error the rewrite creates does."""
from __future__ import annotations

from pathlib import Path

from wavemod.engine.api import run_project
from wavemod.engine.core.config import load_config
from wavemod.engine.core.edits import Segment, apply, kept_segments
from wavemod.engine.core.languages import count_errors, parse
from wavemod.engine.analysis.parse_errors import added_errors, error_sites, new_errors
from wavemod.engine.core.types import Edit, Status

# Valid TypeScript that tree-sitter-typescript misparses: after a newline, `in_progress` reads as
# the `in` operator continuing the line before.
MISPARSED = b"const row = load() as {\n  total: number\n  in_progress: number }; log(row)\n"


def _sites(text: bytes):
    return error_sites(parse(text, "typescript").root_node, text)


def test_kept_segments_map_old_offsets_through_the_edits() -> None:
    edits = [Edit(2, 2, b"XYZ", "r"), Edit(5, 7, b"", "r")]
    assert kept_segments(10, edits) == [Segment(0, 0, 2), Segment(2, 5, 3), Segment(7, 8, 3)]
    source = b"0123456789"
    out = apply(source, edits)
    for seg in kept_segments(len(source), edits):
        assert out[seg.new : seg.new + seg.length] == source[seg.old : seg.old + seg.length]


def test_an_error_in_kept_text_is_the_old_one_though_its_line_changed() -> None:
    assert count_errors(parse(MISPARSED, "typescript").root_node) == 1
    at = MISPARSED.index(b"log(row)")
    edits = [Edit(at, at, b"await ", "r")]  # on the error's own line: its line text is not the same
    out = apply(MISPARSED, edits)
    before, after = _sites(MISPARSED), _sites(out)
    assert len(after) == 1 and after[0].context != before[0].context
    assert new_errors(before, after, kept_segments(len(MISPARSED), edits)) == []
    assert added_errors(MISPARSED, out, "typescript") == []  # the diff finds the same kept text


def test_an_error_copied_with_moved_text_is_not_new_but_a_created_one_is() -> None:
    source = b"const row = load() as {\n  total: number\n  in_progress: number\n}\n"
    moved = b"const row = load<{\n  total: number\n  in_progress: number\n}>() as {\n  total: number\n  in_progress: number\n}\n"
    assert count_errors(parse(moved, "typescript").root_node) == 2
    assert added_errors(source, moved, "typescript") == []
    broken = moved.replace(b"load<{", b"load(<{")
    created = added_errors(source, broken, "typescript")
    assert created and created[0].line == 1


def test_a_genuinely_new_error_still_fails_a_file_that_already_had_one(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "custom.toml").write_text('[[rules]]\nid = "breaker"\nquery = "(return_statement) @match"\nreplace = "return ("\n')
    (tmp_path / "waves.toml").write_text('[[waves]]\nid = "w"\nbranch = "wavemod/w"\nrules = ["rules/custom.toml"]\n')
    config = load_config(tmp_path / "waves.toml")
    source = MISPARSED + b"export function f() {\n  return 1\n}\n"
    result = run_project({"lib/f.ts": source}, list(config.rules.values()), config)
    change = next(c for c in result.changes if c.path == "lib/f.ts")
    assert change.status is Status.FAILED and change.after == source
    assert "breaker" in change.reason and "new at line 5" in change.reason, change.reason


def test_code_rewritten_inside_an_error_region_keeps_its_errors_but_breaking_it_does_not() -> None:
    # tree-sitter makes the whole function one ERROR, with the statements it could read inside.
    source = b"export function f() {\n  const x = load(1,\n  if (x) { return run(x) }\n}\n"
    at = source.index(b"run(x)")

    def created(replacement: bytes) -> list:
        edits = [Edit(at, at + len(b"run(x)"), replacement, "r")]
        return new_errors(_sites(source), _sites(apply(source, edits)), kept_segments(len(source), edits))

    assert len(_sites(source)) == 3
    assert created(b"await run(x)") == []  # the nested `run` error reads `await run` now: same region, same count
    broken = created(b"run(x(")  # as many errors as before, but the region no longer ends where it did
    assert broken and broken[0].start == 0
