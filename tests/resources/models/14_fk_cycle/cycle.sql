-- Two tables referencing each other: one key has to come after both tables.
CREATE TABLE departments (
    id INTEGER PRIMARY KEY,
    name VARCHAR(50) NOT NULL,
    head_id INTEGER
);
CREATE TABLE employees (
    id INTEGER PRIMARY KEY,
    department_id INTEGER REFERENCES departments(id),
    name VARCHAR(50) NOT NULL
);
ALTER TABLE departments ADD CONSTRAINT fk_departments_head
    FOREIGN KEY (head_id) REFERENCES employees (id) ON DELETE SET NULL;
