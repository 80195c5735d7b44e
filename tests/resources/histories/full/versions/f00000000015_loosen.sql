-- Revision ID: f00000000015
-- Revises: f00000000014
-- Create Date: 2026-11-25 12:00:15.000000
-- Message: loosen
-- Branch Labels: 
-- Depends On: 

-- upgrade
ALTER TABLE posts ALTER COLUMN score DROP DEFAULT;
ALTER TABLE users ALTER COLUMN name DROP NOT NULL;

-- downgrade
ALTER TABLE users ALTER COLUMN name SET NOT NULL;
ALTER TABLE posts ALTER COLUMN score SET DEFAULT 0;
