-- Revision ID: t0000000012
-- Revises: t0000000011
-- Create Date: 2026-11-29 12:12:00.000000
-- Message: parameter values up to 8000 characters
-- Branch Labels: 
-- Depends On: 

-- upgrade
ALTER TABLE params ALTER COLUMN value TYPE VARCHAR(8000);
INSERT INTO params ("key", value, run_uuid) VALUES ('notes', 'x', 'a1b2c3d4e5f60718293a4b5c6d7e8f90');

-- downgrade
DELETE FROM params WHERE "key" = 'notes';
ALTER TABLE params ALTER COLUMN value TYPE VARCHAR(250);
