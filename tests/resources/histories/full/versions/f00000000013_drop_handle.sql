-- Revision ID: f00000000013
-- Revises: f00000000012
-- Create Date: 2026-11-25 12:00:13.000000
-- Message: drop handle
-- Branch Labels: 
-- Depends On: 

-- upgrade
ALTER TABLE users DROP COLUMN handle;

-- downgrade
ALTER TABLE users ADD COLUMN handle VARCHAR(30) DEFAULT 'none';
