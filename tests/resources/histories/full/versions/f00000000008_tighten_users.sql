-- Revision ID: f00000000008
-- Revises: f00000000007
-- Create Date: 2026-11-25 12:00:08.000000
-- Message: tighten users
-- Branch Labels: 
-- Depends On: 

-- upgrade
ALTER TABLE users ALTER COLUMN name SET NOT NULL;
ALTER TABLE users ALTER COLUMN age SET DEFAULT 18;

-- downgrade
ALTER TABLE users ALTER COLUMN age DROP DEFAULT;
ALTER TABLE users ALTER COLUMN name DROP NOT NULL;
