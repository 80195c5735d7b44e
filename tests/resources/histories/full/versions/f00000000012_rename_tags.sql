-- Revision ID: f00000000012
-- Revises: f00000000011
-- Create Date: 2026-11-25 12:00:12.000000
-- Message: rename tags
-- Branch Labels: 
-- Depends On: 

-- upgrade
ALTER TABLE tags RENAME TO labels;

-- downgrade
ALTER TABLE labels RENAME TO tags;
