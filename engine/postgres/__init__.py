"""What talks to a PostgreSQL server: sqlcheck, the schema load, diff and sync (and the SQLite side they compare with). (see docs/architecture.md)"""
