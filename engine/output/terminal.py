"""Output on a terminal: long diffs go through a pager, as git sends them, with lines chopped
(scroll sideways) rather than wrapped; `--no-pager`, `PAGER=cat` or no pager installed crop them
to the screen with a marker instead."""
from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.pager import Pager

# git's default, plus S: chop long lines (the diff is read, not reflowed). F quits at once when the
# output fits on one screen, R passes the colours, X leaves the text on the screen afterwards.
LESS_FLAGS = "FRSX"


def pager_command() -> str | None:
    """The pager to use: $PAGER (as git runs it, through the shell), else `less`; None when it is
    empty, `cat`, or not installed."""
    command = os.environ.get("PAGER", "less").strip()
    if not command or command == "cat":
        return None
    try:
        program = shlex.split(command)[0]
    except (ValueError, IndexError):
        return None
    return command if shutil.which(program) else None


class CommandPager(Pager):
    """Pipes rich's captured output through `command`, like git's pager."""

    def __init__(self, command: str) -> None:
        self.command = command

    def show(self, content: str) -> None:
        env = dict(os.environ)
        env.setdefault("LESS", LESS_FLAGS)
        try:
            subprocess.run(self.command, shell=True, input=content.encode("utf-8", "surrogateescape"), env=env, check=False)
        except OSError:
            sys.stdout.write(content)  # the pager could not start: the output still gets out
        except KeyboardInterrupt:
            pass  # quitting the pager early is how people stop reading


@contextmanager
def paged(console: Console, command: str | None) -> Iterator[None]:
    """Everything printed on `console` inside goes through `command` (or straight out when None)."""
    if command is None:
        yield
        return
    with console.pager(pager=CommandPager(command), styles=True):
        yield
