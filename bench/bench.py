#!/usr/bin/env python3
"""wavemod benchmark: wave previews (`engine.api.plan_wave`) over synthetic better-sqlite3 corpora.

    python bench/bench.py                       # 1,000 and 10,000 files, all three waves
    python bench/bench.py --quick               # smoke run: 200 files
    python bench/bench.py --files 500 2000 --jobs 2 --keep
    python bench/bench.py --profile --files 1000   # cProfile of wave-1, one worker

Each corpus is a temporary git repository shaped like docs/patterns.md (about 11 KB per file,
~2.5 `db.prepare(...)` calls per file, routes calling lib functions that call the database).
Generation is seeded and is not timed. Every measurement (one corpus x one wave) runs in a fresh
Python subprocess; the figure timed is the `plan_wave(...)` call alone (imports, config loading and
corpus generation excluded). Peak memory is sampled from /proc by this (parent) process while the
measurement runs: the summed VmRSS of the measuring process and all its descendants (the worker
pool). The subprocess also reports ru_maxrss(RUSAGE_SELF) + ru_maxrss(RUSAGE_CHILDREN).
This script prints figures; it asserts nothing.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SEED = 20240611
WAVES = ("wave-1", "wave-2", "wave-3")
TARGET_SECONDS = {1000: 2.0, 10000: 20.0}  # per wave preview
TARGET_RSS_MB = 1024.0

# ----------------------------------------------------------------------------------------------
# Corpus generation
# ----------------------------------------------------------------------------------------------

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

METHOD_WEIGHTS = [("get", 43), ("all", 29), ("run", 28)]  # transactions and statement loops add runs on top


class DbWriter:
    """Emits functions with prepare calls for one file; tracks exported (id: number) callables."""

    def __init__(self, rng: random.Random, k: str, domain: str, recv: str = "db"):
        self.rng, self.k, self.recv = rng, k, recv
        self.ent, self.table = ENTITY.get(domain, ("Record", "records"))
        self.T = f"{self.ent}{k}"
        self.blocks: list[str] = []
        self.callables: list[str] = []  # exported functions taking (id: number)
        self.prepares = {"get": 0, "all": 0, "run": 0}
        self.n = 0

    def _name(self, stem: str) -> str:
        self.n += 1
        return f"{stem}{self.ent}{self.k}_{self.n}"

    def prelude(self) -> str:
        return (
            f"export interface {self.T} {{\n  id: number;\n  organization_id: number;\n  title: string;\n  status: string;\n"
            f"  priority: string;\n  assigned_to: number | null;\n  is_active: number;\n  created_at: string;\n  updated_at: string;\n}}\n\n"
            f"export interface {self.T}Input {{\n  organizationId: number;\n  title: string;\n  status?: string;\n  priority?: string;\n}}\n"
        )

    def emit(self, budget: int) -> int:
        """Write one function (or small group); return the number of prepare calls used."""
        rng, db, T, table = self.rng, self.recv, self.T, self.table
        r = rng.random()
        if budget >= 2 and r < 0.06:  # immediately invoked transaction
            name = self._name("archive")
            self.prepares["run"] += 2
            self.callables.append(name)
            self.blocks.append(
                f"export function {name}(id: number, userId = 0): void {{\n  {db}.transaction(() => {{\n"
                f"    {db}.prepare(\"UPDATE {table} SET status = 'archived', updated_at = datetime('now') WHERE id = ?\").run(id);\n"
                f"    {db}.prepare(\"INSERT INTO audit_logs (entity, entity_id, user_id, action, created_at) VALUES ('{table}', ?, ?, 'archive', datetime('now'))\").run(id, userId);\n"
                f"  }})();\n}}\n")
            return 2
        if r < 0.14:  # statement variable used in a for...of loop
            name = self._name("bulkInsert")
            self.prepares["run"] += 1
            self.blocks.append(
                f"export function {name}(items: {T}Input[]): number {{\n"
                f"  const stmt = {db}.prepare('INSERT INTO {table} (organization_id, title, status, priority) VALUES (?, ?, ?, ?)');\n"
                f"  let count = 0;\n  for (const item of items) {{\n    stmt.run(item.organizationId, item.title, item.status ?? 'open', item.priority ?? 'medium');\n"
                f"    count++;\n  }}\n  return count;\n}}\n")
            return 1
        if budget >= 2 and r < 0.20:  # query module: arrow-function properties of an object literal
            name = f"{self.ent[0].lower()}{self.ent[1:]}Queries{self.k}_{self.n}"
            self.n += 1
            self.prepares["get"] += 1
            self.prepares["all"] += 1
            self.blocks.append(
                f"export const {name} = {{\n"
                f"  getById: (id: number): {T} | undefined => {db}.prepare('SELECT * FROM {table} WHERE id = ?').get(id) as {T} | undefined,\n"
                f"  listActive: (orgId: number): {T}[] => {db}.prepare('SELECT * FROM {table} WHERE organization_id = ? AND is_active = 1 ORDER BY created_at DESC').all(orgId) as {T}[],\n"
                f"}};\n")
            return 2
        method = weighted(rng, METHOD_WEIGHTS)
        self.prepares[method] += 1
        v = rng.randrange(3)
        if method == "get":
            if v == 0:
                name = self._name("get")
                self.callables.append(name)
                self.blocks.append(
                    f"/** One {self.ent.lower()} by id, scoped to nothing (callers check the organisation). */\n"
                    f"export function {name}(id: number): {T} | undefined {{\n"
                    f"  return {db}.prepare('SELECT * FROM {table} WHERE id = ?').get(id) as {T} | undefined;\n}}\n")
            elif v == 1:
                name = self._name("count")
                self.callables.append(name)
                self.blocks.append(
                    f"export function {name}(orgId: number): number {{\n"
                    f"  const row = {db}.prepare(\"SELECT COUNT(*) AS count FROM {table} WHERE organization_id = ? AND is_active = 1 AND created_at > datetime('now', '-30 days')\").get(orgId) as {{ count: number }};\n"
                    f"  return row.count;\n}}\n")
            else:
                name = self._name("findByTitle")
                self.blocks.append(
                    f"export function {name}(orgId: number, title: string) {{\n"
                    f"  const row = {db}.prepare('SELECT * FROM {table} WHERE organization_id = ? AND title LIKE ? LIMIT 1').get(orgId, `%${{title}}%`) as any;\n"
                    f"  if (!row) return null;\n  return {{ ...row, title: String(row.title).trim() }};\n}}\n")
        elif method == "all":
            if v == 0:
                name = self._name("list")
                self.callables.append(name)
                self.blocks.append(
                    f"export function {name}(orgId: number, status?: string, priority?: string): {T}[] {{\n"
                    f"  let where = 'WHERE organization_id = ?';\n  const params: unknown[] = [orgId];\n"
                    f"  if (status) {{\n    where += ' AND status = ?';\n    params.push(status);\n  }}\n"
                    f"  if (priority) {{\n    where += ' AND priority = ?';\n    params.push(priority);\n  }}\n"
                    f"  return {db}.prepare(`SELECT * FROM {table} ${{where}} ORDER BY created_at DESC LIMIT 200`).all(...params) as {T}[];\n}}\n")
            elif v == 1:
                name = self._name("recent")
                self.callables.append(name)
                self.blocks.append(
                    f"export function {name}(limit = 20) {{\n"
                    f"  const rows = {db}.prepare(\"SELECT id, title, status, created_at FROM {table} WHERE created_at > datetime('now', '-7 days') ORDER BY created_at DESC LIMIT ?\").all(limit) as any[];\n"
                    f"  return rows.map((r) => ({{ id: r.id, label: `${{r.title}} (${{r.status}})` }}));\n}}\n")
            else:
                name = self._name("byAssignee")
                self.blocks.append(
                    f"export function {name}(userId: number, ...extra: unknown[]): {T}[] {{\n"
                    f"  return {db}.prepare('SELECT * FROM {table} WHERE assigned_to = ? AND is_active = 1').all(userId, ...extra) as {T}[];\n}}\n")
        else:
            if v == 0:
                name = self._name("setStatus")
                self.blocks.append(
                    f"export function {name}(id: number, status: string): void {{\n"
                    f"  {db}.prepare(\"UPDATE {table} SET status = ?, updated_at = datetime('now') WHERE id = ?\").run(status, id);\n}}\n")
            elif v == 1:
                name = self._name("create")
                self.blocks.append(
                    f"export function {name}(input: {T}Input): number {{\n"
                    f"  const result = {db}.prepare('INSERT INTO {table} (organization_id, title, status, priority) VALUES (?, ?, ?, ?)').run(\n"
                    f"    input.organizationId,\n    input.title.trim(),\n    input.status ?? 'open',\n    input.priority ?? 'medium',\n  );\n"
                    f"  return Number(result.lastInsertRowid);\n}}\n")
            else:
                name = self._name("remove")
                self.callables.append(name)
                self.blocks.append(
                    f"export function {name}(id: number): boolean {{\n"
                    f"  return {db}.prepare('DELETE FROM {table} WHERE id = ?').run(id).changes > 0;\n}}\n")
        return 1


class Corpus:
    def __init__(self, files: int, seed: int = SEED):
        self.n = files
        self.rng = random.Random(seed * 1_000_003 + files)
        self.files: dict[str, str] = {}
        self.lib_exports: list[tuple[str, str, list[str]]] = []  # (path, domain, callables)
        self.util_exports: list[tuple[str, list[str]]] = []
        self.prepares = {"get": 0, "all": 0, "run": 0}
        self.cross_calls = 0

    def size_target(self) -> int:
        return self.rng.randint(5000, 17500)

    def pad(self, parts: list[str], k: str, target: int) -> None:
        size = sum(len(p) + 1 for p in parts)
        while size < target:
            block = pad_block(self.rng, k)
            parts.append(block)
            size += len(block) + 1

    def build(self) -> dict[str, str]:
        n_fixed = 5
        n_routes = round(self.n * 0.20)
        n_lib = round(self.n * 0.37)
        n_util = max(1, self.n - n_fixed - n_routes - n_lib)
        for i in range(n_util):
            self.util(i)
        lib_domains = self.spread(LIB_DOMAINS, n_lib)
        for i, domain in enumerate(lib_domains):
            self.lib(i, domain)
        for i, domain in enumerate(self.spread(ROUTE_DOMAINS, n_routes)):
            self.route(i, domain)
        self.fixed()
        return self.files

    def spread(self, pairs, count: int) -> list[str]:
        """Each domain at least once (every wave has work), the rest by weight."""
        out = [d for d, _ in pairs][:count]
        out += [weighted(self.rng, pairs) for _ in range(count - len(out))]
        self.rng.shuffle(out)
        return out

    def fixed(self) -> None:
        from engine.api import EXAMPLE_FIXTURE

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

    def util(self, i: int) -> None:
        rng = self.rng
        path = f"lib/util/{rng.choice(UTIL_NOUNS)}-{i}.ts"
        k = f"U{i}"
        parts = []
        if self.util_exports and rng.random() < 0.4:
            other, names = rng.choice(self.util_exports)
            parts.append(f"import {{ {names[0]} }} from '{module_spec(path, other, rng)}';\n")
        target = self.size_target()
        self.pad(parts, k, target)
        self.files[path] = "\n".join(parts)
        names = [b.split("function ", 1)[1].split("(")[0].split("<")[0] for b in parts if "export function " in b]
        if names:
            self.util_exports.append((path, names))

    def lib(self, i: int, domain: str) -> None:
        rng = self.rng
        path = f"lib/{domain}/{rng.choice(NOUNS)}-{i}.ts"
        k = f"L{i}"
        class_style = rng.random() < 0.12
        use_factory = not class_style and rng.random() < 0.15
        w = DbWriter(rng, k, domain, "this.db" if class_style else "db")
        imports = []
        conn = connection_spec(rng, path)
        if class_style or use_factory:
            imports.append(f"import {{ getDb }} from '{conn}';\n")
        else:
            imports.append(f"import db from '{conn}';\n")
        budget = rng.randint(1, 8)
        body: list[str] = []
        while budget > 0:
            budget -= w.emit(budget)
        if use_factory:
            body.append("const db = getDb();\n")
        body.append(w.prelude())
        if class_style:
            methods = "\n".join("  " + b.replace("export function ", "").replace("\n", "\n  ").rstrip() + "\n" for b in w.blocks if b.startswith("export function "))
            others = [b for b in w.blocks if not b.startswith("export function ")]
            cls = f"{w.ent}Repository{k}"
            body.append(f"export class {cls} {{\n  private db = getDb();\n\n{methods}}}\n")
            body.extend(o.replace("this.db", "getDb()") for o in others)
            w.callables = []
        else:
            body.extend(w.blocks)
        # Sync call chains into earlier lib files (same domain preferred): async propagation work.
        candidates = [e for e in self.lib_exports if e[2]]
        same = [e for e in candidates if e[1] == domain]
        for _ in range(rng.choice([0, 1, 1, 2, 2, 3])):
            pool = same if same and rng.random() < 0.7 else candidates
            if not pool:
                break
            other, _, names = rng.choice(pool)
            fn = rng.choice(names)
            imports.append(f"import {{ {fn} }} from '{module_spec(path, other, rng)}';\n")
            name = f"describe{fn[0].upper()}{fn[1:]}_{k}"
            body.append(
                f"export function {name}(id: number): string {{\n  const value = {fn}(id);\n"
                f"  if (value === undefined || value === null) return 'n/a';\n  return typeof value === 'object' ? JSON.stringify(value) : String(value);\n}}\n")
            w.callables.append(name)
            self.cross_calls += 1
        if self.util_exports:
            upath, unames = rng.choice(self.util_exports)
            imports.append(f"import {{ {unames[0]} }} from '{module_spec(path, upath, rng)}';\n")
        for m in w.prepares:
            self.prepares[m] += w.prepares[m]
        parts = ["".join(dict.fromkeys(imports))] + body
        self.pad(parts, k, self.size_target())
        self.files[path] = "\n".join(parts)
        self.lib_exports.append((path, domain, w.callables))

    def route(self, i: int, domain: str) -> None:
        rng = self.rng
        name = f"{rng.choice(ROUTE_NAMES)}-{i}"
        if domain == "analytics" and rng.random() < 0.4:
            path = f"app/api/analytics/overview/{name}/route.ts"
        else:
            path = f"app/api/{domain}/{name}/route.ts"
        k = f"R{i}"
        imports = ["import { NextRequest, NextResponse } from 'next/server';\n"]
        auth = rng.random() < 0.7
        if auth:
            imports.append("import { verifyAuth } from '@/lib/auth/sqlite-auth';\n")
        budget = rng.choice([0, 0, 0, 2, 3, 4, 5, 6, 7, 8, 9])
        w = DbWriter(rng, k, domain)
        while budget > 0:
            budget -= w.emit(budget)
        if any(w.prepares.values()):
            imports.append(f"import db from '{connection_spec(rng, path)}';\n")
        for m in w.prepares:
            self.prepares[m] += w.prepares[m]
        # Lib functions the handlers call synchronously (they become async: cross-file awaits).
        candidates = [e for e in self.lib_exports if e[2]]
        lib_domain = "analytics" if domain == "analytics" else domain
        same = [e for e in candidates if e[1] == lib_domain]
        called = []
        for _ in range(rng.choice([1, 2, 2, 3])):
            pool = same if same and rng.random() < 0.8 else candidates
            if not pool:
                break
            other, _, names = rng.choice(pool)
            fn = rng.choice(names)
            if fn in called:
                continue
            called.append(fn)
            imports.append(f"import {{ {fn} }} from '{module_spec(path, other, rng)}';\n")
            self.cross_calls += 1
        local = [n for n in w.callables]
        calls = "\n".join(f"    const r{j} = {fn}(id);" for j, fn in enumerate(called + local[:2]))
        names = ", ".join(f"r{j}" for j in range(len(called) + min(2, len(local))))
        guard = "  const user = verifyAuth(request);\n  if (!user) return NextResponse.json({ error: 'Unauthorized' }, { status: 401 });\n" if auth else ""
        sync = rng.random() < 0.25
        handler = (
            f"export {'' if sync else 'async '}function GET(request: NextRequest, {{ params }}: {{ params: {{ id: string }} }}) {{\n{guard}"
            f"  const id = Number(params.id);\n  if (!Number.isInteger(id)) return NextResponse.json({{ error: 'Bad id' }}, {{ status: 400 }});\n"
            f"  try {{\n{calls}\n"
            f"    return NextResponse.json({{ data: [{names}] }});\n  }} catch (error) {{\n"
            f"    console.error('GET {path} failed', error);\n    return NextResponse.json({{ error: 'Internal error' }}, {{ status: 500 }});\n  }}\n}}\n"
        )
        body = [w.prelude()] if w.blocks else []
        body += [b.replace("export function", "function", 1) for b in w.blocks]
        body.append(handler)
        if local[2:]:
            body.append(
                f"export async function DELETE(request: NextRequest, {{ params }}: {{ params: {{ id: string }} }}) {{\n"
                f"  const id = Number(params.id);\n  const done = {local[2]}(id);\n  return NextResponse.json({{ ok: Boolean(done) }});\n}}\n")
        parts = ["".join(dict.fromkeys(imports))] + body
        self.pad(parts, k, self.size_target())
        self.files[path] = "\n".join(parts)


def build_repo(root: Path, files: int) -> dict:
    corpus = Corpus(files)
    sources = corpus.build()
    for path, text in sources.items():
        full = root / path
        full.parent.mkdir(parents=True, exist_ok=True)
        full.write_text(text, encoding="utf-8")
    git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", "-c", "commit.gpgsign=false"]
    subprocess.run(git + ["init", "-q", "-b", "main"], cwd=root, check=True)
    subprocess.run(git + ["add", "-A"], cwd=root, check=True)
    subprocess.run(git + ["commit", "-q", "-m", "synthetic corpus"], cwd=root, check=True)
    ts = [p for p in sources if p.endswith(".ts")]
    total = sum(len(sources[p].encode()) for p in ts)
    prepares = sum(corpus.prepares.values()) + 2  # + sqlite-auth.ts
    return {
        "files": len(ts),
        "bytes": total,
        "prepares": prepares,
        "mix": corpus.prepares,
        "routes": sum(p.startswith("app/") for p in ts),
        "lib": sum(p.startswith("lib/") and not p.startswith(("lib/util/", "lib/db/")) for p in ts),
        "util": sum(p.startswith("lib/util/") for p in ts),
        "alias": sum("@/lib/db/connection" in sources[p] for p in ts),
        "conn_importers": sum("db/connection'" in sources[p] for p in ts),
        "cross_calls": corpus.cross_calls,
    }


# ----------------------------------------------------------------------------------------------
# Measurement
# ----------------------------------------------------------------------------------------------

def measure_child(repo: str, wave: str, jobs: int) -> None:
    """Runs inside the fresh subprocess: one plan_wave, JSON on stdout."""
    import resource

    from engine.api import plan_wave
    from engine.config import load_config

    config = load_config()
    start = time.perf_counter()
    result = plan_wave(Path(repo), wave, config, jobs)
    wall = time.perf_counter() - start
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    totals = result.rule_totals()
    print(json.dumps({
        "wall": wall,
        "in_wave": sum(1 for c in result.changes if c.in_wave),
        "changed": len(result.changed),
        "failed": len(result.failed),
        "edits": sum(e for _, e in totals.values()),
        "rules": {r: e for r, (_, e) in totals.items()},
        "findings": len(result.findings),
        "async_functions": len(result.async_functions),
        "awaited_calls": result.awaited_calls,
        "checks": f"{sum(c.passed for c in result.checks)}/{len(result.checks)}",
        "rusage_mb": (self_kb + child_kb) / 1024,
        "failures": [f"{c.path}: {c.reason}" for c in result.failed][:5],
    }))


# What any tree-sitter engine in Python pays per file before a rule runs, in increasing order:
# no run can beat `parse`, and none that resolves calls across files can beat `index`.
FLOORS = {
    "parse": "read + parse every file once",
    "query": "+ one C-level query over each tree (the node buckets)",
    "index": "+ one FileIndex per file (buckets, imports, declarations)",
}


def _floor_job(level: str, root: str, path: str) -> int:
    from engine.bindings import FileIndex, collect_nodes
    from engine.languages import language_for, parse

    tree = parse((Path(root) / path).read_bytes(), language_for(path) or "typescript")
    if level == "query":
        collect_nodes(tree)
    elif level == "index":
        FileIndex(path, tree, _FLOOR_RESOLVER[0])
    return 0


_FLOOR_RESOLVER: list = []  # set before the fork, inherited by the workers


def floor_child(repo: str, level: str, jobs: int) -> None:
    """Runs inside a fresh subprocess: one floor level over every source the engine would parse."""
    import multiprocessing
    from functools import partial

    from engine.languages import language_for
    from engine.workspace import Workspace

    workspace = Workspace.open(Path(repo))
    _FLOOR_RESOLVER.append(workspace.resolver)
    paths = [p for p in workspace.files if language_for(p)]
    job = partial(_floor_job, level, str(workspace.root))
    start = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        for _ in pool.imap_unordered(job, paths, chunksize=max(1, min(64, len(paths) // (jobs * 8)))):
            pass
    print(json.dumps({"wall": time.perf_counter() - start, "files": len(paths)}))


def measure_floor(repo: Path, level: str, jobs: int) -> float:
    out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--_floor", str(repo), level, str(jobs)],
                         capture_output=True, text=True, cwd=str(ROOT))
    if out.returncode != 0:
        raise SystemExit(f"floor measurement {level} on {repo} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])["wall"]


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except OSError:
            pass
    return out


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def measure(repo: Path, wave: str, jobs: int) -> dict:
    proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--_measure", str(repo), wave, str(jobs)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=str(ROOT))
    peak = [0]
    done = threading.Event()

    def poll() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], sum(_rss_kb(p) for p in _tree(proc.pid)))
            done.wait(0.02)

    thread = threading.Thread(target=poll, daemon=True)
    thread.start()
    out, err = proc.communicate()
    done.set()
    thread.join()
    if proc.returncode != 0:
        raise SystemExit(f"measurement of {wave} on {repo} failed:\n{err}")
    data = json.loads(out.strip().splitlines()[-1])
    data["proc_mb"] = peak[0] / 1024
    return data


def profile(repo: Path, wave: str, top: int) -> None:
    import cProfile
    import pstats

    from engine.api import plan_wave
    from engine.config import load_config

    config = load_config()
    prof = cProfile.Profile()
    start = time.perf_counter()
    prof.enable()
    plan_wave(repo, wave, config, 1)
    prof.disable()
    print(f"\ncProfile of plan_wave({wave!r}, workers=1): {time.perf_counter() - start:.2f} s under the profiler")
    stats = pstats.Stats(prof).strip_dirs()
    print(f"\n-- top {top} by cumulative time --")
    stats.sort_stats("cumulative").print_stats(top)
    print(f"-- top {top} by own (total) time --")
    stats.sort_stats("tottime").print_stats(top)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--_measure":
        measure_child(sys.argv[2], sys.argv[3], int(sys.argv[4]))
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--_floor":
        floor_child(sys.argv[2], sys.argv[3], int(sys.argv[4]))
        return
    from engine.pipeline import default_workers

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, nargs="+", default=[1000, 10000], help="corpus sizes (default: 1000 10000)")
    ap.add_argument("--quick", action="store_true", help="smoke run: one 200-file corpus")
    ap.add_argument("--jobs", type=int, default=default_workers(), help="worker processes (default: engine default, %(default)s here)")
    ap.add_argument("--waves", nargs="+", default=list(WAVES))
    ap.add_argument("--keep", action="store_true", help="keep the generated repositories and print their paths")
    ap.add_argument("--profile", action="store_true", help="instead of the table: cProfile of the first wave on the first size, workers=1")
    ap.add_argument("--top", type=int, default=40, help="rows of the profile (default 40)")
    ap.add_argument("--no-floor", action="store_true", help="skip the floor measurement (parse / query / index alone)")
    args = ap.parse_args()
    sizes = [200] if args.quick else args.files

    base = Path(tempfile.mkdtemp(prefix="wavemod-bench-"))
    print(f"wavemod benchmark: plan_wave (preview) per wave; jobs={args.jobs}, cpus={os.cpu_count()}, python {sys.version.split()[0]}")
    print(f"corpora under {base}{' (kept)' if args.keep else ''}; generation is not timed; each measurement runs in a fresh subprocess\n")
    try:
        corpora = []
        for size in sizes:
            t0 = time.perf_counter()
            repo = base / f"corpus-{size}"
            repo.mkdir()
            info = build_repo(repo, size)
            mix = info["mix"]
            total_calls = sum(mix.values())
            print(f"corpus {size}: {info['files']} .ts files, {info['bytes'] / 1e6:.1f} MB ({info['bytes'] / info['files'] / 1024:.1f} KiB/file), "
                  f"{info['prepares']} prepare calls ({info['prepares'] / info['files']:.2f}/file; get {100 * mix['get'] / total_calls:.0f}% "
                  f"all {100 * mix['all'] / total_calls:.0f}% run {100 * mix['run'] / total_calls:.0f}%), routes {info['routes']}, lib {info['lib']}, "
                  f"util {info['util']}, connection importers {info['conn_importers']} ({100 * info['alias'] / max(1, info['conn_importers']):.0f}% via @/), "
                  f"cross-file calls {info['cross_calls']}; generated in {time.perf_counter() - t0:.1f} s (not timed)")
            corpora.append((size, repo, info))
        print()
        if args.profile:
            size, repo, _ = corpora[0]
            print(f"profiling {args.waves[0]} on the {size}-file corpus")
            profile(repo, args.waves[0], args.top)
            return
        header = f"{'files':>6} {'MB':>6} {'wave':<7} {'in-wave':>7} {'wall s':>7} {'files/s':>8} {'MB/s':>6} {'changed':>7} {'edits':>6} {'async fn':>8} {'findings':>8} {'failed':>6} {'checks':>6} {'RSS MB':>7} {'rusage MB':>9} {'target':>8} {'met':>4}"
        rows, verdicts, measured = [], [], []
        for size, repo, info in corpora:
            mb = info["bytes"] / 1e6
            for wave in args.waves:
                m = measure(repo, wave, args.jobs)
                measured.append(m)
                target = TARGET_SECONDS.get(size, size * 0.002)
                met = m["wall"] < target and m["proc_mb"] < TARGET_RSS_MB
                verdicts.append((size, wave, m["wall"], target, m["proc_mb"], size in TARGET_SECONDS))
                row = (f"{info['files']:>6} {mb:>6.1f} {wave:<7} {m['in_wave']:>7} {m['wall']:>7.2f} {info['files'] / m['wall']:>8.0f} {mb / m['wall']:>6.2f} "
                       f"{m['changed']:>7} {m['edits']:>6} {m['async_functions']:>8} {m['findings']:>8} {m['failed']:>6} {m['checks']:>6} "
                       f"{m['proc_mb']:>7.0f} {m['rusage_mb']:>9.0f} {target:>7.1f}s {'yes' if met else 'NO':>4}")
                rows.append(row)
                print(row if len(rows) > 1 else header + "\n" + row, flush=True)
                for failure in m["failures"]:
                    print(f"        failed: {failure}")
            # After the waves (the corpus' own disk writes are long done), best of two runs each.
            floors = {} if args.no_floor else {level: min(measure_floor(repo, level, args.jobs) for _ in range(2)) for level in FLOORS}
            for level, wall in floors.items():
                waves = " ".join(f"{w['wall'] / wall:.1f}x" for w in measured[-len(args.waves):])
                print(f"{'':>6} {'':>6} floor   {level:<7} {wall:>7.2f}  {FLOORS[level]}; the waves above take {waves} this", flush=True)
        print("\ncolumns: files = tracked .ts files in the corpus (all are parsed by every wave); in-wave = files the wave selects;")
        print("  files/s and MB/s over the whole corpus; edits = applied edits of all rules; async fn = functions made async;")
        print("  RSS MB = peak of the summed VmRSS of the measuring process and all its worker processes, sampled every 20 ms")
        print("  from /proc by the parent (shared copy-on-write pages count once per process, so this over-estimates);")
        print("  rusage MB = ru_maxrss(RUSAGE_SELF) + ru_maxrss(RUSAGE_CHILDREN) in the measuring process (largest child only).")
        if not args.no_floor:
            print("  floor rows: wall time on the same worker count of what every file costs before any rule runs (see FLOORS);")
            print("  no engine run can beat `parse`, and none that resolves calls across files can beat `index`.")
        print("\ntargets (per wave preview): 1,000 files < 2 s; 10,000 files < 20 s; peak RSS < 1 GB (1024 MB, RSS column).")
        print("  other sizes are held to the same rate, 2 ms per file (marked pro rata).")
        for size, wave, wall, target, rss, official in verdicts:
            time_ok, mem_ok = wall < target, rss < TARGET_RSS_MB
            print(f"  {size:>6} files {wave}: time {wall:.2f} s vs {target:.1f} s {'met' if time_ok else 'NOT met'}"
                  f"{'' if official else ' (pro rata)'}; RSS {rss:.0f} MB vs {TARGET_RSS_MB:.0f} MB {'met' if mem_ok else 'NOT met'}")
    finally:
        if args.keep:
            print(f"\nkept: {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
