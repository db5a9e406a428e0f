"""What the target's TypeScript says: bindings, functions, the project index, where queries sit, the FileContext a codemod gets. (see docs/architecture.md)"""
