-- Revision ID: e00000000001
-- Revises: 
-- Create Date: 2026-11-25 12:00:01.000000
-- Message: one
-- Branch Labels: 
-- Depends On: 

-- upgrade
CREATE TABLE t1 (id INTEGER PRIMARY KEY);

-- downgrade
DROP TABLE t1;
