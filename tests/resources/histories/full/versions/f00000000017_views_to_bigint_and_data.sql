-- Revision ID: f00000000017
-- Revises: f00000000016
-- Create Date: 2026-11-25 12:00:17.000000
-- Message: views to bigint and data
-- Branch Labels: 
-- Depends On: 

-- upgrade
ALTER TABLE posts ALTER COLUMN views TYPE BIGINT;
UPDATE users SET age = 30 WHERE email = 'ann@example.com';

-- downgrade
UPDATE users SET age = NULL WHERE email = 'ann@example.com';
ALTER TABLE posts ALTER COLUMN views TYPE SMALLINT;
