CREATE TABLE tickets (id SERIAL PRIMARY KEY, created_at TIMESTAMP, tenant_id INT, status TEXT, is_active BOOLEAN);
