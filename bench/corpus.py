"""Synthetic better-sqlite3 corpora for the benchmark, calibrated to /work/shared/docs/patterns.md.

The corpus reproduces the profile's proportions per file, not just its averages: what drives the
engine's cost is how many files hold database code, how many functions turn async and how far
calls cross files, so those follow the profile too (PROFILE below, per 950 files, scaled to the
corpus). Generation is seeded: the same size gives the same bytes.
"""
from __future__ import annotations

import os
import random
import subprocess
from pathlib import Path

SEED = 20240611

# The measured profile (patterns.md), per ~950 source files.
PROFILE_FILES = 950
PROFILE = {
    "route files": 190,
    "lib files": 350,
    "test files": 80,
    "prepare calls": 2333,
    "files with prepare calls": 278,
    "connection importers": 250,
    "auth importers": 115,
    "sync functions with prepare calls": 460,
    "cross-file call sites": 238,
}

ROUTE_DOMAINS = [  # (domain, weight)
    ("auth", 8), ("tickets", 18), ("dashboard", 6), ("analytics", 10), ("knowledge", 10), ("cmdb", 10),
    ("workflows", 10), ("notifications", 8), ("users", 10), ("reports", 5), ("settings", 5),
]
LIB_DOMAINS = [
    ("auth", 6), ("tickets", 16), ("dashboard", 5), ("analytics", 9), ("knowledge", 10), ("cmdb", 10),
    ("workflows", 10), ("notifications", 8), ("users", 10), ("reports", 6), ("audit", 5), ("settings", 5),
]
ENTITY = {  # domain -> (Entity, table)
    "auth": ("Session", "sessions"), "tickets": ("Ticket", "tickets"), "dashboard": ("Widget", "dashboard_widgets"),
    "analytics": ("Metric", "analytics_events"), "knowledge": ("Article", "kb_articles"), "cmdb": ("ConfigItem", "cmdb_items"),
    "workflows": ("Workflow", "workflows"), "notifications": ("Notification", "notifications"), "users": ("User", "users"),
    "reports": ("Report", "reports"), "audit": ("AuditEntry", "audit_logs"), "settings": ("Setting", "user_settings"),
}
NOUNS = ["service", "queries", "repository", "store", "manager", "helpers", "stats", "search", "history", "sync",
         "export", "import", "rules", "summary", "engine", "scheduler", "cache", "audit", "filters", "bulk"]
ROUTE_NAMES = ["list", "detail", "search", "export", "stats", "bulk", "assign", "comments", "history", "summary",
               "status", "close", "reopen", "sync", "preview", "settings", "members", "activity", "trends", "recent"]
UTIL_NOUNS = ["strings", "dates", "format", "validation", "pagination", "http", "colors", "slug", "money", "csv",
              "markdown", "retry", "debounce", "cache", "events", "errors", "ids", "locale", "paths", "query-string"]
COLUMNS = ["title", "status", "priority", "description", "assigned_to", "category_id", "name", "email", "role", "due_date"]


def weighted(rng: random.Random, pairs):
    total = sum(w for _, w in pairs)
    x = rng.uniform(0, total)
    for item, w in pairs:
        x -= w
        if x <= 0:
            return item
    return pairs[-1][0]


def connection_spec(rng: random.Random, path: str) -> str:
    """`@/lib/db/connection` 60% of the time, else a relative spelling that resolves to it."""
    if rng.random() < 0.6:
        return "@/lib/db/connection"
    depth = path.count("/")  # lib/x/y.ts -> 2, app/api/a/b/route.ts -> 4, deeper for overview routes
    if path.startswith("lib/"):
        return "../" * (depth - 1) + "db/connection"
    return "../" * depth + "lib/db/connection"


def module_spec(from_path: str, to_path: str, rng: random.Random) -> str:
    target = to_path[:-3]
    if rng.random() < 0.75:
        return "@/" + target
    rel = os.path.relpath(target, os.path.dirname(from_path))
    return rel if rel.startswith(".") else "./" + rel


# --- ordinary TypeScript (padding and util files) -----------------------------------------------

def pad_block(rng: random.Random, k: str) -> str:
    kind = rng.randrange(8)
    n = rng.randrange(1000)
    if kind == 0:
        fields = "\n".join(f"  {c}{'?' if rng.random() < 0.3 else ''}: {rng.choice(['string', 'number', 'boolean', 'string | null', 'Date', 'number[]'])};" for c in rng.sample(COLUMNS, 6))
        return f"/** Shape of a record as the UI sees it ({n}). */\nexport interface View{k}_{n} {{\n  id: number;\n{fields}\n  createdAt: string;\n  updatedAt?: string;\n}}\n"
    if kind == 1:
        return (
            f"/**\n * Normalises a free-text label into a URL-safe slug.\n * Keeps ASCII letters and digits, collapses everything else into single dashes.\n */\n"
            f"export function slugify{k}_{n}(input: string, maxLength = 64): string {{\n"
            f"  const base = input\n    .normalize('NFKD')\n    .replace(/[\\u0300-\\u036f]/g, '')\n    .trim()\n    .toLowerCase()\n"
            f"    .replace(/[^a-z0-9]+/g, '-')\n    .replace(/^-+|-+$/g, '');\n"
            f"  return base.length > maxLength ? base.slice(0, maxLength).replace(/-+$/, '') : base;\n}}\n"
        )
    if kind == 2:
        return (
            f"export class LruCache{k}_{n}<V> {{\n  private readonly entries = new Map<string, V>();\n\n"
            f"  constructor(private readonly capacity = {rng.randint(16, 512)}) {{}}\n\n"
            f"  get(key: string): V | undefined {{\n    const value = this.entries.get(key);\n    if (value !== undefined) {{\n"
            f"      this.entries.delete(key);\n      this.entries.set(key, value);\n    }}\n    return value;\n  }}\n\n"
            f"  set(key: string, value: V): void {{\n    if (this.entries.has(key)) this.entries.delete(key);\n"
            f"    this.entries.set(key, value);\n    while (this.entries.size > this.capacity) {{\n"
            f"      const oldest = this.entries.keys().next().value as string;\n      this.entries.delete(oldest);\n    }}\n  }}\n\n"
            f"  get size(): number {{\n    return this.entries.size;\n  }}\n}}\n"
        )
    if kind == 3:
        labels = rng.sample(["open", "pending", "resolved", "closed", "on_hold", "escalated", "new", "in_progress"], 5)
        cases = "\n".join(f"    case '{s}':\n      return '{s.replace('_', ' ').title()}';" for s in labels)
        return (
            f"export type Status{k}_{n} = {' | '.join(repr(s) for s in labels)};\n\n"
            f"export function statusLabel{k}_{n}(status: string): string {{\n  switch (status) {{\n{cases}\n    default:\n"
            f"      return status.charAt(0).toUpperCase() + status.slice(1);\n  }}\n}}\n"
        )
    if kind == 4:
        return (
            f"export function formatDuration{k}_{n}(ms: number): string {{\n  if (!Number.isFinite(ms) || ms < 0) return '-';\n"
            f"  const seconds = Math.floor(ms / 1000);\n  const parts: string[] = [];\n  const days = Math.floor(seconds / 86400);\n"
            f"  const hours = Math.floor((seconds % 86400) / 3600);\n  const minutes = Math.floor((seconds % 3600) / 60);\n"
            f"  if (days) parts.push(`${{days}}d`);\n  if (hours) parts.push(`${{hours}}h`);\n  if (minutes || parts.length === 0) parts.push(`${{minutes}}m`);\n"
            f"  return parts.join(' ');\n}}\n"
        )
    if kind == 5:
        return (
            f"export function parseCsvLine{k}_{n}(line: string, separator = ','): string[] {{\n  const out: string[] = [];\n"
            f"  let current = '';\n  let quoted = false;\n  for (let i = 0; i < line.length; i++) {{\n    const ch = line[i];\n"
            f"    if (ch === '\"') {{\n      if (quoted && line[i + 1] === '\"') {{\n        current += '\"';\n        i++;\n      }} else {{\n"
            f"        quoted = !quoted;\n      }}\n    }} else if (ch === separator && !quoted) {{\n      out.push(current);\n      current = '';\n"
            f"    }} else {{\n      current += ch;\n    }}\n  }}\n  out.push(current);\n  return out.map((cell) => cell.trim());\n}}\n"
        )
    if kind == 6:
        return (
            f"export async function fetchJson{k}_{n}<T>(url: string, init: RequestInit = {{}}, retries = 2): Promise<T> {{\n"
            f"  let lastError: unknown;\n  for (let attempt = 0; attempt <= retries; attempt++) {{\n    try {{\n"
            f"      const response = await fetch(url, {{ ...init, headers: {{ 'content-type': 'application/json', ...(init.headers ?? {{}}) }} }});\n"
            f"      if (!response.ok) throw new Error(`HTTP ${{response.status}} for ${{url}}`);\n      return (await response.json()) as T;\n"
            f"    }} catch (error) {{\n      lastError = error;\n      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));\n    }}\n  }}\n"
            f"  throw lastError instanceof Error ? lastError : new Error(String(lastError));\n}}\n"
        )
    return (
        f"const MESSAGES_{k}_{n}: Record<string, string> = {{\n  required: 'This field is required',\n  email: 'Enter a valid e-mail address',\n"
        f"  tooLong: 'The value is too long',\n  tooShort: 'The value is too short',\n}};\n\n"
        f"export function validateField{k}_{n}(name: string, value: unknown, rules: {{ required?: boolean; max?: number; min?: number; email?: boolean }}): string | null {{\n"
        f"  const text = typeof value === 'string' ? value.trim() : value == null ? '' : String(value);\n"
        f"  if (rules.required && text.length === 0) return `${{name}}: ${{MESSAGES_{k}_{n}.required}}`;\n"
        f"  if (rules.email && text && !/^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$/.test(text)) return `${{name}}: ${{MESSAGES_{k}_{n}.email}}`;\n"
        f"  if (rules.max !== undefined && text.length > rules.max) return `${{name}}: ${{MESSAGES_{k}_{n}.tooLong}}`;\n"
        f"  if (rules.min !== undefined && text.length < rules.min) return `${{name}}: ${{MESSAGES_{k}_{n}.tooShort}}`;\n  return null;\n}}\n"
    )


# --- database code -------------------------------------------------------------------------------

# Terminal methods of the profile's prepare calls: get 845, all 608, run 891.
METHOD_WEIGHTS = [("get", 40), ("all", 29), ("run", 31)]  # statement variables add runs on top


class Callable:
    """Something another file can call synchronously with an id: `import { name } from path`,
    then `call` (e.g. `getTicketL3_1(id)` or `ticketRepoL3.getById(id)`)."""

    def __init__(self, path: str, name: str, call: str):
        self.path, self.name, self.call = path, name, call


class Statements:
    """Statements of function bodies that each make one prepare call (the profile's call shapes:
    casts, spread arguments, member access on results, statement variables in loops, SQLite SQL)."""

    def __init__(self, rng: random.Random, domain: str, k: str, recv: str = "db"):
        self.rng, self.k, self.recv = rng, k, recv
        self.ent, self.table = ENTITY.get(domain, ("Record", "records"))
        self.T = f"{self.ent}{k}"
        self.mix = {"get": 0, "all": 0, "run": 0}
        self.j = 0

    def prelude(self) -> str:
        return (
            f"export interface {self.T} {{\n  id: number;\n  organization_id: number;\n  title: string;\n  status: string;\n"
            f"  priority: string;\n  assigned_to: number | null;\n  is_active: number;\n  created_at: string;\n  updated_at: string;\n}}\n\n"
            f"export interface Summary{self.k} {{\n  total: number;\n  lastId: number;\n}}\n"
        )

    def one(self, indent: str = "  ") -> str:
        """One statement (`id`, `orgId`, `total` and `lastId` are in scope)."""
        self.j += 1
        j, db, T, table, rng = self.j, self.recv, self.T, self.table, self.rng
        if rng.random() < 0.11:  # statement variable, executed in a loop
            self.mix["run"] += 1
            lines = [f"const stmt{j} = {db}.prepare('UPDATE {table} SET priority = ? WHERE id = ?');",
                     "for (const p of ['low', 'high']) {", f"  stmt{j}.run(p, id);", "}"]
        else:
            method = weighted(rng, METHOD_WEIGHTS)
            self.mix[method] += 1
            v = rng.randrange(3)
            if method == "get" and v == 0:
                lines = [f"const row{j} = {db}.prepare('SELECT * FROM {table} WHERE id = ?').get(id) as {T} | undefined;", f"if (row{j}) total += 1;"]
            elif method == "get" and v == 1:
                lines = [f"total += ({db}.prepare(\"SELECT COUNT(*) AS count FROM {table} WHERE organization_id = ? AND is_active = 1 AND created_at > datetime('now', '-30 days')\").get(orgId) as {{ count: number }}).count;"]
            elif method == "get":
                lines = [f"const match{j} = {db}.prepare('SELECT * FROM {table} WHERE organization_id = ? AND title LIKE ? LIMIT 1').get(orgId, `%${{id}}%`) as any;", f"if (match{j}?.id) total += 1;"]
            elif method == "all" and v == 0:
                lines = [f"const rows{j} = {db}.prepare(\"SELECT id, title, status FROM {table} WHERE organization_id = ? AND created_at > datetime('now', '-7 days') ORDER BY created_at DESC LIMIT 50\").all(orgId) as any[];",
                         f"total += rows{j}.length;"]
            elif method == "all" and v == 1:
                lines = [f"const params{j}: unknown[] = [orgId];", f"if (id > 0) params{j}.push(id);",
                         f"const list{j} = {db}.prepare(`SELECT * FROM {table} WHERE organization_id = ?${{id > 0 ? ' AND assigned_to = ?' : ''}} AND is_active = 1`).all(...params{j}) as {T}[];",
                         f"total += list{j}.length;"]
            elif method == "all":
                lines = [f"for (const item of {db}.prepare('SELECT id FROM {table} WHERE status = ?').all('open') as {{ id: number }}[]) {{", "  total += item.id > id ? 1 : 0;", "}"]
            elif v == 0:
                lines = [f"{db}.prepare(\"UPDATE {table} SET updated_at = datetime('now') WHERE id = ?\").run(id);"]
            elif v == 1:
                lines = [f"const result{j} = {db}.prepare('INSERT INTO audit_logs (entity, entity_id, action) VALUES (?, ?, ?)').run('{table}', id, 'touch');",
                         f"lastId = Number(result{j}.lastInsertRowid);"]
            else:
                lines = [f"total += {db}.prepare('DELETE FROM {table} WHERE id = ? AND is_active = 0').run(id).changes;"]
        return "".join(f"{indent}{line}\n" for line in lines)

    def function(self, name: str, prepares: int, exported: bool = True) -> str:
        """A sync function with `prepares` calls; most have an explicit return type (393 of 460)."""
        typed = self.rng.random() < 0.85
        body = "".join(self.one() for _ in range(prepares))
        return (f"{'export ' if exported else ''}function {name}(id: number, orgId = 1){f': Summary{self.k}' if typed else ''} {{\n"
                f"  let total = 0;\n  let lastId = 0;\n{body}  return {{ total, lastId }};\n}}\n")

    def transaction(self, name: str) -> str:
        """The profile's usual transaction form, `const tx = db.transaction((a) => {...}); tx(x)`."""
        self.mix["run"] += 2
        db, table = self.recv, self.table
        return (f"export function {name}(id: number, userId = 0): void {{\n"
                f"  const archive = {db}.transaction((target: number) => {{\n"
                f"    {db}.prepare(\"UPDATE {table} SET status = 'archived', updated_at = datetime('now') WHERE id = ?\").run(target);\n"
                f"    {db}.prepare(\"INSERT INTO audit_logs (entity, entity_id, user_id, action, created_at) VALUES ('{table}', ?, ?, 'archive', datetime('now'))\").run(target, userId);\n"
                f"  }});\n  archive(id);\n}}\n")

    def method(self, name: str) -> str:
        """A class method or query-module property body: one call, returned (as in the profile,
        where 162 `this.db` calls sit in 155 methods)."""
        db, T, table = self.recv, self.T, self.table
        method = weighted(self.rng, METHOD_WEIGHTS)
        self.mix[method] += 1
        if method == "get":
            return f"{name}(id: number): {T} | undefined {{\n    return {db}.prepare('SELECT * FROM {table} WHERE id = ?').get(id) as {T} | undefined;\n  }}"
        if method == "all":
            return f"{name}(id: number): {T}[] {{\n    return {db}.prepare('SELECT * FROM {table} WHERE organization_id = ? AND is_active = 1 ORDER BY created_at DESC').all(id) as {T}[];\n  }}"
        return f"{name}(id: number): boolean {{\n    return {db}.prepare(\"UPDATE {table} SET updated_at = datetime('now') WHERE id = ?\").run(id).changes > 0;\n  }}"

    def arrow(self, name: str) -> str:
        db, T, table = self.recv, self.T, self.table
        method = weighted(self.rng, METHOD_WEIGHTS[:2])
        self.mix[method] += 1
        if method == "get":
            return f"  {name}: (id: number): {T} | undefined => {db}.prepare('SELECT * FROM {table} WHERE id = ?').get(id) as {T} | undefined,\n"
        return f"  {name}: (id: number): {T}[] => {db}.prepare('SELECT * FROM {table} WHERE organization_id = ? AND is_active = 1').all(id) as {T}[],\n"


def split(rng: random.Random, total: int, parts: int, low: int, high: int) -> list[int]:
    """`total` spread over `parts` integers within [low, high] (as close as the bounds allow)."""
    if parts <= 0:
        return []
    out = [low] * parts
    left = total - low * parts
    while left > 0 and any(v < high for v in out):
        i = rng.randrange(parts)
        if out[i] < high:
            out[i] += 1
            left -= 1
    return out


class Corpus:
    """One synthetic repository of `files` sources with the profile's proportions.

    Kinds of file (per 950): 190 routes, 100 of them with database code and 20 calling lib
    functions; 350 lib files: 140 with database code (18 classes with `this.db`, 6 query modules,
    the rest function modules), 15 services calling them, the rest utilities; 80 tests: 25 on
    their own in-memory handle (from a test helper), 12 calling lib functions in test callbacks; 13 scripts with
    top-level database code; the rest components that import utilities."""

    statements = Statements  # what writes the database statements (the real profile's writes multi-line SQL)

    def __init__(self, files: int, seed: int = SEED):
        self.n = files
        self.rng = random.Random(seed * 1_000_003 + files)
        self.files: dict[str, str] = {}
        self.callables: list[tuple[str, Callable]] = []  # (domain, callable) of lib database code and services
        self.util_exports: list[tuple[str, list[str]]] = []
        self.mix = {"get": 0, "all": 0, "run": 0}
        self.sync_functions = 0  # sync functions holding prepare calls
        self.cross_calls = 0
        self.caller_files = 0

    def count(self, per_profile: int) -> int:
        return max(1, round(per_profile * self.n / PROFILE_FILES))

    def add(self, path: str, parts: list[str], k: str) -> None:
        self._pad(path, parts, k, self.rng.randint(5000, 17500))

    def _pad(self, path: str, parts: list[str], k: str, target: int) -> None:
        """The file made of `parts` and ordinary code up to about `target` bytes."""
        size = sum(len(p) + 1 for p in parts)
        while size < target:
            block = pad_block(self.rng, k)
            parts.append(block)
            size += len(block) + 1
        self.files[path] = "\n".join(parts)

    def _stats(self, w: Statements) -> None:
        for m in w.mix:
            self.mix[m] += w.mix[m]

    def build(self) -> dict[str, str]:
        c = self.count
        routes, lib, tests, scripts = c(190), c(350), c(80), c(13)
        db_lib, classes, modules, services = c(140), c(18), c(6), c(15)
        db_routes, caller_routes = c(100), c(20)
        db_tests, caller_tests = c(25), c(12)
        utils = max(1, lib - db_lib - services)
        components = max(0, self.n - 5 - routes - lib - tests - scripts)
        for i in range(utils):
            self.util(f"lib/util/{self.rng.choice(UTIL_NOUNS)}-{i}.ts", f"U{i}")
        # Prepare calls by kind of file (profile: lib 1,218, app/api 757, tests 255, scripts 103).
        lib_calls = self.per_file_calls(c(1218) - 2, db_lib, 1, 30)
        for i, (domain, calls) in enumerate(zip(self.spread(LIB_DOMAINS, db_lib), lib_calls)):
            kind = "class" if i % db_lib < classes else "module" if i < classes + modules else "functions"
            self.db_lib(i, domain, calls, kind)
        for i, domain in enumerate(self.spread(LIB_DOMAINS, services)):
            self.service(i, domain)
        route_calls = self.per_file_calls(c(757), db_routes, 1, 20)
        for i, domain in enumerate(self.spread(ROUTE_DOMAINS, routes)):
            self.route(i, domain, route_calls[i] if i < db_routes else 0, db_routes <= i < db_routes + caller_routes)
        test_calls = self.per_file_calls(c(255), db_tests, 2, 20)
        for i, domain in enumerate(self.spread(LIB_DOMAINS, tests)):
            self.test(i, domain, test_calls[i] if i < db_tests else 0, db_tests <= i < db_tests + caller_tests)
        for i, calls in enumerate(self.per_file_calls(c(103), scripts, 2, 16)):
            self.script(i, calls)
        self.big_files()
        for i in range(components):
            self.util(f"components/{self.rng.choice(UTIL_NOUNS)}-panel-{i}.ts", f"C{i}")
        self.fixed()
        return self.files

    def per_file_calls(self, total: int, parts: int, low: int, high: int) -> list[int]:
        """Prepare calls of each of `parts` files of one kind (the profile's total, spread)."""
        return split(self.rng, total, parts, low, high)

    def big_files(self) -> None:
        """Files beyond the kinds above (the real profile's big query modules and tests)."""

    def spread(self, pairs, count: int) -> list[str]:
        """Each domain at least once (every wave has work), the rest by weight."""
        out = [d for d, _ in pairs][:count]
        out += [weighted(self.rng, pairs) for _ in range(count - len(out))]
        self.rng.shuffle(out)
        return out

    def fixed(self) -> None:
        from wavemod.engine.api import EXAMPLE_FIXTURE

        for path, data in EXAMPLE_FIXTURE.items():
            self.files[path] = data.decode()
        self.files["lib/auth/sqlite-auth.ts"] = (
            "import db from '@/lib/db/connection'\n\nexport interface AuthUser { userId: number; organizationId: number; role: string }\n\n"
            "export function verifyAuth(request: Request): AuthUser | null {\n  const token = request.headers.get('authorization')?.replace(/^Bearer /, '')\n"
            "  if (!token) return null\n  const row = db.prepare('SELECT user_id, organization_id, role FROM sessions WHERE token = ? AND expires_at > datetime(\\'now\\')').get(token) as any\n"
            "  return row ? { userId: row.user_id, organizationId: row.organization_id, role: row.role } : null\n}\n\n"
            "export function getUserById(id: number) {\n  return db.prepare('SELECT * FROM users WHERE id = ?').get(id) as any\n}\n"
        )
        self.files[".gitignore"] = "node_modules/\n"
        self.files["lib/db/schema.postgres.sql"] = schema_sql()
        self.files["tests/helpers/sqlite-test-db.ts"] = (
            "import Database from 'better-sqlite3';\n\nexport type TestDb = Database.Database;\n\n"
            "/** A fresh in-memory database per test. */\nexport function openTestDb(): TestDb {\n  return new Database(':memory:');\n}\n"
        )

    def util(self, path: str, k: str) -> None:
        rng = self.rng
        parts = []
        if self.util_exports and rng.random() < 0.4:
            other, names = rng.choice(self.util_exports)
            parts.append(f"import {{ {names[0]} }} from '{module_spec(path, other, rng)}';\n")
        self.add(path, parts, k)
        names = [b.split("function ", 1)[1].split("(")[0].split("<")[0] for b in parts if "export function " in b]
        if names and path.startswith("lib/"):
            self.util_exports.append((path, names))

    def _util_import(self, path: str) -> list[str]:
        if not self.util_exports:
            return []
        upath, names = self.rng.choice(self.util_exports)
        return [f"import {{ {names[0]} }} from '{module_spec(path, upath, self.rng)}';\n"]

    def db_lib(self, i: int, domain: str, calls: int, kind: str) -> None:
        rng = self.rng
        path = f"lib/{domain}/{rng.choice(NOUNS)}-{i}.ts"
        k = f"L{i}"
        conn = connection_spec(rng, path)
        w = self.statements(rng, domain, k, "this.db" if kind == "class" else "db")
        body = [w.prelude()]
        if kind == "class":
            cls, instance = f"{w.ent}Repository{k}", f"{w.ent[0].lower()}{w.ent[1:]}Repo{k}"
            methods = [f"m{n}{w.ent}" for n in range(calls)]
            body.append(f"export class {cls} {{\n  private db = getDb();\n\n" + "\n\n".join("  " + w.method(m) for m in methods) + "\n}\n")
            body.append(f"export const {instance} = new {cls}();\n")
            imports = [f"import {{ getDb }} from '{conn}';\n"]
            self.sync_functions += calls
            exposed = [Callable(path, instance, f"{instance}.{m}(id)") for m in methods]
        elif kind == "module":
            name = f"{w.ent[0].lower()}{w.ent[1:]}Queries{k}"
            props = [f"q{n}{w.ent}" for n in range(calls)]
            body.append(f"export const {name} = {{\n" + "".join(w.arrow(p) for p in props) + "};\n")
            imports = [f"import db from '{conn}';\n"]
            self.sync_functions += calls
            exposed = [Callable(path, name, f"{name}.{p}(id)") for p in props]
        else:
            imports = [f"import db from '{conn}';\n"]
            exposed = []
            left = calls
            n = 0
            if left >= 4 and rng.random() < 0.15:
                body.append(w.transaction(f"archive{w.ent}{k}"))
                exposed.append(Callable(path, f"archive{w.ent}{k}", f"archive{w.ent}{k}(id)"))
                self.sync_functions += 1
                left -= 2
            while left > 0:
                size = min(left, rng.randint(3, 8))
                n += 1
                name = f"{rng.choice(['get', 'list', 'update', 'sync', 'count', 'load'])}{w.ent}{k}_{n}"
                body.append(w.function(name, size))
                exposed.append(Callable(path, name, f"{name}(id)"))
                self.sync_functions += 1
                left -= size
        self._stats(w)
        self.callables += [(domain, e) for e in exposed]
        self.add(path, ["".join(imports + self._util_import(path))] + body, k)

    def _calls(self, path: str, domain: str, sites: int) -> tuple[list[str], list[str]]:
        """Imports and call expressions of `sites` cross-file calls (same domain preferred)."""
        same = [e for d, e in self.callables if d == domain]
        imports, calls = [], []
        for _ in range(sites):
            pool = same if same and self.rng.random() < 0.8 else [e for _, e in self.callables]
            target = self.rng.choice(pool)
            imports.append(f"import {{ {target.name} }} from '{module_spec(path, target.path, self.rng)}';\n")
            calls.append(target.call)
        self.cross_calls += sites
        self.caller_files += 1
        return list(dict.fromkeys(imports)), calls

    def service(self, i: int, domain: str) -> None:
        """Sync functions over lib database code (and earlier services): the transitive closure."""
        path = f"lib/{domain}/{self.rng.choice(NOUNS)}-service-{i}.ts"
        k = f"S{i}"
        imports, calls = self._calls(path, domain, self.rng.randint(4, 8))
        body, exposed = [], []
        for n, start in enumerate(range(0, len(calls), 2)):
            name = f"describe{ENTITY.get(domain, ('Record',))[0]}{k}_{n}"
            lines = "".join(f"  const v{m} = {call};\n" for m, call in enumerate(calls[start:start + 2]))
            names = ", ".join(f"v{m}" for m in range(len(calls[start:start + 2])))
            body.append(f"export function {name}(id: number): string {{\n{lines}  return JSON.stringify([{names}]);\n}}\n")
            exposed.append(Callable(path, name, f"{name}(id)"))
        self.callables += [(domain, e) for e in exposed]
        self.add(path, ["".join(imports + self._util_import(path))] + body, k)

    def route(self, i: int, domain: str, calls: int, caller: bool) -> None:
        rng = self.rng
        name = f"{rng.choice(ROUTE_NAMES)}-{i}"
        path = f"app/api/analytics/overview/{name}/route.ts" if domain == "analytics" and rng.random() < 0.4 else f"app/api/{domain}/{name}/route.ts"
        k = f"R{i}"
        imports = ["import { NextRequest, NextResponse } from 'next/server';\n"]
        auth = rng.random() < 0.6  # 115 of 190 routes import the SQLite auth module
        if auth:
            imports.append("import { verifyAuth } from '@/lib/auth/sqlite-auth';\n")
        w = self.statements(rng, domain, k)
        body = []
        helper_calls, inline = (calls // 2, calls - calls // 2) if calls >= 4 and rng.random() < 0.3 else (0, calls)
        if calls:
            imports.append(f"import db from '{connection_spec(rng, path)}';\n")
            body.append(w.prelude())
        local = []
        if helper_calls:  # a sync helper in the route file: same-file propagation
            body.append(w.function(f"load{w.ent}{k}", helper_calls, exported=False))
            local.append(f"load{w.ent}{k}(id, orgId)")
            self.sync_functions += 1
        cross: list[str] = []
        if caller:
            more, cross = self._calls(path, domain, rng.randint(3, 7))
            imports += more
        sync = rng.random() < 0.25
        if sync and inline:
            self.sync_functions += 1
        statements = "".join(w.one("    ") for _ in range(inline))
        uses = "".join(f"    const r{j} = {call};\n" for j, call in enumerate(local + cross))
        names = ", ".join(f"r{j}" for j in range(len(local + cross)))
        guard = "  const user = verifyAuth(request);\n  if (!user) return NextResponse.json({ error: 'Unauthorized' }, { status: 401 });\n" if auth else ""
        body.append(
            f"export {'' if sync else 'async '}function GET(request: NextRequest, {{ params }}: {{ params: {{ id: string }} }}) {{\n{guard}"
            f"  const id = Number(params.id);\n  const orgId = {'user.organizationId' if auth else '1'};\n"
            f"  if (!Number.isInteger(id)) return NextResponse.json({{ error: 'Bad id' }}, {{ status: 400 }});\n"
            f"  let total = 0;\n  let lastId = 0;\n  try {{\n{statements}{uses}"
            f"    return NextResponse.json({{ total, lastId, data: [{names}] }});\n  }} catch (error) {{\n"
            f"    console.error('GET {path} failed', error);\n    return NextResponse.json({{ error: 'Internal error' }}, {{ status: 500 }});\n  }}\n}}\n"
        )
        self._stats(w)
        self.add(path, ["".join(dict.fromkeys(imports))] + body, k)

    def test(self, i: int, domain: str, calls: int, caller: bool) -> None:
        """Tests on their own in-memory database (not the connection module), tests calling lib
        functions in callbacks (where propagation stops), and plain unit tests."""
        rng = self.rng
        path = f"tests/{domain}/{rng.choice(NOUNS)}-{i}.test.ts"
        k = f"T{i}"
        imports = ["import { describe, it, expect, beforeEach } from 'vitest';\n"]
        body = []
        if calls:
            # SQLite stays in an isolated test helper, the state wave 3's acceptance asks for.
            imports.insert(0, f"import {{ openTestDb, type TestDb }} from '{module_spec(path, 'tests/helpers/sqlite-test-db.ts', rng)}';\n")
            w = self.statements(rng, domain, k)
            cases = "".join(f"  it('case {n}', () => {{\n    const id = {n + 1};\n    const orgId = 1;\n    let total = 0;\n    let lastId = 0;\n{w.one('    ')}    expect(total + lastId).toBeGreaterThanOrEqual(0);\n  }});\n"
                            for n in range(calls))
            body.append(w.prelude())
            body.append(f"let db: TestDb;\n\nbeforeEach(() => {{\n  db = openTestDb();\n  db.exec('CREATE TABLE {w.table} (id INTEGER PRIMARY KEY, title TEXT)');\n}});\n\n"
                        f"describe('{domain} {i}', () => {{\n{cases}}});\n")
            self._stats(w)
        elif caller:
            more, cross = self._calls(path, domain, rng.randint(3, 6))
            imports += more
            cases = "".join(f"  it('calls {n}', () => {{\n    const id = {n + 1};\n    const value = {call};\n    expect(value).toBeDefined();\n  }});\n" for n, call in enumerate(cross))
            body.append(f"describe('{domain} {i}', () => {{\n{cases}}});\n")
        else:
            imports += self._util_import(path)
            body.append(f"describe('{domain} {i}', () => {{\n  it('adds', () => {{\n    expect(1 + 1).toBe(2);\n  }});\n}});\n")
        self.add(path, ["".join(imports)] + body, k)

    def script(self, i: int, calls: int) -> None:
        """Maintenance scripts: database code at the top level, where nothing can be awaited."""
        path = f"scripts/{self.rng.choice(['backfill', 'cleanup', 'reindex', 'seed', 'report'])}-{i}.ts"
        k = f"X{i}"
        w = self.statements(self.rng, self.rng.choice(list(ENTITY)), k)
        statements = "".join(w.one("") for _ in range(calls))
        body = [w.prelude(), f"const id = Number(process.argv[2] ?? 1);\nconst orgId = 1;\nlet total = 0;\nlet lastId = 0;\n{statements}console.log('done', total, lastId);\n"]
        self._stats(w)
        self.add(path, [f"import db from '{connection_spec(self.rng, path)}';\n"] + body, k)


def schema_sql() -> str:
    """The PostgreSQL schema the bundled waves.toml names: the SQL rewrites read its column types
    (`is_active` is BOOLEAN, so `is_active = 1` becomes `is_active = TRUE`)."""
    tables = sorted({table for _, table in ENTITY.values()} - {"audit_logs", "sessions", "users"}) + ["records"]
    columns = ("id SERIAL PRIMARY KEY, organization_id INTEGER NOT NULL DEFAULT 1, title TEXT NOT NULL DEFAULT '', status TEXT NOT NULL DEFAULT 'open', "
               "priority TEXT NOT NULL DEFAULT 'medium', assigned_to INTEGER, is_active BOOLEAN NOT NULL DEFAULT TRUE, "
               "created_at TIMESTAMP NOT NULL DEFAULT now(), updated_at TIMESTAMP NOT NULL DEFAULT now()")
    out = [f"CREATE TABLE {table} ({columns});" for table in tables]
    out.append("CREATE TABLE users (id SERIAL PRIMARY KEY, organization_id INTEGER NOT NULL, email TEXT NOT NULL, title TEXT NOT NULL DEFAULT '', "
               "status TEXT NOT NULL DEFAULT 'active', priority TEXT, assigned_to INTEGER, is_active BOOLEAN NOT NULL DEFAULT TRUE, "
               "created_at TIMESTAMP NOT NULL DEFAULT now(), updated_at TIMESTAMP NOT NULL DEFAULT now());")
    out.append("CREATE TABLE sessions (id SERIAL PRIMARY KEY, token TEXT NOT NULL, user_id INTEGER NOT NULL, organization_id INTEGER NOT NULL, role TEXT NOT NULL, "
               "expires_at TIMESTAMP NOT NULL, title TEXT, status TEXT, priority TEXT, assigned_to INTEGER, is_active BOOLEAN NOT NULL DEFAULT TRUE, "
               "created_at TIMESTAMP NOT NULL DEFAULT now(), updated_at TIMESTAMP NOT NULL DEFAULT now());")
    out.append("CREATE TABLE audit_logs (id SERIAL PRIMARY KEY, entity TEXT NOT NULL, entity_id INTEGER NOT NULL, user_id INTEGER, action TEXT NOT NULL, "
               "title TEXT, status TEXT, organization_id INTEGER, is_active BOOLEAN NOT NULL DEFAULT TRUE, created_at TIMESTAMP NOT NULL DEFAULT now(), "
               "updated_at TIMESTAMP NOT NULL DEFAULT now());")
    return "\n".join(out) + "\n"


def build_repo(root: Path, files: int, profile: str = "synthetic") -> dict:
    """Write the corpus of `profile` ("synthetic" or "real", bench/realshape.py) into `root` as a
    git repository with one commit; its figures."""
    from realshape import RealCorpus, shape

    corpus = (RealCorpus if profile == "real" else Corpus)(files)
    sources = corpus.build()
    for path, text in sources.items():
        full = root / path
        full.parent.mkdir(parents=True, exist_ok=True)
        full.write_text(text, encoding="utf-8")
    # gc.auto=0: a commit of 10,000 new files would start `git gc` in the background, which packs
    # objects on one of the two cores for the first measurements.
    git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", "-c", "commit.gpgsign=false", "-c", "gc.auto=0"]
    subprocess.run(git + ["init", "-q", "-b", "main"], cwd=root, check=True)
    subprocess.run(git + ["add", "-A"], cwd=root, check=True)
    subprocess.run(git + ["commit", "-q", "-m", "synthetic corpus"], cwd=root, check=True)
    ts = [p for p in sources if p.endswith(".ts")]
    return {
        "files": len(ts),
        "bytes": sum(len(sources[p].encode()) for p in ts),
        "mix": corpus.mix,
        "route files": sum(p.startswith("app/") for p in ts),
        "lib files": sum(p.startswith("lib/") for p in ts),
        "test files": sum(p.startswith("tests/") for p in ts),
        "prepare calls": sum(sources[p].count(".prepare(") for p in ts),
        "files with prepare calls": sum(".prepare(" in sources[p] for p in ts),
        "connection importers": sum("db/connection'" in sources[p] for p in ts),
        "auth importers": sum("auth/sqlite-auth'" in sources[p] for p in ts),
        "sync functions with prepare calls": corpus.sync_functions + 2,  # + sqlite-auth.ts
        "cross-file call sites": corpus.cross_calls,
        "caller files": corpus.caller_files,
        "alias": sum("@/lib/db/connection" in sources[p] for p in ts),
        "shape": shape(sources),
    }


def describe(size: int, info: dict) -> list[str]:
    """The corpus' figures next to the profile's, scaled to the corpus' file count."""
    scale = info["files"] / PROFILE_FILES
    mix = info["mix"]
    total = max(1, sum(mix.values()))
    lines = [f"corpus {size}: {info['files']} .ts files, {info['bytes'] / 1e6:.1f} MB ({info['bytes'] / info['files'] / 1024:.1f} KiB/file); "
             f"prepare mix get {100 * mix['get'] / total:.0f}% all {100 * mix['all'] / total:.0f}% run {100 * mix['run'] / total:.0f}%, "
             f"{100 * info['alias'] / max(1, info['connection importers']):.0f}% of connection imports via @/, cross-file callers in {info['caller files']} files"]
    lines.append("  " + ", ".join(f"{key} {info[key]} ({round(value * scale)})" for key, value in PROFILE.items()))
    from realshape import describe_shape

    lines.append(describe_shape(info))
    return lines
