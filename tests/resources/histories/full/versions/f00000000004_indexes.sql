-- Revision ID: f00000000004
-- Revises: f00000000003
-- Create Date: 2026-11-25 12:00:04.000000
-- Message: indexes
-- Branch Labels: 
-- Depends On: 

-- upgrade
CREATE INDEX ix_posts_title ON posts (title);
CREATE UNIQUE INDEX ux_posts_user_title ON posts (user_id, title);

-- downgrade
DROP INDEX ux_posts_user_title;
DROP INDEX ix_posts_title;
