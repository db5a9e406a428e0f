"""The "real" benchmark profile: a corpus shaped like a real Next.js app's code (issue 17).

Measured on a real app of 944 files (10.9 MB): file size median 10 KB (339 lines), p90 22 KB,
p99 36 KB, largest 99 KB (2,883 lines); 281 of 944 files call `.prepare(`, a median 6 calls in
such a file, p90 15, max 133 (a 2,500-line query module and a 130-call test); SQL mostly multi-line
template literals of 5-40 lines with joins, CASE and subqueries, nearly every text distinct.

The kinds of file and how they call each other are the synthetic profile's (corpus.Corpus); what
this profile changes is drawn from the distributions above: each file's size, the calls in each
file that has any, and the SQL (multi-line, distinct). `shape()` prints the corpus' own
percentiles so they can be checked against these figures.
"""
from __future__ import annotations

import math
import random

from corpus import Corpus, Statements, weighted, METHOD_WEIGHTS

# Per 944 files of the measured app.
REAL_FILES = 944
REAL = {
    "size KB p50": 10, "size KB p90": 22, "size KB p99": 36, "size KB max": 99,
    "files with prepare": 281, "calls/file p50": 6, "calls/file p90": 15, "calls/file max": 133,
}
SIZE_MEDIAN, SIZE_SIGMA = 10_000, 0.55  # lognormal: p90 ~20 KB, p99 ~36 KB
SIZE_MIN, SIZE_MAX = 1_200, 50_000  # the largest files are the big query modules, drawn apart
CALLS_MEDIAN, CALLS_SIGMA = 6, 0.70  # lognormal: p90 ~15
CALLS_MAX = 60
BIG_CALLS = 133  # one big query module and one big test per ~1,000 files
BIG_TEST_CALLS = 130

JOINED = [("users", "u", "assigned_to", ["email", "title", "status"]),
          ("audit_logs", "a", None, ["action", "entity", "user_id"])]
TEXT_COLS = ["title", "status", "priority"]
STATUSES = ["open", "pending", "resolved", "closed", "in_progress", "escalated", "archived"]


def lognormal_int(rng: random.Random, median: float, sigma: float, low: int, high: int) -> int:
    return max(low, min(high, round(median * math.exp(rng.gauss(0.0, sigma)))))


class RealStatements(Statements):
    """Statements whose SQL is mostly a multi-line template literal (5-40 lines: joins, CASE,
    subqueries, SQLite functions), distinct from one call to the next."""

    def one(self, indent: str = "  ") -> str:
        if self.rng.random() < 0.25:
            return super().one(indent)
        self.j += 1
        j, db, rng = self.j, self.recv, self.rng
        method = weighted(rng, METHOD_WEIGHTS)
        self.mix[method] += 1
        pad = indent + "  "
        if method == "run":
            sql = self.insert_sql(pad) if rng.random() < 0.4 else self.update_sql(pad)
            lines = [f"const res{j} = {db}.prepare(`", *sql, f"{indent}`).run(id, orgId);", f"total += res{j}.changes;"]
            if sql[0].lstrip().upper().startswith("INSERT"):
                lines.append(f"lastId = Number(res{j}.lastInsertRowid);")
        else:
            sql = self.select_sql(pad, method == "get")
            cast = "{ total: number } | undefined" if method == "get" else "any[]"
            lines = [f"const q{j} = {db}.prepare(`", *sql, f"{indent}`).{method}(orgId, id) as {cast};"]
            lines.append(f"total += q{j} ? 1 : 0;" if method == "get" else f"total += q{j}.length;")
        return "".join(f"{indent}{line}\n" if not line.startswith(" ") else f"{line}\n" for line in lines)

    def select_sql(self, pad: str, single: bool) -> list[str]:
        rng, table = self.rng, self.table
        cols = ["t.id"] + [f"t.{c}" for c in rng.sample(TEXT_COLS + ["assigned_to", "created_at", "updated_at"], rng.randint(1, 5))]
        out = [f"{pad}SELECT"]
        items = list(cols)
        if rng.random() < 0.6:
            whens = rng.sample(STATUSES, rng.randint(2, 4))
            case = [f"{pad}    CASE"] + [f"{pad}      WHEN t.status = '{s}' THEN {n}" for n, s in enumerate(whens, 1)] + [f"{pad}      ELSE 0", f"{pad}    END AS status_rank_{rng.randrange(100)}"]
            items.append("\n".join(case)[len(pad) + 4:])
        join = rng.random() < 0.6
        if join:
            items.append(f"u.email AS assignee_email")
        if rng.random() < 0.5:
            items.append(f"(SELECT COUNT(*) FROM audit_logs a WHERE a.entity_id = t.id AND a.entity = '{table}' AND a.created_at > datetime('now', '-{rng.randint(1, 90)} days')) AS recent_changes")
        if rng.random() < 0.3:
            items.append(f"ifnull(t.priority, 'medium') AS priority_or_default")
        if rng.random() < 0.2:
            items.append(f"strftime('%Y-%m', t.created_at) AS month")
        out += [f"{pad}  {item}{',' if n < len(items) - 1 else ''}" for n, item in enumerate(items)]
        out.append(f"{pad}FROM {table} t")
        if join:
            out.append(f"{pad}LEFT JOIN users u ON u.id = t.assigned_to")
        conds = [f"t.organization_id = ?"]
        pool = [
            "t.is_active = 1",
            f"t.created_at > datetime('now', '-{rng.randint(1, 365)} days')",
            f"t.status IN ({', '.join(repr(s) for s in rng.sample(STATUSES, rng.randint(1, 3)))})",
            f"t.title LIKE '%' || ? || '%'",
            f"t.id NOT IN (SELECT entity_id FROM audit_logs WHERE action = '{rng.choice(['delete', 'merge', 'archive'])}')",
            f"(t.assigned_to = ? OR t.assigned_to IS NULL)",
            f"t.priority <> '{rng.choice(['low', 'medium', 'high'])}'",
        ]
        conds += rng.sample(pool, rng.randint(1, 5))
        out.append(f"{pad}WHERE {conds[0]}")
        out += [f"{pad}  AND {c}" for c in conds[1:]]
        if rng.random() < 0.4 and not single:
            out.append(f"{pad}GROUP BY t.id")
        out.append(f"{pad}ORDER BY t.{rng.choice(['created_at', 'updated_at', 'id'])} {rng.choice(['DESC', 'ASC'])}")
        out.append(f"{pad}LIMIT {1 if single else rng.choice([10, 20, 25, 50, 100, 200])}")
        return out

    def insert_sql(self, pad: str) -> list[str]:
        rng, table = self.rng, self.table
        cols = ["organization_id"] + rng.sample(TEXT_COLS + ["assigned_to", "is_active"], rng.randint(2, 5))
        values = ["?" if c != "is_active" else "1" for c in cols]
        if rng.random() < 0.7:
            cols.append("created_at")
            values.append("datetime('now')")
        verb = "INSERT OR IGNORE INTO" if rng.random() < 0.2 else "INSERT INTO"
        return ([f"{pad}{verb} {table} ("] + [f"{pad}  {c}{',' if n < len(cols) - 1 else ''}" for n, c in enumerate(cols)]
                + [f"{pad}) VALUES ("] + [f"{pad}  {v}{',' if n < len(values) - 1 else ''}" for n, v in enumerate(values)] + [f"{pad})"])

    def update_sql(self, pad: str) -> list[str]:
        rng, table = self.rng, self.table
        sets = [f"{c} = ?" for c in rng.sample(TEXT_COLS + ["assigned_to"], rng.randint(1, 3))]
        if rng.random() < 0.5:
            sets.append(f"priority = CASE WHEN priority = 'low' THEN 'medium' ELSE '{rng.choice(['high', 'urgent'])}' END")
        sets.append("updated_at = datetime('now')")
        out = [f"{pad}UPDATE {table}", f"{pad}SET"] + [f"{pad}  {s}{',' if n < len(sets) - 1 else ''}" for n, s in enumerate(sets)]
        out.append(f"{pad}WHERE id = ?")
        out.append(f"{pad}  AND organization_id = ?")
        if rng.random() < 0.5:
            out.append(f"{pad}  AND is_active = 1")
        return out


class RealCorpus(Corpus):
    """The synthetic profile's files and call graph, with the real app's file sizes, calls per file
    and SQL shapes."""

    statements = RealStatements

    def add(self, path: str, parts: list[str], k: str) -> None:
        target = lognormal_int(self.rng, SIZE_MEDIAN, SIZE_SIGMA, SIZE_MIN, SIZE_MAX)
        self._pad(path, parts, k, target)

    def per_file_calls(self, total: int, parts: int, low: int, high: int) -> list[int]:
        return [lognormal_int(self.rng, CALLS_MEDIAN, CALLS_SIGMA, 1, CALLS_MAX) for _ in range(parts)]

    def big_files(self) -> None:
        """Per ~1,000 files: one big query module (133 calls, ~2,500 lines) and one big test."""
        for n in range(max(1, round(self.n / 1000))):
            self.db_lib(10_000 + n, "tickets", BIG_CALLS, "functions")
            self.test(10_000 + n, "tickets", BIG_TEST_CALLS, False)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def shape(sources: dict[str, str]) -> dict:
    """The corpus' own percentiles, the figures REAL gives for the measured app."""
    ts = [p for p in sources if p.endswith(".ts")]
    sizes = [len(sources[p].encode()) / 1000 for p in ts]
    lines = [sources[p].count("\n") + 1 for p in ts]
    calls = [sources[p].count(".prepare(") for p in ts if ".prepare(" in sources[p]]
    return {
        "size KB p50": percentile(sizes, 0.5), "size KB p90": percentile(sizes, 0.9), "size KB p99": percentile(sizes, 0.99),
        "size KB max": max(sizes), "lines p50": percentile(lines, 0.5), "lines max": max(lines),
        "files with prepare": len(calls), "calls/file p50": percentile(calls, 0.5), "calls/file p90": percentile(calls, 0.9),
        "calls/file max": max(calls, default=0),
    }


def describe_shape(info: dict) -> str:
    """One line: the corpus' percentiles, the real app's in brackets (counts scaled to the corpus)."""
    s, scale = info["shape"], info["files"] / REAL_FILES
    parts = []
    for key, value in s.items():
        ref = REAL.get(key)
        if key == "files with prepare" and ref is not None:
            ref = round(ref * scale)
        parts.append(f"{key} {value:.0f}" + (f" ({ref})" if ref is not None else ""))
    return "  shape: " + ", ".join(parts)
