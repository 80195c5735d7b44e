-- Revision ID: f00000000007
-- Revises: f00000000006
-- Create Date: 2026-11-25 12:00:07.000000
-- Message: widen title
-- Branch Labels: 
-- Depends On: 

-- upgrade
ALTER TABLE posts ALTER COLUMN title TYPE VARCHAR(300);

-- downgrade
ALTER TABLE posts ALTER COLUMN title TYPE VARCHAR(200);
