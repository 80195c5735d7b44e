-- Composite primary keys (no auto-increment), a table without a key, an
-- INTEGER key that is also a foreign key (not auto-incrementing either).
CREATE TABLE tags (
    id INTEGER PRIMARY KEY,
    label VARCHAR(30) NOT NULL
);
CREATE TABLE pages (
    site INTEGER NOT NULL,
    path VARCHAR(200) NOT NULL,
    PRIMARY KEY (site, path)
);
CREATE TABLE page_tags (
    site INTEGER NOT NULL,
    path VARCHAR(200) NOT NULL,
    tag_id INTEGER NOT NULL REFERENCES tags(id),
    PRIMARY KEY (site, path, tag_id),
    FOREIGN KEY (site, path) REFERENCES pages (site, path) ON DELETE CASCADE
);
CREATE TABLE tag_details (
    tag_id INTEGER PRIMARY KEY REFERENCES tags(id),
    note TEXT
);
CREATE TABLE audit (
    at TIMESTAMP,
    what TEXT
);
