"""What counts as a source of the target repository: tracked regular files present on disk.
Symbolic links are never written through, and tracked files deleted from the working tree are not
read (they used to crash every command)."""
from __future__ import annotations

import os
from pathlib import Path

from conftest import git, make_repo
from wavemod.engine.api import plan_wave
from wavemod.engine.core.config import Config
from wavemod.engine.git.gitops import apply_wave
from wavemod.engine.core.workspace import Workspace
from test_apply import SMALL_FILES

OUTSIDE = "import db from '@/lib/db/connection'\nexport function ext() {\n  return db.prepare('SELECT 1 AS one').get()\n}\n"
TICKETS = "import db from '@/lib/db/connection'\nexport function ticket(id: number) {\n  return db.prepare('SELECT * FROM tickets WHERE id = ?').get(id)\n}\n"
ROUTE = "import { ticket } from '@/lib/tickets/alias'\nexport async function GET() {\n  return Response.json(ticket(1))\n}\n"


def _repo_with_links(tmp_path: Path) -> Path:
    outside = tmp_path / "outside" / "shared.ts"
    outside.parent.mkdir()
    outside.write_text(OUTSIDE)
    repo = make_repo(tmp_path / "app", {**SMALL_FILES, "lib/tickets/queries.ts": TICKETS, "app/api/tickets/route.ts": ROUTE})
    os.symlink(outside, repo / "lib/auth/shared.ts")
    os.symlink("queries.ts", repo / "lib/tickets/alias.ts")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "links")
    return repo


def test_symbolic_links_are_not_sources_and_imports_through_them_reach_the_file(tmp_path: Path, config: Config) -> None:
    repo = _repo_with_links(tmp_path)
    workspace = Workspace.open(repo)
    assert "lib/auth/shared.ts" not in workspace.files and "lib/tickets/alias.ts" not in workspace.files
    assert workspace.resolver.resolve("@/lib/tickets/alias", "app/api/tickets/route.ts") == "lib/tickets/queries.ts"

    outcome = apply_wave(repo, "wave-1", config, workers=1)
    committed = git(repo, "show", "--name-only", "--format=", outcome.commit).split()
    assert (tmp_path / "outside" / "shared.ts").read_text() == OUTSIDE  # never written through the link
    assert "lib/auth/shared.ts" not in committed and "lib/auth/shared.ts" not in outcome.pr_text
    # The call through the link is awaited: it reaches the function that turned async.
    assert "Response.json(await ticket(1))" in (repo / "app/api/tickets/route.ts").read_text()
    assert "lib/tickets/queries.ts" in committed and os.readlink(repo / "lib/tickets/alias.ts") == "queries.ts"
    assert git(repo, "status", "--porcelain") == ""


def test_a_tracked_file_deleted_from_the_working_tree_is_left_out_of_a_preview(tmp_path: Path, config: Config) -> None:
    repo = make_repo(tmp_path / "app", {**SMALL_FILES, "lib/tickets/queries.ts": TICKETS})
    (repo / "lib/tickets/queries.ts").unlink()
    result = plan_wave(repo, "wave-1", config, workers=1)
    assert "lib/tickets/queries.ts" not in result.facts
    assert [c.path for c in result.changed] == ["app/api/auth/login/route.ts"]
