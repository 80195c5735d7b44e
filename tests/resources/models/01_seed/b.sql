-- The seed's table B (b.py).
CREATE TABLE "B" (
    id INTEGER PRIMARY KEY,
    name VARCHAR NOT NULL
);
