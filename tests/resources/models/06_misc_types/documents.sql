-- BOOLEAN with defaults, BLOB, JSON, UUID.
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    uid UUID NOT NULL,
    published BOOLEAN NOT NULL DEFAULT FALSE,
    pinned BOOLEAN DEFAULT TRUE,
    flag BOOLEAN,
    content BLOB,
    meta JSON
);
