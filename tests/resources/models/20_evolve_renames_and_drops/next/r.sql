-- After: old_t became new_t, r.old_name became r.new_name, r.code and
-- r.owner_id are gone with their constraints and indexes; r.kept changed
-- type while still indexed.
CREATE TABLE new_t (
    id INTEGER PRIMARY KEY,
    v TEXT
);
CREATE TABLE owners (
    id INTEGER PRIMARY KEY
);
CREATE TABLE r (
    id INTEGER PRIMARY KEY,
    new_name VARCHAR(10),
    kept BIGINT NOT NULL
);
CREATE INDEX ix_r_kept ON r (kept);
