"""Rewriting SQLite SQL so it runs on PostgreSQL, keeping the original layout.

`rewrite(sql, target, schema)` finds the fragments that differ between the dialects with sqlglot's
tokenizer and splices replacement text into the original string at the tokens' offsets: everything
that doesn't change (indentation, line breaks, comments, keyword case, `?` placeholders and the
`__wm_N__` interpolation markers) comes out byte for byte. The statement is never regenerated.

Targets:
- "portable": SQL valid on SQLite 3.35+ and PostgreSQL. What has no portable form is left as it is
  and reported in `problems`.
- "postgres": PostgreSQL only.

Rewriting runs in passes until nothing changes (an outer fragment, e.g. `julianday(a) - julianday(b)`,
is rewritten first and the fragments inside it on the next pass), so the result is a fixed point:
rewriting it again changes nothing. `problems` describe the final text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlglot.dialects.sqlite import SQLite
from sqlglot.errors import SqlglotError
from sqlglot.tokens import Token, TokenType

from wavemod.engine.sql import sqlfixes
from wavemod.engine.sql.sqlschema import TEXT_TYPES, Schema
from wavemod.engine.sql.sqltext import same_case as _same_case, short as _short

TARGETS = ("portable", "postgres")
MARKER_RE = re.compile(r"^__wm_\d+__$")
WORD_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_$]*$")
MAX_PASSES = 8

T = TokenType
NAME_TYPES = {T.VAR, T.IDENTIFIER}
ARITHMETIC = {T.STAR, T.SLASH, T.DASH, T.PLUS, T.MOD, T.DPIPE}
TIGHTER = {T.STAR, T.SLASH, T.MOD, T.DPIPE, T.DCOLON, T.DOT}
TIME_TYPES = {"timestamp", "timestamptz", "date"}
SQLITE_CATALOG = {"sqlite_master", "sqlite_schema", "sqlite_sequence", "sqlite_temp_master", "sqlite_temp_schema"}

MODIFIER_RE = re.compile(r"^\s*([+-]?)\s*(\d+(?:\.\d+)?|__wm_\d+__)\s+(second|minute|hour|day|week|month|year)(s?)\s*$", re.I)
START_OF_RE = re.compile(r"^\s*start\s+of\s+(day|month|year)\s*$", re.I)
STRFTIME_CODES = {"%Y": "YYYY", "%m": "MM", "%d": "DD", "%H": "HH24", "%M": "MI", "%S": "SS", "%W": "IW",
                  "%j": "DDD", "%f": "SS.MS", "%w": "D", "%%": "%"}
POSTGRES_RENAMES = {"json_object": "json_build_object", "json_array": "json_build_array",
                    "json_group_array": "json_agg", "json_group_object": "json_object_agg", "instr": "strpos"}
# What the scan dispatches on: token types (_Pass._token_family) and the names of calls (_Pass._call).
_TOKEN_FAMILIES = {T.EQ, T.NEQ, T.LIKE, T.GLOB, T.DATETIME, T.AUTO_INCREMENT, T.PRAGMA, T.LIMIT}
_TABLE_KEYWORDS = {T.FROM, T.JOIN, T.UPDATE, T.INTO}
_L_PAREN, _R_PAREN, _SEMICOLON = T.L_PAREN, T.R_PAREN, T.SEMICOLON  # compared by identity (enum members)
_CALLS = {"datetime", "date", "time", "julianday", "strftime", "ifnull", "group_concat", "json_extract", "round",
          "last_insert_rowid", *POSTGRES_RENAMES}
_SCANNED_WORDS = frozenset(_CALLS | SQLITE_CATALOG)


@dataclass(frozen=True)
class Rewrite:
    sql: str
    changes: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.changes)


class _Tokenizer(SQLite.Tokenizer):
    # sqlglot swallows the rest of a `REPLACE ...` statement as one string; we want its tokens.
    COMMANDS = SQLite.Tokenizer.COMMANDS - {T.REPLACE, T.COMMAND}


_TOKENIZERS: list[_Tokenizer] = []  # one, made on first use: building one costs about as much as tokenizing a query


def tokenize(sql: str) -> list[Token]:
    # A tokenizer keeps no state from one text to the next (each `tokenize` starts afresh and
    # returns a new list), so one serves every call.
    if not _TOKENIZERS:
        _TOKENIZERS.append(_Tokenizer())
    return _TOKENIZERS[0].tokenize(sql)


@dataclass
class _Edit:
    start: int
    end: int
    text: str
    prio: int
    change: str


@dataclass
class _Statement:
    first: int  # token indices, inclusive, without the terminating semicolon
    last: int
    tables: list[str] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)


def rewrite(sql: str, target: str, schema: Schema | None, returning: bool = False) -> Rewrite:
    return rewrite_to_fixpoint(sql, target, schema, returning)[0]


def rewrite_to_fixpoint(sql: str, target: str, schema: Schema | None, returning: bool = False) -> tuple[Rewrite, bool]:
    """(the rewrite, whether its text is a fixed point): when it is, rewriting `result.sql` gives
    `Rewrite(result.sql, (), result.problems)` (its last pass was that rewrite's only pass), which
    a cache can remember without tokenizing the text again."""
    if target not in TARGETS:
        raise ValueError(f"unknown SQL target {target!r} (expected one of {', '.join(TARGETS)})")
    if nothing_to_rewrite(sql, schema, returning):
        return Rewrite(sql), True
    current, changes, problems = sql, [], []
    for _ in range(MAX_PASSES):
        try:
            tokens = tokenize(current)
        except SqlglotError as error:
            return Rewrite(sql, (), (f"could not parse: {str(error).splitlines()[0]}",)), False
        run = _Pass(current, tokens, target, schema, returning)
        if run.unbalanced:
            return Rewrite(sql, (), (f"could not parse: {run.unbalanced}",)), False
        run.scan()
        problems = run.problems
        if not run.edits:
            return Rewrite(current, tuple(changes), tuple(dict.fromkeys(problems))), True
        current = run.apply()
        changes.extend(e.change for e in sorted(run.edits, key=lambda e: (e.start, e.prio)) if e.change)
    return Rewrite(current, tuple(changes), tuple(dict.fromkeys(problems))), False


# The byte test before any tokenizing. Only text made of these characters is judged by it: with no
# quote, bracket, parenthesis, comment opener or `$`, the tokenizer cannot fail, the parentheses
# cannot be unbalanced, and no function call, subquery or argument list is possible.
_PLAIN_TEXT = re.compile(r"[^A-Za-z0-9_\s,.=<>!?*+\-%;:@]")
# What the scan reacts to in such text, as lowercase substrings (one family each, in order: LIKE,
# GLOB, a DATETIME column type, AUTOINCREMENT or AUTO_INCREMENT, PRAGMA, SQLite's catalog, `LIMIT a, b`, INSERT OR /
# REPLACE INTO / booleans in VALUES / RETURNING, ALTER TABLE ADD, GROUP BY).
_NEEDLES = ("like", "glob", "datetime", "auto", "pragma", "sqlite_", "limit", "insert", "replace", "alter", "group")
_AS = re.compile(r"\bas\b")
_WORDS = re.compile(r"[A-Za-z_][A-Za-z0-9_$]*")
_ZERO_ONE = re.compile(r"(?<![\w.])[01](?![\w.])")  # a boolean comparison's literal


def nothing_to_rewrite(sql: str, schema: Schema | None, returning: bool) -> bool:
    """True when no rewrite family can act on `sql` and tokenizing it would find no problem."""
    if _PLAIN_TEXT.search(sql):
        return False
    low = sql.lower()
    if any(needle in low for needle in _NEEDLES) or (returning and "with" in low):
        return False
    if _AS.search(low) and any(sqlfixes.mixed_case(name) for name in _WORDS.findall(sql)):
        return False  # maybe a camelCase alias to quote (sqlfixes.camel_aliases; comments may sit between)
    return schema is None or not _ZERO_ONE.search(sql)


class _Pass:
    def __init__(self, sql: str, tokens: list[Token], target: str, schema: Schema | None, returning: bool):
        self.sql, self.toks, self.target, self.schema, self.returning = sql, tokens, target, schema, returning
        self.postgres = target == "postgres"
        self.edits: list[_Edit] = []
        self.problems: list[str] = []
        self.match: dict[int, int] = {}
        self.depth: list[int] = []
        self.unbalanced = ""
        # Token types and lowercase texts as arrays: the scan reads them for every token.
        types = self.types = [tok.token_type for tok in tokens]
        self.words = [tok.text.lower() for tok in tokens]
        n = self.n = len(tokens)
        # Parenthesis depth of every token (a closing one at the depth it closes to) and the
        # matching pairs: walked over the parentheses only, the runs between them filled whole.
        parens = self.parens = [i for i, tt in enumerate(types) if tt is _L_PAREN or tt is _R_PAREN]
        stack: list[int] = []
        depth = self.depth
        at = 0
        for i in parens:
            depth += [len(stack)] * (i - at)
            if types[i] is _L_PAREN:
                depth.append(len(stack))
                stack.append(i)
            else:
                if not stack:
                    self.unbalanced = f"unbalanced ')' at offset {tokens[i].start}"
                    return
                self.match[stack.pop()] = i
                depth.append(len(stack))
            at = i + 1
        depth += [len(stack)] * (n - at)
        if stack:
            self.unbalanced = f"unbalanced '(' at offset {tokens[stack[-1]].start}"

    # ---- helpers -------------------------------------------------------------------------------
    def type_at(self, i: int) -> TokenType | None:
        return self.types[i] if 0 <= i < self.n else None

    def word(self, i: int) -> str:
        return self.words[i] if 0 <= i < self.n else ""

    def text(self, i: int, j: int) -> str:
        return self.sql[self.toks[i].start: self.toks[j].end + 1]

    def is_call(self, i: int, *names: str) -> bool:
        return (self.word(i) in names and self.type_at(i + 1) == T.L_PAREN and self.type_at(i - 1) != T.DOT
                and self.types[i] not in (T.STRING, T.IDENTIFIER))

    def args(self, lp: int) -> list[tuple[int, int]]:
        rp, out, start = self.match[lp], [], lp + 1
        for k in range(lp + 1, rp):
            if self.toks[k].token_type == T.COMMA and self.depth[k] == self.depth[lp] + 1:
                out.append((start, k - 1))
                start = k + 1
        if start <= rp - 1:
            out.append((start, rp - 1))
        return out

    def string_arg(self, rng: tuple[int, int]) -> str | None:
        i, j = rng
        return self.toks[i].text if i == j and self.toks[i].token_type == T.STRING else None

    def add(self, start: int, end: int, text: str, change: str, prio: int = 0) -> bool:
        for e in self.edits:
            if start == end:
                if e.start < start < e.end:
                    return False
            elif e.start == e.end:
                if start < e.start < end:
                    return False
            elif start < e.end and e.start < end:
                return False
        self.edits.append(_Edit(start, end, text, prio, change))
        return True

    def replace(self, i: int, j: int, text: str, change: str | None = None) -> bool:
        old = self.text(i, j)
        return self.add(self.toks[i].start, self.toks[j].end + 1, text, change or f"{_short(old)} -> {_short(text)}")

    def problem(self, message: str) -> None:
        self.problems.append(message)

    def no_portable(self, i: int, j: int, what: str = "") -> None:
        self.problem(f"no portable form for {_short(self.text(i, j))}{what}: use the postgres target or a dialect helper")

    def apply(self) -> str:
        out, pos = [], 0
        for e in sorted(self.edits, key=lambda e: (e.start, e.end != e.start, e.prio)):
            out.append(self.sql[pos:e.start])
            out.append(e.text)
            pos = max(pos, e.end)
        out.append(self.sql[pos:])
        return "".join(out)

    # ---- statements, tables and columns ---------------------------------------------------------
    def statements(self) -> list[_Statement]:
        """The runs of tokens between top-level semicolons (empty runs are no statement)."""
        out, start, depth = [], 0, self.depth
        for i in [i for i, tt in enumerate(self.types) if tt is _SEMICOLON]:
            if depth[i] == 0:
                if start < i:
                    out.append(_Statement(start, i - 1))
                start = i + 1
        if start < self.n:
            out.append(_Statement(start, self.n - 1))
        for st in out:
            self._tables(st)
        return out

    def _table_ref(self, k: int, st: _Statement) -> int:
        """Read `name [AS] [alias]` at token k; returns the index after it."""
        if self.type_at(k) not in NAME_TYPES or k > st.last or self.type_at(k + 1) == T.L_PAREN:
            return k
        if self.type_at(k + 1) == T.DOT and self.type_at(k + 2) in NAME_TYPES:
            k += 2
        name = self.toks[k].text.lower()
        if not MARKER_RE.match(name):
            st.tables.append(name)
        k += 1
        if self.type_at(k) == T.ALIAS:
            k += 1
        if k <= st.last and self.type_at(k) in NAME_TYPES and self.word(k) not in ("conflict", "do"):
            st.aliases[self.toks[k].text.lower()] = name
            k += 1
        return k

    def _tables(self, st: _Statement) -> None:
        types = self.types
        for k in range(st.first, st.last + 1):
            tt = types[k]
            if tt in _TABLE_KEYWORDS:
                if tt == T.FROM and self.word(k - 3) == "extract":
                    continue
                nxt = self._table_ref(k + 1, st)
                while tt == T.FROM and nxt > k + 1 and self.type_at(nxt) == T.COMMA:
                    k2 = self._table_ref(nxt + 1, st)
                    if k2 == nxt + 1:
                        break
                    nxt = k2

    def column_ref(self, i: int) -> tuple[str | None, str] | None:
        """(qualifier, column) when token i is the last token of a column reference."""
        tok = self.toks[i] if 0 <= i < len(self.toks) else None
        if tok is None or not (tok.token_type == T.IDENTIFIER or WORD_RE.match(tok.text)) or MARKER_RE.match(tok.text):
            return None
        if tok.token_type in (T.STRING, T.NUMBER, T.NULL, T.TRUE, T.FALSE) or self.type_at(i + 1) == T.L_PAREN:
            return None
        if self.type_at(i - 1) == T.DOT:
            q = i - 2
            if q >= 0 and (self.toks[q].token_type == T.IDENTIFIER or WORD_RE.match(self.toks[q].text)):
                return self.toks[q].text.lower(), tok.text.lower()
            return None
        return None, tok.text.lower()

    def column_types(self, st: _Statement, ref: tuple[str | None, str]) -> list[str]:
        if self.schema is None:
            return []
        qual, col = ref
        if qual is not None:
            table = st.aliases.get(qual, qual)
            found = self.schema.column_type(table, col)
            return [found] if found else []
        return [t for t in (self.schema.column_type(tb, col) for tb in dict.fromkeys(st.tables)) if t]

    # ---- the scan -------------------------------------------------------------------------------
    def scan(self) -> None:
        statements = self.statements()
        for st in statements:
            self.insert_statement(st)
            sqlfixes.add_column(self, st)
            sqlfixes.subquery_aliases(self, st)
            sqlfixes.grouping(self, st)
            sqlfixes.camel_aliases(self, st)
        # One pass over the token arrays. Every token but a semicolon lies in one statement.
        owner: list[_Statement | None] = [None] * self.n
        for st in statements:
            owner[st.first: st.last + 1] = [st] * (st.last - st.first + 1)
        types, words, n = self.types, self.words, self.n
        # Only the tokens some family reacts to (by type, or by their word: a call's name, the
        # catalog's tables), in order; nothing is done for the others (semicolons among them).
        for i in [i for i in range(n) if types[i] in _TOKEN_FAMILIES or words[i] in _SCANNED_WORDS]:
            tt = types[i]
            st = owner[i]
            if tt in _TOKEN_FAMILIES and self._token_family(i, tt, st):
                continue
            word = words[i]
            if tt in NAME_TYPES and word in SQLITE_CATALOG and not sqlfixes.sqlite_master(self, i, st):
                self.problem(f"{word} is SQLite's catalog: query information_schema / pg_catalog instead (belongs in migrations, not queries)")
                continue
            if (word in _CALLS and i + 1 < n and types[i + 1] == T.L_PAREN and (i == 0 or types[i - 1] != T.DOT)
                    and tt not in (T.STRING, T.IDENTIFIER)):
                self._call(i, word, st)

    def _token_family(self, i: int, tt: TokenType, st: _Statement) -> bool:
        """The families keyed by the token's type; False when none took the token (it may still be
        a function call, e.g. `datetime(` outside DDL)."""
        tok = self.toks[i]
        if tt in (T.EQ, T.NEQ):
            self.boolean_comparison(i, st)
        elif tt == T.LIKE:
            self.like(i, st)
        elif tt == T.GLOB:
            self.problem(f"GLOB has no PostgreSQL equivalent ({_short(self.text(max(i - 1, 0), min(i + 1, len(self.toks) - 1)))}): rewrite with LIKE or a regular expression")
        elif tt == T.DATETIME and self.type_at(i + 1) != T.L_PAREN and self.word(st.first) in {"create", "alter"}:
            # a column type in DDL: PostgreSQL has no DATETIME; TIMESTAMP works in both
            self.replace(i, i, _same_case(tok.text, "TIMESTAMP"), f"{tok.text} column type -> TIMESTAMP")
        elif tt == T.AUTO_INCREMENT:
            sqlfixes.autoincrement(self, i)
        elif tt == T.PRAGMA:
            sqlfixes.pragma(self, i, st)
        elif tt == T.LIMIT:
            self.limit(i, st)
        else:
            return False
        return True

    def _call(self, i: int, word: str, st: _Statement) -> None:
        """A call of a SQLite function the target rewrites (token i is its name)."""
        tok = self.toks[i]
        if word in ("datetime", "date", "time"):
            self.date_function(i, st)
        elif word == "julianday":
            self.julianday(i, st)
        elif word == "strftime":
            self.strftime(i, st)
        elif word == "ifnull":
            self.replace(i, i, _same_case(tok.text, "COALESCE"), f"{tok.text}() -> COALESCE()")
        elif word == "group_concat":
            self.group_concat(i)
        elif word == "json_extract":
            self.json_extract(i)
        elif word in POSTGRES_RENAMES:
            new = _same_case(tok.text, POSTGRES_RENAMES[word].upper())
            if self.postgres:
                self.replace(i, i, new, f"{tok.text}() -> {new}()")
            else:
                self.no_portable(i, self.match[i + 1])
        elif word == "round":
            sqlfixes.round_call(self, i, st)
        elif word == "last_insert_rowid":
            self.problem("last_insert_rowid() is SQLite-only: add RETURNING to the INSERT and read the id from its row")

    # ---- INSERT: OR IGNORE / OR REPLACE / booleans in VALUES / RETURNING -------------------------
    def insert_statement(self, st: _Statement) -> None:
        i = st.first
        head = self.toks[i].token_type
        if self.returning and head == T.WITH and any(self.toks[k].token_type == T.INSERT for k in range(i, st.last + 1)):
            if not any(self.toks[k].token_type == T.RETURNING for k in range(i, st.last + 1)):
                self.problem("WITH ... INSERT: RETURNING for the inserted id is not added automatically, add it by hand")
            return
        if head not in (T.INSERT, T.REPLACE) or (head == T.REPLACE and self.type_at(i + 1) != T.INTO):
            return
        into = i + 1
        conflict = None
        if head == T.INSERT and self.type_at(i + 1) == T.OR:
            conflict = self.word(i + 2)
            into = i + 3
        elif head == T.REPLACE:
            conflict = "replace"
        if self.type_at(into) != T.INTO:
            return
        table_i = into + 1
        if self.type_at(table_i + 1) == T.DOT:
            table_i += 2
        table = self.toks[table_i].text.lower() if table_i <= st.last else ""
        k = table_i + 1
        if self.type_at(k) == T.ALIAS:
            k += 2
        columns: list[tuple[int, int]] = []
        if self.type_at(k) == T.L_PAREN and self.type_at(k + 1) not in (T.SELECT, T.WITH):
            columns = self.args(k)
            k = self.match[k] + 1
        source = self.type_at(k)
        depth0 = self.depth[st.first]
        returning_i = next((r for r in range(st.first, st.last + 1) if self.toks[r].token_type == T.RETURNING and self.depth[r] == depth0), None)
        has_conflict = any(self.toks[r].token_type == T.ON and self.word(r + 1) == "conflict" and self.depth[r] == depth0 for r in range(st.first, st.last + 1))
        tail = self.toks[returning_i].start if returning_i is not None else self.toks[st.last].end + 1
        lead, trail = (" ", "") if returning_i is None else ("", " ")
        column_names = [self.text(a, b) for a, b in columns]

        if source == T.VALUES and columns and self.schema is not None:
            self.insert_booleans(table, column_names, k)

        if conflict is not None:
            verb = "REPLACE" if head == T.REPLACE else self.text(i, i + 2)
            if has_conflict:
                self.problem(f"{_short(verb)} together with an ON CONFLICT clause: resolve the conflict handling by hand")
            elif conflict == "ignore":
                if source in (T.SELECT, T.WITH) and not self.postgres and not any(
                        self.toks[r].token_type == T.WHERE and self.depth[r] == depth0 for r in range(k, st.last + 1)):
                    self.problem("INSERT OR IGNORE ... SELECT without WHERE: SQLite needs a WHERE clause before ON CONFLICT (add `WHERE true`), fix by hand")
                else:
                    clause = _same_case(self.toks[i].text, "ON CONFLICT DO NOTHING")
                    if self.add(self.toks[i].end + 1, self.toks[i + 2].end + 1, "", f"{_short(verb)} -> INSERT ... ON CONFLICT DO NOTHING"):
                        self.add(tail, tail, lead + clause + trail, "", prio=0)
            elif conflict == "replace":
                self.insert_or_replace(st, i, head, table, column_names, tail, lead, trail)
            else:
                self.problem(f"INSERT OR {conflict.upper()} has no PostgreSQL equivalent: rewrite the conflict handling by hand")

        if self.returning and returning_i is None:
            if self.schema is None or self.schema.table(table) is None:
                column = "id"
            else:
                column = self.schema.id_column(table)
            if column is None or MARKER_RE.match(table):
                self.problem(f"INSERT INTO {table} has no single-column key to return: read the inserted row another way")
            else:
                self.add(tail, tail, f" RETURNING {column}", f"INSERT INTO {table}: + RETURNING {column} (for the inserted id)", prio=1)

    def insert_booleans(self, table: str, column_names: list[str], k: int) -> None:
        assert self.schema is not None
        row = k + 1
        while self.type_at(row) == T.L_PAREN:
            for position, (a, b) in enumerate(self.args(row)):
                if a == b and position < len(column_names) and self.toks[a].token_type == T.NUMBER and self.toks[a].text in ("0", "1"):
                    name = column_names[position].strip('"`[]')
                    if self.schema.is_boolean(table, name):
                        value = "TRUE" if self.toks[a].text == "1" else "FALSE"
                        self.replace(a, a, value, f"{table}.{name}: {self.toks[a].text} -> {value} (BOOLEAN column)")
            end = self.match[row]
            if self.type_at(end + 1) != T.COMMA:
                break
            row = end + 2

    def insert_or_replace(self, st: _Statement, i: int, head: TokenType, table: str, column_names: list[str], tail: int, lead: str, trail: str) -> None:
        verb = "REPLACE INTO" if head == T.REPLACE else "INSERT OR REPLACE"
        if not column_names:
            self.problem(f"{verb} {table} without a column list: list the columns so the ON CONFLICT update can be written")
            return
        if self.schema is None or self.schema.table(table) is None:
            self.problem(f"{verb} {table}: the table's primary/unique key is not known from the schema, write ON CONFLICT (...) DO UPDATE by hand")
            return
        listed = [c.strip('"`[]').lower() for c in column_names]
        key = next((k for k in self.schema.unique_keys(table) if all(c in listed for c in k)), None)
        if key is None:
            self.problem(f"{verb} {table}: none of the table's keys {list(self.schema.unique_keys(table))} is fully in the column list, write the conflict handling by hand")
            return
        updates = [f"{name} = excluded.{name}" for name, low in zip(column_names, listed) if low not in key]
        target = ", ".join(column_names[listed.index(c)] for c in key)
        clause = f"ON CONFLICT ({target}) " + (f"DO UPDATE SET {', '.join(updates)}" if updates else "DO NOTHING")
        start, end = (self.toks[i].start, self.toks[i + 2].end + 1) if head == T.INSERT else (self.toks[i].start, self.toks[i].end + 1)
        if self.add(start, end, _same_case(self.toks[i].text, "INSERT"), f"{verb} {table} -> INSERT ... {_short(clause, 90)}"):
            self.add(tail, tail, lead + clause + trail, "", prio=0)

    # ---- booleans, LIKE, LIMIT -----------------------------------------------------------------
    def boolean_comparison(self, i: int, st: _Statement) -> None:
        if self.schema is None:
            return
        if self.type_at(i - 1) == T.NUMBER and self.toks[i - 1].text in ("0", "1"):
            self.reversed_boolean_comparison(i, st)
            return
        value = i + 1
        if self.type_at(value) != T.NUMBER or self.toks[value].text not in ("0", "1") or self.type_at(value + 1) in ARITHMETIC | TIGHTER:
            return
        ref = self.column_ref(i - 1)
        if ref is None:
            return
        left_start = i - 3 if ref[0] is not None else i - 1
        if self.type_at(left_start - 1) in ARITHMETIC | TIGHTER:
            return
        types = self.column_types(st, ref)
        if not types or "boolean" not in types:
            return
        name = f"{ref[0]}.{ref[1]}" if ref[0] else ref[1]
        if any(t != "boolean" for t in types):
            self.problem(f"{name} is BOOLEAN in one table of the statement and not in another: qualify the column and compare with TRUE/FALSE")
            return
        new = "TRUE" if self.toks[value].text == "1" else "FALSE"
        self.replace(value, value, new, f"{self.text(left_start, value)} -> {self.text(left_start, i)} {new} (BOOLEAN column)")

    def reversed_boolean_comparison(self, i: int, st: _Statement) -> None:
        """`1 = is_active`."""
        value, j = i - 1, i + 1
        if self.type_at(value - 1) in ARITHMETIC | TIGHTER:
            return
        last = j + 2 if self.type_at(j + 1) == T.DOT else j
        if self.type_at(last + 1) in ARITHMETIC | TIGHTER or self.type_at(last + 1) == T.L_PAREN:
            return
        ref = self.column_ref(last)
        types = self.column_types(st, ref) if ref is not None else []
        if types and all(t == "boolean" for t in types):
            new = "TRUE" if self.toks[value].text == "1" else "FALSE"
            self.replace(value, value, new, f"{self.text(value, last)} -> {new} {self.text(i, last)} (BOOLEAN column)")

    def like(self, i: int, st: _Statement) -> None:
        if not self.postgres:
            return
        left = i - 2 if self.type_at(i - 1) == T.NOT else i - 1
        ref = self.column_ref(left)
        if ref is not None:
            types = self.column_types(st, ref)
            if types and not any(t in TEXT_TYPES for t in types):
                self.problem(f"LIKE on the non-text column {ref[1]} ({types[0]}): cast it to text")
                return
        new = _same_case(self.toks[i].text, "ILIKE")
        self.replace(i, i, new, f"LIKE -> {new} (SQLite's LIKE ignores ASCII case): {_short(self.text(max(left, 0), min(i + 1, len(self.toks) - 1)))}")

    def limit(self, i: int, st: _Statement) -> None:
        for k in range(i + 1, st.last + 1):
            if self.depth[k] < self.depth[i] or self.toks[k].token_type in (T.OFFSET, T.R_PAREN):
                return
            if self.toks[k].token_type == T.COMMA and self.depth[k] == self.depth[i]:
                self.problem(f"{_short(self.text(i, st.last))}: PostgreSQL has no `LIMIT offset, count`; write LIMIT count OFFSET offset (mind the parameter order)")
                return

    # ---- dates and times ------------------------------------------------------------------------
    def time_value(self, rng: tuple[int, int], st: _Statement, cast: str = "TIMESTAMP") -> str:
        """A PostgreSQL timestamp expression for a SQLite time value argument."""
        a, b = rng
        literal = self.string_arg(rng)
        if literal is not None and literal.lower() == "now":
            return "CURRENT_TIMESTAMP" if cast == "TIMESTAMP" else "CURRENT_DATE"
        text = self.text(a, b)
        if a == b and self.toks[a].token_type in (T.PLACEHOLDER, T.STRING, T.NUMBER) or MARKER_RE.match(text):
            return f"CAST({text} AS {cast})"
        ref = self.column_ref(b) if (b == a or (b == a + 2 and self.type_at(a + 1) == T.DOT)) else None
        if ref is not None:
            types = self.column_types(st, ref)
            if types and not any(t in TIME_TYPES for t in types):
                return f"CAST({text} AS {cast})"
            return text if cast == "TIMESTAMP" or "date" in types else f"CAST({text} AS {cast})"
        return text

    def modified_time(self, args: list[tuple[int, int]], st: _Statement, cast: str) -> tuple[str | None, str]:
        """(PostgreSQL expression, problem) for a SQLite time value with modifiers."""
        expr = self.time_value(args[0], st, cast)
        truncated = False
        for rng in args[1:]:
            literal = self.string_arg(rng)
            if literal is None:
                expr = f"{expr} + CAST({self.text(*rng)} AS INTERVAL)"
                continue
            m = MODIFIER_RE.match(literal)
            if m:
                sign, amount, unit, plural = m.groups()
                expr = f"{expr} {'-' if sign == '-' else '+'} INTERVAL '{amount} {unit.lower()}{plural.lower()}'"
                continue
            m = START_OF_RE.match(literal)
            if m:
                expr = f"date_trunc('{m.group(1).lower()}', {expr})"
                truncated = True
                continue
            return None, f"modifier '{literal}' has no PostgreSQL rewrite"
        if cast == "DATE" and truncated:
            return f"CAST({expr} AS DATE)", ""
        return f"({expr})", ""

    def date_function(self, i: int, st: _Statement) -> None:
        lp = i + 1
        rp = self.match[lp]
        args = self.args(lp)
        name = self.word(i)
        if not args:
            return
        first = self.string_arg(args[0])
        now = first is not None and first.lower() == "now"
        current = {"datetime": "CURRENT_TIMESTAMP", "date": "CURRENT_DATE", "time": "CURRENT_TIME"}[name]
        if len(args) == 1:
            if now or (name == "datetime" and self.toks[args[0][0]].token_type == T.CURRENT_TIMESTAMP and args[0][0] == args[0][1]):
                self.replace(i, rp, current)
            elif name == "datetime":
                if self.postgres:
                    self.replace(i, rp, f"CAST({self.text(*args[0])} AS TIMESTAMP)")
                else:
                    self.no_portable(i, rp)
            return
        if name == "time":
            self.problem(f"{_short(self.text(i, rp))}: time() with modifiers has no rewrite, fix by hand")
            return
        if not self.postgres:
            self.no_portable(i, rp)
            return
        expr, problem = self.modified_time(args, st, "TIMESTAMP" if name == "datetime" else "DATE")
        if expr is None:
            self.problem(f"{_short(self.text(i, rp))}: {problem}")
        else:
            self.replace(i, rp, expr)

    def julianday(self, i: int, st: _Statement) -> None:
        lp = i + 1
        rp = self.match[lp]
        if not self.postgres:
            self.no_portable(i, rp)
            return
        a, problem = self.modified_time(self.args(lp), st, "TIMESTAMP") if self.args(lp) else (None, "no argument")
        if a is None:
            self.problem(f"{_short(self.text(i, rp))}: {problem}")
            return
        a = a[1:-1] if len(self.args(lp)) == 1 else a
        # julianday(a) - julianday(b): a day difference, unless an operator binding tighter is around
        j = rp + 1
        if (self.type_at(j) == T.DASH and self.is_call(j + 1, "julianday") and self.type_at(i - 1) not in ARITHMETIC | TIGHTER
                and self.type_at(self.match[j + 2] + 1) not in TIGHTER):
            rp2 = self.match[j + 2]
            args2 = self.args(j + 2)
            b, problem = self.modified_time(args2, st, "TIMESTAMP") if args2 else (None, "no argument")
            if b is not None:
                b = b[1:-1] if len(args2) == 1 else b
                self.replace(i, rp2, f"(EXTRACT(EPOCH FROM ({a}) - ({b})) / 86400.0)")
                return
        self.replace(i, rp, f"(EXTRACT(EPOCH FROM ({a})) / 86400.0 + 2440587.5)")

    def strftime(self, i: int, st: _Statement) -> None:
        lp = i + 1
        rp = self.match[lp]
        args = self.args(lp)
        if not self.postgres:
            self.no_portable(i, rp)
            return
        fmt = self.string_arg(args[0]) if args else None
        if fmt is None or len(args) < 2:
            self.problem(f"{_short(self.text(i, rp))}: strftime with a non-literal format has no rewrite, fix by hand")
            return
        value, problem = self.modified_time(args[1:], st, "TIMESTAMP")
        if value is None:
            self.problem(f"{_short(self.text(i, rp))}: {problem}")
            return
        if len(args) == 2:
            value = value[1:-1]
        if fmt == "%s":
            self.replace(i, rp, f"EXTRACT(EPOCH FROM {value})::bigint")
            return
        pattern: list[str] = []
        for piece in re.split(r"(%.)", fmt):
            if not piece:
                continue
            if piece.startswith("%") and len(piece) == 2:
                if piece not in STRFTIME_CODES:
                    self.problem(f"{_short(self.text(i, rp))}: strftime code {piece} has no to_char equivalent")
                    return
                pattern.append(STRFTIME_CODES[piece])
            elif re.search(r"[A-Za-z]", piece):
                pattern.append('"' + piece.replace('"', '\\"') + '"')
            else:
                pattern.append(piece)
        note = " (%W mapped to the ISO week IW)" if "%W" in fmt else ""
        text = f"to_char({value}, '{''.join(pattern)}')"
        self.replace(i, rp, text, f"{_short(self.text(i, rp))} -> {_short(text)}{note}")

    # ---- aggregates and JSON --------------------------------------------------------------------
    def postgres_only_call(self, i: int) -> tuple[int, int, list[tuple[int, int]]] | None:
        """(left paren, right paren, arguments) of the call at i, or None (listed) under portable."""
        lp = i + 1
        rp = self.match[lp]
        if not self.postgres:
            self.no_portable(i, rp)
            return None
        return lp, rp, self.args(lp)

    def group_concat(self, i: int) -> None:
        call = self.postgres_only_call(i)
        if call is None:
            return
        lp, rp, args = call
        if not args or len(args) > 2 or any(self.toks[k].token_type == T.ORDER_BY for k in range(lp, rp)):
            self.problem(f"{_short(self.text(i, rp))}: GROUP_CONCAT form not rewritten, use STRING_AGG by hand")
            return
        a, b = args[0]
        distinct = ""
        if self.toks[a].token_type == T.DISTINCT:
            distinct = self.text(a, a) + " "
            a += 1
        sep = self.text(*args[1]) if len(args) == 2 else "','"
        name = _same_case(self.toks[i].text, "STRING_AGG")
        self.replace(i, rp, f"{name}({distinct}CAST({self.text(a, b)} AS TEXT), {sep})")

    def json_extract(self, i: int) -> None:
        call = self.postgres_only_call(i)
        if call is None:
            return
        lp, rp, args = call
        path = self.string_arg(args[1]) if len(args) == 2 else None
        keys = _json_path(path) if path is not None else None
        if keys is None:
            self.problem(f"{_short(self.text(i, rp))}: only json_extract(x, '$.literal.path') is rewritten, fix by hand")
            return
        a, b = args[0]
        value = self.text(a, b)
        if not (a == b or (b == a + 2 and self.type_at(a + 1) == T.DOT)):
            value = f"({value})"
        if len(keys) == 1:
            key = keys[0]
            selector = f"->> {key}" if key.isdigit() else "->> '" + key.replace("'", "''") + "'"
        else:
            selector = "#>> '{" + ",".join(k.replace("'", "''") for k in keys) + "}'"
        self.replace(i, rp, f"({value}::jsonb {selector})")


def _json_path(path: str) -> list[str] | None:
    if not path.startswith("$"):
        return None
    keys, rest = [], path[1:]
    while rest:
        m = re.match(r'^\.(?:"([^"]+)"|([A-Za-z_][\w$-]*))|^\[(\d+)\]', rest)
        if not m:
            return None
        keys.append(next(g for g in m.groups() if g is not None))
        rest = rest[m.end():]
    if any("," in k or "{" in k or "}" in k for k in keys):
        return None
    return keys
