-- Evolution set, before: a column and a table that next/ "renames" (drop +
-- add with a warning), and a column with a unique constraint, an index and
-- a foreign key that next/ drops.
CREATE TABLE old_t (
    id INTEGER PRIMARY KEY,
    v TEXT
);
CREATE TABLE owners (
    id INTEGER PRIMARY KEY
);
CREATE TABLE r (
    id INTEGER PRIMARY KEY,
    old_name VARCHAR(10),
    code VARCHAR(8) UNIQUE,
    owner_id INTEGER REFERENCES owners(id),
    kept INTEGER NOT NULL
);
CREATE INDEX ix_r_code_kept ON r (code, kept);
CREATE INDEX ix_r_owner ON r (owner_id);
