"""Rendering results: diffs, the terminal and JSON reports, the pull-request description, the review page. (see docs/architecture.md)"""
