-- Revision ID: d0000000010
-- Revises: d0000000009
-- Create Date: 2026-11-29 12:10:00.000000
-- Message: one active flag: drop the integer copy
-- Branch Labels: 
-- Depends On: 

-- upgrade
UPDATE customer SET activebool = (active = 1);
ALTER TABLE customer DROP COLUMN active;

-- downgrade
ALTER TABLE customer ADD COLUMN active INTEGER;
UPDATE customer SET active = CASE WHEN activebool THEN 1 ELSE 0 END;
