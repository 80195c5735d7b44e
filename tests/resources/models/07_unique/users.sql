-- Unique constraints: column-level, table-level over two columns, named.
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email VARCHAR(255) NOT NULL UNIQUE,
    tenant INTEGER NOT NULL,
    login VARCHAR(64) NOT NULL,
    code VARCHAR(16),
    UNIQUE (tenant, login),
    CONSTRAINT uq_users_code_named UNIQUE (code)
);
