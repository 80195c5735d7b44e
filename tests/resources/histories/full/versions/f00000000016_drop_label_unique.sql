-- Revision ID: f00000000016
-- Revises: f00000000015
-- Create Date: 2026-11-25 12:00:16.000000
-- Message: drop label unique
-- Branch Labels: 
-- Depends On: 

-- upgrade
ALTER TABLE labels DROP CONSTRAINT uq_tags_label;

-- downgrade
ALTER TABLE labels ADD CONSTRAINT uq_tags_label UNIQUE (label);
