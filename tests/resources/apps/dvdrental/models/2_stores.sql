-- Stores and staff at head (a foreign-key cycle).
CREATE TABLE store (
    store_id INTEGER PRIMARY KEY,
    manager_staff_id INTEGER,
    address_id INTEGER NOT NULL REFERENCES address (address_id) ON UPDATE CASCADE ON DELETE RESTRICT,
    last_update TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE staff (
    staff_id INTEGER PRIMARY KEY,
    first_name VARCHAR(45) NOT NULL,
    last_name VARCHAR(45) NOT NULL,
    address_id INTEGER NOT NULL REFERENCES address (address_id) ON UPDATE CASCADE ON DELETE RESTRICT,
    email VARCHAR(50),
    store_id INTEGER NOT NULL REFERENCES store (store_id),
    active BOOLEAN NOT NULL DEFAULT TRUE,
    username VARCHAR(16) NOT NULL,
    password VARCHAR(40),
    picture BLOB,
    last_update TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT uq_staff_username UNIQUE (username)
);
ALTER TABLE store ADD CONSTRAINT fk_store_manager FOREIGN KEY (manager_staff_id) REFERENCES staff (staff_id);
CREATE UNIQUE INDEX idx_unq_manager_staff_id ON store (manager_staff_id);
