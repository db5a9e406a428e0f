"""Every rule's [[rules.examples]] and every codemod's EXAMPLES must hold: a rule whose examples
disagree with its behaviour fails here. Each example is also run a second time (no change)."""
from __future__ import annotations

import pytest

from wavemod.codemods.registry import CODEMODS
from wavemod.engine.api import run_example
from wavemod.engine.core.config import Config, Example, Rule, load_config

CONFIG = load_config()


def _rule_cases() -> list:
    cases = []
    for rule in CONFIG.rules.values():
        for number, example in enumerate(rule.examples, 1):
            cases.append(pytest.param(rule, example, id=f"{rule.id}-{number}"))
    return cases


def _codemod_cases() -> list:
    cases = []
    for name, codemod in sorted(CODEMODS.items()):
        rule = next(r for r in CONFIG.rules.values() if r.codemod == name)
        for number, example in enumerate(codemod.EXAMPLES, 1):
            cases.append(pytest.param(rule, example, id=f"codemod-{name}-{number}"))
    return cases


def _companions(rule: Rule, config: Config) -> list[Rule]:
    """An example runs with the rules of its own rule file (e.g. prepare-call with propagation)."""
    return [r for r in config.rules.values() if r.source == rule.source]


def _check(rule: Rule, example: Example) -> None:
    rules = _companions(rule, CONFIG)
    before, after = example.before.lstrip("\n"), example.after.lstrip("\n")
    context = dict(example.context)
    got = run_example({**context, example.path: before}, rules, CONFIG)[example.path]
    assert got == after, f"{rule.where}: example output differs"
    again = run_example({**context, example.path: got}, rules, CONFIG)[example.path]
    assert again == got, f"{rule.where}: second run changed the example output"


@pytest.mark.parametrize(("rule", "example"), _rule_cases())
def test_rule_example(rule: Rule, example: Example) -> None:
    _check(rule, example)


@pytest.mark.parametrize(("rule", "example"), _codemod_cases())
def test_codemod_example(rule: Rule, example: Example) -> None:
    _check(rule, example)


def test_every_codemod_has_an_example() -> None:
    assert all(codemod.EXAMPLES for codemod in CODEMODS.values())
