"""`const stmt = db.prepare(SQL)` then `stmt.run(x)`: inline single uses, keep the SQL in a const
for several uses, and list what cannot be followed (statements passed around, assigned later)."""
from __future__ import annotations

from tree_sitter import Node

from wavemod.engine.core.config import Config, Example, Rule
from wavemod.engine.core.workspace import ModuleResolver
from wavemod.engine.analysis.imports import statement_span
from wavemod.engine.core.syntax import text, unwrap_parens, walk
from wavemod.engine.sql.repository_rules import PRIORITY
from wavemod.codemods import repository_call
from wavemod.codemods.adapter_call import Calls, call_values, rewrite_execution
from wavemod.codemods.base import Codemod, FileContext, Match
from wavemod.codemods.sql_context import may_hold_handle, placement, sqlite_binding

EXECUTIONS = ("get", "all", "run")


def _prepare_sql(ctx: FileContext, value: Node, binding) -> Node | None:
    """The SQL argument if `value` is `<bound>.prepare(SQL)`."""
    value = unwrap_parens(value)
    if value.type != "call_expression":
        return None
    callee = value.child_by_field_name("function")
    if callee is None or callee.type != "member_expression" or text(callee.child_by_field_name("property")) != "prepare":
        return None
    obj = callee.child_by_field_name("object")
    args = [a for a in value.child_by_field_name("arguments").named_children if a.type != "comment"]
    if obj is None or len(args) != 1 or not ctx.index.is_bound(obj, binding):
        return None
    return args[0]


def _repository_plans(ctx: FileContext, sql_node: Node, plans: list) -> list[repository_call.RepositoryPlan] | None:
    """A repository call for every use, or None (then every use goes to the adapter: one
    statement, one treatment)."""
    sql = repository_call.static_sql(ctx, sql_node)
    found = []
    for call, method, target in plans:
        if target.module is None:  # a transaction handle: stays on the transaction
            return None
        one = repository_call.plan(ctx, call, method, sql)
        if one is None:
            return None
        found.append(one)
    return found


class StatementVariables(Codemod):
    NAME = "statement-variables"
    DESCRIPTION = "Prepared-statement variables become adapter calls at each use."
    NEEDS = (b"prepare(",)
    EXAMPLES = (
        Example(
            "import db from '@/lib/db/connection'\nexport function f(ids: number[]) {\n  const stmt = db.prepare('DELETE FROM t WHERE id = ?')\n  for (const id of ids) {\n    stmt.run(id)\n  }\n}\n",
            "import { executeRun } from '@/lib/db/adapter'\nexport async function f(ids: number[]) {\n  for (const id of ids) {\n    await executeRun('DELETE FROM t WHERE id = ?', [id])\n  }\n}\n",
        ),
    )

    def acts_alone(self, source: bytes, modules: frozenset[str], rule: Rule, config: Config, resolver: ModuleResolver) -> bool:
        return may_hold_handle(source, modules, rule.options, config, resolver)

    def transform(self, ctx: FileContext, rule: Rule, matches: list[Match]) -> None:
        binding = sqlite_binding(ctx, rule.options)
        if binding is None:
            return
        calls = Calls.of(ctx, rule)
        for declarator in ctx.index.nodes("assignment_expression", "variable_declarator"):
            if declarator.type == "assignment_expression":
                right = declarator.child_by_field_name("right")
                if right is not None and _prepare_sql(ctx, right, binding) is not None:
                    self.warn(ctx, rule, declarator, "prepared statement assigned after its declaration: rewrite by hand")
                continue
            if declarator.type != "variable_declarator":
                continue
            value = declarator.child_by_field_name("value")
            name_node = declarator.child_by_field_name("name")
            if value is None or name_node is None or name_node.type != "identifier":
                continue
            value = unwrap_parens(value)
            branches: list[tuple[Node, Node]] = []  # (prepare call, sql)
            if value.type == "ternary_expression":
                for branch in (value.child_by_field_name("consequence"), value.child_by_field_name("alternative")):
                    sql = _prepare_sql(ctx, branch, binding) if branch is not None else None
                    if sql is None:
                        break
                    branches.append((unwrap_parens(branch), sql))
                if len(branches) != 2:
                    if branches:
                        self.warn(ctx, rule, declarator, "statement chosen by a ternary whose branches are not all prepare() calls: rewrite by hand")
                    continue
            else:
                sql = _prepare_sql(ctx, value, binding)
                if sql is None:
                    continue
                branches.append((value, sql))
            self._rewrite(ctx, rule, declarator, name_node, value, branches, calls)

    def _to_repository(self, ctx: FileContext, rule: Rule, declaration: Node, sql_node: Node, plans: list) -> bool:
        found = _repository_plans(ctx, sql_node, plans) if ctx.repositories else None
        if not found:
            return False
        for (call, method, _), one in zip(plans, found):
            repository_call.rewrite(ctx, call, method, one)
        start, end = statement_span(ctx.source, declaration)
        self.edit(ctx, rule, start, end, b"", priority=PRIORITY)  # wins over SQL fixes inside it
        return True

    def _rewrite(self, ctx, rule, declarator, name_node, value, branches, calls: Calls) -> None:
        name = text(name_node)
        uses: list[tuple[Node, str]] = []
        for ref in ctx.index.references(name, exclude=name_node):
            if ref.type != "identifier" or ctx.index.declaration(ref) != declarator:
                continue
            member = ref.parent
            call = member.parent if member is not None else None
            prop = text(member.child_by_field_name("property")) if member is not None and member.type == "member_expression" else ""
            if call is None or call.type != "call_expression" or prop not in EXECUTIONS or member.child_by_field_name("object") != ref:
                self.warn(ctx, rule, ref, f"statement `{name}` is used as `{text(member) if member is not None else name}`: only get/all/run can be rewritten; rewrite by hand")
                return
            uses.append((call, prop))
        if not uses:
            self.warn(ctx, rule, declarator, f"statement `{name}` is prepared but never executed: remove it or rewrite by hand")
            return
        plans = []
        for call, method in uses:
            verdict, handle, reason = placement(ctx, call, calls.tx_helper)
            if verdict == "wait":
                return
            if verdict == "stop":
                self.warn(ctx, rule, call, f"statement `{name}` not rewritten: {reason}")
                return
            target = calls.on_handle(handle, method) if verdict == "tx" else calls.helper(method)
            refused = calls.missing_member(method) if target is None else target.refuses(len(call_values(call)))
            if refused:
                self.warn(ctx, rule, call, f"statement `{name}` not rewritten: {refused}")
                return
            plans.append((call, method, target))
        declaration = declarator.parent
        single_declarator = declaration is not None and declaration.type in {"lexical_declaration", "variable_declaration"} and len(declaration.named_children) == 1
        sql_node = branches[0][1]
        plain = len(branches) == 1 and not any(c.type == "template_substitution" for c in walk(sql_node))
        if plain and single_declarator and self._to_repository(ctx, rule, declaration, sql_node, plans):
            return
        if len(uses) == 1 and plain and single_declarator:
            # One use: the SQL moves to it and the declaration goes (a plain string means no value can
            # change between the declaration and the use).
            call, method, target = plans[0]
            head_end = call.child_by_field_name("arguments").start_byte + 1
            rewrite_execution(ctx, rule, call, method, target, head_end, ctx.bytes_of(sql_node))
            start, end = statement_span(ctx.source, declaration)
            # The declaration goes in the same pass as its use moves, or it stays behind dead,
            # still naming the handle: so it wins over the SQL fixes inside it (they happen to the
            # moved copy on the next pass).
            self.edit(ctx, rule, start, end, b"", priority=PRIORITY)
            return
        # Several uses (or SQL evaluated at declaration time): keep the SQL in a const.
        new_name = name if name.lower().endswith("sql") else f"{name}Sql"
        if new_name != name and ctx.index.references(new_name):
            new_name = name
        for prepare_call, sql in branches:
            self.edit(ctx, rule, prepare_call.start_byte, sql.start_byte, b"")
            self.edit(ctx, rule, sql.end_byte, prepare_call.end_byte, b"")
        if new_name != name:
            self.edit(ctx, rule, name_node.start_byte, name_node.end_byte, new_name)
        for call, method, target in plans:
            head_end = call.child_by_field_name("arguments").start_byte + 1
            rewrite_execution(ctx, rule, call, method, target, head_end, new_name.encode())
