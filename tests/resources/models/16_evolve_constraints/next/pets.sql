-- After: a unique constraint added, a foreign key's action changed under
-- the same name, a check replaced, an index redefined, an index added.
CREATE TABLE owners (
    id INTEGER PRIMARY KEY,
    email VARCHAR(100) UNIQUE
);
CREATE TABLE pets (
    id INTEGER PRIMARY KEY,
    owner_id INTEGER REFERENCES owners(id) ON DELETE CASCADE,
    name VARCHAR(30) NOT NULL,
    age INTEGER,
    CONSTRAINT ck_pets_age_max CHECK (age < 100)
);
CREATE UNIQUE INDEX ix_pets_name ON pets (name, owner_id);
CREATE INDEX ix_pets_age ON pets (age);
