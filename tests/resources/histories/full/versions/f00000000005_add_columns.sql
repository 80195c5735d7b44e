-- Revision ID: f00000000005
-- Revises: f00000000004
-- Create Date: 2026-11-25 12:00:05.000000
-- Message: add columns
-- Branch Labels: 
-- Depends On: 

-- upgrade
ALTER TABLE users ADD COLUMN age SMALLINT;
ALTER TABLE users ADD COLUMN nickname VARCHAR(30) DEFAULT 'none';

-- downgrade
ALTER TABLE users DROP COLUMN nickname;
ALTER TABLE users DROP COLUMN age;
