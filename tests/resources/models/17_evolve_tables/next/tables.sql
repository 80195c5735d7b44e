-- After: two tables dropped (child first), one created and referenced by a
-- new column of a table that stays.
CREATE TABLE a (
    id INTEGER PRIMARY KEY,
    v TEXT
);
CREATE TABLE fresh (
    id INTEGER PRIMARY KEY,
    name VARCHAR(10)
);
CREATE TABLE keep (
    id INTEGER PRIMARY KEY,
    g INTEGER,
    fresh_id INTEGER REFERENCES fresh(id)
);
