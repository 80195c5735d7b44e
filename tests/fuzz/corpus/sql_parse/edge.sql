-- Corners: numbers without precision or scale, date and time defaults, an
-- index that also serves a foreign key (MySQL would otherwise add its own),
-- a unique index next to a unique constraint, a one-column table.
CREATE TABLE kinds (
    code VARCHAR(5) PRIMARY KEY
);
CREATE TABLE edge (
    id INTEGER PRIMARY KEY,
    any_num NUMERIC,
    int_num NUMERIC(10),
    d DATE DEFAULT CURRENT_DATE,
    t TIME DEFAULT CURRENT_TIME,
    neg REAL DEFAULT -0.5,
    kind VARCHAR(5) NOT NULL REFERENCES kinds(code) ON UPDATE CASCADE,
    serial_no VARCHAR(20) UNIQUE,
    empty_default VARCHAR(10) NOT NULL DEFAULT ''
);
CREATE INDEX ix_edge_kind ON edge (kind);
CREATE UNIQUE INDEX ix_edge_serial_kind ON edge (serial_no, kind);
CREATE TABLE single (
    only_col TEXT
);
