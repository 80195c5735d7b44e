-- Evolution set, before: a primary key that next/ widens.
CREATE TABLE m (
    a VARCHAR(10) NOT NULL,
    b INTEGER NOT NULL,
    c TEXT,
    PRIMARY KEY (a)
);
CREATE TABLE m2 (
    k VARCHAR(10) PRIMARY KEY,
    v INTEGER
);
