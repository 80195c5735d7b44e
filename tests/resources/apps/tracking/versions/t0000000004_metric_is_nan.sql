-- Revision ID: t0000000004
-- Revises: t0000000003
-- Create Date: 2026-11-29 12:04:00.000000
-- Message: NaN is stored as a flag
-- Branch Labels: 
-- Depends On: 

-- upgrade
ALTER TABLE metrics ADD COLUMN is_nan BOOLEAN NOT NULL DEFAULT '0';

-- downgrade
ALTER TABLE metrics DROP COLUMN is_nan;
