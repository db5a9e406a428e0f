#!/usr/bin/env python3
"""Write what `wavemod preview --json` and `--patch` print for every wave of one repository, so
two versions of the engine can be compared byte for byte (an optimisation must not change them).

    python bench/snapshot.py REPO OUT_DIR [--jobs 1 2] [--waves wave-1 ...] [--config waves.toml]
    diff -r OUT_A OUT_B

It runs the `wavemod` next to the Python that runs this script (the environment's own install).
Nothing is timed; the repository is read, not written.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

WAVES = ("wave-1", "wave-2", "wave-3")


def snapshot(repo: Path, out: Path, jobs: list[int], waves: list[str], config: str | None) -> None:
    """One `<wave>-j<N>.json` and `<wave>-j<N>.patch` per wave and worker count under `out`."""
    wavemod = Path(sys.executable).with_name("wavemod")
    out.mkdir(parents=True, exist_ok=True)
    extra = ["--config", config] if config else []
    for wave in waves:
        for n in jobs:
            base = [str(wavemod), "preview", wave, "--repo", str(repo), "-j", str(n), *extra]
            json_out = subprocess.run(base + ["--json"], capture_output=True)
            (out / f"{wave}-j{n}.json").write_bytes(json_out.stdout + b"\n-- exit %d\n" % json_out.returncode)
            patch_out = subprocess.run(base + ["--patch", "-"], capture_output=True)
            (out / f"{wave}-j{n}.patch").write_bytes(patch_out.stdout + b"\n-- exit %d\n" % patch_out.returncode)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("repo", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--waves", nargs="+", default=list(WAVES))
    ap.add_argument("--config")
    args = ap.parse_args()
    snapshot(args.repo.resolve(), args.out, args.jobs, args.waves, args.config)


if __name__ == "__main__":
    main()
