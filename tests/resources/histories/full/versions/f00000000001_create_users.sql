-- Revision ID: f00000000001
-- Revises: 
-- Create Date: 2026-11-25 12:00:01.000000
-- Message: create users
-- Branch Labels: 
-- Depends On: 

-- upgrade
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email VARCHAR(120) NOT NULL UNIQUE,
    name VARCHAR,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

-- downgrade
DROP TABLE users;
