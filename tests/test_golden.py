"""Golden cases: tests/golden/<case>/{input,expected}/ plus case.toml.

case.toml keys:
  description  what behaviour the case pins down
  rules        rule ids or rule files (default: the bundled rules/adapter.toml)
  targets      the wave's files (default: every input file); the rest only take propagation
  fixture      overlay the minimal project fixture under the input (default true)
  sql_target   the SQL dialect target, "portable" (default) or "postgres"
  excluded     input files the project excludes from every wave (never edited; default none)
  call_sites   {repository = N, adapter = M}: call sites rewritten to each (when given)
  [[findings]] path, line, rule, contains: the findings that must be reported, exactly

A module the run creates (a swap to a module the target lacks) is in expected/ and not in input/;
one it deletes is in input/ and not in expected/.

A repository rule file at the configured path (wavemod/repositories.toml) among the inputs is
used the way a wave with `repositories = true` uses it.

Every case compares whole files (expected/ holds every input file), runs a second time on its own
output (nothing may change) and checks that no output has more parse errors than its input.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from wavemod.engine.api import run_project
from wavemod.engine.core.config import load_config
from wavemod.engine.core.languages import language_for
from wavemod.engine.analysis.parse_errors import added_errors

GOLDEN = Path(__file__).parent / "golden"
CONFIG = load_config()


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _rules(spec: list[str]):
    ids: list[str] = []
    for ref in spec:
        name = ref.removeprefix("rules/").removesuffix(".toml")
        if ref in CONFIG.rules:
            ids.append(ref)
        else:
            matched = [r.id for r in CONFIG.rules.values() if r.source.stem == name]
            assert matched, f"unknown rule or rule file {ref}"
            ids.extend(matched)
    return [CONFIG.rules[i] for i in dict.fromkeys(ids)]


CASES = sorted(p for p in GOLDEN.iterdir() if (p / "case.toml").exists()) if GOLDEN.exists() else []


def test_golden_cases_exist() -> None:
    assert len(CASES) >= 10


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden(case: Path) -> None:
    spec = tomllib.loads((case / "case.toml").read_text())
    inputs = _files(case / "input")
    expected = _files(case / "expected")
    rules = _rules(spec.get("rules", ["rules/adapter.toml"]))
    targets = set(spec["targets"]) if "targets" in spec else None
    fixture = spec.get("fixture", True)

    sql_target = spec.get("sql_target", "portable")
    result = run_project(inputs, rules, CONFIG, targets, fixture, sql_target, frozenset(spec.get("excluded", [])))
    created = {c.path for c in result.changes if c.created}
    deleted = {c.path for c in result.changes if c.deleted}
    outputs = {**inputs, **{c.path: c.after for c in result.changes if c.path in inputs or c.path in created}}
    for path in deleted:
        outputs.pop(path, None)  # (a module of the fixture under the input, made into a created one)
    assert not result.failed, [f"{c.path}: {c.reason}" for c in result.failed]
    assert set(expected) == set(outputs), "expected/ must hold exactly the input files, plus those the run creates, less those it deletes"
    for path in sorted(outputs):
        assert outputs[path].decode() == expected[path].decode(), f"{case.name}/{path} differs from expected"

    if "call_sites" in spec:
        assert result.call_sites() == {"repository": 0, "adapter": 0, **spec["call_sites"]}

    wanted = sorted((f["path"], f["line"], f["rule"]) for f in spec.get("findings", []))
    got = sorted((f.path, f.line, f.rule) for f in result.findings if f.path in inputs)
    assert got == wanted, [f"{f.path}:{f.line} {f.rule} [{f.kind}] {f.message}" for f in result.findings]
    for want in spec.get("findings", []):
        if "contains" in want:
            messages = [f.message for f in result.findings if (f.path, f.line, f.rule) == (want["path"], want["line"], want["rule"])]
            assert any(want["contains"] in m for m in messages), messages

    for path in outputs:
        lang = language_for(path)
        if lang:
            assert not added_errors(inputs.get(path, b""), outputs[path], lang), f"{path}: new parse errors"

    second = run_project(outputs, rules, CONFIG, targets | created if targets is not None else None, fixture, sql_target, frozenset(spec.get("excluded", [])))
    assert not [c.path for c in second.changed if c.path in outputs], "second run changed files"
