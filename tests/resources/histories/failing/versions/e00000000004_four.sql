-- Revision ID: e00000000004
-- Revises: e00000000003
-- Create Date: 2026-11-25 12:00:04.000000
-- Message: four
-- Branch Labels: 
-- Depends On: 

-- upgrade
CREATE TABLE t4 (id INTEGER PRIMARY KEY);

-- downgrade
DROP TABLE t4;
