"""The other questions wavemod answers about a target: audit, floating promises, repository suggestions, the adapter template. (see docs/architecture.md)"""
