-- NOT NULL and explicit NULL, defaults of every canonical kind, DEFAULT NULL
-- meaning no default, columns changed later by ALTER TABLE in the model.
CREATE TABLE settings (
    id INTEGER PRIMARY KEY,
    key VARCHAR(50) NOT NULL,
    value TEXT NULL,
    enabled BOOLEAN NOT NULL DEFAULT TRUE,
    retries INTEGER NOT NULL DEFAULT 3,
    factor NUMERIC(4,2) DEFAULT 0.25,
    label VARCHAR(20) DEFAULT NULL,
    touched TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
ALTER TABLE settings ADD COLUMN extra VARCHAR(10) NOT NULL DEFAULT '';
ALTER TABLE settings ALTER COLUMN value SET NOT NULL;
