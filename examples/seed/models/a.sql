-- Table "A" as the application defines it (the seed's a.py).
CREATE TABLE "A" (
    id INTEGER PRIMARY KEY,
    name VARCHAR NOT NULL
);
