-- Ported from db/migrations/sqlite/001_ticket_due_dates.sql (due dates only so far).
ALTER TABLE tickets ADD COLUMN IF NOT EXISTS due_at TIMESTAMP;
