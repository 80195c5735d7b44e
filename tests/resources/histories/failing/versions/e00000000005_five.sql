-- Revision ID: e00000000005
-- Revises: e00000000004
-- Create Date: 2026-11-25 12:00:05.000000
-- Message: five
-- Branch Labels: 
-- Depends On: 

-- upgrade
CREATE TABLE t5 (id INTEGER PRIMARY KEY);

-- downgrade
DROP TABLE t5;
