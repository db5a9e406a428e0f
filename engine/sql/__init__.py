"""SQL text and schemas (dialect rewrite, shapes, row types, repository rules): no TypeScript, no database connection. (see docs/architecture.md)"""
