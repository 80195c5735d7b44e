-- Check constraints: column-level, table-level unnamed and named.
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    balance NUMERIC(12,2) NOT NULL CHECK (balance >= 0),
    lo INTEGER NOT NULL,
    hi INTEGER NOT NULL,
    kind VARCHAR(10) NOT NULL,
    CHECK (lo <= hi),
    CONSTRAINT ck_accounts_kind_known CHECK (kind IN ('a', 'b'))
);
