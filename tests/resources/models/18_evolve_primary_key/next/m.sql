-- After: the primary key covers two columns.
CREATE TABLE m (
    a VARCHAR(10) NOT NULL,
    b INTEGER NOT NULL,
    c TEXT,
    PRIMARY KEY (a, b)
);
