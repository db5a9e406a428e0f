"""What a codemod is and what it gets: the parsed file, its bindings, the rule and the project index.

The engine builds a `FileContext` for every file it runs codemods on (and for the checks that read
the same file), so these live in the engine; codemods.base re-exports them for the codemods."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from tree_sitter import Node, Tree

from wavemod.engine.analysis.bindings import FileIndex
from wavemod.engine.core.config import Config, Example, Rule
from wavemod.engine.core.syntax import line_at
from wavemod.engine.core.types import Edit, Finding

if TYPE_CHECKING:
    from wavemod.engine.analysis.adapter_contract import AdapterContract
    from wavemod.engine.analysis.connection_helpers import ConnectionHelper
    from wavemod.engine.analysis.project import ProjectIndex
    from wavemod.engine.sql.repository_rules import RepositoryIndex
    from wavemod.engine.sql.sqlschema import Schema
    from wavemod.engine.core.workspace import ModuleResolver

Match = dict[str, Node]


@dataclass
class FileContext:
    """One file at one pass of the rewrite loop."""

    path: str
    source: bytes
    tree: Tree
    lang: str
    index: FileIndex
    config: Config
    project: "ProjectIndex | None" = None
    sql_target: str = "portable"
    schema: "Schema | None" = None
    repositories: "RepositoryIndex | None" = None  # the wave's repository rules (None: adapter only)
    in_wave: bool = True  # outside the wave a file only gets what changes elsewhere cause
    # module -> the target's adapter, read from its source: what calls may be generated to it
    adapters: "dict[str, AdapterContract | None]" = field(default_factory=dict)
    # connection module -> its own query helpers by exported name (engine.analysis.connection_helpers)
    connection_helpers: "dict[str, dict[str, ConnectionHelper]]" = field(default_factory=dict)
    # name -> codemod: the registry the run was handed (engine.run.runner runs the rules' codemods from it)
    codemods: "Mapping[str, Codemod]" = field(default_factory=dict, repr=False)
    edits: list[Edit] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    notes: list[Finding] = field(default_factory=list)  # what was changed, for reviewers (not a to-do)

    def bytes_of(self, node: Node) -> bytes:
        return self.source[node.start_byte : node.end_byte]

    def line(self, node_or_offset: Node | int) -> int:
        offset = node_or_offset if isinstance(node_or_offset, int) else node_or_offset.start_byte
        return line_at(self.source, offset)

    @property
    def newline(self) -> bytes:
        return b"\r\n" if b"\r\n" in self.source else b"\n"


class Codemod:
    """A programmatic transform. Subclasses set NAME, DESCRIPTION and EXAMPLES and implement
    `transform`, which appends edits and findings to the context and never raises for bad input:
    what it cannot do safely, it reports as a finding and leaves alone."""

    NAME: ClassVar[str]
    DESCRIPTION: ClassVar[str]
    EXAMPLES: ClassVar[tuple[Example, ...]] = ()
    # Whether the codemod wants the rule's query matches (else it is called once per file).
    USES_QUERY: ClassVar[bool] = False
    # Whether it also runs on files outside the wave (async propagation must: a wave type-checks alone).
    GLOBAL: ClassVar[bool] = False
    # Runs after the other codemods of a pass.
    RUNS_LAST: ClassVar[bool] = False
    # Reads the edits the other codemods made in the same pass (ctx.edits); set RUNS_LAST with it.
    READS_EDITS: ClassVar[bool] = False
    # Reads the project index (ctx.project). The cross-file phase starts from text that is already a
    # fixpoint of every rule without the index, so its first pass runs only these and the codemods
    # that react to their edits (READS_EDITS): any other gives on that text what it gave before,
    # no edit (engine.run.runner).
    READS_PROJECT: ClassVar[bool] = False

    # Byte strings of which at least one must occur in a file for the codemod to have anything to do:
    # a cheap test that saves the tree walks on most files. Empty: always run.
    NEEDS: ClassVar[tuple[bytes, ...]] = ()

    def wants(self, source: bytes) -> bool:
        return not self.NEEDS or any(needle in source for needle in self.NEEDS)

    def acts_alone(self, source: bytes, modules: frozenset[str], rule: Rule, config: Config, resolver: "ModuleResolver") -> bool:
        """Could this codemod edit or report on a file while nothing the file calls changes in the
        run? `modules` are what the file imports (resolved). False lets a run leave the file
        unparsed (engine.run.relevance). Called after `wants`; by default, yes."""
        return True

    def transform(self, ctx: FileContext, rule: Rule, matches: list[Match]) -> None:
        raise NotImplementedError

    # helpers shared by every codemod
    @staticmethod
    def edit(ctx: FileContext, rule: Rule, start: int, end: int, text: bytes | str, **kw: Any) -> None:
        data = text.encode("utf-8") if isinstance(text, str) else text
        ctx.edits.append(Edit(start, end, data, rule.id, kw.pop("priority", rule.priority), **kw))

    @staticmethod
    def warn(ctx: FileContext, rule: Rule, at: Node | int, message: str, kind: str = "review") -> None:
        ctx.findings.append(Finding(ctx.path, ctx.line(at), rule.id, message, kind))
