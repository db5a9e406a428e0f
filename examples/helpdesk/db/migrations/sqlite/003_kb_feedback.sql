-- Reader feedback on knowledge-base articles.
ALTER TABLE kb_articles ADD COLUMN helpful_count INTEGER NOT NULL DEFAULT 0;

CREATE TABLE IF NOT EXISTS kb_feedback (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  article_id INTEGER NOT NULL REFERENCES kb_articles(id) ON DELETE CASCADE,
  user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  is_helpful INTEGER NOT NULL CHECK (is_helpful IN (0, 1)),
  context JSON NOT NULL DEFAULT '{}',
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX IF NOT EXISTS idx_kb_feedback_article ON kb_feedback(article_id, created_at);
