-- Revision ID: e00000000003
-- Revises: e00000000002
-- Create Date: 2026-11-25 12:00:03.000000
-- Message: three fails
-- Branch Labels: 
-- Depends On: 

-- upgrade
CREATE TABLE t3 (id INTEGER PRIMARY KEY);
INSERT INTO t3 (id) VALUES (1);
INSERT INTO no_such_table (id) VALUES (1);

-- downgrade
DROP TABLE t3;
