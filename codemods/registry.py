"""Codemods by name. Rule files refer to them with `codemod = "<name>"`."""
from __future__ import annotations

from collections.abc import Callable

from tree_sitter import Node

from .base import Codemod, FileContext
from .async_propagation import AsyncPropagation
from .connection_helpers import ConnectionHelpers
from .drop_unused_imports import DropUnusedImports
from .exec_statements import ExecStatements
from .handle_parameters import HandleParameters
from .prepare_call import PrepareCall
from .sql_dialect import SqlDialect
from .statement_variables import StatementVariables
from .transactions import Transactions
from .sql_context import is_sqlite_transaction_callback

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
