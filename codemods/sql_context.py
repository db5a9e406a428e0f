"""Where a database call sits (defined in engine.analysis.placement, which the engine reads too)."""
from __future__ import annotations

from wavemod.engine.analysis.placement import (
    DEFAULT_BINDING,
    connection_helper,
    is_sqlite_transaction_callback,
    may_hold_handle,
    placement,
    sqlite_binding,
    transaction_handle,
)

__all__ = ["DEFAULT_BINDING", "connection_helper", "is_sqlite_transaction_callback", "may_hold_handle", "placement", "sqlite_binding", "transaction_handle"]
