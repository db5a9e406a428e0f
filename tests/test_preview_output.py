"""`preview` output fits where it goes: a plain patch and plain text when piped, never-wrapped
diff lines on a terminal (a real pseudo-terminal, the installed `wavemod` script), through a pager
or cropped with a marker, colours as NO_COLOR/FORCE_COLOR say."""
from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import git, make_repo
from wavemod.engine.cli import app
from wavemod.engine.output.plainreport import SEPARATOR
from test_apply import SMALL_FILES

runner = CliRunner()
WAVEMOD = Path(sys.executable).with_name("wavemod")
ANSI = re.compile(r"\x1b\[[0-9;]*m")
COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?3[0-9](?:;[0-9;]*)?m|\x1b\[9[0-7]m")
BOX = tuple(chr(c) for c in range(0x2500, 0x2580))
LONG = "x" * 150  # a query longer than any terminal line


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    files = dict(SMALL_FILES)
    files["app/api/tickets/report/route.ts"] = (
        "import db from '@/lib/db/connection'\n"
        "\n"
        "export function GET(request: Request) {\n"
        f"  const rows = db.prepare('SELECT id, email AS {LONG} FROM users WHERE id = ?').all(1)\n"
        "  return Response.json(rows)\n"
        "}\n"
    )
    return make_repo(tmp_path / "app", files)


def piped(*args: object, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, [str(a) for a in args], env=env)
    assert result.exit_code == 0, result.output
    return result


def test_piped_preview_is_the_patch_then_plain_text(repo: Path, tmp_path: Path) -> None:
    patch = tmp_path / "w1.patch"
    out = piped("preview", "wave-1", "--repo", repo, "--patch", patch).stdout_bytes
    assert not any(line.startswith(BOX) for line in out.decode().splitlines())
    diff, summary = out.split(SEPARATOR.encode() + b"\n")
    assert diff == patch.read_bytes() and LONG.encode() in diff  # the same bytes as --patch, nothing wrapped
    assert b"# needs a human" in summary or b"# files changed: " in summary
    assert all(line.startswith(b"#") for line in summary.splitlines())
    git(repo, "apply", "--check", str(patch))
    stripped = tmp_path / "stripped.patch"
    stripped.write_bytes(diff)
    git(repo, "apply", str(stripped))
    assert LONG in (repo / "app/api/tickets/report/route.ts").read_text() and "executeQuery" in (repo / "app/api/tickets/report/route.ts").read_text()


def test_patch_dash_writes_only_the_patch_to_stdout(repo: Path, tmp_path: Path) -> None:
    patch = tmp_path / "w1.patch"
    piped("preview", "wave-1", "--repo", repo, "--patch", patch)
    result = piped("preview", "wave-1", "--repo", repo, "--patch", "-")
    assert result.stdout_bytes == patch.read_bytes()
    assert SEPARATOR in result.stderr  # the summary still reaches the reader


def test_force_color_colours_the_piped_diff_and_nothing_else(repo: Path, tmp_path: Path) -> None:
    patch = tmp_path / "w1.patch"
    piped("preview", "wave-1", "--repo", repo, "--patch", patch)
    out = piped("preview", "wave-1", "--repo", repo, env={"FORCE_COLOR": "1", "NO_COLOR": ""}).stdout
    assert COLOUR.search(out)
    assert ANSI.sub("", out).split(SEPARATOR + "\n")[0] == patch.read_text()


def on_terminal(args: list[str], env: dict[str, str], columns: int = 80) -> tuple[int, str]:
    """Run the installed `wavemod` with stdout on a pseudo-terminal `columns` wide."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    clean = {k: v for k, v in os.environ.items() if k not in {"COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "PAGER", "LESS"}}
    proc = subprocess.Popen([str(WAVEMOD), *args], stdin=slave, stdout=slave, stderr=subprocess.DEVNULL, env=clean | env, close_fds=True)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # the other end closed (Linux reports EIO)
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    return proc.wait(timeout=120), b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")


def test_on_a_terminal_long_diff_lines_are_cropped_with_a_marker_never_wrapped(repo: Path) -> None:
    code, out = on_terminal(["preview", "wave-1", "--repo", str(repo), "--no-pager", "-j", "1"], {"PAGER": "cat"})
    assert code == 0
    lines = [ANSI.sub("", line) for line in out.splitlines()]
    assert max(len(line) for line in lines) <= 80
    long_lines = [line for line in lines if "xxxxxxxxxx" in line]
    assert len(long_lines) == 2 and all(line.endswith("…") for line in long_lines)  # the - and + lines, cropped
    assert not any(line.startswith("x") for line in lines)  # no continuation line
    assert COLOUR.search(out)  # coloured by default on a terminal


def test_on_a_terminal_the_preview_goes_through_the_pager_whole(repo: Path, tmp_path: Path) -> None:
    record = tmp_path / "pager"
    pager = tmp_path / "pager.sh"
    pager.write_text(f'#!/bin/sh\nprintf "%s\\n" "$LESS" > {record}.env\ncat > {record}.out\n')
    pager.chmod(0o755)
    code, out = on_terminal(["preview", "wave-1", "--repo", str(repo), "-j", "1"], {"PAGER": str(pager)})
    assert code == 0 and "@@" not in out  # everything went to the pager
    paged = ANSI.sub("", (tmp_path / "pager.out").read_text())
    assert f"AS {LONG} FROM users" in paged  # whole: the pager chops, it does not wrap
    assert "S" in (tmp_path / "pager.env").read_text()  # less -S unless the user set LESS


def test_no_color_on_a_terminal(repo: Path) -> None:
    code, out = on_terminal(["preview", "wave-1", "--repo", str(repo), "--no-pager", "-j", "1"], {"NO_COLOR": "1"})
    assert code == 0 and "@@" in out and not COLOUR.search(out)
