"""What a codemod is and what it gets (defined in engine.analysis.context, where the engine builds them)."""
from __future__ import annotations

from wavemod.engine.analysis.context import Codemod, FileContext, Match

__all__ = ["Codemod", "FileContext", "Match"]
