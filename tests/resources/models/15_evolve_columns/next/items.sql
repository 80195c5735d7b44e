-- After: type changes, nullability both ways, defaults set/changed/dropped,
-- a column removed, columns added (one NOT NULL with a default).
CREATE TABLE items (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    qty BIGINT,
    price NUMERIC(10,2) DEFAULT 1.5,
    note TEXT DEFAULT 'none',
    added_col VARCHAR(20) DEFAULT 'x',
    flag BOOLEAN NOT NULL DEFAULT FALSE
);
