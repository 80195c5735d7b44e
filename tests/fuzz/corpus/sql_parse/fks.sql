-- Foreign keys with every action, a composite key and a self-reference.
CREATE TABLE books (
    id INTEGER PRIMARY KEY,
    author_id INTEGER NOT NULL REFERENCES authors(id) ON DELETE CASCADE,
    editor_id INTEGER REFERENCES authors(id) ON DELETE SET NULL ON UPDATE CASCADE,
    translator_id INTEGER REFERENCES authors ON DELETE RESTRICT,
    shelf_code VARCHAR(10),
    shelf_room INTEGER,
    sequel_id INTEGER,
    CONSTRAINT fk_books_shelf FOREIGN KEY (shelf_code, shelf_room)
        REFERENCES shelves (code, room) ON DELETE NO ACTION,
    CONSTRAINT fk_books_sequel FOREIGN KEY (sequel_id) REFERENCES books (id)
);
