-- Integer types, an auto-incrementing BIGINT key, numeric defaults.
CREATE TABLE counters (
    id BIGINT PRIMARY KEY,
    small_n SMALLINT NOT NULL DEFAULT 0,
    n INTEGER DEFAULT -3,
    big BIGINT DEFAULT 9000000000,
    plain INTEGER
);
