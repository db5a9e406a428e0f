"""The target's own checks (type checker, test suite) run on a commit in a temporary worktree, and the gates built on them. (see docs/architecture.md)"""
