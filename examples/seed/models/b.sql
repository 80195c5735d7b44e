-- Table "B" as the application defines it (the seed's b.py).
CREATE TABLE "B" (
    id INTEGER PRIMARY KEY,
    name VARCHAR NOT NULL
);
