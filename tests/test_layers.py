"""Imports point one way between the layers of docs/architecture.md, and no module imports itself
back through others.

Every module of engine/ and codemods/ is read with `ast` (nothing is imported) and every import of
a project module is checked, wherever it stands: at the top, inside a function (a late import is
still a dependency) or under `if TYPE_CHECKING:` (a type from a higher layer is too). Rules:

- each module belongs to a layer: a folder of engine/ named in RANKS, engine/api.py,
  engine/cli.py, or codemods/;
- a module imports only from its own folder or from a lower rank; two folders of the same rank
  (run and output, postgres and commands) do not import each other;
- the imports that run (all but the `TYPE_CHECKING` ones) form no circle, inside a folder too;
- nothing imports the bare `engine` or `codemods` names: the installed package is `wavemod`,
  and the same file imported under two names would be two modules.
"""
from __future__ import annotations

import ast
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "wavemod"
FOLDERS = ("engine", "codemods")  # top-level folders, installed as wavemod.engine and wavemod.codemods
# Lowest first. Folders of engine/ by name; "api" and "cli" are engine/api.py and engine/cli.py.
RANKS: dict[str, int] = {
    "core": 0,
    "sql": 1,
    "analysis": 2,
    "codemods": 3,
    "checks": 4,
    "run": 5,
    "output": 5,
    "api": 6,
    "postgres": 7,
    "commands": 7,
    "git": 8,
    "cli": 9,
}


@dataclass(frozen=True)
class Import:
    source: str  # importing module (dotted)
    target: str  # imported project module or package (dotted)
    where: str  # path:line
    type_only: bool  # under `if TYPE_CHECKING:` (never runs)


def modules(root: Path) -> dict[str, Path]:
    """Dotted installed name -> file, for every module and package of the project under `root`."""
    found: dict[str, Path] = {}
    for folder in FOLDERS:
        for path in sorted((root / folder).rglob("*.py")):
            parts = [PACKAGE, *path.relative_to(root).with_suffix("").parts]
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def imports(root: Path, known: dict[str, Path]) -> list[Import]:
    """Every import of a project module by a project module."""
    out: list[Import] = []
    for name, path in known.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]

        def visit(node: ast.AST, type_only: bool) -> None:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.If) and _type_checking(child):
                    for stmt in child.body:
                        visit_one(stmt, True)
                    for stmt in child.orelse:
                        visit_one(stmt, type_only)
                else:
                    visit_one(child, type_only)

        def visit_one(node: ast.AST, type_only: bool) -> None:
            where = f"{path.relative_to(root)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Import):
                for alias in node.names:
                    out.append(Import(name, alias.name, where, type_only))
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")
                    base = base[: len(base) - (node.level - 1)]
                    module = ".".join(base + ([node.module] if node.module else []))
                else:
                    module = node.module or ""
                for alias in node.names:
                    full = f"{module}.{alias.name}"
                    out.append(Import(name, full if full in known else module, where, type_only))
            visit(node, type_only)

        visit(ast.parse(path.read_text(encoding="utf-8"), str(path)), False)
    roots = {PACKAGE, *FOLDERS}
    return [i for i in out if i.target.split(".")[0] in roots]


def layer_of(name: str) -> str | None:
    """The layer of a dotted project module; None for one outside every layer."""
    parts = name.split(".")
    if parts[:2] == [PACKAGE, "codemods"]:
        return "codemods"
    if parts[:2] != [PACKAGE, "engine"] or len(parts) < 3:
        return None
    return parts[2] if parts[2] in RANKS and parts[2] != "codemods" else None


def problems(root: Path) -> list[str]:
    """What breaks the rules in the project under `root` (empty: the layers hold)."""
    known = modules(root)
    found: list[str] = []
    for name, path in known.items():
        if name not in {PACKAGE + "." + f for f in FOLDERS} and layer_of(name) is None:
            found.append(f"{path.relative_to(root)}: in no layer (put it in a folder of engine/ named in RANKS)")
    edges = imports(root, known)
    for edge in edges:
        if edge.target.split(".")[0] in FOLDERS:
            found.append(f"{edge.where}: imports `{edge.target}` by its bare name: say `{PACKAGE}.{edge.target}`")
            continue
        if edge.target in {PACKAGE, f"{PACKAGE}.engine", f"{PACKAGE}.codemods"}:
            continue  # the package itself holds nothing
        if edge.target not in known:
            found.append(f"{edge.where}: imports `{edge.target}`, which is no module of the project")
            continue
        mine, theirs = layer_of(edge.source), layer_of(edge.target)
        if mine is None or theirs is None or mine == theirs:
            continue
        if RANKS[theirs] > RANKS[mine]:
            found.append(f"{edge.where}: {mine} imports {theirs} (`{edge.target}`), a layer above it")
        elif RANKS[theirs] == RANKS[mine]:
            found.append(f"{edge.where}: {mine} imports {theirs} (`{edge.target}`), a layer beside it")
    found.extend(circles(edges))
    return found


def circles(edges: list[Import]) -> list[str]:
    """Each circle of imports that run, as one message (strongly connected components)."""
    graph: dict[str, set[str]] = {}
    for edge in edges:
        if not edge.type_only and edge.source != edge.target:
            graph.setdefault(edge.source, set()).add(edge.target)
            graph.setdefault(edge.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[str] = []

    def connect(node: str) -> None:  # Tarjan; the graph has a few hundred edges
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                out.append("import circle: " + " <-> ".join(sorted(component)))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return out


def test_the_project_imports_only_downward_and_in_no_circle() -> None:
    assert problems(ROOT) == []


def test_every_layer_folder_is_installed() -> None:
    """A folder missing from pyproject's packages would be left out of a normal (not editable) install."""
    packages = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    folders = {f"{PACKAGE}.{'.'.join(p.parent.relative_to(ROOT).parts)}" for folder in FOLDERS for p in (ROOT / folder).rglob("__init__.py")}
    assert folders - packages == set()


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in {"engine/__init__.py": "", "codemods/__init__.py": "", **files}.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path


LEGAL = {
    "engine/core/__init__.py": "",
    "engine/core/syntax.py": "def text(node):\n    return node\n",
    "engine/run/__init__.py": "",
    "engine/run/runner.py": "from wavemod.engine.core.syntax import text\nfrom wavemod.codemods.base import Codemod\n",
    "engine/output/__init__.py": "",
    "engine/output/report.py": "from ..core import syntax\n",
    "codemods/base.py": "from wavemod.engine.core.syntax import text\nclass Codemod: ...\n",
    "engine/cli.py": "def main():\n    from wavemod.engine.run.runner import text\n",
}


def test_a_tree_whose_imports_point_down_passes(tmp_path: Path) -> None:
    assert problems(_tree(tmp_path, LEGAL)) == []


@pytest.mark.parametrize(
    ("module", "added", "message"),
    [
        # The upward import the layers forbid, at the top, late, and for a type only.
        ("engine/core/syntax.py", "from wavemod.engine.run.runner import text\n", "core imports run (`wavemod.engine.run.runner`), a layer above it"),
        ("engine/core/syntax.py", "def f():\n    from wavemod.engine.run import runner\n", "core imports run"),
        ("engine/core/syntax.py", "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from wavemod.codemods.base import Codemod\n", "core imports codemods"),
        ("engine/core/syntax.py", "from ..run.runner import text\n", "core imports run"),
        ("engine/run/runner.py", "from wavemod.engine.output import report\n", "run imports output (`wavemod.engine.output.report`), a layer beside it"),
        ("engine/run/runner.py", "from engine.core.syntax import text\n", "by its bare name"),
        ("engine/loose.py", "", "engine/loose.py: in no layer"),
    ],
)
def test_an_upward_import_fails(tmp_path: Path, module: str, added: str, message: str) -> None:
    files = dict(LEGAL)
    files[module] = files.get(module, "") + added
    found = problems(_tree(tmp_path, files))
    assert found and message in found[0], found  # (an upward import usually closes a circle too: listed after it)


def test_a_circle_fails_even_inside_a_layer_unless_it_is_types_only(tmp_path: Path) -> None:
    files = dict(LEGAL)
    files["engine/core/edits.py"] = "from wavemod.engine.core import syntax\n"
    files["engine/core/syntax.py"] += "def g():\n    from wavemod.engine.core.edits import syntax\n"  # a late import dodging the circle
    assert problems(_tree(tmp_path, files)) == ["import circle: wavemod.engine.core.edits <-> wavemod.engine.core.syntax"]

    files["engine/core/syntax.py"] = LEGAL["engine/core/syntax.py"] + "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from wavemod.engine.core.edits import syntax\n"
    assert problems(_tree(tmp_path / "types", files)) == []
