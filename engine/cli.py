"""The `wavemod` command line: parses options, calls the engine API, renders. Nothing else."""
from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from wavemod.codemods.registry import CODEMODS

from wavemod.engine import api
from wavemod.engine.output import report
from wavemod.engine.core.config import Config, load_config
from wavemod.engine.core.errors import WavemodError

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Migrate a better-sqlite3 TypeScript codebase to an async PostgreSQL adapter, in reviewable waves.")
console = Console()
err = Console(stderr=True)

RepoOpt = typer.Option(Path("."), "--repo", help="The target git repository.")
ConfigOpt = typer.Option(None, "--config", help="waves.toml to use (default: the one bundled with wavemod).")
JobsOpt = typer.Option(None, "--jobs", "-j", min=1, help="Worker processes (default: one per core).")
JsonOpt = typer.Option(False, "--json", help="Machine-readable output.")
NoCacheOpt = typer.Option(False, "--no-cache", help="Analyse every file afresh: neither read nor write the analysis cache (.git/wavemod/cache).")


def handles_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The one top-level handler: a WavemodError becomes a message on stderr and its exit code."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except WavemodError as exc:
            err.print(f"[bold red]error:[/bold red] {escape(exc.render())}", highlight=False, soft_wrap=True)
            raise typer.Exit(exc.exit_code) from None

    return wrapper


def _config(path: Optional[Path]) -> Config:
    return load_config(path, CODEMODS)


def _output_file(path: Optional[Path], option: str) -> None:
    """Make sure an output file can be written before the run does its work (and, for apply,
    before anything in the repository changes)."""
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        writable = os.access(path if path.exists() else path.parent, os.W_OK) and not path.is_dir()
    except OSError as exc:
        raise WavemodError(f"cannot write {option} {path}: {exc.strerror}", hint=f"pass a writable file to {option}") from exc
    if not writable:
        raise WavemodError(f"cannot write {option} {path}", hint=f"pass a writable file to {option}")


@contextmanager
def progress_bar(enabled: bool) -> Iterator[Callable[[str, int, int], None] | None]:
    """A progress bar on a terminal; nothing when piped (quiet and plain)."""
    if not enabled or not err.is_terminal:
        yield None
        return
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err, transient=True) as bar:
        tasks: dict[str, Any] = {}

        def update(phase: str, done: int, total: int) -> None:
            if phase not in tasks:
                tasks[phase] = bar.add_task(phase, total=total)
            bar.update(tasks[phase], completed=done, total=total)  # the total grows as files become ready

        yield update


@app.command()
@handles_errors
def waves(repo: Path = RepoOpt, config: Optional[Path] = ConfigOpt, jobs: Optional[int] = JobsOpt) -> None:
    """The waves, their rules, and how many files and matches each would touch."""
    cfg = _config(config)
    overview = api.wave_overview(repo, cfg, jobs)
    # One block per wave, not a six-column table: at 80 columns the table cut branch names and
    # rule ids short, which are what a user copies from here.
    for row in overview:
        matches = ", ".join(f"{rule} {count}" for rule, count in row.matches.items() if count) or "-"
        rules = ", ".join(row.wave.rules) + (f", {row.repository_rules} repository rules" if row.repository_rules else "")
        console.print(Text.assemble((row.wave.id, "bold"), "  ", row.wave.title))
        report.print_fields(console, [("branch", row.wave.branch), ("files", str(row.files)), ("rules", rules), ("matches", matches)])
        console.print()


@app.command()
@handles_errors
def preview(
    wave: str = typer.Argument(..., help="Wave id, e.g. wave-1."),
    repo: Path = RepoOpt,
    config: Optional[Path] = ConfigOpt,
    patch: Optional[Path] = typer.Option(None, "--patch", help="Also write a plain unified diff (git apply accepts it); `-`: only the patch, on stdout."),
    stat: bool = typer.Option(False, "--stat", help="Lines added and removed per file instead of the diffs."),
    plain: bool = typer.Option(False, "--plain", help="Plain text (the patch, then the summary) even on a terminal; the default when stdout is not one."),
    no_pager: bool = typer.Option(False, "--no-pager", help="On a terminal, print instead of paging through $PAGER (long diff lines are cropped)."),
    as_json: bool = JsonOpt,
    jobs: Optional[int] = JobsOpt,
    typecheck: bool = typer.Option(False, "--typecheck", help="Type-check the target before and with the wave (in a temporary worktree); exit 5 on new errors."),
    verify_tests: bool = typer.Option(False, "--verify-tests", help="Run the target's tests before and with the wave (in a temporary worktree); exit 5 when one that passed fails."),
    no_cache: bool = NoCacheOpt,
) -> None:
    """Dry run: the diff per file, a summary, and the findings that need a human. Writes nothing but the --patch file (and the analysis cache in .git/wavemod/cache)."""
    from wavemod.engine.output import plainreport, terminal
    from wavemod.engine.output.diffs import patch as make_patch

    cfg = _config(config)
    to_stdout = patch is not None and str(patch) == "-"
    if not to_stdout:
        _output_file(patch, "--patch")
    with progress_bar(not as_json) as progress:
        result = api.plan_wave(repo, wave, cfg, jobs, progress, cache=not no_cache)
    if typecheck or verify_tests:
        result.gates = api.check_wave(repo, result, cfg, True if typecheck else False, verify_tests)
    if patch is not None and not to_stdout:
        patch.write_text(make_patch(result.changes), encoding="utf-8", errors="surrogateescape")
    if as_json:
        sys.stdout.write(report.dumps(report.to_json(result)) + "\n")
    elif to_stdout:
        # The patch alone on stdout (for `| git apply`); the summary still reaches the reader.
        plainreport.write_bytes(sys.stdout, make_patch(result.changes).encode("utf-8", "surrogateescape"))
        err.print("\n".join(plainreport.summary_lines(result)), markup=False, highlight=False, soft_wrap=True)
    elif plain or not sys.stdout.isatty():
        # Piped or redirected: what git diff prints there, a patch tools can read, then plain text.
        plainreport.write_bytes(sys.stdout, plainreport.render(result, show_diff=not stat, colour=plainreport.colour_forced()))
    else:
        pager = None if no_pager or stat else terminal.pager_command()
        with terminal.paged(console, pager):
            report.render_preview(console, result, show_diff=not stat, crop=pager is None)
    if not any(change.in_wave for change in result.changes):
        # Most likely the wrong --repo, or globs that do not fit this repository's layout.
        include = ", ".join(cfg.wave(wave).include)
        err.print(f"note: {wave} selects no tracked source file in {repo.resolve()} (include: {include}); check --repo and the wave's globs in {cfg.path}", markup=False, highlight=False, soft_wrap=True)
    from wavemod.engine.git.gitops import apply_base

    current, base = apply_base(repo, cfg, wave)
    if base is not None and base != current:
        # The preview is of the working tree; apply stacks the wave on the previous wave's branch.
        err.print(f"note: this preview is of {current or 'the detached HEAD'}, but `apply {wave}` starts from {base} (the previous wave's branch); `git checkout {base}` to preview exactly what apply will commit", markup=False, highlight=False, soft_wrap=True)
    refusal = result.gates.refusal if result.gates is not None else None
    if refusal:
        err.print(f"error: apply would refuse {wave}: {refusal}", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(5)


@app.command("apply")
@handles_errors
def apply_cmd(
    wave: str = typer.Argument(..., help="Wave id, e.g. wave-1."),
    repo: Path = RepoOpt,
    config: Optional[Path] = ConfigOpt,
    force: bool = typer.Option(False, "--force", help="Apply on a dirty tree / replace an existing wave branch."),
    pr_file: Optional[Path] = typer.Option(None, "--pr-file", help="Where to write the pull-request description (the review page goes beside it)."),
    database_url: Optional[str] = typer.Option(None, "--database-url", help="PostgreSQL for waves with sqlcheck (default: a private temporary one)."),
    push: bool = typer.Option(False, "--push", help="Push the wave's branch after the commit."),
    remote: str = typer.Option("origin", "--remote", help="The remote --push pushes to."),
    open_pr: bool = typer.Option(False, "--open-pr", help="With --push: open the pull request with `gh`, based on the previous wave's branch."),
    skip_failed: bool = typer.Option(False, "--skip-failed", help="Commit the files that could be rewritten when some could not; the description lists the skipped ones first."),
    jobs: Optional[int] = JobsOpt,
    typecheck: Optional[bool] = typer.Option(None, "--typecheck/--no-typecheck", help="Refuse a wave that adds type errors (default: on when the target has TypeScript)."),
    verify_tests: bool = typer.Option(False, "--verify-tests", help="Run the target's tests before and with the wave; refuse it when a test that passed fails."),
    no_cache: bool = NoCacheOpt,
) -> None:
    """Commit the wave on its own branch and write its pull-request description and review page."""
    from wavemod.engine.git.gitops import apply_wave
    from wavemod.engine.output.review_html import write_review

    if open_pr and not push:
        raise typer.BadParameter("--open-pr needs --push: the pull request is opened from the pushed branch")
    cfg = _config(config)
    _output_file(pr_file, "--pr-file")
    with progress_bar(True) as progress:
        outcome = apply_wave(repo, wave, cfg, force=force, pr_file=pr_file, workers=jobs, progress=progress, database_url=database_url, skip_failed=skip_failed, typecheck=typecheck, verify_tests=verify_tests, cache=not no_cache)
    page = write_review(outcome.pr_path.with_suffix(".html"), outcome.result, cfg.wave(wave).title, outcome.branch, outcome.base)
    console.print(outcome.pr_text, markup=False, highlight=False, soft_wrap=True)
    console.print(f"\ncommitted {outcome.commit[:12]} on branch {outcome.branch} (from {outcome.base}); description written to {outcome.pr_path}; review page {page}", markup=False, highlight=False, soft_wrap=True)
    if outcome.full_path is not None:
        console.print(f"the description is shortened to fit a pull request (lists cut, every count kept); the full one is in {outcome.full_path}", markup=False, highlight=False, soft_wrap=True)
    for change in outcome.result.failed:
        err.print(f"skipped {change.path}: {change.reason}", markup=False, highlight=False, soft_wrap=True)
    for wave_id, branch in outcome.stale:
        err.print(f"note: {branch} is stacked on an earlier version of {outcome.branch}; recompute it on the new one: `wavemod apply {wave_id} --force`", markup=False, highlight=False, soft_wrap=True)
    if push:
        _publish(repo, cfg, outcome, remote, force, open_pr)


def _publish(repo: Path, cfg: Config, outcome: Any, remote: str, force: bool, open_pr: bool) -> None:
    """apply --push [--open-pr]: after the commit, so a failure here leaves the wave committed."""
    from wavemod.engine.git import publish

    pushed = publish.push_wave(repo, cfg, outcome.branch, outcome.base, remote, force)
    console.print(f"pushed {', '.join(pushed.branches)} to {pushed.remote}", markup=False, highlight=False, soft_wrap=True)
    if not open_pr:
        return
    title = f"{outcome.result.wave_id}: {cfg.wave(outcome.result.wave_id).title}"
    pr = publish.open_pr(repo, title, outcome.branch, outcome.base, outcome.pr_path)
    if pr.url:
        console.print(f"pull request: {pr.url}", markup=False, highlight=False, soft_wrap=True)
        return
    err.print(f"note: pull request not opened: {pr.problem}; open it with (in {Path(repo).resolve()}):\n  {pr.shell}", markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(1)


@app.command()
@handles_errors
def review(
    wave: str = typer.Argument(..., help="Wave id, e.g. wave-1."),
    repo: Path = RepoOpt,
    config: Optional[Path] = ConfigOpt,
    html: Optional[Path] = typer.Option(None, "--html", help="Where to write the page (default: .git/wavemod/<wave>.html)."),
    open_page: bool = typer.Option(False, "--open", help="Open the page in the default browser."),
    database_url: Optional[str] = typer.Option(None, "--database-url", help="PostgreSQL for waves with sqlcheck (default: a private temporary one)."),
    sqlcheck: bool = typer.Option(True, "--sqlcheck/--no-sqlcheck", help="For waves with sqlcheck, check the queries after the wave and show the table."),
    jobs: Optional[int] = JobsOpt,
) -> None:
    """Write the wave's review page: one self-contained HTML file with the diffs, the findings to tick off, the checks and the sqlcheck table."""
    from wavemod.engine.git.review import review_wave

    cfg = _config(config)
    _output_file(html, "--html")
    with progress_bar(True) as progress:
        page = review_wave(repo, wave, cfg, html, database_url, sqlcheck, jobs, progress)
    console.print(f"review page written to {page}", markup=False, highlight=False, soft_wrap=True)
    if open_page:
        import webbrowser

        if not webbrowser.open(page.as_uri()):
            err.print(f"note: no browser found; open {page.as_uri()}", markup=False, highlight=False, soft_wrap=True)


@app.command()
@handles_errors
def audit(
    repo: Path = RepoOpt,
    config: Optional[Path] = ConfigOpt,
    as_json: bool = JsonOpt,
    strict: bool = typer.Option(False, "--strict", help="Exit non-zero when an acceptance check fails (or no file was audited)."),
    jobs: Optional[int] = JobsOpt,
    typecheck: bool = typer.Option(True, "--typecheck/--no-typecheck", help="Count the target's type errors (when it has TypeScript)."),
) -> None:
    """Readiness report: what SQLite is left, and each wave's acceptance status."""
    from wavemod.engine.commands.audit import run_audit

    cfg = _config(config)
    result = run_audit(repo, cfg, jobs, typecheck)
    if as_json:
        sys.stdout.write(report.dumps(result.to_json()) + "\n")
    else:
        console.print(result.to_markdown(), markup=False, highlight=False, soft_wrap=True)
    if result.files_scanned == 0:
        # Every check passes on no files: in CI that would be a pass measured on nothing.
        paths = ", ".join(cfg.audit_paths)
        err.print(f"note: no tracked source file under the audit's paths ({paths}) in {repo.resolve()}; check --repo and [project] audit_paths in {cfg.path}{' (--strict fails)' if strict else ''}", markup=False, highlight=False, soft_wrap=True)
    if strict and (not result.passed or result.files_scanned == 0):
        raise typer.Exit(5)


@app.command()
@handles_errors
def sqlcheck(
    wave: Optional[str] = typer.Argument(None, help="Check the SQL as it will be after this wave (default: as it is)."),
    repo: Path = RepoOpt,
    config: Optional[Path] = ConfigOpt,
    database_url: Optional[str] = typer.Option(None, "--database-url", help="A PostgreSQL server to use (default: a private temporary one)."),
    as_json: bool = JsonOpt,
    jobs: Optional[int] = JobsOpt,
) -> None:
    """PREPARE every recovered query on a real PostgreSQL with the schema loaded."""
    from wavemod.engine.postgres.sqlcheck import run_sqlcheck

    cfg = _config(config)
    result = run_sqlcheck(repo, cfg, wave, database_url, jobs)
    if as_json:
        sys.stdout.write(report.dumps(result.to_json()) + "\n")
    else:
        table = Table(title=report.plain(f"sqlcheck{' after ' + wave if wave else ''}"))
        table.add_column("status")
        table.add_column("queries", justify="right")
        for status, count in result.counts().items():
            table.add_row(status, str(count))
        console.print(table)
        causes = ", ".join(f"{cause} {n}" for cause, n in result.causes().items() if n)
        if causes:
            console.print(f"failures by cause: {causes}", markup=False, highlight=False)
        for item in result.checks:
            if item.status in {"fails", "dynamic"}:
                why = f" ({item.cause})" if item.cause else ""
                console.print(f"{item.status:8} {item.path}:{item.line}{why}: {item.message}", markup=False, highlight=False, soft_wrap=True)
        for failure in result.schema_failures:
            console.print(f"schema   {failure.path}:{failure.line}: does not load: {failure.message}", markup=False, highlight=False, soft_wrap=True)
    if not result.passed:
        raise typer.Exit(5)


@app.command()
@handles_errors
def promises(
    repo: Path = RepoOpt,
    config: Optional[Path] = ConfigOpt,
    as_json: bool = JsonOpt,
    jobs: Optional[int] = JobsOpt,
) -> None:
    """List calls to async functions that are neither awaited, returned nor combined (floating promises)."""
    from wavemod.engine.commands.promises import floating_promises

    found = floating_promises(repo, _config(config), jobs)
    if as_json:
        sys.stdout.write(report.dumps([f.__dict__ for f in found]) + "\n")
    else:
        for f in found:
            console.print(f"{f.path}:{f.line}: {f.message}", markup=False, highlight=False, soft_wrap=True)
        console.print(f"{len(found)} floating promise(s)")
    if found:
        raise typer.Exit(5)


schema_app = typer.Typer(no_args_is_help=True, help="The PostgreSQL schema the migrated code needs: compare it with the SQLite side, write what is missing.")
app.add_typer(schema_app, name="schema")
DatabaseOpt = typer.Option(None, "--database-url", help="A PostgreSQL server to use (default: a private temporary one).")


def _print_lines(lines: list[str]) -> None:
    for line in lines:
        console.print(line, markup=False, highlight=False, soft_wrap=True)


@schema_app.command("diff")
@handles_errors
def schema_diff(repo: Path = RepoOpt, config: Optional[Path] = ConfigOpt, database_url: Optional[str] = DatabaseOpt, as_json: bool = JsonOpt) -> None:
    """Tables, columns, keys, indexes and defaults the PostgreSQL schema lacks or has otherwise than
    the SQLite schema and migrations the code runs on. Exits 5 when they differ."""
    from wavemod.engine.postgres.schemadiff import run_diff

    result = run_diff(repo, _config(config), database_url)
    if as_json:
        sys.stdout.write(report.dumps(result.to_json()) + "\n")
    else:
        _print_lines([d.describe() for d in result.differences])
        _print_lines([f"{f.path}:{f.line}: does not load: {f.message}" for f in result.load_failures])
        counts = ", ".join(f"{kind} {n}" for kind, n in result.counts().items()) or "none"
        console.print(f"{len(result.sqlite.tables)} SQLite tables, {len(result.postgres.tables)} PostgreSQL tables; differences: {counts}", markup=False, highlight=False)
    if not result.clean:
        raise typer.Exit(5)


@schema_app.command("sync")
@handles_errors
def schema_sync(
    repo: Path = RepoOpt,
    config: Optional[Path] = ConfigOpt,
    database_url: Optional[str] = DatabaseOpt,
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the migration, write nothing."),
    as_json: bool = JsonOpt,
) -> None:
    """Write what the PostgreSQL schema lacks as a new numbered migration (checked on the throwaway
    server first: applied after the existing schema, `schema diff` comes out clean)."""
    from wavemod.engine.postgres.schemasync import run_sync

    result = run_sync(repo, _config(config), database_url, write=not dry_run)
    if as_json:
        data = None if result is None else {"path": result.path, "written": result.written, "before": len(result.before), "after": len(result.after), "notes": result.notes, "text": result.text}
        sys.stdout.write(report.dumps(data) + "\n")
    elif result is None:
        console.print("the PostgreSQL schema has everything the SQLite side has: nothing to write", markup=False, highlight=False)
    else:
        if dry_run:
            console.print(result.text, markup=False, highlight=False, soft_wrap=True)
        _print_lines([f"review: {note}" for note in result.notes])
        verb = "wrote" if result.written else "would write"
        console.print(f"{verb} {result.path}: {len(result.before)} differences before, {len(result.after)} after", markup=False, highlight=False)


@schema_app.command("status")
@handles_errors
def schema_status(
    repo: Path = RepoOpt,
    config: Optional[Path] = ConfigOpt,
    database_url: str = typer.Option(..., "--database-url", help="The database whose applied migrations to list."),
    as_json: bool = JsonOpt,
) -> None:
    """Which PostgreSQL migrations the database at --database-url has applied (from the version table)."""
    from wavemod.engine.postgres.schemasync import status

    rows = status(repo, _config(config), database_url)
    if as_json:
        sys.stdout.write(report.dumps([{"file": name, "state": state} for name, state in rows]) + "\n")
    else:
        _print_lines([f"{state:12} {name}" for name, state in rows] or ["no migration files"])


repositories_app = typer.Typer(no_args_is_help=True, help="The repository layer: typed methods for recurring statements.")
app.add_typer(repositories_app, name="repositories")


@repositories_app.command("suggest")
@handles_errors
def repositories_suggest(
    repo: Path = RepoOpt,
    config: Optional[Path] = ConfigOpt,
    wave: Optional[str] = typer.Option(None, "--wave", help="Scan only this wave's files (default: the whole repository)."),
    min_sites: int = typer.Option(2, "--min-sites", min=1, help="Propose a method for statements with at least this many call sites."),
    top: Optional[int] = typer.Option(None, "--top", min=1, help="Propose only the N methods that cover the most call sites."),
    sql_target: str = typer.Option("portable", "--sql-target", help="SQL of the generated methods: portable (SQLite and PostgreSQL) or postgres."),
    timestamps: Optional[str] = typer.Option(None, "--timestamps", help="TypeScript type of timestamp columns: string or Date (default: project.repository_timestamps)."),
    typed_params: bool = typer.Option(False, "--typed-params", help="Type method parameters by their column (default: any SQL value, as better-sqlite3 accepted)."),
    jobs: Optional[int] = JobsOpt,
    force: bool = typer.Option(False, "--force", help="Replace existing repository modules and rule file."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the coverage and the files, write nothing."),
    as_json: bool = JsonOpt,
) -> None:
    """Group equivalent statements by table and shape, rank them by call sites, and write repository
    modules (row interfaces from the schema) plus the rule file that maps call sites to them."""
    from wavemod.engine.commands.repositories import propose, write

    if sql_target not in {"portable", "postgres"}:
        raise typer.BadParameter("--sql-target is portable or postgres")
    if timestamps not in {None, "string", "Date"}:
        raise typer.BadParameter("--timestamps is string or Date")
    proposal = propose(repo, _config(config), wave, min_sites, top, sql_target, timestamps, typed_params, jobs)
    if not dry_run and proposal.methods:
        write(repo, proposal, force)
    if as_json:
        sys.stdout.write(report.dumps(report.proposal_json(proposal)) + "\n")
    else:
        report.render_proposal(console, proposal, show_files=dry_run)


init_app = typer.Typer(no_args_is_help=True, help="Write what the migration needs into a target that lacks it.")
app.add_typer(init_app, name="init")


@init_app.command("adapter")
@handles_errors
def init_adapter_cmd(
    repo: Path = RepoOpt,
    config: Optional[Path] = ConfigOpt,
    force: bool = typer.Option(False, "--force", help="Replace an existing adapter module."),
) -> None:
    """Write the async adapter module that adapter_module in waves.toml names (SQLite through the app's connection, or pg)."""
    from wavemod.engine.commands.adapter_init import init_adapter

    cfg = _config(config)
    result = init_adapter(repo, cfg, force)
    verb = "replaced" if result.overwritten else "wrote"
    console.print(f"{verb} {result.path}: SQLite through {result.connection} ({result.handle}), PostgreSQL through pg; review it and commit it (the waves read committed files only)", markup=False, highlight=False, soft_wrap=True)
    if result.install:
        console.print("package.json lacks packages the adapter imports; install them:", markup=False, highlight=False)
        for command in result.install:
            console.print(f"  {command}", markup=False, highlight=False, soft_wrap=True)
    if not result.excluded:
        # The adapter calls better-sqlite3 on purpose: a wave must never rewrite it.
        err.print(f"note: add {result.path} to [project] exclude in {cfg.path} so that no wave rewrites the adapter's own SQLite calls", markup=False, highlight=False, soft_wrap=True)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
