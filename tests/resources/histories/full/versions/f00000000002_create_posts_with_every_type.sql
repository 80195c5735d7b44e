-- Revision ID: f00000000002
-- Revises: f00000000001
-- Create Date: 2026-11-25 12:00:02.000000
-- Message: create posts with every type
-- Branch Labels: 
-- Depends On: 

-- upgrade
CREATE TABLE posts (
    id BIGINT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title VARCHAR(200) NOT NULL,
    body TEXT,
    score NUMERIC(10, 2) DEFAULT 0,
    rating REAL,
    weight DOUBLE PRECISION,
    views SMALLINT DEFAULT 0,
    published DATE,
    at_time TIME,
    updated TIMESTAMP WITH TIME ZONE,
    payload BLOB,
    meta JSON,
    uid UUID,
    CONSTRAINT ck_posts_score CHECK (score >= 0)
);

-- downgrade
DROP TABLE posts;
