"""`wavemod review`: compute a wave as preview does and write its HTML review page."""
from __future__ import annotations

from pathlib import Path

from wavemod.engine import api
from wavemod.engine.core.config import Config
from wavemod.engine.run.pipeline import Progress
from wavemod.engine.output.review_html import write_review
from wavemod.engine.core.workspace import open_repo


def default_path(repo: Path, wave_id: str) -> Path:
    """Where the page goes without --html: beside apply's pull-request description."""
    return Path(open_repo(repo).git_dir) / "wavemod" / f"{wave_id}.html"


def review_wave(
    repo: Path,
    wave_id: str,
    config: Config,
    html: Path | None = None,
    database_url: str | None = None,
    sqlcheck: bool = True,
    workers: int | None = None,
    progress: Progress | None = None,
) -> Path:
    """Plan `wave_id` on the working tree (nothing is written in the repository), run sqlcheck
    after it when the wave asks for sqlcheck (and `sqlcheck`), and write the page; returns its path."""
    from wavemod.engine.git.gitops import apply_base

    wave = config.wave(wave_id)
    target = html if html is not None else default_path(repo, wave_id)
    result = api.plan_wave(repo, wave_id, config, workers, progress)
    if wave.sqlcheck and sqlcheck:
        from wavemod.engine.postgres.sqlcheck import run_sqlcheck

        result.sqlcheck = run_sqlcheck(repo, config, wave_id, database_url, workers)
    _current, base = apply_base(repo, config, wave_id)
    return write_review(target, result, wave.title, wave.branch, base or "")
