-- After: the primary key covers two columns.
CREATE TABLE m (
    a VARCHAR(10) NOT NULL,
    b INTEGER NOT NULL,
    c TEXT,
    PRIMARY KEY (a, b)
);
-- m2 loses its key, and k may be NULL now.
CREATE TABLE m2 (
    k VARCHAR(10),
    v INTEGER
);
