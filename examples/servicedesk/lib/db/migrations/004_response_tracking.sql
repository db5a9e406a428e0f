-- First-response tracking for SLAs, warranty dates on assets, article feedback.
ALTER TABLE tickets ADD COLUMN first_response_at DATETIME;
ALTER TABLE assets ADD COLUMN warranty_expires DATE;

CREATE TABLE IF NOT EXISTS kb_feedback (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  article_id INTEGER NOT NULL REFERENCES knowledge_articles(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users(id),
  helpful BOOLEAN NOT NULL,
  comment TEXT,
  created_at DATETIME DEFAULT CURRENT_TIMESTAMP,
  UNIQUE (article_id, user_id)
);
