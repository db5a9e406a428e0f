"""Writing a wave to a branch, publishing it, and reviewing it. (see docs/architecture.md)"""
