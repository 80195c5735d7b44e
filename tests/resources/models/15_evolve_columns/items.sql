-- Evolution set, before: next/ holds the models after the change, so the
-- test also runs every kind of column change on each backend.
CREATE TABLE items (
    id INTEGER PRIMARY KEY,
    name VARCHAR(50),
    qty INTEGER NOT NULL,
    price NUMERIC(8,2) DEFAULT 0,
    note TEXT,
    old_col INTEGER
);
