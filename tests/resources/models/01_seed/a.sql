-- The seed's table A (a.py).
CREATE TABLE "A" (
    id INTEGER PRIMARY KEY,
    name VARCHAR NOT NULL
);
