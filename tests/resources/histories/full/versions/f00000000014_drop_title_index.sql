-- Revision ID: f00000000014
-- Revises: f00000000013
-- Create Date: 2026-11-25 12:00:14.000000
-- Message: drop title index
-- Branch Labels: 
-- Depends On: 

-- upgrade
DROP INDEX ix_posts_title;

-- downgrade
CREATE INDEX ix_posts_title ON posts (title);
