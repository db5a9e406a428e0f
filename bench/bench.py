#!/usr/bin/env python3
"""wavemod benchmark: wave previews (`engine.api.plan_wave`) over synthetic better-sqlite3 corpora.

    python bench/bench.py                       # 1,000 and 10,000 files, all three waves
    python bench/bench.py --quick               # smoke run: 200 files
    python bench/bench.py --files 500 2000 --jobs 2 --keep
    python bench/bench.py --profile --files 1000   # cProfile of wave-1, one worker

Each corpus is a temporary git repository with the proportions of docs/patterns.md (bench/corpus.py:
about 11 KB and ~2.5 `db.prepare(...)` calls per file on average, held by ~29% of the files, with
the profile's functions, cross-file calls, tests and scripts; the rest is code without database access).
Generation is seeded and is not timed. Every measurement (one corpus x one wave) runs in a fresh
Python subprocess; the figure timed is the `plan_wave(...)` call alone (imports, config loading and
corpus generation excluded). Peak memory is sampled from /proc by this (parent) process while the
measurement runs: the summed VmRSS of the measuring process and all its descendants (the worker
pool). The subprocess also reports ru_maxrss(RUSAGE_SELF) + ru_maxrss(RUSAGE_CHILDREN).
This script prints figures; it asserts nothing.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from corpus import build_repo, describe  # noqa: E402  (bench/ is the script's directory)

WAVES = ("wave-1", "wave-2", "wave-3")
# Per wave preview, by corpus profile and size (issue 17 set the real-shaped ones); other sizes pro rata.
TARGET_SECONDS = {"synthetic": {1000: 2.0, 10000: 20.0}, "real": {1000: 1.0, 10000: 10.0}}
TARGET_RSS_MB = 1024.0
# Warm: the same preview again on the unchanged tree, with the analysis cache (issue 17).
WARM_SECONDS = {1000: 0.4, 10000: 3.0}
# Real code (../shared/corpora/<name>.tar.gz) measured when it is there, with the waves.toml in
# examples/<name>/ (its app has no adapter: the bench runs `wavemod init adapter` and commits it).
# ../shared/corpora from the checkout (or from a worktree one level further down), or $WAVEMOD_CORPORA.
REAL_CORPORA = Path(os.environ.get("WAVEMOD_CORPORA") or next(
    (p for p in (ROOT.parent / "shared" / "corpora", ROOT.parent.parent / "shared" / "corpora") if p.is_dir()), ROOT.parent / "shared" / "corpora"))
REAL_CONFIGS = {"mission-control": ROOT / "examples" / "mission-control" / "waves.toml"}

# ----------------------------------------------------------------------------------------------
# Measurement
# ----------------------------------------------------------------------------------------------

def measure_child(repo: str, wave: str, jobs: int, config_path: str = "", cache: bool = False) -> None:
    """Runs inside the fresh subprocess: one plan_wave, JSON on stdout."""
    import resource

    from wavemod.engine.api import plan_wave
    from wavemod.engine.core.config import load_config

    config = load_config(Path(config_path) if config_path else None)
    start = time.perf_counter()
    result = plan_wave(Path(repo), wave, config, jobs, cache=cache)
    wall = time.perf_counter() - start
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    totals = result.rule_totals()
    print(json.dumps({
        "wall": wall,
        "in_wave": sum(1 for c in result.changes if c.in_wave),
        "parsed": result.parsed,
        "changed": len(result.changed),
        "failed": len(result.failed),
        "edits": sum(e for _, e in totals.values()),
        "rules": {r: e for r, (_, e) in totals.items()},
        "findings": len(result.findings),
        "async_functions": len(result.async_functions),
        "awaited_calls": result.awaited_calls,
        "checks": f"{sum(c.passed for c in result.checks)}/{len(result.checks)}",
        "rusage_mb": (self_kb + child_kb) / 1024,
        "failures": [f"{c.path}: {c.reason}" for c in result.failed][:5],
        "parsed_paths": list(result.parsed_paths),
    }))


# What parsing every file would cost, in increasing depth: a yardstick for the waves' times. The
# engine parses only the files that need a tree (the `parsed` column, engine/run/relevance.py), so a
# wave can take less than `parse`; every file it does parse costs at least its `index` share.
FLOORS = {
    "parse": "read + parse every file once",
    "query": "+ one C-level query over each tree (the node buckets)",
    "index": "+ one FileIndex per file (buckets, imports, declarations)",
}


def _floor_job(level: str, root: str, path: str) -> int:
    from wavemod.engine.analysis.bindings import FileIndex, collect_nodes
    from wavemod.engine.core.languages import language_for, parse

    tree = parse((Path(root) / path).read_bytes(), language_for(path) or "typescript")
    if level == "query":
        collect_nodes(tree)
    elif level == "index":
        FileIndex(path, tree, _FLOOR_RESOLVER[0])
    return 0


_FLOOR_RESOLVER: list = []  # set before the fork, inherited by the workers


def floor_child(repo: str, level: str, jobs: int, only: str = "") -> None:
    """Runs inside a fresh subprocess: one floor level over every source the engine would parse,
    or over the sources listed in the file `only` (one path a line: the files a wave parsed)."""
    import multiprocessing
    from functools import partial

    from wavemod.engine.core.languages import language_for
    from wavemod.engine.core.workspace import Workspace

    workspace = Workspace.open(Path(repo))
    _FLOOR_RESOLVER.append(workspace.resolver)
    paths = [p for p in workspace.files if language_for(p)]
    if only:
        listed = set(Path(only).read_text(encoding="utf-8").splitlines())
        paths = [p for p in paths if p in listed]
    job = partial(_floor_job, level, str(workspace.root))
    start = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        for _ in pool.imap_unordered(job, paths, chunksize=max(1, min(64, len(paths) // (jobs * 8)))):
            pass
    print(json.dumps({"wall": time.perf_counter() - start, "files": len(paths)}))


def measure_floor(repo: Path, level: str, jobs: int, only: list[str] | None = None) -> float:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8") as listed:
        if only is not None:
            listed.write("\n".join(only))
            listed.flush()
        out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--_floor", str(repo), level, str(jobs), listed.name if only is not None else ""],
                             capture_output=True, text=True, cwd=str(ROOT))
    if out.returncode != 0:
        raise SystemExit(f"floor measurement {level} on {repo} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])["wall"]


# The reference scan (bench/ast-grep/): ast-grep, a compiled structural-search tool, finding what
# the waves start from in every file. Issue 17 set the cold targets beside such a scan on another
# machine (1.4 s for a 944-file app); timed here, it says how fast this machine is for that work.
AST_GREP_CONFIG = Path(__file__).resolve().parent / "ast-grep" / "sgconfig.yml"


def ast_grep() -> str | None:
    """The ast-grep executable: the one installed next to this Python (`make bench` installs the
    `bench` extra), else the one on PATH; None when there is none."""
    beside = Path(sys.executable).parent / "ast-grep"
    return str(beside) if beside.is_file() else shutil.which("ast-grep")


def measure_reference(tool: str, repo: Path, jobs: int) -> tuple[float, int]:
    """Wall seconds and match count of the reference scan over `repo` with `jobs` threads."""
    start = time.perf_counter()
    out = subprocess.run([tool, "scan", "-c", str(AST_GREP_CONFIG), "-j", str(jobs), "--json=compact", "."],
                         cwd=repo, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if out.returncode != 0:
        raise SystemExit(f"the reference scan (ast-grep) on {repo} failed:\n{out.stderr}")
    return wall, len(json.loads(out.stdout or "[]"))


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except OSError:
            pass
    return out


def _peak_kb(pid: int) -> int:
    """The process's peak resident set so far (VmHWM): a reading late in its life still has it."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def clear_cache(repo: Path) -> None:
    """Remove the analysis cache's entries (engine.run.analysis_cache) from the corpus' git directory."""
    for entry in (repo / ".git" / "wavemod" / "cache").glob("analysis-*"):
        entry.unlink()


def measure(repo: Path, wave: str, jobs: int, config: Path | None = None, cache: bool = False) -> dict:
    proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--_measure", str(repo), wave, str(jobs), str(config or ""), "cache" if cache else ""],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=str(ROOT))
    peaks: dict[int, int] = {}
    done = threading.Event()

    def poll() -> None:
        # Every 0.25 s is enough, since each process keeps its own high-water mark; polling often
        # took CPU from the two workers being measured (a fifth of a core at 20 ms).
        while not done.is_set():
            for p in _tree(proc.pid):
                peaks[p] = max(peaks.get(p, 0), _peak_kb(p))
            done.wait(0.25)

    thread = threading.Thread(target=poll, daemon=True)
    thread.start()
    out, err = proc.communicate()
    done.set()
    thread.join()
    if proc.returncode != 0:
        raise SystemExit(f"measurement of {wave} on {repo} failed:\n{err}")
    data = json.loads(out.strip().splitlines()[-1])
    data["proc_mb"] = sum(peaks.values()) / 1024
    return data


def unpack_real(base: Path, name: str) -> Path | None:
    """../shared/corpora/<name>.tar.gz as a committed git repository with its adapter, or None."""
    archive, config = REAL_CORPORA / f"{name}.tar.gz", REAL_CONFIGS[name]
    if not archive.exists() or not config.exists():
        return None
    target = base / f"real-{name}"
    target.mkdir()
    subprocess.run(["tar", "-xzf", str(archive), "-C", str(target)], check=True)
    inner = [p for p in target.iterdir() if p.is_dir()]
    repo = inner[0] if len(inner) == 1 else target
    git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", "-c", "commit.gpgsign=false", "-c", "gc.auto=0"]
    subprocess.run(git + ["init", "-q", "-b", "main"], cwd=repo, check=True)
    subprocess.run(git + ["add", "-A"], cwd=repo, check=True)
    subprocess.run(git + ["commit", "-q", "-m", "base"], cwd=repo, check=True)
    wavemod = Path(sys.executable).with_name("wavemod")
    subprocess.run([str(wavemod), "init", "adapter", "--repo", str(repo), "--config", str(config)], cwd=repo, check=True, capture_output=True)
    subprocess.run(git + ["add", "-A"], cwd=repo, check=True)
    subprocess.run(git + ["commit", "-q", "-m", "adapter"], cwd=repo, check=True)
    return repo


def real_info(repo: Path) -> dict:
    from realshape import shape

    sources = {}
    for path in subprocess.run(["git", "ls-files", "*.ts", "*.tsx"], cwd=repo, capture_output=True, text=True, check=True).stdout.split():
        sources[path if path.endswith(".ts") else path + ".ts"] = (repo / path).read_text(encoding="utf-8", errors="replace")
    return {"files": len(sources), "bytes": sum(len(t.encode()) for t in sources.values()), "shape": shape(sources)}


def profile(repo: Path, wave: str, top: int, config: Path | None = None, warm: bool = False) -> None:
    import cProfile
    import pstats

    from wavemod.engine.api import plan_wave
    from wavemod.engine.core.config import load_config

    config = load_config(config)
    if warm:  # fill the analysis cache first: the profile is of the second preview
        plan_wave(repo, wave, config, 1, cache=True)
    prof = cProfile.Profile()
    start = time.perf_counter()
    prof.enable()
    plan_wave(repo, wave, config, 1, cache=warm)
    prof.disable()
    print(f"\ncProfile of plan_wave({wave!r}, workers=1{', warm' if warm else ''}): {time.perf_counter() - start:.2f} s under the profiler")
    stats = pstats.Stats(prof).strip_dirs()
    print(f"\n-- top {top} by cumulative time --")
    stats.sort_stats("cumulative").print_stats(top)
    print(f"-- top {top} by own (total) time --")
    stats.sort_stats("tottime").print_stats(top)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--_measure":
        measure_child(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5] if len(sys.argv) > 5 else "", len(sys.argv) > 6 and sys.argv[6] == "cache")
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--_floor":
        floor_child(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5] if len(sys.argv) > 5 else "")
        return
    from wavemod.engine.run.pipeline import default_workers

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, nargs="+", default=[1000, 10000], help="corpus sizes (default: 1000 10000)")
    ap.add_argument("--quick", action="store_true", help="smoke run: one 200-file corpus")
    ap.add_argument("--jobs", type=int, default=default_workers(), help="worker processes (default: engine default, %(default)s here)")
    ap.add_argument("--waves", nargs="+", default=list(WAVES))
    ap.add_argument("--profiles", nargs="+", choices=("synthetic", "real"), default=["real", "synthetic"],
                    help="corpus profiles: real = shaped like a real app (bench/realshape.py), synthetic = bench/corpus.py")
    ap.add_argument("--no-real-code", action="store_true", help=f"skip the real code in {REAL_CORPORA} even when it is there")
    ap.add_argument("--keep", action="store_true", help="keep the generated repositories and print their paths")
    ap.add_argument("--profile", action="store_true", help="instead of the table: cProfile of the first wave on the first size, workers=1")
    ap.add_argument("--top", type=int, default=40, help="rows of the profile (default 40)")
    ap.add_argument("--warm", action="store_true", help="with --profile: profile the warm preview (the analysis cache filled by one before it)")
    ap.add_argument("--no-floor", action="store_true", help="skip the floor measurement (parse / query / index alone)")
    ap.add_argument("--no-warm", action="store_true", help="skip the warm run (a second preview with the analysis cache) and measure the cold one without the cache")
    args = ap.parse_args()
    sizes = [200] if args.quick else args.files

    base = Path(tempfile.mkdtemp(prefix="wavemod-bench-"))
    print(f"wavemod benchmark: plan_wave (preview) per wave; jobs={args.jobs}, cpus={os.cpu_count()}, python {sys.version.split()[0]}")
    print(f"corpora under {base}{' (kept)' if args.keep else ''}; generation is not timed; each measurement runs in a fresh subprocess\n")
    try:
        corpora = []  # (label, profile, size, repo, info, config)
        for profile_name in args.profiles:
            for size in sizes:
                t0 = time.perf_counter()
                repo = base / f"{profile_name}-{size}"
                repo.mkdir()
                info = build_repo(repo, size, profile_name)
                print(f"[{profile_name}] " + "\n".join(describe(size, info)) + f"\n  generated in {time.perf_counter() - t0:.1f} s (not timed)")
                corpora.append((f"{profile_name[:4]}-{size}", profile_name, size, repo, info, None))
        if not args.no_real_code and not args.quick:
            from realshape import describe_shape

            for name in REAL_CONFIGS:
                repo = unpack_real(base, name)
                if repo is None:
                    continue
                info = real_info(repo)
                print(f"[real code] {name}: {info['files']} .ts/.tsx files, {info['bytes'] / 1e6:.1f} MB\n" + describe_shape(info))
                corpora.append((name[:12], "code", info["files"], repo, info, REAL_CONFIGS[name]))
        print()
        if args.profile:
            label, _, size, repo, _, config = corpora[0]
            print(f"profiling {args.waves[0]} on {label}")
            profile(repo, args.waves[0], args.top, config, args.warm)
            return
        header = f"{'corpus':<12} {'files':>6} {'MB':>6} {'wave':<7} {'in-wave':>7} {'parsed':>6} {'wall s':>7} {'warm s':>7} {'files/s':>8} {'MB/s':>6} {'changed':>7} {'edits':>6} {'async fn':>8} {'findings':>8} {'failed':>6} {'checks':>6} {'RSS MB':>7} {'rusage MB':>9} {'target':>8} {'met':>4}"
        rows, verdicts, measured = [], [], []
        for label, profile_name, size, repo, info, config in corpora:
            mb = info["bytes"] / 1e6
            targets = TARGET_SECONDS.get(profile_name, TARGET_SECONDS["real"])
            for wave in args.waves:
                # Cold: no analysis cache entry yet (the run writes them, as a first preview does);
                # warm: the same preview again on the unchanged tree, in a fresh process.
                clear_cache(repo)
                m = measure(repo, wave, args.jobs, config, cache=not args.no_warm)
                warm = measure(repo, wave, args.jobs, config, cache=True) if not args.no_warm else None
                if warm is not None:
                    m["warm"] = warm["wall"]
                    m["proc_mb"] = max(m["proc_mb"], warm["proc_mb"])
                measured.append(m)
                target = targets.get(size, size * min(targets.values()) / 1000)
                warm_target = WARM_SECONDS.get(size, size * WARM_SECONDS[1000] / 1000)
                met = m["wall"] <= target and m["proc_mb"] < TARGET_RSS_MB and (warm is None or warm["wall"] <= warm_target)
                verdicts.append((label, wave, m["wall"], target, m["proc_mb"], size in targets, m.get("warm"), warm_target))
                warm_s = f"{m['warm']:>7.2f}" if "warm" in m else f"{'-':>7}"
                row = (f"{label:<12} {info['files']:>6} {mb:>6.1f} {wave:<7} {m['in_wave']:>7} {m['parsed']:>6} {m['wall']:>7.2f} {warm_s} {info['files'] / m['wall']:>8.0f} {mb / m['wall']:>6.2f} "
                       f"{m['changed']:>7} {m['edits']:>6} {m['async_functions']:>8} {m['findings']:>8} {m['failed']:>6} {m['checks']:>6} "
                       f"{m['proc_mb']:>7.0f} {m['rusage_mb']:>9.0f} {target:>7.1f}s {'yes' if met else 'NO':>4}")
                rows.append(row)
                print(row if len(rows) > 1 else header + "\n" + row, flush=True)
                for failure in m["failures"]:
                    print(f"        failed: {failure}")
            # After the waves (the corpus' own disk writes are long done), best of two runs each.
            floors = {} if args.no_floor else {level: min(measure_floor(repo, level, args.jobs) for _ in range(2)) for level in FLOORS}
            described = dict(FLOORS)
            tool = None if args.no_floor else ast_grep()
            if tool is not None:
                version = subprocess.run([tool, "--version"], capture_output=True, text=True, check=True).stdout.strip()
                wall, found = min(measure_reference(tool, repo, args.jobs) for _ in range(2))
                floors["ast-grep"] = wall
                described["ast-grep"] = (f"reference: `{version} scan -j {args.jobs}` with bench/ast-grep's rules"
                                         f" (prepare calls, connection and auth imports: {found} found)")
            elif not args.no_floor:
                print(f"{'':<12} {'':>6} {'':>6} floor   ast-grep {'-':>6}  reference scan skipped: no ast-grep (`make bench` installs it)", flush=True)
            for level, wall in floors.items():
                waves = " ".join(f"{w['wall'] / wall:.1f}x" for w in measured[-len(args.waves):])
                print(f"{'':<12} {'':>6} {'':>6} floor   {level:<7} {wall:>7.2f}  {described[level]}; the waves above take {waves} this", flush=True)
            if not args.no_floor:
                # What no design on this parser can go below: each file the wave parses, parsed and
                # indexed once (the engine parses and indexes a rewritten file twice, and analyses it).
                own = [min(measure_floor(repo, "index", args.jobs, w["parsed_paths"]) for _ in range(2)) for w in measured[-len(args.waves):]]
                walls = " ".join(f"{wall:.2f}" for wall in own)
                ratios = " ".join(f"{w['wall'] / wall:.1f}x" for w, wall in zip(measured[-len(args.waves):], own))
                counts = " ".join(str(len(w["parsed_paths"])) for w in measured[-len(args.waves):])
                print(f"{'':<12} {'':>6} {'':>6} floor   parsed  {walls}  parse + one FileIndex of just the files each wave parses ({counts}); the waves take {ratios} this", flush=True)
        print("\ncolumns: files = tracked .ts files in the corpus; in-wave = files the wave selects; parsed = files the run parsed")
        print("  (the others hold nothing the wave could change: engine/run/relevance.py);")
        print("  wall s = the cold preview (no analysis cache entry yet; it writes them), warm s = the same preview again")
        print("  on the unchanged tree, reading them (each in a fresh process; --no-warm: cold only, without the cache);")
        print("  files/s and MB/s over the whole corpus; edits = applied edits of all rules; async fn = functions made async;")
        print("  RSS MB = the sum of the peak RSS (VmHWM) of the measuring process and each of its worker processes, read")
        print("  from /proc by the parent every 0.25 s (peaks that did not coincide and copy-on-write pages count in full: an over-estimate);")
        print("  rusage MB = ru_maxrss(RUSAGE_SELF) + ru_maxrss(RUSAGE_CHILDREN) in the measuring process (largest child only).")
        if not args.no_floor:
            print("  floor rows: wall time, on the same worker count, of parsing (and indexing) every file once, for scale (see FLOORS);")
            print("  a wave parses only its `parsed` files, so it can take less; each file it parses costs at least its `index` share.")
            print("  floor parsed: the `index` level over just the files each wave parsed (its `parsed` column), best of two:")
            print("  the part of the wave no engine built on this parser avoids; the rest of the wave is the engine's own work.")
            print("  ast-grep row: a compiled tool's scan of every file for what the waves start from (find only), best of two;")
            print("  issue 17 set the cold targets beside such a scan taking 1.4 s on a 944-file app on another machine.")
        print("\ntargets (per wave preview): real-shaped 1,000 files <= 1 s, 10,000 files <= 10 s (real code: the same rate);")
        print("  warm <= 0.4 s at 1,000 files, <= 3 s at 10,000;")
        print("  synthetic 1,000 files < 2 s, 10,000 files < 20 s; peak RSS < 1 GB (1024 MB, RSS column). Other sizes pro rata.")
        for label, wave, wall, target, rss, official, warm, warm_target in verdicts:
            time_ok, mem_ok = wall <= target, rss < TARGET_RSS_MB
            warm_text = "" if warm is None else f"; warm {warm:.2f} s vs {warm_target:.1f} s {'met' if warm <= warm_target else 'NOT met'}"
            print(f"  {label:<12} {wave}: time {wall:.2f} s vs {target:.1f} s {'met' if time_ok else 'NOT met'}"
                  f"{'' if official else ' (pro rata)'}{warm_text}; RSS {rss:.0f} MB vs {TARGET_RSS_MB:.0f} MB {'met' if mem_ok else 'NOT met'}")
    finally:
        if args.keep:
            print(f"\nkept: {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
