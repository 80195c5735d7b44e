-- Revision ID: f00000000006
-- Revises: f00000000005
-- Create Date: 2026-11-25 12:00:06.000000
-- Message: rename column
-- Branch Labels: 
-- Depends On: 

-- upgrade
ALTER TABLE users RENAME COLUMN nickname TO handle;

-- downgrade
ALTER TABLE users RENAME COLUMN handle TO nickname;
