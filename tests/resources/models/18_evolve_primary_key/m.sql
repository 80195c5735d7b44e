-- Evolution set, before: a primary key that next/ widens.
CREATE TABLE m (
    a VARCHAR(10) NOT NULL,
    b INTEGER NOT NULL,
    c TEXT,
    PRIMARY KEY (a)
);
