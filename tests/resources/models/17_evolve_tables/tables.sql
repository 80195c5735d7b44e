-- Evolution set, before: tables that next/ drops, one still referenced
-- from a table that stays.
CREATE TABLE a (
    id INTEGER PRIMARY KEY,
    v TEXT
);
CREATE TABLE gone_parent (
    id INTEGER PRIMARY KEY
);
CREATE TABLE gone_child (
    id INTEGER PRIMARY KEY,
    p INTEGER REFERENCES gone_parent(id)
);
CREATE TABLE keep (
    id INTEGER PRIMARY KEY,
    g INTEGER REFERENCES gone_parent(id)
);
