"""`make demo`: preview wave 1 on the bundled example application, in a throwaway git repository."""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "helpdesk"


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="wavemod-demo-") as tmp:
        target = Path(tmp) / "helpdesk"
        shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("node_modules", "*.db"))
        env = {"GIT_AUTHOR_NAME": "demo", "GIT_AUTHOR_EMAIL": "demo@example.invalid", "GIT_COMMITTER_NAME": "demo", "GIT_COMMITTER_EMAIL": "demo@example.invalid", "PATH": "/usr/bin:/bin:/usr/local/bin"}
        for cmd in (["git", "init", "-q", "-b", "main"], ["git", "add", "-A"], ["git", "commit", "-q", "-m", "helpdesk before migration"]):
            subprocess.run(cmd, cwd=target, check=True, env=env)
        wave = sys.argv[1] if len(sys.argv) > 1 else "wave-1"
        print(f"wavemod preview {wave} --repo {target}\n", flush=True)
        return subprocess.run([sys.executable, "-m", "wavemod.engine.cli", "preview", wave, "--repo", str(target)], cwd=ROOT).returncode


if __name__ == "__main__":
    raise SystemExit(main())
