-- Character types with and without length, string defaults with quotes.
CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    title VARCHAR(200) NOT NULL,
    slug VARCHAR,
    body TEXT,
    status VARCHAR(20) NOT NULL DEFAULT 'draft',
    quip VARCHAR(40) DEFAULT 'it''s'
);
