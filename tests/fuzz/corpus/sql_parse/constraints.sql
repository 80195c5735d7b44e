-- Evolution set, before: constraints and indexes that next/ changes.
CREATE TABLE owners (
    id INTEGER PRIMARY KEY,
    email VARCHAR(100)
);
CREATE TABLE pets (
    id INTEGER PRIMARY KEY,
    owner_id INTEGER REFERENCES owners(id),
    name VARCHAR(30) NOT NULL,
    age INTEGER,
    CHECK (age >= 0)
);
CREATE INDEX ix_pets_name ON pets (name);
