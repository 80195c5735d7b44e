-- Referenced tables, in their own file (files are read in name order).
CREATE TABLE authors (
    id INTEGER PRIMARY KEY,
    name VARCHAR(100) NOT NULL
);

CREATE TABLE shelves (
    code VARCHAR(10) NOT NULL,
    room INTEGER NOT NULL,
    PRIMARY KEY (code, room)
);
