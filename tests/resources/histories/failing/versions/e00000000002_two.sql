-- Revision ID: e00000000002
-- Revises: e00000000001
-- Create Date: 2026-11-25 12:00:02.000000
-- Message: two
-- Branch Labels: 
-- Depends On: 

-- upgrade
CREATE TABLE t2 (id INTEGER PRIMARY KEY);

-- downgrade
DROP TABLE t2;
