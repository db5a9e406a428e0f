CREATE TABLE assets (
  id SERIAL PRIMARY KEY,
  organization_id INT NOT NULL,
  name TEXT NOT NULL,
  ci_type TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'active',
  is_critical BOOLEAN NOT NULL DEFAULT FALSE,
  attributes TEXT DEFAULT '{}',
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
