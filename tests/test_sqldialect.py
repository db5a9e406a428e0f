"""engine.sql.sqlschema and engine.sql.sqldialect: schema reading and layout-preserving dialect rewrites."""
from __future__ import annotations

import re

import pytest

from wavemod.engine.sql.sqldialect import Rewrite, rewrite
from wavemod.engine.sql.sqlschema import load_schema

SCHEMA_SQL = """
-- Test schema (PostgreSQL)
CREATE TABLE IF NOT EXISTS organizations (
  id SERIAL PRIMARY KEY,
  name TEXT NOT NULL,
  slug VARCHAR(100) NOT NULL UNIQUE,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE users (
  id SERIAL PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  is_active BOOLEAN NOT NULL DEFAULT TRUE,
  last_login_at TIMESTAMP,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE "Statuses" (
  id BIGSERIAL,
  name TEXT NOT NULL,
  is_final BOOLEAN NOT NULL DEFAULT FALSE,
  sort_order INTEGER NOT NULL DEFAULT 0,
  CONSTRAINT statuses_pk PRIMARY KEY (id),
  UNIQUE (name)
);

CREATE TABLE tickets (
  id SERIAL PRIMARY KEY,
  title TEXT NOT NULL,
  priority INTEGER NOT NULL DEFAULT 1,
  attributes JSONB,
  amount NUMERIC(10, 2),
  score DOUBLE PRECISION,
  due DATE,
  seen_at TIMESTAMP WITH TIME ZONE,
  created_by INTEGER REFERENCES users(id),
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX IF NOT EXISTS idx_tickets_created ON tickets(created_by);

CREATE TABLE user_settings (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  value TEXT,
  updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (user_id, key)
);

CREATE TABLE tags (
  ticket_id INTEGER NOT NULL,
  label TEXT NOT NULL,
  UNIQUE (ticket_id, label)
);

CREATE TABLE notifications (
  id SERIAL PRIMARY KEY,
  user_id INTEGER NOT NULL,
  title TEXT NOT NULL,
  is_read BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE FUNCTION nothing() RETURNS void AS $$ BEGIN END; $$ LANGUAGE plpgsql;

INSERT INTO users (id, organization_id, email, name, is_active) VALUES
  (1, 1, 'a@x.test', 'A; not a statement end', TRUE);

SELECT setval(pg_get_serial_sequence('users', 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM users), false);
"""

SCHEMA = load_schema(SCHEMA_SQL)


def pg(sql: str, **kw) -> Rewrite:
    return rewrite(sql, "postgres", SCHEMA, **kw)


def portable(sql: str, **kw) -> Rewrite:
    return rewrite(sql, "portable", SCHEMA, **kw)


def both(sql: str, **kw) -> tuple[Rewrite, Rewrite]:
    return portable(sql, **kw), pg(sql, **kw)


# ---- schema ------------------------------------------------------------------------------------

def test_schema_tables_columns_and_types():
    assert [t.name for t in SCHEMA.tables] == ["organizations", "users", "statuses", "tickets", "user_settings", "tags", "notifications"]
    users = SCHEMA.table("users")
    assert users.column_names == ("id", "organization_id", "email", "name", "is_active", "last_login_at", "created_at")
    assert [c.type for c in users.columns] == ["serial", "integer", "text", "text", "boolean", "timestamp", "timestamp"]
    tickets = SCHEMA.table("tickets")
    assert {c.name: c.type for c in tickets.columns} == {
        "id": "serial", "title": "text", "priority": "integer", "attributes": "jsonb", "amount": "numeric",
        "score": "double precision", "due": "date", "seen_at": "timestamptz", "created_by": "integer", "created_at": "timestamp"}
    assert SCHEMA.column_type("organizations", "slug") == "varchar"
    assert SCHEMA.column_type("users", "nope") is None and SCHEMA.column_type("nope", "id") is None


def test_schema_not_null_defaults_and_keys():
    users = SCHEMA.table("users")
    assert users.column("is_active").not_null and users.column("is_active").default == "TRUE"
    assert users.column("created_at").default == "CURRENT_TIMESTAMP" and not users.column("created_at").not_null
    assert users.column("id").not_null  # primary key implies NOT NULL
    assert users.primary_key == ("id",) and users.unique == (("email",),)
    assert SCHEMA.table("user_settings").primary_key == ("user_id", "key")
    assert SCHEMA.key_columns("user_settings") == ("user_id", "key")
    assert SCHEMA.key_columns("tags") == ("ticket_id", "label")  # no primary key: first unique
    assert SCHEMA.id_column("users") == "id"
    assert SCHEMA.id_column("user_settings") is None and SCHEMA.id_column("tags") is None
    statuses = SCHEMA.table("statuses")
    assert statuses.primary_key == ("id",) and statuses.unique == (("name",),)  # named constraint + table UNIQUE
    assert SCHEMA.unique_keys("organizations") == (("id",), ("slug",))


def test_schema_names_are_case_insensitive_and_unquoted():
    assert SCHEMA.table("STATUSES") is SCHEMA.table("statuses")
    assert SCHEMA.is_boolean("Statuses", "IS_FINAL")
    assert SCHEMA.is_boolean("users", "is_active") and not SCHEMA.is_boolean("users", "email")
    assert SCHEMA.is_text("users", "email") and SCHEMA.is_text("organizations", "slug") and not SCHEMA.is_text("tickets", "priority")
    assert SCHEMA.table("public.users") is SCHEMA.table("users")


def test_schema_ignores_other_statements_and_survives_bad_ones():
    schema = load_schema("CREATE TABLE bad (((;\nCREATE TABLE ok (a INT PRIMARY KEY);\nCREATE INDEX i ON ok(a);\nSELECT 1;")
    assert [t.name for t in schema.tables] == ["ok"]
    assert len(schema.skipped) == 1 and schema.skipped[0].startswith("CREATE TABLE bad")
    assert load_schema("-- nothing\n").tables == ()


def test_schema_of_the_bundled_example():
    from pathlib import Path
    path = Path(__file__).resolve().parent.parent / "examples" / "helpdesk" / "lib" / "db" / "schema.postgres.sql"
    schema = load_schema(path.read_text())
    assert len(schema.tables) == 15 and not schema.skipped
    assert schema.key_columns("cmdb_relationships") == ("parent_id", "child_id")
    assert schema.is_boolean("notifications", "is_read")


# ---- dates -------------------------------------------------------------------------------------

def test_datetime_now_and_date_now_both_targets():
    for r in both("SELECT * FROM users WHERE last_login_at < datetime('now') AND date(created_at) = date('now')"):
        assert r.sql == "SELECT * FROM users WHERE last_login_at < CURRENT_TIMESTAMP AND date(created_at) = CURRENT_DATE"
        assert "datetime('now') -> CURRENT_TIMESTAMP" in r.changes and "date('now') -> CURRENT_DATE" in r.changes
        assert r.problems == ()
    assert pg("UPDATE users SET last_login_at = DATETIME('NOW') WHERE id = ?").sql == "UPDATE users SET last_login_at = CURRENT_TIMESTAMP WHERE id = ?"


def test_datetime_with_modifiers():
    sql = "SELECT id FROM tickets WHERE created_at > datetime('now', '-7 days') AND due < date('now', '+1 month')"
    r = pg(sql)
    assert r.sql == ("SELECT id FROM tickets WHERE created_at > (CURRENT_TIMESTAMP - INTERVAL '7 days')"
                     " AND due < (CURRENT_DATE + INTERVAL '1 month')")
    assert r.problems == ()
    p = portable(sql)
    assert p.sql == sql and p.changes == ()
    assert "no portable form for datetime('now', '-7 days')" in p.problems[0]
    assert "no portable form for date('now', '+1 month')" in p.problems[1]


def test_datetime_modifier_with_an_interpolated_amount_keeps_the_marker():
    r = pg("SELECT * FROM tickets WHERE created_at > datetime('now', '-__wm_0__ days')")
    assert r.sql == "SELECT * FROM tickets WHERE created_at > (CURRENT_TIMESTAMP - INTERVAL '__wm_0__ days')"


def test_datetime_with_an_unsupported_modifier_is_a_problem():
    r = pg("SELECT datetime('now', 'localtime')")
    assert r.sql == "SELECT datetime('now', 'localtime')" and "localtime" in r.problems[0]


def test_julianday_difference_and_lone_julianday():
    r = pg("SELECT AVG(julianday(updated_at) - julianday(created_at)) AS days, julianday('now') AS jd FROM tickets")
    assert r.sql == ("SELECT AVG((EXTRACT(EPOCH FROM (updated_at) - (created_at)) / 86400.0)) AS days,"
                     " (EXTRACT(EPOCH FROM (CURRENT_TIMESTAMP)) / 86400.0 + 2440587.5) AS jd FROM tickets")
    p = portable("SELECT julianday('now') - julianday(created_at) FROM tickets")
    assert p.sql == "SELECT julianday('now') - julianday(created_at) FROM tickets" and p.changes == ()
    assert p.problems and all("no portable form for julianday" in x for x in p.problems)


def test_julianday_pair_not_merged_across_a_tighter_operator():
    r = pg("SELECT 2 * julianday(a) - julianday(b) FROM tickets")
    assert "EXTRACT(EPOCH FROM (a) - (b))" not in r.sql
    assert r.sql.count("2440587.5") == 2


def test_strftime():
    r = pg("SELECT strftime('%Y-%m', created_at) AS month, strftime('%s', 'now') AS ts, strftime('%H:%M', ?) FROM tickets")
    assert r.sql == ("SELECT to_char(created_at, 'YYYY-MM') AS month, EXTRACT(EPOCH FROM CURRENT_TIMESTAMP)::bigint AS ts,"
                     " to_char(CAST(? AS TIMESTAMP), 'HH24:MI') FROM tickets")
    assert pg("SELECT strftime('%Y-%m-%dT%H', created_at) FROM tickets").sql == "SELECT to_char(created_at, 'YYYY-MM-DD\"T\"HH24') FROM tickets"
    assert pg("SELECT strftime('%Q', created_at) FROM tickets").problems
    p = portable("SELECT strftime('%Y', created_at) FROM tickets")
    assert p.sql == "SELECT strftime('%Y', created_at) FROM tickets" and "no portable form" in p.problems[0]


# ---- booleans ----------------------------------------------------------------------------------

@pytest.mark.parametrize("target", ["portable", "postgres"])
def test_boolean_comparisons(target):
    r = rewrite("SELECT * FROM users WHERE is_active = 1 AND email != ? OR is_active <> 0 OR is_active != 0", target, SCHEMA)
    assert r.sql == "SELECT * FROM users WHERE is_active = TRUE AND email != ? OR is_active <> FALSE OR is_active != FALSE"
    assert "is_active = 1 -> is_active = TRUE (BOOLEAN column)" in r.changes


def test_alias_qualified_boolean():
    sql = "SELECT u.id FROM users u JOIN tickets t ON t.created_by = u.id WHERE u.is_active = 1 AND t.priority = 1"
    assert pg(sql).sql == "SELECT u.id FROM users u JOIN tickets t ON t.created_by = u.id WHERE u.is_active = TRUE AND t.priority = 1"
    assert portable("SELECT * FROM users AS x WHERE x.is_active = 0").sql == "SELECT * FROM users AS x WHERE x.is_active = FALSE"


def test_reversed_boolean_comparison():
    assert pg("SELECT * FROM users u WHERE 1 = u.is_active OR 0 <> is_active").sql == "SELECT * FROM users u WHERE TRUE = u.is_active OR FALSE <> is_active"
    assert pg("SELECT * FROM tickets WHERE 1 = priority").changes == ()


def test_unqualified_boolean_in_a_join_checks_every_table():
    r = pg("SELECT n.title FROM users u JOIN notifications n ON n.user_id = u.id WHERE is_read = 0")
    assert r.sql.endswith("WHERE is_read = FALSE")


def test_non_boolean_integer_comparison_untouched():
    r = pg("SELECT * FROM tickets WHERE priority = 1 AND id = 0")
    assert r.sql == "SELECT * FROM tickets WHERE priority = 1 AND id = 0" and r.changes == ()
    # the same name in a table where it isn't boolean
    assert pg("SELECT * FROM tickets t WHERE t.is_active = 1").changes == ()


def test_boolean_set_and_bare_column():
    for r in both("UPDATE statuses SET is_final = 0 WHERE name = ?"):
        assert r.sql == "UPDATE statuses SET is_final = FALSE WHERE name = ?"
    r = pg("SELECT * FROM notifications WHERE is_read AND NOT is_read")
    assert r.sql == "SELECT * FROM notifications WHERE is_read AND NOT is_read" and r.changes == ()


def test_boolean_needs_the_schema():
    r = rewrite("SELECT * FROM users WHERE is_active = 1", "postgres", None)
    assert r.sql == "SELECT * FROM users WHERE is_active = 1"


@pytest.mark.parametrize("target", ["portable", "postgres"])
def test_insert_values_booleans(target):
    r = rewrite("INSERT INTO notifications (user_id, title, is_read) VALUES (?, 'x', 0), (?, 'y', 1)", target, SCHEMA)
    assert r.sql == "INSERT INTO notifications (user_id, title, is_read) VALUES (?, 'x', FALSE), (?, 'y', TRUE)"


# ---- INSERT OR IGNORE / OR REPLACE / RETURNING -------------------------------------------------

@pytest.mark.parametrize("target", ["portable", "postgres"])
def test_insert_or_ignore(target):
    r = rewrite("INSERT OR IGNORE INTO tags (ticket_id, label) VALUES (?, ?);\n", target, SCHEMA)
    assert r.sql == "INSERT INTO tags (ticket_id, label) VALUES (?, ?) ON CONFLICT DO NOTHING;\n"
    assert r.problems == ()
    r = rewrite("INSERT OR IGNORE INTO users (email, name) VALUES (?, ?) RETURNING id", target, SCHEMA)
    assert r.sql == "INSERT INTO users (email, name) VALUES (?, ?) ON CONFLICT DO NOTHING RETURNING id"


@pytest.mark.parametrize("target", ["portable", "postgres"])
def test_insert_or_replace_composite_key(target):
    sql = "INSERT OR REPLACE INTO user_settings (user_id, key, value, updated_at)\n  VALUES (?, ?, ?, datetime('now'))"
    r = rewrite(sql, target, SCHEMA)
    assert r.sql == ("INSERT INTO user_settings (user_id, key, value, updated_at)\n  VALUES (?, ?, ?, CURRENT_TIMESTAMP)"
                     " ON CONFLICT (user_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at")
    assert r.problems == ()


def test_replace_into_uses_a_unique_key_in_the_column_list():
    r = portable("REPLACE INTO statuses (name, is_final, sort_order) VALUES (?, 1, ?)")
    assert r.sql == ("INSERT INTO statuses (name, is_final, sort_order) VALUES (?, TRUE, ?)"
                     " ON CONFLICT (name) DO UPDATE SET is_final = excluded.is_final, sort_order = excluded.sort_order")


def test_insert_or_replace_without_key_knowledge_is_a_problem():
    sql = "INSERT OR REPLACE INTO user_settings (user_id, key, value) VALUES (?, ?, ?)"
    r = rewrite(sql, "postgres", None)
    assert r.sql == sql and r.changes == () and "not known from the schema" in r.problems[0]
    r = pg("INSERT OR REPLACE INTO user_settings (key, value) VALUES (?, ?)")
    assert r.sql == "INSERT OR REPLACE INTO user_settings (key, value) VALUES (?, ?)" and r.problems
    r = pg("INSERT OR REPLACE INTO user_settings VALUES (?, ?, ?, ?)")
    assert r.changes == () and "column list" in r.problems[0]


def test_returning_for_the_inserted_id():
    r = pg("INSERT INTO tickets (title, created_by) VALUES (?, ?);  \n", returning=True)
    assert r.sql == "INSERT INTO tickets (title, created_by) VALUES (?, ?) RETURNING id;  \n"
    r = portable("INSERT OR IGNORE INTO users (email, name) VALUES (?, ?)", returning=True)
    assert r.sql == "INSERT INTO users (email, name) VALUES (?, ?) ON CONFLICT DO NOTHING RETURNING id"
    assert pg("INSERT INTO tickets (title) VALUES (?) RETURNING id", returning=True).changes == ()
    r = pg("INSERT INTO user_settings (user_id, key) VALUES (?, ?)", returning=True)
    assert r.changes == () and "no single-column key" in r.problems[0]
    assert rewrite("INSERT INTO things (a) VALUES (?)", "postgres", None, returning=True).sql == "INSERT INTO things (a) VALUES (?) RETURNING id"
    assert pg("SELECT 1", returning=True).sql == "SELECT 1"
    r = pg("WITH x AS (SELECT 1) INSERT INTO users (name) VALUES (?)", returning=True)
    assert r.changes == () and "WITH ... INSERT" in r.problems[0]


# ---- functions ---------------------------------------------------------------------------------

def test_group_concat():
    r = pg("SELECT GROUP_CONCAT(label), group_concat(DISTINCT label, '; ') FROM tags GROUP BY ticket_id")
    assert r.sql == "SELECT STRING_AGG(CAST(label AS TEXT), ','), string_agg(DISTINCT CAST(label AS TEXT), '; ') FROM tags GROUP BY ticket_id"
    p = portable("SELECT GROUP_CONCAT(label) FROM tags")
    assert p.sql == "SELECT GROUP_CONCAT(label) FROM tags" and "no portable form for GROUP_CONCAT(label)" in p.problems[0]


def test_json_extract():
    r = pg("SELECT json_extract(t.attributes, '$.os'), json_extract(attributes, '$.a.b') FROM tickets t")
    assert r.sql == "SELECT (t.attributes::jsonb ->> 'os'), (attributes::jsonb #>> '{a,b}') FROM tickets t"
    assert pg("SELECT json_extract(attributes, ?) FROM tickets").problems
    p = portable("SELECT json_extract(attributes, '$.os') FROM tickets")
    assert p.changes == () and p.problems


def test_like():
    sql = "SELECT * FROM tickets t WHERE t.title LIKE ? AND LOWER(x) NOT LIKE '%a%'"
    assert pg(sql).sql == "SELECT * FROM tickets t WHERE t.title ILIKE ? AND LOWER(x) NOT ILIKE '%a%'"
    assert portable(sql).sql == sql and portable(sql).problems == ()
    r = pg("SELECT * FROM tickets WHERE priority LIKE '1%'")
    assert "LIKE" in r.sql and "ILIKE" not in r.sql and "non-text column priority" in r.problems[0]
    assert pg("select * from users where name like ?").sql == "select * from users where name ilike ?"


def test_ifnull_both_targets():
    for r in both("SELECT IFNULL(name, 'x'), ifnull(?, 0) FROM users"):
        assert r.sql == "SELECT COALESCE(name, 'x'), coalesce(?, 0) FROM users"


@pytest.mark.parametrize("target", ["portable", "postgres"])
def test_sqlite_only_statements_are_problems(target):
    cases = [("PRAGMA foreign_keys = ON", "PRAGMA"), ("SELECT sql FROM sqlite_master WHERE type = 'index'", "sqlite_master")]
    if target == "portable":  # the postgres target rewrites these (test_sqlfixes, and below)
        cases += [
            ("CREATE TABLE x (id INTEGER PRIMARY KEY AUTOINCREMENT)", "AUTOINCREMENT"),
            ("PRAGMA table_info(users)", "PRAGMA table_info"),
            ("SELECT name FROM sqlite_master WHERE type = 'table'", "sqlite_master"),
        ]
    for sql, word in cases:
        r = rewrite(sql, target, SCHEMA)
        assert r.sql == sql and r.changes == () and any(word in p for p in r.problems)


def test_could_not_parse():
    r = pg("SELECT 'unterminated FROM users WHERE is_active = 1")
    assert r.sql == "SELECT 'unterminated FROM users WHERE is_active = 1" and r.problems[0].startswith("could not parse")
    r = pg("SELECT (1 FROM users WHERE is_active = 1")
    assert r.changes == () and r.problems[0].startswith("could not parse")


def test_unknown_target():
    with pytest.raises(ValueError):
        rewrite("SELECT 1", "mysql", SCHEMA)


# ---- layout, placeholders, markers, idempotency -------------------------------------------------

LAYOUT_SQL = """
    -- recent active users
    SELECT u.id,
           u.name   AS user_name,      /* keep this */
           COUNT(t.id) as tickets
      FROM users u
      LEFT JOIN tickets t ON t.created_by = u.id
     WHERE u.is_active = 1
       AND u.email = ?
     GROUP BY u.id
  """


def test_layout_is_preserved_outside_the_changed_fragment():
    for r in both(LAYOUT_SQL):
        assert r.sql == LAYOUT_SQL.replace("u.is_active = 1", "u.is_active = TRUE")
        assert r.changes == ("u.is_active = 1 -> u.is_active = TRUE (BOOLEAN column)",)


def test_placeholders_and_markers_are_kept_byte_for_byte():
    sql = ("SELECT __wm_0__ FROM tickets\n WHERE title LIKE ? AND created_at > datetime('now', '-7 days')\n"
           "   AND id IN (__wm_1__) __wm_2__\n ORDER BY __wm_3__ LIMIT ? OFFSET ?")
    r = pg(sql)
    assert r.sql == ("SELECT __wm_0__ FROM tickets\n WHERE title ILIKE ? AND created_at > (CURRENT_TIMESTAMP - INTERVAL '7 days')\n"
                     "   AND id IN (__wm_1__) __wm_2__\n ORDER BY __wm_3__ LIMIT ? OFFSET ?")
    assert re.findall(r"__wm_\d+__|\?", r.sql) == re.findall(r"__wm_\d+__|\?", sql)
    assert "%s" not in r.sql and "$1" not in r.sql
    p = portable(sql)
    assert p.sql == sql


def test_nested_fragments_are_all_rewritten():
    r = pg("SELECT IFNULL(julianday(datetime('now')) - julianday(created_at), 0) FROM tickets")
    assert r.sql == "SELECT COALESCE((EXTRACT(EPOCH FROM (CURRENT_TIMESTAMP) - (created_at)) / 86400.0), 0) FROM tickets"


IDEMPOTENCY_CASES = [
    LAYOUT_SQL,
    "SELECT julianday('now') - julianday(created_at), strftime('%Y-%m', created_at), GROUP_CONCAT(title) FROM tickets",
    "SELECT json_extract(attributes, '$.a.b'), IFNULL(title, '') FROM tickets WHERE title LIKE ? AND created_at > date('now', '-1 day')",
    "INSERT OR REPLACE INTO user_settings (user_id, key, value) VALUES (?, ?, ?)",
    "INSERT OR IGNORE INTO notifications (user_id, title, is_read) VALUES (?, ?, 0);",
    "UPDATE statuses SET is_final = 1, sort_order = 1 WHERE id = __wm_0__",
    "PRAGMA journal_mode = WAL",
]


@pytest.mark.parametrize("target", ["portable", "postgres"])
@pytest.mark.parametrize("sql", IDEMPOTENCY_CASES)
def test_idempotent(sql, target):
    first = rewrite(sql, target, SCHEMA, returning=sql.startswith("INSERT"))
    second = rewrite(first.sql, target, SCHEMA, returning=sql.startswith("INSERT"))
    assert second.sql == first.sql and second.changes == ()
    assert second.problems == first.problems


def test_result_shape():
    r = pg("SELECT 1")
    assert r == Rewrite("SELECT 1", (), ())


@pytest.mark.parametrize("target", ["portable", "postgres"])
@pytest.mark.parametrize("sql", [
    "SELECT COUNT(*) FROM (SELECT id FROM users) AS s",
    "SELECT COUNT(*) FROM (SELECT id FROM users) s",
    "SELECT ROUND(CAST(score AS NUMERIC), 2) FROM tickets",
    "SELECT ROUND(amount, 2), ROUND(priority, 1), ROUND(3, 1) FROM tickets",
    "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email)",
    "SELECT priority, COUNT(*) FROM tickets GROUP BY priority",
    "SELECT priority AS p, COUNT(*) FROM tickets GROUP BY p",
    "SELECT priority, title, COUNT(*) FROM tickets GROUP BY 1, 2",
    "SELECT t.id, t.title, u.name FROM tickets t JOIN users u ON u.id = t.created_by GROUP BY t.id, u.id",
    "SELECT date(created_at) AS day, COUNT(*) FROM tickets GROUP BY date(created_at)",
])
def test_sql_postgres_accepts_is_left_alone(sql: str, target: str) -> None:
    r = rewrite(sql, target, SCHEMA)
    assert r.sql == sql and not any("GROUP BY" in p for p in r.problems), r


def test_round_on_floating_point_and_idempotent() -> None:
    first = pg("SELECT ROUND(t.score, 2), ROUND(AVG(score) * 1.5, 1) FROM tickets t")
    assert first.sql == (
        "SELECT CAST(ROUND(t.score::numeric, 2) AS DOUBLE PRECISION), CAST(ROUND((AVG(score) * 1.5)::numeric, 1) AS DOUBLE PRECISION) FROM tickets t"
    )
    assert pg(first.sql).sql == first.sql


def test_camel_case_aliases_are_quoted_where_postgres_would_fold_them() -> None:
    for r in both("SELECT COUNT(*) AS resolvedCount, MAX(id) AS last_id FROM tickets GROUP BY status ORDER BY resolvedCount DESC"):
        assert r.sql == 'SELECT COUNT(*) AS "resolvedCount", MAX(id) AS last_id FROM tickets GROUP BY status ORDER BY "resolvedCount" DESC'
        assert both(r.sql)[0].changes == ()


def test_postgres_target_add_column_if_not_exists_and_catalog() -> None:
    assert pg("ALTER TABLE users ADD COLUMN IF NOT EXISTS bio TEXT").changes == ()
    r = pg("PRAGMA table_info('users')")
    assert "information_schema.columns" in r.sql and "c.table_name = 'users'" in r.sql and r.problems == ()
    assert pg("PRAGMA index_list(users)").problems  # other pragmas: listed


def test_table_lookups_in_sqlite_master_ask_information_schema_on_the_postgres_target():
    r = pg("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")
    assert r.sql == "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?" and r.problems == ()
    listed = pg("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
    assert listed.sql == "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name"
    for other in ("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", "SELECT name FROM sqlite_master WHERE type = 'index'"):
        assert pg(other).sql == other and any("sqlite_master" in p for p in pg(other).problems)
