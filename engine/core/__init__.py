"""The syntax tree, languages, configuration, the workspace and module resolution, edits: what every layer above may use. (see docs/architecture.md)"""
