"""How module specifiers resolve from tsconfig.json, including its `extends` chain."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from wavemod.engine.core.errors import RepoError
from wavemod.engine.core.workspace import ModuleResolver

FILES = frozenset({"src/lib/db/connection.ts", "src/app/page.ts", "lib/db/connection.ts"})


def write(root: Path, files: dict[str, object]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content if isinstance(content, str) else json.dumps(content))
    return root


def test_paths_inherited_from_a_relative_extends_are_relative_to_the_file_that_sets_them(tmp_path: Path) -> None:
    root = write(tmp_path, {
        "tsconfig.json": '{ "extends": "./config/base", /* comments are allowed */ "compilerOptions": { "strict": true } }',
        "config/base.json": {"compilerOptions": {"paths": {"@/*": ["../src/*"]}}},
    })
    resolver = ModuleResolver.load(root, FILES)
    assert resolver.resolve("@/lib/db/connection", "src/app/page.ts") == "src/lib/db/connection.ts"


def test_a_base_url_from_a_package_applies_to_the_paths_the_project_sets(tmp_path: Path) -> None:
    root = write(tmp_path, {
        "tsconfig.json": {"extends": ["@acme/tsconfig", "./tsconfig.paths.json"]},
        "node_modules/@acme/tsconfig/tsconfig.json": {"compilerOptions": {"baseUrl": "../../..", "paths": {"@/*": ["nowhere/*"]}}},
        "tsconfig.paths.json": {"compilerOptions": {"paths": {"@/*": ["src/*"]}}},  # the later entry wins
    })
    resolver = ModuleResolver.load(root, FILES)
    assert resolver.resolve("@/lib/db/connection", "src/app/page.ts") == "src/lib/db/connection.ts"
    assert resolver.resolve("lib/db/connection", "src/app/page.ts") == "lib/db/connection.ts"  # through baseUrl


def test_the_project_file_overrides_what_it_extends(tmp_path: Path) -> None:
    root = write(tmp_path, {
        "tsconfig.json": {"extends": "./base.json", "compilerOptions": {"baseUrl": ".", "paths": {"@/*": ["./*"]}}},
        "base.json": {"compilerOptions": {"baseUrl": "src", "paths": {"@/*": ["./*"]}}},
    })
    assert ModuleResolver.load(root, FILES).resolve("@/lib/db/connection", "x.ts") == "lib/db/connection.ts"


@pytest.mark.parametrize(
    "files, message",
    [
        ({"tsconfig.json": {"extends": "./missing.json"}}, "tsconfig.json extends './missing.json', which is not found"),
        ({"tsconfig.json": {"extends": "@acme/tsconfig"}}, "tsconfig.json extends '@acme/tsconfig', which is not found"),
        ({"tsconfig.json": {"extends": "./a.json"}, "a.json": {"extends": "./tsconfig.json"}}, "tsconfig.json extends itself through tsconfig.json -> a.json"),
        ({"tsconfig.json": {"extends": "./a.json"}, "a.json": "{ not json"}, "a.json is not valid JSON"),
    ],
)
def test_a_broken_extends_chain_is_a_located_error(tmp_path: Path, files: dict[str, object], message: str) -> None:
    root = write(tmp_path, files)
    with pytest.raises(RepoError) as caught:
        ModuleResolver.load(root, FILES)
    assert message in caught.value.message and caught.value.path is not None and caught.value.hint
