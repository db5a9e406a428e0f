"""Codemods by name. Rule files refer to them with `codemod = "<name>"`."""
from __future__ import annotations

from collections.abc import Callable

from tree_sitter import Node

from wavemod.codemods.base import Codemod, FileContext
from wavemod.codemods.async_propagation import AsyncPropagation
from wavemod.codemods.connection_helpers import ConnectionHelpers
from wavemod.codemods.drop_unused_imports import DropUnusedImports
from wavemod.codemods.exec_statements import ExecStatements
from wavemod.codemods.handle_parameters import HandleParameters
from wavemod.codemods.prepare_call import PrepareCall
from wavemod.codemods.sql_dialect import SqlDialect
from wavemod.codemods.statement_variables import StatementVariables
from wavemod.codemods.transactions import Transactions
from wavemod.codemods.sql_context import is_sqlite_transaction_callback

CODEMODS: dict[str, Codemod] = {
    c.NAME: c
    for c in (PrepareCall(), ConnectionHelpers(), StatementVariables(), Transactions(), ExecStatements(), DropUnusedImports(), HandleParameters(), SqlDialect(), AsyncPropagation())
}


def get(name: str) -> Codemod:
    return CODEMODS[name]


def runs_last(name: str | None) -> bool:
    return bool(name) and getattr(CODEMODS[name], "RUNS_LAST", False)


def transaction_callback_predicate(ctx: FileContext) -> Callable[[Node], bool]:
    return lambda fn: is_sqlite_transaction_callback(ctx, fn)
