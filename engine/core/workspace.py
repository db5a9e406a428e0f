"""The target repository: which files a wave may touch, and how module specifiers resolve."""
from __future__ import annotations

import os
import posixpath
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import git
import json5

from wavemod.engine.core.errors import RepoError
from wavemod.engine.core.globs import matches
from wavemod.engine.core.languages import language_for

BACKUP_SUFFIXES = (".bak", ".backup", ".unused")
RESOLVE_EXTENSIONS = (".ts", ".tsx", ".d.ts", ".mts", ".cts", ".js", ".jsx")


def _kind(root: str, path: str) -> str:
    """"file", "link", "missing" or "other" (a directory, a submodule)."""
    try:
        mode = os.lstat(os.path.join(root, path)).st_mode  # (os.path: see Workspace.read)
    except FileNotFoundError:
        return "missing"
    return "link" if stat.S_ISLNK(mode) else "file" if stat.S_ISREG(mode) else "other"


def _link_target(root: Path, path: str) -> str | None:
    """The repository path a symbolic link points to, None when it points outside."""
    try:
        return (root / path).resolve().relative_to(root).as_posix()
    except (ValueError, OSError):
        return None


def open_repo(path: Path) -> git.Repo:
    path = Path(path)
    if not path.exists():
        raise RepoError(f"{path} does not exist", hint="pass --repo PATH of a git repository")
    if not path.is_dir():
        raise RepoError(f"{path} is a file, not a directory", hint="pass --repo the directory at the top of the git repository")
    try:
        repo = git.Repo(path, search_parent_directories=False)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError) as exc:
        top = _enclosing_top(path)
        if top is not None:
            # Globs, tsconfig paths and branches are all relative to the repository's top.
            raise RepoError(
                f"{path} is inside the git repository {top}, not at its top",
                hint=f"run wavemod in {top} or pass --repo {top} (an application in a subdirectory of a larger repository is not supported)",
            ) from exc
        raise RepoError(f"{path} is not a git repository", hint="run wavemod at the top of the target repository, or `git init` it first") from exc
    if repo.bare:
        raise RepoError(f"{path} is a bare repository", hint="use a checkout with a working tree")
    return repo


def _enclosing_top(path: Path) -> Path | None:
    """The top of the repository `path` lies inside, if any (and it has a working tree)."""
    try:
        top = git.Repo(path, search_parent_directories=True).working_tree_dir
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None
    return Path(top) if top else None


def is_source(path: str) -> bool:
    """TS/JS sources the engine may parse: never backups or vendored dependencies."""
    if path.endswith(BACKUP_SUFFIXES) or "node_modules/" in path or path.startswith("node_modules"):
        return False
    return language_for(path) is not None and not path.endswith(".d.ts")


def _read_tsconfig(path: Path) -> dict:
    try:
        data = json5.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise RepoError(f"{path.name} is not valid JSON: {exc}", hint=f"fix {path.name}; wavemod reads compilerOptions.paths from it", path=path) from exc
    except OSError as exc:
        raise RepoError(f"cannot read {path.name}: {exc.strerror}", hint="check the tsconfig chain (`extends`)", path=path) from exc
    return data if isinstance(data, dict) else {}


def _extended(root: Path, config: Path, spec: str) -> Path:
    """The file an `extends` entry names: a relative path, or a package under node_modules."""
    if spec.startswith((".", "/")):
        base = (config.parent / spec).resolve()
        candidates = [base, base.with_name(base.name + ".json")]
    else:
        base = root / "node_modules" / spec
        candidates = [base, base.with_name(base.name + ".json"), base / "tsconfig.json"]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise RepoError(
        f"{config.name} extends '{spec}', which is not found",
        hint="install the project's dependencies (npm ci) when it is a package, or fix the path: the `paths` it may hold decide how imports resolve",
        path=config,
    )


def _path_options(root: Path, config: Path, chain: tuple[Path, ...]) -> tuple[dict[str, list[str]], Path | None, Path | None]:
    """`compilerOptions.paths` of a tsconfig with its `extends` chain, the `baseUrl` in force (as
    a directory) and the directory of the file that set `paths` (what they are relative to when
    no `baseUrl` is set). Later entries and the file itself override what they extend."""
    if config in chain:
        raise RepoError(f"{config.name} extends itself through {' -> '.join(p.name for p in chain)}", hint="remove the cycle from the `extends` chain", path=config)
    data = _read_tsconfig(config)
    paths: dict[str, list[str]] = {}
    base_url: Path | None = None
    paths_dir: Path | None = None
    extends = data.get("extends", [])
    for spec in [extends] if isinstance(extends, str) else list(extends):
        parent_paths, parent_base, parent_dir = _path_options(root, _extended(root, config, str(spec)), (*chain, config))
        if parent_paths:
            paths, paths_dir = parent_paths, parent_dir
        if parent_base is not None:
            base_url = parent_base
    options = data.get("compilerOptions")
    options = options if isinstance(options, dict) else {}
    if "baseUrl" in options:
        base_url = (config.parent / str(options["baseUrl"])).resolve()
    if "paths" in options:
        paths, paths_dir = dict(options["paths"]), config.parent.resolve()
    return paths, base_url, paths_dir


def is_package_path(path: str) -> bool:
    """Whether a repository path lies in an installed package (under a `node_modules` directory)."""
    return path.startswith("node_modules/") or "/node_modules/" in path


@dataclass(frozen=True)
class DiskReader:
    """Reads files under a repository's top (picklable, unlike a closure)."""

    root: str

    def __call__(self, path: str) -> bytes | None:
        try:
            with open(os.path.join(self.root, path), "rb") as handle:
                return handle.read()
        except OSError:
            return None


@dataclass
class ModuleResolver:
    """Resolves import specifiers to repository paths: relative paths, tsconfig `paths`, index files."""

    files: frozenset[str]
    base_url: str = ""
    paths: dict[str, list[str]] = field(default_factory=dict)
    # Tracked symbolic links to files of the repository: an import through one resolves to the
    # file itself, which is the source the engine reads and rewrites.
    links: dict[str, str] = field(default_factory=dict)
    # Reads a repository file's bytes (None when absent): export tables follow re-export chains.
    reader: Callable[[str], bytes | None] | None = field(default=None, repr=False, compare=False)
    _cache: dict[tuple[str, str], str | None] = field(default_factory=dict, repr=False, compare=False)
    _tables: dict[str, object] = field(default_factory=dict, repr=False, compare=False)
    _reaches: dict[tuple[str, frozenset[str]], bool] = field(default_factory=dict, repr=False, compare=False)
    # The files whose bytes the answers given since the last clear depend on (export tables,
    # wrappers), cached answers included: what a worker task read of other files
    # (engine.run.analysis_cache checks them before reusing the task's outcome).
    reads: set[str] = field(default_factory=set, repr=False, compare=False)
    _reach_reads: dict[tuple[str, frozenset[str]], frozenset[str]] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def load(cls, root: Path, files: frozenset[str], links: dict[str, str] | None = None) -> "ModuleResolver":
        tsconfig = root / "tsconfig.json"
        reader = DiskReader(str(root))
        if not tsconfig.exists():
            return cls(files, links=links or {}, reader=reader)
        paths, base_url, paths_dir = _path_options(root, tsconfig, ())
        base = base_url or paths_dir
        relative = posixpath.normpath(os.path.relpath(base, root.resolve())) if base is not None else "."
        return cls(files, "" if relative == "." else relative, paths, links or {}, reader)

    def export_table(self, path: str):
        """What the repository module `path` re-exports (engine.core.reexports), None for packages and
        files that cannot be read."""
        self.reads.add(path)
        if path not in self._tables:
            from wavemod.engine.core.reexports import read_table

            source = self.reader(path) if self.reader is not None and path in self.files else None
            self._tables[path] = read_table(path, source, self) if source is not None else None
        return self._tables[path]

    def package_file(self, path: str) -> bytes | None:
        """The bytes of a file of an installed package (`node_modules/...`: not among the tracked
        files, engine.analysis.package_types reads declarations from it), recorded as read."""
        if not is_package_path(path) or self.reader is None:
            return None
        self.reads.add(path)
        return self.reader(path)

    def reaches(self, module: str, targets: frozenset[str]) -> bool:
        """Whether `module` is one of `targets` or passes on names of one (a barrel of it)."""
        key = (module, targets)
        if key not in self._reaches:
            from wavemod.engine.core.reexports import reaches

            outer, self.reads = self.reads, set()
            try:
                self._reaches[key] = reaches(self, module, targets)
                self._reach_reads[key] = frozenset(self.reads)
            finally:
                self.reads = outer
        self.reads |= self._reach_reads[key]
        return self._reaches[key]

    def _probe(self, candidate: str) -> str | None:
        found = self._find(candidate)
        return self.links.get(found, found) if found is not None else None

    def _find(self, candidate: str) -> str | None:
        candidate = posixpath.normpath(candidate)
        if candidate in self.files:
            return candidate
        stem = candidate
        for ext in (".js", ".jsx", ".mjs", ".cjs"):
            # TS lets `./x.js` name `./x.ts`.
            if stem.endswith(ext):
                stem = stem[: -len(ext)]
                break
        for ext in RESOLVE_EXTENSIONS:
            if stem + ext in self.files:
                return stem + ext
        for ext in RESOLVE_EXTENSIONS:
            index = posixpath.join(candidate, "index" + ext)
            if index in self.files:
                return index
        return None

    def resolve(self, specifier: str, from_file: str) -> str | None:
        # Every file of a directory resolves a specifier the same way: cache per (spec, directory).
        directory = posixpath.dirname(from_file) if specifier.startswith(".") else ""
        key = (specifier, directory)
        if key not in self._cache:
            self._cache[key] = self._resolve(specifier, from_file)
        return self._cache[key]

    def _resolve(self, specifier: str, from_file: str) -> str | None:
        if specifier.startswith("."):
            return self._probe(posixpath.join(posixpath.dirname(from_file), specifier))
        for pattern, targets in self.paths.items():
            prefix, star, suffix = pattern.partition("*")
            if star and specifier.startswith(prefix) and specifier.endswith(suffix):
                middle = specifier[len(prefix) : len(specifier) - len(suffix) if suffix else None]
                for target in targets:
                    found = self._probe(posixpath.join(self.base_url, target.replace("*", middle)))
                    if found:
                        return found
            elif not star and specifier == pattern:
                for target in targets:
                    found = self._probe(posixpath.join(self.base_url, target))
                    if found:
                        return found
        if self.base_url or self.paths:
            return self._probe(posixpath.join(self.base_url, specifier))
        return None

    def is_local(self, specifier: str) -> bool:
        """Whether a specifier names a module of the target (relative, or under a tsconfig path),
        not a package: one that resolves to nothing is then a missing file."""
        if specifier.startswith("."):
            return True
        for pattern in self.paths:
            prefix, star, suffix = pattern.partition("*")
            if (star and specifier.startswith(prefix) and specifier.endswith(suffix)) or specifier == pattern:
                return True
        return False

    def mapped(self, module: str, root: Path | None = None) -> str | None:
        """Where TypeScript would look for `module` first, whether or not a file is there (a module
        wavemod is to create): a relative path is relative to the top of the repository (as
        configured modules are), an alias goes through `paths`, the longest matching prefix first.
        With `root`, a bare specifier under a `baseUrl` names a path when its first directory exists."""
        if module.startswith("."):
            return module
        if module in self.paths:  # an exact alias wins over patterns
            targets = self.paths[module]
            return posixpath.join(self.base_url, targets[0]) if targets else None
        matching = []
        for pattern, targets in self.paths.items():
            prefix, star, suffix = pattern.partition("*")
            if star and targets and module.startswith(prefix) and module.endswith(suffix) and len(module) >= len(prefix) + len(suffix):
                matching.append((len(prefix), module[len(prefix) : len(module) - len(suffix)], targets[0]))
        if matching:
            _, middle, target = max(matching, key=lambda m: m[0])
            return posixpath.join(self.base_url, target.replace("*", middle))
        # Only a bare specifier whose first directory exists (`lib/db/adapter`), never an unmapped
        # alias (`@/x` would make a directory called `@`).
        first = module.split("/", 1)[0]
        if root is not None and (self.base_url or self.paths) and (root / self.base_url / first).is_dir():
            return posixpath.join(self.base_url, module)
        return None

    def resolve_configured(self, module: str) -> str:
        """A module named in configuration (`@/lib/db/connection`): its file, or the spec itself
        for packages, so that both spellings compare equal to resolved imports."""
        return self.resolve(module, "_.ts") or module


@dataclass
class Workspace:
    root: Path
    repo: git.Repo
    files: list[str]  # every tracked source, repo-relative posix paths, sorted
    resolver: ModuleResolver

    @classmethod
    def open(cls, root: Path) -> "Workspace":
        repo = open_repo(root)
        root = Path(repo.working_tree_dir or root).resolve()
        tracked = repo.git.ls_files("-z").split("\0") if repo.head.is_valid() or repo.index.entries else []
        all_files = frozenset(p for p in tracked if p)
        kinds = {p: _kind(str(root), p) for p in all_files if is_source(p)}
        # Only regular files are sources. A tracked file missing from the working tree is not read
        # (it is being deleted); a symbolic link is not rewritten through (its target may lie
        # outside the repository, and one inside it is a source under its own path).
        sources = sorted(p for p, kind in kinds.items() if kind == "file")
        links = {p: target for p in all_files if kinds.get(p) == "link" and (target := _link_target(root, p)) in all_files}
        return cls(root, repo, sources, ModuleResolver.load(root, all_files, links))

    def select(self, include: tuple[str, ...], exclude: tuple[str, ...]) -> list[str]:
        return [p for p in self.files if matches(p, include) and not matches(p, exclude)]

    def read(self, path: str) -> bytes:
        # os.path rather than pathlib: a run reads every tracked file, and pathlib's parsing cost
        # as much as the read itself (0.2 s of 0.5 s for 10,000 files).
        with open(os.path.join(self.root, path), "rb") as handle:
            return handle.read()

    def check_inside(self, path: Path) -> str:
        full = (self.root / path).resolve()
        try:
            return full.relative_to(self.root).as_posix()
        except ValueError as exc:
            raise RepoError(f"{path} is outside the repository {self.root}", hint="pass paths inside --repo") from exc
