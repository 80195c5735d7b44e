-- Exact and approximate numbers (FLOAT is DOUBLE PRECISION).
CREATE TABLE prices (
    id INTEGER PRIMARY KEY,
    amount NUMERIC(10,2) NOT NULL DEFAULT 0,
    rate NUMERIC(5,4),
    whole NUMERIC(12,0),
    ratio REAL DEFAULT 1.5,
    weight DOUBLE PRECISION,
    approx FLOAT
);
