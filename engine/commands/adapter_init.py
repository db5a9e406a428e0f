"""`wavemod init adapter`: write the async adapter module the waves call, into a target that has none.

The module goes to the file `[project] adapter_module` names once the target's tsconfig `paths` map
it (`@/lib/db/adapter` with `@/*` -> `./src/*` is `src/lib/db/adapter.ts`). It is the bundled
template (engine/templates/adapter.ts) with two lines filled in: where the application's
better-sqlite3 connection comes from (`[project] connection_module`) and which of its exports hands
it out, read from that module's source, so that the adapter and the code not migrated yet share one
database and one connection. Everything is checked before anything is written.
"""
from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from wavemod.engine.analysis.adapter_contract import read_contract
from wavemod.engine.core.config import Config
from wavemod.engine.core.errors import ConfigError, RepoError
from wavemod.engine.core.globs import matches
from wavemod.engine.core.workspace import Workspace

TEMPLATE = "templates/adapter.ts"
# The template's lines that name the connection: replaced whole, so the template stays real
# TypeScript (it imports './connection' and calls getDatabase() as it stands).
MODULE_MARKER = "// wavemod:connection-module"
HANDLE_MARKER = "// wavemod:connection-handle"
# Used when the rules define no `sqlite` binding set to take the names from.
DEFAULT_FACTORIES = ("getDatabase", "getDb", "getConnection")
DEFAULT_VALUES = ("default", "db")
TS_EXTENSIONS = (".ts", ".tsx", ".mts", ".cts")
JS_EXTENSIONS = {".js": ".ts", ".jsx": ".tsx", ".mjs": ".mts", ".cjs": ".cts"}
# What the template imports, as (package, dev dependency?).
PACKAGES = (("pg", False), ("@types/pg", True), ("@types/better-sqlite3", True), ("@types/node", True))


@dataclass(frozen=True)
class AdapterInit:
    """What `init adapter` wrote, and what the user still has to do."""

    path: str  # the adapter, repository-relative
    connection: str  # the connection module's file
    handle: str  # how the adapter obtains the connection from it, e.g. `getDatabase()`
    overwritten: bool
    install: list[str] = field(default_factory=list)  # commands for packages package.json lacks
    excluded: bool = True  # whether [project] exclude keeps the waves out of the adapter


def _with_extension(path: str) -> str:
    """The TypeScript file a module path names: `x` -> `x.ts`, `x.js` -> `x.ts` (as TS maps it)."""
    stem, ext = posixpath.splitext(path)
    if ext in TS_EXTENSIONS:
        return path
    if ext in JS_EXTENSIONS:
        return stem + JS_EXTENSIONS[ext]
    return path + ".ts"


def adapter_file(module: str, workspace: Workspace) -> str:
    """The repository path `module` names, whether or not the file exists yet.

    An existing file is found the way imports are resolved (an index file included); a new one
    goes where the first matching tsconfig `paths` target puts it."""
    resolver = workspace.resolver
    existing = resolver.resolve(module, "_.ts")
    if existing is not None:
        return existing
    candidate = resolver.mapped(module, workspace.root)
    tsconfig = workspace.root / "tsconfig.json"
    if candidate is None:
        raise ConfigError(
            f"the adapter module {module} does not map to a file of the target: "
            + (f"no `paths` entry of {tsconfig.name} matches it" if tsconfig.exists() else f"the target has no {tsconfig.name} with `paths`"),
            hint=f"add a `paths` entry to compilerOptions in {tsconfig} (e.g. \"@/*\": [\"./src/*\"]), "
            "or set [project] adapter_module in waves.toml to a specifier that maps to the target, e.g. @/lib/db/adapter",
            path=tsconfig if tsconfig.exists() else None,
        )
    path = posixpath.normpath(_with_extension(candidate))
    if path.startswith("../") or path == ".." or "node_modules/" in path or path.startswith("/"):
        raise ConfigError(
            f"the adapter module {module} maps to {path}, outside the target's own sources",
            hint="set [project] adapter_module in waves.toml to a module under the application's source directory",
            path=tsconfig if tsconfig.exists() else None,
        )
    return path


def connection_handle(config: Config, workspace: Workspace) -> tuple[str, str]:
    """The connection module's file and the expression (on its namespace) that yields the
    application's better-sqlite3 Database: a factory call, a default export, or an exported value."""
    module = config.connection_module
    known = workspace.resolver.files

    def read(path: str) -> bytes | None:
        return workspace.read(path) if path in known and (workspace.root / path).is_file() else None

    contract = read_contract(module, workspace.resolver, read, "")
    if contract is None:
        raise ConfigError(
            f"the connection module {module} does not exist in the target",
            hint="set [project] connection_module in waves.toml to the module that opens the better-sqlite3 database "
            "(e.g. @/lib/db); the adapter shares that connection",
            path=config.path,
        )
    bindings = config.bindings.get("sqlite")
    factories = bindings.factories if bindings and bindings.factories else DEFAULT_FACTORIES
    values = bindings.values if bindings and bindings.values else DEFAULT_VALUES
    for name in factories:
        # A factory is called by its name's promise even when its declaration cannot be read
        # (`export const getDb = memoize(...)`).
        if contract.exported(name):
            return contract.path, f"{name}()"
    for name in values:
        if contract.exported(name):
            return contract.path, f"{name}()" if contract.signature(name) is not None else name
    raise ConfigError(
        f"the connection module {module} exports no better-sqlite3 connection for the adapter to share: no factory "
        f"({', '.join(factories)}) and no connection value ({', '.join(values)}); it exports: {contract.listing()}",
        hint="export a function that returns the application's better-sqlite3 Database (e.g. `export function getDatabase()`), "
        "or add the name of yours to `factories` of [bindings.sqlite] in the rule file, "
        "or point [project] connection_module at the module that opens the database",
        path=contract.path,
    )


def import_specifier(from_file: str, to_file: str) -> str:
    """A relative specifier from one repository file to another, without its extension: it needs
    no tsconfig `paths`, so the adapter loads the same way under any runner. (`../db`, not `.`,
    for `src/lib/db.ts` seen from `src/lib/db/`: the path is made before the extension goes.)"""
    relative = posixpath.relpath(to_file, posixpath.dirname(from_file) or ".")
    stem, ext = posixpath.splitext(relative)
    if ext in TS_EXTENSIONS or ext in JS_EXTENSIONS:
        relative = stem
    return relative if relative.startswith("../") else "./" + relative


def render(specifier: str, handle: str) -> str:
    """The template with the connection filled in."""
    template = files("wavemod.engine").joinpath(TEMPLATE).read_text(encoding="utf-8")
    lines = template.splitlines(keepends=True)
    marked = [i for i, line in enumerate(lines) if MODULE_MARKER in line or HANDLE_MARKER in line]
    assert len(marked) == 2, f"{TEMPLATE} must have one line each marked {MODULE_MARKER} and {HANDLE_MARKER}"
    for i in marked:
        indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
        if MODULE_MARKER in lines[i]:
            lines[i] = f"{indent}const connection = await import('{specifier}'); // [project] connection_module\n"
        else:
            lines[i] = f"{indent}return connection.{handle};\n"
    return "".join(lines)


def _install_commands(root: Path) -> list[str]:
    """Commands that add the packages the adapter imports and package.json does not declare."""
    manifest = root / "package.json"
    declared: set[str] = set()
    if manifest.is_file():
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise RepoError(f"package.json is not valid JSON: {exc}", hint="fix package.json", path=manifest) from exc
        for section in ("dependencies", "devDependencies", "peerDependencies", "optionalDependencies"):
            if isinstance(data.get(section), dict):
                declared.update(data[section])
    tool = "pnpm add" if (root / "pnpm-lock.yaml").exists() else "yarn add" if (root / "yarn.lock").exists() else "npm install"
    runtime = [name for name, dev in PACKAGES if not dev and name not in declared]
    dev = [name for name, is_dev in PACKAGES if is_dev and name not in declared]
    return ([f"{tool} {' '.join(runtime)}"] if runtime else []) + ([f"{tool} -D {' '.join(dev)}"] if dev else [])


def init_adapter(repo: Path, config: Config, force: bool = False) -> AdapterInit:
    """Write the adapter module into the target. Refuses to replace an existing file unless `force`."""
    workspace = Workspace.open(repo)
    path = adapter_file(config.adapter_module, workspace)
    target = workspace.root / path
    exists = target.exists() or target.is_symlink()
    if exists and not force:
        tracked = path in workspace.resolver.files
        raise RepoError(
            f"the adapter module {config.adapter_module} already exists" + ("" if tracked else ", not committed yet"),
            hint=("keep it (the waves read its helpers from it)" if tracked else "commit it: the waves read committed files only")
            + ", or pass --force to replace it with the template",
            path=path,
        )
    if target.is_dir():
        raise RepoError(f"{path} is a directory", hint="set [project] adapter_module in waves.toml to a module file", path=path)
    connection, handle = connection_handle(config, workspace)
    text = render(import_specifier(path, connection), handle)
    install = _install_commands(workspace.root)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_symlink():
        target.unlink()  # --force replaces the link itself, never the file it points to
    target.write_text(text, encoding="utf-8", newline="\n")
    return AdapterInit(path, connection, handle, exists, install, matches(path, config.exclude))
