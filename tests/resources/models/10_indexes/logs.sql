-- Plain, unique and multi-column indexes, on two tables.
CREATE TABLE hosts (
    id INTEGER PRIMARY KEY,
    name VARCHAR(100) NOT NULL
);
CREATE UNIQUE INDEX ix_hosts_name ON hosts (name);

CREATE TABLE logs (
    id BIGINT PRIMARY KEY,
    host_id INTEGER NOT NULL,
    level SMALLINT NOT NULL,
    at TIMESTAMP NOT NULL,
    message TEXT
);
CREATE INDEX ix_logs_at ON logs (at);
CREATE INDEX ix_logs_host_level ON logs (host_id, level);
CREATE UNIQUE INDEX ix_logs_host_at ON logs (host_id, at, level);
