"""A wave's run over the target's files: schedule, workers, the rewrite passes, acceptance checks, the analysis cache. (see docs/architecture.md)"""
