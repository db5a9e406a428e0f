"""Type-aware promise checks: @typescript-eslint's no-floating-promises and no-misused-promises.

They run only when the target has them (eslint and typescript-eslint in its node_modules): nothing
is installed, nothing is fetched. The config is generated (a flat config naming only these two
rules, type information from the target's tsconfig) and written into the temporary worktree the
checks run in, never into the target. When they cannot run, the report says why.
"""
from __future__ import annotations

import json
import shlex
from dataclasses import dataclass
from pathlib import Path

from wavemod.engine.checks.checkrun import run_command

RULES = ("@typescript-eslint/no-floating-promises", "@typescript-eslint/no-misused-promises")
CONFIG_NAME = "wavemod-promises.eslint.config.mjs"
LINTED = (".ts", ".tsx", ".mts", ".cts")


@dataclass(frozen=True)
class PromiseFinding:
    path: str
    line: int
    rule: str
    message: str

    def to_json(self) -> list:
        return [self.path, self.line, self.rule, self.message]

    @classmethod
    def from_json(cls, item: list) -> "PromiseFinding":
        return cls(str(item[0]), int(item[1]), str(item[2]), str(item[3]))


def unavailable(root: Path) -> str | None:
    """Why the checks cannot run on this target, or None when they can."""
    modules = root / "node_modules"
    if not (modules / ".bin" / "eslint").exists():
        return "the target has no eslint (node_modules/.bin/eslint)"
    if not ((modules / "typescript-eslint").is_dir() or ((modules / "@typescript-eslint" / "parser").is_dir() and (modules / "@typescript-eslint" / "eslint-plugin").is_dir())):
        return "the target has no typescript-eslint (typescript-eslint, or @typescript-eslint/parser and eslint-plugin)"
    if not (root / "tsconfig.json").is_file():
        return "the target has no tsconfig.json for type information"
    return None


def _config(tree: Path) -> str:
    if (tree / "node_modules" / "typescript-eslint").is_dir():
        head = "import tseslint from 'typescript-eslint'\nconst parser = tseslint.parser\nconst plugin = tseslint.plugin\n"
    else:
        head = "import parser from '@typescript-eslint/parser'\nimport plugin from '@typescript-eslint/eslint-plugin'\n"
    rules = ", ".join(f"'{r}': 'error'" for r in RULES)
    return (
        head
        + "export default [{\n"
        + "  files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'],\n"
        + "  languageOptions: { parser, parserOptions: { project: './tsconfig.json', tsconfigRootDir: process.cwd() } },\n"
        + "  plugins: { '@typescript-eslint': plugin },\n"
        + "  linterOptions: { reportUnusedDisableDirectives: 'off' },\n"
        + f"  rules: {{ {rules} }},\n"
        + "}]\n"
    )


def run_promise_checks(tree: Path, paths: list[str]) -> list[PromiseFinding] | str:
    """The two rules' findings in `paths` of the worktree, or why they could not be read."""
    files = [p for p in paths if p.endswith(LINTED) and (tree / p).is_file()]
    if not files:
        return []
    (tree / CONFIG_NAME).write_text(_config(tree), encoding="utf-8")
    try:
        command = "node_modules/.bin/eslint --no-warn-ignored -f json -c " + CONFIG_NAME + " " + " ".join(shlex.quote(p) for p in files)
        run = run_command(command, tree, {"ESLINT_USE_FLAT_CONFIG": "true"})
    finally:
        (tree / CONFIG_NAME).unlink(missing_ok=True)
    start = run.output.find("[")
    try:
        report = json.loads(run.output[start:]) if start >= 0 else None
    except ValueError:
        report = None
    if not isinstance(report, list):
        return f"eslint did not report ({run.returncode}): " + " ".join(run.output.strip().splitlines()[-3:])[:300]
    found = []
    for item in report:
        path = str(Path(item.get("filePath", "")).resolve().relative_to(tree.resolve())) if item.get("filePath") else ""
        for message in item.get("messages", []):
            if message.get("ruleId") in RULES:
                found.append(PromiseFinding(path, int(message.get("line", 0)), message["ruleId"].rsplit("/", 1)[-1], message.get("message", "")))
    return sorted(found, key=lambda f: (f.path, f.line, f.rule))
