"""Shared fixtures: the bundled config, and real git repositories in temp dirs (pinned author)."""
from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from wavemod.engine.core.config import Config, load_config

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "helpdesk"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "wavemod tests",
    "GIT_AUTHOR_EMAIL": "tests@wavemod.invalid",
    "GIT_COMMITTER_NAME": "wavemod tests",
    "GIT_COMMITTER_EMAIL": "tests@wavemod.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
}


@pytest.fixture(autouse=True)
def _isolated_git(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never read the developer's git config or $HOME."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)


@pytest.fixture(scope="session")
def config() -> Config:
    return load_config()


@pytest.fixture
def indexed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The path of every file index the runner builds from now on, one entry per pass (runs in
    this process only: workers=1)."""
    import wavemod.engine.run.runner as runner

    paths: list[str] = []

    class RecordingIndex(runner.FileIndex):
        def __init__(self, path, *args) -> None:  # type: ignore[no-untyped-def]
            paths.append(path)
            super().__init__(path, *args)

    monkeypatch.setattr(runner, "FileIndex", RecordingIndex)
    return paths


def git(repo: Path, *args: str) -> str:
    env = dict(os.environ, **GIT_ENV)
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True, env=env).stdout


def make_repo(path: Path, files: dict[str, str | bytes]) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", "main")
    for name, content in files.items():
        target = path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.encode() if isinstance(content, str) else content)
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", "initial")
    return path


@pytest.fixture
def example_repo(tmp_path: Path) -> Path:
    """The bundled example application, committed in a fresh repository."""
    target = tmp_path / "helpdesk"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("node_modules", "*.db"))
    git_init = make_repo(target, {})
    return git_init


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A real PostgreSQL server for the session: the machine's binaries in a temp dir."""
    from wavemod.engine.postgres.pgserver import temporary_postgres

    with temporary_postgres() as url:
        yield url
