"""The shortcuts the engine takes for speed give exactly what the plain way gives: incremental
re-parsing, the cross-file phase's first pass restricted to project-aware codemods, and worker
processes with the project index pickled to them."""
from __future__ import annotations

import random
import tempfile
from pathlib import Path

import pytest

import engine.runner as runner
import engine.workers as workers
from engine.api import plan_wave
from engine.config import Config
from engine.languages import parse, reparse
from engine.types import WaveResult
from engine.workers import rewrite_view
from tests.conftest import EXAMPLE


def _shape(tree) -> list[tuple[str, int, int, tuple[int, int], tuple[int, int]]]:
    """Every node of the tree with its byte range and points, in document order."""
    out = []
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        out.append((node.type, node.start_byte, node.end_byte, tuple(node.start_point), tuple(node.end_point)))
        stack.extend(reversed(node.children))
    return out


SPLICES = [b"await ", b"async ", b"", b"(await x)", b"\n  const y = 1\n", b"\r\n", b"// \xc3\xa9t\xc3\xa9\n"]


@pytest.mark.parametrize("seed", range(12))
def test_an_incremental_reparse_gives_the_tree_of_a_full_parse(seed: int) -> None:
    rng = random.Random(seed)
    sources = sorted(EXAMPLE.rglob("*.ts"))
    source = rng.choice(sources).read_bytes()
    tree = parse(source, "typescript")
    # Non-overlapping splices at token boundaries of the original: what rewrite passes produce.
    leaves = sorted({n.start_byte for n in (tree.root_node.descendant_for_byte_range(o, o) for o in rng.sample(range(len(source)), 40)) if n is not None})
    chosen = sorted(rng.sample(leaves, min(6, len(leaves))))
    splices = []
    for start in chosen:
        end = start if rng.random() < 0.6 else min(len(source), start + rng.randint(1, 4))
        if splices and start < splices[-1][1]:
            continue
        splices.append((start, end, rng.choice(SPLICES)))
    new = bytearray(source)
    for start, end, text in reversed(splices):
        new[start:end] = text
    incremental = reparse(tree, source, bytes(new), splices, "typescript")
    assert _shape(incremental) == _shape(parse(bytes(new), "typescript"))


def _digest(result: WaveResult) -> list[tuple]:
    return [(c.path, c.status, c.after, c.findings, c.rule_counts, c.notes, c.call_sites) for c in sorted(result.changes, key=lambda c: c.path)] + [
        tuple(result.async_functions),
        (result.awaited_calls,),
    ]


def test_the_restricted_first_cross_file_pass_changes_nothing_in_the_outcome(example_repo: Path, config: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = plan_wave(example_repo, "wave-2", config, workers=1)
    plain_rules = runner._run_rules
    monkeypatch.setattr(runner, "_run_rules", lambda ctx, rules, in_wave, project_only=False: plain_rules(ctx, rules, in_wave))
    plain = plan_wave(example_repo, "wave-2", config, workers=1)
    assert _digest(fast) == _digest(plain)
    assert fast.async_functions and any(c.changed for c in fast.changes)


def test_workers_with_the_pickled_project_view_give_the_single_process_result(
    example_repo: Path, config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inline = plan_wave(example_repo, "wave-1", config, workers=1)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    written: list[object] = []
    monkeypatch.setattr(workers, "rewrite_view", lambda project: written.append(project) or rewrite_view(project))
    pooled = plan_wave(example_repo, "wave-1", config, workers=2)
    assert _digest(pooled) == _digest(inline)
    assert len(written) == 1  # the cross-file phase went through the pool, with the pickled view
    assert list(scratch.iterdir()) == []  # and the pickle is gone afterwards


def test_asking_the_index_for_a_node_type_it_does_not_collect_is_an_error() -> None:
    from engine.bindings import FileIndex
    from engine.workspace import ModuleResolver

    index = FileIndex("a.ts", parse(b"function f() { return 1 }\n", "typescript"), ModuleResolver(frozenset({"a.ts"}), "", {}))
    assert [n.type for n in index.nodes("function_declaration")] == ["function_declaration"]
    assert index.nodes("await_expression") == []
    with pytest.raises(ValueError, match="return_statement"):
        index.nodes("return_statement")
    with pytest.raises(ValueError, match="return_statement"):
        index.nodes("call_expression", "return_statement")
