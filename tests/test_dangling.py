"""Nothing dangles: a file whose output references a name an edit removed, or imports a module of
the target that does not exist, is not written, whichever rule made the edit."""
from __future__ import annotations

from pathlib import Path

from wavemod.engine.api import run_project
from wavemod.engine.core.config import load_config
from wavemod.engine.core.types import Status
from test_cli import config_dir

DROP_IMPORT = '''
[[rules]]
id = "drop-helpers-import"
description = "a careless rule: removes an import whatever still uses it"
query = '(import_statement source: (string (string_fragment) @spec (#eq? @spec "./helpers"))) @match'
replace = ""
'''

SWAP_TO_NOWHERE = '''
[[rules]]
id = "swap-to-nowhere"
description = "points an import at a module the target does not have"
query = '(import_statement source: (string (string_fragment) @spec (#eq? @spec "./helpers")))'
target = "spec"
replace = "@/lib/helpers-v2"
'''

SOURCE = b"import { slug } from './helpers'\nexport const title = (s: string) => slug(s).toUpperCase()\n"
HELPERS = b"export const slug = (s: string) => s.trim()\n"


def _run(tmp_path: Path, rule: str, rule_id: str):  # type: ignore[no-untyped-def]
    config = load_config(config_dir(tmp_path, extra_rule=rule))
    return run_project({"lib/title.ts": SOURCE, "lib/helpers.ts": HELPERS}, [config.rules[rule_id]], config, {"lib/title.ts"})


def test_a_removed_declaration_still_referenced_fails_the_file(tmp_path: Path) -> None:
    result = _run(tmp_path, DROP_IMPORT, "drop-helpers-import")
    (change,) = [c for c in result.changes if c.path == "lib/title.ts"]
    assert change.status is Status.FAILED
    assert change.after == SOURCE  # left as it was
    assert "rule drop-helpers-import removed the declaration of `slug`, which the rewritten text still uses at line 2" in change.reason


def test_an_import_of_a_missing_module_fails_the_file(tmp_path: Path) -> None:
    result = _run(tmp_path, SWAP_TO_NOWHERE, "swap-to-nowhere")
    (change,) = [c for c in result.changes if c.path == "lib/title.ts"]
    assert change.status is Status.FAILED and change.after == SOURCE
    assert "the rewritten text imports @/lib/helpers-v2 at line 1, which resolves to no file of the target" in change.reason


def test_an_import_that_resolves_passes(tmp_path: Path) -> None:
    config = load_config(config_dir(tmp_path, extra_rule=SWAP_TO_NOWHERE))
    files = {"lib/title.ts": SOURCE, "lib/helpers.ts": HELPERS, "lib/helpers-v2.ts": HELPERS}
    result = run_project(files, [config.rules["swap-to-nowhere"]], config, {"lib/title.ts"})
    (change,) = [c for c in result.changes if c.path == "lib/title.ts"]
    assert change.status is Status.CHANGED
    assert change.after.startswith(b"import { slug } from '@/lib/helpers-v2'")
